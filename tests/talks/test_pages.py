"""What every process page shares: the pages the apps above offer, shown to whom their rules
allow, and the dashboard cards they add (talks.pages)."""

import re

import pytest

from ..conftest import ROLE_NAMES, sign_in

LINKS = re.compile(r'<nav aria-label="Logistics"><ul class="inline-links">(.*?)</ul></nav>', re.S)
EVERY_PAGE = [
    "Room bookings",
    "Host services",
    "Accreditation and badges",
    "Check-in at the door",
    "Programme, calendars and print",
]
# Who sees which link, in the order the apps placed them.
OFFERED = {
    "coordinator": EVERY_PAGE,
    "protocol": [
        "Room bookings",
        "Accreditation and badges",
        "Check-in at the door",
        "Programme, calendars and print",
    ],
    "services": ["Room bookings", "Host services", "Programme, calendars and print"],
    **{
        party_role: [
            "Room bookings",
            "Host services",
            "Accreditation and badges",
            "Programme, calendars and print",
        ]
        for party_role in ROLE_NAMES
        if party_role.startswith(("north", "south"))
    },
}


@pytest.mark.parametrize("who", sorted(ROLE_NAMES))
def test_the_dashboard_links_to_the_pages_its_reader_may_open(client, talks, who):
    sign_in(client, talks.users[who])
    page = client.get(f"/p/{talks.process.pk}/").content.decode()
    nav = LINKS.search(page)
    assert re.findall(r">([^<]+)</a>", nav.group(1)) == OFFERED[who]


@pytest.mark.parametrize(("who", "shown"), [("coordinator", True), ("north_head", False)])
def test_the_venues_card_is_on_the_hosts_dashboard_only(client, talks, who, shown):
    sign_in(client, talks.users[who])
    page = client.get(f"/p/{talks.process.pk}/").content.decode()
    assert ("Venue and rooms" in page, "Leaders&#x27; Hall" in page) == (shown, shown)
