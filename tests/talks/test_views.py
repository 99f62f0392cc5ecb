from parley.core.models import AuditEvent
from parley.talks import actions
from parley.talks import actions as talks_actions
from parley.talks.models import Position

from ..conftest import sign_in
from ..factories import MeetingFactory


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
