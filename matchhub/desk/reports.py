"""Implementation reports (実施報告書): what was done, with whom, where, results, photos.

A report is written by the organization or department when a project (an accepted
proposal) or a volunteer match ends; the desk publishes it as a case study. Drafts are
seen only by their authors and the desk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matchhub.desk import desk
from matchhub.desk.desk import Access, DeskError
from matchhub.extensions import db
from matchhub.models import CasePhoto, CaseReport, Match, Proposal, User
from matchhub.models.proposals import ON_REPORT
from matchhub.models.types import utcnow
from matchhub.platform import audit
from matchhub.platform import files as attachments
from matchhub.platform.files import CheckedFile
from matchhub.platform.links import path_for
from matchhub.platform.notifications import notify
from matchhub.platform.vocabulary import resolve_area

FILES = "cases"
MAX_FIGURES = 12
MAX_PHOTOS = 8
_FIGURE_SEPARATOR = re.compile(r"\s*[:：]\s*")


class CaseError(DeskError):
    """A step the report's state or the user's role does not allow."""


@dataclass
class ReportInput:
    title: str = ""
    summary: str = ""
    what_done: str = ""
    partners: str = ""
    place: str = ""
    theme_keys: list[str] = field(default_factory=list)
    figures_text: str = ""
    lessons: str = ""


def parse_figures(text: str) -> list[dict]:
    """「参加者：120人」 lines as [{"label": "参加者", "value": "120人"}]."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = _FIGURE_SEPARATOR.split(line.strip(), maxsplit=1)
        label, value = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        out.append({"label": label[:80], "value": value[:80]})
    return out[:MAX_FIGURES]


def figures_text(figures: list[dict]) -> str:
    return "\n".join(
        f"{f['label']}：{f['value']}" if f.get("label") else f["value"] for f in figures or []
    )


def input_from(report: CaseReport) -> ReportInput:
    return ReportInput(
        report.title,
        report.summary,
        report.what_done,
        report.partners,
        report.place,
        list(report.theme_keys),
        figures_text(report.figures),
        report.lessons,
    )


def path(report: CaseReport) -> str:
    return path_for("desk.reports.show", key=report.key)


# ---- Who may write and read a report ----


def writers(report: CaseReport) -> set[int]:
    """Organizations whose members may write the report."""
    ids = {report.organization_id}
    if report.proposal is not None:
        ids |= {report.proposal.organization_id} | desk.shared_department_ids(report.proposal)
    if report.match is not None:
        ids.add(report.match.issue.organization_id)
    return ids


def can_edit(user: User, report: CaseReport) -> bool:
    if not getattr(user, "is_authenticated", False) or report.is_published:
        return False
    return user.is_staff or bool(desk.organization_ids(user) & writers(report))


def can_view(user: User, report: CaseReport) -> bool:
    if report.is_published:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or bool(desk.organization_ids(user) & writers(report))


def find(key: str) -> CaseReport | None:
    return db.session.scalar(select(CaseReport).where(CaseReport.key == key))


def report_of_proposal(proposal: Proposal) -> CaseReport | None:
    return db.session.scalar(select(CaseReport).where(CaseReport.proposal_id == proposal.id))


def report_of_match(match: Match) -> CaseReport | None:
    return db.session.scalar(select(CaseReport).where(CaseReport.match_id == match.id))


def start_for_proposal(proposal: Proposal, user: User) -> CaseReport:
    """The report of a project, begun by the proposer, a shared department or the desk."""
    access = desk.proposal_access(user, proposal)
    if access not in (Access.PROPOSER, Access.DEPARTMENT, Access.DESK):
        raise CaseError(_("You cannot write the report of this project."))
    existing = report_of_proposal(proposal)
    if existing is not None:
        return existing
    if proposal.status not in ON_REPORT[0]:
        raise CaseError(_("A report is written once the project is under way."))
    mine = desk.organization_ids(user) & (
        {proposal.organization_id} | desk.shared_department_ids(proposal)
    )
    org_id = min(mine) if mine else proposal.organization_id
    if proposal.organization_id in mine:
        org_id = proposal.organization_id
    report = CaseReport(
        key=desk.new_key(),
        proposal=proposal,
        organization_id=org_id,
        author_id=user.id,
        title=proposal.title,
        summary=proposal.summary,
        partners=proposal.organization.name,
        theme_keys=list(proposal.desk_issue.theme_keys) if proposal.desk_issue else [],
        status="draft",
    )
    db.session.add(report)
    db.session.flush()
    audit.record(user.id, "report.start", report, {"proposal": proposal.key})
    db.session.commit()
    return report


def may_report_match(user: User, match: Match) -> bool:
    """The issue's organization and the desk write the report of a volunteer match."""
    return user.is_staff or match.issue.organization_id in desk.organization_ids(user)


