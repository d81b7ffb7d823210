"""Settings read from MATCHHUB_* environment variables."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from matchhub import mail_config

DEFAULT_SECRET_KEY = "dev-only-not-secret"
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
# Forms and API bodies are a few kilobytes; files go through the desk's own upload limit.
DEFAULT_MAX_CONTENT_LENGTH = 1024 * 1024
DEFAULT_API_TOKEN_RATE_LIMIT = "300/minute"
DEFAULT_API_ANONYMOUS_RATE_LIMIT = "60/minute"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
LOG_FORMATS = ("json", "text")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(click.ClickException, RuntimeError):
    """Raised when the app is configured unsafely for production, or a setting is malformed.

    A ClickException, so `flask ...` prints it as one line (Error: ...), with no traceback.
    """


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _env_bool(name: str, default: bool = False) -> bool:
    """:raise ConfigError: naming the variable when its value is neither yes nor no."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise ConfigError(
            f"{name} must be one of {', '.join(TRUE_WORDS + FALSE_WORDS)}, not {value!r}."
        )
    return value in TRUE_WORDS


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or None


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    """:raise ConfigError: naming the variable when it is not a whole number >= minimum."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return number


def _mail_settings() -> dict:
    try:
        return mail_config.from_environment()
    except mail_config.MailConfigError as error:
        raise ConfigError(str(error)) from None


def _env_choice(name: str, choices: tuple[str, ...], default: str, upper: bool = False) -> str:
    """:raise ConfigError: naming the variable when its value is not one of `choices`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    value = value.upper() if upper else value.lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def _env_rate(name: str, default: str) -> str:
    """:raise ConfigError: when the value is not a rate limit such as 300/minute."""
    from limits import parse_many

    value = os.environ.get(name, "").strip() or default
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(
            f"{name} must be a rate limit such as 300/minute or 1000 per hour, not {value!r}."
        ) from None
    return value


MB = 1024 * 1024


def from_environment(instance_path: str) -> dict:
    """Build the config mapping from MATCHHUB_* variables.

    :raise ConfigError: naming the variable when one is malformed.
    """
    development = _env_bool("MATCHHUB_DEBUG")
    default_db = "sqlite:///" + str(Path(instance_path) / "matchhub.sqlite")
    return {
        "SECRET_KEY": os.environ.get("MATCHHUB_SECRET_KEY", DEFAULT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("MATCHHUB_DATABASE_URL", default_db)
        ),
        **_mail_settings(),
        # Every link in mail, notices and exports is built from this, never from a request.
        "BASE_URL": os.environ.get("MATCHHUB_BASE_URL", DEVELOPMENT_BASE_URL),
        "TRUSTED_HOSTS": _env_list("MATCHHUB_TRUSTED_HOSTS"),
        "RATELIMIT_STORAGE_URI": os.environ.get("MATCHHUB_RATELIMIT_STORAGE_URL", "memory://"),
        # How many proxies in front set X-Forwarded-For/-Proto/-Host (0: none is trusted).
        "PROXY_HOPS": _env_int("MATCHHUB_PROXY_HOPS", 0, minimum=0),
        # Per organization (a fifth while the desk has not verified it): services/quotas.py.
        "QUOTA_PROPOSALS_PER_DAY": _env_int("MATCHHUB_QUOTA_PROPOSALS_PER_DAY", 20),
        "QUOTA_UPLOAD_BYTES_PER_DAY": _env_int("MATCHHUB_QUOTA_UPLOAD_BYTES_PER_DAY", 200 << 20),
        "QUOTA_INVITATIONS_PER_HOUR": _env_int("MATCHHUB_QUOTA_INVITATIONS_PER_HOUR", 20),
        "MAX_CONTENT_LENGTH": _env_int("MATCHHUB_MAX_CONTENT_LENGTH", DEFAULT_MAX_CONTENT_LENGTH),
        # Registry uploads (/admin/import): size limit, and a folder every worker shares.
        "REGISTRY_MAX_UPLOAD_BYTES": MB * _env_int("MATCHHUB_REGISTRY_MAX_UPLOAD_MB", 10),
        "REGISTRY_UPLOAD_FOLDER": os.environ.get("MATCHHUB_REGISTRY_UPLOAD_FOLDER"),
        # Development mode; kept apart from DEBUG, which the flask command resets.
        "DEVELOPMENT": development,
        **operations_settings(development),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "ja",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Tokyo",
        "LANGUAGES": ("ja", "en"),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            # Keep Japanese readable (and searchable) in SQLite's JSON text.
            "json_serializer": _json_dumps,
        },
        "PASSWORD_HASH_PARAMS": {"time_cost": 3, "memory_cost": 65536, "parallelism": 2},
    }


def operations_settings(development: bool) -> dict:
    """What an operator sets for files, limits, sign-in, logs and metrics (docs/operations.md)."""
    return {
        "DESK_UPLOAD_FOLDER": os.environ.get("MATCHHUB_UPLOAD_FOLDER") or None,
        "DESK_MAX_UPLOAD_BYTES": _env_int(
            "MATCHHUB_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, minimum=1
        ),
        "BACKUP_FOLDER": os.environ.get("MATCHHUB_BACKUP_FOLDER") or None,
        "API_TOKEN_RATE_LIMIT": _env_rate("MATCHHUB_API_RATE_LIMIT", DEFAULT_API_TOKEN_RATE_LIMIT),
        "API_ANONYMOUS_RATE_LIMIT": _env_rate(
            "MATCHHUB_API_ANONYMOUS_RATE_LIMIT", DEFAULT_API_ANONYMOUS_RATE_LIMIT
        ),
        "STAFF_SECOND_FACTOR": _env_bool("MATCHHUB_STAFF_SECOND_FACTOR", True),
        "LOG_LEVEL": _env_choice("MATCHHUB_LOG_LEVEL", LOG_LEVELS, "INFO", upper=True),
        "LOG_FORMAT": _env_choice(
            "MATCHHUB_LOG_FORMAT", LOG_FORMATS, "text" if development else "json"
        ),
        # Only behind a proxy that sets X-Request-ID itself (nginx: $request_id).
        "TRUST_REQUEST_ID": _env_bool("MATCHHUB_TRUST_REQUEST_ID"),
        "METRICS_TOKEN": os.environ.get("MATCHHUB_METRICS_TOKEN") or None,
    }


def check_base_url(url: str | None) -> None:
    """:raise ConfigError: when the base URL is not an absolute http(s) address."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"MATCHHUB_BASE_URL is not an absolute http(s) address: {url!r} "
            "(expected something like https://matchhub.city.example.lg.jp)."
        )


def normalise_database_url(url: str) -> str:
    """Make plain postgres URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_production_safety(config: dict) -> None:
    """Refuse to serve real traffic with the development secret key.

    :raise ConfigError: when the default key is used outside debug and testing.
    """
    check_base_url(config.get("BASE_URL"))
    try:
        mail_config.check(config)
    except mail_config.MailConfigError as error:
        raise ConfigError(str(error)) from None
    if config.get("DEVELOPMENT") or config.get("DEBUG") or config.get("TESTING"):
        return
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise ConfigError(
            "MATCHHUB_SECRET_KEY must be set to a long random value outside debug mode "
            "(for development, run with MATCHHUB_DEBUG=1)."
        )
    if not os.environ.get("MATCHHUB_BASE_URL") and config.get("BASE_URL") == DEVELOPMENT_BASE_URL:
        raise ConfigError(
            "MATCHHUB_BASE_URL must be set outside debug mode: it is the address residents "
            "open from mail (for example https://matchhub.city.example.lg.jp)."
        )
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
