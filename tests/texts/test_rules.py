"""Who sees a proposal, over every life cycle it can have.

A proposal is joint substance only once it has been tabled; what became of it afterwards
(applied, withdrawn) does not hide it again, and a draft withdrawn before it was ever tabled
stays its own party's alone. The host sees joint substance only while every party consents.
"""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.core.errors import Conflict, NotFound
from parley.talks.actions import share_grant, share_revoke
from parley.texts import actions, queries, rules
from parley.texts.models import Proposal

from ..conftest import Talks, rolled_back, sign_in
from .conftest import BODY

# One amendment that waits for every party, one that applies the moment it is tabled.
AMENDMENTS = {
    "lift": {"kind": "lift", "target": "[annually]"},
    "insert": {"kind": "insert", "paragraph": "1", "target": "cooperate", "text": "closely"},
    "whole": {"kind": "whole", "text": "# Article 1\n\n1. The Parties cooperate.\n"},
}
STEPS = st.lists(
    st.sampled_from(
        [
            ("table", "north_negotiator"),
            ("withdraw", "north_negotiator"),
            ("accept", "north_head"),
            ("accept", "south_negotiator"),
        ]
    ),
    max_size=5,
)
VIEWERS = ("north_staff", "south_staff", "coordinator")


@dataclass
class Seen:
    """What each viewer sees of the proposal, read through every query that shows it."""

    by_id: dict[str, bool]
    in_list: dict[str, bool]


def _sees(talks: Talks, proposal: Proposal) -> Seen:
    by_id, in_list = {}, {}
    for viewer in VIEWERS:
        actor = talks.actor(viewer)
        try:
            queries.proposal_for(actor=actor, pk=proposal.pk, action="proposal.read")
            by_id[viewer] = True
        except NotFound:
            by_id[viewer] = False
        in_list[viewer] = (
            rules.can_read_text(actor, talks.process.pk)
            and queries.proposals_of(actor=actor, text=proposal.text)
            .filter(pk=proposal.pk)
            .exists()
        )
    return Seen(by_id=by_id, in_list=in_list)


def _step(talks: Talks, proposal: Proposal, step: str, who: str) -> None:
    act = {
        "table": actions.proposal_table,
        "withdraw": actions.proposal_withdraw,
        "accept": actions.proposal_accept,
    }[step]
    try:
        act(actor=talks.actor(who), proposal=proposal)
    except (Conflict, NotFound):
        pass  # a step that makes no sense in this state, or for this party, changes nothing


@pytest.fixture
def imported(talks):
    return actions.text_import(actor=talks.actor("north_negotiator"), item=talks.item, body=BODY)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(amendment=st.sampled_from(sorted(AMENDMENTS)), steps=STEPS)
def test_proposal_is_seen_by_others_only_once_tabled_whatever_follows(
    talks, imported, amendment, steps
):
    with rolled_back():
        proposal = actions.proposal_draft(
            actor=talks.actor("north_negotiator"),
            item=talks.item,
            base_number=1,
            **AMENDMENTS[amendment],
        )
        for step, who in steps:
            _step(talks, proposal, step, who)
        proposal.refresh_from_db()
        tabled = proposal.was_tabled

        without_consent = _sees(talks, proposal)
        for head in ("north_head", "south_head"):
            share_grant(actor=talks.actor(head), process=talks.process)
        with_consent = _sees(talks, proposal)

        own_and_other = {"north_staff": True, "south_staff": tabled}
        assert without_consent.by_id == {**own_and_other, "coordinator": False}
        assert without_consent.in_list == {**own_and_other, "coordinator": False}
        assert with_consent.by_id == {**own_and_other, "coordinator": tabled}
        assert with_consent.in_list == {**own_and_other, "coordinator": tabled}