def start_for_match(match: Match, user: User) -> CaseReport:
    """The report of a volunteer match, begun by the issue's organization or the desk."""
    org_id = match.issue.organization_id
    if not may_report_match(user, match):
        raise CaseError(_("You cannot write the report of this activity."))
    existing = report_of_match(match)
    if existing is not None:
        return existing
    if match.status != "completed":
        raise CaseError(_("A report is written once the activity is completed."))
    issue = match.issue
    report = CaseReport(
        key=desk.new_key(),
        match=match,
        organization_id=org_id,
        author_id=user.id,
        title=issue.title,
        what_done=match.report or "",
        place=issue.area_text,
        area_id=issue.area_id,
        theme_keys=list(issue.theme_keys),
        figures=[{"label": str(_l("Hours")), "value": f"{match.hours:g}"}] if match.hours else [],
        status="draft",
    )
    db.session.add(report)
    db.session.flush()
    audit.record(user.id, "report.start", report, {"match": match.id})
    db.session.commit()
    return report


def completed_matches_without_report(user: User) -> list[Match]:
    """Completed matches of the user's organizations that have no report yet."""
    from matchhub.models import Issue

    ids = desk.organization_ids(user)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Match)
            .join(Issue)
            .outerjoin(CaseReport, CaseReport.match_id == Match.id)
            .where(
                Issue.organization_id.in_(list(ids)),
                Match.status == "completed",
                CaseReport.id.is_(None),
            )
            .order_by(Match.updated_at.desc())
        )
    )


def save(report: CaseReport, user: User, data: ReportInput) -> None:
    if not can_edit(user, report):
        raise CaseError(_("This report can no longer be changed."))
    report.title = data.title.strip()
    report.summary = data.summary.strip()
    report.what_done = data.what_done.strip()
    report.partners = data.partners.strip()
    report.place = data.place.strip()
    report.area_id = resolve_area(report.place) if report.place else None
    report.theme_keys = list(data.theme_keys)
    report.figures = parse_figures(data.figures_text)
    report.lessons = data.lessons.strip()
    audit.record(user.id, "report.save", report, {"status": report.status})
    db.session.commit()


def add_photo(report: CaseReport, user: User, checked: CheckedFile, description: str) -> None:
    if not can_edit(user, report):
        raise CaseError(_("This report can no longer be changed."))
    if len(report.photos) >= MAX_PHOTOS:
        raise CaseError(_("A report can have at most %(n)d photos.", n=MAX_PHOTOS))
    name = attachments.store(FILES, checked)
    db.session.add(
        CasePhoto(
            key=desk.new_key(),
            report=report,
            uploaded_by_id=user.id,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            storage_name=name,
            description=description.strip()[:300],
        )
    )
    audit.record(user.id, "report.photo", report, {"file": checked.filename})
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        attachments.discard(FILES, [name])
        raise


def remove_photo(report: CaseReport, user: User, photo_key: str) -> None:
    if not can_edit(user, report):
        raise CaseError(_("This report can no longer be changed."))
    for photo in list(report.photos):
        if photo.key == photo_key:
            db.session.delete(photo)
            audit.record(user.id, "report.photo_remove", report, {"file": photo.filename})
            db.session.commit()
            attachments.discard(FILES, [photo.storage_name])


def find_photo(report: CaseReport, key: str) -> CasePhoto | None:
    return next((p for p in report.photos if p.key == key), None)


def submit(report: CaseReport, user: User) -> None:
    """Hand the report to the desk; the project counts as reported."""
    if not can_edit(user, report) or report.status != "draft":
        raise CaseError(_("This report was already sent to the desk."))
    if not (report.title and report.what_done):
        raise CaseError(_("Please say what was done before sending the report."))
    report.status, report.submitted_at = "submitted", utcnow()
    allowed, target = ON_REPORT
    if report.proposal is not None and report.proposal.status in allowed:
        report.proposal.status = target
        report.proposal.status_changed_at = report.submitted_at
    audit.record(user.id, "report.submit", report, {})
    for coordinator in desk.coordinators():
        notify(
            coordinator,
            "report",
            _l("A report arrived: 「%(title)s」.", title=report.title),
            path(report),
        )
    db.session.commit()


def waiting_reports() -> list[CaseReport]:
    return list(
        db.session.scalars(
            select(CaseReport)
            .where(CaseReport.status == "submitted")
            .order_by(CaseReport.submitted_at)
        )
    )


def reports_of(user: User) -> list[CaseReport]:
    ids = desk.organization_ids(user)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(CaseReport)
            .where(CaseReport.organization_id.in_(list(ids)))
            .order_by(CaseReport.created_at.desc())
        )
    )
