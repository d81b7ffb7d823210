"""A small registry with a coordinator, residents and their API tokens, for the API tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from matchhub.accounts import tokens
from matchhub.extensions import db
from matchhub.models import TOKEN_SCOPES, HelperProfile, Issue, Match, Organization, User
from matchhub.models.types import utcnow
from matchhub.security import hash_password

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "correct horse battery"
PERSONAL_FIELDS = {"email", "display_name", "bio"}


@dataclass
class World:
    coordinator: User
    hanako: HelperProfile
    ichiro: HelperProfile
    org: Organization
    issue: Issue
    coordinator_token: str
    coordinator_public_token: str
    resident_token: str

    def bearer(self, secret: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {secret}"}


def _profile(key: str) -> HelperProfile:
    return db.session.scalar(select(HelperProfile).where(HelperProfile.key == key))


def build_world(runner) -> World:
    """small.jsonl imported; a coordinator; 山田 花子 (h-1) has a login and a token."""
    result = runner.invoke(args=["import", str(DATA / "small.jsonl")])
    assert result.exit_code == 0, result.output
    coordinator = User(
        email="coord@example.jp",
        display_name="窓口 一郎",
        is_coordinator=True,
        password_hash=hash_password(PASSWORD),
    )
    db.session.add(coordinator)
    hanako, ichiro = _profile("h-1"), _profile("h-2")
    hanako.user.password_hash = hash_password(PASSWORD)
    hanako.consented_at = ichiro.consented_at = utcnow()
    db.session.commit()
    return World(
        coordinator=coordinator,
        hanako=hanako,
        ichiro=ichiro,
        org=db.session.scalar(select(Organization).where(Organization.key == "org-1")),
        issue=db.session.scalar(select(Issue).where(Issue.key == "i-1")),
        coordinator_token=tokens.create_token(coordinator, "desk", list(TOKEN_SCOPES), 30).secret,
        coordinator_public_token=tokens.create_token(
            coordinator, "public only", ["read_public"], 30
        ).secret,
        resident_token=tokens.create_token(
            hanako.user, "mine", ["read_public", "read_personal"], 30
        ).secret,
    )


def add_issue(org: Organization, key: str, **fields) -> Issue:
    values = {
        "title": f"課題 {key}",
        "description": "説明",
        "kind": "volunteer",
        "themes": ["防災"],
        "theme_keys": ["bousai"],
        "status": "open",
        "people_needed": 1,
        "starts_on": date(2027, 5, 1),
    }
    values.update(fields)
    issue = Issue(key=key, organization=org, **values)
    db.session.add(issue)
    db.session.commit()
    return issue


def add_match(issue: Issue, profile: HelperProfile, status: str = "proposed", **fields) -> Match:
    match = Match(issue=issue, helper_id=profile.id, status=status, **fields)
    db.session.add(match)
    db.session.commit()
    return match


def personal_keys(value) -> set[str]:
    """Every personal field name anywhere in a JSON value."""
    if isinstance(value, dict):
        found = {k for k in value if k in PERSONAL_FIELDS}
        for item in value.values():
            found |= personal_keys(item)
        return found
    if isinstance(value, list):
        return set().union(*(personal_keys(v) for v in value)) if value else set()
    return set()
