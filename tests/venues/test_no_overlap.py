"""Two live bookings of one room never overlap, whoever writes them and however many at once.

These tests commit for real (transaction=True) and run threads released together by a barrier;
the suite runs them on SQLite (triggers) and on PostgreSQL (exclusion constraint).
"""

import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.venues import actions, queries
from parley.venues.models import Booking, BookingStatus

from .conftest import at

THREADS = 16
ROUNDS = 4


def _race(attempts, *, refusal: tuple[type[Exception], ...] = (Conflict,)) -> list[str]:
    """Runs every attempt in its own thread, released together: 'won', 'lost' (refused) or the
    name of any other exception, for each."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt) -> None:
        try:
            barrier.wait(timeout=30)
            attempt()
            outcome = "won"
        except refusal:
            outcome = "lost"
        except Exception as error:  # reported in the outcome, so the assertion shows it
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _insert_sql(booking: dict) -> tuple[str, list]:
    """An INSERT written by hand, past every check of ours."""
    adapt = connection.ops.adapt_datetimefield_value
    columns = ", ".join(booking)
    marks = ", ".join(["%s"] * len(booking))
    values = [adapt(v) if hasattr(v, "tzinfo") else v for v in booking.values()]
    return f"INSERT INTO venues_booking ({columns}) VALUES ({marks})", values  # noqa: S608


def _row(talks, venue, *, start, end, blocked, status="confirmed", title="By hand") -> dict:
    return {
        "process_id": talks.process.pk,
        "room_id": venue.hall.pk,
        "title": title,
        "starts_at": start,
        "ends_at": end,
        "blocked_until": blocked,
        "status": status,
        "created_by_id": talks.users["coordinator"].pk,
        "created_at": timezone.now(),
        "cancelled_at": timezone.now() if status == "cancelled" else None,
    }


def _write(sql: str, values: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, values)


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_have_exactly_one_winner(talks, venue):
    planners = [talks.actor("coordinator"), talks.actor("protocol")]
    for round_ in range(ROUNDS):

        def attempt(i: int, round_: int = round_):
            # Every request overlaps every other: they start a minute apart and last an hour.
            return lambda: actions.booking_create(
                actor=planners[i % 2],
                process=talks.process,
                room=venue.hall,
                starts_at=at(8 + 2 * round_, i),
                ends_at=at(9 + 2 * round_, i),
                title=f"Round {round_} request {i}",
            )

        outcomes = _race([attempt(i) for i in range(THREADS)])
        assert sorted(outcomes) == ["lost"] * (THREADS - 1) + ["won"]
    assert Booking.objects.count() == ROUNDS
    assert not queries.overlapping_bookings().exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_onto_one_slot_have_exactly_one_winner(talks, venue):
    actor: Actor = talks.actor("coordinator")
    bookings = [
        actions.booking_create(
            actor=actor,
            process=talks.process,
            room=venue.hall,
            starts_at=at(i, day=1),
            ends_at=at(i, 30, day=1),
            title=f"Existing {i}",
        )
        for i in range(THREADS)
    ]
    for round_ in range(ROUNDS):

        def attempt(booking: Booking, round_: int = round_):
            return lambda: actions.booking_move(
                actor=actor,
                booking=booking,
                starts_at=at(9, 0, day=3 + round_),
                ends_at=at(10, 0, day=3 + round_),
            )

        outcomes = _race([attempt(b) for b in bookings])
        assert sorted(outcomes) == ["lost"] * (THREADS - 1) + ["won"]
        assert Booking.objects.filter(starts_at=at(9, 0, day=3 + round_)).count() == 1
    assert not queries.overlapping_bookings().exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_raw_inserts_are_held_by_the_database_alone(talks, venue):
    """No friendly check here: only the constraint (or the triggers) stands in the way."""
    for round_ in range(ROUNDS):
        rows = [
            _row(
                talks,
                venue,
                start=at(8 + 2 * round_, i, day=5),
                end=at(9 + 2 * round_, i, day=5),
                blocked=at(9 + 2 * round_, 30 + i, day=5),
                title=f"Raw {round_}.{i}",
            )
            for i in range(THREADS)
        ]
        writes = [lambda row=row: _write(*_insert_sql(row)) for row in rows]
        # The database refuses an overlap, or breaks a wait cycle between two of them.
        outcomes = _race(writes, refusal=(IntegrityError, OperationalError))
        assert sorted(outcomes) == ["lost"] * (THREADS - 1) + ["won"]
    assert not queries.overlapping_bookings().exists()


@pytest.mark.django_db(transaction=True)
def test_overlapping_row_written_with_sql_is_refused(talks, venue):
    _write(*_insert_sql(_row(talks, venue, start=at(9), end=at(10), blocked=at(10, 30))))
    with pytest.raises(IntegrityError, match="venues_booking_no_overlap"):
        _write(*_insert_sql(_row(talks, venue, start=at(10, 15), end=at(11), blocked=at(11))))
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_update_into_an_overlap_with_sql_is_refused(talks, venue):
    _write(*_insert_sql(_row(talks, venue, start=at(9), end=at(10), blocked=at(10, 30))))
    _write(*_insert_sql(_row(talks, venue, start=at(11), end=at(12), blocked=at(12))))
    later = Booking.objects.get(starts_at=at(11))
    adapt = connection.ops.adapt_datetimefield_value
    with pytest.raises(IntegrityError, match="venues_booking_no_overlap"):
        _write("UPDATE venues_booking SET starts_at = %s WHERE id = %s", [adapt(at(10)), later.pk])
    later.refresh_from_db()
    assert later.starts_at == at(11)


@pytest.mark.django_db(transaction=True)
def test_cancelled_rows_do_not_hold_the_room(talks, venue):
    _write(
        *_insert_sql(
            _row(talks, venue, start=at(9), end=at(10), blocked=at(10), status="cancelled")
        )
    )
    _write(*_insert_sql(_row(talks, venue, start=at(9), end=at(10), blocked=at(10))))
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_other_rooms_and_adjacent_times_are_not_overlaps(talks, venue):
    _write(*_insert_sql(_row(talks, venue, start=at(9), end=at(10), blocked=at(10, 30))))
    _write(*_insert_sql(_row(talks, venue, start=at(10, 30), end=at(11), blocked=at(11))))
    other_room = _row(talks, venue, start=at(9), end=at(10), blocked=at(10, 30))
    other_room["room_id"] = venue.bilateral.pk
    _write(*_insert_sql(other_room))
    assert Booking.objects.count() == 3
    assert not queries.overlapping_bookings().exists()
