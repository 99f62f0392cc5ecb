"""Reads of negotiating texts, scoped: the host sees nothing unless every party shares; a party
never sees another party's drafts or notes; a forbidden object is as missing as a missing one."""

import pytest

from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.actions import share_grant
from parley.texts import actions, queries
from parley.texts.models import ProposalStatus

from ..conftest import Talks
from ..factories import AgendaItemFactory
from .conftest import events_since, last_sequence

INSERT_CLOSELY = {"kind": "insert", "paragraph": "1", "target": "cooperate", "text": "closely"}
LIFT_ANNUALLY = {"kind": "lift", "target": "[annually]"}


def _share_all(talks: Talks) -> None:
    for head in ("north_head", "south_head"):
        share_grant(actor=talks.actor(head), process=talks.process)


def _draft(talks: Talks, who: str, **fields):
    return actions.proposal_draft(actor=talks.actor(who), item=talks.item, base_number=1, **fields)


@pytest.mark.parametrize("who", ["coordinator", "services", "protocol"])
def test_host_cannot_read_a_text_unless_every_party_shares(talks, version, who):
    with pytest.raises(NotFound) as refused:
        queries.text_read(actor=talks.actor(who), process_pk=talks.process.pk, pk=talks.item.pk)
    assert refused.value.denial.action == "text.read"
    share_grant(actor=talks.actor("north_head"), process=talks.process)
    with pytest.raises(NotFound):
        queries.text_read(actor=talks.actor(who), process_pk=talks.process.pk, pk=talks.item.pk)
    share_grant(actor=talks.actor("south_head"), process=talks.process)
    _item, text = queries.text_read(
        actor=talks.actor(who), process_pk=talks.process.pk, pk=talks.item.pk
    )
    assert text == version.text


def test_an_outsider_reads_nothing(talks, version, outsider):
    with pytest.raises(NotFound):
        queries.text_read_by_item(actor=Actor.for_user(outsider), pk=talks.item.pk)


def test_missing_and_forbidden_items_raise_the_same_not_found(talks, version):
    host = talks.actor("coordinator")
    with pytest.raises(NotFound) as forbidden:
        queries.text_read_by_item(actor=host, pk=talks.item.pk)
    with pytest.raises(NotFound) as missing:
        queries.text_read_by_item(actor=host, pk=987654)
    assert str(forbidden.value) == str(missing.value) == "Not found."
    assert (forbidden.value.denial is not None, missing.value.denial) == (True, None)


def test_an_item_without_a_text_is_not_found_through_the_api_read(talks, version):
    other = AgendaItemFactory(process=talks.process, number=9)
    with pytest.raises(NotFound):
        queries.text_read_by_item(actor=talks.actor("north_head"), pk=other.pk)


def test_a_draft_is_seen_by_its_own_party_only(talks, version):
    draft = _draft(talks, "north_negotiator", **INSERT_CLOSELY)
    _share_all(talks)
    assert queries.proposal_for(actor=talks.actor("north_staff"), pk=draft.pk, action="x") == draft
    for who in ("south_head", "south_staff", "coordinator"):
        with pytest.raises(NotFound) as refused:
            queries.proposal_for(actor=talks.actor(who), pk=draft.pk, action="proposal.read")
        assert refused.value.denial.object_type == "texts.proposal"


def test_a_tabled_proposal_is_seen_by_every_party_and_by_a_host_every_party_allows(talks, version):
    lift = actions.proposal_table(
        actor=talks.actor("north_head"), proposal=_draft(talks, "north_head", **LIFT_ANNUALLY)
    )
    assert queries.proposal_for(actor=talks.actor("south_staff"), pk=lift.pk, action="x") == lift
    with pytest.raises(NotFound):
        queries.proposal_for(actor=talks.actor("coordinator"), pk=lift.pk, action="x")
    _share_all(talks)
    assert queries.proposal_for(actor=talks.actor("coordinator"), pk=lift.pk, action="x") == lift


def test_proposals_of_lists_what_is_tabled_and_the_partys_own_drafts(talks, version):
    north_draft = _draft(talks, "north_head", **INSERT_CLOSELY)
    south_draft = _draft(talks, "south_head", **INSERT_CLOSELY)
    lift = actions.proposal_table(
        actor=talks.actor("south_head"), proposal=_draft(talks, "south_head", **LIFT_ANNUALLY)
    )
    text = version.text
    seen = {
        who: set(queries.proposals_of(actor=talks.actor(who), text=text)) for who in talks.users
    }
    assert seen["north_staff"] == {north_draft, lift}
    assert seen["south_negotiator"] == {south_draft, lift}
    _share_all(talks)
    assert set(queries.proposals_of(actor=talks.actor("coordinator"), text=text)) == {lift}
    assert lift.status == ProposalStatus.TABLED


def test_own_notes_never_show_another_partys_or_the_host(talks, version):
    north = actions.note_save(
        actor=talks.actor("north_staff"), item=talks.item, paragraph="", body="ours"
    )
    actions.note_save(
        actor=talks.actor("south_staff"), item=talks.item, paragraph="", body="theirs"
    )
    _share_all(talks)
    assert list(queries.own_notes(actor=talks.actor("north_head"), text=version.text)) == [north]
    assert list(queries.own_notes(actor=talks.actor("coordinator"), text=version.text)) == []


def test_reading_a_text_is_audited(talks, version):
    before = last_sequence()
    queries.text_read(
        actor=talks.actor("south_staff"), process_pk=talks.process.pk, pk=talks.item.pk
    )
    assert events_since(before) == [("text.read", "allowed", "south")]


def test_version_of_a_number_that_does_not_exist_is_not_found(talks, version):
    with pytest.raises(NotFound):
        queries.version_of(text=version.text, number=2)
    assert queries.version_of(text=version.text) == version
