"""Erasure means erasure: after a resident deletes their account, their name is gone from
what organizations were told; and every staff view of a resident is in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from matchhub.extensions import db
from matchhub.models import AuditEvent, HelperProfile, Issue, Match, Notification, OutboxMail, User
from matchhub.residents import activities, privacy
from matchhub.security import hash_password
from tests.support.factories import member

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "correct horse battery"
NAME = "山田 花子"


def _resident_who_took_part(runner) -> tuple[HelperProfile, User]:
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    profile = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-1"))
    profile.user.password_hash = hash_password(PASSWORD)
    issue = db.session.scalar(select(Issue).where(Issue.key == "i-1"))
    staff = member("staff@org.example.jp", issue.organization, "団体 職員")
    match = Match(issue=issue, helper=profile, status="confirmed")
    db.session.add(match)
    db.session.commit()
    activities.accept_match(match, profile.user)  # the organization is told the name
    return profile, staff


def test_the_name_is_gone_from_the_organizations_notices_and_mails(client, auth, runner):
    profile, staff = _resident_who_took_part(runner)
    told = db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    assert NAME in told.message
    assert NAME in db.session.scalar(
        select(OutboxMail.body).where(OutboxMail.recipient == staff.email)
    )
    auth.login("hanako@example.jp", PASSWORD)
    response = client.post("/me/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    notice = db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    assert NAME not in notice.message and privacy.ERASED_NAME in notice.message
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == staff.email))
    assert NAME not in mail.body and NAME not in mail.subject
    assert "山田" not in "\n".join(
        str(v) for table in ("notifications", "outbox_mail")
        for row in db.session.execute(text(f"SELECT * FROM {table}")) for v in row
    )  # fmt: skip


def test_each_staff_view_of_a_resident_is_in_the_append_only_audit_log(client, auth, runner):
    profile, _staff = _resident_who_took_part(runner)
    db.session.add(
        User(email="coord@example.jp", display_name="協働 さくら", is_coordinator=True,
             password_hash=hash_password(PASSWORD))
    )  # fmt: skip
    db.session.execute(text("UPDATE matches SET status = 'proposed', decided_at = NULL"))
    db.session.commit()
    auth.login("coord@example.jp", PASSWORD)
    client.get("/coordinator/issues/i-1")
    client.get("/coordinator/issues/i-1", query_string={"q": "山田"})
    events = list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "resident.view", AuditEvent.object_id == profile.key
            )
        )
    )
    assert {e.details.get("where") for e in events} == {"candidates", "search"}
    html = client.get(f"/coordinator/residents/{profile.key}/views").get_data(as_text=True)
    assert "協働 さくら" in html and "search on issue i-1" in html
    with pytest.raises(DBAPIError):
        db.session.execute(text("DELETE FROM audit_events WHERE action = 'resident.view'"))
    db.session.rollback()
