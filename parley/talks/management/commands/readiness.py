"""`parley readiness --process ID --level LEVEL --as USERNAME [--json]`: the readiness report.

Printed as the person named by `--as` may read it: a party's member reads every gate's reasons,
host staff the verdict and each gate's pass or fail. Exit status: 0 realistic, 3 not yet
realistic, 2 bad input (one line on stderr).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.models import READINESS_LEVELS, Gate
from parley.talks.queries import readiness_for

REALISTIC, BAD_INPUT, NOT_YET_REALISTIC = 0, 2, 3


class Command(BaseCommand):
    help = "Is a meeting at a level realistic yet? Exit 0 realistic, 3 not yet, 2 bad input."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Argument errors as one line and exit 2, like every other bad input."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line(message: str) -> None:
            if parser.called_from_command_line:  # before Django's own error handling
                sys.stderr.write(f"{parser.prog}: error: {message}\n")
                sys.exit(BAD_INPUT)
            raise CommandError(message, returncode=BAD_INPUT)

        parser.error = one_line
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--process", required=True, type=int, help="the process id")
        parser.add_argument("--level", required=True, choices=[str(x) for x in READINESS_LEVELS])
        parser.add_argument(
            "--as", required=True, dest="username", metavar="USERNAME", help="whose view to print"
        )
        parser.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, process: int, level: str, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        # Same words for a missing process and one the person holds no role in.
        unknown = CommandError(
            f"--process: no process {process} in which {username!r} holds a role",
            returncode=BAD_INPUT,
        )
        if user is None:
            raise CommandError(f"--as: there is no user {username!r}", returncode=BAD_INPUT)
        try:
            found, report, full = readiness_for(
                actor=Actor.for_user(user), process_pk=process, level=level
            )
        except NotFound as refused:
            if refused.denial is not None:
                audit.record_denial(refused.denial)
            raise unknown from None
        view = {"process": found.pk, **(report.party_view() if full else report.host_view())}
        if options["json"]:
            self.stdout.write(json.dumps(view, ensure_ascii=False))
        else:
            self._print(found.title, view)
        if not report.realistic:
            sys.exit(NOT_YET_REALISTIC)

    def _print(self, title: str, view: dict) -> None:
        verdict = "realistic" if view["verdict"] == "realistic" else "not yet realistic"
        self.stdout.write(f"{title} — {view['level']}: {verdict}")
        if view["overridden"]:
            self.stdout.write("  overridden by every party's head of delegation")
        for gate in view["gates"]:
            mark = "pass" if gate["passed"] else "FAIL"
            first, *more = gate.get("reasons", [gate["reason"]])
            self.stdout.write(f"  [{mark}] {Gate(gate['gate']).label}: {first}")
            for line in more:
                self.stdout.write(f"         {line}")
            for line in gate.get("details", []):
                self.stdout.write(f"           {line}")
