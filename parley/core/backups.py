"""A whole database to one file and back, on either engine.

PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --clean` in one transaction.
SQLite: the online backup API, which copies a consistent snapshot while the site runs.
A backup is written beside its final name and renamed when complete, so a FILE that exists is
never half a backup.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """What stands in the way, in one line for the operator."""


def backup(path: Path) -> str:
    """Write the whole database to `path` (which must not exist); returns what was done."""
    if path.exists():
        raise BackupError(f"{path} exists: a backup never overwrites a file; choose a new name.")
    if not path.parent.is_dir():
        raise BackupError(f"There is no directory {path.parent} to write {path.name} in.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            _run_pg("pg_dump", "--format=custom", f"--file={partial}", _pg_database())
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return f"backed up the {connection.vendor} database to {path}"


def restore(path: Path) -> str:
    """Replace the whole database with the backup at `path`; returns what was done.

    Stop the app servers and task workers first: the restore replaces every table under them.
    """
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    with path.open("rb") as backup_file:
        header = backup_file.read(len(SQLITE_HEADER))
    expected = SQLITE_HEADER if connection.vendor == "sqlite" else PG_DUMP_HEADER
    if not header.startswith(expected):
        kind = "a SQLite backup" if connection.vendor == "sqlite" else "a pg_dump archive"
        raise BackupError(f"{path} is not {kind} (made by `parley backup` on this engine).")
    if connection.vendor == "sqlite":
        _restore_sqlite(path)
    else:
        _run_pg("pg_restore", "--list", str(path))  # reads the whole table of contents first
        connection.close()
        _run_pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_pg_database()}",
            str(path),
        )
    return f"restored the {connection.vendor} database from {path}"


def _restore_sqlite(path: Path) -> None:
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path} cannot be read: {error}.") from error
    try:
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            raise BackupError(f"{path} is a SQLite file but not a Parley database.")
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read: {error}.") from error
    finally:
        source.close()


def _pg_database() -> str:
    return connection.settings_dict["NAME"]


def _run_pg(program: str, *args: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: apt install postgresql-client).")
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(settings["HOST"] or "127.0.0.1"),
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": str(settings["USER"] or ""),
        "PGPASSWORD": str(settings["PASSWORD"] or ""),
    }
    finished = subprocess.run(  # noqa: S603 — a PostgreSQL client, no shell
        [program, *args], env=env, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        reason = (finished.stderr.strip().splitlines() or ["no message"])[0]
        raise BackupError(f"{program} failed: {reason}")
