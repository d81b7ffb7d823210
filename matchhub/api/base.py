"""The API blueprint: bearer tokens only (no cookies, so no CSRF), JSON errors, rate limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, current_app, g, request
from flask.sessions import SecureCookieSession, SessionInterface
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from matchhub.accounts import tokens
from matchhub.config import DEFAULT_API_ANONYMOUS_RATE_LIMIT, DEFAULT_API_TOKEN_RATE_LIMIT
from matchhub.extensions import csrf, db, limiter, login_manager
from matchhub.models import ApiToken, User
from matchhub.platform.api_errors import (  # noqa: F401  (the API's modules use them from here)
    ApiError,
    api_locale,
    error_response,
    json_response,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

DEFAULT_TOKEN_LIMIT = DEFAULT_API_TOKEN_RATE_LIMIT
DEFAULT_ANONYMOUS_LIMIT = DEFAULT_API_ANONYMOUS_RATE_LIMIT
HTTP_CODES = {
    400: ("bad_request", _l("The request could not be read.")),
    401: ("unauthorized", _l("A valid access token is required.")),
    403: ("forbidden", _l("This token may not do that.")),
    404: ("not_found", _l("There is nothing at this address.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    413: ("payload_too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send JSON (Content-Type: application/json).")),
    429: ("rate_limited", _l("Too many requests. Please wait a little and try again.")),
}
TOKEN_PROBLEMS = {
    "missing": ("unauthorized", _l("A valid access token is required.")),
    "invalid": ("invalid_token", _l("The access token is not valid.")),
    "revoked": ("invalid_token", _l("The access token was revoked.")),
    "expired": ("token_expired", _l("The access token has expired.")),
}


@dataclass(frozen=True)
class Caller:
    """Who is calling: a live token and its user, or nobody; `problem` when a token failed."""

    token: ApiToken | None = None
    problem: str | None = None

    @property
    def user(self) -> User | None:
        return self.token.user if self.token is not None else None


def caller() -> Caller:
    """The caller of this request, from its Authorization header (looked up once)."""
    if "api_caller" not in g:
        header = request.headers.get("Authorization")
        if header is None:
            g.api_caller = Caller()
        else:
            scheme, _, secret = header.strip().partition(" ")
            if scheme.lower() != "bearer" or not secret.strip():
                g.api_caller = Caller(problem="invalid")
            else:
                try:
                    g.api_caller = Caller(tokens.authenticate(secret.strip()))
                except tokens.TokenRejected as rejected:
                    g.api_caller = Caller(problem=rejected.reason)
    return g.api_caller


def rate_key() -> str:
    """Each token has its own budget; requests without a valid token share their address's."""
    token = caller().token
    return f"token:{token.id}" if token is not None else f"ip:{get_remote_address()}"


def rate_limit() -> str:
    if caller().token is not None:
        return current_app.config.get("API_TOKEN_RATE_LIMIT", DEFAULT_TOKEN_LIMIT)
    return current_app.config.get("API_ANONYMOUS_RATE_LIMIT", DEFAULT_ANONYMOUS_LIMIT)


limiter.shared_limit(rate_limit, scope="api", key_func=rate_key)(bp)


def unauthorized(problem: str) -> ApiError:
    code, message = TOKEN_PROBLEMS.get(problem, TOKEN_PROBLEMS["invalid"])
    challenge = 'Bearer realm="matchhub"'
    if problem != "missing":
        challenge += ', error="invalid_token"'
    return ApiError(401, code, message, headers={"WWW-Authenticate": challenge})


def require(scope: str, staff: bool = False) -> Callable:
    """Let a view run only for a token with `scope` (and, if `staff`, a coordinator's).

    :raise 401: without a token. :raise 403: for a token without the scope or role.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            token = caller().token
            if token is None:
                raise unauthorized("missing")
            if scope not in token.scopes:
                raise ApiError(
                    403,
                    "insufficient_scope",
                    _l("This token lacks the %(scope)s permission.", scope=scope),
                )
            if staff and not token.user.is_staff:
                raise ApiError(403, "forbidden", _l("Only the collaboration desk may do this."))
            return view(*args, **kwargs)

        guarded.required_scope = scope  # read by the OpenAPI test
        return guarded

    return decorate


class TokenOnlySessions(SessionInterface):
    """The app's own cookie sessions, except under the API, where the cookie is never read
    and never written.

    So a browser's session cookie can never authenticate an API request (which is what
    makes the API safe without CSRF tokens), and no API response sets a cookie. API requests
    get an empty session that lives for the request only.
    """

    def __init__(self, inner: SessionInterface, prefix: str) -> None:
        self.inner, self.prefix = inner, prefix

    def _is_api(self, request) -> bool:
        return request.path == self.prefix or request.path.startswith(self.prefix + "/")

    def open_session(self, app, request):
        if self._is_api(request):
            return SecureCookieSession()
        return self.inner.open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if not self._is_api(request):
            self.inner.save_session(app, session, response)

    def make_null_session(self, app):
        return self.inner.make_null_session(app)

    def is_null_session(self, obj) -> bool:
        return self.inner.is_null_session(obj)


@bp.record_once
def _sessions_stay_off_the_api(state) -> None:
    state.app.session_interface = TokenOnlySessions(state.app.session_interface, bp.url_prefix)


@bp.url_value_preprocessor
def anonymous_unless_token(endpoint: str | None, values: dict | None) -> None:
    """Tell Flask-Login there is no logged-in user, before anything asks it.

    Url value preprocessors run before every before_request function, so Flask-Login never
    looks at a remember-me cookie on an API request either.
    """
    g._login_user = login_manager.anonymous_user()
    # g outlives a request when an app context was already pushed (as in tests).
    g.pop("api_caller", None)
    # A NUL can reach a key through %00 and no key holds one (PostgreSQL refuses it in text).
    if values and any("\x00" in str(v) for v in values.values()):
        raise ApiError(404, "not_found", HTTP_CODES[404][1])


@bp.before_request
def reject_bad_tokens() -> None:
    problem = caller().problem
    if problem is not None:
        raise unauthorized(problem)


@bp.after_request
def private_when_authenticated(response):
    response.vary.add("Authorization")
    if caller().token is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return error_response(error)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    status = error.code or 500
    code, message = HTTP_CODES.get(status, ("http_error", _l("The request failed.")))
    headers = {}
    if status == 405:
        headers["Allow"] = ", ".join(getattr(error, "valid_methods", None) or [])
    if status == 429:
        headers["Retry-After"] = _retry_after()
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="matchhub"'
    return error_response(ApiError(status, code, message, headers=headers))


@bp.errorhandler(Exception)
def unexpected_error(error: Exception):
    current_app.logger.exception("unhandled API error")
    db.session.rollback()
    return error_response(ApiError(500, "server_error", _l("Something went wrong on our side.")))


def _retry_after() -> str:
    limit = limiter.current_limit
    if limit is None:
        return "60"
    return str(max(int(limit.reset_at - time.time()), 1))
