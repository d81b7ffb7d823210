"""The public case database (/cases): the desk publishes reports as case studies, and
anyone can search them by theme, area and the kind of partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from matchhub.desk import desk
from matchhub.desk.reports import CaseError, writers
from matchhub.extensions import db
from matchhub.models import Agreement, CaseReport, Organization, User
from matchhub.models.cases import case_organizations as case_organizations_table
from matchhub.models.proposals import ProposalStatus
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform.links import path_for
from matchhub.platform.notifications import notify
from matchhub.platform.vocabulary import area_and_districts

PER_PAGE = 12


def _named_organizations(report: CaseReport) -> list[Organization]:
    ids = {report.organization_id}
    if report.proposal is not None:
        ids.add(report.proposal.organization_id)
        if report.proposal.desk_issue is not None:
            ids.add(report.proposal.desk_issue.organization_id)
    if report.match is not None:
        ids.add(report.match.issue.organization_id)
        if report.match.organization_id:
            ids.add(report.match.organization_id)
    if report.agreement is not None:
        ids.add(report.agreement.partner_id)
    return list(db.session.scalars(select(Organization).where(Organization.id.in_(list(ids)))))


def publish(report: CaseReport, user: User, agreement: Agreement | None) -> None:
    """The desk publishes a submitted report as a case study.

    :raise CaseError: before the report is submitted, or before the proposer chose what
        of the proposal becomes public.
    """
    if not user.is_staff:
        raise CaseError(_("Only the desk publishes case studies."))
    if report.status != "submitted":
        raise CaseError(_("Only a report sent to the desk can be published."))
    proposal = report.proposal
    if proposal is not None and proposal.publication_chosen_at is None:
        raise CaseError(
            _("The proposer has not yet chosen which parts of the proposal become public.")
        )
    report.agreement = agreement or (proposal.agreement if proposal is not None else None)
    report.status, report.published_at, report.published_by_id = "published", utcnow(), user.id
    report.organizations = _named_organizations(report)
    if proposal is not None:
        proposal.status, proposal.status_changed_at = ProposalStatus.PUBLISHED, report.published_at
    audit.record(
        user.id,
        "case.publish",
        report,
        {"agreement": report.agreement.key if report.agreement else None},
    )
    for member in desk.members(writers(report)):
        notify(
            member,
            "case",
            _l("「%(title)s」 is now published as a case study.", title=report.title),
            path_for("cases.show", key=report.key),
        )
    db.session.commit()


# ---- The public case database ----


@dataclass
class CaseFilters:
    q: str = ""
    theme: str = ""
    area_id: int | None = None
    partner_kind: str = ""


def search(filters: CaseFilters, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Published cases matching the filters, newest first."""
    query = select(CaseReport).where(CaseReport.is_published)
    if filters.area_id:
        query = query.where(CaseReport.area_id.in_(area_and_districts(filters.area_id)))
    if filters.partner_kind:
        query = query.where(
            CaseReport.id.in_(
                select(case_organizations_table.c.report_id)
                .join(Organization, Organization.id == case_organizations_table.c.organization_id)
                .where(Organization.kind == filters.partner_kind)
            )
        )
    words = [w for w in (filters.q or "").split() if w][:8]
    for word in words:
        columns = (CaseReport.title, CaseReport.summary, CaseReport.what_done)
        columns += (CaseReport.partners, CaseReport.place)
        query = query.where(or_(*(c.icontains(word, autoescape=True) for c in columns)))
    if filters.theme:
        # Themes are a JSON list: filter the (few) published cases in Python.
        ids = [r.id for r in db.session.scalars(query) if filters.theme in (r.theme_keys or [])]
        query = select(CaseReport).where(CaseReport.id.in_(ids))
    query = query.options(
        selectinload(CaseReport.organizations), selectinload(CaseReport.area)
    ).order_by(CaseReport.published_at.desc(), CaseReport.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def published(key: str) -> CaseReport | None:
    return db.session.scalar(
        select(CaseReport).where(CaseReport.key == key, CaseReport.is_published)
    )


def published_count(since: datetime, until: datetime) -> int:
    """Case studies published in [since, until): the dashboard's target counts these."""
    return db.session.scalar(
        select(func.count())
        .select_from(CaseReport)
        .where(
            CaseReport.is_published,
            CaseReport.published_at >= since,
            CaseReport.published_at < until,
        )
    )


def cases_of_organization(org: Organization) -> list[CaseReport]:
    return list(
        db.session.scalars(
            select(CaseReport)
            .where(
                CaseReport.is_published,
                CaseReport.id.in_(
                    select(case_organizations_table.c.report_id).where(
                        case_organizations_table.c.organization_id == org.id
                    )
                ),
            )
            .order_by(CaseReport.published_at.desc())
        )
    )


def organization_by_key(key: str) -> Organization | None:
    return db.session.scalar(select(Organization).where(Organization.key == key))
