"""Reads of the talks, each scoped to what the actor may see."""

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet

from parley.core import audit
from parley.core.actors import Actor, Grant
from parley.core.errors import NotFound

from .audit_actions import AGENDA_ITEM_READ, AGENDA_READ, PROCESS_READ
from .models import (
    HOST_ROLES,
    TOTP_ROLES,
    AgendaItem,
    AgendaLink,
    Delegation,
    Meeting,
    MeetingStatus,
    Member,
    Party,
    Position,
    Precedence,
    Process,
    Role,
    RoleKind,
    SubstanceShare,
    Track,
    Venue,
)
from .rules import can_see_logistics, can_see_substance, refusal


def grants_of(user: User) -> list[Grant]:
    """The actor's grants: what the core knows of a person's roles (PARLEY_GRANTS_LOADER)."""
    roles = Role.objects.filter(user=user).select_related("party").order_by("process_id")
    return [
        Grant(
            process_id=role.process_id,
            kind=role.kind,
            party_id=role.party_id,
            party_code=role.party.code if role.party else "",
            host=role.kind in HOST_ROLES,
            second_factor=role.kind in TOTP_ROLES,
        )
        for role in roles
    ]


def processes_visible_to(*, actor: Actor) -> QuerySet[Process]:
    return (
        Process.objects.filter(pk__in=actor.process_ids)
        .select_related("venue")
        .prefetch_related("parties")
    )


def home_rows(*, actor: Actor) -> list[tuple[Process, str, str]]:
    """The actor's processes, each with the actor's role in it and the party they speak for."""
    rows = []
    for process in processes_visible_to(actor=actor):
        grant = actor.grant_in(process.pk)
        rows.append((process, RoleKind(grant.kind).label, grant.party_code))
    return rows


def process_for(*, actor: Actor, pk: int, lock: bool = False) -> Process:
    """A process the actor holds a role in; anything else is NotFound."""
    processes = Process.objects.select_related("venue")
    if lock:
        processes = processes.select_for_update(of=("self",))
    process = processes.filter(pk=pk).first()
    if process is None:
        raise NotFound()
    if not can_see_logistics(actor, process):
        raise refusal(actor=actor, action=PROCESS_READ, process=pk)
    return process


def process_with_substance_for(*, actor: Actor, pk: int, action: str) -> Process:
    """A process whose substance the actor may read; refusals are audited as `action`."""
    process = process_for(actor=actor, pk=pk)
    if not can_see_substance(actor, process):
        raise refusal(actor=actor, action=action, process=pk)
    return process


def consenting_parties(*, process: Process) -> QuerySet[SubstanceShare]:
    """Which parties of a process, already visible to the caller, consent to share substance."""
    return SubstanceShare.objects.filter(process=process).select_related("party")


def party_consents(*, process: Process, party_id: int | None) -> bool:
    return SubstanceShare.objects.filter(process=process, party_id=party_id).exists()


def parties_of(*, process: Process) -> list[Party]:
    """The current parties of a process the caller has already checked."""
    return list(process.parties.all())


def is_party_of(*, process: Process, party: Party) -> bool:
    return process.parties.filter(pk=party.pk).exists()


def party_ids_of(*, process: Process) -> set[int]:
    return set(process.parties.values_list("pk", flat=True))


def venue_named(*, name: str) -> Venue | None:
    return Venue.objects.filter(name=name).first()


def process_titled(*, title: str) -> Process | None:
    return Process.objects.filter(title=title).first()


def party_with_code(*, code: str) -> Party | None:
    return Party.objects.filter(code=code).first()


def role_of(*, process: Process, user: User) -> Role | None:
    return Role.objects.filter(process=process, user=user).select_related("party").first()


def role_for(*, actor: Actor, pk: int, lock: bool = False) -> Role:
    """A role of a process the actor holds a role in; any other is NotFound."""
    roles = Role.objects.select_related("party", "user")
    if lock:
        roles = roles.select_for_update(of=("self",))
    role = roles.filter(pk=pk).first()
    if role is None or not can_see_logistics(actor, role.process_id):
        raise NotFound()
    return role


def host_coordinators_of(*, process: Process) -> QuerySet[Role]:
    return Role.objects.filter(process=process, kind=RoleKind.HOST_COORDINATOR)


