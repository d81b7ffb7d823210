"""The test app's settings and its databases (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import os

import flask_babel
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text


def _worker_database(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets its own PostgreSQL database, created on demand."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from matchhub.config import normalise_database_url

    base = make_url(normalise_database_url(url))
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


POSTGRES_URL = _worker_database(os.environ.get("MATCHHUB_TEST_POSTGRES_URL"))


ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


FAST_HASH = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}


def app_config(database_url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "BASE_URL": "http://localhost",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PASSWORD_HASH_PARAMS": FAST_HASH,
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        **extra,
    }


class IsolatedClient(FlaskClient):
    """A test client whose requests never see the user loaded by an earlier request.

    Tests keep an app context pushed (to use db.session), and Flask reuses it for the
    requests they make, so Flask-Login's cached user on `g` would leak between clients.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
            flask_babel.refresh()  # the language is per request too
        return super().open(*args, **kwargs)
