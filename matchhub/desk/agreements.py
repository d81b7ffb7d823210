"""The register of agreements (包括連携協定・個別協定), what came of them, and renewal reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.desk import desk
from matchhub.desk.desk import DeskError
from matchhub.extensions import db
from matchhub.models import COST_BEARERS, Agreement, CaseReport, Match, Organization, Setting, User
from matchhub.platform import audit
from matchhub.platform.bounds import valid_id
from matchhub.platform.links import path_for
from matchhub.platform.notifications import notify

RENEWAL_NOTICE_KEY = "desk.renewal_notice_days"
DEFAULT_RENEWAL_NOTICE_DAYS = 60


class AgreementError(DeskError):
    """A change the register does not allow; the message is for the user."""


@dataclass
class AgreementInput:
    title: str = ""
    kind: str = "individual"
    partner_id: int | None = None
    department_ids: list[int] = field(default_factory=list)
    theme_keys: list[str] = field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None
    renewal_on: date | None = None
    roles: str = ""
    schedule: str = ""
    budget_yen: int | None = None
    budget_note: str = ""
    cost_bearer: str = "proposer"
    notes: str = ""


def input_from(agreement: Agreement) -> AgreementInput:
    return AgreementInput(
        title=agreement.title,
        kind=agreement.kind,
        partner_id=agreement.partner_id,
        department_ids=[d.id for d in agreement.departments],
        theme_keys=list(agreement.theme_keys),
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
        renewal_on=agreement.renewal_on,
        roles=agreement.roles,
        schedule=agreement.schedule,
        budget_yen=agreement.budget_yen,
        budget_note=agreement.budget_note,
        cost_bearer=agreement.cost_bearer,
        notes=agreement.notes,
    )


def path(agreement: Agreement) -> str:
    return path_for("desk.agreements.show", key=agreement.key)


def partners() -> list[Organization]:
    """Organizations the ward can sign with: anyone but its own departments."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.kind != desk.DEPARTMENT)
            .order_by(Organization.name)
        )
    )


def save(user: User, data: AgreementInput, agreement: Agreement | None = None) -> Agreement:
    """Register or change an agreement (the desk only), audited."""
    if not user.is_staff:
        raise AgreementError(_("Only the desk keeps the register of agreements."))
    if data.cost_bearer not in COST_BEARERS or data.starts_on is None:
        raise AgreementError(_("Please check what you entered."))
    partner = db.session.get(Organization, data.partner_id or 0)
    if partner is None or partner.kind == desk.DEPARTMENT:
        raise AgreementError(_("Please choose the partner from the list."))
    chosen = set(data.department_ids)
    departments = [d for d in desk.departments() if d.id in chosen]
    created = agreement is None
    if agreement is None:
        agreement = Agreement(key=desk.new_key(9), created_by_id=user.id)
        db.session.add(agreement)
    if agreement.renewal_on != data.renewal_on:
        agreement.reminded_for = None
    agreement.title = data.title.strip()
    agreement.kind = data.kind
    agreement.partner = partner
    agreement.departments = departments
    agreement.theme_keys = list(data.theme_keys)
    agreement.starts_on, agreement.ends_on = data.starts_on, data.ends_on
    agreement.renewal_on = data.renewal_on
    agreement.roles, agreement.schedule = data.roles.strip(), data.schedule.strip()
    agreement.budget_yen, agreement.budget_note = data.budget_yen, data.budget_note.strip()
    agreement.cost_bearer, agreement.notes = data.cost_bearer, data.notes.strip()
    db.session.flush()
    audit.record(
        user.id,
        "agreement.create" if created else "agreement.update",
        agreement,
        {"partner": partner.key, "kind": agreement.kind, "renewal_on": str(data.renewal_on)},
    )
    db.session.commit()
    return agreement


def can_view(user: User, agreement: Agreement) -> bool:
    """The desk, and the members of the departments that signed it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or bool(desk.department_ids(user) & {d.id for d in agreement.departments})


def find(key: str) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.key == key))


def register() -> list[Agreement]:
    return list(
        db.session.scalars(
            select(Agreement)
            .options(selectinload(Agreement.partner), selectinload(Agreement.departments))
            .order_by(Agreement.starts_on.desc(), Agreement.id.desc())
        )
    )


def link_match(agreement: Agreement, user: User, match_id: int) -> Match:
    """Count a volunteer match as an outcome of the agreement."""
    match = db.session.get(Match, match_id) if valid_id(match_id) else None
    if not user.is_staff or match is None:
        raise AgreementError(_("There is no match with that number."))
    if match not in agreement.matches:
        agreement.matches.append(match)
        audit.record(user.id, "agreement.link_match", agreement, {"match": match.id})
        db.session.commit()
    return match


def unlink_match(agreement: Agreement, user: User, match_id: int) -> None:
    if not user.is_staff:
        raise AgreementError(_("Only the desk keeps the register of agreements."))
    for match in list(agreement.matches):
        if match.id == match_id:
            agreement.matches.remove(match)
            audit.record(user.id, "agreement.unlink_match", agreement, {"match": match_id})
    db.session.commit()


def published_cases(agreement: Agreement) -> list[CaseReport]:
    return list(
        db.session.scalars(
            select(CaseReport)
            .where(CaseReport.agreement_id == agreement.id, CaseReport.is_published)
            .order_by(CaseReport.published_at.desc())
        )
    )


def renewal_notice_days() -> int:
    row = db.session.get(Setting, RENEWAL_NOTICE_KEY)
    if row is not None and isinstance(row.value, dict) and "value" in row.value:
        return int(row.value["value"])
    return DEFAULT_RENEWAL_NOTICE_DAYS


def due_for_renewal(on: date | None = None, days: int | None = None) -> list[Agreement]:
    """Agreements whose renewal date falls within `days` of `on` and are not yet reminded."""
    on = on or desk.today()
    days = renewal_notice_days() if days is None else days
    rows = db.session.scalars(
        select(Agreement).where(
            Agreement.renewal_on.is_not(None),
            Agreement.renewal_on >= on,
            Agreement.renewal_on <= on + timedelta(days=days),
        )
    )
    return [a for a in rows if a.reminded_for != a.renewal_on]


def send_renewal_reminders(on: date | None = None, days: int | None = None) -> int:
    """Remind the desk and the departments concerned, once per renewal date; returns how
    many agreements were reminded of."""
    due = due_for_renewal(on, days)
    for agreement in due:
        people = {u.id: u for u in desk.coordinators()}
        people |= {u.id: u for u in desk.members({d.id for d in agreement.departments})}
        message = _l(
            "The agreement 「%(title)s」 with %(partner)s is up for renewal on %(date)s.",
            title=agreement.title,
            partner=agreement.partner.name,
            date=agreement.renewal_on.isoformat(),
        )
        for user in people.values():
            notify(user, "agreement_renewal", message, path(agreement))
        agreement.reminded_for = agreement.renewal_on
        audit.record(None, "agreement.remind", agreement, {"renewal_on": str(agreement.renewal_on)})
    db.session.commit()
    return len(due)
