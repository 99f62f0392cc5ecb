import datetime as dt
import re
from html import unescape

import pytest

from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks import actions as talks_actions
from parley.talks.models import (
    AgendaItem,
    AgendaLink,
    CeasefireDeclaration,
    GateSetting,
    Position,
)

from ..conftest import sign_in
from ..factories import AgendaItemFactory, MeetingFactory, TextVersionFactory


def test_host_dashboard_shows_logistics_and_no_substance(client, talks):
    MeetingFactory(process=talks.process, title="Expert group on borders")
    sign_in(client, talks.users["services"])
    page = client.get(f"/p/{talks.process.pk}/").content.decode()
    assert "Leaders&#x27; Hall" in page
    assert "Expert group on borders" in page
    assert "Northland" in page
    assert "Border" not in page.replace("borders", "")  # the agenda item title is substance
    assert "Issue map" not in page


def test_party_dashboard_shows_its_delegation_and_the_issue_map_link(client, talks):
    sign_in(client, talks.users["north_staff"])
    page = client.get(f"/p/{talks.process.pk}/").content.decode()
    assert "Your delegation" in page
    assert "Northland 1" in page
    assert "Southland 1" not in page
    assert f"/p/{talks.process.pk}/agenda/" in page


def test_issue_map_shows_categories_key_items_and_links(client, talks):
    sign_in(client, talks.users["south_negotiator"])
    page = client.get(f"/p/{talks.process.pk}/agenda/").content.decode()
    assert "Territorial" in page
    assert "Historical" in page
    assert 'class="badge key"' in page
    assert "2. Archives" in page


def test_reading_the_issue_map_is_audited(client, talks):
    sign_in(client, talks.users["south_negotiator"])
    client.get(f"/p/{talks.process.pk}/agenda/")
    assert list(AuditEvent.objects.values_list("action", "actor", "party", "decision")) == [
        ("agenda.read", "south-negotiator", "south", "allowed")
    ]


def test_host_asking_for_substance_is_refused_and_audited(client, talks):
    sign_in(client, talks.users["protocol"])
    assert client.get(f"/p/{talks.process.pk}/agenda/{talks.item.pk}/").status_code == 404
    assert list(AuditEvent.objects.values_list("action", "actor", "decision")) == [
        ("agenda_item.read", "protocol", "denied")
    ]


def test_host_reads_the_issue_map_once_every_party_shares(client, talks):
    for head in ("north_head", "south_head"):
        talks_actions.share_grant(actor=talks.actor(head), process=talks.process)
    sign_in(client, talks.users["coordinator"])
    assert client.get(f"/p/{talks.process.pk}/agenda/").status_code == 200


def test_host_never_sees_a_partys_position_even_when_shared(client, talks):
    actions.position_save(actor=talks.actor("north_head"), item=talks.item, body="Our red line")
    for head in ("north_head", "south_head"):
        talks_actions.share_grant(actor=talks.actor(head), process=talks.process)
    sign_in(client, talks.users["coordinator"])
    page = client.get(f"/p/{talks.process.pk}/agenda/{talks.item.pk}/").content.decode()
    assert "Our red line" not in page


def test_party_never_sees_another_partys_position(client, talks):
    actions.position_save(actor=talks.actor("north_head"), item=talks.item, body="North only")
    sign_in(client, talks.users["south_head"])
    page = client.get(f"/p/{talks.process.pk}/agenda/{talks.item.pk}/").content.decode()
    assert "North only" not in page
    sign_in(client, talks.users["north_staff"])
    page = client.get(f"/p/{talks.process.pk}/agenda/{talks.item.pk}/").content.decode()
    assert "North only" in page


def test_position_form_saves_and_redirects(client, talks):
    sign_in(client, talks.users["south_staff"])
    url = f"/p/{talks.process.pk}/agenda/{talks.item.pk}/position/"
    response = client.post(url, {"body": "Southern view"})
    assert response.status_code == 302
    assert Position.objects.get().body == "Southern view"


