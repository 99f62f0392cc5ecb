"""Writes of negotiating texts: consent of every party, stale versions, privacy, audit events."""

import threading

import pytest
from django.db import connection

from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.talks.actions import share_grant
from parley.talks.models import RoleKind
from parley.texts import actions
from parley.texts.models import (
    Acceptance,
    NegotiatingText,
    Note,
    Proposal,
    ProposalStatus,
    TextVersion,
)

from ..conftest import Talks
from ..factories import DelegationFactory, PartyFactory, RoleFactory, UserFactory
from .conftest import BODY, events_since, last_sequence
from .engine.strategies import DEEP, DEEPLY_NESTED

LIFT_ANNUALLY = {"kind": "lift", "target": "[annually]"}
INSERT_CLOSELY = {"kind": "insert", "paragraph": "1", "target": "cooperate", "text": "closely"}


def _draft(talks: Talks, who: str, number: int = 1, **fields) -> Proposal:
    return actions.proposal_draft(
        actor=talks.actor(who), item=talks.item, base_number=number, **fields
    )


def _tabled(talks: Talks, who: str, number: int = 1, **fields) -> Proposal:
    return actions.proposal_table(
        actor=talks.actor(who), proposal=_draft(talks, who, number, **fields)
    )


def _current(talks: Talks) -> TextVersion:
    text = NegotiatingText.objects.get(item=talks.item)
    return text.versions.get(number=text.current_number)


# ------------------------------------------------------------------------------ importing


def test_text_import_makes_the_first_version(talks):
    version = actions.text_import(actor=talks.actor("south_head"), item=talks.item, body=BODY)
    assert (version.number, version.brackets, version.party, version.body) == (
        1,
        3,
        talks.south,
        BODY,
    )
    assert (version.text.current_number, version.text.open_brackets) == (1, 3)


def test_text_import_over_an_existing_version_is_a_conflict_with_the_current_one(talks, version):
    with pytest.raises(Conflict) as refused:
        actions.text_import(actor=talks.actor("south_head"), item=talks.item, body="1. Mine.")
    assert refused.value.detail == {"current_version": 1, "body": BODY, "brackets": 3}
    assert TextVersion.objects.count() == 1


def test_text_import_of_an_empty_draft_is_refused(talks):
    with pytest.raises(Conflict):
        actions.text_import(actor=talks.actor("north_head"), item=talks.item, body=" \n")
    assert not NegotiatingText.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "services", "north_staff"])
def test_text_import_by_anyone_who_does_not_negotiate_is_not_found(talks, who):
    with pytest.raises(NotFound) as refused:
        actions.text_import(actor=talks.actor(who), item=talks.item, body=BODY)
    assert refused.value.denial.action == "text.import"
    assert not NegotiatingText.objects.exists()


# ------------------------------------------------------------------------- every party's consent


def test_bracket_stays_until_every_party_accepts(talks, version):
    proposal = _tabled(talks, "north_negotiator", **LIFT_ANNUALLY)
    assert _current(talks).brackets == 3
    actions.proposal_accept(actor=talks.actor("north_negotiator"), proposal=proposal)
    assert _current(talks).brackets == 3
    actions.proposal_accept(actor=talks.actor("south_head"), proposal=proposal)
    lifted = _current(talks)
    assert (lifted.number, lifted.brackets) == (2, 2)
    assert "2. Each Party shall report annually." in lifted.body
    proposal.refresh_from_db()
    assert (proposal.status, proposal.result) == (ProposalStatus.APPLIED, lifted)


def test_bracket_stays_until_the_third_party_accepts_too(talks, version):
    east = PartyFactory(code="east", name="Eastland")
    talks.process.parties.add(east)
    DelegationFactory(process=talks.process, party=east)
    east_user = UserFactory(username="east-negotiator")
    RoleFactory(user=east_user, process=talks.process, kind=RoleKind.NEGOTIATOR, party=east)
    proposal = _tabled(
        talks, "south_negotiator", kind="choose", target="[shall][should]", text="shall"
    )
    for who in ("south_negotiator", "north_head"):
        actions.proposal_accept(actor=talks.actor(who), proposal=proposal)
        assert _current(talks).number == 1
    actions.proposal_accept(actor=Actor.for_user(east_user), proposal=proposal)
    assert (_current(talks).number, _current(talks).brackets) == (2, 1)


