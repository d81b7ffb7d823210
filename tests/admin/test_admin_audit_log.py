"""The audit-log page: filters, pages and a CSV auditors can open in Excel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from matchhub.extensions import db
from matchhub.models import AuditEvent
from matchhub.models.types import utcnow
from matchhub.platform import audit
from tests.support.accounts import AuthActions, make_user

PASSWORD = "correct horse battery"


def admin_client(app):
    admin = make_user("admin@ward.example.jp", PASSWORD, display_name="管理 けんじ", is_admin=True)
    browser = app.test_client()
    AuthActions(browser).login("admin@ward.example.jp", PASSWORD)
    return browser, admin


def test_filters_by_actor_action_object_and_dates(app):
    browser, admin = admin_client(app)
    sato = make_user("sato@ward.example.jp", PASSWORD, display_name="佐藤 一郎")
    audit.record(admin.id, "staff.grant", sato, {"reason": "新しい担当", "role": "coordinator"})
    audit.record(sato.id, "match.confirm", None, {"reason": "良い組み合わせ"})
    old = audit.record(admin.id, "staff.revoke", sato, {"reason": "昔の変更"})
    old.created_at = utcnow() - timedelta(days=40)
    db.session.commit()

    page = browser.get("/admin/audit?actor=佐藤").get_data(as_text=True)
    assert "良い組み合わせ" in page and "新しい担当" not in page
    page = browser.get("/admin/audit?action=staff.grant").get_data(as_text=True)
    assert "新しい担当" in page and "良い組み合わせ" not in page and "昔の変更" not in page
    page = browser.get("/admin/audit?target=User&actor=admin@ward").get_data(as_text=True)
    assert "新しい担当" in page and "昔の変更" in page and "良い組み合わせ" not in page
    since = (utcnow() - timedelta(days=7)).date().isoformat()
    page = browser.get(f"/admin/audit?since={since}").get_data(as_text=True)
    assert "新しい担当" in page and "昔の変更" not in page
    until = (utcnow() - timedelta(days=30)).date().isoformat()
    page = browser.get(f"/admin/audit?until={until}").get_data(as_text=True)
    assert "昔の変更" in page and "新しい担当" not in page


def test_a_bad_date_is_explained_and_the_other_filters_still_apply(app):
    browser, admin = admin_client(app)
    audit.record(admin.id, "staff.grant", admin, {"reason": "見える"})
    db.session.commit()
    response = browser.get("/admin/audit?since=2026-13-45&action=staff.grant")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "見える" in page
    assert "field-error" in page


def test_the_log_is_paginated(app):
    browser, admin = admin_client(app)
    for n in range(55):
        audit.record(admin.id, "test.event", None, {"reason": f"event-{n:02d}"})
    db.session.commit()
    first = browser.get("/admin/audit?action=test.event").get_data(as_text=True)
    second = browser.get("/admin/audit?action=test.event&page=2").get_data(as_text=True)
    assert first.count("event-") == 50 and second.count("event-") == 5
    assert "event-54" in first and "event-00" in second


def test_csv_export_opens_in_excel_and_neutralises_formulas(app):
    browser, admin = admin_client(app)
    audit.record(admin.id, "staff.grant", admin, {"reason": '=HYPERLINK("http://x")'})
    audit.record(admin.id, "match.confirm", None, {"reason": "関係ない"})
    db.session.commit()
    response = browser.get("/admin/audit/audit-log.csv?action=staff.grant")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "time", "actor_id"]
    assert len(rows) == 2
    assert rows[1][3] == "管理 けんじ" and rows[1][5] == "staff.grant"
    assert rows[1][8] == '\'=HYPERLINK("http://x")'


def test_audit_events_cannot_be_removed_through_the_page(app):
    browser, admin = admin_client(app)
    audit.record(admin.id, "staff.grant", admin, {"reason": "x"})
    db.session.commit()
    assert browser.post("/admin/audit").status_code == 405
    assert db.session.query(AuditEvent).count() >= 1
