"""Sessions, second factor and login throttling (ASVS V3, V2)."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from matchhub import create_app
from matchhub.extensions import db
from matchhub.models import AuditEvent, User
from matchhub.models.types import utcnow
from tests.support.accounts import make_user

PASSWORD = "correct horse battery"


def login(client, email="taro@example.jp", password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def test_a_cookie_saved_before_logout_gets_nothing_after(app, client):
    make_user("taro@example.jp", PASSWORD)
    login(client)
    saved = client.get_cookie("session").value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", saved)
    response = replay.get("/me")
    assert response.status_code == 302 and "/login" in response.location


def test_password_change_ends_every_other_session_but_this_one(app, client):
    make_user("taro@example.jp", PASSWORD)
    other = app.test_client()
    login(client)
    login(other)
    response = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "a brand new phrase",
            "confirm": "a brand new phrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/me").status_code == 200
    assert other.get("/me").status_code == 302
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "account.password_change")
    )


def test_wrong_current_password_is_refused_and_nothing_changes(app, client):
    user = make_user("taro@example.jp", PASSWORD)
    login(client)
    page = client.post(
        "/account/password",
        data={
            "current": "not it at all",
            "password": "a brand new phrase",
            "confirm": "a brand new phrase",
        },
    )
    assert "現在のパスワードが正しくありません" in page.get_data(as_text=True)
    assert login(app.test_client(), password=PASSWORD).status_code == 302
    assert db.session.get(User, user.id).session_version == 1


def test_login_starts_a_fresh_session(app, client):
    make_user("taro@example.jp", PASSWORD)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["locale"] = "en"
    login(client)
    with client.session_transaction() as session:
        assert "planted" not in session and session["locale"] == "en"


@pytest.mark.parametrize("stamp", ["seen_at", "login_at"])
def test_idle_and_absolute_timeouts_log_out(app, client, stamp):
    make_user("taro@example.jp", PASSWORD)
    login(client)
    age = timedelta(minutes=61) if stamp == "seen_at" else timedelta(hours=13)
    with client.session_transaction() as session:
        session[stamp] = (utcnow() - age).timestamp()
        if stamp == "login_at":
            session["seen_at"] = utcnow().timestamp()
    response = client.get("/me")
    assert response.status_code == 302 and "/login" in response.location


def test_production_session_cookie_is_secure_httponly_and_lax(monkeypatch, tmp_path):
    monkeypatch.setenv("MATCHHUB_SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("MATCHHUB_BASE_URL", "https://matchhub.example.lg.jp")
    monkeypatch.delenv("MATCHHUB_DEBUG", raising=False)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 8192, "parallelism": 1},
        }
    )
    with app.app_context():
        db.create_all()
        make_user("taro@example.jp", PASSWORD)
        response = login(app.test_client())
        cookies = response.headers.getlist("Set-Cookie")
        session_cookie = next(c for c in cookies if c.startswith("session="))
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie
        assert "SameSite=Lax" in session_cookie
        db.engine.dispose()


def test_guessing_passwords_does_not_lock_out_the_real_users_browser(app, client):
    make_user("taro@example.jp", PASSWORD)
    login(client)  # the real user's browser, trusted from now on
    client.post("/logout")
    attacker = app.test_client()
    for _ in range(8):
        login(attacker, password="guess guess guess")
    held = login(attacker)
    assert "少し時間をおいて" in held.get_data(as_text=True)
    assert login(client).status_code == 302
    assert client.get("/me").status_code == 200


def test_personal_pages_are_not_cached_and_headers_are_set(app, client):
    make_user("taro@example.jp", PASSWORD)
    login(client)
    response = client.get("/me")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["Referrer-Policy"]


def staff(email="coord@example.jp"):
    return make_user(email, PASSWORD, is_coordinator=True)


def test_staff_session_without_second_factor_cannot_reach_coordinator_pages(app, client):
    staff()
    response = login(client, "coord@example.jp")
    assert "/account/2fa" in response.location
    queue = client.get("/coordinator/")
    assert queue.status_code == 302 and "/account/2fa" in queue.location
    decision = client.post("/coordinator/issues/x/decisions", data={})
    assert decision.status_code == 302 and "/account/2fa" in decision.location


def test_second_factor_setup_then_codes_work_once(app, client):
    user = staff()
    login(client, "coord@example.jp")
    page = client.get("/account/2fa/setup").get_data(as_text=True)
    assert "data:image/svg+xml" in page
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    assert db.session.get(User, user.id).totp_secret is None  # not stored before a code
    assert client.post("/account/2fa/setup", data={"code": "000000"}).status_code == 200
    code = pyotp.TOTP(secret).now()
    done = client.post("/account/2fa/setup", data={"code": code})
    codes = [c.split("</code>")[0] for c in done.get_data(as_text=True).split("<code>")[1:]]
    assert len(codes) == 10
    assert client.get("/coordinator/").status_code == 200
    # A new login: the same TOTP code cannot be used twice, a recovery code works once.
    client.post("/logout")
    login(client, "coord@example.jp")
    assert client.post("/account/2fa", data={"code": code}).status_code == 200
    assert client.post("/account/2fa", data={"code": codes[0]}).status_code == 302
    assert client.get("/coordinator/").status_code == 200
    client.post("/logout")
    login(client, "coord@example.jp")
    again = client.post("/account/2fa", data={"code": codes[0]})
    assert "正しくないか" in again.get_data(as_text=True)
