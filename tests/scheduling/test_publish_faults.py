"""A publishing process killed (SIGKILL) inside its transaction: the database keeps the version
before it whole, with its bookings, and the audit chain still verifies."""

import os
import signal
import subprocess
import sys

import pytest
from django.core.management import call_command

from parley.scheduling import actions
from parley.scheduling.models import ProgrammeEntry, ProgrammeVersion, RunStatus
from parley.talks.models import Meeting
from parley.venues.models import Booking

from ..processes import environment, stop, wait_until
from .conftest import solve

# Publishes a draft and, at its first programme entry — after the new version's row is written
# and the bookings of moved meetings are released — says so and waits there to be killed.
PUBLISH_AND_HANG = """
import sys, time
import django
django.setup()
from django.contrib.auth.models import User
from django.db.models.signals import post_save
from parley.core.actors import Actor
from parley.scheduling import actions
from parley.scheduling.models import ProgrammeEntry, SolveRun

def hang(sender, **kwargs):
    print("inside the transaction", flush=True)
    time.sleep(600)

post_save.connect(hang, sender=ProgrammeEntry)
run = SolveRun.objects.get(pk=int(sys.argv[1]))
actions.programme_publish(actor=Actor.for_user(User.objects.get(username="coordinator")), run=run)
"""


def _state() -> dict:
    return {
        "versions": list(ProgrammeVersion.objects.values_list("number", flat=True)),
        "entries": sorted(
            ProgrammeEntry.objects.values_list("version__number", "meeting_id", "booking_id")
        ),
        "bookings": sorted(Booking.objects.values_list("pk", "status", "starts_at")),
        "meetings": sorted(Meeting.objects.values_list("pk", "status")),
    }


@pytest.mark.django_db(transaction=True)
def test_a_publish_killed_mid_transaction_leaves_the_previous_version_and_bookings(
    plan, published, django_capture_on_commit_callbacks, tmp_path
):
    # The north expert becomes unavailable when the working group was to meet: the next
    # version must move it, so publishing it releases a booking before it writes any entry.
    group = published.entries.get(meeting=plan.meetings["group"])
    expert = plan.meetings["group"].participants.get(name="North expert")
    actions.unavailability_add(
        actor=plan.talks.actor("coordinator"),
        member=expert,
        starts_at=group.starts_at,
        ends_at=group.ends_at,
    )
    draft = solve(plan, django_capture_on_commit_callbacks)
    assert draft.status == RunStatus.DONE
    before = _state()

    publisher = subprocess.Popen(
        [sys.executable, "-c", PUBLISH_AND_HANG, str(draft.pk)],
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        said = publisher.stdout.readline()
        assert said == "inside the transaction\n", said + publisher.stdout.read()
        os.killpg(publisher.pid, signal.SIGKILL)
        publisher.wait(timeout=30)
    finally:
        stop(publisher)

    # The killed transaction's locks go with its connection; then nothing of it is to be seen.
    wait_until(lambda: _state() == before, what="the killed publish to be rolled back")
    assert before["versions"] == [1]
    assert {status for _pk, status, _at in before["bookings"]} == {"confirmed"}
    call_command("audit", "verify")  # exits 1, failing the test, on a broken chain
    # And the draft can still be published, as version 2.
    version = actions.programme_publish(actor=plan.talks.actor("coordinator"), run=draft)
    assert version.number == 2
    assert version.changes.filter(meeting=plan.meetings["group"]).exists()  # it did move
