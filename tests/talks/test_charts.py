"""Convergence charts: each point is a version's count; the total adds each item's newest."""

import datetime as dt

from parley.talks.charts import Series, Version, over_time, over_versions, total_over_time

T0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def _series() -> list[Series]:
    return [
        Series(
            "item-1", "1. Border", (Version(1, T0, 12), Version(2, T0 + dt.timedelta(days=2), 8))
        ),
        Series("item-2", "2. Water", (Version(1, T0 + dt.timedelta(days=1), 5),)),
    ]


def test_the_total_adds_each_items_newest_version_at_each_moment():
    total = total_over_time(_series())
    assert [(v.at - T0, v.brackets) for v in total.versions] == [
        (dt.timedelta(0), 12),
        (dt.timedelta(days=1), 17),
        (dt.timedelta(days=2), 13),
    ]


def test_each_point_carries_its_versions_count():
    chart = over_versions(_series())
    assert [[(p.version, p.brackets) for p in line.points] for line in chart.lines] == [
        [(1, 12), (2, 8)],
        [(1, 5)],
    ]


def test_fewer_brackets_sit_lower_and_later_versions_further_right():
    (border, _water) = over_versions(_series()).lines
    first, second = border.points
    assert second.x > first.x and second.y > first.y  # SVG's y grows downwards


def test_over_time_places_points_by_date_with_the_total_drawn_thick():
    series = _series()
    chart = over_time(series, total_over_time(series))
    border, water, total = chart.lines
    assert water.points[0].x == (border.points[0].x + border.points[1].x) / 2
    assert (total.key, total.width) == ("total", 3.0)
    assert chart.x_ticks[0].label == "2026-05-01"


def test_an_empty_history_draws_an_empty_chart():
    assert over_versions([]).lines == ()
    assert over_time([], total_over_time([])).x_ticks == ()
