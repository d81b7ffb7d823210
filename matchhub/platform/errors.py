"""Error pages: a plain message in the user's language, never a stack trace."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from matchhub.extensions import db
from matchhub.platform.files import readable_size
from matchhub.platform.request_log import current_request_id


def _page(title: str, message: str, status: int):
    """The page, with the request's id for a resident to quote to the desk."""
    page = render_template(
        "error.html", title=title, message=message, request_id=current_request_id()
    )
    return page, status


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(
            _("The form expired"),
            _("Please go back, reload the page and send the form again."),
            400,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            403: (_("Not allowed"), _("You do not have permission to see this page.")),
            404: (_("Page not found"), _("The page you asked for does not exist.")),
            413: (
                _("Too much at once"),
                _(
                    "What you sent is larger than this site accepts (%(size)s). Please go back "
                    "and send less at a time.",
                    size=readable_size(request.max_content_length or 0),
                ),
            ),
            429: (_("Too many attempts"), _("Please wait a minute and try again.")),
        }
        title, message = messages.get(
            error.code or 500, (_("Something went wrong"), _("Please try again later."))
        )
        return _page(title, message, error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        return _page(
            _("Something went wrong"),
            _("We could not finish this. Nothing you entered was lost; please try again."),
            500,
        )
