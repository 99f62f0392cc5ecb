"""`parley backup` and `parley restore`: a whole database round-trips to the same logical export,
on whichever engine the suite runs; a bad FILE is refused with exit 2 and one line."""

import io
import json
import subprocess

import pytest
from django.core.management import call_command

from parley.core import audit
from parley.core.models import AuditEvent
from parley.scheduling import actions as scheduling_actions

from ..processes import PARLEY, environment
from ..scheduling.conftest import plan, published  # noqa: F401 — a published programme to back up


def logical_export() -> list[dict]:
    """Every row of every app, in a stable order."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda row: (row["model"], str(row["pk"])))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_logical_export_with_an_intact_audit_chain(
    plan,  # noqa: F811 — the fixtures imported above
    published,  # noqa: F811
    tmp_path,
):
    before = logical_export()
    backup = tmp_path / "parley.backup"
    call_command("backup", str(backup))
    # Work goes on after the backup, then the backup is restored over it.
    scheduling_actions.interpreter_pool_set(
        actor=plan.talks.actor("coordinator"), process=plan.process, pair="en-fr", count=2
    )
    assert logical_export() != before
    call_command("restore", str(backup))
    assert logical_export() == before
    assert audit.verify().intact
    assert AuditEvent.objects.filter(action="programme.publish").count() == 1


def _parley(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PARLEY, *args], env=environment(), capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_to_overwrite_a_file(tmp_path):
    existing = tmp_path / "monday.backup"
    existing.write_text("last week's backup")
    finished = _parley("backup", str(existing))
    assert (finished.returncode, finished.stderr.splitlines()) == (
        2,
        [f"CommandError: {existing} exists: a backup never overwrites a file; choose a new name."],
    )
    assert existing.read_text() == "last week's backup"


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_directory_that_is_not_there(tmp_path):
    finished = _parley("backup", str(tmp_path / "missing" / "x.backup"))
    assert (finished.returncode, len(finished.stderr.splitlines())) == (2, 1)
    assert "There is no directory" in finished.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(talks, tmp_path):
    before = logical_export()
    bad = tmp_path / "notes.txt"
    bad.write_text("not a backup at all")
    finished = _parley("restore", str(bad))
    assert finished.returncode == 2
    assert finished.stderr.splitlines() == [
        f"CommandError: {bad} is not "
        + ("a SQLite backup" if "sqlite" in environment()["DATABASE_URL"] else "a pg_dump archive")
        + " (made by `parley backup` on this engine)."
    ]
    assert logical_export() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_missing_file(tmp_path):
    finished = _parley("restore", str(tmp_path / "nowhere.backup"))
    assert (finished.returncode, finished.stderr.splitlines()) == (
        2,
        [f"CommandError: There is no file {tmp_path / 'nowhere.backup'}."],
    )
