"""`parley restore FILE`: replace the whole database with a backup made by `parley backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parley.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with FILE, a `parley backup` of the same engine. "
        "Stop the app servers and task workers first."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            self.stdout.write(restore(file))
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
