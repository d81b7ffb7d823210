"""Organizations: registration, verification gate, members and invitations, their issues."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import AuditEvent, Issue, Membership, Notification, Organization, OutboxMail
from matchhub.models.types import utcnow
from tests.support import factories as f


@pytest.fixture
def ward(app):
    f.seed_ward()


def _org_form(**changes) -> dict:
    data = {
        "name": "NPO法人 高島平こども応援団",
        "kind": "npo",
        "area": "板橋区高島平2丁目",
        "themes": ["kodomo_shokudo"],
        "other_themes": "",
        "offers": "会議室（10名程度）\n調理室",
        "description": "高島平で子ども食堂を運営しています。",
        "email": "info@kodomo.example.jp",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _issue_form(**changes) -> dict:
    data = {
        "title": "子ども食堂の調理スタッフ",
        "kind": "volunteer",
        "description": "土曜の朝、一緒にカレーを作りましょう。",
        "themes": ["kodomo_shokudo"],
        "skills": "調理",
        "area": "高島平",
        "availability": ["weekend_morning"],
        "people_needed": "3",
        "starts_on": "2027-04-03",
        "ends_on": "2027-04-03",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_registering_makes_the_user_owner_and_asks_the_desk(client, auth, ward):
    user = f.resident("hanako@example.jp")
    coordinator = f.resident("desk@example.jp", name="協働 さくら")
    coordinator.is_coordinator = True
    db.session.commit()
    auth.login("hanako@example.jp", f.PASSWORD)
    response = client.post("/organizations/new", data=_org_form())
    org = db.session.scalar(select(Organization))
    assert response.status_code == 302 and response.location.endswith(f"/org/{org.key}")
    assert org.area_id == f.area("高島平").id and org.offers == ["会議室（10名程度）", "調理室"]
    assert not org.is_verified
    membership = db.session.scalar(select(Membership))
    assert (membership.user_id, membership.role) == (user.id, "owner")
    note = db.session.scalar(select(Notification).where(Notification.user_id == coordinator.id))
    assert note.kind == "organization_registered" and org.name in note.message
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organization.register"))
    page = client.get(f"/org/{org.key}").get_data(as_text=True)
    assert "確認を待っています" in page


def test_organization_form_keeps_what_was_typed(client, auth, ward):
    f.resident("hanako@example.jp")
    auth.login("hanako@example.jp", f.PASSWORD)
    html = client.post(
        "/organizations/new", data=_org_form(name="", email="not-an-email")
    ).get_data(as_text=True)
    assert "入力してください" in html and "name@example.jp" in html
    assert "高島平で子ども食堂を運営しています。" in html
    assert 'value="板橋区高島平2丁目"' in html
    assert db.session.scalar(select(Organization)) is None


def test_issues_of_an_unverified_organization_stay_drafts(client, auth, ward):
    org = f.organization(verified=False)
    f.member("staff@example.jp", org)
    auth.login("staff@example.jp", f.PASSWORD)
    response = client.post(f"/org/{org.key}/issues/new", data=_issue_form())
    issue = db.session.scalar(select(Issue))
    assert response.location.endswith(f"/org/{org.key}/issues/{issue.key}")
    assert issue.status == "draft" and issue.area_id == f.area("高島平").id
    assert issue.starts_on == issue.ends_on
    page = client.post(
        f"/org/{org.key}/issues/{issue.key}/status", data={"action": "open"}, follow_redirects=True
    )
    assert "下書きのまま" in page.get_data(as_text=True)
    assert issue.status == "draft"
    assert client.get(f"/issues/{issue.key}").status_code == 200  # members see their drafts
    auth.logout()
    f.forget_request_state()
    assert client.get(f"/issues/{issue.key}").status_code == 404
    assert issue.title not in client.get("/issues").get_data(as_text=True)


def test_a_verified_organization_publishes_closes_and_reopens(client, auth, ward):
    org = f.organization()
    f.member("staff@example.jp", org)
    issue = f.issue(org, status="draft")
    auth.login("staff@example.jp", f.PASSWORD)
    for action, status in (("open", "open"), ("close", "closed"), ("open", "open")):
        client.post(f"/org/{org.key}/issues/{issue.key}/status", data={"action": action})
        assert issue.status == status
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["issue.publish", "issue.close", "issue.reopen"]
    assert (
        client.post(
            f"/org/{org.key}/issues/{issue.key}/status", data={"action": "delete"}
        ).status_code
        == 400
    )


def test_editing_an_issue_keeps_the_taxonomy_widgets_filled(client, auth, ward):
    org = f.organization()
    f.member("staff@example.jp", org)
    issue = f.issue(org)
    auth.login("staff@example.jp", f.PASSWORD)
    html = client.get(f"/org/{org.key}/issues/{issue.key}/edit").get_data(as_text=True)
    assert 'value="kodomo_shokudo" checked' in html
    assert 'value="weekend_morning" checked' in html
    client.post(
        f"/org/{org.key}/issues/{issue.key}/edit",
        data=_issue_form(title="名簿の整理（エクセル）", skills="ｴｸｾﾙ", area="", online="y"),
    )
    assert issue.title == "名簿の整理（エクセル）" and issue.skill_keys == ["excel"]
    assert issue.online and issue.area_id is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"people_needed": "0"}, "1から999までの数"),
        ({"people_needed": "たくさん"}, "整数で入力"),
        ({"starts_on": "2027-13-45"}, "2027-04-01 のような形"),
        ({"ends_on": "2027-03-01"}, "終了日は開始日より後"),
        ({"area": "", "online": None}, "場所を入力するか"),
        ({"title": ""}, "入力してください"),
        ({"kind": "lottery"}, None),
    ],
)
def test_issue_form_refuses_wrong_values_and_keeps_the_rest(client, auth, ward, changes, message):
    org = f.organization()
    f.member("staff@example.jp", org)
    auth.login("staff@example.jp", f.PASSWORD)
    response = client.post(f"/org/{org.key}/issues/new", data=_issue_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'role="alert"' in html
    if message:
        assert message in html
    assert "一緒にカレーを作りましょう" in html
    assert 'value="weekend_morning" checked' in html
    assert db.session.scalar(select(Issue)) is None


def test_another_organizations_member_gets_404_everywhere(client, auth, ward):
    org = f.organization()
    f.member("staff@example.jp", org)
    issue = f.issue(org)
    other = f.organization(key="org-other", name="株式会社 よそ")
    f.member("outsider@example.jp", other)
    auth.login("outsider@example.jp", f.PASSWORD)
    base = f"/org/{org.key}"
    for path in (
        base,
        f"{base}/edit",
        f"{base}/issues/new",
        f"{base}/issues/{issue.key}",
        f"{base}/issues/{issue.key}/edit",
    ):
        assert client.get(path).status_code == 404, path
    # Their own organization's address with our issue in it is no way in either.
    assert client.get(f"/org/org-other/issues/{issue.key}").status_code == 404
    title = issue.title
    response = client.post(f"{base}/issues/{issue.key}/edit", data=_issue_form(title="乗っ取り"))
    assert response.status_code == 404 and issue.title == title
    assert (
        client.post(f"{base}/issues/{issue.key}/status", data={"action": "close"}).status_code
        == 404
    )
    assert client.post(f"{base}/invitations", data={"email": "x@example.jp"}).status_code == 404
    assert issue.status == "open"


@pytest.mark.parametrize("path", ["/org", "/organizations/new", "/org/org-test"])
def test_organization_pages_need_a_login(client, ward, path):
    f.organization()
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.location


def _invitation_link(email: str) -> str:
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == email))
    return re.search(r"http://\S+/invitations/\S+", mail.body).group(0).split("localhost", 1)[-1]


def test_members_invite_colleagues_by_email(client, auth, ward):
    org = f.organization()
    f.member("staff@example.jp", org)
    auth.login("staff@example.jp", f.PASSWORD)
    client.post(f"/org/{org.key}/invitations", data={"email": "Colleague@Example.jp"})
    link = _invitation_link("colleague@example.jp")
    colleague = f.resident("colleague@example.jp", name="同僚 次郎")
    auth.login("colleague@example.jp", f.PASSWORD)
    assert "団体に参加する" in client.get(link).get_data(as_text=True)
    response = client.post(link)
    assert response.location.endswith(f"/org/{org.key}")
    assert db.session.scalar(
        select(Membership).where(
            Membership.user_id == colleague.id, Membership.organization_id == org.id
        )
    )
    assert client.get(link).status_code == 404  # used once


def test_an_invitation_only_works_for_the_address_it_was_sent_to(client, auth, ward):
    org = f.organization()
    f.member("staff@example.jp", org)
    auth.login("staff@example.jp", f.PASSWORD)
    client.post(f"/org/{org.key}/invitations", data={"email": "colleague@example.jp"})
    html = client.post(f"/org/{org.key}/invitations", data={"email": "staff@example.jp"}).get_data(
        as_text=True
    )
    assert "すでにメンバー" in html
    link = _invitation_link("colleague@example.jp")
    stranger = f.resident("stranger@example.jp")
    auth.login("stranger@example.jp", f.PASSWORD)
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "colleague@example.jp" in page
    assert not db.session.scalar(select(Membership).where(Membership.user_id == stranger.id))


def test_an_old_invitation_has_expired(client, ward):
    from matchhub.models import Invitation
    from matchhub.organizations.organizations import _hash

    org = f.organization()
    db.session.add(
        Invitation(
            organization=org,
            email="late@example.jp",
            token_hash=_hash("old-token"),
            created_at=utcnow().replace(year=utcnow().year - 1),
        )
    )
    db.session.commit()
    assert client.get("/invitations/old-token").status_code == 404


def test_the_organization_page_lists_issues_and_members(client, auth, ward):
    org = f.organization()
    f.member("staff@example.jp", org, name="団体 太郎")
    f.issue(org, title="公開中の募集")
    f.issue(org, key="issue-draft", title="書きかけの募集", status="draft")
    auth.login("staff@example.jp", f.PASSWORD)
    assert client.get("/org").location.endswith(f"/org/{org.key}")  # only one: straight to it
    html = client.get(f"/org/{org.key}").get_data(as_text=True)
    assert "公開中の募集" in html and "書きかけの募集" in html and "団体 太郎" in html
    assert "下書き" in html and "公開中" in html


def test_a_user_with_two_organizations_chooses_one(client, auth, ward):
    first = f.organization()
    second = f.organization(key="org-second", name="町会 二丁目")
    user = f.member("staff@example.jp", first)
    db.session.add(Membership(user=user, organization=second))
    db.session.commit()
    auth.login("staff@example.jp", f.PASSWORD)
    html = client.get("/org").get_data(as_text=True)
    assert "NPO法人 たすけあい" in html and "町会 二丁目" in html