def test_no_one_party_can_lift_a_bracket_alone(talks, version):
    proposal = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    actions.proposal_accept(actor=talks.actor("north_head"), proposal=proposal)
    with pytest.raises(Conflict, match="already accepted"):
        actions.proposal_accept(actor=talks.actor("north_negotiator"), proposal=proposal)
    assert _current(talks).number == 1
    assert Acceptance.objects.filter(proposal=proposal).count() == 1


@pytest.mark.parametrize("who", ["north_staff", "south_staff"])
def test_delegation_staff_cannot_accept(talks, version, who):
    proposal = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    with pytest.raises(NotFound) as refused:
        actions.proposal_accept(actor=talks.actor(who), proposal=proposal)
    assert refused.value.denial.action == "proposal.accept"


def test_host_cannot_accept_even_when_every_party_shares(talks, version):
    proposal = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    for head in ("north_head", "south_head"):
        share_grant(actor=talks.actor(head), process=talks.process)
    with pytest.raises(NotFound):
        actions.proposal_accept(actor=talks.actor("coordinator"), proposal=proposal)
    assert not Acceptance.objects.exists()


def test_additive_proposal_applies_when_tabled(talks, version):
    proposal = _tabled(talks, "south_negotiator", **INSERT_CLOSELY)
    current = _current(talks)
    assert (proposal.status, proposal.result, current.number) == (
        ProposalStatus.APPLIED,
        current,
        2,
    )
    assert "cooperate [closely - SOUTH] on the border" in current.body
    assert (current.brackets, current.party, current.created_by) == (
        4,
        talks.south,
        talks.users["south_negotiator"],
    )


def test_an_additive_proposal_cannot_be_accepted(talks, version):
    proposal = _tabled(talks, "south_negotiator", **INSERT_CLOSELY)
    with pytest.raises(Conflict, match="applied"):
        actions.proposal_accept(actor=talks.actor("north_head"), proposal=proposal)


def test_deleting_agreed_text_only_brackets_it_but_deleting_a_bracket_needs_everyone(
    talks, version
):
    bracketing = _draft(talks, "north_head", kind="delete", target="on the border")
    removing = _draft(talks, "north_head", kind="delete", target="[annually]")
    assert (bracketing.needs_consent, removing.needs_consent) == (False, True)


# ---------------------------------------------------------------------------- stale versions


def test_tabling_against_a_version_no_longer_current_is_a_conflict(talks, version):
    late = _draft(talks, "south_head", **LIFT_ANNUALLY)
    _tabled(talks, "north_head", **INSERT_CLOSELY)
    with pytest.raises(Conflict) as refused:
        actions.proposal_table(actor=talks.actor("south_head"), proposal=late)
    current = _current(talks)
    assert refused.value.detail == {
        "current_version": 2,
        "body": current.body,
        "brackets": 4,
    }
    late.refresh_from_db()
    assert late.status == ProposalStatus.DRAFT  # kept, not lost


def test_last_acceptance_of_a_stale_proposal_is_refused_and_changes_nothing(talks, version):
    lift = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    actions.proposal_accept(actor=talks.actor("north_head"), proposal=lift)
    _tabled(talks, "south_head", **INSERT_CLOSELY)
    with pytest.raises(Conflict, match="no longer current") as refused:
        actions.proposal_accept(actor=talks.actor("south_head"), proposal=lift)
    assert refused.value.detail["current_version"] == 2
    assert (_current(talks).number, Acceptance.objects.count()) == (2, 1)
    lift.refresh_from_db()
    assert lift.status == ProposalStatus.TABLED


