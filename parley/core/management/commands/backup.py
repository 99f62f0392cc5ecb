"""`parley backup FILE`: the whole database to FILE (pg_dump archive, or a SQLite copy)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parley.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database to FILE, which must not exist (README: Production)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            self.stdout.write(backup(file))
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
