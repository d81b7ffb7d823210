"""The targets dashboard: the desk's figures against its targets, as coordinators see them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from flask import g
from sqlalchemy import select

from matchhub.dashboard import charts
from matchhub.dashboard.figures import SLUGS
from matchhub.dashboard.fiscal import fiscal_year_of, period
from matchhub.extensions import db
from matchhub.models import (
    ActivityField,
    Area,
    AuditEvent,
    HelperProfile,
    Issue,
    Match,
    Membership,
    Organization,
    Theme,
    User,
)
from matchhub.models.types import utcnow
from matchhub.platform import settings
from tests.support.accounts import make_user

PASSWORD = "correct horse battery"
DASHBOARD = "/coordinator/dashboard"


def at(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


class Tables(HTMLParser):
    """The page's tables by id, each as rows of cell texts (header row first)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id", ""), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    assert response.status_code == 200
    return Tables(response.get_data(as_text=True)).tables


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def people(app):
    coordinator = make_user("coordinator@example.jp", PASSWORD, is_coordinator=True)
    admin = make_user("admin@example.jp", PASSWORD, is_admin=True)
    resident = make_user("resident@example.jp", PASSWORD)
    member = make_user("member@example.jp", PASSWORD)
    org = Organization(key="npo-a", name="NPO法人あおぞら", kind="npo")
    db.session.add(Membership(user=member, organization=org, role="owner"))
    db.session.commit()
    return {"coordinator": coordinator, "admin": admin, "resident": resident, "member": member}


def _helper(n: int) -> HelperProfile:
    profile = HelperProfile(key=f"helper-{n}", user=User(display_name=f"協力者{n}"))
    db.session.add(profile)
    return profile


@pytest.fixture
def fiscal_2024(people):
    """Matches and postings in April to June 2024 (fiscal 2024), and some just outside."""
    health = ActivityField(
        key="health_welfare",
        number=1,
        name="保健、医療又は福祉の増進を図る活動",
        name_en="Promotion of health, medical care or welfare",
    )
    children = ActivityField(
        key="child_development",
        number=13,
        name="子どもの健全育成を図る活動",
        name_en="Sound development of children",
    )
    db.session.add_all(
        [
            Theme(
                key="kodomo_shokudo",
                name="子ども食堂",
                name_en="Children's cafeteria",
                fields=[children, health],
            ),
            Theme(
                key="elderly_watch",
                name="高齢者の見守り",
                name_en="Watching over older residents",
                fields=[health],
            ),
        ]
    )
    takashimadaira = Area(key="takashimadaira", name="高島平")
    narimasu = Area(key="narimasu", name="成増")
    org = db.session.scalar(select(Organization))

    def issue(key, created, status="open", themes=(), area=None):
        row = Issue(
            key=key,
            organization=org,
            title=key,
            status=status,
            created_at=created,
            theme_keys=list(themes),
            area=area,
        )
        db.session.add(row)
        return row

    a = issue("a", at(2024, 5, 3), themes=["kodomo_shokudo"], area=takashimadaira)
    b = issue("b", at(2024, 6, 10), themes=["elderly_watch"], area=narimasu)
    c = issue("c", at(2024, 3, 15), status="closed")
    issue("draft", at(2024, 5, 20), status="draft")
    h1, h2, h3, h4, h5 = (_helper(n) for n in range(1, 6))

    def match(issue, helper, status, decided=None, **fields):
        db.session.add(
            Match(issue=issue, helper=helper, status=status, decided_at=decided, **fields)
        )

    match(a, h1, "completed", at(2024, 5, 10), first_response_at=at(2024, 5, 14))
    match(a, h2, "confirmed", at(2024, 5, 20))
    match(a, h3, "rejected", at(2024, 5, 21))
    match(
        b,
        h1,
        "accepted",
        at(2024, 6, 15),
        interested_at=at(2024, 6, 12),
        first_response_at=at(2024, 6, 14),
    )
    match(b, h2, "proposed")
    # 1 April 01:00 in Japan counts in fiscal 2024; 31 March 23:00 in Japan does not.
    match(c, h1, "accepted", at(2024, 3, 31, 16))
    match(c, h2, "accepted", at(2024, 3, 31, 14))
    # Residents waiting for the organization's answer now: five days, and one day.
    match(b, h4, "proposed", interested_at=utcnow() - timedelta(days=5))
    match(b, h5, "proposed", interested_at=utcnow() - timedelta(days=1))

    people["resident"].helper_profile.created_at = at(2024, 5, 1)
    db.session.scalar(select(Membership)).created_at = at(2024, 6, 1)
    db.session.add(
        AuditEvent(
            actor_id=people["resident"].id,
            action="profile.update",
            object_type="HelperProfile",
            created_at=at(2024, 5, 8),
        )
    )
    db.session.add(
        AuditEvent(
            actor_id=people["coordinator"].id,
            action="match.confirm",
            object_type="Match",
            created_at=at(2024, 6, 1),
        )
    )
    people["member"].last_seen_at = at(2024, 6, 20)
    db.session.commit()
    return people


