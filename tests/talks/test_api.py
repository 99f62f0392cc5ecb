from ..conftest import sign_in
from ..factories import MeetingFactory


def test_party_reads_the_agenda_with_its_links(client, talks):
    sign_in(client, talks.users["north_negotiator"])
    response = client.get(f"/api/processes/{talks.process.pk}/agenda")
    assert response.status_code == 200
    border, archives = response.json()
    assert (border["title"], border["key"], border["category"]) == ("Border", True, "territorial")
    assert border["linked_to"] == [archives["id"]]


def test_host_asking_the_api_for_substance_gets_the_missing_answer(client, talks):
    sign_in(client, talks.users["services"])
    forbidden = client.get(f"/api/processes/{talks.process.pk}/agenda")
    missing = client.get("/api/processes/424242/agenda")
    assert (forbidden.status_code, forbidden.json()) == (404, {"detail": "Not found."})
    assert forbidden.content == missing.content


def test_host_reads_the_requested_meetings(client, talks):
    before = MeetingFactory(process=talks.process, title="Experts")
    after = MeetingFactory(process=talks.process, title="Ministers", level="minister")
    after.requires.create(before=before, gap_minutes=60)
    sign_in(client, talks.users["coordinator"])
    meetings = client.get(f"/api/processes/{talks.process.pk}/meetings").json()
    assert [(m["title"], m["after"]) for m in meetings] == [
        ("Experts", []),
        ("Ministers", [before.pk]),
    ]


def test_process_list_holds_only_the_actors_processes(client, talks, outsider):
    sign_in(client, outsider)
    assert [p["title"] for p in client.get("/api/processes").json()] == ["Another process"]
