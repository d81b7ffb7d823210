"""Mail leaves through the outbox and a sender, against real SMTP servers on 127.0.0.1."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from matchhub.extensions import db
from matchhub.models import OutboxMail
from matchhub.models.types import utcnow
from matchhub.platform.mail.sender import send_again, send_due
from matchhub.platform.notifications import notify
from tests.support.accounts import AuthActions, make_user
from tests.support.smtp_servers import (
    PASSWORD,
    USERNAME,
    CertificateAuthority,
    SilentServer,
    free_port,
    smtp_server,
)


def _mail_config(port: int, **extra) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_TIMEOUT": 5, **extra}


def _rows() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def _register(client, email="new@example.jp"):
    return client.post(
        "/register",
        data={
            "display_name": "新しい 区民",
            "email": email,
            "password": "a long enough phrase",
            "area": "",
        },
    )


def test_a_sent_notice_carries_date_message_id_auto_submitted_and_the_desk_contact(make_app):
    with smtp_server() as (inbox, port):
        app = make_app(**_mail_config(port))
        with app.app_context():
            user = make_user("taro@example.jp")
            notify(
                user,
                "reminder",
                "活動の報告をお願いします。先週の清掃活動について",
                "/me/activities",
            )
            db.session.commit()
            assert inbox.messages == []  # nothing is sent inside the change itself
            result = app.test_cli_runner().invoke(args=["mail", "send"])
            assert result.exit_code == 0 and "1 sent" in result.output
            (message,) = inbox.to("taro@example.jp")
            assert message["Date"] and message["Message-ID"] == _rows()[0].message_id
            assert message["Auto-Submitted"] == "auto-generated"
            assert len(message["Subject"]) <= 40 and message["Subject"].startswith("活動の報告")
            body = message.get_content()
            assert "http://localhost/me/activities" in body
            assert "http://localhost/desk" in body  # the signature's contact
            assert message["List-Unsubscribe"].startswith("<http://localhost/mail/unsubscribe/")
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert _rows()[0].status == "sent"


def test_the_configured_signature_ends_every_message(make_app):
    signature = "板橋区 協働推進課\n問い合わせ先: 03-0000-0000"
    app = make_app(MAIL_SIGNATURE=signature)
    with app.app_context():
        notify(make_user("taro@example.jp"), "organization_verified", "確認しました", None)
        db.session.commit()
        (mail,) = _rows()
        assert mail.body.endswith(signature) and mail.unsubscribe_url is None


def test_login_over_starttls_delivers(make_app, tmp_path):
    ca = CertificateAuthority(tmp_path)
    with smtp_server(tls=ca) as (inbox, port):
        config = _mail_config(
            port,
            MAIL_SECURITY="starttls",
            MAIL_USERNAME=USERNAME,
            MAIL_PASSWORD=PASSWORD,
            MAIL_CA_FILE=ca.ca_file,
        )
        app = make_app(**config)
        with app.app_context():
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
            report = send_due()
            assert report.sent == 1 and report.error is None
            assert len(inbox.to("taro@example.jp")) == 1


# aiosmtpd counts only STARTTLS as TLS, so it warns about AUTH on an SMTPS connection.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtps_from_the_first_byte_delivers(make_app, tmp_path):
    ca = CertificateAuthority(tmp_path)
    with smtp_server(tls=ca, smtps=True) as (inbox, port):
        config = _mail_config(
            port,
            MAIL_SECURITY="ssl",
            MAIL_USERNAME=USERNAME,
            MAIL_PASSWORD=PASSWORD,
            MAIL_CA_FILE=ca.ca_file,
        )
        app = make_app(**config)
        with app.app_context():
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
            assert send_due().sent == 1
            assert len(inbox.to("taro@example.jp")) == 1


def test_a_wrong_password_keeps_the_mail_and_says_which_setting_to_check(make_app, tmp_path):
    ca = CertificateAuthority(tmp_path)
    with smtp_server(tls=ca) as (inbox, port):
        config = _mail_config(
            port,
            MAIL_SECURITY="starttls",
            MAIL_USERNAME=USERNAME,
            MAIL_PASSWORD="not-the-password",
            MAIL_CA_FILE=ca.ca_file,
        )
        app = make_app(**config)
        with app.app_context():
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
            result = app.test_cli_runner().invoke(args=["mail", "send"])
            assert result.exit_code == 1
            assert "MATCHHUB_MAIL_PASSWORD" in result.output and "Traceback" not in result.output
            (mail,) = _rows()
            assert (mail.status, mail.attempts, mail.error_code) == ("pending", 0, "auth")
            assert inbox.messages == []
            make_user("admin@example.jp", "correct horse battery", is_admin=True)
            client = app.test_client()
            AuthActions(client).login("admin@example.jp", "correct horse battery")
            page = client.get("/admin/mail").get_data(as_text=True)
            assert "MATCHHUB_MAIL_PASSWORD" in page and "535" in page  # the server's words


def test_an_untrusted_certificate_is_reported_as_a_tls_failure(make_app, tmp_path):
    ca = CertificateAuthority(tmp_path)
    with smtp_server(tls=ca) as (inbox, port):
        # The server's certificate comes from a CA this app does not trust.
        config = _mail_config(
            port, MAIL_SECURITY="starttls", MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD
        )
        app = make_app(**config)
        with app.app_context():
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
            result = app.test_cli_runner().invoke(args=["mail", "send"])
            assert result.exit_code == 1 and "TLS" in result.output
            (mail,) = _rows()
            assert (mail.status, mail.error_code) == ("pending", "tls")
            assert inbox.messages == []


def test_registration_while_the_server_is_down_goes_out_once_it_is_back(make_app):
    port = free_port()  # nothing listens here yet
    app = make_app(**_mail_config(port))
    with app.app_context():
        client = app.test_client()
        assert _register(client).status_code == 302
        (mail,) = _rows()
        assert mail.status == "pending" and "/mail/confirm/" in mail.body
        result = app.test_cli_runner().invoke(args=["mail", "send"])
        assert result.exit_code == 1 and "refused the connection" in result.output
        assert _rows()[0].error_code == "refused"
        with smtp_server(port=port) as (inbox, _):
            result = app.test_cli_runner().invoke(args=["mail", "send"])
            assert result.exit_code == 0
            assert len(inbox.to("new@example.jp")) == 1
        assert _rows()[0].status == "sent"


def test_a_server_that_never_answers_holds_up_neither_the_request_nor_the_mail(make_app):
    silent = SilentServer()
    try:
        app = make_app(**_mail_config(silent.port, MAIL_TIMEOUT=1))
        with app.app_context():
            assert _register(app.test_client()).status_code == 302
            assert silent.accepted == 0  # the request never spoke to the mail server
            report = send_due()
            assert report.error is not None and report.error.code == "timeout"
            (mail,) = _rows()
            assert (mail.status, mail.attempts, mail.error_code) == ("pending", 0, "timeout")
    finally:
        silent.close()


def test_a_refused_message_is_retried_later_then_given_up_and_can_be_sent_again(make_app):
    with smtp_server() as (inbox, port):
        app = make_app(**_mail_config(port, MAIL_MAX_ATTEMPTS=2))
        with app.app_context():
            admin = make_user("admin@example.jp", is_admin=True)
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
            inbox.refuse["taro@example.jp"] = "451 4.3.0 mailbox busy, try later"
            assert send_due().retry_later == 1
            (mail,) = _rows()
            assert mail.attempts == 1 and mail.next_attempt_at > utcnow()
            assert send_due().sent == 0  # not due yet: it waits its backoff
            db.session.execute(update(OutboxMail).values(next_attempt_at=utcnow()))
            db.session.commit()
            assert send_due().failed == 1
            (mail,) = _rows()
            assert (mail.status, mail.error_code) == ("failed", "rejected")
            assert "mailbox busy" in mail.last_error
            del inbox.refuse["taro@example.jp"]
            send_again(mail.id, admin)
            assert send_due().sent == 1
            assert len(inbox.to("taro@example.jp")) == 1


def test_a_refused_sender_address_is_a_setting_to_fix_and_costs_no_tries(make_app):
    with smtp_server() as (inbox, port):
        app = make_app(**_mail_config(port, MAIL_MAX_ATTEMPTS=1))
        with app.app_context():
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
            inbox.refuse_sender = "553 5.7.1 Sender address rejected: not owned by user"
            result = app.test_cli_runner().invoke(args=["mail", "send"])
            assert result.exit_code == 1 and "MATCHHUB_MAIL_SENDER" in result.output
            (mail,) = _rows()
            assert (mail.status, mail.attempts, mail.error_code) == ("pending", 0, "sender")
            inbox.refuse_sender = None
            assert send_due().sent == 1


def test_a_mail_claimed_by_one_sender_is_not_taken_by_another(make_app, other_process):
    from matchhub.platform.mail.sender import _claim

    app = make_app()
    with app.app_context():
        user = make_user("taro@example.jp")
        for n in range(3):
            notify(user, "match_confirmed", f"お知らせ {n}", None)
        db.session.commit()
        _, mine = _claim(10)
    with other_process.app_context():
        _, theirs = _claim(10)
        db.session.remove()
    assert len(mine) == 3 and theirs == []


def test_two_senders_at_once_send_every_mail_exactly_once(make_app, other_process):
    with smtp_server() as (inbox, port):
        app = make_app(**_mail_config(port))
        other_process.config.update(_mail_config(port))
        with app.app_context():
            user = make_user("taro@example.jp")
            for n in range(30):
                notify(user, "match_confirmed", f"お知らせ {n}", None)
            db.session.commit()

        def sender(each_app):
            with each_app.app_context():
                while send_due(limit=5).sent:
                    pass
                db.session.remove()

        threads = [threading.Thread(target=sender, args=(a,)) for a in (app, other_process)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ids = [m["Message-ID"] for m in inbox.messages]
        assert len(ids) == 30 and len(set(ids)) == 30
        with app.app_context():
            sent = select(func.count()).select_from(OutboxMail).where(OutboxMail.status == "sent")
            assert db.session.scalar(sent) == 30


def test_without_a_mail_server_development_writes_mail_to_the_log(make_app, caplog):
    app = make_app(DEVELOPMENT=True)
    with app.app_context():
        notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
        db.session.commit()
        with caplog.at_level("INFO", logger="matchhub.platform.mail"):
            assert send_due().sent == 1
        assert "taro@example.jp" in caplog.text and "Auto-Submitted: auto-generated" in caplog.text
        assert _rows()[0].status == "sent"


def test_without_a_mail_server_production_keeps_mail_waiting(make_app):
    app = make_app()
    with app.app_context():
        notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["mail", "send"])
        assert result.exit_code == 1 and "MATCHHUB_MAIL_SERVER" in result.output
        assert _rows()[0].status == "pending"


def test_backoff_grows_and_stops_growing():
    from matchhub.platform.mail.sender import backoff

    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(30) == timedelta(hours=6)


def test_an_unknown_security_mode_or_a_login_without_encryption_stops_the_start(monkeypatch):
    from matchhub import create_app
    from matchhub.config import ConfigError

    monkeypatch.setenv("MATCHHUB_DEBUG", "1")
    monkeypatch.setenv("MATCHHUB_MAIL_SECURITY", "tls")
    with pytest.raises(ConfigError, match="starttls"):
        create_app()
    monkeypatch.setenv("MATCHHUB_MAIL_SECURITY", "none")
    monkeypatch.setenv("MATCHHUB_MAIL_USERNAME", "desk")
    monkeypatch.setenv("MATCHHUB_MAIL_PASSWORD", "secret")
    with pytest.raises(ConfigError, match="unencrypted"):
        create_app()


def test_in_development_a_thread_of_the_web_process_sends_the_outbox(make_app):
    from matchhub.platform.mail import worker

    with smtp_server() as (inbox, port):
        app = make_app(DEVELOPMENT=True, MAIL_WORKER_INTERVAL=1, **_mail_config(port))
        with app.app_context():
            notify(make_user("taro@example.jp"), "match_confirmed", "マッチが成立しました", None)
            db.session.commit()
        stop = worker.start(app)
        try:
            assert worker.start(app) is None  # one thread per app, however many requests
            arrived = threading.Event()
            for _ in range(600):  # wait for the thread, not for a given time
                if inbox.to("taro@example.jp"):
                    arrived.set()
                    break
                threading.Event().wait(0.05)
            assert arrived.is_set()
        finally:
            stop.set()
