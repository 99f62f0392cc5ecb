"""Setting up talks: venues, parties, processes, and the parties of a process."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound

from .. import queries, rules
from ..audit_actions import (
    PARTY_JOIN,
    PARTY_LEAVE,
    PARTY_REGISTER,
    PROCESS_OPEN,
    VENUE_ADD,
)
from ..models import (
    Delegation,
    Party,
    Process,
    Role,
    RoleKind,
    SubstanceShare,
    Venue,
    validate_time_zone,
)
from .unique import create_once

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CODE = re.compile(r"^[-a-z0-9_]{1,32}$")


def _denied_setting_up(actor: Actor, action: str, target: str, pk: object) -> NotFound:
    return NotFound(audit.Denial(actor, action, target, str(pk)))


@transaction.atomic(durable=True)
def venue_add(*, actor: Actor, name: str, city: str = "", time_zone: str = "UTC") -> Venue:
    """Someone entrusted with setting up talks records a venue and the zone its clocks show."""
    if not rules.can_open_processes(actor):
        raise _denied_setting_up(actor, VENUE_ADD, "talks.venue", name)
    name = name.strip()
    if not name:
        raise Conflict(_("A venue needs a name."))
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise Conflict(_("%(zone)s is not a known time zone.") % {"zone": time_zone}) from error
    if queries.venue_named(name=name) is not None:
        raise Conflict(_("There is already a venue called %(name)s.") % {"name": name})
    venue = create_once(
        lambda: Venue.objects.create(name=name, city=city.strip(), time_zone=time_zone),
        _("There is already a venue called %(name)s.") % {"name": name},
    )
    audit.record(actor=actor, action=VENUE_ADD, target=venue, detail={"time_zone": time_zone})
    return venue


@transaction.atomic(durable=True)
def party_register(*, actor: Actor, code: str, name: str, colour: str = "#555555") -> Party:
    """A side that may take part in processes: a state or a group, known by a short code."""
    if not rules.can_open_processes(actor):
        raise _denied_setting_up(actor, PARTY_REGISTER, "talks.party", code)
    code, name = code.strip(), name.strip()
    if not CODE.match(code):
        raise Conflict(_("A party's code is lower-case letters, digits and dashes."))
    if not name:
        raise Conflict(_("A party needs a name."))
    if not COLOUR.match(colour):
        raise Conflict(_("A colour is written #rrggbb."))
    taken = _("There is already a party with that code or name.")
    if queries.party_with_code(code=code) is not None:
        raise Conflict(taken)
    party = create_once(
        lambda: Party.objects.create(code=code, name=name, colour=colour.lower()), taken
    )
    audit.record(actor=actor, action=PARTY_REGISTER, target=party, detail={"party": code})
    return party


@transaction.atomic(durable=True)
def process_open(*, actor: Actor, title: str, venue: Venue) -> Process:
    """Opens a process at a venue; the opener is its first host coordinator."""
    if not rules.can_open_processes(actor):
        raise _denied_setting_up(actor, PROCESS_OPEN, "talks.venue", venue.pk)
    title = title.strip()
    if not title:
        raise Conflict(_("A process needs a title."))
    taken = _("There is already a process called %(title)s.") % {"title": title}
    if queries.process_titled(title=title) is not None:
        raise Conflict(taken)
    process = create_once(lambda: Process.objects.create(title=title, venue=venue), taken)
    Role.objects.create(user=actor.user, process=process, kind=RoleKind.HOST_COORDINATOR)
    audit.record(
        actor=actor,
        action=PROCESS_OPEN,
        target=process,
        process_id=process.pk,
        detail={"venue": venue.pk},
    )
    return process


@transaction.atomic(durable=True)
def party_join(*, actor: Actor, process: Process, party: Party) -> Delegation:
    """The host coordinator adds a party to a process, with its delegation. The newcomer has
    not consented to share substance, so the host stops seeing it until it does."""
    process = queries.process_for(actor=actor, pk=process.pk, lock=True)
    rules.require(
        rules.can_change_parties(actor, process), actor=actor, action=PARTY_JOIN, process=process
    )
    if queries.is_party_of(process=process, party=party):
        raise Conflict(_("%(party)s is already a party of this process.") % {"party": party})
    process.parties.add(party)
    delegation, _created = Delegation.objects.get_or_create(process=process, party=party)
    audit.record(
        actor=actor,
        action=PARTY_JOIN,
        target=party,
        process_id=process.pk,
        detail={"party": party.code},
    )
    return delegation


@transaction.atomic(durable=True)
def party_leave(*, actor: Actor, process: Process, party: Party) -> None:
    """The host coordinator records that a party left a process. Its consent to share goes with
    it, and so do its people's roles in the process: they see nothing of it any more."""
    process = queries.process_for(actor=actor, pk=process.pk, lock=True)
    rules.require(
        rules.can_change_parties(actor, process), actor=actor, action=PARTY_LEAVE, process=process
    )
    if not queries.is_party_of(process=process, party=party):
        raise Conflict(_("%(party)s is not a party of this process.") % {"party": party})
    process.parties.remove(party)
    SubstanceShare.objects.filter(process=process, party=party).delete()
    roles, _deleted = Role.objects.filter(process=process, party=party).delete()
    audit.record(
        actor=actor,
        action=PARTY_LEAVE,
        target=party,
        process_id=process.pk,
        detail={"party": party.code, "roles_ended": roles},
    )