def test_draft_withdrawn_before_tabling_stays_with_its_party(talks, imported):
    proposal = actions.proposal_draft(
        actor=talks.actor("north_negotiator"), item=talks.item, base_number=1, **AMENDMENTS["lift"]
    )
    actions.proposal_withdraw(actor=talks.actor("north_negotiator"), proposal=proposal)
    for head in ("north_head", "south_head"):
        share_grant(actor=talks.actor(head), process=talks.process)
    assert _sees(talks, proposal).by_id == {
        "north_staff": True,
        "south_staff": False,
        "coordinator": False,
    }


def test_whole_text_draft_withdrawn_is_not_in_the_other_partys_api_list(client, talks, imported):
    proposal = actions.proposal_draft(
        actor=talks.actor("north_head"), item=talks.item, base_number=1, **AMENDMENTS["whole"]
    )
    actions.proposal_withdraw(actor=talks.actor("north_head"), proposal=proposal)
    sign_in(client, talks.users["south_negotiator"])
    listed = client.get(f"/api/texts/{talks.item.pk}/proposals").json()
    assert [p["id"] for p in listed] == []
    missing = client.get("/api/texts/proposals/987654")
    forbidden = client.get(f"/api/texts/proposals/{proposal.pk}")
    assert (forbidden.status_code, forbidden.content) == (missing.status_code, missing.content)


def test_withdrawn_after_tabling_stays_visible_to_every_party(talks, imported):
    proposal = actions.proposal_draft(
        actor=talks.actor("north_negotiator"), item=talks.item, base_number=1, **AMENDMENTS["lift"]
    )
    actions.proposal_table(actor=talks.actor("north_negotiator"), proposal=proposal)
    actions.proposal_withdraw(actor=talks.actor("north_negotiator"), proposal=proposal)
    share_revoke(actor=talks.actor("north_head"), process=talks.process)
    assert _sees(talks, proposal).by_id == {
        "north_staff": True,
        "south_staff": True,
        "coordinator": False,
    }


# The buttons a page shows and what the actions accept are one rule.

ACTS = {
    "table": (actions.proposal_table, rules.can_table),
    "accept": (actions.proposal_accept, rules.can_accept),
    "withdraw": (actions.proposal_withdraw, rules.can_withdraw),
}
ACTORS = ("north_negotiator", "north_staff", "south_head", "south_negotiator", "coordinator")
# Southland amends the text meanwhile: an addition applies at once, so the proposal goes stale.
ADVANCE = {"kind": "insert", "paragraph": "2", "target": "report", "text": "publicly"}


def _advance(talks: Talks) -> None:
    try:
        text = queries.text_of(item=talks.item)
        draft = actions.proposal_draft(
            actor=talks.actor("south_negotiator"),
            item=talks.item,
            base_number=text.current_number,
            **ADVANCE,
        )
        actions.proposal_table(actor=talks.actor("south_negotiator"), proposal=draft)
    except Conflict:
        pass  # already added: the text has moved on


def _as_the_page_shows_it(talks: Talks, who: str, proposal: Proposal) -> Proposal | None:
    text = queries.text_of(item=talks.item)
    return queries.proposals_of(actor=talks.actor(who), text=text).filter(pk=proposal.pk).first()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    amendment=st.sampled_from(sorted(AMENDMENTS)),
    steps=STEPS,
    advance=st.booleans(),
)
def test_a_button_shows_exactly_when_its_action_would_succeed(
    talks, imported, amendment, steps, advance
):
    with rolled_back():
        proposal = actions.proposal_draft(
            actor=talks.actor("north_negotiator"),
            item=talks.item,
            base_number=1,
            **AMENDMENTS[amendment],
        )
        for step, who in steps:
            _step(talks, proposal, step, who)
        if advance:
            _advance(talks)
        for who in ACTORS:
            shown = _as_the_page_shows_it(talks, who, proposal)
            for act, (action, rule) in ACTS.items():
                offered = shown is not None and rule(talks.actor(who), shown)
                with rolled_back():
                    try:
                        action(actor=talks.actor(who), proposal=proposal)
                        succeeded = True
                    except (Conflict, NotFound):
                        succeeded = False
                assert (who, act, offered) == (who, act, succeeded)
