import re

import pytest
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import OutboxMail, User
from tests.support.accounts import make_user


def register(client, **fields):
    data = {
        "display_name": "区民 花子",
        "email": "hanako@example.jp",
        "password": "takashimadaira-2026",
        "area": "板橋区高島平2丁目",
    }
    data.update(fields)
    return client.post("/register", data=data)


def test_home_page_is_japanese_and_links_to_register_and_login(client):
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="ja"' in html
    assert 'href="/register"' in html and 'href="/login"' in html


@pytest.mark.parametrize("password", ["short", "password123", "hanako@example.jp"])
def test_weak_password_is_refused_with_a_japanese_message(client, app, password):
    page = register(client, password=password)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "パスワード" in html
    assert 'value="hanako@example.jp"' in html
    assert db.session.scalar(select(User).where(User.email == "hanako@example.jp")) is None


def test_login_and_logout(client, auth, app):
    make_user("taro@example.jp", "correct horse battery")
    assert client.get("/me").status_code == 302
    response = auth.login("TARO@example.jp", "correct horse battery")
    assert response.status_code == 302
    assert client.get("/me").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/me").status_code == 302


def test_wrong_password_says_so_without_revealing_which_part(client, auth, app):
    make_user("taro@example.jp", "correct horse battery")
    for email in ("taro@example.jp", "nobody@example.jp"):
        html = auth.login(email, "wrong password").get_data(as_text=True)
        assert "メールアドレスまたはパスワードが正しくありません" in html


def test_repeated_failed_logins_make_the_account_wait(client, auth, app):
    make_user("taro@example.jp", "correct horse battery")
    for _ in range(6):
        auth.login("taro@example.jp", "wrong password")
    html = auth.login("taro@example.jp", "correct horse battery").get_data(as_text=True)
    assert "少し時間をおいて" in html
    assert client.get("/me").status_code == 302


def test_logout_is_post_only(client, auth, app):
    make_user("taro@example.jp", "correct horse battery")
    auth.login("taro@example.jp", "correct horse battery")
    assert client.get("/logout").status_code == 405
    assert client.get("/me").status_code == 200


def test_password_reset_by_emailed_link(client, auth, app):
    make_user("taro@example.jp", "correct horse battery")
    client.post("/reset", data={"email": "taro@example.jp"})
    mail = db.session.scalar(select(OutboxMail))
    assert mail.recipient == "taro@example.jp"
    link = re.search(r"http://\S+/reset/\S+", mail.body).group(0)
    path = link.split("localhost", 1)[-1]
    response = client.post(
        path, data={"password": "new secret phrase", "confirm": "new secret phrase"}
    )
    assert response.status_code == 302
    assert auth.login("taro@example.jp", "new secret phrase").status_code == 302
    # The link is spent once used.
    again = client.get(path)
    assert again.status_code == 302 and again.location.endswith("/reset")


def test_reset_for_unknown_email_sends_nothing_and_says_the_same(client, app):
    page = client.post("/reset", data={"email": "nobody@example.jp"}, follow_redirects=True)
    assert "登録されている場合" in page.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMail)) is None


def test_forms_refuse_posts_without_csrf_token(csrf_app):
    client = csrf_app.test_client()
    page = client.post("/login", data={"email": "a@example.jp", "password": "x"})
    assert page.status_code == 400
    assert "Traceback" not in page.get_data(as_text=True)


def test_login_page_has_the_fields_and_csrf_token(csrf_app):
    html = csrf_app.test_client().get("/login").get_data(as_text=True)
    for name in ("email", "password", "csrf_token"):
        assert f'name="{name}"' in html


def test_language_switch_to_english_is_remembered(client, app):
    client.post("/language", data={"locale": "en", "next": "/login"})
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en"' in html and "Password" in html


def test_unknown_page_gets_a_friendly_404(client, app):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "ページが見つかりません" in page.get_data(as_text=True)


def test_reset_link_ignores_a_forged_host_header(make_app):
    app = make_app(BASE_URL="https://matchhub.city.example.lg.jp/")
    with app.app_context():
        make_user("taro@example.jp", "correct horse battery")
        app.test_client().post(
            "/reset", data={"email": "taro@example.jp"}, headers={"Host": "evil.example"}
        )
        mail = db.session.scalar(select(OutboxMail))
    assert "evil.example" not in mail.body
    assert re.search(r"https://matchhub\.city\.example\.lg\.jp/reset/\S+", mail.body)


def test_notice_mailed_by_cron_carries_an_absolute_link(make_app):
    from matchhub.platform.notifications import notify

    app = make_app(BASE_URL="https://matchhub.city.example.lg.jp")
    with app.app_context():
        user = make_user("taro@example.jp", "correct horse battery")
        notify(user, "reminder", "活動の報告をお願いします", "/me/activities#match-2")
        db.session.commit()
        mail = db.session.scalar(select(OutboxMail))
    assert "https://matchhub.city.example.lg.jp/me/activities#match-2" in mail.body
