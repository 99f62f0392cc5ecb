"""`parley serve`: gunicorn with the production settings, static files under hashed names."""

import json
import re
import subprocess
import urllib.request

import pytest

from ..processes import (
    PARLEY,
    free_port,
    production_environment,
    start_production_server,
    stop,
)


@pytest.mark.django_db(transaction=True)
def test_the_production_server_serves_hashed_static_files_and_logs_json(tmp_path):
    port = free_port()
    server = start_production_server(tmp_path, port)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/sign-in/", headers={"X-Request-ID": "smoke-1"}
        )
        with urllib.request.urlopen(request) as response:  # noqa: S310 — our own server
            page = response.read().decode()
            assert response.headers["X-Request-ID"] == "smoke-1"
        (stylesheet,) = re.findall(r'href="(/static/parley/parley\.[0-9a-f]{12}\.css)"', page)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}") as response:
            assert response.status == 200
            assert "immutable" in response.headers["Cache-Control"]
    finally:
        stop(server)
    lines = [json.loads(line) for line in (tmp_path / "serve.log").read_text().splitlines()]
    (sign_in,) = [line for line in lines if line.get("path") == "/sign-in/"]
    assert (sign_in["method"], sign_in["status"], sign_in["request_id"]) == ("GET", 200, "smoke-1")


def test_the_production_server_refuses_to_start_without_collected_static_files(tmp_path):
    env = production_environment(tmp_path)
    finished = subprocess.run(
        [*PARLEY, "serve", "--bind", "127.0.0.1:0"], env=env, capture_output=True, text=True
    )
    assert finished.returncode == 2
    assert finished.stderr.strip().splitlines() == [
        "CommandError: The static files are not collected: "
        "run `parley collectstatic --noinput` first."
    ]
