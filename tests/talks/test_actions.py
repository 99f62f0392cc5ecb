"""Writes of the talks: each allowed for whom the rules say, refused like a missing object for
anyone else, and recorded in the audit chain inside its own transaction (nothing is written
when the event cannot be)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError

from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions, queries
from parley.talks.audit_actions import (
    AGENDA_ITEM_ADD,
    AGENDA_LINK_ADD,
    MEETING_REQUEST,
    MEMBER_ADD,
    PARTY_REGISTER,
    PROCESS_OPEN,
    PROCESS_READ,
    ROLE_GRANT,
    ROLE_REVOKE,
    TRACK_ADD,
    VENUE_ADD,
)
from parley.talks.models import (
    AgendaItem,
    AgendaLink,
    CeasefireDeclaration,
    GateSetting,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Party,
    Position,
    Process,
    ReadinessOverride,
    Role,
    RoleKind,
    Track,
    Venue,
)
from parley.talks.readiness import Setting
from parley.talks.rules import can_see_substance

from ..conftest import Talks, jam_the_audit_chain
from ..factories import (
    AgendaItemFactory,
    MeetingFactory,
    PartyFactory,
    TrackFactory,
    UserFactory,
    VenueFactory,
)


def test_position_is_saved_for_the_actors_own_party(talks):
    actions.position_save(actor=talks.actor("north_negotiator"), item=talks.item, body=" Hold. ")
    assert list(Position.objects.values_list("party__code", "body")) == [("north", "Hold.")]
    assert list(AuditEvent.objects.values_list("action", "object_type")) == [
        ("position.save", "talks.position")
    ]


def test_position_body_never_enters_the_audit_chain(talks):
    actions.position_save(actor=talks.actor("north_head"), item=talks.item, body="red line 42")
    assert "red line 42" not in str(list(AuditEvent.objects.values()))


def test_host_cannot_write_a_position(talks):
    with pytest.raises(NotFound):
        actions.position_save(actor=talks.actor("coordinator"), item=talks.item, body="x")
    assert Position.objects.count() == 0


def test_empty_position_is_refused_and_nothing_written(talks):
    with pytest.raises(Conflict):
        actions.position_save(actor=talks.actor("north_head"), item=talks.item, body="   ")
    assert (Position.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_meeting_request_by_a_party_records_preparation(talks):
    prep = MeetingFactory(process=talks.process)
    meeting = actions.meeting_request(
        actor=talks.actor("south_negotiator"),
        process=talks.process,
        title="Senior officials",
        level=Level.SENIOR,
        kind=MeetingKind.BILATERAL,
        parties=[talks.north, talks.south],
        size=8,
        duration_minutes=90,
        after=[(prep, 30)],
    )
    assert list(meeting.requires.values_list("before", "gap_minutes")) == [(prep.pk, 30)]
    assert list(AuditEvent.objects.values_list("action", "party")) == [("meeting.request", "south")]


def test_party_cannot_request_a_meeting_it_does_not_attend(talks):
    with pytest.raises(NotFound):
        actions.meeting_request(
            actor=talks.actor("south_negotiator"),
            process=talks.process,
            title="North caucus",
            level=Level.EXPERT,
            kind=MeetingKind.CAUCUS,
            parties=[talks.north],
            size=4,
            duration_minutes=60,
        )


def test_meeting_with_a_party_outside_the_process_is_refused(talks):
    with pytest.raises(Conflict):
        actions.meeting_request(
            actor=talks.actor("coordinator"),
            process=talks.process,
            title="x",
            level=Level.EXPERT,
            kind=MeetingKind.BILATERAL,
            parties=[PartyFactory()],
            size=4,
            duration_minutes=60,
        )
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("who", ["protocol", "services", "north_head", "south_negotiator"])
def test_only_the_host_coordinator_adds_or_removes_a_party(talks, who):
    east = PartyFactory(code="east", name="Eastland")
    with pytest.raises(NotFound):
        actions.party_join(actor=talks.actor(who), process=talks.process, party=east)
    with pytest.raises(NotFound):
        actions.party_leave(actor=talks.actor(who), process=talks.process, party=talks.south)
    assert sorted(talks.process.parties.values_list("code", flat=True)) == ["north", "south"]


def test_party_join_and_leave_are_audited_with_a_delegation(talks):
    east = PartyFactory(code="east", name="Eastland")
    delegation = actions.party_join(
        actor=talks.actor("coordinator"), process=talks.process, party=east
    )
    assert (delegation.process, delegation.party) == (talks.process, east)
    with pytest.raises(Conflict):
        actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=east)
    actions.party_leave(actor=talks.actor("coordinator"), process=talks.process, party=east)
    with pytest.raises(Conflict):
        actions.party_leave(actor=talks.actor("coordinator"), process=talks.process, party=east)
    assert list(AuditEvent.objects.values_list("action", "detail__party")) == [
        ("party.join", "east"),
        ("party.leave", "east"),
    ]


# Consent to share substance


def _events() -> list[tuple[str, str, str]]:
    return list(AuditEvent.objects.values_list("action", "actor", "decision"))


def test_host_sees_substance_only_once_every_party_consents(talks):
    coordinator = talks.actor("coordinator")
    actions.share_grant(actor=talks.actor("north_head"), process=talks.process)
    assert not can_see_substance(coordinator, talks.process)
    actions.share_grant(actor=talks.actor("south_head"), process=talks.process)
    assert can_see_substance(coordinator, talks.process)


def test_one_revocation_closes_the_host_view_again(talks):
    for head in ("north_head", "south_head"):
        actions.share_grant(actor=talks.actor(head), process=talks.process)
    actions.share_revoke(actor=talks.actor("south_head"), process=talks.process)
    assert not can_see_substance(talks.actor("services"), talks.process)


def test_share_grant_and_revoke_write_exactly_their_events(talks):
    actions.share_grant(actor=talks.actor("north_head"), process=talks.process)
    actions.share_grant(actor=talks.actor("north_head"), process=talks.process)  # no change
    actions.share_revoke(actor=talks.actor("north_head"), process=talks.process)
    assert _events() == [
        ("share.grant", "north-head", "allowed"),
        ("share.revoke", "north-head", "allowed"),
    ]
    assert list(AuditEvent.objects.values_list("party", flat=True)) == ["north", "north"]


@pytest.mark.parametrize("role", ["north_negotiator", "north_staff", "coordinator", "protocol"])
def test_only_a_head_of_delegation_can_grant_a_share(talks, role):
    with pytest.raises(NotFound) as refused:
        actions.share_grant(actor=talks.actor(role), process=talks.process)
    assert refused.value.denial.action == "share.grant"
    assert _events() == []


# Setting up: venues, parties, processes. Only someone entrusted with it (talks.add_process).


@pytest.fixture
def opener(db) -> Actor:
    user = UserFactory(username="opener")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="talks", codename="add_process")
    )
    return Actor.for_user(user)


def _allowed(action: str) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(action=action).values_list("action", "decision"))


def test_venue_add_records_the_venue_and_its_zone(opener):
    venue = actions.venue_add(actor=opener, name="Lakeside", time_zone="Europe/Vienna")
    assert (venue.name, venue.time_zone) == ("Lakeside", "Europe/Vienna")
    assert _allowed(VENUE_ADD) == [(VENUE_ADD, "allowed")]


def test_venue_with_an_unknown_time_zone_is_a_conflict(opener):
    with pytest.raises(Conflict) as refused:
        actions.venue_add(actor=opener, name="Lakeside", time_zone="Europe/Atlantis")
    assert refused.value.message == "Europe/Atlantis is not a known time zone."
    assert (Venue.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_party_register_records_the_party(opener):
    party = actions.party_register(actor=opener, code="east", name="Eastland", colour="#00AA00")
    assert (party.code, party.colour) == ("east", "#00aa00")
    assert list(AuditEvent.objects.values_list("action", "detail__party")) == [
        (PARTY_REGISTER, "east")
    ]


def test_process_open_makes_the_opener_its_host_coordinator(opener):
    venue = VenueFactory()
    process = actions.process_open(actor=opener, title="Talks on the river", venue=venue)
    assert Role.objects.get(process=process).kind == RoleKind.HOST_COORDINATOR
    assert Actor.for_user(opener.user).has_role(process.pk, RoleKind.HOST_COORDINATOR)
    assert list(AuditEvent.objects.values_list("action", "process_id")) == [
        (PROCESS_OPEN, process.pk)
    ]


def test_a_process_title_is_taken_once(opener):
    venue = VenueFactory()
    actions.process_open(actor=opener, title="Talks on the river", venue=venue)
    with pytest.raises(Conflict):
        actions.process_open(actor=opener, title=" Talks on the river ", venue=venue)
    assert (Process.objects.count(), AuditEvent.objects.count()) == (1, 1)


@pytest.mark.parametrize("who", ["coordinator", "north_head"])
def test_only_those_entrusted_set_up_talks_and_a_refusal_writes_nothing(talks, who):
    actor = talks.actor(who)
    before = (Venue.objects.count(), Party.objects.count(), Process.objects.count())
    with pytest.raises(NotFound) as venue_refused:
        actions.venue_add(actor=actor, name="Elsewhere")
    with pytest.raises(NotFound):
        actions.party_register(actor=actor, code="east", name="Eastland")
    with pytest.raises(NotFound):
        actions.process_open(actor=actor, title="Other talks", venue=talks.process.venue)
    assert venue_refused.value.denial.action == VENUE_ADD
    assert (Venue.objects.count(), Party.objects.count(), Process.objects.count()) == before
    assert AuditEvent.objects.count() == 0


def test_setting_up_and_its_audit_event_stand_or_fall_together(opener):
    venue = VenueFactory()
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        actions.venue_add(actor=opener, name="Lakeside")
    with pytest.raises(IntegrityError):
        actions.party_register(actor=opener, code="east", name="Eastland")
    with pytest.raises(IntegrityError):
        actions.process_open(actor=opener, title="Talks on the river", venue=venue)
    assert (Venue.objects.count(), Party.objects.count(), Process.objects.count()) == (1, 0, 0)
    assert Role.objects.count() == 0


# Roles: a coordinator grants the host's roles and heads; a head its own party's people.


@pytest.mark.parametrize(
    ("granter", "kind", "party"),
    [
        ("coordinator", RoleKind.HOST_PROTOCOL, None),
        ("coordinator", RoleKind.HEAD_OF_DELEGATION, "south"),
        ("north_head", RoleKind.NEGOTIATOR, "north"),
        ("north_head", RoleKind.STAFF, "north"),
    ],
)
def test_role_grant_by_whom_the_rules_allow(talks, granter, kind, party):
    newcomer = UserFactory()
    role = actions.role_grant(
        actor=talks.actor(granter),
        process=talks.process,
        user=newcomer,
        kind=kind,
        party=getattr(talks, party) if party else None,
    )
    assert Actor.for_user(newcomer).has_role(talks.process.pk, kind)
    assert list(AuditEvent.objects.values_list("action", "detail")) == [
        (ROLE_GRANT, {"user": newcomer.username, "kind": kind, "party": party or ""})
    ]
    assert role.process == talks.process


@pytest.mark.parametrize(
    ("granter", "kind", "party"),
    [
        ("north_head", RoleKind.HOST_SERVICES, None),
        ("north_head", RoleKind.HEAD_OF_DELEGATION, "north"),
        ("north_head", RoleKind.NEGOTIATOR, "south"),
        ("coordinator", RoleKind.NEGOTIATOR, "north"),
        ("protocol", RoleKind.HOST_PROTOCOL, None),
        ("north_negotiator", RoleKind.STAFF, "north"),
    ],
)
def test_role_grant_by_anyone_else_is_refused_like_a_missing_process(talks, granter, kind, party):
    with pytest.raises(NotFound) as refused:
        actions.role_grant(
            actor=talks.actor(granter),
            process=talks.process,
            user=UserFactory(),
            kind=kind,
            party=getattr(talks, party) if party else None,
        )
    assert refused.value.denial.action == ROLE_GRANT
    assert Role.objects.count() == 9
    assert AuditEvent.objects.count() == 0


def test_role_grant_to_an_outsider_of_the_process_is_refused(talks, outsider):
    with pytest.raises(NotFound) as refused:
        actions.role_grant(
            actor=Actor.for_user(outsider),
            process=talks.process,
            user=UserFactory(),
            kind=RoleKind.STAFF,
            party=talks.north,
        )
    assert refused.value.denial.action == PROCESS_READ


@pytest.mark.parametrize(
    ("kind", "party", "message"),
    [
        ("mediator", None, "There is no such role."),
        (RoleKind.HOST_SERVICES, "north", "A host role speaks for no party."),
        (RoleKind.HEAD_OF_DELEGATION, None, "A party's role needs its party."),
    ],
)
def test_role_of_the_wrong_shape_is_a_conflict(talks, kind, party, message):
    with pytest.raises(Conflict) as refused:
        actions.role_grant(
            actor=talks.actor("coordinator"),
            process=talks.process,
            user=UserFactory(),
            kind=kind,
            party=getattr(talks, party) if party else None,
        )
    assert refused.value.message == message
    assert AuditEvent.objects.count() == 0


def test_a_person_holds_one_role_per_process(talks):
    with pytest.raises(Conflict):
        actions.role_grant(
            actor=talks.actor("coordinator"),
            process=talks.process,
            user=talks.users["north_staff"],
            kind=RoleKind.HOST_PROTOCOL,
        )
    assert Role.objects.get(user=talks.users["north_staff"]).kind == RoleKind.STAFF


def test_role_revoke_ends_what_its_granter_may_grant(talks):
    staff = Role.objects.get(user=talks.users["north_staff"])
    actions.role_revoke(actor=talks.actor("north_head"), role=staff)
    assert Actor.for_user(talks.users["north_staff"]).grant_in(talks.process.pk) is None
    assert list(AuditEvent.objects.values_list("action", "party", "detail__user")) == [
        (ROLE_REVOKE, "north", "north-staff")
    ]


@pytest.mark.parametrize(
    ("who", "whose"), [("south_head", "north_staff"), ("protocol", "services")]
)
def test_role_revoke_by_anyone_else_is_refused_and_ends_nothing(talks, who, whose):
    role = Role.objects.get(user=talks.users[whose])
    with pytest.raises(NotFound) as refused:
        actions.role_revoke(actor=talks.actor(who), role=role)
    assert refused.value.denial.action == ROLE_REVOKE
    assert Role.objects.filter(pk=role.pk).exists()


def test_the_last_host_coordinator_stays(talks):
    own = Role.objects.get(user=talks.users["coordinator"])
    with pytest.raises(Conflict):
        actions.role_revoke(actor=talks.actor("coordinator"), role=own)
    assert Role.objects.filter(pk=own.pk).exists()


def test_roles_and_their_audit_events_stand_or_fall_together(talks):
    staff = Role.objects.get(user=talks.users["north_staff"])
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        actions.role_grant(
            actor=talks.actor("north_head"),
            process=talks.process,
            user=UserFactory(),
            kind=RoleKind.STAFF,
            party=talks.north,
        )
    with pytest.raises(IntegrityError):
        actions.role_revoke(actor=talks.actor("north_head"), role=staff)
    assert Role.objects.count() == 9


# Delegations, tracks and the agenda


def _member(talks: Talks, who: str, party: Party, **fields) -> Member:
    return actions.member_add(
        actor=talks.actor(who),
        process=talks.process,
        party=party,
        name=fields.pop("name", "Ida Lund"),
        level=fields.pop("level", Level.EXPERT),
        **fields,
    )


@pytest.mark.parametrize("who", ["coordinator", "north_head"])
def test_member_add_by_the_coordinator_or_the_partys_own_head(talks, who):
    member = _member(talks, who, talks.north, languages=["en", "ru"])
    assert (member.delegation.party, member.languages) == (talks.north, ["en", "ru"])
    assert list(AuditEvent.objects.values_list("action", "party")) == [(MEMBER_ADD, "north")]


@pytest.mark.parametrize("who", ["south_head", "north_negotiator", "protocol"])
def test_member_add_by_anyone_else_is_refused_and_writes_nothing(talks, who):
    before = Member.objects.count()
    with pytest.raises(NotFound):
        _member(talks, who, talks.north)
    assert Member.objects.count() == before
    assert AuditEvent.objects.count() == 0


def test_a_member_account_must_hold_a_role_of_that_party(talks):
    with pytest.raises(Conflict):
        _member(talks, "coordinator", talks.north, user=talks.users["south_staff"])
    member = _member(talks, "coordinator", talks.north, user=talks.users["north_staff"])
    assert member.user == talks.users["north_staff"]


def test_track_add_by_a_planner(talks):
    track = actions.track_add(actor=talks.actor("protocol"), process=talks.process, name="Borders")
    assert track.process == talks.process
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [TRACK_ADD]
    with pytest.raises(Conflict):
        actions.track_add(actor=talks.actor("protocol"), process=talks.process, name="Borders")


def test_track_add_by_a_party_is_refused(talks):
    with pytest.raises(NotFound):
        actions.track_add(actor=talks.actor("north_head"), process=talks.process, name="Borders")
    assert Track.objects.count() == 0


def test_agenda_item_add_numbers_it_next_and_keeps_its_title_out_of_the_chain(talks):
    item = actions.agenda_item_add(
        actor=talks.actor("south_negotiator"),
        process=talks.process,
        title="Prisoners",
        category="humanitarian",
        track=TrackFactory(process=talks.process),
    )
    assert item.number == 3  # the talks fixture has items 1 and 2
    event = AuditEvent.objects.get()
    assert (event.action, event.party, event.detail) == (AGENDA_ITEM_ADD, "south", {"number": 3})
    assert "Prisoners" not in str(event.detail)


@pytest.mark.parametrize("who", ["coordinator", "north_staff"])
def test_agenda_item_add_by_the_host_or_staff_is_refused(talks, who):
    with pytest.raises(NotFound):
        actions.agenda_item_add(
            actor=talks.actor(who), process=talks.process, title="x", category="legal"
        )
    assert AgendaItem.objects.count() == 2


def test_agenda_item_with_a_track_of_another_process_is_a_conflict(talks):
    with pytest.raises(Conflict):
        actions.agenda_item_add(
            actor=talks.actor("north_head"),
            process=talks.process,
            title="x",
            category="legal",
            track=TrackFactory(),
        )
    assert AgendaItem.objects.count() == 2


def test_agenda_link_add_links_two_items_once(talks):
    third = AgendaItemFactory(process=talks.process, number=3)
    actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=talks.item)
    assert list(AuditEvent.objects.values_list("action", "detail")) == [
        (AGENDA_LINK_ADD, {"source": 3, "target": 1})
    ]
    with pytest.raises(Conflict):
        actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=talks.item)
    with pytest.raises(NotFound):
        actions.agenda_link_add(actor=talks.actor("coordinator"), source=talks.item, target=third)
    with pytest.raises(Conflict):
        other = AgendaItemFactory()
        actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=other)
    assert AgendaLink.objects.filter(source=third).count() == 1


def test_delegations_and_agenda_and_their_audit_events_stand_or_fall_together(talks):
    third = AgendaItemFactory(process=talks.process, number=3)
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        _member(talks, "north_head", talks.north)
    with pytest.raises(IntegrityError):
        actions.track_add(actor=talks.actor("protocol"), process=talks.process, name="Borders")
    with pytest.raises(IntegrityError):
        actions.agenda_item_add(
            actor=talks.actor("north_head"), process=talks.process, title="x", category="legal"
        )
    with pytest.raises(IntegrityError):
        actions.agenda_link_add(actor=talks.actor("north_head"), source=third, target=talks.item)
    assert (Member.objects.count(), Track.objects.count(), AgendaItem.objects.count()) == (2, 0, 3)
    assert AgendaLink.objects.filter(source=third).count() == 0


# Meetings


def test_meeting_request_with_participants_of_its_parties(talks):
    north_member = Member.objects.get(delegation__party=talks.north)
    meeting = actions.meeting_request(
        actor=talks.actor("north_negotiator"),
        process=talks.process,
        title="North caucus",
        level=Level.EXPERT,
        kind=MeetingKind.CAUCUS,
        parties=[talks.north],
        size=4,
        duration_minutes=60,
        participants=[north_member],
    )
    assert list(meeting.participants.all()) == [north_member]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [MEETING_REQUEST]


def test_meeting_with_a_participant_of_another_party_is_refused_before_anything_is_written(talks):
    south_member = Member.objects.get(delegation__party=talks.south)
    with pytest.raises(Conflict):
        actions.meeting_request(
            actor=talks.actor("north_negotiator"),
            process=talks.process,
            title="North caucus",
            level=Level.EXPERT,
            kind=MeetingKind.CAUCUS,
            parties=[talks.north],
            size=4,
            duration_minutes=60,
            participants=[south_member],
        )
    assert (Meeting.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_meeting_request_and_its_audit_event_stand_or_fall_together(talks):
    jam_the_audit_chain()
    with pytest.raises(IntegrityError):
        actions.meeting_request(
            actor=talks.actor("coordinator"),
            process=talks.process,
            title="Plenary",
            level=Level.SENIOR,
            kind=MeetingKind.PLENARY,
            parties=[talks.north, talks.south],
            size=10,
            duration_minutes=90,
        )
    assert Meeting.objects.count() == 0


# Readiness: ceasefire declarations, intent, overrides, gate settings


def _declare(talks, who, status="holding", days=20, reference=""):
    since = queries.venue_today(talks.process) - dt.timedelta(days=days)
    return actions.ceasefire_declare(
        actor=talks.actor(who),
        process=talks.process,
        status=status,
        holding_since=since if status == "holding" else None,
        reference=reference,
    )


def test_a_head_declares_the_ceasefire_for_their_party_and_it_is_audited(talks):
    declaration = _declare(talks, "north_head", days=3, reference="Statement of 1 May")
    assert (declaration.party, declaration.status, declaration.reference) == (
        talks.north,
        "holding",
        "Statement of 1 May",
    )
    assert list(AuditEvent.objects.values_list("action", "party", "object_type")) == [
        ("ceasefire.declare", "north", "talks.ceasefiredeclaration")
    ]


@pytest.mark.parametrize("who", ["north_negotiator", "north_staff", "coordinator", "protocol"])
def test_only_a_head_of_delegation_declares_the_ceasefire(talks, who):
    with pytest.raises(NotFound):
        _declare(talks, who)
    assert CeasefireDeclaration.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", "decision")) == []


@pytest.mark.parametrize(
    ("status", "since"),
    [
        ("holding", None),
        ("declared", dt.date(2026, 1, 1)),
        ("none", dt.date(2026, 1, 1)),
        ("x", None),
    ],
)
def test_a_declaration_that_does_not_add_up_is_refused_and_nothing_written(talks, status, since):
    with pytest.raises(Conflict):
        actions.ceasefire_declare(
            actor=talks.actor("south_head"),
            process=talks.process,
            status=status,
            holding_since=since,
        )
    assert (CeasefireDeclaration.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_ceasefire_cannot_hold_since_tomorrow(talks):
    with pytest.raises(Conflict):
        _declare(talks, "south_head", days=-1)


def test_every_declaration_stays_in_the_history(talks):
    _declare(talks, "north_head", days=5)
    _declare(talks, "north_head", status="none")
    assert list(
        CeasefireDeclaration.objects.order_by("declared_at", "pk").values_list("status", flat=True)
    ) == ["holding", "none"]
    assert queries.latest_declarations(process=talks.process)[talks.north.pk].status == "none"


def test_a_new_declaration_changes_the_report_at_once(talks):
    _declare(talks, "north_head", days=30)
    _declare(talks, "south_head", days=30)
    ceasefire = _report(talks, "leader").gates[0]
    assert ceasefire.passed
    _declare(talks, "south_head", status="declared")
    ceasefire = _report(talks, "leader").gates[0]
    assert (ceasefire.passed, ceasefire.reason) == (
        False,
        "Declared but not yet holding for Southland; 14 days needed.",
    )


def _report(talks, level, who="north_head"):
    _process, report, _full = queries.readiness_for(
        actor=talks.actor(who), process_pk=talks.process.pk, level=level
    )
    return report


def test_intent_is_confirmed_by_each_head_and_taken_back(talks):
    actions.intent_set(
        actor=talks.actor("north_head"), process=talks.process, level="leader", confirmed=True
    )
    assert _report(talks, "leader").gates[3].reason == (
        "Not yet confirmed by the head of delegation of: Southland."
    )
    actions.intent_set(
        actor=talks.actor("south_head"), process=talks.process, level="leader", confirmed=True
    )
    assert _report(talks, "leader").gates[3].passed
    actions.intent_set(
        actor=talks.actor("south_head"), process=talks.process, level="leader", confirmed=False
    )
    assert not _report(talks, "leader").gates[3].passed
    assert list(
        AuditEvent.objects.filter(action="readiness.intent").values_list("party", "detail")
    ) == [
        ("north", {"level": "leader", "confirmed": True}),
        ("south", {"level": "leader", "confirmed": True}),
        ("south", {"level": "leader", "confirmed": False}),
    ]


def test_confirming_intent_twice_is_a_conflict(talks):
    actions.intent_set(
        actor=talks.actor("north_head"), process=talks.process, level="senior", confirmed=True
    )
    with pytest.raises(Conflict):
        actions.intent_set(
            actor=talks.actor("north_head"), process=talks.process, level="senior", confirmed=True
        )


@pytest.mark.parametrize("level", ["expert", "emperor", ""])
def test_intent_is_for_a_readiness_level(talks, level):
    with pytest.raises(Conflict):
        actions.intent_set(
            actor=talks.actor("north_head"), process=talks.process, level=level, confirmed=True
        )


def test_a_negotiator_cannot_confirm_intent(talks):
    with pytest.raises(NotFound):
        actions.intent_set(
            actor=talks.actor("north_negotiator"),
            process=talks.process,
            level="leader",
            confirmed=True,
        )


def test_the_override_takes_every_partys_head_and_each_is_audited(talks):
    actions.override_set(
        actor=talks.actor("north_head"), process=talks.process, level="leader", overriding=True
    )
    assert _report(talks, "leader").overridden is False
    assert _report(talks, "leader").overridden_by == ("north",)
    actions.override_set(
        actor=talks.actor("south_head"), process=talks.process, level="leader", overriding=True
    )
    assert _report(talks, "leader").overridden is True
    assert list(
        AuditEvent.objects.filter(action="readiness.override").values_list(
            "actor", "party", "detail"
        )
    ) == [
        ("north-head", "north", {"level": "leader", "overriding": True}),
        ("south-head", "south", {"level": "leader", "overriding": True}),
    ]


@pytest.mark.parametrize("who", ["south_negotiator", "coordinator", "protocol", "services"])
def test_nobody_but_a_head_overrides(talks, who):
    with pytest.raises(NotFound):
        actions.override_set(
            actor=talks.actor(who), process=talks.process, level="leader", overriding=True
        )
    assert ReadinessOverride.objects.count() == 0


def test_an_override_of_a_party_that_left_stands_for_nobody(talks):
    for head in ("north_head", "south_head"):
        actions.override_set(
            actor=talks.actor(head), process=talks.process, level="leader", overriding=True
        )
    newcomer = PartyFactory(name="Eastland")
    actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=newcomer)
    assert _report(talks, "leader").overridden is False


def test_a_gate_setting_takes_effect_when_every_party_accepts(talks):
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="ceasefire",
        required=True,
        threshold=30,
    )
    assert setting.status == "proposed"
    assert queries.readiness_facts(process=talks.process).setting("leader", "ceasefire") == Setting(
        True, 14
    )
    actions.gate_accept(actor=talks.actor("south_head"), setting=setting)
    setting.refresh_from_db()
    assert setting.status == "agreed"
    assert queries.readiness_facts(process=talks.process).setting("leader", "ceasefire") == Setting(
        True, 30
    )
    assert list(AuditEvent.objects.values_list("action", "party")) == [
        ("readiness.gate.propose", "north"),
        ("readiness.gate.accept", "south"),
        ("readiness.gate.agree", "south"),
    ]


def test_a_gate_proposal_withdrawn_changes_nothing(talks):
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="senior",
        gate="intent",
        required=False,
    )
    actions.gate_withdraw(actor=talks.actor("south_head"), setting=setting)
    with pytest.raises(Conflict):
        actions.gate_accept(actor=talks.actor("south_head"), setting=setting)
    assert queries.readiness_facts(process=talks.process).setting("senior", "intent") == Setting(
        True
    )


@pytest.mark.parametrize(
    ("gate", "required", "threshold"),
    [
        ("ceasefire", True, None),
        ("key_items", True, -1),
        ("nothing", True, 1),
        ("ceasefire", True, 14),
    ],
)
def test_a_gate_proposal_that_cannot_apply_is_refused(talks, gate, required, threshold):
    with pytest.raises(Conflict):
        actions.gate_propose(
            actor=talks.actor("north_head"),
            process=talks.process,
            level="leader",
            gate=gate,
            required=required,
            threshold=threshold,
        )
    assert GateSetting.objects.count() == 0


def test_one_open_proposal_per_gate_and_level(talks):
    actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="ceasefire",
        required=True,
        threshold=21,
    )
    with pytest.raises(Conflict):
        actions.gate_propose(
            actor=talks.actor("south_head"),
            process=talks.process,
            level="leader",
            gate="ceasefire",
            required=True,
            threshold=7,
        )


def test_the_host_cannot_accept_a_gate_setting(talks):
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="preparation",
        required=False,
    )
    with pytest.raises(NotFound):
        actions.gate_accept(actor=talks.actor("coordinator"), setting=setting)
    setting.refresh_from_db()
    assert setting.status == "proposed"