def forget_request_state() -> None:
    """The tests' app context outlives each request: drop the locale and user it caches."""
    g.pop("_flask_babel", None)
    g.pop("_login_user", None)


def login(auth, who: str):
    forget_request_state()
    auth.login(f"{who}@example.jp", PASSWORD)


def test_dashboard_counts_matches_postings_and_people_of_the_fiscal_year(client, auth, fiscal_2024):
    login(auth, "coordinator")
    found = tables(client.get(f"{DASHBOARD}?year=2024"))

    by_month = dict(map(tuple, found["table-matches-by-month"][1:]))
    assert list(by_month)[0] == "2024年4月" and list(by_month)[-1] == "2025年3月"
    # a-h2 is confirmed by the desk only: not a match made until the resident accepts.
    assert (by_month["2024年4月"], by_month["2024年5月"], by_month["2024年6月"]) == ("1", "1", "1")
    assert sum(map(int, by_month.values())) == 3

    postings = dict(map(tuple, found["table-postings-by-month"][1:]))
    assert (postings["2024年5月"], postings["2024年6月"]) == ("1", "1")
    assert sum(map(int, postings.values())) == 2  # the draft and last year's issue left out

    assert found["table-matches-by-field"][1:] == [
        ["1. 保健、医療又は福祉の増進を図る活動", "2"],
        ["13. 子どもの健全育成を図る活動", "1"],
        ["活動分野なし", "1"],
    ]
    assert found["table-matches-by-area"][1:] == [
        ["成増", "1"],
        ["高島平", "1"],
        ["地区なし（オンライン・未入力）", "1"],
    ]
    participants = dict(map(tuple, found["table-new-participants-by-month"][1:]))
    assert (participants["2024年5月"], participants["2024年6月"]) == ("1", "1")
    active = dict(map(tuple, found["table-active-users-by-month"][1:]))
    assert (active["2024年5月"], active["2024年6月"]) == ("1", "2")  # staff left out

    # Issue a: 3 → 10 May, 7 days; issue b: 10 → 15 June, 5 days.
    assert found["table-time-to-first-match"][1] == ["0〜7日", "2"]
    kpis = {row[0]: row[1:] for row in found["table-kpis"][1:]}
    assert kpis["年度内のマッチング成立数"] == ["3", "100", "3%"]
    active_users = next(v for k, v in kpis.items() if k.endswith("のアクティブ利用者数"))
    assert active_users[1] == "5000"  # the ward plan's monthly target
    assert kpis["窓口が確定し、区民の返事を待っている件数"] == ["1", "—", "—"]
    assert kpis["年度内の新規参加者数"] == ["2", "500", "0%"]
    assert kpis["年度内の事例公開数"] == ["0", "30", "0%"]
    assert kpis["投稿から最初のマッチングまでの日数（中央値）"][0] == "6"
    assert kpis["団体の最初の返事までの日数（中央値）"] == ["3", "3", "—"]
    assert kpis["年度内の最初の返事の件数"][0] == "2"
    assert kpis["3日以内に返事"] == ["1", "—", "50%"]
    # Still unanswered today: three confirmed matches of 2024, and the five-day wait.
    assert kpis["回答期限を過ぎて待っている件数（現在）"][0] == "4"


def test_charts_are_svg_with_a_title_and_no_inline_style(client, auth, fiscal_2024):
    login(auth, "coordinator")
    html = client.get(f"{DASHBOARD}?year=2024").get_data(as_text=True)
    assert html.count('role="img"') == 7
    assert '<title id="fig-matches-by-month-svg-title">' in html
    # Each chart of months says which fiscal year it shows.
    assert "月ごとのマッチング成立数（2024年度）" in html
    assert "style=" not in html and "<script" not in html


@pytest.mark.parametrize("slug", SLUGS)
def test_every_csv_says_what_the_table_says(client, auth, fiscal_2024, slug):
    login(auth, "coordinator")
    page = tables(client.get(f"{DASHBOARD}?year=2024"))
    download = client.get(f"{DASHBOARD}/{slug}.csv?year=2024")
    assert download.mimetype == "text/csv"
    assert f"matchhub-{slug}-fy2024.csv" in download.headers["Content-Disposition"]
    assert csv_rows(download) == page[f"table-{slug}"]


def test_csv_headers_follow_the_language_of_the_page(client, auth, fiscal_2024):
    login(auth, "coordinator")
    assert csv_rows(client.get(f"{DASHBOARD}/matches-by-month.csv"))[0] == [
        "月",
        "マッチング成立数",
    ]
    client.post("/language", data={"locale": "en"})
    forget_request_state()
    assert csv_rows(client.get(f"{DASHBOARD}/matches-by-month.csv"))[0] == ["Month", "Matches made"]


