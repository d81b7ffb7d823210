"""The audit log: append-only in the database, and free of secrets."""

import json

import pyotp
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from matchhub.extensions import db
from matchhub.models import AuditEvent
from matchhub.platform import audit
from tests.support.accounts import make_user

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a completely new phrase"


def test_the_audit_log_cannot_be_edited_or_deleted(app):
    audit.record(None, "test.event", None, {"why": "a test"})
    db.session.commit()
    for statement in ("UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
            db.session.flush()
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent.action)) == "test.event"


def test_audit_events_hold_no_password_code_or_secret(app, client):
    make_user("coord@example.jp", PASSWORD, is_coordinator=True)
    client.post("/login", data={"email": "coord@example.jp", "password": PASSWORD})
    setup = client.get("/account/2fa/setup").get_data(as_text=True)
    secret = setup.split('<code class="secret">')[1].split("</code>")[0]
    code = pyotp.TOTP(secret).now()
    page = client.post("/account/2fa/setup", data={"code": code}).get_data(as_text=True)
    recovery = page.split("<code>")[1].split("</code>")[0]
    client.post(
        "/account/password",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    logged = json.dumps(
        [(e.action, e.details) for e in db.session.scalars(select(AuditEvent))],
        ensure_ascii=False,
    )
    assert "account.2fa_enable" in logged and "account.password_change" in logged
    for secret_text in (PASSWORD, NEW_PASSWORD, secret, code, recovery):
        assert secret_text not in logged
