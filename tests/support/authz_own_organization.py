"""What an actor may do to their own organization: the table the route matrix cannot
express, because there everyone acts on organization A's or B's objects.

Actors: the owner of A, a plain member of A, the member of a verified ward department,
and the owner of a self-registered, unverified "department" (which only the desk could
have made one). "Y" the change took effect, "-" it was refused and nothing changed.
"""

from __future__ import annotations

from sqlalchemy import func, select

from matchhub.demo.seed import DEMO_PASSWORD
from matchhub.extensions import db
from matchhub.models import DeskIssue, Membership, Organization, User
from matchhub.security import hash_password

OWN_ACTORS = ("owner", "plain_member", "department_member", "unverified_department_owner")

# fmt: off
OWN_EXPECTED: dict[str, str] = {
    "describe_own_organization":        "Y Y Y Y",
    "rename_own_organization":          "Y - - Y",
    "change_own_contact_email":         "Y - - Y",
    "declare_own_organization_a_department": "- - - -",
    "register_a_department":            "- - - -",
    "publish_a_desk_issue_for_own_department": "- - Y -",
}
# fmt: on


def build_own(world_emails: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Add a plain member of A and a fake department; return actor → (email, own org key)."""
    owner = db.session.scalar(select(User).where(User.email == world_emails["member_a"]))
    org_a = db.session.scalar(
        select(Organization).join(Membership).where(Membership.user_id == owner.id)
    )
    plain = User(
        email="plain@demo.matchhub.jp",
        display_name="平 会員",
        password_hash=hash_password(DEMO_PASSWORD),
    )
    faker = User(
        email="faker@demo.matchhub.jp",
        display_name="偽 部署",
        password_hash=hash_password(DEMO_PASSWORD),
    )
    fake = Organization(
        key="fake-department", name="板橋区 広報課（偽）", kind="municipal_department"
    )
    db.session.add_all(
        [
            plain,
            faker,
            fake,
            Membership(user=plain, organization=org_a, role="member"),
            Membership(user=faker, organization=fake, role="owner"),
        ]
    )
    department_user = db.session.scalar(
        select(User).where(User.email == "department@demo.matchhub.jp")
    )
    department = db.session.scalar(
        select(Organization).join(Membership).where(Membership.user_id == department_user.id)
    )
    db.session.commit()
    return {
        "owner": (owner.email, org_a.key),
        "plain_member": (plain.email, org_a.key),
        "department_member": (department_user.email, department.key),
        "unverified_department_owner": (faker.email, fake.key),
    }


def _org(key: str) -> Organization:
    db.session.expire_all()
    return db.session.scalar(select(Organization).where(Organization.key == key))


def _edit(client, org: Organization, **changes) -> None:
    form = {
        "name": org.name,
        "kind": org.kind,
        "area": org.area_text,
        "description": org.description or "紹介",
        "email": org.email or "",
    }
    client.post(f"/org/{org.key}/edit", data={**form, **changes})


def attempt(action: str, client, key: str, tag: str) -> bool:
    """Try the action as the logged-in client on organization `key`; True if it took effect.
    `tag` makes each actor's change unique, so one actor's success is not read as another's."""
    org = _org(key)
    name = org.name
    if action == "describe_own_organization":
        _edit(client, org, description=f"新しい紹介文 {tag}")
        return _org(key).description == f"新しい紹介文 {tag}"
    if action == "rename_own_organization":
        _edit(client, org, name=f"{name}（{tag}）")
        return _org(key).name == f"{name}（{tag}）"
    if action == "change_own_contact_email":
        _edit(client, org, email=f"{tag}@example.jp")
        return _org(key).email == f"{tag}@example.jp"
    if action == "declare_own_organization_a_department":
        target = (
            "social_welfare_council"
            if org.kind == "municipal_department"
            else ("municipal_department")
        )
        _edit(client, org, kind=target)
        return _org(key).kind == target
    if action == "register_a_department":
        before = db.session.scalar(select(func.count()).select_from(Organization))
        client.post(
            "/organizations/new",
            data={
                "name": f"板橋区 新設課 {tag}",
                "kind": "municipal_department",
                "description": "x",
            },
        )
        return db.session.scalar(select(func.count()).select_from(Organization)) > before
    if action == "publish_a_desk_issue_for_own_department":
        client.post(
            "/desk/issues/new",
            data={
                "department": str(org.id),
                "title": f"自分の部署の課題 {tag}",
                "background": "背景",
                "expectations": "期待",
                "status": "open",
                "themes": ["disaster_prevention"],
            },
        )
        return (
            db.session.scalar(select(DeskIssue).where(DeskIssue.title == f"自分の部署の課題 {tag}"))
            is not None
        )
    raise ValueError(action)
