from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import (
    AuditEvent,
    HelperProfile,
    Impression,
    Issue,
    Match,
    Membership,
    Notification,
    Organization,
    User,
)
from matchhub.models.types import utcnow
from matchhub.security import hash_password

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "correct horse battery"


def add_user(email: str, **roles) -> User:
    user = User(
        email=email,
        display_name=email.split("@")[0],
        password_hash=hash_password(PASSWORD),
        **roles,
    )
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def world(app, runner):
    """The small registry, a coordinator, a member of org-1 and a resident with a login."""
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    coordinator = add_user("coord@example.jp", is_coordinator=True)
    member = add_user("member@example.jp")
    org = db.session.scalar(select(Organization).where(Organization.key == "org-1"))
    db.session.add(Membership(user=member, organization=org, role="owner"))
    hanako = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-1"))
    hanako.user.password_hash = hash_password(PASSWORD)
    db.session.commit()
    return {
        "coordinator": coordinator,
        "member": member,
        "org": org,
        "hanako": hanako,
        "issue": db.session.scalar(select(Issue).where(Issue.key == "i-1")),
    }


def decide(client, issue="i-1", key="h-1", decision="confirm", reason="good_fit", note=""):
    return client.post(
        f"/coordinator/issues/{issue}/decisions",
        data={
            "candidate_kind": "helper",
            "candidate_key": key,
            "decision": decision,
            "reason": reason,
            "note": note,
        },
    )


