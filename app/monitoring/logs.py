"""Logging setup: plain text (default) or one JSON object per line (LOG_FORMAT=json), each record
carrying the id of the HTTP request it was written under (set by app.monitoring.http_middleware)."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar('panelist_request_id', default=None)
TEXT_FORMAT = '%(asctime)s %(levelname)s %(name)s: %(message)s'
# Attributes every LogRecord has; anything else was passed with extra={...} and goes into the JSON too.
_STANDARD = frozenset(vars(logging.LogRecord('', 0, '', 0, '', None, None))) | {'message', 'asctime', 'request_id'}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            'time': datetime.fromtimestamp(record.created, UTC).isoformat(timespec='milliseconds'),
            'level': record.levelname, 'logger': record.name, 'message': record.getMessage(),
        }
        request_id = getattr(record, 'request_id', None)
        if request_id:
            entry['request_id'] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith('_'):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry['exception'] = self.formatException(record.exc_info)
        if record.stack_info:
            entry['stack'] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, log_format: str) -> None:
    """Replace the root handlers with one stderr handler in the chosen format (called once at startup)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == 'json' else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's loggers have their own handlers: route them through the root so they share the format.
    for name in ('uvicorn', 'uvicorn.error', 'uvicorn.access'):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
