"""Browser fixtures: the app served on a real port, driven by Debian's Chromium.

Playwright's own browser downloads are never used: the tests run /usr/bin/chromium.
They are skipped when it is missing, unless MATCHHUB_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.support.browser import PHONE, save_screenshots
from tests.support.browser import check_compiled_catalogues as _check_compiled_catalogues

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


@pytest.fixture
def live_database_uri(tmp_path) -> str:
    """The live server's database, for tests that read what it wrote (mail in the outbox)."""
    return f"sqlite:///{tmp_path / 'browser.sqlite'}"


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
