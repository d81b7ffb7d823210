"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import os

import flask_babel
import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from matchhub import create_app
from matchhub.extensions import db


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


@pytest.fixture(scope="session")
def postgres_schema():
    """Create the schema once per run on PostgreSQL; tests truncate between them."""
    if not POSTGRES_URL:
        return None
    from matchhub.config import normalise_database_url

    url = normalise_database_url(POSTGRES_URL)
    app = create_app(app_config(url))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        db.engine.dispose()
    return url


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def database_url(engine_name, tmp_path, request) -> str:
    if engine_name == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("postgres_schema")


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


@pytest.fixture
def make_app(database_url, engine_name):
    """Build an app on this test's database; extra config may be given."""
    apps = []

    def build(**extra):
        app = create_app(app_config(database_url, **extra))
        app.test_client_class = IsolatedClient
        with app.app_context():
            if engine_name == "sqlite":
                db.create_all()
            else:
                tables = ", ".join(t.name for t in db.metadata.sorted_tables)
                with db.engine.begin() as conn:
                    conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def other_process(app, database_url):
    """Another app on the same database, as a second gunicorn worker or a CLI command is."""
    other = create_app(app_config(database_url))
    other.test_client_class = IsolatedClient
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_app(make_app):
    """An app with CSRF protection on, as in production."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str):
        """Log in; staff also pass the second factor, as a real coordinator would."""
        response = self._client.post("/login", data={"email": email, "password": password})
        location = response.headers.get("Location", "")
        if response.status_code == 302 and "/account/2fa" in location:
            pass_second_factor(self._client, email)
            return self._client.get(location, follow_redirects=False)
        return response

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def make_user(
    email: str = "resident@example.jp", password: str = "correct horse battery", **fields
):
    """Create a user directly in the database."""
    from matchhub.models import HelperProfile, User
    from matchhub.models.types import utcnow
    from matchhub.security import hash_password

    # Like every account made before confirmation existed; pass None for an unconfirmed one.
    fields.setdefault("email_confirmed_at", utcnow())
    user = User(
        email=email,
        display_name=fields.pop("display_name", "テスト 太郎"),
        password_hash=hash_password(password),
        **fields,
    )
    user.helper_profile = HelperProfile(key=f"h-{email}")
    db.session.add(user)
    db.session.commit()
    return user


def pass_second_factor(client, email: str) -> None:
    """Enrol the user's TOTP secret if needed and send a current code."""
    import pyotp
    from sqlalchemy import select

    from matchhub.models import User
    from matchhub.models.types import utcnow

    user = db.session.scalar(select(User).where(User.email == email.lower()))
    if user.totp_secret is None or user.totp_enabled_at is None:
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    db.session.commit()
    client.post("/account/2fa", data={"code": pyotp.TOTP(user.totp_secret).now()})
