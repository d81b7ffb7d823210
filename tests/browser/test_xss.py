"""Stored XSS: payloads in every text a form or an import stores, every page as every role.

The browser context bypasses the Content-Security-Policy on purpose: escaping must hold
on its own, and with the CSP on, an injected script would be blocked anyway and the test
could not fail.
"""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import String, Text, select

from matchhub.models.types import JSONList
from tests.support.authz_world import ACTORS, build, url_values
from tests.support.browser import check_compiled_catalogues as _check_compiled_catalogues

pytestmark = pytest.mark.browser

PAYLOADS = (
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror=alert("xss-2")>',
    "'><svg/onload=alert('xss-3')>",
    "</textarea><script>alert('xss-4')</script>",
    "<details open ontoggle=alert('xss-5')>",
    "javascript:alert('xss-6')",
    "{{ 7 * 7 }}{% print('xss-7') %}",
)
# Columns that hold what people typed, in forms or imports, and that pages show.
SKIP_COLUMNS = {
    "key",
    "email",
    "password_hash",
    "token_hash",
    "code_hash",
    "status",
    "kind",
    "locale",
    "role",
    "source",
    "action",
    "object_type",
    "object_id",
    "prefix",
    "totp_secret",
    "link",
    "stored_name",
    "content_type",
    "sha256",
    "fingerprint",
    "previous_fingerprint",
    "recipient",
    "cost_bearer",
    "scopes",
    "parts",
}
ROLES = ("anonymous", "resident", "member_b", "coordinator")


def _poison(db) -> int:
    """Put a payload into every free-text column of every row; return how many values."""
    from sqlalchemy import CheckConstraint, update

    changed = 0
    for n, table in enumerate(db.metadata.sorted_tables):
        # Codes guarded by CHECK constraints are chosen from a list, never typed.
        checked = " ".join(
            str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)
        )
        columns = [
            c
            for c in table.columns
            if c.name not in SKIP_COLUMNS
            and c.name not in checked
            and not c.primary_key
            and not c.foreign_keys
            and (isinstance(c.type, String | Text) or isinstance(c.type, type(JSONList)))
            and not c.name.endswith(("_keys", "_at", "_on", "_id"))
        ]
        if not columns or table.name in ("audit_events", "settings", "alembic_version"):
            continue
        for i, row in enumerate(db.session.execute(select(*table.primary_key.columns)).all()):
            payload = PAYLOADS[(n + i) % len(PAYLOADS)]
            values = {}
            for column in columns:
                is_list = isinstance(column.type, type(JSONList)) or "JSON" in repr(column.type)
                values[column.name] = [payload, "手話"] if is_list else f"{payload}（区民）"
            where = [c == v for c, v in zip(table.primary_key.columns, row, strict=True)]
            db.session.execute(update(table).where(*where).values(**values))
            changed += len(values)
    db.session.commit()
    return changed


def _import_poisoned_registry(path) -> None:
    """Payloads arriving through the importer, as a municipality's file would bring them."""
    from matchhub.exchange.importing import import_files

    records = [
        {"type": "organization", "key": "xss-org", "name": PAYLOADS[1], "kind": "npo",
         "verified": True, "description": PAYLOADS[0], "themes": [PAYLOADS[2]],
         "offers": [PAYLOADS[4]]},
        {"type": "helper", "key": "xss-helper", "display_name": PAYLOADS[0],
         "themes": [PAYLOADS[3]], "skills": [PAYLOADS[1]], "area": PAYLOADS[5],
         "bio": PAYLOADS[6]},
        {"type": "issue", "key": "xss-issue", "org": "xss-org", "title": PAYLOADS[0],
         "description": PAYLOADS[4], "themes": [PAYLOADS[3]], "skills": [PAYLOADS[1]],
         "area": PAYLOADS[5]},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    report = import_files([path])
    assert report.ok, report.skipped


@pytest.fixture
def poisoned_site(tmp_path):
    from werkzeug.serving import make_server

    from matchhub import create_app
    from matchhub.extensions import db

    _check_compiled_catalogues()
    app = create_app({
        "TESTING": True, "SECRET_KEY": "xss", "RATELIMIT_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'xss.sqlite'}",
        "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
        "DESK_UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "STAFF_SECOND_FACTOR": False,
    })  # fmt: skip
    with app.app_context():
        db.create_all()
        world = build()
        _import_poisoned_registry(tmp_path / "poison.jsonl")
        urls = []
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
                continue
            if rule.endpoint.startswith("api.") or rule.rule.endswith((".csv", ".json")):
                continue  # JSON and CSV are not rendered as HTML
            with app.test_request_context():
                from flask import url_for

                urls.append(
                    url_for(
                        rule.endpoint,
                        **url_values(rule.endpoint, set(rule.arguments), world.values),
                    )
                )
        urls += ["/issues/xss-issue", "/issues?q=%3Cscript%3E"]
        stored = _poison(db)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", world, urls, stored
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def test_stored_payloads_never_run_on_any_page_for_any_role(browser, poisoned_site):
    base, world, urls, stored = poisoned_site
    assert stored > 200
    dialogs: list[str] = []
    shown_escaped = 0
    for role in ROLES:
        assert role in ACTORS
        context = browser.new_context(bypass_csp=True, locale="ja-JP")
        page = context.new_page()
        page.on(
            "dialog",
            lambda d, r=role, p=page: (dialogs.append(f"{r}: {d.message} @ {p.url}"), d.dismiss()),
        )
        if role != "anonymous":
            page.goto(base + "/login")
            page.fill("input[name=email]", world.emails[role])
            page.fill("input[name=password]", "matchhub-demo")
            page.click("form[action='/login'] button[type=submit]")
        for url in urls:
            page.goto(base + url)
            text = page.inner_text("body")
            shown_escaped += text.count("<script>alert(") + text.count("onerror=alert(")
            assert "xss-7" not in text.replace("print('xss-7')", ""), url
            assert "49" not in text.split("7 * 7")[0][-5:], url
        context.close()
    assert dialogs == []
    # The payloads are there, shown as the text people typed.
    assert shown_escaped > 0
