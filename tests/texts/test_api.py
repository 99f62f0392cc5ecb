"""The texts API: the current version, versions, proposals; 409 with the current version when a
proposal amends an older one; every refusal answers like a missing object."""

import pytest

from parley.texts import actions
from parley.texts.models import Proposal, ProposalStatus, TextVersion

from ..conftest import sign_in
from .conftest import BODY
from .engine.strategies import DEEP, DEEPLY_NESTED

INSERT_CLOSELY = {"kind": "insert", "paragraph": "1", "target": "cooperate", "text": "closely"}
LIFT_ANNUALLY = {"kind": "lift", "target": "[annually]"}


def _as(client, talks, who: str):
    sign_in(client, talks.users[who])
    return client


def _post(client, url: str, payload: dict | None = None):
    return client.post(url, payload or {}, content_type="application/json")


def test_text_detail_returns_the_current_version(client, talks, version):
    response = _as(client, talks, "south_staff").get(f"/api/texts/{talks.item.pk}")
    assert (response.status_code, response.json()) == (
        200,
        {"item": talks.item.pk, "current_version": 1, "brackets": 3, "body": BODY},
    )


def test_versions_list_newest_first_and_one_version_in_full(client, talks, version):
    actions.proposal_table(
        actor=talks.actor("north_head"),
        proposal=actions.proposal_draft(
            actor=talks.actor("north_head"), item=talks.item, base_number=1, **INSERT_CLOSELY
        ),
    )
    _as(client, talks, "north_staff")
    versions = client.get(f"/api/texts/{talks.item.pk}/versions").json()
    assert [(v["number"], v["brackets"], v["party"]) for v in versions] == [
        (2, 4, "north"),
        (1, 3, "north"),
    ]
    first = client.get(f"/api/texts/{talks.item.pk}/versions/1").json()
    assert first["body"] == BODY


def test_table_a_proposal_applies_an_additive_one(client, talks, version):
    response = _post(
        _as(client, talks, "south_negotiator"),
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, **INSERT_CLOSELY},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["result_version"], body["party"]) == ("applied", 2, "south")


def test_table_against_a_stale_version_answers_409_with_the_current_version(client, talks, version):
    _post(
        _as(client, talks, "north_negotiator"),
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, **INSERT_CLOSELY},
    )
    current = TextVersion.objects.get(number=2)
    response = _post(
        _as(client, talks, "south_negotiator"),
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, **LIFT_ANNUALLY},
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Version 1 is no longer current: version 2 is. Nothing was changed; "
        "amend the current version instead.",
        "current_version": 2,
        "body": current.body,
        "brackets": 4,
    }
    assert TextVersion.objects.count() == 2


def test_a_draft_kept_when_tabling_fails_is_named_in_the_409(client, talks, version):
    _as(client, talks, "south_negotiator")
    draft = _post(
        client,
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, "table": False, **LIFT_ANNUALLY},
    ).json()
    assert draft["status"] == "draft"
    actions.proposal_table(
        actor=talks.actor("north_head"),
        proposal=actions.proposal_draft(
            actor=talks.actor("north_head"), item=talks.item, base_number=1, **INSERT_CLOSELY
        ),
    )
    response = _post(client, f"/api/texts/proposals/{draft['id']}/table")
    assert (response.status_code, response.json()["current_version"]) == (409, 2)
    assert Proposal.objects.get(pk=draft["id"]).status == ProposalStatus.DRAFT


def test_accept_by_every_party_lifts_the_bracket(client, talks, version):
    lift = _post(
        _as(client, talks, "north_head"),
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, **LIFT_ANNUALLY},
    ).json()
    assert (lift["status"], lift["needs_consent"]) == ("tabled", True)
    first = _post(client, f"/api/texts/proposals/{lift['id']}/accept").json()
    assert (first["status"], first["accepted_by"]) == ("tabled", ["north"])
    last = _post(
        _as(client, talks, "south_negotiator"), f"/api/texts/proposals/{lift['id']}/accept"
    ).json()
    assert (last["status"], last["result_version"], last["accepted_by"]) == (
        "applied",
        2,
        ["north", "south"],
    )
    assert client.get(f"/api/texts/{talks.item.pk}").json()["brackets"] == 2


def test_accepting_twice_answers_409(client, talks, version):
    lift = _post(
        _as(client, talks, "north_head"),
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, **LIFT_ANNUALLY},
    ).json()
    _post(client, f"/api/texts/proposals/{lift['id']}/accept")
    again = _post(client, f"/api/texts/proposals/{lift['id']}/accept")
    assert (again.status_code, again.json()["detail"]) == (
        409,
        "Your party has already accepted this proposal.",
    )


