"""`parley audit verify`: walk the hash chain; exit 1 naming the first bad sequence number."""

import sys

from django.core.management.base import BaseCommand

from parley.core import audit


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="exit 0 on an intact chain, 1 naming the first bad sequence")

    def handle(self, *args, subcommand: str, **options):
        result = audit.verify()
        if result.intact:
            self.stdout.write(f"audit chain intact: {result.events} events")
            return
        self.stderr.write(
            f"audit chain broken at sequence {result.first_bad_sequence}: {result.reason}"
        )
        sys.exit(1)
