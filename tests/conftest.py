"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from matchhub import create_app
from matchhub.extensions import db
from tests.support.accounts import AuthActions
from tests.support.app import ENGINES, POSTGRES_URL, IsolatedClient, app_config


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


@pytest.fixture
def auth(client):
    return AuthActions(client)
