"""Convergence charts: open brackets per agenda item over versions and over time, and the
process's total, as line charts drawn on the server as SVG (`talks/_line_chart.html`).

Pure geometry over plain data: each point keeps the value it stands for, so the page (and a
test reading its DOM) can check that the chart says exactly what the versions say.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 44
# Told apart by colour and by dash, so the lines stay distinct in grey too.
SERIES_STYLES = [
    ("#0072B2", ""),
    ("#D55E00", "6 3"),
    ("#009E73", "2 3"),
    ("#CC79A7", "8 3 2 3"),
    ("#E69F00", ""),
    ("#56B4E9", "6 3"),
    ("#6B4E16", "2 3"),
    ("#999999", "8 3 2 3"),
]
TOTAL_STYLE = ("#1d2330", "")


@dataclass(frozen=True)
class Version:
    """One version of one item's text: its number, when it was made, its open brackets."""

    number: int
    at: dt.datetime
    brackets: int


@dataclass(frozen=True)
class Series:
    key: str  # "item-<pk>" or "total"
    label: str
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    version: int  # 0 on the total, which is no version of its own
    at: dt.datetime
    brackets: int


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    colour: str
    dash: str
    width: float
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    plot: tuple[float, float, float, float]  # left, top, right, bottom


def total_over_time(series: list[Series]) -> Series:
    """The process's open brackets after each version of any item: each item counts with its
    newest version at that moment."""
    events = sorted(
        ((v.at, s.key, v) for s in series for v in s.versions), key=lambda e: (e[0], e[1])
    )
    current: dict[str, int] = {}
    points = []
    for at, key, version in events:
        current[key] = version.brackets
        points.append(Version(0, at, sum(current.values())))
    return Series("total", "", tuple(points))


def _nice_top(value: int) -> int:
    """The axis's top: the value rounded up to 1, 2 or 5 times a power of ten."""
    if value <= 5:
        return 5
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _y_axis(top_value: int) -> tuple[int, tuple[Tick, ...], float]:
    top = _nice_top(top_value)
    height = HEIGHT - TOP - BOTTOM
    ticks = tuple(Tick(round(TOP + height * (1 - i / 5), 1), str(top * i // 5)) for i in range(6))
    return top, ticks, height


def _y(brackets: int, top: int, height: float) -> float:
    return TOP + height * (1 - brackets / top)


def _styled(index: int, s: Series) -> tuple[str, str, float]:
    if s.key == "total":
        return (*TOTAL_STYLE, 3.0)
    colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
    return colour, dash, 2.0


def over_versions(series: list[Series]) -> Chart:
    """Open brackets against the version number, one line per item."""
    last = max((v.number for s in series for v in s.versions), default=1)
    top, y_ticks, height = _y_axis(max((v.brackets for s in series for v in s.versions), default=0))
    width = WIDTH - LEFT - RIGHT

    def x(number: int) -> float:
        return LEFT + (width * (number - 1) / (last - 1) if last > 1 else width / 2)

    lines = []
    for index, s in enumerate(series):
        colour, dash, stroke = _styled(index, s)
        points = tuple(
            Point(
                round(x(v.number), 1),
                round(_y(v.brackets, top, height), 1),
                v.number,
                v.at,
                v.brackets,
            )
            for v in s.versions
        )
        lines.append(Line(s.key, s.label, colour, dash, stroke, points))
    every = max(1, math.ceil(last / 12))
    x_ticks = tuple(
        Tick(round(x(n), 1), str(n)) for n in range(1, last + 1) if (n - 1) % every == 0
    )
    return Chart(WIDTH, HEIGHT, tuple(lines), x_ticks, y_ticks, _plot())


def over_time(series: list[Series], total: Series | None = None) -> Chart:
    """Open brackets against the moment each version was made; the total as a thick line."""
    everything = [*series, *([total] if total else [])]
    moments = [v.at for s in everything for v in s.versions]
    top, y_ticks, height = _y_axis(
        max((v.brackets for s in everything for v in s.versions), default=0)
    )
    width = WIDTH - LEFT - RIGHT
    first, last = (min(moments), max(moments)) if moments else (None, None)
    span = (last - first).total_seconds() if moments else 0.0

    def x(at: dt.datetime) -> float:
        return LEFT + (width * (at - first).total_seconds() / span if span else width / 2)

    lines = []
    for index, s in enumerate(everything):
        colour, dash, stroke = _styled(index, s)
        points = tuple(
            Point(
                round(x(v.at), 1), round(_y(v.brackets, top, height), 1), v.number, v.at, v.brackets
            )
            for v in s.versions
        )
        lines.append(Line(s.key, s.label, colour, dash, stroke, points))
    x_ticks: tuple[Tick, ...] = ()
    if moments:
        label = "%Y-%m-%d" if span >= 2 * 86400 else "%m-%d %H:%M" if span >= 3600 else "%H:%M:%S"
        marks = [first + (last - first) * i / 4 for i in range(5)] if span else [first]
        x_ticks = tuple(Tick(round(x(mark), 1), mark.strftime(label)) for mark in marks)
    return Chart(WIDTH, HEIGHT, tuple(lines), x_ticks, y_ticks, _plot())


def _plot() -> tuple[float, float, float, float]:
    return (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)
