"""Each worker keeps what it derived from the database (the ranking index, the prepared
search, the theme and area lists); what another worker or a CLI command writes shows at once.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

from sqlalchemy import select, update

from matchhub.exchange.importing import import_files
from matchhub.extensions import db
from matchhub.issues.search import IssueFilters, search_issues
from matchhub.matching import matching
from matchhub.models import Issue, Organization
from matchhub.platform import freshness, vocabulary
from matchhub.residents.privacy import delete_account
from tests.support import factories as f


def found(**filters) -> set[str]:
    return {i.key for i in search_issues(IssueFilters(**filters), per_page=50).items}


def test_search_sees_issues_and_organizations_written_elsewhere(app, other_process):
    f.seed_ward()
    org = f.organization(name="たすけあい板橋")
    f.issue(org, key="i-excel", title="名簿をエクセルで整理")
    f.issue(org, key="i-flyer", title="チラシ作り", theme_keys=[], themes=[])
    assert found(q="防災") == set()  # this process has now prepared its open issues
    assert found(q="たすけあい") == {"i-excel", "i-flyer"}

    with other_process.app_context():
        db.session.scalar(select(Issue).where(Issue.key == "i-excel")).title = "防災訓練の受付"
        renamed = db.session.scalar(select(Organization).where(Organization.key == org.key))
        renamed.name = "高島平みまもり会"
        db.session.scalar(select(Issue).where(Issue.key == "i-flyer")).status = "closed"
        db.session.commit()
    db.session.expire_all()

    assert found(q="ぼうさい") == {"i-excel"}
    assert found(q="みまもり") == {"i-excel"}  # the organization's new name; the closed one is gone
    assert found(q="たすけあい") == set()


def test_recommendations_see_an_issue_posted_elsewhere(app, other_process):
    f.seed_ward()
    helper = f.resident("h@example.jp", skills=["エクセル"]).helper_profile
    org = f.organization()
    f.issue(org, key="i-first")
    assert [r.item.key for r in matching.recommendations_for(helper)] == ["i-first"]

    with other_process.app_context():
        second = db.session.scalar(select(Organization).where(Organization.key == org.key))
        f.issue(second, key="i-second")
    db.session.expire_all()

    assert {r.item.key for r in matching.recommendations_for(helper)} == {"i-first", "i-second"}


def test_areas_imported_by_a_command_show_in_every_running_worker(app, other_process, tmp_path):
    f.seed_ward()
    names = [name for _, name in vocabulary.area_choices()]
    assert "蓮根" not in names and vocabulary.resolve_area("蓮根駅") is None

    area = {"type": "area", "key": "itabashi/hasune", "name": "蓮根", "kana": "はすね",
            "parent": "itabashi", "lat": 35.78, "lon": 139.68, "aliases": ["蓮根駅"]}  # fmt: skip
    records = tmp_path / "areas.jsonl"
    records.write_text(json.dumps(area, ensure_ascii=False) + "\n", encoding="utf-8")
    with other_process.app_context():  # `flask import` in another process
        assert not import_files([records]).skipped

    hasune = next(i for i, name in vocabulary.area_choices() if name == "蓮根")
    assert vocabulary.resolve_area("蓮根駅") == hasune


def test_theme_names_follow_a_reloaded_taxonomy(app, other_process):
    f.seed_ward()
    assert ("elderly_watch", "高齢者の見守り") in vocabulary.theme_choices("ja")
    with other_process.app_context():
        from matchhub.models import Theme
        from matchhub.platform.freshness import bump_taxonomy_version

        db.session.scalar(select(Theme).where(Theme.key == "elderly_watch")).name = "見守り活動"
        bump_taxonomy_version()
        db.session.commit()
    assert ("elderly_watch", "見守り活動") in vocabulary.theme_choices("ja")


def test_a_write_committed_late_still_shows(app, other_process, monkeypatch):
    """A transaction stamped before the latest write but committed after it: the stamp does
    not move, so what was built just after a write is built once more a little later."""
    monkeypatch.setattr(freshness, "SETTLE_SECONDS", 0.5)
    f.seed_ward()
    org = f.organization()
    f.issue(org, key="i-roster", title="名簿の整理")
    latest = f.issue(org, key="i-flyer", title="チラシ作り").updated_at
    assert found(q="防災") == set()

    with other_process.app_context():
        db.session.execute(
            update(Issue)
            .where(Issue.key == "i-roster")
            .values(title="防災訓練の受付", updated_at=latest - timedelta(seconds=1))
        )
        db.session.commit()
    time.sleep(0.6)

    assert found(q="防災") == {"i-roster"}


def test_a_resident_who_leaves_is_never_proposed_by_an_index_still_rebuilding(app, monkeypatch):
    """Above 20,000 helpers the old index serves while the new one builds; a deleted or
    paused profile must not be proposed from it meanwhile."""
    f.seed_ward()
    issue = f.issue(f.organization())
    leaving = f.resident("leaving@example.jp", name="去る 人")
    f.resident("staying@example.jp", name="残る 人")
    before = {r.item.user.display_name for r in matching.candidates_for(issue)}
    assert before == {"去る 人", "残る 人"}

    monkeypatch.setattr(matching, "SYNC_REBUILD_LIMIT", 0)
    monkeypatch.setattr(matching, "_rebuild_in_background", lambda app: None)  # still building
    delete_account(leaving, f.PASSWORD)

    assert {r.item.user.display_name for r in matching.candidates_for(issue)} == {"残る 人"}
