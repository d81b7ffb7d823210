"""Time to confirm, counted in interactions from the queue (docs/quality.md).

From the coordinator's queue, confirming the top candidate of the first issue, and confirming
a resident who asked to take part, each take at most two interactions (clicks or keys).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.browser import DESKTOP
from tests.support.browser import check_compiled_catalogues as _check_compiled_catalogues

DATA = Path(__file__).resolve().parents[1] / "data"
PASSWORD = "desk-password-1"


@pytest.fixture
def desk(tmp_path):
    """A live app with the small registry, a coordinator and a resident who asked to help."""
    from sqlalchemy import select
    from werkzeug.serving import make_server

    from matchhub import create_app
    from matchhub.extensions import db
    from matchhub.models import HelperProfile, Issue, Match, User
    from matchhub.models.types import utcnow
    from matchhub.security import hash_password

    _check_compiled_catalogues()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'desk.sqlite'}",
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
            "RATELIMIT_ENABLED": False,
            "STAFF_SECOND_FACTOR": False,
        }
    )
    with app.app_context():
        db.create_all()
        app.test_cli_runner().invoke(args=["import", str(DATA / "small.jsonl")])
        db.session.add(
            User(
                email="desk@example.jp",
                display_name="協働 さくら",
                is_coordinator=True,
                password_hash=hash_password(PASSWORD),
            )
        )
        issue = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
        ichiro = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-2"))
        db.session.add(
            Match(
                issue=issue,
                helper=ichiro,
                source="interest",
                interested_at=utcnow() - timedelta(days=1),
            )
        )
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _statuses(app) -> dict[str, str]:
    from sqlalchemy import select

    from matchhub.extensions import db
    from matchhub.models import HelperProfile, Match

    with app.app_context():
        rows = db.session.execute(
            select(HelperProfile.key, Match.status).join(Match, Match.helper_id == HelperProfile.id)
        )
        return dict(rows.all())


def test_confirming_from_the_queue_takes_at_most_two_interactions(page, desk):
    base, app = desk
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/login")
    page.get_by_label("メールアドレス").fill("desk@example.jp")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{base}/coordinator/")

    # The top candidate of the first issue: one click on its Confirm button.
    first = page.locator("details.queue-issue").first.locator("[data-candidate]").first
    top_key = first.get_attribute("id").removeprefix("cand-i-1-")
    interactions = 0
    first.get_by_role("button", name="確定する").click()
    interactions += 1
    assert interactions <= 2
    page.wait_for_load_state()
    assert "確定しました" in page.locator(".flashes").inner_text()
    assert _statuses(app)[top_key] == "confirmed"

    # A resident who asked to take part is in the queue, marked, with their own button.
    asked = page.locator("[data-candidate]", has=page.get_by_text("参加を希望"))
    assert asked.count() == 1
    interactions = 0
    asked.get_by_role("button", name="確定する").click()
    interactions += 1
    assert interactions <= 2
    page.wait_for_load_state()
    assert _statuses(app)["h-2"] == "confirmed"


def test_the_keyboard_confirms_the_top_candidate_in_two_keys(page, desk):
    base, app = desk
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/login")
    page.get_by_label("メールアドレス").fill("desk@example.jp")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{base}/coordinator/")
    top_key = page.locator("[data-candidate]").first.get_attribute("id").removeprefix("cand-i-1-")
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("c")
    assert _statuses(app)[top_key] == "confirmed"
