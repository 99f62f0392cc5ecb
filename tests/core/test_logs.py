"""One JSON object a line, with the request's id and whatever the caller passed in `extra`."""

import json
import logging
import sys

from parley.core.logs import JsonFormatter, RequestIdFilter, current_request_id


def _record(message: str, **extra) -> logging.LogRecord:
    record = logging.LogRecord("parley.test", logging.INFO, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


def test_a_record_is_one_json_line_with_its_extra_fields():
    line = JsonFormatter().format(_record("GET /x 200", status=200, path="/x"))
    entry = json.loads(line)
    assert "\n" not in line
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "INFO",
        "parley.test",
        "GET /x 200",
    )
    assert (entry["status"], entry["path"]) == (200, "/x")


def test_a_record_made_while_answering_a_request_carries_its_id():
    token = current_request_id.set("req-42")
    try:
        record = _record("solving")
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "req-42"


def test_a_record_outside_any_request_has_no_request_id():
    record = _record("worker started")
    RequestIdFilter().filter(record)
    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_an_exception_is_logged_inside_the_json_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord(
            "parley.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["exception"].splitlines()[-1] == "ValueError: broken"
