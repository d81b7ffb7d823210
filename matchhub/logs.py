"""Where the app's log records go: one line each, JSON or text, with the request's id.

MATCHHUB_LOG_LEVEL (INFO by default) and MATCHHUB_LOG_FORMAT (json, or text in development)
set the `matchhub` logger, which every module's logger (`matchhub.platform.mail`, ...) and
Flask's `app.logger` sit under.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask, g, has_request_context
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

HANDLER_NAME = "matchhub"
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = ("levelname", "name", "request_id", "message")


class RequestIdFilter(logging.Filter):
    """Stamp each record with the id of the request it was written in ('-' outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to sys.stderr as it is when the record comes (gunicorn and pytest replace it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter(
            list(JSON_FIELDS),
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",  # ISO 8601 in UTC, first on the line
            json_ensure_ascii=False,
        )
    return logging.Formatter(TEXT_FORMAT)


def init_app(app: Flask) -> None:
    """Send the `matchhub` logger's records to stderr, at the configured level and format."""
    logger = logging.getLogger(app.import_name.split(".")[0])
    for old in [h for h in logger.handlers if h.get_name() == HANDLER_NAME or h is default_handler]:
        logger.removeHandler(old)
    handler = StderrHandler()
    handler.set_name(HANDLER_NAME)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(formatter(app.config["LOG_FORMAT"]))
    logger.addHandler(handler)
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False  # one line per record, whatever else configures the root logger
    logger.disabled = False
