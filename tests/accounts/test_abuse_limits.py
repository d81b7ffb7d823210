"""Guessing and abuse: second-factor codes per account, and quotas per organization
(stricter for organizations the desk has not verified)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import Invitation, Notification, OutboxMail, Proposal, User
from matchhub.models.types import utcnow
from tests.support.desk_world import PDF, build_world, client_for, proposal_form, upload
from tests.support.factories import PASSWORD, member, organization


def _coordinator_with_totp() -> tuple[User, str]:
    from matchhub.security import hash_password

    secret = pyotp.random_base32()
    user = User(
        email="desk@example.jp", display_name="協働 さくら", is_coordinator=True,
        password_hash=hash_password(PASSWORD), totp_secret=secret, totp_enabled_at=utcnow(),
        email_confirmed_at=utcnow(),
    )  # fmt: skip
    db.session.add(user)
    db.session.commit()
    return user, secret


def test_wrong_second_factor_codes_pause_the_account_and_tell_its_holder(app, client):
    user, secret = _coordinator_with_totp()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    for _ in range(3):
        page = client.post("/account/2fa", data={"code": "000000"})
        assert "正しくない" in page.get_data(as_text=True)
    notice = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert notice is not None and "3" in notice.message
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == user.email))
    # Even the right code waits now: a guesser cannot go on at the limiter's pace.
    page = client.post("/account/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert "お待ちください" in page.get_data(as_text=True)
    assert client.get("/coordinator/").status_code == 302


@pytest.mark.parametrize(
    ("count", "seconds_ago", "wait"),
    [(2, 0, 0), (3, 0, 30), (3, 10, 20), (3, 30, 0), (4, 0, 60), (8, 0, 900), (50, 0, 900)],
)
def test_the_pause_grows_with_each_wrong_code_up_to_fifteen_minutes(count, seconds_ago, wait):
    from matchhub.accounts.second_factor_guard import remaining_pause

    now = utcnow()
    latest = now - timedelta(seconds=seconds_ago)
    assert remaining_pause(count, latest, now) == timedelta(seconds=wait)


@pytest.fixture
def desk_app(make_app, tmp_path):
    app = make_app(
        DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"),
        QUOTA_PROPOSALS_PER_DAY=5,
        QUOTA_INVITATIONS_PER_HOUR=5,
        QUOTA_UPLOAD_BYTES_PER_DAY=20_000,
    )
    with app.app_context():
        yield app


def _send(client, org, title: str, files=None):
    data = proposal_form(organization=str(org.id), title=title)
    if files:
        data["files"] = files
    return client.post("/desk/proposals/new", data=data, content_type="multipart/form-data")


def _proposals() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal))


def test_an_organization_sends_its_daily_share_of_proposals_and_no_more(desk_app):
    world = build_world()
    client = client_for(desk_app, world.proposer)
    for n in range(5):
        assert _send(client, world.company, f"提案 {n}").status_code == 302
    page = _send(client, world.company, "六つ目の提案")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "24時間" in html
    assert "六つ目の提案" in html  # the form keeps what was typed
    assert _proposals() == 5


def test_an_unverified_organization_gets_a_fifth_of_the_share(desk_app):
    world = build_world()
    newcomer = organization("new-org", "できたばかりの会", verified=False)
    person = member("new@example.jp", newcomer)
    client = client_for(desk_app, person)
    assert _send(client, newcomer, "はじめての提案").status_code == 302
    assert _send(client, newcomer, "二つ目").status_code == 200
    assert _proposals() == 1
    assert world.company.is_verified


def test_files_beyond_the_days_upload_allowance_are_refused(desk_app):
    world = build_world()
    client = client_for(desk_app, world.proposer)
    big = PDF + b"%" * 15_000
    assert _send(client, world.company, "一つ目", [upload("a.pdf", big)]).status_code == 302
    page = _send(client, world.company, "二つ目", [upload("b.pdf", big)])
    assert page.status_code == 200 and "アップロード" in page.get_data(as_text=True)
    assert _proposals() == 1


@pytest.mark.parametrize(("verified", "allowed"), [(True, 5), (False, 1)])
def test_invitations_per_hour_are_limited(desk_app, verified, allowed):
    org = organization(verified=verified)
    inviter = member("staff@tasukeai.example.jp", org)
    client = client_for(desk_app, inviter)
    answers = [
        client.post(f"/org/{org.key}/invitations", data={"email": f"p{n}@example.jp"})
        for n in range(allowed + 1)
    ]
    assert [a.status_code for a in answers] == [302] * allowed + [200]
    assert "1時間" in answers[-1].get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == allowed
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == allowed
