"""Browser fixtures: the app served on a real port, driven by Debian's Chromium.

Playwright's own browser downloads are never used: the tests run /usr/bin/chromium.
They are skipped when it is missing, unless MATCHHUB_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("MATCHHUB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
TRANSLATIONS = ROOT / "matchhub" / "translations"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _unavailable(reason: str):
    if os.environ.get("MATCHHUB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (MATCHHUB_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    report = yield
    setattr(item, "report_" + report.when, report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _check_compiled_catalogues() -> None:
    """Pages are Japanese only if the catalogue is compiled; say so plainly if not."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(
                f"{mo.relative_to(ROOT)} is missing or older than its .po: "
                "run `make install` or `.venv/bin/pybabel compile -d matchhub/translations`"
            )


@pytest.fixture
def live_database_uri(tmp_path) -> str:
    """The live server's database, for tests that read what it wrote (mail in the outbox)."""
    return f"sqlite:///{tmp_path / 'browser.sqlite'}"


def mailed_path(database_uri: str, recipient: str, prefix: str) -> str:
    """The path of the link starting with ``prefix`` in the newest mail to ``recipient``."""
    import re

    from sqlalchemy import create_engine, text

    engine = create_engine(database_uri)
    try:
        with engine.connect() as connection:
            body = connection.execute(
                text("SELECT body FROM outbox_mail WHERE recipient = :r ORDER BY id DESC"),
                {"r": recipient},
            ).scalar()
    finally:
        engine.dispose()
    assert body, f"no mail to {recipient}"
    return re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S*)", body).group(1)


@pytest.fixture
def live_server(live_database_uri):
    """Serve a fresh app on 127.0.0.1 with a random port; yields its base URL."""
    from werkzeug.serving import make_server

    from matchhub import create_app
    from matchhub.extensions import db

    _check_compiled_catalogues()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": live_database_uri,
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def page(browser, request):
    """A fresh browser context and page; screenshots go to artifacts/ on failure."""
    context = browser.new_context(viewport=PHONE, locale="ja-JP")
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshots(page, request.node.name)
    context.close()


def save_screenshots(page, name: str) -> None:
    """Save the page as it is now, at phone and at desktop width."""
    ARTIFACTS.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        try:
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{safe}-{label}.png"), full_page=True)
        except Exception as error:  # a screenshot must never hide the real failure
            print(f"could not save {label} screenshot: {error}")
