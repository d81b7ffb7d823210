"""bandit finds nothing of medium or high severity, and no SQL is built from strings."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bandit_reports_no_medium_or_high_finding():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-r",
            "matchhub",
            "-c",
            "pyproject.toml",
            "--severity-level",
            "medium",
            "-f",
            "json",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == []


# text("...") with an f-string or % formatting would splice values into SQL.
SPLICED_SQL = re.compile(r"""text\(\s*f["']|text\(\s*["'][^"']*["']\s*%|execute\(\s*f["']""")


def test_no_sql_is_built_from_strings_in_the_application():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "matchhub").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SPLICED_SQL.search(line)
    ]
    assert offenders == []
