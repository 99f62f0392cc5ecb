"""Every request is named (X-Request-ID) and logged in one line; secrets stay out of the log."""

import logging

import pytest

from ..conftest import sign_in


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="parley.request")
    return caplog


def _lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "parley.request"]


def test_a_request_is_logged_once_with_method_path_status_duration_and_id(
    client, talks, request_log
):
    sign_in(client, talks.users["protocol"])
    response = client.get("/")
    (line,) = _lines(request_log)
    assert (line.method, line.path, line.status) == ("GET", "/", 200)
    assert line.duration_ms >= 0
    assert line.request_id == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_the_proxys_request_id_is_kept_and_echoed(client, db, request_log):
    response = client.get("/sign-in/", headers={"X-Request-ID": "proxy-7f3a.1"})
    assert response["X-Request-ID"] == "proxy-7f3a.1"
    assert [line.request_id for line in _lines(request_log)] == ["proxy-7f3a.1"]


def test_a_request_id_that_is_not_plain_is_replaced(client, db, request_log):
    response = client.get("/sign-in/", headers={"X-Request-ID": "x" * 200})
    assert response["X-Request-ID"] != "x" * 200
    assert len(response["X-Request-ID"]) == 32


def test_a_calendar_apps_secret_address_is_not_logged(client, db, request_log):
    client.get("/feeds/abcdefsecrettoken.ics")
    (line,) = _lines(request_log)
    assert line.path == "/feeds/[secret]"
    assert "abcdefsecrettoken" not in line.getMessage()
