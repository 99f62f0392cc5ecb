"""`parley schedule export`, `import` and `validate`: the instance exchange at the console.

    parley schedule export --process ID [--out FILE] [--since DATE]
    parley schedule import --process ID SOLUTION.json [--since DATE]
    parley schedule validate INSTANCE.json SOLUTION.json [--json]

Export writes the process's problem in the exchange format (docs/schedule-format.md). Import
reads a solution made elsewhere back as a draft to review on the programme page. An unreadable,
invalid or mismatched solution exits 2 with one line on stderr that names the field; nothing is
written. Validate checks any solution against any instance, without a database: exit 0 when it
keeps every rule (its score printed), 1 when it breaks some (each listed with its rule), 2 when
a file cannot be read or is not an instance or a solution.
"""

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError
from django.utils import timezone

from parley.core.errors import Conflict
from parley.talks.models import Process

from . import actions
from .engine.checker import SolutionError, find_breaks, moves_of, score_of
from .engine.format import RULES, SOLUTION_FORMAT
from .engine.instance import InstanceError, parse_instance
from .exchange import CLOSURE_PREFIX, ExportError, export_instance

MALFORMED = 2
INVALID = 1


class CommandFailed(Exception):
    """What stands in the way, in one line that starts with the field."""


def add_exchange_parsers(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write a process's instance (exchange format) as JSON")
    export.add_argument("--process", type=int, required=True, help="the process id")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--since", help="first day to plan, YYYY-MM-DD (default: today)")
    imp = sub.add_parser("import", help="read a solution back as a draft programme to review")
    imp.add_argument("--process", type=int, required=True, help="the process id")
    imp.add_argument("solution", help=f"the solution JSON file ({SOLUTION_FORMAT})")
    imp.add_argument("--since", help="first day planned, as given to export (default: today)")
    check = sub.add_parser("validate", help="check a solution against its instance and score it")
    check.add_argument("instance", type=Path, help="the instance JSON file")
    check.add_argument("solution", type=Path, help="the solution JSON file")
    check.add_argument("--json", action="store_true", help="print one JSON object")


def exchange_command(subcommand: str, options: dict[str, Any], stdout: TextIO) -> None:
    """Run `export` or `import`; a failure is a CommandError (exit 2) naming the field."""
    try:
        if subcommand == "export":
            _export(options, stdout)
        else:
            _import(options, stdout)
    except CommandFailed as failure:
        raise CommandError(str(failure), returncode=MALFORMED) from None


def _process(options: dict[str, Any]) -> Process:
    process = Process.objects.select_related("venue").filter(pk=options["process"]).first()
    if process is None:
        raise CommandFailed(f"--process: there is no process {options['process']}")
    return process


def _since(options: dict[str, Any], process: Process) -> dt.date:
    if not options.get("since"):
        return timezone.localdate(timezone=process.venue.tzinfo)
    try:
        return dt.date.fromisoformat(options["since"])
    except ValueError as error:
        raise CommandFailed(f"--since: {options['since']!r} is not a date (YYYY-MM-DD)") from error


def _export(options: dict[str, Any], stdout: TextIO) -> None:
    process = _process(options)
    try:
        instance = export_instance(process, since=_since(options, process))
    except ExportError as error:
        raise CommandFailed(str(error)) from error
    text = json.dumps(instance, indent=1, ensure_ascii=False) + "\n"
    if options.get("out"):
        try:
            with open(options["out"], "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as error:
            raise CommandFailed(
                f"--out: cannot write {options['out']}: {error.strerror}"
            ) from error
        stdout.write(
            f"wrote {options['out']}: {len(instance['meetings'])} meetings, "
            f"{len(instance['rooms'])} rooms, {len(instance['days'])} days\n"
        )
    else:
        stdout.write(text)


def _import(options: dict[str, Any], stdout: TextIO) -> None:
    process = _process(options)
    since = _since(options, process)
    try:
        with open(options["solution"], encoding="utf-8") as source:
            solution = json.load(source)
    except OSError as error:
        raise CommandFailed(
            f"solution: cannot read {options['solution']}: {error.strerror}"
        ) from error
    except ValueError as error:
        raise CommandFailed(f"solution: not valid JSON ({error})") from error
    try:
        run = actions.solution_import(actor=None, process=process, solution=solution, since=since)
    except Conflict as conflict:
        raise CommandFailed(conflict.message) from conflict
    stdout.write(
        f"draft {run.pk} of process {process.pk}: score {run.score}/{run.total}, "
        f"{_meetings(run.solution)} meetings placed, {len(run.warnings)} warnings; "
        f"review it at /p/{process.pk}/programme/drafts/{run.pk}/\n"
    )


def _meetings(solution: dict[str, Any]) -> int:
    return sum(1 for a in solution["assignments"] if not a["meeting"].startswith(CLOSURE_PREFIX))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandFailed(f"{path}: cannot read ({error.strerror})") from error
    except ValueError as error:
        raise CommandFailed(f"{path}: not valid JSON ({error})") from error


def validate_command(options: dict[str, Any], stdout: TextIO) -> None:
    """Check a solution against its instance; exit 1 listing the breaks, 2 on bad input."""
    try:
        instance = _read_json(options["instance"])
        try:
            parse_instance(instance)
        except InstanceError as error:
            raise CommandFailed(f"{options['instance']}: {error}") from error
        solution = _read_json(options["solution"])
        try:
            checked = find_breaks(instance, solution)
        except SolutionError as error:
            raise CommandFailed(f"{options['solution']}: {error}") from error
    except CommandFailed as failure:
        raise CommandError(str(failure), returncode=MALFORMED) from None
    score, total = score_of(instance, checked.placed)
    figures = {
        "valid": checked.valid,
        "score": score,
        "total": total,
        "moves": moves_of(instance, checked.placed),
        "scheduled": len(checked.placed),
        "meetings": len(instance["meetings"]),
        "bound": solution.get("bound"),
        "errors": [{"rule": b.rule, "message": b.message} for b in checked.breaks],
    }
    if options.get("json"):
        stdout.write(json.dumps(figures) + "\n")
    else:
        for b in checked.breaks:
            stdout.write(f"rule {b.rule} ({RULES[b.rule]}): {b.message}\n")
        state = "valid" if checked.valid else "invalid"
        stdout.write(
            f"{state} score={score}/{total} scheduled={figures['scheduled']}/"
            f"{figures['meetings']} moves={figures['moves']}\n"
        )
    if not checked.valid:
        raise CommandError(f"the solution breaks {len(checked.breaks)} rule(s)", returncode=INVALID)
