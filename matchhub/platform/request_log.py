"""Every request gets an id (echoed in X-Request-ID, shown on error pages), one access-log
line and its place in the latency metrics.

The line names the path template (`/issues/<key>`), never the path itself: paths carry
password-reset and invitation tokens, and a log is read by more people than the database.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from flask import Flask, Response, current_app, g, request

from matchhub.platform import metrics

HEADER = "X-Request-ID"
# What nginx's $request_id, a UUID or a load balancer's trace id look like; nothing else.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
log = logging.getLogger("matchhub.access")


def new_request_id() -> str:
    return secrets.token_hex(8)


def current_request_id() -> str | None:
    return g.get("request_id")


def _start() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get(HEADER, "")
    trusted = current_app.config.get("TRUST_REQUEST_ID")
    g.request_id = given if trusted and ACCEPTED_ID.fullmatch(given) else new_request_id()


def _user_id() -> int | None:
    # Only a user this request already loaded: logging must not cost a query of its own.
    user = g.get("_login_user")
    return user.id if user is not None and user.is_authenticated else None


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or new_request_id()
    response.headers[HEADER] = request_id
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    metrics.request_answered(request.endpoint, request.method, response.status_code, seconds)
    log.info(
        "%s %s %s %.1f ms user=%s",
        request.method,
        request.url_rule.rule if request.url_rule else "-",
        response.status_code,
        seconds * 1000,
        _user_id() or "-",
        extra={
            "method": request.method,
            "path": request.url_rule.rule if request.url_rule else None,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "user_id": _user_id(),
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Register first, so the time measured covers every other hook (after_request runs
    in reverse order: this one last)."""
    app.before_request(_start)
    app.after_request(_finish)
