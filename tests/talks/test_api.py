import json

import pytest

from ..conftest import sign_in
from ..factories import MeetingFactory, TextVersionFactory


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


def test_the_agenda_lists_links_both_ways(client, talks):
    sign_in(client, talks.users["south_staff"])
    border, archives = client.get(f"/api/processes/{talks.process.pk}/agenda").json()
    assert (border["linked_to"], border["linked_from"]) == ([archives["id"]], [])
    assert (archives["linked_to"], archives["linked_from"]) == ([], [border["id"]])


@pytest.mark.parametrize("who", ["coordinator", "services", "protocol"])
def test_host_reads_the_readiness_verdict_and_gates_with_exactly_these_keys(client, talks, who):
    TextVersionFactory(text__item=talks.item)  # the key item has open brackets
    sign_in(client, talks.users[who])
    report = client.get(f"/api/processes/{talks.process.pk}/readiness?level=leader").json()
    assert set(report) == {"process", "level", "verdict", "overridden", "gates"}
    assert [set(gate) for gate in report["gates"]] == [{"gate", "passed", "reason"}] * 4
    assert report["verdict"] == "not_yet_realistic"
    assert report["gates"][1] == {
        "gate": "key_items",
        "passed": False,
        "reason": "key items: not agreed",
    }
    assert "Border" not in json.dumps(report)


def test_party_reads_the_whole_readiness_report(client, talks):
    TextVersionFactory(text__item=talks.item)
    sign_in(client, talks.users["north_negotiator"])
    report = client.get(f"/api/processes/{talks.process.pk}/readiness?level=minister").json()
    assert set(report) == {"process", "level", "verdict", "overridden", "overridden_by", "gates"}
    key_items = report["gates"][1]
    assert set(key_items) == {
        "gate",
        "passed",
        "required",
        "threshold",
        "reason",
        "reasons",
        "details",
    }
    assert key_items["reasons"] == [
        "Border: 3 brackets open on 1 paragraph; linked items: 1 without a text yet; threshold 10"
    ]


def test_readiness_of_an_unknown_level_is_refused_with_the_allowed_ones(client, talks):
    sign_in(client, talks.users["north_negotiator"])
    response = client.get(f"/api/processes/{talks.process.pk}/readiness?level=expert")
    assert response.status_code == 422
    assert "leader" in response.content.decode()


def test_readiness_of_another_process_answers_like_a_missing_one(client, talks, outsider):
    sign_in(client, outsider)
    forbidden = client.get(f"/api/processes/{talks.process.pk}/readiness?level=leader")
    missing = client.get("/api/processes/424242/readiness?level=leader")
    assert (forbidden.status_code, forbidden.content) == (404, missing.content)
