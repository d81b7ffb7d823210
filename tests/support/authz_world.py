"""The demo municipality with one of every object, and the URL of every route in it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from matchhub.accounts.tokens import create_token
from matchhub.demo.seed import DEMO_PASSWORD, seed_demo
from matchhub.extensions import db
from matchhub.models import (
    Agreement,
    Area,
    CasePhoto,
    CaseReport,
    DeskIssue,
    HelperProfile,
    Issue,
    Match,
    Membership,
    Notification,
    Organization,
    OutboxMail,
    Proposal,
    ProposalAttachment,
    Skill,
    Theme,
    User,
)
from matchhub.security import hash_password

ACTORS = ("anonymous", "resident", "other_resident", "member_a", "member_b", "coordinator", "admin")


@dataclass
class AuthzWorld:
    emails: dict[str, str]
    values: dict[str, str | int]


def _one(statement):
    found = db.session.scalar(statement.limit(1))
    assert found is not None, str(statement)
    return found


def build() -> AuthzWorld:
    """Seed the demo, give a second resident a login, and make the objects routes need."""
    seed_demo()
    resident = _one(select(User).where(User.email == "resident@demo.matchhub.jp"))
    other = _one(select(HelperProfile).where(HelperProfile.key != "demo-resident")).user
    other.email, other.password_hash = "other@demo.matchhub.jp", hash_password(DEMO_PASSWORD)
    org_a = _one(select(Organization).where(Organization.key == "demo-org"))
    member_b = _one(select(User).where(User.email == "company@demo.matchhub.jp"))
    org_b = _one(select(Organization).join(Membership).where(Membership.user_id == member_b.id))
    issue_a = _one(select(Issue).where(Issue.organization_id == org_a.id, Issue.status == "open"))
    match = Match(issue=issue_a, helper=resident.helper_profile, status="confirmed")
    notice = Notification(user_id=resident.id, kind="test", message="お知らせ")
    failed_mail = OutboxMail(
        recipient="resident@demo.matchhub.jp", subject="お知らせ", body="本文", status="failed"
    )
    db.session.add_all([match, notice, failed_mail])
    unverified = _one(select(Organization).where(Organization.verified_at.is_(None)))
    proposal = _one(select(Proposal).where(Proposal.organization_id == org_b.id))
    attachment = db.session.scalar(
        select(ProposalAttachment).where(ProposalAttachment.proposal_id == proposal.id).limit(1)
    )
    report = _one(select(CaseReport).where(CaseReport.status == "published"))
    photo = db.session.scalar(select(CasePhoto).where(CasePhoto.report_id == report.id).limit(1))
    db.session.commit()
    token = create_token(resident, "matrix", ["read_public"], 30)
    return AuthzWorld(
        emails={
            "resident": "resident@demo.matchhub.jp",
            "other_resident": "other@demo.matchhub.jp",
            "member_a": "member@demo.matchhub.jp",
            "member_b": "company@demo.matchhub.jp",
            "coordinator": "coordinator@demo.matchhub.jp",
            "admin": "admin@demo.matchhub.jp",
        },
        values={
            "issue": issue_a.key,
            "org": org_a.key,
            "unverified_org": unverified.key,
            "match": match.id,
            "notice": notice.id,
            "mail": failed_mail.id,
            "resident_key": resident.helper_profile.key,
            "proposal": proposal.key,
            "attachment": attachment.key if attachment else "none",
            "desk_issue": _one(select(DeskIssue)).key,
            "agreement": _one(select(Agreement)).key,
            "report": report.key,
            "photo": photo.key if photo else "none",
            "token": token.token.id,
            "user": resident.id,
            "theme": _one(select(Theme)).key,
            "skill": _one(select(Skill)).key,
            "area": _one(select(Area).where(Area.parent_id.is_not(None))).key,
        },
    )


def url_values(endpoint: str, arguments: set[str], values: dict) -> dict:
    """Concrete values for a route's arguments, all pointing at member A's / resident's
    objects, except the desk's, which belong to organization B."""
    if not arguments:
        return {}
    by_argument = {
        "match_id": values["match"],
        "notification_id": values["notice"],
        "mail_id": values["mail"],
        "token_id": values["token"],
        "org_key": values["org"],
        "department_id": 1,
        "slug": "matches-by-month",
        "action": "start",
        "rest": "nothing-here",
        "token": "not-a-real-token",
        "filename": "css/site.css",
        "user_id": values["user"],
        "upload_id": "no-such-upload-0000000000",
    }
    keys = {
        "issues.": values["issue"],
        "coordinator.issue": values["issue"],
        "coordinator.decide": values["issue"],
        "coordinator.confirm_team": values["issue"],
        "coordinator.verify": values["unverified_org"],
        "coordinator.set_organization_kind": values["unverified_org"],
        "organizations.": values["org"],
        "my_data.views": values["resident_key"],
        "desk.issues.": values["desk_issue"],
        "desk.agreements.": values["agreement"],
        "desk.reports.": values["report"],
        "desk.": values["proposal"],
        "cases.agreement": values["agreement"],
        "cases.organization": values["org"],
        "cases.": values["report"],
        "api.show_issue": values["issue"],
        "api.list_candidates": values["issue"],
        "api.decide": values["issue"],
        "api.show_organization": values["org"],
        "api.show_helper": values["resident_key"],
        "api.show_case": values["report"],
        "admin.vocabulary.theme": values["theme"],
        "admin.vocabulary.skill": values["skill"],
        "admin.vocabulary.area": values["area"],
    }
    chosen = {}
    for name in arguments:
        if name == "key":
            chosen[name] = next(v for prefix, v in keys.items() if endpoint.startswith(prefix))
        elif name in ("file_key",):
            chosen[name] = values["attachment"]
        elif name == "photo_key":
            chosen[name] = values["photo"]
        else:
            chosen[name] = by_argument[name]
    if endpoint == "desk.review.decide":
        chosen["action"] = "dialogue"
    return chosen
