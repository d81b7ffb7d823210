"""Only the desk makes an organization a ward department, and only a verified one acts as
one; an organization's identity is its owner's to change, and the desk checks it again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matchhub.desk import proposal_review, proposals
from matchhub.desk.proposals import ProposalError, ProposalInput
from matchhub.extensions import db
from matchhub.models import AuditEvent, DeskIssue, Membership, Organization, ProposalShare
from tests.support.desk_world import build_world, client_for
from tests.support.factories import member

FAKE_NAME = "板橋区 防災危機管理課（本物）"


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


@pytest.fixture
def world(app):
    return build_world()


def _org_form(**overrides) -> dict:
    data = {
        "name": FAKE_NAME,
        "kind": "municipal_department",
        "area": "",
        "description": "区の公式な部署です。",
        "email": "",
    }
    data.update(overrides)
    return data


def _fake_department(world) -> Organization:
    """What an attacker could register before: a department the desk never verified."""
    org = Organization(key="fake", name=FAKE_NAME, kind="municipal_department")
    db.session.add(org)
    db.session.add(Membership(user=world.resident, organization=org, role="owner"))
    db.session.commit()
    return org


def _proposal(world):
    data = ProposalInput(
        title="防災倉庫",
        summary="要約",
        idea="秘密のアイデア",
        effect="効果",
        roles="役割",
        schedule="予定",
        cost="なし",
    )
    return proposals.submit(world.proposer, world.company, None, data, [])


@pytest.mark.parametrize("kind", ["municipal_department", "social_welfare_council"])
def test_sign_up_cannot_choose_a_kind_only_the_desk_grants(app, world, kind):
    client = client_for(app, world.resident)
    page = client.post("/organizations/new", data=_org_form(kind=kind))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "協働デスクだけ" in html
    assert FAKE_NAME in html  # what was typed is kept
    assert db.session.scalar(select(Organization).where(Organization.name == FAKE_NAME)) is None


def test_the_sign_up_form_does_not_offer_the_department_kind(app, world):
    html = client_for(app, world.resident).get("/organizations/new").get_data(as_text=True)
    assert 'value="municipal_department"' not in html
    assert 'value="social_welfare_council"' not in html


def test_the_owner_cannot_turn_an_organization_into_a_department(app, world):
    owner = client_for(app, world.proposer)
    db.session.execute(
        Membership.__table__.update()
        .where(Membership.user_id == world.proposer.id)
        .values(role="owner")
    )
    db.session.commit()
    page = owner.post(f"/org/{world.company.key}/edit", data=_org_form(name=world.company.name))
    assert page.status_code == 200 and "協働デスクだけ" in page.get_data(as_text=True)
    assert db.session.get(Organization, world.company.id).kind == "company"


def test_an_unverified_department_publishes_nothing_and_sees_nothing(app, world):
    fake = _fake_department(world)
    client = client_for(app, world.resident)
    assert client.get("/desk/issues/new").status_code == 403
    client.post(
        "/desk/issues/new",
        data={
            "department": str(fake.id),
            "title": "偽の課題",
            "background": "背景",
            "expectations": "期待",
            "status": "open",
        },
    )
    assert db.session.scalar(select(DeskIssue)) is None
    proposal = _proposal(world)
    with pytest.raises(ProposalError):
        proposal_review.share(proposal, world.coordinator, fake)
    desk = client_for(app, world.coordinator).get(f"/desk/proposals/{proposal.key}")
    assert FAKE_NAME not in desk.get_data(as_text=True)  # not offered as a share target
    agreement_form = client_for(app, world.coordinator).get("/desk/agreements/new")
    assert FAKE_NAME not in agreement_form.get_data(as_text=True)


def test_a_share_with_a_department_that_lost_its_verification_shows_nothing(app, world):
    proposal = _proposal(world)
    proposal_review.share(proposal, world.coordinator, world.department)
    client = client_for(app, world.department_member)
    assert client.get(f"/desk/proposals/{proposal.key}").status_code == 200
    world.department.verified_at = None
    db.session.commit()
    assert client.get(f"/desk/proposals/{proposal.key}").status_code == 404


def test_refusing_a_department_revokes_its_shares_and_withdraws_its_issues(app, world):
    proposal = _proposal(world)
    proposal_review.share(proposal, world.coordinator, world.department)
    issue = DeskIssue(
        key="k1",
        organization_id=world.department.id,
        title="課題",
        status="open",
        created_by_id=world.coordinator.id,
    )
    db.session.add(issue)
    db.session.commit()
    coordinator = client_for(app, world.coordinator)
    coordinator.post(
        f"/coordinator/organizations/{world.department.key}/verification",
        data={"decision": "refuse", "reason": "区の部署ではありません"},
    )
    assert db.session.scalar(select(ProposalShare)) is None
    assert db.session.get(DeskIssue, issue.id).status == "draft"
    page = client_for(app, world.department_member).get(f"/desk/proposals/{proposal.key}")
    assert page.status_code == 404
    assert "偽物かもしれない課題" not in client_for(app, None).get("/desk").get_data(as_text=True)


def test_only_the_desk_grants_the_department_kind_and_lists_show_the_state(app, world):
    fake = _fake_department(world)
    coordinator = client_for(app, world.coordinator)
    page = coordinator.get("/coordinator/organizations").get_data(as_text=True)
    assert FAKE_NAME in page and "デスクの確認待ち" in page and "確認済み" in page
    npo = world.npo
    coordinator.post(
        f"/coordinator/organizations/{npo.key}/kind", data={"kind": "social_welfare_council"}
    )
    assert db.session.get(Organization, npo.id).kind == "social_welfare_council"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "organization.kind"))
    assert event.details == {"before": "npo", "after": "social_welfare_council"}
    coordinator.post(
        f"/coordinator/organizations/{fake.key}/verification",
        data={"decision": "verify", "kind": "other"},
    )
    fake = db.session.get(Organization, fake.id)
    assert fake.kind == "other" and fake.verified_at is not None


def test_a_plain_member_cannot_change_the_identity_but_can_describe(app, world):
    client = client_for(app, world.proposer)  # a member, not the owner
    company = world.company
    for change in ({"name": "乗っ取り 株式会社"}, {"email": "evil@example.jp"}, {"kind": "npo"}):
        form = {**_org_form(name=company.name, kind="company", email=""), **change}
        page = client.post(f"/org/{company.key}/edit", data=form)
        assert page.status_code == 200
        assert "所有者だけ" in page.get_data(as_text=True)
    company = db.session.get(Organization, company.id)
    assert (company.name, company.kind, company.email) == ("株式会社 あおば技研", "company", None)
    assert company.verified_at is not None
    saved = client.post(
        f"/org/{company.key}/edit",
        data=_org_form(name=company.name, kind="company", description="新しい紹介文"),
    )
    assert saved.status_code == 302
    assert db.session.get(Organization, company.id).description == "新しい紹介文"


def test_a_member_without_the_identity_fields_keeps_the_kind(app, world):
    """The form a member sees sends the kind in a hidden field; a missing kind changes nothing."""
    client = client_for(app, world.proposer)
    form = _org_form(name=world.company.name, description="紹介")
    del form["kind"]
    assert client.post(f"/org/{world.company.key}/edit", data=form).status_code == 302
    assert db.session.get(Organization, world.company.id).kind == "company"


def test_the_owners_rename_is_audited_and_sends_it_back_to_verification(app, world):
    owner = member("owner@aoba.example.jp", world.company, "青葉 社長")
    db.session.execute(
        Membership.__table__.update().where(Membership.user_id == owner.id).values(role="owner")
    )
    db.session.commit()
    client = client_for(app, owner)
    response = client.post(
        f"/org/{world.company.key}/edit",
        data=_org_form(name="あおば技研 ホールディングス", kind="company", email="info@aoba.jp"),
    )
    assert response.status_code == 302
    company = db.session.get(Organization, world.company.id)
    assert company.verified_at is None and company.verification_state == "waiting"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organization.identity")
    )
    assert event.details == {
        "before": {"name": "株式会社 あおば技研", "email": ""},
        "after": {"name": "あおば技研 ホールディングス", "email": "info@aoba.jp"},
    }
    waiting = client_for(app, world.coordinator).get("/coordinator/organizations")
    assert "あおば技研 ホールディングス" in waiting.get_data(as_text=True)


def test_a_new_contact_email_alone_keeps_the_verification(app, world):
    owner = member("owner@aoba.example.jp", world.company, "青葉 社長")
    db.session.execute(
        Membership.__table__.update().where(Membership.user_id == owner.id).values(role="owner")
    )
    db.session.commit()
    client_for(app, owner).post(
        f"/org/{world.company.key}/edit",
        data=_org_form(name=world.company.name, kind="company", email="new@aoba.jp"),
    )
    company = db.session.get(Organization, world.company.id)
    assert company.email == "new@aoba.jp" and company.verified_at is not None
