"""A protocol officer plans and publishes the programme; a delegation subscribes to it."""

import icalendar
import pytest
from playwright.sync_api import expect

from parley.scheduling.models import ProgrammeVersion

from ..scheduling.conftest import plan  # noqa: F401 (the fixture, shared with the scheduling tests)
from .conftest import browser_sign_in

pytestmark = pytest.mark.e2e


def test_programme_is_planned_published_and_read_by_a_calendar_app(page, plan):  # noqa: F811
    programme = f"/p/{plan.process.pk}/programme/"
    browser_sign_in(page, "protocol")
    page.goto(programme)
    page.get_by_label("Time limit (seconds)").fill("1")
    page.get_by_role("button", name="Solve").click()
    expect(page.get_by_role("heading", name="0 meetings could not be placed")).to_be_visible()
    page.get_by_role("button", name="Publish as version 1").click()
    expect(page.locator("main")).to_contain_text("Version 1 of the programme is published.")
    assert ProgrammeVersion.objects.get().entries.count() == 5
    page.get_by_role("button", name="Sign out").click()

    browser_sign_in(page, "north-staff")
    page.goto(programme)
    page.get_by_role("link", name="Subscribe in a calendar app").click()
    page.get_by_label("Calendar").select_option(label="Delegation of Northland")
    page.get_by_role("button", name="Make a subscription address").click()
    address = page.get_by_label("Subscription address").input_value()

    # The calendar app: no session, no cookies, only the address.
    calendar_app = page.context.browser.new_context()
    response = calendar_app.request.get(address)
    assert response.status == 200
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(
        ["Border working group", "Senior bilateral", "Leaders' meeting", "Northland caucus"]
    )
    calendar_app.close()
