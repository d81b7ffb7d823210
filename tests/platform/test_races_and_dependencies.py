"""No 500 from a race or a dead dependency: the same email registered twice at once, two
staff answering one proposal at once, the mail server down during a reset or an invitation."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from matchhub.desk import proposals
from matchhub.desk.proposals import ProposalInput
from matchhub.extensions import db
from matchhub.models import Invitation, OutboxMail, Proposal, ProposalMessage, User
from matchhub.security import hash_password
from tests.support.accounts import AuthActions, make_user
from tests.support.desk_world import build_world
from tests.support.factories import PASSWORD, member, organization


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _just_before_writing(action) -> None:
    """Run `action` once, as another request would, between our checks and our first write."""
    event.listen(Session, "before_flush", lambda *args: action(), once=True)


def test_the_same_email_registered_at_once_answers_as_a_taken_address(app, client, other_process):
    def the_other_request():
        with other_process.app_context():
            db.session.add(
                User(email="taro@example.jp", display_name="先", password_hash=hash_password("x"))
            )
            db.session.commit()

    _just_before_writing(the_other_request)
    page = client.post(
        "/register",
        data={"display_name": "山田 太郎", "email": "taro@example.jp",
              "password": "takashima-2026-spring", "area": "高島平"},
    )  # fmt: skip
    # The answer any taken address gets (tests/test_signup.py): no 500, nothing revealed.
    assert page.status_code == 302 and page.location == "/register/sent"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    to_holder = select(OutboxMail).where(OutboxMail.recipient == "taro@example.jp")
    (mail,) = db.session.scalars(to_holder)
    assert "新しいアカウントを作ろうとしました" in mail.body


@pytest.fixture
def desk_app(make_app, tmp_path):
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


def test_two_staff_answering_one_proposal_at_once_both_keep_their_message(desk_app, database_url):
    from matchhub import create_app
    from tests.support.app import app_config

    world = build_world()
    data = ProposalInput(title="防災倉庫", summary="要", idea="案", effect="効", roles="役",
                         schedule="予", cost="無")  # fmt: skip
    proposal = proposals.submit(world.proposer, world.company, None, data, [])
    proposal_id = proposal.id
    stale = db.session.get(Proposal, proposal_id)
    assert stale.first_response_at is None  # what the second coordinator's page was built on
    other = create_app(app_config(database_url))

    def the_first_coordinator_answers():
        with other.app_context():
            fresh = db.session.get(Proposal, proposal_id)
            admin = db.session.get(User, world.admin.id)
            proposals.post_message(fresh, admin, "最初の回答です")
            db.session.remove()

    the_first_coordinator_answers()  # while the second one's page still shows it unanswered
    proposals.post_message(stale, world.coordinator, "二人目の回答です")
    bodies = set(db.session.scalars(select(ProposalMessage.body)))
    assert bodies == {"最初の回答です", "二人目の回答です"}
    assert db.session.get(Proposal, proposal_id).status == "in_dialogue"
    with other.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("email", ["taro@example.jp", "nobody@example.jp"])
def test_a_reset_with_the_mail_server_down_reads_the_same_for_every_address(make_app, email):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    with app.app_context():
        make_user("taro@example.jp")
        client = app.test_client()
        answer = client.post("/reset", data={"email": email})
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
        page = client.get("/login").get_data(as_text=True)
        assert "このメールアドレスが登録されている場合は" in page
        unsent = db.session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None)))
        assert [m.recipient for m in unsent] == (["taro@example.jp"] if "taro" in email else [])


def test_an_invitation_with_the_mail_server_down_is_kept_and_said_so(make_app):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    with app.app_context():
        org = organization()
        member("staff@tasukeai.example.jp", org)
        client = app.test_client()
        AuthActions(client).login("staff@tasukeai.example.jp", PASSWORD)
        answer = client.post(f"/org/{org.key}/invitations", data={"email": "new@example.jp"})
        assert answer.status_code == 302
        page = client.get(answer.headers["Location"]).get_data(as_text=True)
        assert "new@example.jp に招待を送りました" in page  # queued; the request did not wait
        assert db.session.scalar(select(Invitation)).email == "new@example.jp"
        mail = db.session.scalar(select(OutboxMail))
        assert mail.recipient == "new@example.jp" and mail.sent_at is None


def test_a_login_for_an_unknown_address_checks_a_password_all_the_same(app, client):
    """The same Argon2 work for unknown addresses: the answer's timing reveals nothing
    (measured figures in docs/security-scan.md)."""
    from matchhub.security import _dummy_hash

    _dummy_hash.cache_clear()
    client.post("/login", data={"email": "nobody@example.jp", "password": "guess-guess"})
    client.post("/login", data={"email": "nobody2@example.jp", "password": "guess-guess"})
    info = _dummy_hash.cache_info()
    assert info.misses == 1 and info.hits == 1
