"""The demo municipality: 板橋区 with its people, organizations, issues and accounts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy import func, select

from matchhub.demo.seed_desk import seed_desk_demo
from matchhub.exchange.importing import ImportReport, import_files
from matchhub.extensions import db
from matchhub.models import HelperProfile, Issue, Membership, Organization, User
from matchhub.models.types import utcnow
from matchhub.platform.taxonomy import load_taxonomy
from matchhub.security import hash_password

DEMO_PASSWORD = "matchhub-demo"
DEMO_DOMAIN = "demo.matchhub.jp"


def demo_file() -> Path:
    return Path(str(resources.files("matchhub.demo").joinpath("itabashi.jsonl")))


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def seed_demo() -> ImportReport:
    """Load the taxonomy, the demo registry and the four demo accounts."""
    load_taxonomy()
    report = import_files([demo_file()])
    _demo_accounts()
    db.session.commit()
    seed_desk_demo(_account)
    return report


def _account(local: str, name: str) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name=name)
        db.session.add(user)
    user.password_hash = hash_password(DEMO_PASSWORD)
    # Demo addresses are fictional and mail only reaches the outbox and the log.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    return user


def _demo_accounts() -> None:
    resident = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "demo-resident"))
    if resident is not None:
        resident.user.password_hash = hash_password(DEMO_PASSWORD)
        resident.user.email_confirmed_at = resident.user.email_confirmed_at or utcnow()
        resident.consented_at = resident.consented_at or utcnow()
    else:
        _account("resident", "板橋 はなこ")
    member = _account("member", "志村 たろう")
    org = db.session.scalar(select(Organization).where(Organization.key == "demo-org"))
    coordinator = _account("coordinator", "協働 さくら")
    coordinator.is_coordinator = True
    admin = _account("admin", "管理 けんじ")
    admin.is_admin = True
    db.session.flush()
    _verify_demo_organizations(coordinator)
    if org is not None:
        org.verified_at = org.verified_at or utcnow()
        org.verified_by_id = org.verified_by_id or coordinator.id
        if not db.session.scalar(
            select(Membership).where(
                Membership.user_id == member.id, Membership.organization_id == org.id
            )
        ):
            db.session.add(Membership(user=member, organization=org, role="owner"))


# Left unverified so the coordinators' verification queue has something to show.
UNVERIFIED_DEMO_ORGS = 2


def _verify_demo_organizations(coordinator: User) -> None:
    orgs = db.session.scalars(select(Organization).order_by(Organization.id)).all()
    for org in orgs:
        # The demo file does not say its organizations are verified; the demo desk has.
        org.verified_at = org.verified_at or utcnow()
        org.verified_by_id = coordinator.id
    for org in orgs[-UNVERIFIED_DEMO_ORGS:]:
        if org.key != "demo-org":
            org.verified_at = None
            for issue in db.session.scalars(select(Issue).where(Issue.organization_id == org.id)):
                issue.status = "draft"
