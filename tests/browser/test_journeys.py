"""The whole journey in a browser: an organization posts a need, a resident finds it and
takes part, and contact details cross only once both sides have said yes."""

from __future__ import annotations

import re
import threading

import pytest

from tests.support.browser import DESKTOP, mailed_path, save_screenshots
from tests.support.browser import check_compiled_catalogues as _check_compiled_catalogues

pytestmark = pytest.mark.browser

RESIDENT = {"name": "高島 花子", "email": "hanako@example.jp", "password": "asa-no-radio-2027"}
STAFF = {"name": "支援 一郎", "email": "ichiro@kodomo.example.jp", "password": "kodomo-shokudo-77"}
ORG_NAME = "NPO法人 高島平こども応援団"
ORG_EMAIL = "info@kodomo.example.jp"
ISSUE_TITLE = "子ども食堂の参加者名簿をエクセルで整理"


@pytest.fixture
def site(tmp_path):
    """A live app on a real port with the taxonomy, a small ward and a coordinator."""
    from werkzeug.serving import make_server

    from matchhub import create_app
    from matchhub.extensions import db
    from matchhub.models import User
    from matchhub.security import hash_password
    from tests.support import factories

    _check_compiled_catalogues()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'journey.sqlite'}",
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        factories.seed_ward()
        desk = User(
            email="desk@example.jp",
            display_name="協働 さくら",
            is_coordinator=True,
            password_hash=hash_password("desk-password-1"),
        )
        db.session.add(desk)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _desk_verifies(app) -> None:
    """The coordinator's verification, through the desk's own service."""
    from matchhub.extensions import db
    from matchhub.models import Organization, User
    from matchhub.organizations import verification

    with app.app_context():
        org = db.session.scalar(db.select(Organization).where(Organization.name == ORG_NAME))
        desk = db.session.scalar(db.select(User).where(User.email == "desk@example.jp"))
        verification.verify(org, desk)


def _desk_confirms(app) -> None:
    """The coordinator confirms the resident for the issue, as the queue's button does."""
    from matchhub.extensions import db
    from matchhub.matching import decisions
    from matchhub.models import HelperProfile, Issue, User

    with app.app_context():
        issue = db.session.scalar(db.select(Issue).where(Issue.title == ISSUE_TITLE))
        profile = db.session.scalar(
            db.select(HelperProfile)
            .join(User, HelperProfile.user_id == User.id)
            .where(User.email == RESIDENT["email"])
        )
        desk = db.session.scalar(db.select(User).where(User.email == "desk@example.jp"))
        decisions.decide(issue, profile, desk, "confirmed", "条件がよく合っています", "interest")


def _register(page, site, person: dict, area: str) -> None:
    """Sign up, open the confirmation link from the outbox and log in on its page."""
    from playwright.sync_api import expect

    base, app = site
    page.goto(base + "/register")
    page.get_by_label("お名前").fill(person["name"])
    page.get_by_label("メールアドレス").fill(person["email"])
    page.get_by_label("パスワード").fill(person["password"])
    page.get_by_label("お住まいの地域").fill(area)
    page.get_by_role("button", name="登録する").click()
    expect(page).to_have_url(re.compile(r"/register/sent$"))
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    page.goto(base + mailed_path(database, person["email"], "/mail/confirm/"))
    page.get_by_label("パスワード").fill(person["password"])
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me$"))


def _tick_theme(page, group: str, theme: str) -> None:
    page.locator("summary", has_text=group).first.click()
    page.get_by_label(theme, exact=True).check()


