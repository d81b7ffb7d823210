"""Security scanners against a running matchhub: wapiti (logged in) and sqlmap.

Starts the app on a free port of 127.0.0.1 with the demo municipality in a temporary
SQLite database, logs in as the demo coordinator (second factor included), runs wapiti
over the site with that session, and sqlmap (level 3, risk 2) on the search and filter
parameters; writes what they found to docs/security-scan.md.

    .venv/bin/python scripts/scan.py [--write docs/security-scan.md] [--minutes 6]

Needs wapiti3 (PyPI, in .venv-scan) and Debian's sqlmap; `make audit` installs both.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.audit import USER_AGENT, start_server  # noqa: E402

COORDINATOR = ("coordinator@demo.matchhub.jp", "matchhub-demo")
# Debian's wapiti 3.0.4 crashes on Python 3.11 (a regex with inline flags), so `make audit`
# installs wapiti3 from PyPI into its own virtualenv.
WAPITI = str(ROOT / ".venv-scan" / "bin" / "wapiti")
# Values the demo knows, so each page answers with results and sqlmap can see a change;
# -p names the parameters to attack (sqlmap tests them even when they look static).
SQLMAP_TARGETS = (
    ("/issues?q=防災&theme=disaster_prevention&area=1&day=weekday&time=evening&kind=volunteer"
     "&page=1", "q,theme,area,day,time,kind,page"),
    ("/coordinator/?area=itabashi&field=disaster_relief&kind=volunteer&page=1",
     "area,field,kind,page"),
    ("/cases?q=防災&theme=disaster_prevention&area=1&partner_kind=npo",
     "q,theme,area,partner_kind"),
    ("/api/v1/issues?q=防災&theme=disaster_prevention&area=itabashi&kind=volunteer&limit=5",
     "q,theme,area,kind,limit"),
)  # fmt: skip


def enrol_second_factor(database: Path) -> str:
    """Give the demo coordinator a TOTP secret, as their first login would."""
    import pyotp

    from matchhub import create_app
    from matchhub.extensions import db
    from matchhub.models import User
    from matchhub.models.types import utcnow

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TESTING": True, "SECRET_KEY": "scan"}
    )
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == COORDINATOR[0]))
        user.totp_secret, user.totp_enabled_at = pyotp.random_base32(), utcnow()
        db.session.commit()
        return user.totp_secret


def staff_cookie(base: str, secret: str) -> str:
    import pyotp

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]

    def post(path: str, fields: dict) -> str:
        page = opener.open(base + path).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
        return opener.open(base + path, data=data).read().decode()

    post("/login", {"email": COORDINATOR[0], "password": COORDINATOR[1], "next": ""})
    post("/account/2fa", {"code": pyotp.TOTP(secret).now(), "next": "/coordinator/"})
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run_wapiti(base: str, cookie: str, minutes: int, out: Path) -> list[dict]:
    cookie_file = out.with_suffix(".cookies.json")
    host = urllib.parse.urlsplit(base).hostname
    cookie_file.write_text(
        json.dumps(
            {
                host: {
                    "/": {
                        name: {
                            "value": value,
                            "version": 0,
                            "secure": False,
                            "expires": None,
                            "port": None,
                        }
                        for name, value in (part.split("=", 1) for part in cookie.split("; "))
                    }
                }
            }
        )
    )
    subprocess.run(
        [WAPITI, "-u", base + "/", "--scope", "folder", "-c", str(cookie_file),
         "-m", "xss,permanentxss,sql,timesql,exec,file,crlf,redirect,ssrf,csrf,http_headers,"
               "cookieflags,methods,csp",
         "-x", base + "/logout", "-x", base + "/me/account/delete",
         "--max-scan-time", str(minutes * 60), "--max-attack-time", "45",
         "--depth", "3", "--max-links-per-page", "30", "--flush-session",
         "-f", "json", "-o", str(out), "--no-bugreport", "-v", "0",
         "-A", USER_AGENT],
        check=False, timeout=minutes * 60 + 600,
    )  # fmt: skip
    report = json.loads(out.read_text()) if out.exists() else {"vulnerabilities": {}}
    findings = []
    for kind, items in report.get("vulnerabilities", {}).items():
        for item in items:
            findings.append(
                {
                    "scanner": "wapiti",
                    "kind": kind,
                    "where": item.get("path"),
                    "detail": item.get("info", "")[:200],
                }
            )
    return findings


def run_sqlmap(base: str, cookie: Callable[[], str], folder: Path) -> list[dict]:
    findings = []
    for target, parameters in SQLMAP_TARGETS:
        # A fresh session for each target: wapiti's crawl may have ended the shared one.
        url = base + urllib.parse.quote(target, safe="/?&=,")
        result = subprocess.run(
            ["sqlmap", "-u", url, "-p", parameters, "--cookie", cookie(),
             "--batch", "--level", "3", "--risk", "2", "--disable-coloring",
             "--output-dir", str(folder), "--user-agent", USER_AGENT, "--time-sec", "2",
             "--timeout", "10", "--retries", "0", "--answers", "follow=N"],
            capture_output=True, text=True, check=False, timeout=900,
        )  # fmt: skip
        text = result.stdout
        injectable = set(
            re.findall(r"parameter '([^']+)' (?:is|appears to be) '[^']+' injectable", text)
        )
        clean = sorted(set(re.findall(r"parameter '([^']+)' does not seem to be injectable", text)))
        techniques = len(re.findall(r"\[INFO\] testing '", text))
        for name in sorted(injectable):
            findings.append(
                {
                    "scanner": "sqlmap",
                    "kind": "SQL injection",
                    "where": target,
                    "detail": f"parameter {name!r} reported injectable",
                }
            )
        verdict = "none injectable" if not injectable else "see above"
        findings.append(
            {
                "scanner": "sqlmap",
                "kind": "(tested)",
                "where": target,
                "detail": f"{techniques} techniques on {len(clean)} parameters "
                f"({', '.join(clean)}): {verdict}",
            }
        )
    return findings


NOTES_MARKER = "<!-- notes kept by hand: scripts/scan.py keeps everything below -->"


def write_markdown(path: Path, findings: list[dict], minutes: int) -> None:
    real = [f for f in findings if f["kind"] != "(tested)"]
    lines = [
        "# Security scans",
        "",
        f"Written by `make audit` (`scripts/scan.py`) on {datetime.now():%Y-%m-%d}: wapiti3 "
        "(PyPI; Debian's 3.0.4 crashes on Python 3.11), logged in as the demo coordinator "
        "with the second factor, at most "
        f"{minutes} minutes, and sqlmap (level 3, risk 2) on the search and filter "
        "parameters, against the demo municipality on 127.0.0.1. The server runs in development",
        "mode over plain HTTP, so cookies lack the Secure flag here; in production",
        "(MATCHHUB_SECRET_KEY set, no MATCHHUB_DEBUG) the session and device cookies are",
        "Secure (tests/test_sessions.py checks it).",
        "",
        f"Findings: {len(real)}.",
        "",
        "| scanner | kind | where | detail |",
        "|---|---|---|---|",
    ]
    for f in findings:
        detail = str(f["detail"]).replace("|", "/").replace("\n", " ")[:200]
        lines.append(f"| {f['scanner']} | {f['kind']} | `{f['where']}` | {detail} |")
    # Notes written by hand below the marker survive a new scan.
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = old[old.index(NOTES_MARKER) :] if NOTES_MARKER in old else NOTES_MARKER + "\n"
    path.write_text("\n".join(lines) + "\n\n" + kept, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path, default=ROOT / "docs" / "security-scan.md")
    parser.add_argument("--minutes", type=int, default=6)
    args = parser.parse_args()
    if not Path(WAPITI).exists():
        raise SystemExit(
            "wapiti is missing: python3 -m venv .venv-scan && .venv-scan/bin/pip install wapiti3"
        )
    if not shutil.which("sqlmap"):
        raise SystemExit("sqlmap is missing: apt-get install sqlmap")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "scan.sqlite"
        base, server = start_server(database)
        secret = enrol_second_factor(database)
        cookie = staff_cookie(base, secret)
        findings = run_wapiti(base, cookie, args.minutes, Path(folder) / "wapiti.json")
        findings += run_sqlmap(base, lambda: staff_cookie(base, secret), Path(folder) / "sqlmap")
        server.shutdown()
    write_markdown(args.write, findings, args.minutes)
    print(f"{len([f for f in findings if f['kind'] != '(tested)'])} findings; see {args.write}")


if __name__ == "__main__":
    main()