def holders_of(*, process: Process, kinds) -> QuerySet[User]:
    """The people holding one of `kinds` in a process."""
    return User.objects.filter(roles__process=process, roles__kind__in=kinds).order_by("username")


def meeting_in(*, process: Process, pk: int) -> Meeting | None:
    """A meeting of a process the caller has already checked; None when there is none."""
    return Meeting.objects.filter(pk=pk, process=process).first()


def member_in(*, process: Process, pk: int) -> Member | None:
    """A member of a delegation to a process the caller has already checked."""
    return (
        Member.objects.filter(pk=pk, delegation__process=process)
        .select_related("delegation__party")
        .first()
    )


def members_of(*, process: Process) -> QuerySet[Member]:
    return Member.objects.filter(delegation__process=process).select_related("delegation__party")


def track_named(*, process: Process, name: str) -> Track | None:
    return Track.objects.filter(process=process, name=name).first()


def agenda_item_numbered(*, process: Process, number: int) -> AgendaItem | None:
    return AgendaItem.objects.filter(process=process, number=number).first()


def is_linked(*, source: AgendaItem, target: AgendaItem) -> bool:
    return AgendaLink.objects.filter(source=source, target=target).exists()


def meeting_titled(*, process: Process, title: str) -> Meeting | None:
    return Meeting.objects.filter(process=process, title=title).first()


def next_item_number(*, process: Process) -> int:
    numbers = AgendaItem.objects.filter(process=process).values_list("number", flat=True)
    return max(numbers, default=0) + 1


def agenda_for(*, actor: Actor, process_pk: int) -> tuple[Process, QuerySet[AgendaItem]]:
    """The issue map of a process: substance, so reading it is audited."""
    process = process_with_substance_for(actor=actor, pk=process_pk, action=AGENDA_READ)
    items = (
        AgendaItem.objects.filter(process=process)
        .select_related("track", "negotiating_text")
        .prefetch_related("links_out__target")
    )
    audit.record_read(actor=actor, action=AGENDA_READ, target=process, process_id=process.pk)
    return process, items


def agenda_item_for(*, actor: Actor, process_pk: int, pk: int) -> AgendaItem:
    process = process_with_substance_for(actor=actor, pk=process_pk, action=AGENDA_ITEM_READ)
    item = (
        AgendaItem.objects.filter(process=process, pk=pk)
        .select_related("track")
        .prefetch_related("links_out__target", "links_in__source")
        .first()
    )
    if item is None:
        raise NotFound()
    audit.record_read(actor=actor, action=AGENDA_ITEM_READ, target=item, process_id=process.pk)
    return item


def own_position(*, actor: Actor, item: AgendaItem) -> Position | None:
    """The actor's own party's position on the item; never another party's, never the host's."""
    party_id = actor.party_in(item.process_id)
    if party_id is None:
        return None
    return Position.objects.filter(item=item, party_id=party_id).first()


# What stands on the programme: every role of the process may see it.
ON_PROGRAMME = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


def meetings_visible_to(*, actor: Actor, process: Process) -> QuerySet[Meeting]:
    """The meetings of a process the caller has checked the actor may see: every one for the
    host; for a party, those it takes part in (requested or not) and what is on the programme.
    Another party's requests stay its own until they are scheduled."""
    meetings = Meeting.objects.filter(process=process)
    if not actor.is_host_in(process.pk):
        party_id = actor.party_in(process.pk)
        meetings = meetings.filter(
            Q(status__in=ON_PROGRAMME)
            | Q(pk__in=Meeting.parties.through.objects.filter(party_id=party_id).values("meeting"))
        )
    preparations = Precedence.objects.filter(before__in=meetings.values("pk")).select_related(
        "before"
    )
    return (
        meetings.select_related("track")
        .prefetch_related("parties", Prefetch("requires", queryset=preparations))
        .order_by("level", "title")
    )


def delegations_of(*, process: Process) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(process=process)
        .select_related("party")
        .prefetch_related(Prefetch("members"))
    )


def own_delegation(*, actor: Actor, process: Process) -> Delegation | None:
    party_id = actor.party_in(process.pk)
    if party_id is None:
        return None
    return delegations_of(process=process).filter(party_id=party_id).first()
