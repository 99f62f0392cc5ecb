"""Real processes against the test database: `parley worker`, `parley serve`, `parley run`.

They see what a test has committed (use `transactional_db`), through a DATABASE_URL that
points at the test database. Heartbeats are quicker here than in production, so that a
killed worker is found out within seconds.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.db import connection

PARLEY = [sys.executable, "-m", "parley"]
HEARTBEAT_SECONDS = "0.5"
LOST_AFTER_SECONDS = "3"


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def environment(**overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "parley.settings.local",
        "PARLEY_WORKER_HEARTBEAT": HEARTBEAT_SECONDS,
        "PARLEY_WORKER_LOST_AFTER": LOST_AFTER_SECONDS,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PARLEY_DEMO", None)
    env.update(overrides)
    return env


def start(*args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`parley ARGS…` in a process group of its own, its output in `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [*PARLEY, *args],
            env=env or environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_worker(log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return start("worker", "--interval", "0.2", "--no-startup-delay", log=log, env=env)


def stop(process: subprocess.Popen) -> None:
    """End a process and its group for good (test clean-up)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=30)


def group_is_gone(process: subprocess.Popen) -> bool:
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return True
    return False


def wait_until(condition: Callable[[], bool], *, what: str, within: float = 60.0) -> None:
    """Poll until `condition` holds; a bound on waiting for a process, not a timing claim."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting, after {within:.0f} s, for {what}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_status(url: str, timeout: float = 5.0) -> int | None:
    """The status a GET answers with, or None if nothing answers at all."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — our URL
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def production_environment(var_dir: Path, **overrides: str) -> dict[str, str]:
    """The production settings, with the static files collected under `var_dir`."""
    return environment(
        DJANGO_SETTINGS_MODULE="parley.settings.production",
        PARLEY_SECRET_KEY="production-test-secret-" + "k" * 32,
        PARLEY_VAR_DIR=str(var_dir),
        **overrides,
    )


def start_production_server(
    var_dir: Path, port: int, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """`parley collectstatic` then `parley serve`, as the README's Production section says."""
    env = env or production_environment(var_dir)
    subprocess.run(
        [*PARLEY, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, timeout=120
    )
    server = start(
        "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", log=var_dir / "serve.log", env=env
    )
    wait_until(
        lambda: http_status(f"http://127.0.0.1:{port}/healthz") is not None,
        what="the production server to answer",
    )
    return server
