import pytest
from django.contrib.auth.models import Group

from .conftest import browser_sign_in

pytestmark = pytest.mark.e2e


def test_negotiator_signs_in_and_opens_the_issue_map(page, talks):
    browser_sign_in(page, "north-negotiator")
    page.get_by_role("link", name=talks.process.title).click()
    page.get_by_role("link", name="Open the issue map").click()
    assert page.get_by_role("heading", name="Issue map").is_visible()
    assert page.locator("span.badge.key").count() == 1


def test_host_sees_logistics_but_the_issue_map_is_not_found(page, talks, settings):
    settings.PARLEY_DEMO = True
    talks.users["coordinator"].groups.add(Group.objects.get_or_create(name="demo")[0])
    browser_sign_in(page, "coordinator")
    assert page.get_by_role("status").inner_text().startswith("Demo mode")
    page.get_by_role("link", name=talks.process.title).click()
    assert page.get_by_role("heading", name="Venue and rooms").is_visible()
    response = page.goto(f"/p/{talks.process.pk}/agenda/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Not found").is_visible()
