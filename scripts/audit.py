"""Lighthouse accessibility audit of the pages residents use most; writes docs/quality.md.

Starts matchhub on a free port of 127.0.0.1 with a temporary SQLite database holding the
demo municipality, logs in as the demo resident where a page needs it (the session
cookie goes to Lighthouse with --extra-headers), runs Lighthouse 12 against Debian's
Chromium, and records each page's score and anything that failed.

    .venv/bin/python scripts/audit.py [--write docs/quality.md] [--min-score 95]

Needs node/npx (Lighthouse is fetched by npx on first use) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import logging
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGHTHOUSE = "lighthouse@12"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Flask-Login's strong session protection ties a session to the browser's user agent,
# so the login below and Lighthouse's browser must present the same one.
USER_AGENT = "Mozilla/5.0 (Linux; Android 11) matchhub-audit Chrome/130 Mobile Safari/537.36"
RESIDENT = ("resident@demo.matchhub.jp", "matchhub-demo")
MEMBER = ("member@demo.matchhub.jp", "matchhub-demo")
PAGES = [
    ("Home", "/", None),
    ("Register", "/register", None),
    ("Issue list", "/issues", RESIDENT),
    ("Issue", "/issues/demo-i-02", RESIDENT),
    ("Profile", "/me/profile", RESIDENT),
    ("My page", "/me", RESIDENT),
    ("Issue list (search, not logged in)", "/issues?q=%EF%BD%B4%EF%BD%B8%EF%BD%BE%EF%BE%99", None),
    ("Organization's issue", "/org/demo-org/issues/demo-i-02", MEMBER),
]


def start_server(database: Path) -> tuple[str, object]:
    """Seed a fresh database with the demo and serve the app on a free port."""
    from werkzeug.serving import make_server

    from matchhub import create_app
    from matchhub.demo.seed import seed_demo
    from matchhub.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": secrets.token_hex(32),
            "DEVELOPMENT": True,
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def session_cookie(base: str, account: tuple[str, str]) -> str:
    """Log in through the login form, as a browser would, and return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    form = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": account[0], "password": account[1], "next": ""}
    ).encode()
    page = opener.open(base + "/login", data=data).read().decode()
    if "/logout" not in page:
        raise SystemExit(f"could not log in as {account[0]}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def lighthouse(url: str, cookie: str | None, out: Path) -> dict:
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--only-categories=accessibility",
        "--output=json", f"--output-path={out}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        f"--emulatedUserAgent={USER_AGENT}",
        "--quiet",
    ]  # fmt: skip
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict) -> tuple[int, str, list[str]]:
    """Score (0-100), the version of Lighthouse, and the titles of failed audits."""
    category = report["categories"]["accessibility"]
    failed = []
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
            failed.append(audit["title"])
    final = report.get("finalDisplayedUrl") or report.get("finalUrl", "")
    if "/login" in final:
        failed.append("(redirected to the login page: the session cookie was not accepted)")
    return round(category["score"] * 100), report.get("lighthouseVersion", "?"), failed


def write_markdown(path: Path, rows: list[tuple], version: str) -> None:
    lines = [
        "# Quality: accessibility",
        "",
        f"Lighthouse {version} accessibility scores, measured by `make audit` "
        f"({datetime.now().strftime('%Y-%m-%d')}) against Debian Chromium, with the demo "
        "municipality loaded in a temporary SQLite database. Lighthouse emulates a phone.",
        "The target is at least 95 on every page (issue 5).",
        "",
        "| page | path | logged in as | score | failed audits |",
        "|---|---|---|---:|---|",
    ]
    for name, page_path, account, score, failed in rows:
        who = account[0].split("@")[0] if account else "—"
        lines.append(f"| {name} | `{page_path}` | {who} | {score} | {'; '.join(failed) or '—'} |")
    lines += [
        "",
        "Lighthouse checks what a machine can check (names, labels, contrast, ARIA, headings,",
        "language); the browser tests add keyboard use, 320 px width and the larger-text",
        "setting. Rerun with `make audit`.",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, default=ROOT / "docs" / "quality.md")
    parser.add_argument("--min-score", type=int, default=95)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="matchhub-audit-") as tmp:
        base, server = start_server(Path(tmp) / "audit.sqlite")
        try:
            cookies = {account: session_cookie(base, account) for account in (RESIDENT, MEMBER)}
            rows, version = [], "?"
            for n, (name, page_path, account) in enumerate(PAGES):
                report = lighthouse(
                    base + page_path, cookies.get(account), Path(tmp) / f"report-{n}.json"
                )
                score, version, failed = summarise(report)
                rows.append((name, page_path, account, score, failed))
                print(f"{score:3d}  {name} ({page_path}) {'; '.join(failed)}", flush=True)
        finally:
            server.shutdown()
    write_markdown(args.write, rows, version)
    print(f"written to {args.write}")
    low = [r for r in rows if r[3] < args.min_score]
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
