import pytest
from playwright.sync_api import expect

from parley.texts.actions import text_import
from parley.texts.models import NegotiatingText

from .conftest import browser_sign_in

pytestmark = pytest.mark.e2e

DRAFT = "# Article 1\n\n1. The Parties [shall][should] respect the line of [contact].\n"


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_bracket_lifts_in_the_browser_only_when_both_parties_accept(page, talks):
    text_import(actor=talks.actor("north_negotiator"), item=talks.item, body=DRAFT)
    text_url = f"/p/{talks.process.pk}/agenda/{talks.item.pk}/text/"

    browser_sign_in(page, "north-negotiator")
    page.goto(text_url)
    page.get_by_label("The proposal").select_option("choose")
    page.get_by_label("Quoted text").fill("[shall][should]")
    page.get_by_label("New text, chosen alternative or status").fill("shall")
    page.get_by_role("button", name="Table now").click()
    page.get_by_role("button", name="Accept for my party").click()
    expect(page.get_by_role("button", name="Accept for my party")).to_have_count(0)
    assert NegotiatingText.objects.get().current_number == 1
    _sign_out(page)

    browser_sign_in(page, "south-negotiator")
    page.goto(text_url)
    page.get_by_role("button", name="Accept for my party").click()
    expect(page.locator("main")).to_contain_text("The Parties shall respect")
    text = NegotiatingText.objects.get()
    assert (text.current_number, text.open_brackets) == (2, 1)