def test_withdraw_through_the_api(client, talks, version):
    lift = _post(
        _as(client, talks, "north_head"),
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, **LIFT_ANNUALLY},
    ).json()
    response = _post(client, f"/api/texts/proposals/{lift['id']}/withdraw")
    assert response.json()["status"] == "withdrawn"


def _routes(talks, draft: Proposal, tabled: Proposal) -> list[tuple[str, str, str]]:
    """(method, URL of the real object, URL of a missing one) for every texts API route."""
    item, missing = talks.item.pk, 987654
    return [
        ("get", f"/api/texts/{item}", f"/api/texts/{missing}"),
        ("get", f"/api/texts/{item}/versions", f"/api/texts/{missing}/versions"),
        ("get", f"/api/texts/{item}/versions/1", f"/api/texts/{missing}/versions/1"),
        ("get", f"/api/texts/{item}/proposals", f"/api/texts/{missing}/proposals"),
        ("post", f"/api/texts/{item}/proposals", f"/api/texts/{missing}/proposals"),
        *[
            (
                "post",
                f"/api/texts/proposals/{p.pk}/{verb}",
                f"/api/texts/proposals/{missing}/{verb}",
            )
            for p, verb in ((draft, "table"), (tabled, "accept"), (tabled, "withdraw"))
        ],
    ]


@pytest.mark.parametrize("who", ["coordinator", "services", "protocol"])
def test_host_gets_the_missing_answer_on_every_texts_route(client, talks, version, who):
    draft = actions.proposal_draft(
        actor=talks.actor("north_head"), item=talks.item, base_number=1, **INSERT_CLOSELY
    )
    tabled = actions.proposal_table(
        actor=talks.actor("north_head"),
        proposal=actions.proposal_draft(
            actor=talks.actor("north_head"), item=talks.item, base_number=1, **LIFT_ANNUALLY
        ),
    )
    _as(client, talks, who)
    for method, url, missing_url in _routes(talks, draft, tabled):
        payload = {"base_version": 1, **LIFT_ANNUALLY}
        if method == "get":
            forbidden, missing = client.get(url), client.get(missing_url)
        else:
            forbidden, missing = _post(client, url, payload), _post(client, missing_url, payload)
        assert (url, forbidden.status_code, forbidden.json()) == (
            url,
            404,
            {"detail": "Not found."},
        )
        assert forbidden.content == missing.content
    assert TextVersion.objects.count() == 1


def test_another_party_never_sees_or_tables_a_draft(client, talks, version):
    draft = actions.proposal_draft(
        actor=talks.actor("north_head"), item=talks.item, base_number=1, **LIFT_ANNUALLY
    )
    _as(client, talks, "south_head")
    assert client.get(f"/api/texts/{talks.item.pk}/proposals").json() == []
    response = _post(client, f"/api/texts/proposals/{draft.pk}/table")
    missing = _post(client, "/api/texts/proposals/987654/table")
    assert (response.status_code, response.content) == (404, missing.content)
    north = _as(client, talks, "north_staff").get(f"/api/texts/{talks.item.pk}/proposals").json()
    assert [(p["id"], p["status"]) for p in north] == [(draft.pk, "draft")]


def test_proposals_of_200000_nested_brackets_through_the_api(client, talks, version):
    _as(client, talks, "south_negotiator")
    whole = _post(
        client,
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 1, "kind": "whole", "text": DEEPLY_NESTED},
    )
    assert (whole.status_code, whole.json()["status"]) == (201, "tabled")
    proposal = Proposal.objects.get(pk=whole.json()["id"])
    actions.proposal_accept(actor=talks.actor("north_head"), proposal=proposal)
    _as(client, talks, "south_head")
    accepted = _post(client, f"/api/texts/proposals/{proposal.pk}/accept")
    assert (accepted.status_code, accepted.json()["result_version"]) == (200, 2)
    insert = _post(
        client,
        f"/api/texts/{talks.item.pk}/proposals",
        {"base_version": 2, "kind": "insert", "target": "x", "text": "closely"},
    )
    assert (insert.status_code, insert.json()["status"]) == (201, "applied")
    detail = client.get(f"/api/texts/{talks.item.pk}").json()
    assert (detail["current_version"], detail["brackets"]) == (3, DEEP + 1)
