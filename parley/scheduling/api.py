"""API of the programme: the published versions of a process (logistics: every role reads them)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from parley.core.actors import actor_of

from . import queries

router = Router(tags=["programme"])


class EntryOut(Schema):
    meeting: int
    title: str
    level: str
    track: str | None
    parties: list[str]
    room: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    sequence: int


class ChangeOut(Schema):
    meeting: int
    kind: str


class ProgrammeOut(Schema):
    version: int | None
    published_at: dt.datetime | None
    time_zone: str
    entries: list[EntryOut]
    changes: list[ChangeOut]


@router.get("/{int:process_id}/programme", response=ProgrammeOut)
def programme(request: HttpRequest, process_id: int, version: int | None = None):
    """The latest published version, or `version`; times in UTC, the venue's zone alongside."""
    process, found = queries.programme_for(
        actor=actor_of(request), process_pk=process_id, number=version
    )
    return ProgrammeOut(
        version=found.number if found else None,
        published_at=found.published_at if found else None,
        time_zone=process.venue.time_zone,
        entries=[
            EntryOut(
                meeting=e.meeting_id,
                title=e.meeting.title,
                level=e.meeting.level,
                track=e.meeting.track.name if e.meeting.track else None,
                parties=[p.code for p in e.meeting.parties.all()],
                room=e.room.name,
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                sequence=e.sequence,
            )
            for e in queries.entries_of(version=found)
        ],
        changes=[
            ChangeOut(meeting=c.meeting_id, kind=c.kind)
            for c in (queries.changes_of(version=found) if found else [])
        ],
    )
