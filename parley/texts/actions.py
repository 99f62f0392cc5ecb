"""Writes of negotiating texts: import a first draft, draft / table / accept / withdraw proposals,
keep a party's notes.

Every action re-reads what it changes through `queries` (NotFound for what the actor may not
see), checks `rules`, runs in one durable transaction and records its audit events inside it.
A new version is made only under the text row's lock and only from the version that is current
at that moment; a proposal that names an older version is refused with a Conflict carrying the
current one, never applied over it.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.talks.models import AgendaItem

from . import queries, rules
from .audit_actions import (
    NOTE_SAVE,
    PROPOSAL_ACCEPT,
    PROPOSAL_DRAFT,
    PROPOSAL_TABLE,
    PROPOSAL_WITHDRAW,
    TEXT_IMPORT,
    TEXT_VERSION,
)
from .engine import amend
from .models import (
    Acceptance,
    NegotiatingText,
    Note,
    Proposal,
    ProposalKind,
    ProposalStatus,
    TextVersion,
)


def _current(text: NegotiatingText) -> dict:
    if not text.current_number:
        return {"current_version": None, "body": "", "brackets": 0}
    version = queries.version_of(text=text)
    return {"current_version": version.number, "body": version.body, "brackets": version.brackets}


def _no_longer_current(text: NegotiatingText, base: TextVersion) -> Conflict:
    """The Conflict of an amendment to an old version; it carries the current one."""
    return Conflict(
        f"Version {base.number} is no longer current: version {text.current_number} is. "
        "Nothing was changed; amend the current version instead.",
        detail=_current(text),
    )


def _amended(body: str, amendment: amend.Amendment, party_code: str) -> amend.Amended:
    try:
        return amend.amend(body, amendment, label=amend.attribution_label(party_code))
    except amend.AmendmentError as error:
        raise Conflict(str(error)) from error


def _new_version(
    *, text: NegotiatingText, body: str, brackets: int, party_id: int, user: User
) -> TextVersion:
    """The next version of a locked text; the text row follows it."""
    version = TextVersion.objects.create(
        text=text,
        number=text.current_number + 1,
        body=body,
        brackets=brackets,
        party_id=party_id,
        created_by=user,
    )
    text.current_number, text.open_brackets = version.number, version.brackets
    text.save(update_fields=["current_number", "open_brackets"])
    return version


def _apply(*, actor: Actor, proposal: Proposal) -> TextVersion:
    """Make the version a proposal produces; the caller saves the proposal."""
    amended = _amended(proposal.base.body, proposal.amendment, proposal.party.code)
    version = _new_version(
        text=proposal.text,
        body=amended.body,
        brackets=amended.brackets,
        party_id=proposal.party_id,
        user=proposal.created_by,
    )
    proposal.status, proposal.result, proposal.closed_at = (
        ProposalStatus.APPLIED,
        version,
        timezone.now(),
    )
    audit.record(
        actor=actor,
        action=TEXT_VERSION,
        target=version,
        process_id=proposal.text.item.process_id,
        detail={"number": version.number, "brackets": version.brackets, "proposal": proposal.pk},
    )
    return version


def _refuse(actor: Actor, action: str, proposal: Proposal) -> NotFound:
    process_id = proposal.text.item.process_id
    return NotFound(audit.Denial(actor, action, "texts.proposal", str(proposal.pk), process_id))


@transaction.atomic(durable=True)
def text_import(*, actor: Actor, item: AgendaItem, body: str) -> TextVersion:
    """A party's Markdown draft becomes the text's first version.

    Later drafts cannot replace the text unilaterally: they are proposals of kind "whole".
    """
    item = queries.item_to_negotiate(
        actor=actor, process_pk=item.process_id, pk=item.pk, action=TEXT_IMPORT
    )
    body = amend.normalise(body)
    if not body.strip():
        raise Conflict("The draft is empty.")
    text, _created = NegotiatingText.objects.get_or_create(item=item)
    text = queries.lock_text(pk=text.pk)
    if text.current_number:
        raise Conflict(
            "This text already has versions: propose to replace the whole text instead.",
            detail=_current(text),
        )
    version = _new_version(
        text=text,
        body=body,
        brackets=amend.bracket_count(body),
        party_id=actor.party_in(item.process_id),
        user=actor.user,
    )
    audit.record(
        actor=actor,
        action=TEXT_IMPORT,
        target=version,
        process_id=item.process_id,
        detail={"number": version.number, "brackets": version.brackets},
    )
    return version


@transaction.atomic(durable=True)
def proposal_draft(
    *,
    actor: Actor,
    item: AgendaItem,
    base_number: int | None,
    kind: str,
    paragraph: str = "",
    target: str = "",
    text: str = "",
) -> Proposal:
    """A private draft of the actor's party, checked against the version it amends."""
    item = queries.item_to_negotiate(
        actor=actor, process_pk=item.process_id, pk=item.pk, action=PROPOSAL_DRAFT
    )
    negotiating_text = queries.text_of(item=item)
    if negotiating_text is None or not negotiating_text.current_number:
        raise Conflict("This item has no text yet: import a first draft.")
    if kind not in ProposalKind.values:
        raise Conflict("Say what the proposal does.")
    base = TextVersion.objects.filter(text=negotiating_text, number=base_number).first()
    if base is None:
        raise Conflict("Name the version you amend.", detail=_current(negotiating_text))
    if base.number != negotiating_text.current_number:
        raise _no_longer_current(negotiating_text, base)
    party_id = actor.party_in(item.process_id)
    party_code = actor.party_code_in(item.process_id)
    paragraph, target = paragraph.strip(), target if target.strip() else ""
    amendment = amend.Amendment(kind=kind, paragraph=paragraph, target=target, text=text)
    amended = _amended(base.body, amendment, party_code)
    proposal = Proposal.objects.create(
        text=negotiating_text,
        base=base,
        party_id=party_id,
        created_by=actor.user,
        kind=kind,
        paragraph=paragraph,
        target=target,
        replacement=amend.normalise(text) if kind == ProposalKind.WHOLE else text,
        needs_consent=amended.needs_consent,
    )
    audit.record(
        actor=actor,
        action=PROPOSAL_DRAFT,
        target=proposal,
        process_id=item.process_id,
        detail={"kind": kind, "base": base.number},
    )
    return proposal