def test_share_form_of_a_head_of_delegation(client, talks):
    sign_in(client, talks.users["north_head"])
    client.post(f"/p/{talks.process.pk}/sharing/", {"share": "grant"})
    page = client.get(f"/p/{talks.process.pk}/").content.decode()
    assert "Withdraw consent" in page


def test_issue_map_costs_the_same_queries_however_many_items(client, talks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import AgendaItemFactory

    sign_in(client, talks.users["north_head"])
    url = f"/p/{talks.process.pk}/agenda/"
    client.get(url)
    with CaptureQueriesContext(connection) as two_items:
        client.get(url)
    for number in range(3, 13):
        AgendaItemFactory(process=talks.process, number=number)
    with CaptureQueriesContext(connection) as twelve_items:
        client.get(url)
    assert len(twelve_items) == len(two_items)


# Readiness, the issue map as a picture, convergence


SECRET_TITLE = "Status of the northern lakes"
SECRET_TEXT = "1. The lakes [shall][should] be shared [equally].\n\n2. [Fishing rights - NORTH]\n"


@pytest.fixture
def contested(talks):
    """The key item has a text with 4 open brackets on 2 paragraphs; its title is distinctive."""
    talks.item.title = SECRET_TITLE
    talks.item.save()
    TextVersionFactory(text__item=talks.item, body=SECRET_TEXT)
    return talks


def _main(html: str) -> str:
    """The visible text of the page's <main>, tags stripped."""
    main = html[html.index("<main") : html.index("</main>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize("who", ["coordinator", "services", "protocol"])
def test_host_readiness_page_shows_pass_or_fail_and_no_substance(client, contested, who):
    sign_in(client, contested.users[who])
    response = client.get(f"/p/{contested.process.pk}/readiness/?level=leader")
    assert response.status_code == 200
    html = response.content.decode()
    text = _main(html)
    assert "Leaders: not yet realistic" in text
    assert "key items: not agreed" in text
    assert re.findall(r"\d", text) == []  # no count of any kind, no date
    assert SECRET_TITLE not in html and "Archives" not in html
    assert "bracket" not in html.lower()
    assert "paragraph" not in html.lower()


def test_party_readiness_page_gives_every_reason(client, contested):
    sign_in(client, contested.users["south_staff"])
    html = client.get(f"/p/{contested.process.pk}/readiness/?level=leader").content.decode()
    assert (
        f"{SECRET_TITLE}: 4 brackets open on 2 paragraphs; linked items: 1 without a text yet;"
        " threshold 0"
    ) in html
    assert "No ceasefire: Northland, Southland declare none; 14 days needed." in html


def test_a_party_reading_the_report_is_audited_the_host_reading_it_is_not(client, contested):
    sign_in(client, contested.users["north_staff"])
    client.get(f"/p/{contested.process.pk}/readiness/?level=senior")
    sign_in(client, contested.users["coordinator"])
    client.get(f"/p/{contested.process.pk}/readiness/?level=senior")
    assert list(AuditEvent.objects.values_list("action", "actor")) == [
        ("readiness.read", "north-staff")
    ]


def test_an_unknown_level_is_a_clear_error(client, talks):
    sign_in(client, talks.users["north_head"])
    response = client.get(f"/p/{talks.process.pk}/readiness/?level=emperor")
    assert response.status_code == 400
    assert "There is no readiness report for that level" in response.content.decode()


def test_a_head_declares_the_ceasefire_through_the_form(client, talks):
    sign_in(client, talks.users["south_head"])
    response = client.post(
        f"/p/{talks.process.pk}/ceasefire/declare/",
        {"status": "holding", "holding_since": "2026-01-05", "reference": "Order no. 12"},
    )
    assert response.status_code == 302
    page = client.get(f"/p/{talks.process.pk}/ceasefire/").content.decode()
    assert "Order no. 12" in page
    assert CeasefireDeclaration.objects.get().holding_since == dt.date(2026, 1, 5)


def test_a_malformed_date_is_refused_and_nothing_declared(client, talks):
    sign_in(client, talks.users["south_head"])
    response = client.post(
        f"/p/{talks.process.pk}/ceasefire/declare/", {"status": "holding", "holding_since": "5 Jan"}
    )
    assert response.status_code == 302
    assert CeasefireDeclaration.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "The date is written YYYY-MM-DD." in page


def test_heads_agree_a_gate_setting_through_the_forms(client, talks):
    sign_in(client, talks.users["north_head"])
    client.post(
        f"/p/{talks.process.pk}/readiness/gates/",
        {"level": "leader", "gate": "key_items", "required": "yes", "threshold": "3"},
    )
    setting = GateSetting.objects.get()
    sign_in(client, talks.users["south_head"])
    page = client.get(f"/p/{talks.process.pk}/readiness/?level=leader").content.decode()
    assert "Northland proposes:" in page
    client.post(f"/p/{talks.process.pk}/readiness/gates/{setting.pk}/accept/")
    page = client.get(f"/p/{talks.process.pk}/readiness/?level=leader").content.decode()
    assert "at most 3 open brackets per key item" in page


def test_a_head_overrides_through_the_form_and_the_report_says_who_has(client, talks):
    sign_in(client, talks.users["north_head"])
    client.post(
        f"/p/{talks.process.pk}/readiness/override/", {"level": "minister", "overriding": "yes"}
    )
    page = client.get(f"/p/{talks.process.pk}/readiness/?level=minister").content.decode()
    assert "Overridden so far by: north" in page
    assert "Withdraw my party's override" in page


def test_issue_map_draws_one_node_per_item_and_one_edge_per_link(client, talks):
    third = AgendaItemFactory(process=talks.process, number=3, title="Water", category="economic")
    third.links_out.create(target=talks.item)
    sign_in(client, talks.users["north_head"])
    html = client.get(f"/p/{talks.process.pk}/agenda/").content.decode()
    assert sorted(map(int, re.findall(r'data-node="(\d+)"', html))) == sorted(
        AgendaItem.objects.filter(process=talks.process).values_list("pk", flat=True)
    )
    assert sorted(re.findall(r'data-edge="(\d+-\d+)"', html)) == sorted(
        f"{s}-{t}" for s, t in AgendaLink.objects.values_list("source_id", "target_id")
    )


def test_the_issue_map_lists_links_both_ways(client, talks):
    sign_in(client, talks.users["north_head"])
    archives = talks.item.links_out.get().target
    table = client.get(f"/p/{talks.process.pk}/agenda/").content.decode().split("<table")[1]
    border_row, archives_row = table.split("<tr>")[2:4]
    assert "2. Archives" in border_row  # links to
    assert "1. Border" in archives_row  # linked from
    item_page = client.get(f"/p/{talks.process.pk}/agenda/{archives.pk}/").content.decode()
    assert "Linked from" in item_page and "1. Border" in item_page


def test_convergence_table_holds_every_version_with_its_count(client, talks):
    version = TextVersionFactory(text__item=talks.item, body=SECRET_TEXT)
    TextVersionFactory(text=version.text, body="1. The lakes shall be shared [equally].\n")
    sign_in(client, talks.users["north_staff"])
    html = client.get(f"/p/{talks.process.pk}/convergence/").content.decode()
    rows = re.findall(
        r'<tr data-series="item-\d+" data-version="(\d+)" data-brackets="(\d+)"', html
    )
    assert rows == [("1", "4"), ("2", "1")]


def test_party_dashboard_shows_the_distance_to_agreement(client, contested):
    sign_in(client, contested.users["north_staff"])
    html = client.get(f"/p/{contested.process.pk}/").content.decode()
    assert "Distance to agreement" in html
    assert "<strong>4 open brackets</strong> in the whole process" in html


def test_host_dashboard_shows_only_the_verdicts(client, contested):
    sign_in(client, contested.users["coordinator"])
    html = client.get(f"/p/{contested.process.pk}/").content.decode()
    assert "Senior officials</a>: not yet realistic" in html
    assert SECRET_TITLE not in html
    assert "Distance to agreement" not in html
