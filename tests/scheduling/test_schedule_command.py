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
