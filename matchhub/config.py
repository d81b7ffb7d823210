"""Settings read from MATCHHUB_* environment variables."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SECRET_KEY = "dev-only-not-secret"
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


class ConfigError(RuntimeError):
    """Raised when the app is configured unsafely for production."""


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str] | None:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or None


MB = 1024 * 1024


def from_environment(instance_path: str) -> dict:
    """Build the config mapping from MATCHHUB_* variables."""
    default_db = "sqlite:///" + str(Path(instance_path) / "matchhub.sqlite")
    return {
        "SECRET_KEY": os.environ.get("MATCHHUB_SECRET_KEY", DEFAULT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("MATCHHUB_DATABASE_URL", default_db)
        ),
        "MAIL_SERVER": os.environ.get("MATCHHUB_MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MATCHHUB_MAIL_PORT", "25")),
        "MAIL_SENDER": os.environ.get("MATCHHUB_MAIL_SENDER", "noreply@matchhub.example.jp"),
        # Every link in mail, notices and exports is built from this, never from a request.
        "BASE_URL": os.environ.get("MATCHHUB_BASE_URL", DEVELOPMENT_BASE_URL),
        "TRUSTED_HOSTS": _env_list("MATCHHUB_TRUSTED_HOSTS"),
        "RATELIMIT_STORAGE_URI": os.environ.get("MATCHHUB_RATELIMIT_STORAGE_URL", "memory://"),
        # Registry uploads (/admin/import): size limit, and a folder every worker shares.
        "REGISTRY_MAX_UPLOAD_BYTES": MB
        * int(os.environ.get("MATCHHUB_REGISTRY_MAX_UPLOAD_MB", "10")),
        "REGISTRY_UPLOAD_FOLDER": os.environ.get("MATCHHUB_REGISTRY_UPLOAD_FOLDER"),
        # Development mode; kept apart from DEBUG, which the flask command resets.
        "DEVELOPMENT": _env_bool("MATCHHUB_DEBUG"),
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
