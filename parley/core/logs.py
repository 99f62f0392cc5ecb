"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

The request id comes from the proxy's X-Request-ID when it sends one (so its log and ours
join up), or is made here; RequestLogMiddleware sets it for the request's duration.
"""

import contextvars
import datetime as dt
import json
import logging
from typing import Any

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "parley_request_id", default=""
)

# The attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    set(vars(logging.LogRecord("", logging.INFO, "", 0, "", (), None))) | {"message", "asctime"}
)


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being answered, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_") and key != "request":
                entry[key] = value
        if not entry.get("request_id"):
            entry.pop("request_id", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
