"""A resident finds the platform, signs up, confirms by mail, logs out and in, and switches
language."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import mailed_path

pytestmark = pytest.mark.browser

NAME = "高島 花子"
EMAIL = "hanako@example.jp"
PASSWORD = "asa-no-radio-taiso-2024"


def test_resident_signs_up_confirms_by_mail_logs_in_again_and_reads_english(
    page, live_server, live_database_uri
):
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_contain_text("地域の課題")
    expect(page.get_by_role("main")).to_contain_text("区民・NPO・企業・大学・町会")

    page.get_by_role("link", name="区民として登録する").click()
    expect(page).to_have_url(re.compile(r"/register$"))
    page.get_by_label("お名前").fill(NAME)
    page.get_by_label("メールアドレス").fill(EMAIL)
    page.get_by_label("パスワード").fill("short")
    page.get_by_label("お住まいの地域").fill("高島平")
    page.get_by_role("button", name="登録する").click()

    expect(page.get_by_role("alert")).to_contain_text("8文字以上で入力してください")
    expect(page.get_by_role("alert").get_by_role("link")).to_have_attribute("href", "#password")
    password = page.get_by_label("パスワード")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("8文字以上で入力してください"))
    expect(page.get_by_label("お名前")).to_have_value(NAME)
    expect(page.get_by_label("メールアドレス")).to_have_value(EMAIL)
    expect(page.get_by_label("お住まいの地域")).to_have_value("高島平")

    password.fill(PASSWORD)
    page.get_by_role("button", name="登録する").click()
    expect(page).to_have_url(re.compile(r"/register/sent$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("メールを確認してください")
    expect(page.get_by_role("status")).to_contain_text(f"{EMAIL} にメールを送りました")
    page.goto(live_server + "/me")
    expect(page).to_have_url(re.compile(r"/login"))  # not logged in before the link

    page.goto(live_server + mailed_path(live_database_uri, EMAIL, "/mail/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登録が完了しました")
    expect(page.get_by_label("メールアドレス")).to_have_value(EMAIL)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")
    expect(page.get_by_role("main")).to_contain_text(NAME)

    page.get_by_role("button", name="ログアウト").click()
    expect(page).to_have_url(live_server + "/")
    expect(page.get_by_role("status")).to_contain_text("ログアウトしました")
    expect(page.get_by_role("link", name="マイページ")).to_have_count(0)

    page.get_by_role("navigation").get_by_role("link", name="ログイン").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_label("メールアドレス").fill(EMAIL)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My page")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
