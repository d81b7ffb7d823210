"""Residents' rights under APPI: download everything, delete without a trace."""

import json
from pathlib import Path

from sqlalchemy import select, text

from matchhub.extensions import db
from matchhub.matching import matching
from matchhub.models import HelperProfile, Issue, Match, Notification, User
from matchhub.models.types import utcnow
from matchhub.residents import privacy
from matchhub.security import hash_password

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "correct horse battery"


def _hanako(runner):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    profile = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-1"))
    profile.user.password_hash = hash_password(PASSWORD)
    issue = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
    db.session.add(
        Match(
            issue=issue,
            helper=profile,
            status="completed",
            hours=3.0,
            decided_at=utcnow(),
            reasons=["同じ地区（蓮根）"],
        )
    )
    db.session.add(
        Notification(
            user_id=profile.user.id, kind="match_confirmed", message="山田 花子さんへのお知らせ"
        )
    )
    db.session.commit()
    return profile


def test_resident_downloads_everything_held_about_them(client, auth, runner):
    profile = _hanako(runner)
    auth.login("hanako@example.jp", PASSWORD)
    response = client.get("/me/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "hanako@example.jp"
    assert data["profile"]["skills"] == profile.skills
    assert data["profile"]["bio"] == profile.bio
    assert [m["status"] for m in data["matches"]] == ["completed"]
    assert data["notifications"][0]["message"] == "山田 花子さんへのお知らせ"


def _every_stored_text() -> str:
    chunks = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f'SELECT * FROM "{table.name}"')):
            chunks.append(json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(chunks)


def test_deleted_account_leaves_no_trace_of_email_or_name(client, auth, runner, tmp_path):
    profile = _hanako(runner)
    assert "hanako@example.jp" in _every_stored_text()
    auth.login("hanako@example.jp", PASSWORD)
    client.get("/coordinator/")  # nothing for a resident, but must not matter
    response = client.post("/me/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    stored = _every_stored_text()
    for trace in ("hanako@example.jp", "Hanako@Example.jp", "山田 花子", "山田"):
        assert trace not in stored, trace
    # The finished match stays, anonymous, for the desk's statistics.
    match = db.session.scalar(select(Match).where(Match.helper_id == profile.id))
    assert match.status == "completed" and match.hours == 3.0
    assert db.session.get(User, profile.user_id).display_name == privacy.ERASED_NAME
    # Nor in the ranking, nor in an export.
    keys = [r.item.key for r in matching.candidates_for(match.issue, 10)]
    assert "h-1" not in keys
    out = tmp_path / "export.jsonl"
    runner.invoke(args=["export", "--out", str(out)])
    assert "hanako" not in out.read_text(encoding="utf-8")
    # And the old session is gone.
    assert client.get("/me").status_code == 302


def test_deleting_needs_the_password_and_the_box(client, auth, runner):
    _hanako(runner)
    auth.login("hanako@example.jp", PASSWORD)
    page = client.post("/me/account/delete", data={"password": "wrong one", "confirm": "y"})
    assert page.status_code == 200
    assert db.session.scalar(select(User).where(User.email == "hanako@example.jp"))
    page = client.post("/me/account/delete", data={"password": PASSWORD})
    assert db.session.scalar(select(User).where(User.email == "hanako@example.jp"))


def test_staff_can_tell_who_viewed_a_resident(client, auth, runner):
    _hanako(runner)
    db.session.add(
        User(
            email="coord@example.jp",
            display_name="協働 さくら",
            password_hash=hash_password(PASSWORD),
            is_coordinator=True,
        )
    )
    db.session.execute(text("UPDATE matches SET status = 'proposed', decided_at = NULL"))
    db.session.commit()
    auth.login("coord@example.jp", PASSWORD)
    client.get("/coordinator/issues/i-1")
    html = client.get("/coordinator/residents/h-1/views").get_data(as_text=True)
    assert "協働 さくら" in html
