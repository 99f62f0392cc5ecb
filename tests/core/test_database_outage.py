"""PostgreSQL restarted under load, behind the production server (gunicorn).

The database is a throwaway cluster of the test's own (initdb on a free port), never the
shared server. While it is down, pages answer a 503 page and the API a 503 JSON error; no
request fails any other way; nothing is written halfway; once it is back, the same app
processes serve again by themselves, and the audit chain verifies.
"""

import datetime as dt
import glob
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from ..processes import (
    PARLEY,
    environment,
    free_port,
    production_environment,
    start_production_server,
    stop,
    wait_until,
)

pytestmark = pytest.mark.postgres

PG_BIN = Path(
    sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))[-1]
)
DEMO_PASSWORD = "parley-demo-2026"


def _as_cluster_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root (as CI does): then it runs as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class Cluster:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/parley"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_cluster_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *args]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-l", str(self.directory / "server.log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def cluster():
    directory = Path(tempfile.mkdtemp(prefix="parley-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, user="postgres", group="postgres")
    made = Cluster(directory=directory, port=free_port())
    subprocess.run(
        _as_cluster_owner(
            [
                str(PG_BIN / "initdb"),
                *("-D", str(directory / "data"), "-U", "postgres", "-A", "trust"),
                *("--no-sync", "-E", "UTF8"),
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    made.start()
    try:
        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{made.port}/postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE DATABASE parley")
        yield made
    finally:
        subprocess.run(
            _as_cluster_owner(
                [str(PG_BIN / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)


class Visitor:
    """A signed-in person's requests, as a browser behind the TLS proxy makes them."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "", content_type: str = ""):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "X-Forwarded-Proto": "https",  # what the proxy says; the cookies are Secure
            "Origin": f"https://127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body.encode(), headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, text

    def sign_in(self, username: str) -> None:
        self.request("GET", "/sign-in/")
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "username": username,
                "password": DEMO_PASSWORD,
            }
        )
        status, _ = self.request(
            "POST", "/sign-in/", form, content_type="application/x-www-form-urlencoded"
        )
        assert status == 302 and "sessionid" in self.cookies


def _bookable_room(url: str) -> tuple[int, int, list[tuple[str, str]]]:
    """A process, a room of its venue, and the quarter hours of its first open window."""
    with psycopg.connect(url) as db:
        process, room, opens, closes = db.execute(
            "SELECT p.id, r.id, a.starts_at, a.ends_at FROM talks_process p"
            " JOIN venues_room r ON r.venue_id = p.venue_id"
            " JOIN venues_roomavailability a ON a.room_id = r.id"
            " ORDER BY a.starts_at, r.id LIMIT 1"
        ).fetchone()
    quarter = dt.timedelta(minutes=15)
    slots = []
    while opens + quarter <= closes:
        slots.append((opens.isoformat(), (opens + quarter).isoformat()))
        opens += 2 * quarter  # room for the room's turnover between two bookings
    return process, room, slots


def test_a_database_restart_under_load_gives_clear_503s_and_the_app_recovers(cluster, tmp_path):
    demo = environment(DATABASE_URL=cluster.url)
    subprocess.run([*PARLEY, "demo", "--no-serve"], env=demo, check=True, capture_output=True)
    process, room, slots = _bookable_room(cluster.url)
    port = free_port()
    server = start_production_server(
        tmp_path, port, production_environment(tmp_path, DATABASE_URL=cluster.url)
    )
    statuses: Counter[int] = Counter()
    stop_load = threading.Event()
    load_failures: list[BaseException] = []

    def load() -> None:
        visitor = Visitor(port)
        try:
            visitor.sign_in("protocol")
            n = 0
            while not stop_load.is_set():
                if n % 3 == 0:
                    status, _ = visitor.request("GET", "/")
                elif n % 3 == 1:
                    status, _ = visitor.request("GET", "/api/processes")
                else:
                    starts_at, ends_at = slots[(n // 3) % len(slots)]
                    booking = {"room": room, "title": f"Load {n}", "starts_at": starts_at}
                    status, _ = visitor.request(
                        "POST",
                        f"/api/processes/{process}/bookings",
                        json.dumps({**booking, "ends_at": ends_at}),
                        content_type="application/json",
                    )
                statuses[status] += 1
                n += 1
        except BaseException as failure:  # reported by the test, not lost in the thread
            load_failures.append(failure)

    loader = threading.Thread(target=load)
    watcher = Visitor(port)
    try:
        watcher.sign_in("services")
        loader.start()
        wait_until(lambda: statuses[201] >= 5, what="the load to get going")

        cluster.stop()
        page_status, page = watcher.request("GET", "/")
        api_status, api = watcher.request("GET", "/api/processes")
        health_status, health = watcher.request("GET", "/healthz")
        wait_until(lambda: statuses[503] >= 3, what="the load to meet the outage")
        cluster.start()

        served_before = statuses[200] + statuses[201]
        wait_until(
            lambda: statuses[200] + statuses[201] > served_before + 10,
            what="the same app processes to serve again",
        )
    finally:
        stop_load.set()
        loader.join(timeout=60)
        stop(server)
    assert load_failures == []
    assert (page_status, api_status, health_status) == (503, 503, 503)
    assert "Parley cannot reach its database just now" in page
    assert json.loads(api) == {
        "detail": "The database cannot be reached just now; nothing was saved. Try again."
    }
    assert json.loads(health)["database"] == "unreachable"
    print("responses under load, by status:", dict(statuses))
    assert set(statuses) <= {200, 201, 409, 503}, statuses  # never a 500, never a dropped line
    with psycopg.connect(cluster.url) as db:
        booked = {row[0] for row in db.execute("SELECT id::text FROM venues_booking")}
        audited = {
            row[0]
            for row in db.execute(
                "SELECT object_id FROM core_auditevent WHERE action = 'booking.create'"
            )
        }
    assert booked == audited  # every booking with its audit event, and no event without one
    verified = subprocess.run(
        [*PARLEY, "audit", "verify"], env=demo, capture_output=True, text=True, check=False
    )
    assert verified.returncode == 0, verified.stderr
