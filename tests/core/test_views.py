"""Sign-in: argon2, throttling, the second factor for coordinators and heads, the demo shortcut;
the health check; a database that cannot be reached."""

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.core.models import AuditEvent, TaskWorker
from parley.settings import base

from ..conftest import sign_in

PASSWORD = "correct horse battery staple"


def _sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("secret").startswith("argon2$argon2id$")


def test_negotiator_signs_in_with_a_password_alone(client, talks):
    assert _sign_in(client, "north-negotiator")["Location"] == "/"
    assert client.get("/").status_code == 200


def test_coordinator_must_give_a_second_factor(client, talks):
    assert _sign_in(client, "coordinator").status_code == 302
    response = client.get(f"/p/{talks.process.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/second-factor/")


def test_head_of_delegation_enrols_and_then_passes_the_second_factor(client, talks):
    _sign_in(client, "south-head")
    enrolment = client.get("/second-factor/")
    assert b"<svg" in enrolment.content
    device = TOTPDevice.objects.get(user=talks.users["south_head"])
    response = client.post("/second-factor/?next=/", {"token": _code(device)})
    assert response["Location"] == "/"
    assert client.get(f"/p/{talks.process.pk}/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "totp.enrol_start",
        "totp.enrol",
        "readiness.read",  # the dashboard's readiness and distance to agreement are substance
    ]


def test_wrong_second_factor_code_is_refused(client, talks):
    _sign_in(client, "coordinator")
    client.get("/second-factor/")
    response = client.post("/second-factor/", {"token": "000000"})
    assert response.status_code == 200
    assert b"not valid" in response.content
    assert client.get(f"/p/{talks.process.pk}/").status_code == 302


def test_api_without_a_second_factor_answers_401(client, talks):
    _sign_in(client, "coordinator")
    assert client.get("/api/processes").status_code == 401


def test_repeated_failures_lock_the_account_out(client, talks):
    for _ in range(base.AXES_FAILURE_LIMIT):
        _sign_in(client, "north-staff", "wrong password")
    locked = _sign_in(client, "north-staff")
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


def test_demo_accounts_skip_the_second_factor_only_in_demo_mode(client, talks, settings):
    talks.users["coordinator"].groups.add(Group.objects.create(name="demo"))
    settings.PARLEY_DEMO = True
    _sign_in(client, "coordinator")
    demo_page = client.get(f"/p/{talks.process.pk}/")
    assert demo_page.status_code == 200
    assert b"Demo mode" in demo_page.content
    settings.PARLEY_DEMO = False
    assert client.get(f"/p/{talks.process.pk}/").status_code == 302


def test_production_settings_refuse_to_start_in_demo_mode():
    env = {**os.environ, "PARLEY_DEMO": "1", "PARLEY_SECRET_KEY": "k" * 40}
    result = subprocess.run(
        [sys.executable, "-c", "import parley.settings.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "PARLEY_DEMO is set" in result.stderr


def test_production_settings_start_without_demo_mode():
    env = {**os.environ, "PARLEY_SECRET_KEY": "k" * 40}
    env.pop("PARLEY_DEMO", None)
    result = subprocess.run(
        [sys.executable, "-c", "import parley.settings.production as p; print(p.PARLEY_DEMO)"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "False\n")


def _worker(seen_seconds_ago: float) -> TaskWorker:
    seen = timezone.now() - dt.timedelta(seconds=seen_seconds_ago)
    return TaskWorker.objects.create(
        worker_id=f"w{seen_seconds_ago}", host="app-1", pid=1, started_at=seen, seen_at=seen
    )


def test_health_check_is_ok_with_the_database_and_a_live_worker(client, db):
    _worker(seen_seconds_ago=1)
    response = client.get("/healthz")
    body = response.json()
    assert (response.status_code, body["status"], body["database"], body["worker"]) == (
        200,
        "ok",
        "ok",
        "ok",
    )
    assert 0 <= body["worker_heartbeat_age_seconds"] < 10


def test_health_check_fails_when_no_worker_ever_beat(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "database": "ok",
        "worker": "none",
        "worker_heartbeat_age_seconds": None,
    }


def test_health_check_fails_when_the_workers_heartbeat_went_silent(client, db, settings):
    _worker(seen_seconds_ago=settings.PARLEY_WORKER_LOST_AFTER + 5)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["worker"]) == (503, "silent")


@pytest.fixture
def unreachable_database(transactional_db):
    """Point the connection at a database that cannot be opened, as when the server is down."""
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("NAME", "PORT")}
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/parley.sqlite3"
    else:
        settings_dict["PORT"] = _closed_port()
    try:
        yield
    finally:
        connection.close()
        settings_dict.update(saved)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_health_check_says_when_the_database_cannot_be_reached(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "database": "unreachable",
        "worker": "unknown",
        "worker_heartbeat_age_seconds": None,
    }


@pytest.fixture
def signed_in_without_database(client, talks, transactional_db, request):
    sign_in(client, talks.users["protocol"])
    request.getfixturevalue("unreachable_database")
    client.raise_request_exception = False  # answer as a server does, with the error page
    return client


def test_a_page_answers_503_when_the_database_cannot_be_reached(signed_in_without_database):
    response = signed_in_without_database.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Parley cannot reach its database just now" in response.content.decode()


def test_the_api_answers_503_json_when_the_database_cannot_be_reached(signed_in_without_database):
    response = signed_in_without_database.get("/api/processes")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "The database cannot be reached just now; nothing was saved. Try again."
    }
