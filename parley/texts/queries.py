"""Reads of negotiating texts, each scoped to what the actor may see.

A missing object and one the actor may not see raise the same NotFound; for an existing one
the denial is audited. Functions named `*_read` are what pages and the API call: they record
the read of substance in the audit chain. The others serve actions and record nothing.
"""

from django.db.models import Q, QuerySet

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.models import AgendaItem
from parley.talks.queries import process_with_substance_for

from . import rules
from .audit_actions import PROPOSAL_READ, TEXT_READ
from .models import WAS_TABLED, Acceptance, NegotiatingText, Note, Proposal, TextVersion


def _denial(actor: Actor, action: str, target_type: str, pk: int, process_id: int) -> audit.Denial:
    return audit.Denial(actor, action, target_type, str(pk), process_id=process_id)


def item_for(*, actor: Actor, process_pk: int, pk: int, action: str) -> AgendaItem:
    """An agenda item whose substance the actor may read."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action=action)
    item = AgendaItem.objects.filter(process=process, pk=pk).select_related("process").first()
    if item is None:
        raise NotFound()
    return item


def item_to_negotiate(*, actor: Actor, process_pk: int, pk: int, action: str) -> AgendaItem:
    """An agenda item whose text the actor may change for their party."""
    item = item_for(actor=actor, process_pk=process_pk, pk=pk, action=action)
    if not rules.can_negotiate(actor, item.process_id):
        raise NotFound(_denial(actor, action, "talks.agendaitem", item.pk, item.process_id))
    return item


def item_by_pk(*, actor: Actor, pk: int, action: str) -> AgendaItem:
    """An agenda item by its id alone (the API's address for a text)."""
    process_id = AgendaItem.objects.filter(pk=pk).values_list("process_id", flat=True).first()
    if process_id is None:
        raise NotFound()
    return item_for(actor=actor, process_pk=process_id, pk=pk, action=action)


def text_of(*, item: AgendaItem, lock: bool = False) -> NegotiatingText | None:
    """The item's text, if it has one yet. The caller has checked the item."""
    texts = NegotiatingText.objects.filter(item=item)
    if lock:
        texts = texts.select_for_update()
    return texts.first()


def lock_text(*, pk: int) -> NegotiatingText:
    """Lock the text row: every new version and every proposal state change happens under it."""
    return NegotiatingText.objects.select_for_update().get(pk=pk)


def version_of(*, text: NegotiatingText, number: int | None = None) -> TextVersion:
    """A version of a text the caller may read; the current one when no number is given."""
    number = text.current_number if number is None else number
    version = (
        TextVersion.objects.filter(text=text, number=number)
        .select_related("party", "created_by")
        .first()
    )
    if version is None:
        raise NotFound()
    return version


def versions_of(*, text: NegotiatingText) -> QuerySet[TextVersion]:
    return (
        TextVersion.objects.filter(text=text)
        .select_related("party", "created_by")
        .order_by("-number")
    )


def proposal_for(*, actor: Actor, pk: int, action: str, lock: bool = False) -> Proposal:
    """A proposal the actor may see: any tabled one of a text they read, or their own draft.

    With `lock`, the proposal's text is locked first and the proposal read after, so that the
    caller sees the state the last writer committed.
    """
    if lock:
        text_id = Proposal.objects.filter(pk=pk).values_list("text_id", flat=True).first()
        if text_id is None:
            raise NotFound()
        lock_text(pk=text_id)
    proposal = (
        Proposal.objects.filter(pk=pk)
        .select_related("text__item__process", "base", "party", "created_by")
        .first()
    )
    if proposal is None:
        raise NotFound()
    if not rules.can_see_proposal(actor, proposal):
        raise NotFound(
            _denial(actor, action, "texts.proposal", proposal.pk, proposal.text.item.process_id)
        )
    return proposal


def proposals_of(*, actor: Actor, text: NegotiatingText) -> QuerySet[Proposal]:
    """The proposals of a text that were ever tabled, and the actor's party's own others."""
    party_id = actor.party_in(text.item.process_id)
    visible = WAS_TABLED
    if party_id is not None:
        visible |= Q(party_id=party_id)
    return (
        Proposal.objects.filter(visible, text=text)
        .select_related("text__item", "party", "base", "result", "created_by")
        .prefetch_related("acceptances__party")
    )


def acceptances_of(*, proposal: Proposal) -> QuerySet[Acceptance]:
    """Which parties accepted a proposal the caller may see, first to last."""
    return proposal.acceptances.select_related("party").order_by("accepted_at", "pk")


def own_notes(*, actor: Actor, text: NegotiatingText) -> QuerySet[Note]:
    """The actor's party's notes on a text: never another party's, never the host's."""
    party_id = actor.party_in(text.item.process_id)
    if party_id is None:
        return Note.objects.none()
    return Note.objects.filter(text=text, party_id=party_id)


# ------------------------------------------------------------------ audited reads of substance


def text_read(
    *, actor: Actor, process_pk: int, pk: int, action: str = TEXT_READ
) -> tuple[AgendaItem, NegotiatingText | None]:
    """The item and its text, for a page or the API; the read is audited as `action`."""
    item = item_for(actor=actor, process_pk=process_pk, pk=pk, action=action)
    text = text_of(item=item)
    audit.record_read(actor=actor, action=action, target=text or item, process_id=item.process_id)
    return item, text


def text_read_by_item(
    *, actor: Actor, pk: int, action: str = TEXT_READ
) -> tuple[AgendaItem, NegotiatingText]:
    """The API's read: the text of agenda item `pk`; an item without a text is NotFound too."""
    item = item_by_pk(actor=actor, pk=pk, action=action)
    text = text_of(item=item)
    if text is None:
        raise NotFound()
    audit.record_read(actor=actor, action=action, target=text, process_id=item.process_id)
    return item, text


def proposal_read(*, actor: Actor, pk: int) -> Proposal:
    proposal = proposal_for(actor=actor, pk=pk, action=PROPOSAL_READ)
    audit.record_read(
        actor=actor,
        action=PROPOSAL_READ,
        target=proposal,
        process_id=proposal.text.item.process_id,
    )
    return proposal
