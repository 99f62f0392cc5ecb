"""The printable programme (PDF, ReportLab): a day grid by room, then the list of meetings.

Times in the venue's zone. Fonts are ReportLab's built-in ones: nothing is fetched.
"""

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from parley.talks.models import Process

from .models import ProgrammeEntry, ProgrammeVersion

STYLES = getSampleStyleSheet()
CELL = ParagraphStyle("cell", parent=STYLES["BodyText"], fontSize=7, leading=8.5)
SMALL = ParagraphStyle("small", parent=STYLES["BodyText"], fontSize=8, leading=10)
LEVEL_FILL = {
    "expert": colors.HexColor("#e8f1fb"),
    "senior": colors.HexColor("#e6f4ea"),
    "minister": colors.HexColor("#fff4d6"),
    "leader": colors.HexColor("#fde8e8"),
}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DayGrid(Flowable):
    """One day: a column per room, a row per half hour, a box per meeting."""

    def __init__(self, day: dt.date, entries: Sequence[ProgrammeEntry], tz: dt.tzinfo) -> None:
        super().__init__()
        self.day, self.entries, self.tz = day, entries, tz
        self.rooms = sorted({e.room.name for e in entries})
        starts = [e.starts_at.astimezone(tz) for e in entries]
        ends = [e.ends_at.astimezone(tz) for e in entries]
        self.first = min(s.hour for s in starts)
        self.last = max(e.hour + (1 if e.minute else 0) for e in ends)
        if self.last <= self.first:
            self.last = self.first + 1

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 2 * mm
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        gutter, header = 14 * mm, 8 * mm
        column = (self.width - gutter) / max(1, len(self.rooms))
        hours = self.last - self.first
        per_minute = (self.height - header) / (hours * 60)
        top = self.height - header
        c.setFont("Helvetica-Bold", 8)
        for i, room in enumerate(self.rooms):
            c.drawString(gutter + i * column + 2, top + 2.5 * mm, room[:40])
        c.setFont("Helvetica", 7)
        c.setStrokeColor(colors.HexColor("#d5d9e2"))
        for h in range(hours + 1):
            y = top - h * 60 * per_minute
            c.line(gutter, y, self.width, y)
            c.drawString(0, y - 3, f"{self.first + h:02d}:00")
        for i in range(len(self.rooms) + 1):
            c.line(gutter + i * column, 0, gutter + i * column, top)
        for e in self.entries:
            start = e.starts_at.astimezone(self.tz)
            end = e.ends_at.astimezone(self.tz)
            y0 = top - ((start.hour - self.first) * 60 + start.minute) * per_minute
            height = (end - start).total_seconds() / 60 * per_minute
            x = gutter + self.rooms.index(e.room.name) * column
            c.setFillColor(LEVEL_FILL.get(e.meeting.level, colors.white))
            c.setStrokeColor(colors.HexColor("#5b6476"))
            c.rect(x + 1, y0 - height, column - 2, height, fill=1)
            c.setFillColor(colors.black)
            text = (
                f"<b>{start:%H:%M}-{end:%H:%M}</b> {_esc(e.meeting.title)}"
                f" <i>({_esc(', '.join(p.code for p in e.meeting.parties.all()))})</i>"
            )
            para = Paragraph(text, CELL)
            _w, h = para.wrap(column - 6, height)
            if h <= height - 2:
                para.drawOn(c, x + 3, y0 - 2 - h)
            else:
                c.setFont("Helvetica", 6)
                c.drawString(x + 3, y0 - 7, f"{start:%H:%M} {e.meeting.title}"[:50])


def programme_pdf(
    *, process: Process, version: ProgrammeVersion | None, entries: Sequence[ProgrammeEntry]
) -> bytes:
    tz = process.venue.tzinfo
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{process.title} — programme",
        author="Parley",
    )
    if version is None:
        subtitle = "No programme has been published yet."
    else:
        published = version.published_at.astimezone(tz)
        subtitle = (
            f"Version {version.number}, published {published:%Y-%m-%d %H:%M}"
            f" · times in {process.venue.time_zone}"
        )
    story: list = []
    by_day: dict[dt.date, list[ProgrammeEntry]] = defaultdict(list)
    for e in entries:
        by_day[e.starts_at.astimezone(tz).date()].append(e)
    for day in sorted(by_day):
        story += [
            Paragraph(f"{_esc(process.title)} — {day:%A %d %B %Y}", STYLES["Heading2"]),
            Paragraph(_esc(f"{process.venue.name} · {subtitle}"), SMALL),
            Spacer(1, 3 * mm),
            DayGrid(day, by_day[day], tz),
            PageBreak(),
        ]
    story += [
        Paragraph(f"{_esc(process.title)} — all meetings", STYLES["Heading2"]),
        Paragraph(_esc(subtitle), SMALL),
        Spacer(1, 3 * mm),
    ]
    rows = [["Day", "Time", "Room", "Meeting", "Level", "Track", "Parties"]]
    for e in entries:
        start, end = e.starts_at.astimezone(tz), e.ends_at.astimezone(tz)
        m = e.meeting
        rows.append(
            [
                f"{start:%a %d %b}",
                f"{start:%H:%M}-{end:%H:%M}",
                Paragraph(_esc(e.room.name), SMALL),
                Paragraph(_esc(m.title), SMALL),
                m.get_level_display(),
                Paragraph(_esc(m.track.name if m.track else "—"), SMALL),
                Paragraph(_esc(", ".join(p.name for p in m.parties.all())), SMALL),
            ]
        )
    widths = [24 * mm, 24 * mm, 38 * mm, 90 * mm, 32 * mm, 34 * mm, 31 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d5d9e2")),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
