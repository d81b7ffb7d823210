"""Language choice: Japanese first, English on request."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user

from matchhub.extensions import babel


def select_locale() -> str:
    """Pick the user's saved locale, then the session's, then Japanese."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def inject_locale() -> dict:
        from flask_babel import get_locale

        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}

    @app.before_request
    def remember_path() -> None:
        g.request_path = request.full_path.rstrip("?")