def test_drafting_against_an_old_version_is_refused(talks, version):
    _tabled(talks, "north_head", **INSERT_CLOSELY)
    with pytest.raises(Conflict, match="no longer current"):
        _draft(talks, "south_head", 1, **LIFT_ANNUALLY)
    with pytest.raises(Conflict, match="Name the version"):
        _draft(talks, "south_head", 7, **LIFT_ANNUALLY)


def test_a_proposal_that_cannot_apply_is_refused_when_drafted(talks, version):
    with pytest.raises(Conflict, match="not in the text"):
        _draft(talks, "north_head", kind="insert", target="ceasefire", text="x")
    assert not Proposal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_parties_tabling_against_one_version_at_once_one_wins_nothing_lost(talks):
    actions.text_import(actor=talks.actor("north_head"), item=talks.item, body=BODY)
    drafts = {
        "north_negotiator": _draft(talks, "north_negotiator", **INSERT_CLOSELY),
        "south_negotiator": _draft(
            talks, "south_negotiator", kind="replace", target="[annually]", text="yearly"
        ),
    }
    barrier = threading.Barrier(len(drafts))
    outcomes: dict[str, object] = {}

    def table(who: str) -> None:
        try:
            barrier.wait()
            outcomes[who] = actions.proposal_table(actor=talks.actor(who), proposal=drafts[who])
        except BaseException as error:  # recorded, judged below
            outcomes[who] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=table, args=(who,)) for who in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    won = [who for who, outcome in outcomes.items() if isinstance(outcome, Proposal)]
    lost = [who for who, outcome in outcomes.items() if isinstance(outcome, Conflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    current = _current(talks)
    assert outcomes[lost[0]].detail == {
        "current_version": 2,
        "body": current.body,
        "brackets": current.brackets,
    }
    assert list(TextVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert Proposal.objects.get(pk=drafts[won[0]].pk).status == ProposalStatus.APPLIED
    assert Proposal.objects.get(pk=drafts[lost[0]].pk).status == ProposalStatus.DRAFT
    # The loser amends the new version and nothing of either party is lost.
    again = drafts[lost[0]]
    retabled = _tabled(
        talks,
        lost[0],
        2,
        kind=again.kind,
        paragraph=again.paragraph,
        target=again.target,
        text=again.replacement,
    )
    assert retabled.status == ProposalStatus.APPLIED
    final = _current(talks).body
    assert "[closely - NORTH]" in final and "[annually][yearly - SOUTH]" in final


@pytest.mark.django_db(transaction=True)
def test_every_party_accepting_at_once_makes_exactly_one_version(talks):
    actions.text_import(actor=talks.actor("north_head"), item=talks.item, body=BODY)
    lift = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    who = ["north_negotiator", "south_negotiator"]
    barrier = threading.Barrier(len(who))
    errors: list[BaseException] = []

    def accept(name: str) -> None:
        try:
            barrier.wait()
            actions.proposal_accept(actor=talks.actor(name), proposal=lift)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(name,)) for name in who]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (TextVersion.objects.count(), _current(talks).brackets) == (2, 2)


# -------------------------------------------------------------------------- drafts and notes


def test_another_party_cannot_table_or_withdraw_a_draft_it_cannot_see(talks, version):
    draft = _draft(talks, "north_head", **INSERT_CLOSELY)
    for action in (actions.proposal_table, actions.proposal_withdraw):
        with pytest.raises(NotFound):
            action(actor=talks.actor("south_head"), proposal=draft)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_another_party_cannot_withdraw_a_tabled_proposal(talks, version):
    lift = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    with pytest.raises(NotFound) as refused:
        actions.proposal_withdraw(actor=talks.actor("south_head"), proposal=lift)
    assert refused.value.denial.action == "proposal.withdraw"


def test_a_withdrawn_proposal_cannot_be_accepted_or_tabled(talks, version):
    lift = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    actions.proposal_withdraw(actor=talks.actor("north_negotiator"), proposal=lift)
    with pytest.raises(Conflict):
        actions.proposal_accept(actor=talks.actor("south_head"), proposal=lift)
    with pytest.raises(Conflict):
        actions.proposal_table(actor=talks.actor("north_head"), proposal=lift)


def test_note_save_writes_and_an_empty_body_removes_the_partys_note(talks, version):
    note = actions.note_save(
        actor=talks.actor("north_staff"), item=talks.item, paragraph="2", body="Hold on 'annually'."
    )
    assert (note.party, note.paragraph, note.body) == (talks.north, "2", "Hold on 'annually'.")
    actions.note_save(actor=talks.actor("north_head"), item=talks.item, paragraph="2", body="")
    assert not Note.objects.exists()


def test_note_on_a_paragraph_not_in_the_text_is_refused(talks, version):
    with pytest.raises(Conflict, match="no paragraph 9"):
        actions.note_save(
            actor=talks.actor("north_staff"), item=talks.item, paragraph="9", body="x"
        )


def test_host_cannot_keep_notes_even_when_every_party_shares(talks, version):
    for head in ("north_head", "south_head"):
        share_grant(actor=talks.actor(head), process=talks.process)
    with pytest.raises(NotFound) as refused:
        actions.note_save(actor=talks.actor("coordinator"), item=talks.item, paragraph="", body="x")
    assert refused.value.denial.action == "note.save"


# ------------------------------------------------------------------------------ audit events


def test_text_import_writes_exactly_its_event(talks):
    before = last_sequence()
    actions.text_import(actor=talks.actor("north_head"), item=talks.item, body=BODY)
    assert events_since(before) == [("text.import", "allowed", "north")]


def test_draft_writes_exactly_its_event(talks, version):
    before = last_sequence()
    _draft(talks, "south_head", **INSERT_CLOSELY)
    assert events_since(before) == [("proposal.draft", "allowed", "south")]


def test_tabling_an_additive_proposal_writes_the_tabling_and_the_version(talks, version):
    draft = _draft(talks, "south_head", **INSERT_CLOSELY)
    before = last_sequence()
    actions.proposal_table(actor=talks.actor("south_head"), proposal=draft)
    assert events_since(before) == [
        ("proposal.table", "allowed", "south"),
        ("text.version", "allowed", "south"),
    ]


def test_accepting_writes_its_event_and_the_last_acceptance_the_version(talks, version):
    lift = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    before = last_sequence()
    actions.proposal_accept(actor=talks.actor("north_head"), proposal=lift)
    assert events_since(before) == [("proposal.accept", "allowed", "north")]
    before = last_sequence()
    actions.proposal_accept(actor=talks.actor("south_negotiator"), proposal=lift)
    assert events_since(before) == [
        ("proposal.accept", "allowed", "south"),
        ("text.version", "allowed", "south"),
    ]


def test_withdraw_and_note_write_exactly_their_events(talks, version):
    lift = _tabled(talks, "north_head", **LIFT_ANNUALLY)
    before = last_sequence()
    actions.proposal_withdraw(actor=talks.actor("north_head"), proposal=lift)
    actions.note_save(actor=talks.actor("south_staff"), item=talks.item, paragraph="", body="x")
    assert events_since(before) == [
        ("proposal.withdraw", "allowed", "north"),
        ("note.save", "allowed", "south"),
    ]


def test_a_refused_action_writes_nothing_itself(talks, version):
    before = last_sequence()
    with pytest.raises(Conflict):
        _draft(talks, "north_head", kind="insert", target="ceasefire", text="x")
    with pytest.raises(NotFound):
        actions.text_import(actor=talks.actor("coordinator"), item=talks.item, body=BODY)
    assert events_since(before) == []


# ------------------------------------------------------------------------- deep nesting


def test_text_import_of_200000_nested_brackets_is_stored_and_amended(talks):
    version = actions.text_import(
        actor=talks.actor("north_head"), item=talks.item, body=DEEPLY_NESTED
    )
    assert (version.body, version.brackets) == (DEEPLY_NESTED, DEEP)
    _tabled(talks, "south_negotiator", kind="insert", target="x", text="closely")
    current = _current(talks)
    assert (current.number, current.brackets) == (2, DEEP + 1)
    assert current.body == "[" * DEEP + "x [closely - SOUTH]" + "]" * DEEP
