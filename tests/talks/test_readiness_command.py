"""`parley readiness`: exit 0 realistic, 3 not yet, 2 bad input; the view of the `--as` role."""

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parley.core.models import AuditEvent
from parley.talks import actions

from ..factories import TextVersionFactory


def readiness(*args: str) -> tuple[int, str]:
    """The exit status and what the command printed on standard output."""
    out = StringIO()
    try:
        call_command("readiness", *args, stdout=out)
    except SystemExit as stopped:
        return stopped.code, out.getvalue()
    return 0, out.getvalue()


def bad_input(*args: str) -> tuple[int, str]:
    with pytest.raises(CommandError) as refused:
        call_command("readiness", *args, stdout=StringIO())
    return refused.value.returncode, str(refused.value)


def _realistic_for_senior_officials(talks) -> None:
    for head in ("north_head", "south_head"):
        actions.ceasefire_declare(
            actor=talks.actor(head),
            process=talks.process,
            status="holding",
            holding_since=dt.date(2026, 1, 1),
        )
        actions.intent_set(
            actor=talks.actor(head), process=talks.process, level="senior", confirmed=True
        )
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="senior",
        gate="preparation",
        required=False,
    )
    actions.gate_accept(actor=talks.actor("south_head"), setting=setting)


def test_a_realistic_level_exits_0(talks):
    _realistic_for_senior_officials(talks)
    status, out = readiness(
        "--process", str(talks.process.pk), "--level", "senior", "--as", "north-staff"
    )
    assert status == 0
    assert out.splitlines()[0] == "Talks on the northern border — senior: realistic"


def test_a_level_not_yet_realistic_exits_3_with_the_partys_reasons(talks):
    TextVersionFactory(text__item=talks.item)
    status, out = readiness(
        "--process", str(talks.process.pk), "--level", "leader", "--as", "south-head"
    )
    assert status == 3
    assert "  [FAIL] Key agenda items: Border: 3 brackets open on 1 paragraph;" in out


def test_the_host_reads_pass_or_fail_only(talks):
    TextVersionFactory(text__item=talks.item)
    status, out = readiness(
        "--process", str(talks.process.pk), "--level", "leader", "--as", "protocol", "--json"
    )
    assert status == 3
    view = json.loads(out)
    assert set(view) == {"process", "level", "verdict", "overridden", "gates"}
    assert "Border" not in out and "bracket" not in out


def test_a_partys_read_is_audited(talks):
    readiness("--process", str(talks.process.pk), "--level", "leader", "--as", "north-head")
    assert list(AuditEvent.objects.values_list("action", "actor")) == [
        ("readiness.read", "north-head")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "leader", "--as", "north-head"], "--process"),
        (["--process", "PROCESS", "--level", "expert", "--as", "north-head"], "--level"),
        (["--process", "PROCESS", "--level", "leader"], "--as"),
        (["--process", "PROCESS", "--level", "leader", "--as", "nobody"], "--as: there is no user"),
        (
            ["--process", "424242", "--level", "leader", "--as", "north-head"],
            "--process: no process",
        ),
        (
            ["--process", "PROCESS", "--level", "leader", "--as", "outsider"],
            "--process: no process",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(talks, outsider, args, message):
    args = [str(talks.process.pk) if a == "PROCESS" else a for a in args]
    status, line = bad_input(*args)
    assert status == 2
    assert message in line
    assert "\n" not in line


def test_no_role_and_no_process_read_the_same(talks, outsider):
    _status, no_role = bad_input(
        "--process", str(talks.process.pk), "--level", "leader", "--as", "outsider"
    )
    _status, missing = bad_input("--process", "424242", "--level", "leader", "--as", "outsider")
    assert no_role.replace(str(talks.process.pk), "N") == missing.replace("424242", "N")


def test_at_the_console_a_missing_argument_is_one_line_and_exit_2():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "parley.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "parley", "readiness", "--process", "1", "--level", "leader"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.endswith(" readiness: error: the following arguments are required: --as")
