"""Confirmed addresses, the reader's choice of notices, one-click unsubscribe, admin page."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import AuditEvent, Notification, OutboxMail, User
from matchhub.platform.mail.message import build_message
from matchhub.platform.notifications import notify
from tests.support.accounts import AuthActions, make_user

PASSWORD = "correct horse battery"


def _mails(recipient: str) -> list[OutboxMail]:
    query = select(OutboxMail).where(OutboxMail.recipient == recipient).order_by(OutboxMail.id)
    return list(db.session.scalars(query))


def _link(body: str, path: str) -> str:
    return re.search(rf"http://localhost({path}\S+)", body).group(1)


def test_a_new_address_gets_only_its_confirmation_link_until_confirmed(client):
    client.post(
        "/register",
        data={"display_name": "新しい 区民", "email": "new@example.jp", "password": PASSWORD},
    )
    user = db.session.scalar(select(User).where(User.email == "new@example.jp"))
    (confirmation,) = _mails("new@example.jp")
    assert "/mail/confirm/" in confirmation.body and confirmation.unsubscribe_url is None
    notify(user, "match_confirmed", "マッチが成立しました", "/me/activities")
    db.session.commit()
    assert len(_mails("new@example.jp")) == 1  # the notice is in the app, not in mail
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1

    page = client.get(_link(confirmation.body, "/mail/confirm/"))
    assert page.status_code == 200 and "new@example.jp" in page.get_data(as_text=True)
    notify(user, "match_confirmed", "マッチが成立しました", "/me/activities")
    db.session.commit()
    assert len(_mails("new@example.jp")) == 2


def test_a_forged_or_foreign_confirmation_link_confirms_nothing(client):
    user = make_user("taro@example.jp", email_confirmed_at=None)
    assert client.get("/mail/confirm/not-a-token").status_code == 400
    db.session.refresh(user)
    assert user.email_confirmed_at is None


def test_an_unconfirmed_resident_can_ask_for_a_new_link(client, auth):
    make_user("taro@example.jp", PASSWORD, email_confirmed_at=None)
    auth.login("taro@example.jp", PASSWORD)
    page = client.get("/account/mail").get_data(as_text=True)
    assert "確認" in page  # the page says the address is not confirmed
    client.post("/account/mail/confirmation")
    (mail,) = _mails("taro@example.jp")
    assert "/mail/confirm/" in mail.body


def test_a_resident_who_turns_reminders_off_gets_them_only_in_the_app(client, auth):
    user = make_user("taro@example.jp", PASSWORD)
    auth.login("taro@example.jp", PASSWORD)
    client.post("/account/mail", data={"matches": "y", "news": "y"})
    db.session.refresh(user)
    assert (user.mail_matches, user.mail_reminders, user.mail_news) == (True, False, True)
    notify(user, "reminder", "活動の報告をお願いします", None)
    notify(user, "match_confirmed", "マッチが成立しました", None)
    db.session.commit()
    assert [m.category for m in _mails("taro@example.jp")] == ["matches"]
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2


def test_one_click_unsubscribe_works_without_login_or_csrf_token(csrf_app):
    user = make_user("taro@example.jp")
    notify(user, "reminder", "活動の報告をお願いします", None)
    db.session.commit()
    (mail,) = _mails("taro@example.jp")
    message = build_message(mail, csrf_app.config)
    url = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in mail.body  # also a link a person can open
    path = url.removeprefix("http://localhost")
    client = csrf_app.test_client()
    shown = client.get(path)
    assert shown.status_code == 200 and "<button" in shown.get_data(as_text=True)
    db.session.refresh(user)
    assert user.mail_reminders  # opening the link (or a mail scanner) changes nothing
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    db.session.refresh(user)
    assert not user.mail_reminders and user.mail_matches
    notify(user, "reminder", "もう一度", None)
    db.session.commit()
    assert len(_mails("taro@example.jp")) == 1


def test_a_tampered_unsubscribe_link_changes_nothing(client):
    user = make_user("taro@example.jp")
    notify(user, "reminder", "活動の報告をお願いします", None)
    db.session.commit()
    (mail,) = _mails("taro@example.jp")
    path = mail.unsubscribe_url.removeprefix("http://localhost")
    assert client.post(path[:-3] + "abc").status_code == 400
    db.session.refresh(user)
    assert user.mail_reminders


def test_account_mail_is_always_sent_and_has_no_unsubscribe_link(client):
    user = make_user("taro@example.jp", mail_matches=False, mail_reminders=False, mail_news=False)
    notify(user, "organization_verified", "団体が確認されました", None)
    client.post("/reset", data={"email": "taro@example.jp"})
    db.session.commit()
    mails = _mails("taro@example.jp")
    assert len(mails) == 2 and all(m.unsubscribe_url is None for m in mails)


def test_the_admin_mail_page_explains_a_problem_and_sends_again(app, client):
    make_user("admin@example.jp", PASSWORD, is_admin=True)
    notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
    db.session.commit()
    (mail,) = _mails("taro@example.jp")
    mail.status, mail.error_code, mail.last_error = "failed", "auth", "535 5.7.8 invalid"
    db.session.commit()
    AuthActions(client).login("admin@example.jp", PASSWORD)
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "MATCHHUB_MAIL_PASSWORD" in page and "535 5.7.8 invalid" in page
    assert "taro@example.jp" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.outbox.view"))
    client.post(f"/admin/mail/{mail.id}/send-again")
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("pending", 0)


def test_residents_cannot_open_the_admin_mail_page(client, auth):
    make_user("taro@example.jp", PASSWORD)
    auth.login("taro@example.jp", PASSWORD)
    assert client.get("/admin/mail").status_code == 403


def test_an_address_given_when_claiming_a_desk_account_is_confirmed_by_mail(app):
    from matchhub.residents.proxy import claim_account, new_claim_code

    coordinator = make_user("coord@example.jp", is_coordinator=True)
    resident = make_user("placeholder@example.jp")
    resident.email = None
    db.session.commit()
    code = new_claim_code(resident, coordinator)
    user = claim_account(code, "tome@example.jp", "takashima-2026")
    assert user.email_confirmed_at is None
    (mail,) = _mails("tome@example.jp")
    assert "/mail/confirm/" in mail.body