@transaction.atomic(durable=True)
def proposal_table(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Put a draft before every party. An additive one applies at once; the others wait for
    every party's acceptance."""
    proposal = queries.proposal_for(actor=actor, pk=proposal.pk, action=PROPOSAL_TABLE, lock=True)
    if not rules.may_table(actor, proposal):
        raise _refuse(actor, PROPOSAL_TABLE, proposal)
    if not rules.open_to_table(proposal):
        raise Conflict(f"Only a draft can be tabled; this proposal is {proposal.status}.")
    if rules.is_stale(proposal):
        raise _no_longer_current(proposal.text, proposal.base)
    proposal.status, proposal.tabled_at = ProposalStatus.TABLED, timezone.now()
    audit.record(
        actor=actor,
        action=PROPOSAL_TABLE,
        target=proposal,
        process_id=proposal.text.item.process_id,
        detail={"kind": proposal.kind, "needs_consent": proposal.needs_consent},
    )
    if not proposal.needs_consent:
        _apply(actor=actor, proposal=proposal)
    proposal.save()
    return proposal


def _accepted_by_every_party(proposal: Proposal) -> bool:
    process = proposal.text.item.process
    parties = set(process.parties.values_list("pk", flat=True))
    accepted = set(proposal.acceptances.values_list("party_id", flat=True))
    return bool(parties) and parties <= accepted


@transaction.atomic(durable=True)
def proposal_accept(*, actor: Actor, proposal: Proposal) -> Acceptance:
    """One party accepts a tabled proposal; it applies when the last party accepts."""
    proposal = queries.proposal_for(actor=actor, pk=proposal.pk, action=PROPOSAL_ACCEPT, lock=True)
    process_id = proposal.text.item.process_id
    if not rules.may_accept(actor, proposal):
        raise _refuse(actor, PROPOSAL_ACCEPT, proposal)
    if not rules.open_to_accept(proposal):
        raise Conflict(f"This proposal is {proposal.status}: there is nothing to accept.")
    if rules.has_accepted(actor, proposal):
        raise Conflict("Your party has already accepted this proposal.")
    party_id = actor.party_in(process_id)
    if rules.is_stale(proposal):
        raise _no_longer_current(proposal.text, proposal.base)
    acceptance = Acceptance.objects.create(
        proposal=proposal, party_id=party_id, accepted_by=actor.user
    )
    audit.record(actor=actor, action=PROPOSAL_ACCEPT, target=proposal, process_id=process_id)
    if _accepted_by_every_party(proposal):
        _apply(actor=actor, proposal=proposal)
        proposal.save()
    return acceptance


@transaction.atomic(durable=True)
def proposal_withdraw(*, actor: Actor, proposal: Proposal) -> Proposal:
    """The proposing party takes back its draft or its tabled proposal."""
    proposal = queries.proposal_for(
        actor=actor, pk=proposal.pk, action=PROPOSAL_WITHDRAW, lock=True
    )
    if not rules.may_withdraw(actor, proposal):
        raise _refuse(actor, PROPOSAL_WITHDRAW, proposal)
    if not rules.open_to_withdraw(proposal):
        raise Conflict(f"This proposal is {proposal.status}: it can no longer be withdrawn.")
    proposal.status, proposal.closed_at = ProposalStatus.WITHDRAWN, timezone.now()
    proposal.save(update_fields=["status", "closed_at"])
    audit.record(
        actor=actor,
        action=PROPOSAL_WITHDRAW,
        target=proposal,
        process_id=proposal.text.item.process_id,
    )
    return proposal


@transaction.atomic(durable=True)
def note_save(*, actor: Actor, item: AgendaItem, paragraph: str, body: str) -> Note | None:
    """Write (or, with an empty body, remove) the actor's party's note on a paragraph."""
    item = queries.item_for(actor=actor, process_pk=item.process_id, pk=item.pk, action=NOTE_SAVE)
    if not rules.can_keep_notes(actor, item.process_id):
        raise NotFound(
            audit.Denial(actor, NOTE_SAVE, "talks.agendaitem", str(item.pk), item.process_id)
        )
    text = queries.text_of(item=item)
    if text is None or not text.current_number:
        raise Conflict("This item has no text yet.")
    paragraph = paragraph.strip()
    if paragraph and paragraph not in amend.paragraph_numbers(queries.version_of(text=text).body):
        raise Conflict(f"There is no paragraph {paragraph} in the current version.")
    party_id = actor.party_in(item.process_id)
    body = body.strip()
    if not body:
        deleted, _ = Note.objects.filter(text=text, party_id=party_id, paragraph=paragraph).delete()
        if not deleted:
            raise Conflict("A note cannot be empty.")
        audit.record(
            actor=actor,
            action=NOTE_SAVE,
            process_id=item.process_id,
            detail={"paragraph": paragraph, "deleted": True},
        )
        return None
    note, _created = Note.objects.update_or_create(
        text=text,
        party_id=party_id,
        paragraph=paragraph,
        defaults={"body": body, "updated_by": actor.user},
    )
    # The body is the party's own: the chain records that it changed, not what it says.
    audit.record(
        actor=actor,
        action=NOTE_SAVE,
        target=note,
        process_id=item.process_id,
        detail={"paragraph": paragraph},
    )
    return note
