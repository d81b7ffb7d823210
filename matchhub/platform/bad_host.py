"""The answer to a request for a Host that is not in MATCHHUB_TRUSTED_HOSTS.

Flask refuses such a request while routing, before a URL adapter exists, so the usual
error page (which builds its links with url_for) cannot be rendered: this one is plain.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError


def init_app(app) -> None:
    app.register_error_handler(SecurityError, untrusted_host)


def untrusted_host(error: SecurityError):
    """:return: a 400 page (or the API's error object) naming the site's real address."""
    base_url = current_app.config["BASE_URL"]
    if request.path.startswith("/api/"):
        from matchhub.platform.api_errors import ApiError, error_response

        return error_response(
            ApiError(400, "untrusted_host", _("This server does not answer for that address."))
        )
    page = render_template(
        "errors/bad_host.html",
        title=_("Wrong address"),
        message=_("This server does not answer for that address. Please open matchhub at:"),
        base_url=base_url,
    )
    return page, 400
