"""Finding issues: keywords however they are typed, filters, pages, and why each one fits."""

from __future__ import annotations

from datetime import date

import pytest

from matchhub.issues.search import IssueFilters, search_issues
from tests.support import factories as f


@pytest.fixture
def org(app):
    f.seed_ward()
    return f.organization()


@pytest.fixture
def board(org):
    """Four open issues of different kinds, places and times, and one draft."""
    return {
        "excel": f.issue(org, key="i-excel"),
        "kids": f.issue(
            org,
            key="i-kids",
            kind="volunteer",
            title="こども食堂の配膳",
            description="子供たちにごはんを配ります。",
            skills=[],
            skill_keys=[],
            area_id=f.area("成増").id,
            area_text="成増駅",
            availability=["weekday_evening"],
        ),
        "patrol": f.issue(
            org,
            key="i-patrol",
            kind="volunteer",
            title="夜の防犯パトロール",
            description="町会のみなさんと地域を歩きます。",
            themes=["防犯パトロール"],
            theme_keys=["crime_prevention"],
            skills=[],
            skill_keys=[],
            availability=["weekday_evening"],
            starts_on=date(2027, 5, 1),
            ends_on=date(2027, 5, 1),
        ),
        "room": f.issue(
            org,
            key="i-room",
            kind="resource",
            title="会議室を貸してください",
            description="月1回の打ち合わせに使います。",
            themes=[],
            theme_keys=[],
            skills=[],
            skill_keys=[],
            area_id=None,
            area_text="",
            online=True,
            availability=[],
        ),
        "draft": f.issue(org, key="i-draft", title="下書きのエクセル作業", status="draft"),
    }


def keys(**filters) -> set[str]:
    return {i.key for i in search_issues(IssueFilters(**filters), per_page=50).items}


@pytest.mark.parametrize(
    "q, expected",
    [
        ("ｴｸｾﾙ", {"i-excel"}),  # half-width katakana finds エクセル
        ("Excel", {"i-excel"}),  # an alias of the skill finds ｴｸｾﾙ
        ("こども", {"i-excel", "i-kids"}),  # hiragana finds 子ども and 子供
        ("ﾊﾟﾄﾛｰﾙ", {"i-patrol"}),
        ("成増", {"i-kids"}),  # the area
        ("成増駅前", {"i-kids"}),  # a place named by its station finds the place
        ("成増付近", {"i-kids"}),
        ("たすけあい", {"i-excel", "i-kids", "i-patrol", "i-room"}),  # the organization
        ("こども　成増", {"i-kids"}),  # every word must match (full-width space)
        ("すいぞくかん", set()),
    ],
)
def test_keywords_match_however_they_are_typed(board, q, expected):
    assert keys(q=q) == expected


def test_filters(board):
    assert keys(theme="crime_prevention") == {"i-patrol"}
    assert keys(area_id=f.area("成増").id) == {"i-kids"}
    assert keys(area_id=f.area("板橋区").id) == {"i-excel", "i-kids", "i-patrol"}
    assert keys(day="weekday", time="evening") == {"i-kids", "i-patrol", "i-room"}
    assert keys(day="weekend") == {"i-excel", "i-room"}
    assert keys(online=True) == {"i-room"}
    assert keys(kind="resource") == {"i-room"}
    assert keys(one_off=True) == {"i-patrol"}
    assert "i-draft" not in keys()


def test_the_list_is_paginated(client, org):
    for n in range(12):
        f.issue(org, key=f"i-{n:02d}", title=f"募集その{n:02d}")
    first = client.get("/issues").get_data(as_text=True)
    assert "12件の活動が見つかりました" in first
    assert 'aria-current="page"' in first and 'href="/issues?page=2"' in first
    second = client.get("/issues?page=2").get_data(as_text=True)
    assert second.count('class="issue-card"') == 2
    assert client.get("/issues?page=99").status_code == 200


def test_the_list_keeps_the_search_in_its_form_and_links(client, board):
    for n in range(11):
        f.issue(board["excel"].organization, key=f"i-x{n}", title=f"エクセル入力{n}")
    html = client.get("/issues?q=ｴｸｾﾙ&day=weekend").get_data(as_text=True)
    assert 'value="ｴｸｾﾙ"' in html
    assert '<option selected value="weekend">' in html
    assert "page=2" in html and "q=%EF%BD%B4" in html


def test_a_logged_in_resident_sees_why_each_issue_may_fit(client, auth, board):
    f.resident("hanako@example.jp", area_text="高島平", area_id=f.area("高島平").id)
    auth.login("hanako@example.jp", f.PASSWORD)
    html = client.get("/issues?q=ｴｸｾﾙ").get_data(as_text=True)
    assert "あなたに合いそうな理由：" in html
    assert "Excel" in html and "高島平" in html


def test_visitors_see_the_list_without_fit_lines(client, board):
    html = client.get("/issues").get_data(as_text=True)
    assert "あなたに合いそうな理由：" not in html
    assert "ログインしてプロフィールを入力すると" in html


def test_the_issue_page_says_what_where_when_and_who(client, board):
    html = client.get("/issues/i-patrol").get_data(as_text=True)
    assert "夜の防犯パトロール" in html and "NPO法人 たすけあい" in html
    assert "2027年5月1日のみ" in html and "平日の夜" in html
    assert "2人" in html and "特別なスキルは必要ありません" in html
    assert "ログインして参加する" in html


def test_the_issue_page_offers_interest_to_a_ready_resident(client, auth, board):
    f.resident("hanako@example.jp")
    auth.login("hanako@example.jp", f.PASSWORD)
    html = client.get("/issues/i-excel").get_data(as_text=True)
    assert "参加したい" in html and 'action="/issues/i-excel/interest"' in html
    assert "あなたに合いそうな理由" in html


def test_a_resident_without_a_profile_is_sent_to_fill_it_in(client, auth, board):
    f.resident("hanako@example.jp", consented=False)
    auth.login("hanako@example.jp", f.PASSWORD)
    html = client.get("/issues/i-excel").get_data(as_text=True)
    assert 'href="/me/profile"' in html and 'action="/issues/i-excel/interest"' not in html


def test_my_page_recommends_issues_with_reasons(client, auth, board):
    f.resident("hanako@example.jp", area_text="高島平", area_id=f.area("高島平").id)
    auth.login("hanako@example.jp", f.PASSWORD)
    html = client.get("/me").get_data(as_text=True)
    assert "あなたにおすすめの活動" in html
    assert "子ども食堂の名簿をエクセルで整理" in html and "必要なスキル" in html


def test_unknown_and_draft_issues_are_404(client, board):
    assert client.get("/issues/no-such-issue").status_code == 404
    assert client.get("/issues/i-draft").status_code == 404


def test_an_overlong_or_odd_search_is_harmless(client, board):
    assert client.get("/issues?q=" + "あ" * 500).status_code == 200
    assert client.get("/issues?area=abc&day=someday&kind=x&page=-3").status_code == 200
