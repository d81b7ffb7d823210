"""/healthz and /readyz as a load balancer sees them."""

from __future__ import annotations

import time

import pytest
from flask_migrate import stamp
from sqlalchemy import text

from matchhub import create_app
from matchhub.demo.seed import seed_demo
from matchhub.extensions import db
from matchhub.matching import matching
from matchhub.ops import readiness
from tests.support.accounts import make_user
from tests.support.app import app_config

LIMIT_S = 60
DEAD_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2"


@pytest.fixture
def stamped(app):
    """The test database marked as migrated to `revision` (dropped again afterwards)."""

    def mark(revision: str = "head") -> None:
        stamp(revision=revision)

    yield mark
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _wait_until_ready(client) -> dict:
    deadline = time.monotonic() + LIMIT_S
    while True:
        response = client.get("/readyz")
        if response.status_code == 200:
            return response.get_json()
        assert time.monotonic() < deadline, response.get_json()
        time.sleep(0.05)


def test_healthz_answers_while_the_database_is_down_and_readyz_says_why():
    app = create_app(app_config(DEAD_DATABASE))
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503
    body = ready.get_json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "failed"
    assert any(reason.startswith("database unreachable") for reason in body["reasons"])


def test_readyz_waits_for_migrations_and_the_ranking_index_then_says_ready(app, stamped):
    seed_demo()
    client = app.test_client()
    unmigrated = client.get("/readyz")
    assert unmigrated.status_code == 503
    assert "no migrations applied: run flask db upgrade" in unmigrated.get_json()["reasons"]
    stamped("head")
    app.extensions.pop(matching.CACHE_KEY, None)
    building = client.get("/readyz")
    assert building.status_code == 503
    assert building.get_json()["reasons"] == ["ranking index not built yet in this worker"]
    body = _wait_until_ready(client)
    assert body == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "ranking_index": "ok"},
    }


def test_readyz_names_both_revisions_when_the_database_is_behind_the_code(app, stamped):
    stamped("c441774bca07")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    (reason,) = [r for r in response.get_json()["reasons"] if r.startswith("database at")]
    (head,) = readiness.migration_heads()
    assert reason == f"database at c441774bca07, code expects {head}: run flask db upgrade"


def test_probes_leave_a_logged_in_browsers_session_alone(app, auth, client):
    make_user()
    auth.login("resident@example.jp", "correct horse battery")
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/account/password").status_code == 200  # still logged in


def test_probes_are_never_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_APPLICATION="3 per minute")
    client = app.test_client()
    with app.app_context():
        assert [client.get("/healthz").status_code for _ in range(6)] == [200] * 6
        pages = [client.get("/login").status_code for _ in range(4)]
    assert pages[-1] == 429  # the limit itself is on: ordinary pages do hit it
