"""Delegations, tracks, the agenda and its links, and a party's private positions."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound

from .. import queries, rules
from ..audit_actions import (
    AGENDA_ITEM_ADD,
    AGENDA_LINK_ADD,
    MEMBER_ADD,
    POSITION_SAVE,
    TRACK_ADD,
)
from ..models import (
    AgendaItem,
    AgendaLink,
    Category,
    Level,
    Member,
    Party,
    Position,
    Process,
    Track,
)
from .unique import create_once


@transaction.atomic(durable=True)
def member_add(
    *,
    actor: Actor,
    process: Process,
    party: Party,
    name: str,
    level: str,
    position: str = "",
    languages: list[str] | None = None,
    email: str = "",
    phone: str = "",
    user: User | None = None,
) -> Member:
    """A person joins a party's delegation: by the host coordinator or the party's own head."""
    process = queries.process_for(actor=actor, pk=process.pk)
    allowed = rules.can_add_member(actor, process, party.pk)
    rules.require(allowed, actor=actor, action=MEMBER_ADD, process=process)
    delegation = queries.delegations_of(process=process).filter(party=party).first()
    if delegation is None:
        raise Conflict(_("%(party)s is not a party of this process.") % {"party": party})
    name = name.strip()
    if not name:
        raise Conflict(_("A member needs a name."))
    if level not in Level.values:
        raise Conflict(_("There is no such level."))
    if user is not None:
        role = queries.role_of(process=process, user=user)
        if role is None or role.party_id != party.pk:
            raise Conflict(_("That account holds no role of this party in this process."))
    member = Member.objects.create(
        delegation=delegation,
        name=name,
        position=position.strip(),
        level=level,
        languages=list(languages or []),
        email=email.strip(),
        phone=phone.strip(),
        user=user,
    )
    audit.record(
        actor=actor,
        action=MEMBER_ADD,
        target=member,
        process_id=process.pk,
        party_code=party.code,
        detail={"level": level},
    )
    return member


@transaction.atomic(durable=True)
def track_add(*, actor: Actor, process: Process, name: str) -> Track:
    """A working strand of the agenda. Its name is logistics: the programme shows it."""
    process = queries.process_for(actor=actor, pk=process.pk)
    rules.require(
        rules.can_add_track(actor, process), actor=actor, action=TRACK_ADD, process=process
    )
    name = name.strip()
    if not name:
        raise Conflict(_("A track needs a name."))
    taken = _("This process already has a track called %(name)s.") % {"name": name}
    if queries.track_named(process=process, name=name) is not None:
        raise Conflict(taken)
    track = create_once(lambda: Track.objects.create(process=process, name=name), taken)
    audit.record(actor=actor, action=TRACK_ADD, target=track, process_id=process.pk)
    return track


@transaction.atomic(durable=True)
def agenda_item_add(
    *,
    actor: Actor,
    process: Process,
    title: str,
    category: str,
    key: bool = False,
    description: str = "",
    track: Track | None = None,
) -> AgendaItem:
    """A party puts an item on the agenda, numbered next.

    The item is substance: the audit chain records its number, never its title.
    """
    process = queries.process_for(actor=actor, pk=process.pk, lock=True)
    allowed = rules.can_add_agenda_item(actor, process)
    rules.require(allowed, actor=actor, action=AGENDA_ITEM_ADD, process=process)
    title = title.strip()
    if not title:
        raise Conflict(_("An agenda item needs a title."))
    if category not in Category.values:
        raise Conflict(_("There is no such category."))
    if track is not None and track.process_id != process.pk:
        raise Conflict(_("The track belongs to another process."))
    item = AgendaItem.objects.create(
        process=process,
        number=queries.next_item_number(process=process),
        title=title,
        category=category,
        key=key,
        description=description.strip(),
        track=track,
    )
    audit.record(
        actor=actor,
        action=AGENDA_ITEM_ADD,
        target=item,
        process_id=process.pk,
        detail={"number": item.number},
    )
    return item


@transaction.atomic(durable=True)
def agenda_link_add(*, actor: Actor, source: AgendaItem, target: AgendaItem) -> AgendaLink:
    """Nothing is agreed until everything linked is agreed: a party links two items."""
    process = queries.process_for(actor=actor, pk=source.process_id)
    allowed = rules.can_add_agenda_item(actor, process)
    rules.require(allowed, actor=actor, action=AGENDA_LINK_ADD, process=process)
    if target.process_id != process.pk:
        raise Conflict(_("An item links only to items of its own process."))
    if source.pk == target.pk:
        raise Conflict(_("An item cannot be linked to itself."))
    taken = _("These items are already linked.")
    if queries.is_linked(source=source, target=target):
        raise Conflict(taken)
    link = create_once(lambda: AgendaLink.objects.create(source=source, target=target), taken)
    audit.record(
        actor=actor,
        action=AGENDA_LINK_ADD,
        target=link,
        process_id=process.pk,
        detail={"source": source.number, "target": target.number},
    )
    return link


@transaction.atomic(durable=True)
def position_save(*, actor: Actor, item: AgendaItem, body: str) -> Position:
    """Write the actor's own party's private position on an agenda item."""
    if not rules.is_party_member(actor, item.process_id):
        raise NotFound(
            audit.Denial(actor, POSITION_SAVE, "talks.agendaitem", str(item.pk), item.process_id)
        )
    body = body.strip()
    if not body:
        raise Conflict(_("A position cannot be empty."))
    position, _created = Position.objects.update_or_create(
        item=item,
        party_id=actor.party_in(item.process_id),
        defaults={"body": body, "updated_by": actor.user},
    )
    # The body is private to the party: the audit chain records that it changed, not what it says.
    audit.record(actor=actor, action=POSITION_SAVE, target=position, process_id=item.process_id)
    return position
