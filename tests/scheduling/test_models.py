"""What the database itself refuses in the scheduling tables."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from parley.scheduling.models import MeetingWindow, ProgrammeEntry, ProgrammeVersion, SolveRun

from ..factories import (
    InterpreterPoolFactory,
    MeetingFactory,
    MemberUnavailabilityFactory,
    PartyFactory,
    ProcessFactory,
    RoomFactory,
    SeparationFactory,
)

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_interpreter_pair_must_look_like_a_pair(db):
    _refused(lambda: InterpreterPoolFactory(pair="russian"))


def test_one_interpreter_pool_per_pair_and_process(db):
    pool = InterpreterPoolFactory(pair="en-ru")
    _refused(lambda: InterpreterPoolFactory(process=pool.process, pair="en-ru"))


def test_separation_is_stored_once_per_pair(db):
    first = SeparationFactory()
    _refused(
        lambda: SeparationFactory(
            process=first.process, party_a=first.party_b, party_b=first.party_a
        )
    )


def test_separation_from_oneself_is_refused(db):
    party = PartyFactory()
    _refused(lambda: SeparationFactory(party_a=party, party_b=party))


def test_unavailability_that_ends_before_it_starts_is_refused(db):
    _refused(lambda: MemberUnavailabilityFactory(starts_at=NOW, ends_at=NOW))


def test_a_finished_run_has_a_solution(db):
    _refused(lambda: SolveRun.objects.create(process=ProcessFactory(), status="done"))


def test_a_run_has_a_positive_time_limit(db):
    _refused(lambda: SolveRun.objects.create(process=ProcessFactory(), time_limit=0))


def test_version_numbers_are_unique_in_a_process(db):
    process = ProcessFactory()
    ProgrammeVersion.objects.create(process=process, number=1, published_at=NOW)
    _refused(lambda: ProgrammeVersion.objects.create(process=process, number=1, published_at=NOW))


def test_a_meeting_appears_once_in_a_version(db):
    process = ProcessFactory()
    version = ProgrammeVersion.objects.create(process=process, number=1, published_at=NOW)
    meeting = MeetingFactory(process=process)
    room = RoomFactory(venue=process.venue)
    entry = {"version": version, "meeting": meeting, "room": room, "starts_at": NOW}
    ProgrammeEntry.objects.create(**entry, ends_at=NOW + dt.timedelta(hours=1))
    _refused(lambda: ProgrammeEntry.objects.create(**entry, ends_at=NOW + dt.timedelta(hours=2)))


def test_an_entry_ends_after_it_starts(db):
    process = ProcessFactory()
    version = ProgrammeVersion.objects.create(process=process, number=1, published_at=NOW)
    _refused(
        lambda: ProgrammeEntry.objects.create(
            version=version,
            meeting=MeetingFactory(process=process),
            room=RoomFactory(venue=process.venue),
            starts_at=NOW,
            ends_at=NOW,
        )
    )


def test_a_time_window_has_at_least_one_end(db):
    _refused(lambda: MeetingWindow.objects.create(meeting=MeetingFactory()))


def test_a_time_window_ends_after_it_starts(db):
    _refused(
        lambda: MeetingWindow.objects.create(
            meeting=MeetingFactory(), not_before=NOW, not_after=NOW
        )
    )
