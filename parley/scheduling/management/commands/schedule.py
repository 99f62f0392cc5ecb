"""`parley schedule solve INSTANCE.json --time-limit S [--workers N] [--move-budget F] --out FILE`.

Also `parley schedule export --process ID [--out FILE]`, `parley schedule import --process ID
SOLUTION.json` and `parley schedule validate INSTANCE.json SOLUTION.json [--json]` (see
parley/scheduling/cli.py).

Exit status: 0 solved (the best schedule found is written), 2 the instance is malformed or
inconsistent (one line naming the field), 1 its pinned meetings cannot all hold.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.scheduling.cli import add_exchange_parsers, exchange_command, validate_command
from parley.scheduling.engine.solver import InstanceError, PinConflictError, solve

MALFORMED = 2
PINS_CONFLICT = 1


class Command(BaseCommand):
    help = "Venue scheduling: solve, check, export and import in the exchange format."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        solve_parser = subcommands.add_parser(
            "solve", help="schedule the meetings of an instance and write the solution"
        )
        solve_parser.add_argument("instance", type=Path, help="instance JSON (exchange format)")
        solve_parser.add_argument(
            "--time-limit", type=float, default=60.0, metavar="SECONDS", help="default 60"
        )
        solve_parser.add_argument(
            "--workers",
            type=int,
            default=min(8, os.cpu_count() or 1),
            metavar="N",
            help="CP-SAT worker threads (default: the number of cores, at most 8)",
        )
        solve_parser.add_argument(
            "--move-budget",
            type=float,
            default=None,
            metavar="FRACTION",
            help=(
                "when re-planning, move published meetings to gain score only until this share "
                "(0..1) of all meetings has moved (default: score first, then fewest moves)"
            ),
        )
        solve_parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
        solve_parser.add_argument(
            "--out", type=Path, help="where to write the solution (default: standard output)"
        )
        add_exchange_parsers(subcommands)  # export, import, validate: parley/scheduling/cli.py

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"handle_{options['subcommand']}")
        handler(**options)

    def handle_export(self, **options: Any) -> None:
        exchange_command("export", options, self.stdout)

    def handle_import(self, **options: Any) -> None:
        exchange_command("import", options, self.stdout)

    def handle_validate(self, **options: Any) -> None:
        validate_command(options, self.stdout)

    def handle_solve(
        self,
        *,
        instance: Path,
        time_limit: float,
        workers: int,
        seed: int,
        out: Path | None,
        move_budget: float | None = None,
        **_: Any,
    ) -> None:
        if time_limit < 0:
            raise CommandError("--time-limit: must not be negative", returncode=MALFORMED)
        if workers < 1:
            raise CommandError("--workers: must be at least 1", returncode=MALFORMED)
        if move_budget is not None and not 0.0 <= move_budget <= 1.0:
            raise CommandError(
                f"--move-budget: must be between 0 and 1, got {move_budget:g}", returncode=MALFORMED
            )
        data = _read_json(instance)
        stop = threading.Event()
        # Ctrl-C ends the search early and still writes the best schedule found.
        in_main_thread = threading.current_thread() is threading.main_thread()
        if in_main_thread:
            previous_handler = signal.signal(signal.SIGINT, lambda *_: stop.set())
        try:
            solution = solve(
                data,
                time_limit=time_limit,
                workers=workers,
                seed=seed,
                on_progress=self._show_progress,
                stop=stop,
                move_budget=move_budget,
            )
        except InstanceError as error:
            raise CommandError(str(error), returncode=MALFORMED) from None
        except PinConflictError as error:
            raise CommandError(f"infeasible pins: {error}", returncode=PINS_CONFLICT) from None
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous_handler)
        text = json.dumps(solution.to_dict(), indent=1) + "\n"
        if out is None:
            self.stdout.write(text, ending="")
        else:
            out.write_text(text)
        self._show_progress(solution.seconds, solution.score, solution.bound, final=True)

    def _show_progress(
        self, elapsed: float, score: int, bound: int | None, *, final: bool = False
    ) -> None:
        gap = f"{(bound - score) / bound:.2%}" if bound else "-"
        label = "done" if final else "progress"
        shown_bound = "-" if bound is None else bound
        self.stderr.write(
            f"{label}: elapsed {elapsed:6.1f}s  score {score}  bound {shown_bound}  gap {gap}"
        )
        sys.stderr.flush()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except OSError as error:
        raise CommandError(
            f"{path}: cannot read ({error.strerror})", returncode=MALFORMED
        ) from None
    except ValueError as error:
        raise CommandError(f"{path}: not valid JSON ({error})", returncode=MALFORMED) from None
