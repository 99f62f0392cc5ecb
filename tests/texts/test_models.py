"""What the database itself holds: unique numbers, immutable versions, one acceptance per party."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from parley.texts.models import Acceptance, ProposalStatus, TextVersion

from ..factories import (
    NegotiatingTextFactory,
    NoteFactory,
    ProposalFactory,
    TextVersionFactory,
    UserFactory,
)


def test_version_number_is_unique_per_text(db):
    version = TextVersionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TextVersionFactory(text=version.text, number=1)


def test_version_numbers_start_at_one(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        TextVersionFactory(number=0)


def test_version_save_refuses_to_change_a_written_version(db):
    version = TextVersionFactory()
    version.body = "1. Everything agreed."
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_version_row_update_is_refused_by_the_database(db):
    version = TextVersionFactory()
    with pytest.raises(DatabaseError), transaction.atomic():
        TextVersion.objects.filter(pk=version.pk).update(body="1. Everything agreed.")
    version.refresh_from_db()
    assert version.body.startswith("1. The Parties [shall]")


def test_acceptance_is_unique_per_proposal_and_party(db):
    proposal = ProposalFactory(status=ProposalStatus.TABLED, kind="lift", needs_consent=True)
    user = UserFactory()
    Acceptance.objects.create(proposal=proposal, party=proposal.party, accepted_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(proposal=proposal, party=proposal.party, accepted_by=user)


def test_applied_proposal_must_name_the_version_it_made(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(status=ProposalStatus.APPLIED)


def test_a_draft_has_no_result_and_no_tabling_time(db):
    version = TextVersionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(base=version, result=TextVersionFactory(text=version.text))


def test_proposal_kind_must_be_known(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(kind="rewrite")


def test_one_note_per_party_and_paragraph(db):
    note = NoteFactory(paragraph="2")
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteFactory(text=note.text, party=note.party, paragraph="2")


def test_one_text_per_agenda_item(db):
    text = NegotiatingTextFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        NegotiatingTextFactory(item=text.item)


def test_version_factory_keeps_the_text_current(db):
    version = TextVersionFactory(body="1. [a] [b]")
    text = version.text
    text.refresh_from_db()
    assert (text.current_number, text.open_brackets) == (1, 2)