def test_queue_shows_open_issues_with_candidates_and_reasons(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    page = client.get("/coordinator/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "子ども食堂の調理ボランティア" in html
    assert "山田 花子" in html
    assert "関心テーマ：子ども食堂" in html
    assert "<meter" in html


def test_every_candidate_shown_is_logged_with_its_rank(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    client.get("/coordinator/")
    shown = db.session.scalars(select(Impression).order_by(Impression.rank)).all()
    assert [i.rank for i in shown] == list(range(1, len(shown) + 1))
    assert shown[0].candidate_key == "h-1" and shown[0].viewer_id == world["coordinator"].id


def test_confirming_creates_the_match_audits_and_notifies(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    response = decide(client, note="会ったことがある")
    assert response.status_code == 302
    match = db.session.scalar(select(Match))
    assert match.status == "confirmed" and match.decided_by_id == world["coordinator"].id
    assert "会ったことがある" in match.decision_reason
    assert match.score and match.reasons
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.confirm"))
    assert event.actor_id == world["coordinator"].id and event.details["candidate"] == "h-1"
    told = {n.user_id for n in db.session.scalars(select(Notification))}
    assert {world["hanako"].user_id, world["member"].id} <= told


def test_second_confirmation_is_refused_with_a_clear_message(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    decide(client)
    page = client.get(decide(client).location)
    assert "既に" in page.get_data(as_text=True) or "すでに" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Match)) == 1


def test_rejected_candidate_does_not_return_for_that_issue(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    decide(client, decision="reject", reason="too_far")
    html = client.get("/coordinator/issues/i-1").get_data(as_text=True)
    assert 'value="h-1"' not in html
    assert db.session.scalar(select(Match)).status == "rejected"


def test_interest_counts_as_the_residents_side_and_lifts_the_score(client, auth, world):
    issue, ichiro = (
        world["issue"],
        db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-2")),
    )
    db.session.add(
        Match(
            issue=issue,
            helper=ichiro,
            status="proposed",
            source="interest",
            interested_at=utcnow() - timedelta(days=5),
        )
    )
    db.session.commit()
    auth.login("coord@example.jp", PASSWORD)
    html = client.get("/coordinator/issues/i-1").get_data(as_text=True)
    assert "佐藤 一郎" in html
    assert "参加を希望" in html
    # Waiting five days without an answer from the organization is flagged.
    assert "団体からの返事待ち" in html


def test_coordinator_proposes_someone_by_hand(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    html = client.get("/coordinator/issues/i-1?q=佐藤").get_data(as_text=True)
    assert "佐藤 一郎" in html
    decide(client, key="h-2", decision="propose", reason="known_to_desk")
    match = db.session.scalar(select(Match))
    assert match.status == "confirmed" and match.source == "coordinator"


def test_organization_verification_is_audited_and_refusal_needs_a_reason(client, auth, world):
    org = world["org"]
    org.verified_at = None
    db.session.commit()
    auth.login("coord@example.jp", PASSWORD)
    assert "はすねの森" in client.get("/coordinator/organizations").get_data(as_text=True)
    client.post(
        f"/coordinator/organizations/{org.key}/verification",
        data={"decision": "refuse", "reason": ""},
    )
    assert db.session.get(Organization, org.id).refused_at is None
    client.post(
        f"/coordinator/organizations/{org.key}/verification",
        data={"decision": "refuse", "reason": "活動実態が確認できません"},
    )
    refused = db.session.get(Organization, org.id)
    assert refused.refused_at and refused.refusal_reason == "活動実態が確認できません"
    client.post(f"/coordinator/organizations/{org.key}/verification", data={"decision": "verify"})
    assert db.session.get(Organization, org.id).verified_at is not None
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"organization.refuse", "organization.verify"} <= actions


def test_resident_registered_at_the_desk_takes_over_with_the_printed_code(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    page = client.post(
        "/coordinator/residents/new",
        data={
            "display_name": "高島 トメ",
            "area": "高島平",
            "themes": "子ども食堂、防災",
            "skills": "調理",
            "availability": ["weekday_morning"],
            "languages": "ja",
            "paper_consent": "y",
            "consent_date": "2026-11-20",
        },
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    code = html.split('claim-code__value">', 1)[1].split("<", 1)[0]
    profile = db.session.scalar(
        select(HelperProfile)
        .join(User, HelperProfile.user_id == User.id)
        .where(User.display_name == "高島 トメ")
    )
    assert profile.consent_method == "paper" and profile.area.key == "t/takashimadaira"
    assert profile.user.email is None
    auth.logout()
    taken = client.post(
        "/claim",
        data={
            "code": code.lower().replace("-", " "),
            "email": "tome@example.jp",
            "password": "takashima-2026",
        },
    )
    assert taken.status_code == 302
    assert client.get("/me").status_code == 200
    again = client.post(
        "/claim", data={"code": code, "email": "x@example.jp", "password": "takashima-2026"}
    )
    assert "有効ではありません" in again.get_data(as_text=True)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"resident.register_by_proxy", "resident.claim_account"} <= actions


def test_desk_registration_requires_the_paper_consent(client, auth, world):
    auth.login("coord@example.jp", PASSWORD)
    page = client.post(
        "/coordinator/residents/new",
        data={"display_name": "同意 なし", "consent_date": "2026-11-20"},
    )
    html = page.get_data(as_text=True)
    assert "同意書" in html and 'value="同意 なし"' in html
    assert db.session.scalar(select(User).where(User.display_name == "同意 なし")) is None


def test_match_lifecycle_through_completion_with_hours(client, auth, world):
    issue, hanako = world["issue"], world["hanako"]
    match = Match(issue=issue, helper=hanako, status="accepted", decided_at=utcnow())
    db.session.add(match)
    db.session.commit()
    auth.login("member@example.jp", PASSWORD)
    page = client.get(f"/org/matches/{match.id}").get_data(as_text=True)
    assert "hanako@example.jp" in page
    client.post(f"/org/matches/{match.id}/start")
    client.post(f"/org/matches/{match.id}/complete", data={"hours": "３", "report": "調理を担当"})
    done = db.session.get(Match, match.id)
    assert (done.status, done.hours, done.report) == ("completed", 3.0, "調理を担当")
    assert done.first_response_at is not None


def test_contact_is_hidden_before_the_resident_accepts(client, auth, world):
    match = Match(issue=world["issue"], helper=world["hanako"], status="confirmed")
    db.session.add(match)
    db.session.commit()
    auth.login("member@example.jp", PASSWORD)
    page = client.get(f"/org/matches/{match.id}").get_data(as_text=True)
    assert "hanako@example.jp" not in page and "山田" not in page


def test_another_organization_cannot_see_the_match(client, auth, world):
    match = Match(issue=world["issue"], helper=world["hanako"], status="accepted")
    db.session.add(match)
    db.session.commit()
    add_user("other@example.jp")
    auth.login("other@example.jp", PASSWORD)
    assert client.get(f"/org/matches/{match.id}").status_code == 404
    assert client.post(f"/org/matches/{match.id}/cancel", data={"reason": "x"}).status_code == 404


def test_reminders_go_out_once_per_period(runner, world):
    issue, hanako = world["issue"], world["hanako"]
    old = utcnow() - timedelta(days=10)
    db.session.add(
        Match(issue=issue, helper=hanako, status="confirmed", decided_at=old, status_changed_at=old)
    )
    db.session.commit()
    first = runner.invoke(args=["remind"])
    assert "1 to residents, 1 to organizations" in first.output
    second = runner.invoke(args=["remind"])
    assert "0 to residents, 0 to organizations" in second.output


COORDINATOR_ROUTES = [
    ("get", "/coordinator/"),
    ("get", "/coordinator/issues/i-1"),
    ("post", "/coordinator/issues/i-1/decisions"),
    ("get", "/coordinator/organizations"),
    ("post", "/coordinator/organizations/org-1/verification"),
    ("get", "/coordinator/residents/new"),
    ("post", "/coordinator/residents/new"),
]


@pytest.mark.parametrize(("method", "path"), COORDINATOR_ROUTES)
def test_residents_and_members_get_403_on_coordinator_routes(client, auth, world, method, path):
    for email in ("hanako@example.jp", "member@example.jp"):
        auth.login(email, PASSWORD)
        assert getattr(client, method)(path).status_code == 403
        auth.logout()
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/login" in response.location
