"""Open data: CSV for a municipal catalogue, without any personal field."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from matchhub.dashboard.fiscal import JST
from matchhub.extensions import db
from matchhub.models import CaseReport
from matchhub.models.types import utcnow
from tests.support.api_world import add_issue, add_match, build_world

PERSONAL_VALUES = ("山田 花子", "佐藤 一郎", "hanako@example.jp", "info@example.org", "よろしく")


@pytest.fixture
def world(app, runner):
    return build_world(runner)


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def _published_case(world, key: str = "case-1") -> CaseReport:
    helper = world.hanako if key == "case-1" else world.ichiro
    match = add_match(world.issue, helper, status="completed")
    report = CaseReport(
        key=key, match_id=match.id, organization_id=world.org.id, title="子ども食堂の一年",
        summary="毎週土曜に開催しました。", theme_keys=["kodomo_shokudo"],
        figures=[{"label": "参加者", "value": "120人"}], status="published",
        published_at=utcnow(), area_id=world.issue.area_id,
    )  # fmt: skip
    db.session.add(report)
    db.session.commit()
    return report


@pytest.mark.parametrize("name", ["issues", "cases", "stats"])
def test_open_data_files_have_bilingual_headers_and_no_personal_data(client, world, name):
    _published_case(world)
    response = client.get(f"/api/v1/open/{name}.csv")
    rows = _rows(response)
    header = response.data.decode("utf-8-sig").splitlines()[0]
    for column in header.split(","):
        japanese, english = column.split(" (")
        assert japanese and english.endswith(")")
        assert english[:-1] not in {"email", "display_name", "bio"}
    text = response.data.decode("utf-8-sig")
    assert not any(value in text for value in PERSONAL_VALUES)
    assert rows


def test_issues_file_lists_published_issues_but_never_drafts(client, world):
    add_issue(world.org, "i-draft", status="draft")
    add_issue(world.org, "i-closed", status="closed", themes=["防災", "子育て"])
    rows = _rows(client.get("/api/v1/open/issues.csv"))
    assert [r["課題キー (key)"] for r in rows] == ["i-1", "i-closed"]
    assert rows[1]["テーマ (themes)"] == "防災;子育て"
    assert rows[0]["地域 (area_name)"] == "蓮根"
    assert rows[0]["開始日 (starts_on)"] == "2026-12-05"


def test_cases_file_lists_only_published_cases(client, world):
    _published_case(world)
    submitted = _published_case(world, "case-2")
    submitted.status, submitted.published_at = "submitted", None
    db.session.commit()
    rows = _rows(client.get("/api/v1/open/cases.csv"))
    assert [r["事例キー (key)"] for r in rows] == ["case-1"]
    assert rows[0]["成果 (figures)"] == "参加者: 120人"
    assert rows[0]["報告団体 (organization_name)"] == "NPO法人 はすねの森"


def _stats(client) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = _rows(client.get("/api/v1/open/stats.csv"))
    return {(r["年月 (month)"], r["指標 (measure)"], r["テーマキー (theme_key)"]): r for r in rows}


def test_stats_suppress_match_counts_below_three(client, world):
    decided = datetime(2026, 11, 30, 16, 0, tzinfo=JST)  # counts in November, Japan time
    add_match(world.issue, world.hanako, status="confirmed", decided_at=decided)
    add_match(world.issue, world.ichiro, status="accepted", decided_at=decided)
    cell = _stats(client)[("2026-11", "matches_confirmed", "kodomo_shokudo")]
    assert cell["件数 (count)"] == "" and cell["秘匿 (suppressed)"] == "true"
    for n in range(3):
        issue = add_issue(world.org, f"i-more-{n}", theme_keys=["kodomo_shokudo"],
                          area_id=world.issue.area_id)  # fmt: skip
        add_match(issue, world.hanako, status="completed", decided_at=decided)
    cell = _stats(client)[("2026-11", "matches_confirmed", "kodomo_shokudo")]
    assert cell["件数 (count)"] == "5" and cell["秘匿 (suppressed)"] == "false"
    assert cell["テーマ (theme)"] == "子ども食堂" and cell["地域 (area)"] == "蓮根"


def test_stats_count_issues_in_japanese_months(client, world):
    late = datetime(2027, 1, 31, 23, 30, tzinfo=JST)
    add_issue(world.org, "i-new-year", created_at=late, theme_keys=[])
    stats = _stats(client)
    row = stats[("2027-01", "issues_posted", "")]
    assert row["件数 (count)"] == "1" and row["テーマ (theme)"] == "（未分類）"
