"""Settings read from MATCHHUB_* environment variables."""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """Raised when the app is configured unsafely for production."""


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
        "RATELIMIT_STORAGE_URI": os.environ.get("MATCHHUB_RATELIMIT_STORAGE_URL", "memory://"),
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
    if config.get("DEVELOPMENT") or config.get("DEBUG") or config.get("TESTING"):
        return
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise ConfigError(
            "MATCHHUB_SECRET_KEY must be set to a long random value outside debug mode "
            "(for development, run with MATCHHUB_DEBUG=1)."
        )
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