def _organization_posts_an_issue(page, site) -> None:
    from playwright.sync_api import expect

    _register(page, site, STAFF, "仲宿")
    page.get_by_role("link", name="団体を登録する").click()
    page.get_by_label("団体名").fill(ORG_NAME)
    page.get_by_label("団体の種類").select_option("npo")
    page.get_by_label("活動している地域").fill("板橋区高島平2丁目")
    _tick_theme(page, "保健・医療・福祉", "子ども食堂")
    page.get_by_label("団体の紹介").fill("高島平で月2回、子ども食堂を開いています。")
    page.get_by_label("連絡先メールアドレス").fill(ORG_EMAIL)
    page.get_by_role("button", name="団体を登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ORG_NAME)
    expect(page.get_by_role("main")).to_contain_text("確認を待っています")

    page.get_by_role("link", name="新しい課題を投稿する").click()
    page.get_by_label("タイトル").fill(ISSUE_TITLE)
    page.get_by_label("募集するもの").select_option("probono")
    page.get_by_label("内容・場所・進め方").fill("手書きの名簿をエクセルにまとめてください。")
    _tick_theme(page, "保健・医療・福祉", "子ども食堂")
    page.get_by_label("あると助かるスキル").fill("ｴｸｾﾙ")
    page.get_by_label(re.compile("^場所")).fill("高島平")
    page.get_by_label("オンラインで参加できる").check()
    page.get_by_label("土日祝の午前").check()
    page.get_by_label("募集人数").fill("2")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("下書きとして保存しました")
    expect(page.get_by_role("main")).to_contain_text("下書きのまま")
    expect(page.get_by_role("button", name="課題を公開する")).to_have_count(0)


def _resident_expresses_interest(page, site) -> None:
    from playwright.sync_api import expect

    _register(page, site, RESIDENT, "東京都板橋区高島平3丁目")
    page.get_by_role("link", name="プロフィールを入力する").click()
    _tick_theme(page, "保健・医療・福祉", "子ども食堂")
    page.get_by_label("できること").fill("ｴｸｾﾙ\nﾜｰﾄﾞ")
    page.get_by_label("土日祝の午前").check()
    page.get_by_label("オンラインでも参加できる").check()
    page.get_by_label("プライバシーポリシーを読み、同意します").check()
    page.get_by_role("button", name="プロフィールを保存する").click()
    expect(page.get_by_role("status").first).to_contain_text("プロフィールを保存しました")
    expect(page.get_by_role("main")).to_contain_text("「ｴｸｾﾙ」 → Excel")
    expect(page.get_by_role("main")).to_contain_text("→ 高島平")

    page.get_by_role("navigation").get_by_role("link", name="マイページ").click()
    recommended = page.get_by_role("region", name="あなたにおすすめの活動")
    expect(recommended).to_contain_text(ISSUE_TITLE)
    expect(recommended).to_contain_text("あなたに合いそうな理由")
    recommended.get_by_role("link", name=ISSUE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ISSUE_TITLE)
    expect(page.get_by_role("region", name="あなたに合いそうな理由")).to_contain_text("Excel")
    page.get_by_role("button", name="参加したい").click()
    expect(page.get_by_role("status").first).to_contain_text("参加希望をお伝えしました")
    expect(page.get_by_role("button", name="参加したい")).to_have_count(0)


def test_a_need_is_posted_found_and_matched_with_contacts_shared_last(site, page, browser):
    from playwright.sync_api import expect

    base, app = site
    org_context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    org_page = org_context.new_page()
    try:
        _organization_posts_an_issue(org_page, site)
        _desk_verifies(app)
        org_page.reload()
        org_page.get_by_role("button", name="課題を公開する").click()
        expect(org_page.get_by_role("status")).to_contain_text("課題を公開しました")
        manage_url = org_page.url

        _resident_expresses_interest(page, site)

        org_page.goto(manage_url)
        interested = org_page.get_by_role("region", name="参加を希望している区民の方")
        expect(interested).to_contain_text("区民A")
        expect(interested).to_contain_text("高島平")
        expect(org_page.get_by_role("main")).not_to_contain_text(RESIDENT["email"])
        expect(org_page.get_by_role("main")).not_to_contain_text(RESIDENT["name"])

        _desk_confirms(app)
        page.get_by_role("link", name=re.compile("お知らせ")).first.click()
        page.get_by_role("main").get_by_role("button", name=re.compile(ISSUE_TITLE)).first.click()
        expect(page).to_have_url(re.compile(r"/me/activities"))
        expect(page.get_by_role("main")).not_to_contain_text(ORG_EMAIL)
        page.get_by_role("button", name="はい、参加します").click()
        expect(page.get_by_role("status").first).to_contain_text("参加が決まりました")
        expect(page.get_by_role("main")).to_contain_text(ORG_EMAIL)

        org_page.goto(manage_url)
        decided = org_page.get_by_role("region", name="デスクが決めたマッチング")
        expect(decided).to_contain_text(RESIDENT["name"])
        expect(decided).to_contain_text(RESIDENT["email"])
    except Exception:
        save_screenshots(org_page, "journey-organization")
        raise
    finally:
        org_context.close()


NARROW = {"width": 320, "height": 640}
HAS_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def _log_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン", exact=True).click()


def test_pages_fit_a_small_phone_with_the_larger_text(site, page):
    from matchhub.extensions import db
    from tests.support import factories

    base, app = site
    with app.app_context():
        org = factories.organization()
        factories.member("staff@tasukeai.example.jp", org)
        factories.issue(
            org, title="とても長いタイトルの募集：子ども食堂の参加者名簿をエクセルで整理する"
        )
        factories.resident("hanako@example.jp", area_text="東京都板橋区高島平三丁目十番地の一")
        db.session.remove()
    page.set_viewport_size(NARROW)
    pages = {
        "hanako@example.jp": ["/issues", "/issues/issue-test", "/me", "/me/profile",
                              "/me/activities", "/me/notifications", "/privacy"],
        "staff@tasukeai.example.jp": ["/org/org-test", "/org/org-test/issues/issue-test",
                                      "/org/org-test/issues/new", "/organizations/new"],
    }  # fmt: skip
    for email, paths in pages.items():
        _log_in(page, base, email, factories.PASSWORD)
        for language in ("日本語", "English"):
            page.get_by_role("button", name=language).click()
            for large in (False, True):
                for path in paths:
                    page.goto(base + path)
                    if large:
                        page.evaluate("document.body.classList.add('large-text')")
                    assert not page.evaluate(HAS_HORIZONTAL_SCROLL), (language, path, large)
        page.context.clear_cookies()


def test_the_larger_text_setting_is_kept_after_logging_in_again(site, page):
    from playwright.sync_api import expect

    from matchhub.extensions import db
    from tests.support import factories

    base, app = site
    with app.app_context():
        factories.resident("hanako@example.jp")
        db.session.remove()
    _log_in(page, base, "hanako@example.jp", factories.PASSWORD)
    page.goto(base + "/me/profile")
    page.get_by_role("region", name="読みやすさ").get_by_role(
        "button", name="文字を大きくする"
    ).click()
    expect(page.locator("body")).to_have_class("large-text")
    page.get_by_role("button", name="ログアウト").click()
    expect(page.locator("body")).not_to_have_class("large-text")
    _log_in(page, base, "hanako@example.jp", factories.PASSWORD)
    expect(page.locator("body")).to_have_class("large-text")
