"""Sign-up never says whether an address has an account; the mailbox tells the difference."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import HelperProfile, OutboxMail, User
from tests.support.accounts import make_user

EMAIL = "hanako@example.jp"
PASSWORD = "takashimadaira-2026"


def _form(**fields) -> dict:
    data = {"display_name": "区民 花子", "email": EMAIL, "password": PASSWORD, "area": "高島平"}
    data.update(fields)
    return data


def _answer(client, **fields) -> tuple[int, str, list, str]:
    """Everything the browser sees: status, Location, the flashed messages, the next page."""
    response = client.post("/register", data=_form(**fields))
    with client.session_transaction() as session:
        flashed = list(session.get("_flashes", []))
    page = client.get(response.location).get_data(as_text=True)
    return response.status_code, response.location, flashed, page


def _mails(recipient: str) -> list[OutboxMail]:
    db.session.expire_all()
    query = select(OutboxMail).where(OutboxMail.recipient == recipient).order_by(OutboxMail.id)
    return list(db.session.scalars(query))


def _path(body: str, prefix: str) -> str:
    return re.search(rf"http://localhost({prefix}\S*)", body).group(1)


def test_a_new_and_a_taken_address_get_exactly_the_same_answer(app):
    new = _answer(app.test_client())
    taken = _answer(app.test_client(), display_name="なりすまし", password="another-long-phrase")
    assert new == taken
    status, location, flashed, page = new
    assert status == 302 and location == "/register/sent"
    sent = f"{EMAIL} にメールを送りました。メールの中のリンクを開くと、登録が完了します。"
    assert flashed == [("info", sent)]
    assert "メールを確認してください" in page


def test_a_taken_address_changes_nothing_and_its_holder_is_told(client):
    holder = make_user(EMAIL, "the-holders-own-phrase", display_name="本人 花子")
    old_hash = holder.password_hash
    client.post("/register", data=_form(email="Hanako@Example.JP", display_name="なりすまし"))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(HelperProfile)) == 1
    holder = db.session.get(User, holder.id)
    assert (holder.display_name, holder.password_hash) == ("本人 花子", old_hash)
    (mail,) = _mails(EMAIL)
    assert "新しいアカウントを作ろうとしました" in mail.body
    assert _path(mail.body, "/login") == "/login"
    assert _path(mail.body, "/reset") == "/reset"
    assert "/mail/confirm/" not in mail.body


def test_the_holder_is_told_in_their_own_language(client):
    make_user(EMAIL, locale="en")
    client.post("/register", data=_form())  # a Japanese page
    (mail,) = _mails(EMAIL)
    assert mail.subject.startswith("matchhub: someone tried")
    assert "If it was you, log in here" in mail.body


def test_a_new_account_is_not_logged_in_until_its_link_is_opened(client):
    client.post("/register", data=_form())
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    assert user.helper_profile is not None and user.password_hash.startswith("$argon2id$")
    assert user.email_confirmed_at is None
    assert client.get("/me").status_code == 302  # not logged in

    (confirmation,) = _mails(EMAIL)
    page = client.get(_path(confirmation.body, "/mail/confirm/"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "登録が完了しました" in html
    assert f'value="{EMAIL}"' in html  # the login form, filled in
    assert 'class="confirm-login"' in html
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_at is not None
    assert client.get("/me").status_code == 302  # opening the link alone logs nobody in

    logged_in = client.post("/login", data={"email": EMAIL, "password": PASSWORD, "next": "/me"})
    assert logged_in.status_code == 302 and logged_in.location == "/me"
    assert "区民 花子" in client.get("/me").get_data(as_text=True)


def test_an_unconfirmed_resident_can_still_log_in_so_a_lost_mail_traps_no_one(client, auth):
    client.post("/register", data=_form())
    assert auth.login(EMAIL, PASSWORD).status_code == 302
    assert client.get("/me").status_code == 200
    # ... and the mail settings page offers a new link.
    assert client.post("/account/mail/confirmation").status_code == 302
    assert len(_mails(EMAIL)) == 2


def test_a_resident_signing_up_in_english_gets_mail_in_english(client):
    client.post("/language", data={"locale": "en", "next": "/register"})
    client.post("/register", data=_form())
    assert db.session.scalar(select(User.locale).where(User.email == EMAIL)) == "en"
    (confirmation,) = _mails(EMAIL)
    assert confirmation.subject == "Please confirm your email address"


def test_a_weak_password_is_shown_on_the_form_for_a_new_and_a_taken_address_alike(app):
    make_user("taro@example.jp")
    pages = []
    for email in (EMAIL, "taro@example.jp"):
        page = app.test_client().post("/register", data=_form(email=email, password="short"))
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "8文字以上で入力してください" in html and 'value="区民 花子"' in html
        pages.append(html.replace(email, "ADDRESS"))
    assert pages[0] == pages[1]
    assert _mails(EMAIL) == [] and _mails("taro@example.jp") == []
