"""The API's error object, for every part of the app that answers under /api.

{"error": {"code", "message"[, "details"]}} with a status, in English or Japanese.
"""

from __future__ import annotations

import json

from flask import current_app, request
from flask_babel import force_locale


class ApiError(Exception):
    """An error answered as {"error": {"code", "message"[, "details"]}} with a status."""

    def __init__(
        self,
        status: int,
        code: str,
        message: object,
        details: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers or {}


def api_locale() -> str:
    """English or Japanese, as the client's Accept-Language prefers (English by default)."""
    return request.accept_languages.best_match(("en", "ja")) or "en"


def json_response(payload: object, status: int = 200, headers: dict | None = None):
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    response = current_app.response_class(body, status=status, mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_response(error: ApiError):
    with force_locale(api_locale()):
        body: dict = {"code": error.code, "message": str(error.message)}
        if error.details:
            body["details"] = {k: str(v) for k, v in error.details.items()}
    return json_response({"error": body}, error.status, error.headers)
