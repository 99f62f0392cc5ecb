"""`parley schedule solve`: the console contract used by outside checks."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .data import load, path_of
from .oracle import assert_valid

REPLAN = path_of("replan")


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def replan() -> dict[str, Any]:
    return load("replan")


def test_solve_writes_a_valid_solution_and_exits_0(tmp_path):
    out = tmp_path / "solution.json"
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "parley",
            "schedule",
            "solve",
            str(REPLAN),
            "--time-limit",
            "3",
            "--workers",
            "1",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0
    solution = json.loads(out.read_text())
    assert solution["format"] == "parley.schedule-solution/1"
    assert solution["instance"] == "replan"
    verdict = assert_valid(replan(), solution)
    assert (verdict.score, verdict.total, verdict.scheduled, verdict.moves) == (7, 7, 5, 1)
    assert solution["bound"] == 7
    last_progress = finished.stderr.strip().splitlines()[-1]
    assert last_progress.startswith("done: elapsed")
    assert last_progress.endswith("score 7  bound 7  gap 0.00%")


def test_solve_without_out_prints_the_solution(tmp_path, capsys):
    call_command("schedule", "solve", str(REPLAN), "--time-limit", "2")
    solution = json.loads(capsys.readouterr().out)
    assert assert_valid(replan(), solution).moves == 1


def test_malformed_instance_exits_2_naming_the_field(tmp_path):
    data = replan()
    data["meetings"][3]["room_kinds"] = ["x"]
    path = write(tmp_path, "bad.json", data)
    with pytest.raises(CommandError) as error:
        call_command("schedule", "solve", str(path), "--out", str(tmp_path / "s.json"))
    assert error.value.returncode == 2
    assert str(error.value) == "meetings[3].room_kinds[0]: unknown kind 'x'"
    assert not (tmp_path / "s.json").exists()


def test_unreadable_json_exits_2(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError) as error:
        call_command("schedule", "solve", str(path))
    assert error.value.returncode == 2
    assert str(error.value).startswith(f"{path}: not valid JSON")


def test_clashing_pins_exit_1_naming_them(tmp_path):
    data = replan()
    data["meetings"][0]["pinned"] = {"start": 0, "room": "b"}
    path = write(tmp_path, "pins.json", data)
    with pytest.raises(CommandError) as error:
        call_command("schedule", "solve", str(path), "--time-limit", "2")
    assert error.value.returncode == 1
    assert str(error.value) == (
        "infeasible pins: pins of 'm1' and 'closure' conflict "
        "(both hold room 'b' with its turnover)"
    )


def test_console_exit_status_is_2_for_a_malformed_instance(tmp_path):
    data = replan()
    del data["meetings"][0]["priority"]
    path = write(tmp_path, "bad.json", data)
    finished = subprocess.run(
        [sys.executable, "-m", "parley", "schedule", "solve", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 2
    assert finished.stderr.strip().splitlines() == [
        "CommandError: meetings[0].priority: missing field"
    ]


def test_move_budget_outside_0_to_1_exits_2_with_one_line(tmp_path):
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "parley",
            "schedule",
            "solve",
            str(REPLAN),
            "--move-budget",
            "1.5",
            "--out",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 2
    assert finished.stderr.strip().splitlines() == [
        "CommandError: --move-budget: must be between 0 and 1, got 1.5"
    ]
    assert not (tmp_path / "s.json").exists()


def test_move_budget_within_0_to_1_solves(tmp_path, capsys):
    call_command(
        "schedule",
        "solve",
        str(REPLAN),
        "--time-limit",
        "2",
        "--move-budget",
        "0.03",
    )
    assert_valid(replan(), json.loads(capsys.readouterr().out))


def replan_solution(**changes: tuple[int, str]) -> dict[str, Any]:
    """A valid solution of replan.json (m2 moves out of the closed room), with `changes`."""
    placed = {"m1": (0, "a"), "m2": (0, "c"), "m3": (1, "a"), "m4": (1, "c"), "closure": (0, "b")}
    placed.update(changes)
    return {
        "format": "parley.schedule-solution/1",
        "instance": "replan",
        "assignments": [{"meeting": m, "start": s, "room": r} for m, (s, r) in placed.items()],
        "bound": None,
        "seconds": 0.1,
    }


def console(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parley", "schedule", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_validate_of_a_valid_solution_exits_0_with_its_score(tmp_path):
    path = write(tmp_path, "solution.json", replan_solution())
    finished = console("validate", str(REPLAN), str(path))
    assert finished.returncode == 0
    assert finished.stdout.splitlines() == ["valid score=7/7 scheduled=5/5 moves=1"]
    assert finished.stderr == ""


def test_validate_json_is_one_object_with_valid_score_moves_and_errors(tmp_path, capsys):
    path = write(tmp_path, "solution.json", replan_solution())
    call_command("schedule", "validate", str(REPLAN), str(path), "--json")
    assert json.loads(capsys.readouterr().out) == {
        "valid": True,
        "score": 7,
        "total": 7,
        "moves": 1,
        "scheduled": 5,
        "meetings": 5,
        "bound": None,
        "errors": [],
    }


def test_validate_of_an_invalid_solution_exits_1_listing_each_broken_rule(tmp_path):
    # m4 joins m1 in room a at slot 0: they share p1 and the room.
    path = write(tmp_path, "solution.json", replan_solution(m4=(0, "a")))
    finished = console("validate", str(REPLAN), str(path))
    assert finished.returncode == 1
    assert finished.stdout.splitlines() == [
        "rule 3 (room turnover): assignments[3].start: m4 and m1 clash in room a",
        "rule 4 (one meeting at a time per participant): assignments: p1 is in m1 and m4 at 0",
        "invalid score=7/7 scheduled=5/5 moves=2",
    ]
    assert finished.stderr.strip().splitlines() == ["CommandError: the solution breaks 2 rule(s)"]


def test_validate_json_of_an_invalid_solution_names_the_rules(tmp_path, capsys):
    path = write(tmp_path, "solution.json", replan_solution(m2=(0, "b")))
    with pytest.raises(CommandError) as error:
        call_command("schedule", "validate", str(REPLAN), str(path), "--json")
    assert error.value.returncode == 1
    figures = json.loads(capsys.readouterr().out)
    assert figures["valid"] is False
    assert figures["moves"] == 0
    assert figures["errors"] == [
        {"rule": 3, "message": "assignments[4].start: closure and m2 clash in room b"}
    ]


@pytest.mark.parametrize(
    ("instance", "solution", "message"),
    [
        ("missing.json", "solution.json", "missing.json: cannot read (No such file or directory)"),
        ("broken.json", "solution.json", "broken.json: not valid JSON"),
        ("bad-instance.json", "solution.json", "bad-instance.json: meetings[0].priority: missing"),
        ("replan.json", "other.json", "other.json: instance: the solution is for 'other'"),
        ("replan.json", "list.json", "list.json: solution: expected a JSON object"),
    ],
)
def test_validate_of_bad_input_exits_2_with_one_line(tmp_path, instance, solution, message):
    bad_instance = replan()
    del bad_instance["meetings"][0]["priority"]
    write(tmp_path, "bad-instance.json", bad_instance)
    write(tmp_path, "replan.json", replan())
    (tmp_path / "broken.json").write_text("{not json")
    write(tmp_path, "solution.json", replan_solution())
    write(tmp_path, "other.json", {**replan_solution(), "instance": "other"})
    write(tmp_path, "list.json", [])
    finished = console("validate", str(tmp_path / instance), str(tmp_path / solution))
    assert finished.returncode == 2
    assert finished.stdout == ""
    [line] = finished.stderr.strip().splitlines()
    assert line.startswith(f"CommandError: {tmp_path / message.split(':')[0]}:")
    assert message.split(": ", 1)[1] in line
