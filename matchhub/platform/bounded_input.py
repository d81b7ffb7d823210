"""Bounds on what a request may carry: its size, ids and page numbers, NUL characters.

A request body is capped by MAX_CONTENT_LENGTH; the views that take files are marked with
@accepts_uploads and get the desk's larger upload limit instead. Ids in URLs stop at what
the database holds, and text with a NUL character (which PostgreSQL cannot store) is
refused with a message before any view or form sees it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from matchhub.platform import files as attachments
from matchhub.platform.bounds import MAX_ID

# Beyond any list we show; OFFSET (page - 1) * per_page must stay a small integer.
MAX_PAGE = 100_000


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in a route matches only ids the database can hold: others are a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class ControlCharacterInInput(BadRequest):
    """Text with a NUL character: no field may hold one."""


def accepts_uploads(view):
    """Mark a view that takes files: its requests may be as large as the desk allows."""
    view.accepts_uploads = True
    return view


def page_number(name: str = "page") -> int:
    """The page asked for in the query string, 1 when absent.

    :raise 404: for a page beyond any list (it would overflow the database's OFFSET).
    """
    page = request.args.get(name, 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return max(page, 1)


def _has_nul(items: Iterable[tuple[str, str]]) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in items)


def check_request(endpoint: str | None, values: dict | None) -> None:
    """Runs before every other request hook (CSRF included), so the limits apply to them.

    :raise 404: for a NUL in a URL value; ControlCharacterInInput for one in the query
        string or a form.
    """
    view = current_app.view_functions.get(endpoint or "")
    if getattr(view, "accepts_uploads", False):
        request.max_content_length = attachments.MAX_FILES * attachments.max_bytes() + 256 * 1024
    if values and any(isinstance(v, str) and "\x00" in v for v in values.values()):
        abort(404)
    if _has_nul(request.args.items(multi=True)):
        raise ControlCharacterInInput()
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if _has_nul(request.form.items(multi=True)):
            raise ControlCharacterInInput()


def init_app(app) -> None:
    """Call before blueprints are registered: their int routes use the bounded converter."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_value_preprocessor(check_request)
    app.register_error_handler(ControlCharacterInInput, control_character)


def control_character(error: ControlCharacterInInput):
    message = _(
        "What you sent contains an invisible control character (NUL) that cannot be saved. "
        "Please go back, remove it (retyping the text helps) and send it again."
    )
    if request.path.startswith("/api/"):
        from matchhub.platform.api_errors import ApiError, error_response

        return error_response(ApiError(422, "invalid_character", message))
    return render_template(
        "error.html", title=_("A character cannot be saved"), message=message
    ), 400
