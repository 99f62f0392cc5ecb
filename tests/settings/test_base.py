from django.db.backends.sqlite3.base import DatabaseWrapper

from parley.settings.base import database_from_env


def test_embedded_sqlite_runs_in_wal_mode_with_immediate_transactions(
    tmp_path, monkeypatch, django_db_blocker
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "parley.sqlite3")
    wrapper = DatabaseWrapper(
        {
            **config,
            "TIME_ZONE": None,
            "AUTOCOMMIT": True,
            "CONN_HEALTH_CHECKS": False,
            "ATOMIC_REQUESTS": False,
        }
    )
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone() == ("wal",)
            assert wrapper.transaction_mode == "IMMEDIATE"
        finally:
            wrapper.close()


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://parley@db.example:5433/talks")
    config = database_from_env(tmp_path / "unused.sqlite3")
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.example",
        5433,
        "talks",
    )
