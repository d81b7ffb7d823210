"""Staff and roles: the users CLI, the one-time setup link and the admin's user pages."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import AuditEvent, User
from tests.support.accounts import AuthActions, make_user, pass_second_factor

PASSWORD = "correct horse battery"
NEW_PASSWORD = "kumo no ue no shiro"


def user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def setup_path(output: str) -> str:
    link = re.search(r"http://localhost(/welcome/[\w.-]+)", output)
    assert link, output
    return link.group(1)


def make_admin(email="admin@ward.example.jp"):
    admin = make_user(email, PASSWORD, display_name="管理 けんじ", is_admin=True)
    return admin


def test_first_admin_of_an_empty_database_is_created_by_the_cli_and_sets_up_two_factors(
    app, runner
):
    result = runner.invoke(
        args=["users", "create", "Boss@Ward.example.jp", "--name", "区 管理者", "--role", "admin"]
    )
    assert result.exit_code == 0, result.output
    path = setup_path(result.output)
    boss = user("boss@ward.example.jp")
    assert boss.is_admin and not boss.is_coordinator and boss.password_hash is None
    assert events("staff.create")[0].details["via"] == "cli"

    browser = app.test_client()
    assert "区 管理者" in browser.get(path).get_data(as_text=True)
    response = browser.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and "/account/2fa/setup" in response.location
    assert user("boss@ward.example.jp").email_confirmed_at is not None  # mail reaches staff
    # Staff pages wait for the second factor, which is set up next.
    assert "/account/2fa" in browser.get("/admin/users").location
    page = browser.get(response.location).get_data(as_text=True)
    secret = re.search(r"<code[^>]*>([A-Z2-7]{16,})</code>", page)
    assert secret, page
    done = browser.post(
        "/account/2fa/setup", data={"code": pyotp.TOTP(secret.group(1)).now(), "next": ""}
    )
    assert done.status_code == 200
    assert browser.get("/admin/users").status_code == 200

    # The link is spent: a second visit (someone who saw it later) gets nowhere.
    again = app.test_client().post(path, data={"password": "x" * 12, "confirm": "x" * 12})
    assert again.status_code == 302 and "/login" in again.location
    assert user("boss@ward.example.jp").totp_enabled_at is not None


def test_setup_link_expires_after_a_day(app, runner, monkeypatch):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "c@ward.example.jp",
            "--name",
            "協働 さん",
            "--role",
            "coordinator",
        ]
    )
    path = setup_path(result.output)
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 24 * 3600 + 60)
    response = app.test_client().get(path)
    assert response.status_code == 302 and "/login" in response.location


def test_users_cli_refuses_bad_input_with_a_message_and_an_error_code(app, runner):
    make_admin()
    cases = [
        (
            ["users", "create", "admin@ward.example.jp", "--name", "x", "--role", "admin"],
            "already exists",
        ),
        (
            ["users", "create", "new@ward.example.jp", "--name", "x", "--role", "mayor"],
            "'mayor' is not one of",
        ),
        (["users", "create", "not-an-address", "--name", "x", "--role", "admin"], "valid email"),
        (
            ["users", "grant", "nobody@ward.example.jp", "coordinator", "--reason", "r"],
            "No account has the email address nobody@ward.example.jp",
        ),
        (
            ["users", "grant", "admin@ward.example.jp", "desk", "--reason", "r"],
            "'desk' is not one of",
        ),
        (["users", "deactivate", "admin@ward.example.jp"], "Missing option '--reason'"),
        (
            ["users", "revoke", "admin@ward.example.jp", "admin", "--reason", "leaving"],
            "last administrator",
        ),
        (
            ["users", "deactivate", "admin@ward.example.jp", "--reason", "leaving"],
            "last administrator",
        ),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert user("admin@ward.example.jp").is_admin
    assert events("staff.revoke") == [] and events("staff.deactivate") == []


def test_grant_and_revoke_from_the_cli_are_audited_with_their_reason(app, runner):
    make_user("sato@ward.example.jp", PASSWORD)
    result = runner.invoke(
        args=["users", "grant", "sato@ward.example.jp", "coordinator", "--reason", "desk staff"]
    )
    assert result.exit_code == 0 and user("sato@ward.example.jp").is_coordinator
    result = runner.invoke(
        args=["users", "revoke", "sato@ward.example.jp", "coordinator", "--reason", "moved"]
    )
    assert result.exit_code == 0 and not user("sato@ward.example.jp").is_coordinator
    assert [e.details["reason"] for e in events("staff.grant") + events("staff.revoke")] == [
        "desk staff",
        "moved",
    ]
    assert events("staff.grant")[0].details["role"] == "coordinator"


def test_a_deactivated_user_is_logged_out_and_cannot_log_in_again(app, runner):
    make_user("gone@ward.example.jp", PASSWORD, is_coordinator=True)
    browser = app.test_client()
    AuthActions(browser).login("gone@ward.example.jp", PASSWORD)
    assert browser.get("/coordinator/").status_code == 200
    result = runner.invoke(
        args=["users", "deactivate", "gone@ward.example.jp", "--reason", "left the ward"]
    )
    assert result.exit_code == 0, result.output
    assert "/login" in browser.get("/coordinator/").location
    page = app.test_client().post(
        "/login", data={"email": "gone@ward.example.jp", "password": PASSWORD}
    )
    assert page.status_code == 200
    assert "このアカウントは停止されています" in page.get_data(as_text=True)
    assert events("staff.deactivate")[0].details["reason"] == "left the ward"
    # Their helper profile is paused, so the ranking no longer proposes them.
    assert user("gone@ward.example.jp").helper_profile.active is False


def test_reset_2fa_makes_the_person_set_up_a_new_second_factor(app, runner):
    make_user("c@ward.example.jp", PASSWORD, is_coordinator=True)
    browser = app.test_client()
    AuthActions(browser).login("c@ward.example.jp", PASSWORD)
    old_secret = user("c@ward.example.jp").totp_secret
    result = runner.invoke(args=["users", "reset-2fa", "c@ward.example.jp", "--reason", "lost"])
    assert result.exit_code == 0, result.output
    assert "/login" in browser.get("/coordinator/").location
    response = browser.post("/login", data={"email": "c@ward.example.jp", "password": PASSWORD})
    second = browser.get(response.location)
    assert "/account/2fa/setup" in second.location
    assert user("c@ward.example.jp").totp_secret is None and old_secret
    assert events("staff.reset_2fa")[0].details["reason"] == "lost"


def admin_client(app):
    make_admin()
    browser = app.test_client()
    AuthActions(browser).login("admin@ward.example.jp", PASSWORD)
    return browser


def test_admin_finds_users_by_name_or_email_with_roles_and_second_factor(app):
    browser = admin_client(app)
    make_user("hanako@example.jp", PASSWORD, display_name="板橋 はなこ")
    make_user("desk@ward.example.jp", PASSWORD, display_name="協働 さくら", is_coordinator=True)
    page = browser.get("/admin/users?q=はなこ").get_data(as_text=True)
    assert "板橋 はなこ" in page and "協働 さくら" not in page
    page = browser.get("/admin/users?q=DESK@ward").get_data(as_text=True)
    assert "協働 さくら" in page and "板橋 はなこ" not in page
    page = browser.get("/admin/users?staff=1").get_data(as_text=True)
    assert "協働 さくら" in page and "管理 けんじ" in page and "板橋 はなこ" not in page


def test_admin_changes_a_role_only_with_a_reason_and_it_is_audited(app):
    browser = admin_client(app)
    sato = make_user("sato@ward.example.jp", PASSWORD, display_name="佐藤")
    url = f"/admin/users/{sato.id}/roles"
    refused = browser.post(url, data={"role-role": "coordinator", "role-change": "grant"})
    assert refused.status_code == 400 and not user("sato@ward.example.jp").is_coordinator
    done = browser.post(
        url,
        data={"role-role": "coordinator", "role-change": "grant", "role-reason": "新しい担当"},
    )
    assert done.status_code == 302 and user("sato@ward.example.jp").is_coordinator
    event = events("staff.grant")[0]
    assert event.details["reason"] == "新しい担当"
    assert event.actor_id == user("admin@ward.example.jp").id


def test_admin_cannot_deactivate_themselves(app):
    browser = admin_client(app)
    make_admin("second@ward.example.jp")
    me = user("admin@ward.example.jp")
    page = browser.post(f"/admin/users/{me.id}/deactivate", data={"deactivate-reason": "test"})
    assert page.status_code == 400 and user("admin@ward.example.jp").deactivated_at is None


def test_admin_deactivates_and_resets_second_factor_from_the_user_page(app):
    browser = admin_client(app)
    target = make_user("c@ward.example.jp", PASSWORD, is_coordinator=True)
    theirs = app.test_client()
    AuthActions(theirs).login("c@ward.example.jp", PASSWORD)
    response = browser.post(
        f"/admin/users/{target.id}/second-factor/reset", data={"reset-reason": "機種変更"}
    )
    assert response.status_code == 302 and user("c@ward.example.jp").totp_secret is None
    pass_second_factor(theirs, "c@ward.example.jp")
    response = browser.post(
        f"/admin/users/{target.id}/deactivate", data={"deactivate-reason": "退職"}
    )
    assert response.status_code == 302
    assert user("c@ward.example.jp").deactivated_at is not None
    page = browser.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "退職" not in page  # reasons live in the audit log, not on the account
    assert [e.details["reason"] for e in events("staff.reset_2fa")] == ["機種変更"]
    assert [e.details["reason"] for e in events("staff.deactivate")] == ["退職"]


def test_admin_creates_staff_on_the_web_and_sees_the_setup_link_once(app):
    browser = admin_client(app)
    response = browser.post(
        "/admin/users/new",
        data={
            "email": "new@ward.example.jp",
            "name": "新人 さん",
            "role": "coordinator",
            "reason": "4月から配属",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "http://localhost/welcome/" in page
    assert user("new@ward.example.jp").is_coordinator
    again = browser.post(
        "/admin/users/new",
        data={"email": "new@ward.example.jp", "name": "別人", "role": "admin", "reason": "x"},
    )
    assert again.status_code == 200
    assert "new@ward.example.jp" in again.get_data(as_text=True)
    assert 'value="別人"' in again.get_data(as_text=True)  # what was typed is kept


def test_a_deactivated_users_api_tokens_stop_working(app, runner):
    from matchhub.accounts.tokens import create_token

    owner = make_user("api@ward.example.jp", PASSWORD)
    token = create_token(owner, "script", ["read_public"], 30)
    headers = {"Authorization": f"Bearer {token.secret}"}
    client = app.test_client()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    runner.invoke(args=["users", "deactivate", "api@ward.example.jp", "--reason", "left"])
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_new_setup_link_replaces_the_lost_one(app, runner):
    browser = admin_client(app)
    result = runner.invoke(
        args=[
            "users",
            "create",
            "late@ward.example.jp",
            "--name",
            "遅い さん",
            "--role",
            "coordinator",
        ]
    )
    first = setup_path(result.output)
    late = user("late@ward.example.jp")
    page = browser.post(f"/admin/users/{late.id}/setup-link").get_data(as_text=True)
    second = setup_path(page)
    assert second != first
    assert "/login" in app.test_client().get(first).location
    assert app.test_client().get(second).status_code == 200
    assert events("staff.setup_link")[0].actor_id == user("admin@ward.example.jp").id
    refused = runner.invoke(args=["users", "setup-link", "admin@ward.example.jp"])
    assert refused.exit_code == 1 and "already chosen a password" in refused.output


def test_users_cli_on_a_database_not_yet_migrated_says_what_to_do(tmp_path):
    from matchhub import create_app
    from tests.support.app import app_config

    fresh = create_app(app_config(f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    result = fresh.test_cli_runner().invoke(
        args=["users", "create", "first@ward.example.jp", "--name", "最初", "--role", "admin"]
    )
    assert result.exit_code == 1
    assert "flask --app matchhub db upgrade" in result.output
    assert "Traceback" not in result.output
    with fresh.app_context():
        db.engine.dispose()
