"""API of the talks: processes, requested meetings (logistics), the issue map (substance),
and the readiness report (whole for the parties, pass or fail for host staff)."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from parley.core.actors import actor_of

from . import queries

router = Router(tags=["talks"])


class ProcessOut(Schema):
    id: int
    title: str
    venue: str
    time_zone: str
    parties: list[str]


class MeetingOut(Schema):
    id: int
    title: str
    level: str
    kind: str
    track: str | None
    parties: list[str]
    size: int
    duration_minutes: int
    status: str
    after: list[int]


class AgendaItemOut(Schema):
    id: int
    number: int
    title: str
    category: str
    key: bool
    linked_to: list[int]
    linked_from: list[int]


def _process_out(process) -> ProcessOut:
    return ProcessOut(
        id=process.pk,
        title=process.title,
        venue=process.venue.name,
        time_zone=process.venue.time_zone,
        parties=[p.code for p in process.parties.all()],
    )


@router.get("", response=list[ProcessOut])
def process_list(request: HttpRequest):
    return [_process_out(p) for p in queries.processes_visible_to(actor=actor_of(request))]


@router.get("/{int:process_id}", response=ProcessOut)
def process_detail(request: HttpRequest, process_id: int):
    return _process_out(queries.process_for(actor=actor_of(request), pk=process_id))


@router.get("/{int:process_id}/meetings", response=list[MeetingOut])
def meeting_list(request: HttpRequest, process_id: int):
    actor = actor_of(request)
    process = queries.process_for(actor=actor, pk=process_id)
    return [
        MeetingOut(
            id=m.pk,
            title=m.title,
            level=m.level,
            kind=m.kind,
            track=m.track.name if m.track else None,
            parties=[p.code for p in m.parties.all()],
            size=m.size,
            duration_minutes=m.duration_minutes,
            status=m.status,
            after=[p.before_id for p in m.requires.all()],
        )
        for m in queries.meetings_visible_to(actor=actor, process=process)
    ]


@router.get("/{int:process_id}/agenda", response=list[AgendaItemOut])
def agenda(request: HttpRequest, process_id: int):
    _process, items = queries.agenda_for(actor=actor_of(request), process_pk=process_id)
    return [
        AgendaItemOut(
            id=i.pk,
            number=i.number,
            title=i.title,
            category=i.category,
            key=i.key,
            linked_to=[link.target_id for link in i.links_out.all()],
            linked_from=[link.source_id for link in i.links_in.all()],
        )
        for i in items
    ]


@router.get("/{int:process_id}/readiness", response=dict[str, Any])
def readiness(
    request: HttpRequest,
    process_id: int,
    level: Literal["senior", "minister", "leader"] = "leader",
):
    """The readiness report for moving the process to `level` (the leaders' unless given).
    Host staff get exactly `process`, `level`, `verdict`, `overridden` and `gates` of
    `{gate, passed, reason}`."""
    process, report, full = queries.readiness_for(
        actor=actor_of(request), process_pk=process_id, level=level
    )
    view = report.party_view() if full else report.host_view()
    return {"process": process.pk, **view}
