"""No CSV the product writes makes a spreadsheet run a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import Issue, Organization
from tests.support.api_world import add_issue, build_world

PAYLOADS = ['=HYPERLINK("http://evil.example","詳細")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


@pytest.fixture
def world(app, runner):
    return build_world(runner)


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _dangerous(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_open_data_issues_csv_neutralises_formulas(client, world, payload):
    add_issue(world.org, "inj", title=payload, themes=[payload], theme_keys=[])
    text = client.get("/api/v1/open/issues.csv").data.decode("utf-8-sig")
    cells = _cells(text)
    assert _dangerous(cells) == []
    assert "'" + payload in cells


def test_csv_export_neutralises_formulas_and_imports_back_unchanged(runner, app, world, tmp_path):
    org = db.session.scalar(select(Organization).where(Organization.id == world.org.id))
    org.description = "- 毎週土曜\n- 子ども食堂"
    add_issue(world.org, "inj", title='=HYPERLINK("http://evil.example")')
    out = tmp_path / "csv"
    result = runner.invoke(args=["export", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for path in out.glob("*.csv"):
        assert _dangerous(_cells(path.read_text(encoding="utf-8-sig"))) == [], path.name
    issues = (out / "issues.csv").read_text(encoding="utf-8-sig")
    assert '\'=HYPERLINK("http://evil.example")' in _cells(issues)
    org.description = "変更"
    db.session.query(Issue).filter(Issue.key == "inj").update({"title": "変更"})
    db.session.commit()
    result = runner.invoke(args=["import", str(out / "organizations.csv"), str(out / "issues.csv")])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Organization, world.org.id).description == "- 毎週土曜\n- 子ども食堂"
    issue = db.session.scalar(select(Issue).where(Issue.key == "inj"))
    assert issue.title == '=HYPERLINK("http://evil.example")'
