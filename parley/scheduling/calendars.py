"""iCalendar feeds (RFC 5545) of a published programme: per delegation, member or room.

One VEVENT per meeting of the feed's owner, in the venue's time zone (with its VTIMEZONE).
The UID of a meeting never changes; SEQUENCE grows each time a version moves it; DTSTAMP is
when the version was published.
"""

import datetime as dt
from collections.abc import Iterable

import icalendar

from parley.talks.models import Process

from .models import ProgrammeEntry, ProgrammeVersion

PRODID = "-//Parley//Programme of the talks//EN"


def meeting_uid(entry: ProgrammeEntry) -> str:
    return f"meeting-{entry.meeting_id}.process-{entry.version.process_id}@parley.invalid"


def feed(
    *,
    process: Process,
    version: ProgrammeVersion | None,
    entries: Iterable[ProgrammeEntry],
    name: str,
) -> bytes:
    tz = process.venue.tzinfo
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{process.title} — {name}")
    calendar.add("x-wr-timezone", process.venue.time_zone)
    stamp = version.published_at if version is not None else dt.datetime.now(dt.UTC)
    days = []
    for entry in entries:
        meeting = entry.meeting
        event = icalendar.Event()
        event.add("uid", meeting_uid(entry))
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", entry.starts_at.astimezone(tz))
        event.add("dtend", entry.ends_at.astimezone(tz))
        event.add("sequence", entry.sequence)
        event.add("summary", meeting.title)
        event.add("location", f"{entry.room.name}, {process.venue.name}")
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add("description", _description(entry))
        event.add("categories", [meeting.get_level_display()])
        calendar.add_component(event)
        days.append(entry.starts_at.astimezone(tz).date())
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - dt.timedelta(days=1), last_date=max(days) + dt.timedelta(days=2)
        )
    else:
        calendar.add_component(icalendar.Timezone.from_tzid(process.venue.time_zone))
    return calendar.to_ical()


def _description(entry: ProgrammeEntry) -> str:
    meeting = entry.meeting
    lines = [
        f"Level: {meeting.get_level_display()}",
        f"Track: {meeting.track.name if meeting.track else '—'}",
        "Parties: " + ", ".join(p.name for p in meeting.parties.all()),
    ]
    people = [p.name for p in meeting.participants.all()]
    if people:
        lines.append("Participants: " + ", ".join(people))
    lines.append(f"Programme version {entry.version.number}")
    return "\n".join(lines)
