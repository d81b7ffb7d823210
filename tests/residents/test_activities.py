"""Interest, the resident's answer to a confirmed match, contact details, and notices."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import AuditEvent, Match, Notification, OutboxMail
from matchhub.platform.notifications import notify, unread_count
from matchhub.residents import activities
from matchhub.residents.activities import ActivityError, Interest
from tests.support import factories as f


@pytest.fixture
def world(app):
    f.seed_ward()
    org = f.organization()
    staff = f.member("staff@tasukeai.example.jp", org)
    need = f.issue(org)
    hanako = f.resident("hanako@example.jp", area_text="高島平", area_id=f.area("高島平").id)
    return {"org": org, "staff": staff, "issue": need, "hanako": hanako}


def _match(world) -> Match:
    return db.session.scalar(select(Match).where(Match.issue_id == world["issue"].id))


def test_interest_is_recorded_once_with_its_score_and_reasons(client, auth, world):
    auth.login("hanako@example.jp", f.PASSWORD)
    page = client.post("/issues/issue-test/interest", follow_redirects=True)
    assert "参加希望を" in page.get_data(as_text=True)
    match = _match(world)
    assert (match.status, match.source) == ("proposed", "interest")
    assert match.interested_at is not None and match.score > 0
    assert match.components and match.reasons
    again = client.post("/issues/issue-test/interest", follow_redirects=True)
    assert "すでに" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Match)) == 1
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.interest"))


def test_interest_tells_the_organization_in_the_app_and_by_mail(client, auth, world):
    auth.login("hanako@example.jp", f.PASSWORD)
    client.post("/issues/issue-test/interest")
    note = db.session.scalar(select(Notification).where(Notification.user_id == world["staff"].id))
    assert note.kind == "match_interest" and "参加を希望" in note.message
    assert note.link == "/org/org-test/issues/issue-test"
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == world["staff"].email))
    assert "参加を希望" in mail.body and "/org/org-test/issues/issue-test" in mail.body


def test_interest_on_an_existing_proposal_keeps_one_row(app, world):
    profile = world["hanako"].helper_profile
    db.session.add(Match(issue_id=world["issue"].id, helper_id=profile.id, source="ranking"))
    db.session.commit()
    assert activities.express_interest(world["issue"], world["hanako"]) is Interest.RECORDED
    match = _match(world)
    assert match.interested_at is not None and match.source == "ranking"
    assert db.session.scalar(select(func.count()).select_from(Match)) == 1


def test_interest_after_a_rejection_is_not_revived(app, world):
    profile = world["hanako"].helper_profile
    db.session.add(
        Match(issue_id=world["issue"].id, helper_id=profile.id, status="rejected", source="ranking")
    )
    db.session.commit()
    assert activities.express_interest(world["issue"], world["hanako"]) is Interest.UNAVAILABLE
    assert _match(world).status == "rejected"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"consented_at": None}, "プライバシーポリシー"),
        ({"active": False}, "一時停止"),
    ],
)
def test_interest_needs_a_consented_active_profile(client, auth, world, change, message):
    for name, value in change.items():
        setattr(world["hanako"].helper_profile, name, value)
    db.session.commit()
    auth.login("hanako@example.jp", f.PASSWORD)
    page = client.post("/issues/issue-test/interest", follow_redirects=True)
    assert message in page.get_data(as_text=True)
    assert _match(world) is None


def test_closed_and_draft_issues_take_no_interest(client, auth, world):
    auth.login("hanako@example.jp", f.PASSWORD)
    world["issue"].status = "closed"
    db.session.commit()
    page = client.post("/issues/issue-test/interest", follow_redirects=True)
    assert "受け付けていません" in page.get_data(as_text=True)
    world["issue"].status = "draft"
    db.session.commit()
    assert client.post("/issues/issue-test/interest").status_code == 404
    assert _match(world) is None


def test_interest_needs_a_login(client, world):
    response = client.post("/issues/issue-test/interest")
    assert response.status_code == 302 and "/login" in response.location


def test_contact_details_hidden_until_resident_accepts(client, auth, world):
    auth.login("hanako@example.jp", f.PASSWORD)
    client.post("/issues/issue-test/interest")
    auth.login("staff@tasukeai.example.jp", f.PASSWORD)
    board = client.get("/org/org-test/issues/issue-test").get_data(as_text=True)
    assert "区民A" in board and "高島平" in board
    assert "hanako@example.jp" not in board and "区民 花子" not in board

    f.confirm(_match(world))
    board = client.get("/org/org-test/issues/issue-test").get_data(as_text=True)
    assert "hanako@example.jp" not in board

    auth.login("hanako@example.jp", f.PASSWORD)
    mine = client.get("/me/activities").get_data(as_text=True)
    assert "info@tasukeai.example.jp" not in mine
    match = _match(world)
    page = client.post(f"/me/activities/{match.id}/accept", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert match.status == "accepted"
    assert "info@tasukeai.example.jp" in html

    auth.login("staff@tasukeai.example.jp", f.PASSWORD)
    board = client.get("/org/org-test/issues/issue-test").get_data(as_text=True)
    assert "hanako@example.jp" in board and "区民 花子" in board


def test_accepting_tells_the_organization_and_is_audited(app, world):
    activities.express_interest(world["issue"], world["hanako"])
    match = f.confirm(_match(world))
    activities.accept_match(match, world["hanako"])
    assert match.status == "accepted"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.accept"))
    assert event.actor_id == world["hanako"].id and event.details["before"] == "confirmed"
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == world["staff"].id)
    ).all()
    assert "match_accepted" in kinds


def test_declining_records_the_reason(client, auth, world):
    activities.express_interest(world["issue"], world["hanako"])
    match = f.confirm(_match(world))
    auth.login("hanako@example.jp", f.PASSWORD)
    form = client.get(f"/me/activities/{match.id}/decline").get_data(as_text=True)
    assert 'name="reason"' in form
    client.post(
        f"/me/activities/{match.id}/decline", data={"reason": "schedule", "details": "入院します"}
    )
    assert match.status == "declined"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.decline"))
    assert "入院します" in event.details["reason"]
    assert "info@tasukeai.example.jp" not in client.get("/me/activities").get_data(as_text=True)


def test_only_a_confirmed_match_can_be_answered(app, world):
    activities.express_interest(world["issue"], world["hanako"])
    with pytest.raises(ActivityError):
        activities.accept_match(_match(world), world["hanako"])
    with pytest.raises(ActivityError):
        activities.decline_match(_match(world), world["hanako"], "")


def test_another_resident_cannot_answer_someone_elses_match(client, auth, world):
    activities.express_interest(world["issue"], world["hanako"])
    match = f.confirm(_match(world))
    f.resident("taro@example.jp", name="区民 太郎")
    auth.login("taro@example.jp", f.PASSWORD)
    assert client.post(f"/me/activities/{match.id}/accept").status_code == 404
    assert client.get(f"/me/activities/{match.id}/decline").status_code == 404
    assert "子ども食堂の名簿" not in client.get("/me/activities").get_data(as_text=True)
    assert match.status == "confirmed"


def test_activities_list_shows_interest_but_not_the_desks_private_proposals(client, auth, world):
    other = f.issue(world["org"], key="issue-other", title="公園の花壇づくり")
    db.session.add(Match(issue_id=other.id, helper_id=world["hanako"].helper_profile.id))
    db.session.commit()
    activities.express_interest(world["issue"], world["hanako"])
    auth.login("hanako@example.jp", f.PASSWORD)
    html = client.get("/me/activities").get_data(as_text=True)
    assert "子ども食堂の名簿" in html and "公園の花壇づくり" not in html


def test_notices_show_an_unread_count_and_are_marked_read(client, auth, world):
    notify(world["hanako"], "test", "お知らせのテストです", "/me/activities")
    db.session.commit()
    auth.login("hanako@example.jp", f.PASSWORD)
    header = client.get("/issues").get_data(as_text=True)
    assert "未読 1件" in header
    note = db.session.scalar(select(Notification))
    opened = client.post(f"/me/notifications/{note.id}")
    assert opened.status_code == 302 and opened.location.endswith("/me/activities")
    assert unread_count(world["hanako"]) == 0
    notify(world["hanako"], "test", "二つ目", None)
    db.session.commit()
    client.post("/me/notifications/read")
    assert unread_count(world["hanako"]) == 0


def test_nobody_opens_someone_elses_notice(client, auth, world):
    note = notify(world["hanako"], "test", "花子さんへ", "/me")
    db.session.commit()
    auth.login("staff@tasukeai.example.jp", f.PASSWORD)
    assert client.post(f"/me/notifications/{note.id}").status_code == 404
    assert "花子さんへ" not in client.get("/me/notifications").get_data(as_text=True)


def test_notices_are_written_in_the_recipients_language(app, world):
    from flask_babel import lazy_gettext as _l

    world["staff"].locale = "en"
    notify(world["staff"], "test", _l("This issue is already open."), None)
    notify(world["hanako"], "test", _l("This issue is already open."), None)
    db.session.commit()
    by_user = dict(db.session.execute(select(Notification.user_id, Notification.message)).all())
    assert by_user[world["staff"].id] == "This issue is already open."
    assert "すでに公開" in by_user[world["hanako"].id]


def test_a_user_without_email_gets_the_notice_but_no_mail(app, world):
    world["hanako"].email = None
    notify(world["hanako"], "test", "メールなし", None)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
