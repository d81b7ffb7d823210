"""Small builders for the residents, organizations and issues tests: a ward, people, needs."""

from __future__ import annotations

from datetime import date

from matchhub.extensions import db
from matchhub.models import Area, HelperProfile, Issue, Match, Membership, Organization, User
from matchhub.models.types import utcnow
from matchhub.platform.freshness import bump_taxonomy_version
from matchhub.platform.taxonomy import load_taxonomy
from matchhub.security import hash_password
from tests.support.accounts import PASSWORD  # noqa: F401  (tests import it from here too)


def seed_ward() -> None:
    """The shipped taxonomy and a small ward: 板橋区 with three districts."""
    load_taxonomy()
    ward = Area(
        key="itabashi",
        name="板橋区",
        kana="いたばしく",
        lat=35.7713,
        lon=139.6813,
        aliases=["東京都板橋区"],
    )
    db.session.add(ward)
    for key, name, lat, lon, aliases in (
        ("takashimadaira", "高島平", 35.7884, 139.6603, ["高島平駅", "西高島平駅"]),
        ("narimasu", "成増", 35.7781, 139.6336, ["成増駅"]),
        ("nakajuku", "仲宿", 35.7536, 139.7068, ["板橋区役所前駅"]),
    ):
        db.session.add(
            Area(key=f"itabashi/{key}", name=name, parent=ward, lat=lat, lon=lon, aliases=aliases)
        )
    bump_taxonomy_version()
    db.session.commit()


def area(name: str) -> Area:
    return db.session.scalar(db.select(Area).where(Area.name == name))


def resident(email: str, name: str = "区民 花子", consented: bool = True, **profile) -> User:
    """A resident with a helper profile (consented and active unless told otherwise)."""
    user = User(
        email=email,
        display_name=name,
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=utcnow(),
    )
    values = {
        "key": f"h-{email.split('@')[0]}",
        "themes": ["子ども食堂"],
        "theme_keys": ["kodomo_shokudo"],
        "skills": ["エクセル"],
        "skill_keys": ["excel"],
        "availability": ["weekend_morning"],
        "languages": ["ja"],
        "active": True,
        "consented_at": utcnow() if consented else None,
        "consent_method": "online" if consented else None,
    }
    values.update(profile)
    user.helper_profile = HelperProfile(**values)
    db.session.add(user)
    db.session.commit()
    return user


def member(email: str, org: Organization, name: str = "団体 太郎") -> User:
    """A user acting for an organization (without a helper profile)."""
    user = User(
        email=email,
        display_name=name,
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=utcnow(),
    )
    db.session.add_all([user, Membership(user=user, organization=org, role="member")])
    db.session.commit()
    return user


def organization(
    key: str = "org-test",
    name: str = "NPO法人 たすけあい",
    verified: bool = True,
    email: str = "info@tasukeai.example.jp",
) -> Organization:
    org = Organization(
        key=key, name=name, kind="npo", email=email, verified_at=utcnow() if verified else None
    )
    db.session.add(org)
    db.session.commit()
    return org


def issue(org: Organization, key: str = "issue-test", **fields) -> Issue:
    values = {
        "title": "子ども食堂の名簿をエクセルで整理",
        "description": "子供食堂の参加者名簿を整理します。",
        "kind": "probono",
        "themes": ["子ども食堂"],
        "theme_keys": ["kodomo_shokudo"],
        "skills": ["ｴｸｾﾙ"],
        "skill_keys": ["excel"],
        "area_text": "高島平",
        "area_id": area("高島平").id if area("高島平") else None,
        "availability": ["weekend_morning"],
        "people_needed": 2,
        "starts_on": date(2027, 4, 1),
        "ends_on": date(2027, 6, 30),
        "status": "open",
    }
    values.update(fields)
    item = Issue(key=key, organization=org, **values)
    db.session.add(item)
    db.session.commit()
    return item


def forget_request_state() -> None:
    """Drop the per-request caches the tests' shared app context keeps between requests.

    The test app context outlives each request, so Flask-Babel's chosen locale and
    Flask-Login's user would otherwise carry over from one request to the next.
    """
    from flask import g

    g.pop("_flask_babel", None)
    g.pop("_login_user", None)


def confirm(match: Match, coordinator: User | None = None) -> Match:
    """What the desk's confirmation does to a match, without the coordinator's pages."""
    match.status = "confirmed"
    match.decided_at = match.status_changed_at = utcnow()
    match.decided_by_id = coordinator.id if coordinator else None
    db.session.commit()
    return match
