"""The migrations describe the models exactly, whatever order a set iterates in this run."""

from django.core.management import call_command


def test_models_need_no_migration_that_is_not_written(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
