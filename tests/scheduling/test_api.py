"""The programme over the API: every role of the process reads the published version."""

from ..conftest import sign_in


def test_a_party_reads_the_published_programme(client, plan, published):
    sign_in(client, plan.talks.users["south_staff"])
    body = client.get(f"/api/processes/{plan.process.pk}/programme").json()
    assert (body["version"], body["time_zone"]) == (1, "Europe/Vienna")
    assert sorted(e["title"] for e in body["entries"]) == sorted(
        m.title for m in plan.meetings.values()
    )
    assert {c["kind"] for c in body["changes"]} == {"added"}


def test_before_any_version_the_programme_is_empty(client, plan):
    sign_in(client, plan.talks.users["coordinator"])
    body = client.get(f"/api/processes/{plan.process.pk}/programme").json()
    assert body == {
        "version": None,
        "published_at": None,
        "time_zone": "Europe/Vienna",
        "entries": [],
        "changes": [],
    }


def test_an_unknown_version_is_not_found(client, plan, published):
    sign_in(client, plan.talks.users["north_head"])
    response = client.get(f"/api/processes/{plan.process.pk}/programme?version=7")
    assert response.status_code == 404
