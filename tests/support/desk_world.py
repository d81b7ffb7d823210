"""A small ward for the collaboration desk's tests: two companies, two departments, an NPO,
a resident, a coordinator and an admin, each with a real account."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import has_app_context
from flask.testing import FlaskClient
from flask_babel import refresh

from matchhub.extensions import db
from matchhub.models import Organization, User
from matchhub.models.types import utcnow
from matchhub.security import hash_password
from tests.support.accounts import AuthActions
from tests.support.factories import PASSWORD, member, resident, seed_ward

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
HTML = b"<html><script>alert(1)</script></html>"


@dataclass
class World:
    company: Organization
    rival: Organization
    department: Organization
    other_department: Organization
    npo: Organization
    proposer: User
    colleague: User
    rival_member: User
    department_member: User
    other_department_member: User
    npo_member: User
    resident: User
    coordinator: User
    admin: User


def _org(key: str, name: str, kind: str) -> Organization:
    org = Organization(key=key, name=name, kind=kind, verified_at=utcnow())
    db.session.add(org)
    db.session.commit()
    return org


def _staff(email: str, name: str, **role) -> User:
    user = User(
        email=email,
        display_name=name,
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=utcnow(),
        **role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def build_world() -> World:
    seed_ward()
    company = _org("aoba", "株式会社 あおば技研", "company")
    rival = _org("kurenai", "くれない商事 株式会社", "company")
    department = _org("bousai", "板橋区 防災危機管理課", "municipal_department")
    other = _org("kosodate", "板橋区 子ども家庭支援課", "municipal_department")
    npo = _org("sasaeai", "NPO法人 ささえあい", "npo")
    return World(
        company=company,
        rival=rival,
        department=department,
        other_department=other,
        npo=npo,
        proposer=member("proposer@aoba.example.jp", company, "青葉 一郎"),
        colleague=member("colleague@aoba.example.jp", company, "青葉 二郎"),
        rival_member=member("someone@kurenai.example.jp", rival, "紅 三郎"),
        department_member=member("staff@bousai.example.jp", department, "防災 四郎"),
        other_department_member=member("staff@kosodate.example.jp", other, "子育 五郎"),
        npo_member=member("staff@sasaeai.example.jp", npo, "支 六子"),
        resident=resident("hanako@example.jp", "区民 花子"),
        coordinator=_staff("desk@example.jp", "協働 さくら", is_coordinator=True),
        admin=_staff("admin@example.jp", "管理 けんじ", is_admin=True),
    )


class _FreshLocale:
    """Tests keep one app context, where Flask-Babel caches the first request's language;
    forget it before each request, so each client reads pages in its user's language."""

    def open(self, *args, **kwargs):
        if has_app_context():
            refresh()
        return super().open(*args, **kwargs)


def client_for(app, user: User | None):
    """A test client logged in as `user` (staff pass their second factor), or anonymous."""
    base = app.test_client_class or FlaskClient
    client = type("DeskClient", (_FreshLocale, base), {})(app, app.response_class)
    if user is not None:
        AuthActions(client).login(user.email, PASSWORD)
    return client


def proposal_form(**overrides) -> dict:
    data = {
        "organization": "",
        "title": "商店街の空き店舗を使った防災倉庫",
        "summary": "空き店舗を町会の防災倉庫にします。",
        "idea": "空き店舗を借りて、町会の防災用品を保管し、訓練の拠点にします。",
        "effect": "在宅避難の方が近くで物資を受け取れます。",
        "roles": "当社：改装と管理\n区：町会との調整",
        "schedule": "半年で試行",
        "cost": "改装費 約50万円",
        "cost_bearer": "proposer",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes):
    return (io.BytesIO(content), name)
