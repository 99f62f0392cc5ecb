"""The demo's readiness story, told through the actions: the expert round took place yesterday,
a ceasefire has held for nine days, the territorial text has converged over five versions.

So the senior officials' level is realistic and the leaders' is not yet: the ceasefire is too
young, brackets stay open on the key items, no ministers' meeting prepared them, and Southland
has not confirmed its intent. Every step is skipped when it was done before (idempotent).
"""

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from parley.core.actors import Actor
from parley.scheduling.actions import meeting_outcome_set, programme_publish, solution_import
from parley.scheduling.exchange import export_instance, meeting_id, room_id
from parley.scheduling.models import ProgrammeVersion
from parley.talks.actions import ceasefire_declare, intent_set
from parley.talks.models import (
    AgendaItem,
    CeasefireDeclaration,
    CeasefireStatus,
    IntentConfirmation,
    Level,
    Meeting,
    MeetingStatus,
    Process,
)
from parley.texts.actions import proposal_accept, proposal_draft, proposal_table, text_import
from parley.venues import actions as venues_actions
from parley.venues import queries as venues_queries

SECURITY_DRAFT = """# Article 1 — Monitoring of the ceasefire

1. The Parties [shall][will] allow monitors [of an international mission][of a joint \
commission] full access to the line of contact.

2. Heavy weapons shall be withdrawn [to a distance of 15 km][beyond the range of their fire] \
within [30][60] days.
"""

# (party making the proposal, kind, quoted text, new text): each makes the next version.
TERRITORIAL_ROUNDS = [
    ("south", "insert", "the line of contact", "drawn on the maps annexed to this Agreement"),
    ("north", "choose", "[shall][should]", "shall"),
    ("south", "choose", "[six][twelve]", "twelve"),
    ("north", "lift", "[composed of experts of both Parties]", ""),
]
SECURITY_ROUNDS = [
    ("south", "choose", "[shall][will]", "shall"),
    ("north", "choose", "[30][60]", "60"),
]


def _actor(username: str) -> Actor:
    return Actor.for_user(User.objects.get(username=username))


def load_readiness(process: Process) -> None:
    _ceasefire(process)
    _texts(process)
    _expert_round_held(process)
    _intents(process)


def _ceasefire(process: Process) -> None:
    if CeasefireDeclaration.objects.filter(process=process).exists():
        return
    today = timezone.localdate(timezone=process.venue.tzinfo)
    for code, days, reference in [
        ("north", 10, "Joint statement on the cessation of hostilities"),
        ("south", 9, "Order of the General Staff no. 12, in force at 00:00"),
    ]:
        ceasefire_declare(
            actor=_actor(f"{code}-head"),
            process=process,
            status=CeasefireStatus.HOLDING,
            holding_since=today - dt.timedelta(days=days),
            reference=reference,
        )


def _negotiate(item: AgendaItem, rounds: list[tuple[str, str, str, str]]) -> None:
    """Each round: one party drafts and tables; every party accepts what needs consent."""
    for code, kind, quoted, new in rounds:
        text = item.negotiating_text
        text.refresh_from_db()
        proposal = proposal_draft(
            actor=_actor(f"{code}-negotiator"),
            item=item,
            base_number=text.current_number,
            kind=kind,
            target=quoted,
            text=new,
        )
        proposal = proposal_table(actor=_actor(f"{code}-negotiator"), proposal=proposal)
        if proposal.needs_consent:
            for party in ("north", "south"):
                proposal_accept(actor=_actor(f"{party}-negotiator"), proposal=proposal)


def _texts(process: Process) -> None:
    territorial = AgendaItem.objects.get(process=process, number=1)
    if territorial.negotiating_text.current_number == 1:
        _negotiate(territorial, TERRITORIAL_ROUNDS)
    security = AgendaItem.objects.get(process=process, number=7)
    if not hasattr(security, "negotiating_text"):
        text_import(actor=_actor("south-negotiator"), item=security, body=SECURITY_DRAFT)
        security.refresh_from_db()
        _negotiate(security, SECURITY_ROUNDS)


def _expert_round_held(process: Process) -> None:
    """The four expert working groups met yesterday in Working Room 1, one after another: the
    programme's first version places them, and the protocol officer marks them held."""
    if ProgrammeVersion.objects.filter(process=process).exists():
        return
    tz = process.venue.tzinfo
    yesterday = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    room = venues_queries.room_named(venue=process.venue, name="Working Room 1")
    opens = dt.datetime.combine(yesterday, dt.time(8, 0), tzinfo=tz)
    closes = dt.datetime.combine(yesterday, dt.time(20, 0), tzinfo=tz)
    if not venues_queries.room_open(room=room, starts_at=opens, ends_at=closes):
        venues_actions.room_open(
            actor=_actor("coordinator"), process=process, room=room, starts_at=opens, ends_at=closes
        )
    experts = list(Meeting.objects.filter(process=process, level=Level.EXPERT).order_by("pk"))
    instance = export_instance(process, since=yesterday)
    # Yesterday is the instance's first day; each group takes 8 slots, the room's turnover 1.
    # What the instance pins (the hours rooms are closed) stays where it is pinned.
    pinned = [
        {"meeting": m["id"], "room": m["pinned"]["room"], "start": m["pinned"]["start"]}
        for m in instance["meetings"]
        if m["pinned"]
    ]
    solution = {
        "instance": instance["name"],
        "assignments": pinned
        + [
            {"meeting": meeting_id(m.pk), "room": room_id(room.pk), "start": 9 * n}
            for n, m in enumerate(experts)
        ],
    }
    protocol = _actor("protocol")
    run = solution_import(actor=protocol, process=process, solution=solution, since=yesterday)
    programme_publish(actor=protocol, run=run, note="The expert round")
    for meeting in experts:
        meeting_outcome_set(actor=protocol, meeting=meeting, status=MeetingStatus.HELD)


def _intents(process: Process) -> None:
    if IntentConfirmation.objects.filter(process=process).exists():
        return
    for code, level in [("north", Level.SENIOR), ("south", Level.SENIOR), ("north", Level.LEADER)]:
        intent_set(actor=_actor(f"{code}-head"), process=process, level=level, confirmed=True)