def test_dashboard_works_with_no_data_at_all(client, auth, people):
    login(auth, "coordinator")
    response = client.get(DASHBOARD)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "0%" in html and "この期間に表示できるデータはまだありません" in html
    for slug in SLUGS:
        assert client.get(f"{DASHBOARD}/{slug}.csv").status_code == 200


def test_only_an_admin_changes_the_targets_and_the_change_is_audited(client, auth, people):
    form = {
        "matches_per_year": "１２０",
        "postings_per_month": "200",
        "new_participants_per_year": "1,000",
        "case_studies_per_year": "30",
        "active_users_per_month": "5000",
        "answer_within_days": "5",
    }
    login(auth, "coordinator")
    assert client.post(f"{DASHBOARD}/targets", data=form).status_code == 403
    assert settings.get("target.matches_per_year") == 100
    auth.logout()

    login(auth, "admin")
    assert client.get(DASHBOARD).get_data(as_text=True).count("/coordinator/dashboard/targets") == 1
    response = client.post(f"{DASHBOARD}/targets", data=form)
    assert response.status_code == 302 and response.location.endswith(DASHBOARD)
    assert settings.get("target.matches_per_year") == 120
    assert settings.get("target.new_participants_per_year") == 1000
    assert settings.get("answer_within_days") == 5
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "setting.update").order_by(AuditEvent.id)
    ).all()
    assert [(e.object_id, e.details["before"], e.details["after"], e.actor_id) for e in events] == [
        ("target.matches_per_year", 100, 120, people["admin"].id),
        ("target.new_participants_per_year", 500, 1000, people["admin"].id),
        ("answer_within_days", 3, 5, people["admin"].id),
    ]
    kpis = {row[0]: row[1:] for row in tables(client.get(DASHBOARD))["table-kpis"][1:]}
    assert kpis["年度内のマッチング成立数"][1] == "120"


@pytest.mark.parametrize("value", ["0", "-5", "abc", "", "2.5"])
def test_targets_must_be_positive_whole_numbers_and_typing_is_kept(client, auth, people, value):
    login(auth, "admin")
    form = {
        "matches_per_year": value,
        "postings_per_month": "250",
        "new_participants_per_year": "500",
        "case_studies_per_year": "30",
        "answer_within_days": "3",
    }
    response = client.post(f"{DASHBOARD}/targets", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html and 'value="250"' in html
    if value:
        assert f'value="{value}"' in html
    assert settings.get("target.postings_per_month") == 200
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "setting.update")) is None
    )


ROUTES = [
    ("get", DASHBOARD),
    ("get", f"{DASHBOARD}?year=2024"),
    ("get", f"{DASHBOARD}/targets"),
    ("post", f"{DASHBOARD}/targets"),
    *[("get", f"{DASHBOARD}/{slug}.csv") for slug in SLUGS],
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_residents_and_organization_members_get_403_everywhere(client, auth, people, method, path):
    for who in ("resident", "member"):
        login(auth, who)
        assert getattr(client, method)(path).status_code == 403, who
        auth.logout()


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, app, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_coordinators_see_the_targets_but_cannot_change_them(client, auth, people):
    login(auth, "coordinator")
    assert client.get(DASHBOARD).status_code == 200
    assert f"{DASHBOARD}/targets" not in client.get(DASHBOARD).get_data(as_text=True)
    assert client.get(f"{DASHBOARD}/targets").status_code == 403


def test_unknown_figures_and_future_years_are_not_found(client, auth, people):
    login(auth, "coordinator")
    assert client.get(f"{DASHBOARD}/salaries.csv").status_code == 404
    next_year = fiscal_year_of(utcnow()) + 1
    assert client.get(f"{DASHBOARD}?year={next_year}").status_code == 404


def test_fiscal_year_starts_on_the_first_of_april_in_japan():
    assert fiscal_year_of(at(2025, 3, 31, 14)) == 2024  # 23:00 on 31 March in Japan
    assert fiscal_year_of(at(2025, 3, 31, 15)) == 2025  # midnight, 1 April in Japan
    past = period(2024, now=at(2026, 1, 1))
    assert past.elapsed == 1.0
    assert [(m.year, m.month) for m in (past.months[0], past.months[-1])] == [(2024, 4), (2025, 3)]
    current = period(now=at(2025, 10, 15))
    assert current.fiscal_year == 2025 and 0.5 < current.elapsed < 0.55
    assert [(m.year, m.month) for m in (current.months[0], current.months[-1])] == [
        (2024, 11),
        (2025, 10),
    ]


def test_chart_scale_keeps_the_target_line_in_view():
    chart = charts.columns([("4月", 3), ("5月", 6)], target=8.5)
    assert chart.ticks[-1].value == 10
    assert chart.top <= chart.target_position < chart.bottom
    assert chart.bars[1].height == 2 * chart.bars[0].height
    assert charts.bars([]).empty and charts.columns([("4月", 0)]).empty
