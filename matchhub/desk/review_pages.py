"""The desk's workspace: proposals by state, those waiting for a first answer, decisions,
sharing with departments, and the first-answer target. Coordinators and admins only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchhub.desk import agreements, desk, proposal_review, reports
from matchhub.desk import issues as desk_issues
from matchhub.desk.access import proposal_or_404
from matchhub.desk.desk import Access, DeskError
from matchhub.desk.forms import AgreementLinkForm, DecisionForm, SettingForm, ShareForm
from matchhub.models import PROPOSAL_STATUSES
from matchhub.models.proposals import DESK_MOVES
from matchhub.platform.access import admin_required, staff_required
from matchhub.platform.forms import choices

bp = Blueprint("review", __name__, template_folder="templates")


def review_forms(proposal) -> dict:
    """The desk's forms on a proposal page."""
    shared = desk.shared_department_ids(proposal)
    share = ShareForm()
    issue = proposal.desk_issue
    if (
        issue is not None
        and issue.organization_id not in shared
        and desk.is_acting_department(issue.department)
    ):
        share.department.data = proposal.desk_issue.organization_id  # the usual first choice
    share.department.choices = choices(
        (d.id, d.name) for d in desk.departments() if d.id not in shared
    )
    link = AgreementLinkForm(
        data={"agreement": proposal.agreement.key if proposal.agreement else ""}
    )
    link.agreement.choices = choices(
        [("", _("No agreement"))] + [(a.key, a.title) for a in agreements.register()]
    )
    return {
        "decision_form": DecisionForm(),
        "share_form": share,
        "agreement_form": link,
        "moves": DESK_MOVES,
    }


@bp.get("/workspace")
@staff_required
def workspace():
    status = request.args.get("status", "")
    status = status if status in PROPOSAL_STATUSES else ""
    return render_template(
        "desk/workspace.html",
        status=status,
        statuses=PROPOSAL_STATUSES,
        proposals=desk.proposals_for_desk(status),
        waiting=desk.waiting_for_first_answer(),
        days=desk.first_answer_days(),
        median=desk.median_first_response_days(),
        reports=reports.waiting_reports(),
        issues=desk_issues.all_issues(),
        setting_form=SettingForm(data={"days": desk.first_answer_days()}),
    )


@bp.post("/workspace/settings")
@admin_required
def settings():
    form = SettingForm()
    if form.validate_on_submit():
        desk.set_first_answer_days(form.days.data, current_user)
        flash(_("The first-answer target is now %(n)d days.", n=form.days.data), "success")
    else:
        flash(_("Enter 1 to 365."), "error")
    return redirect(url_for("desk.review.workspace"))


@bp.post("/proposals/<key>/decision/<action>")
@staff_required
def decide(key: str, action: str):
    found, _access = proposal_or_404(key, Access.DESK)
    if action not in DESK_MOVES:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            proposal_review.move(found, current_user, action, form.reason.data or "")
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("The proposal's status is updated."), "success")
    return redirect(url_for("desk.proposal", key=found.key, _anchor="decision"))


@bp.post("/proposals/<key>/shares")
@staff_required
def share(key: str):
    found, _access = proposal_or_404(key, Access.DESK)
    form = ShareForm()
    form.department.choices = choices((d.id, d.name) for d in desk.departments())
    if form.validate_on_submit():
        department = desk.find_department(form.department.data)
        try:
            proposal_review.share(found, current_user, department)
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("Shared with %(name)s.", name=department.name), "success")
    return redirect(url_for("desk.proposal", key=found.key, _anchor="shares"))


@bp.post("/proposals/<key>/shares/<int:department_id>/remove")
@staff_required
def unshare(key: str, department_id: int):
    found, _access = proposal_or_404(key, Access.DESK)
    department = desk.find_department(department_id)
    if department is None:
        abort(404)
    proposal_review.unshare(found, current_user, department)
    flash(_("%(name)s no longer sees this proposal.", name=department.name), "success")
    return redirect(url_for("desk.proposal", key=found.key, _anchor="shares"))


@bp.post("/proposals/<key>/agreement")
@staff_required
def link_agreement(key: str):
    found, _access = proposal_or_404(key, Access.DESK)
    chosen = request.form.get("agreement", "")
    agreement = agreements.find(chosen) if chosen else None
    if chosen and agreement is None:
        abort(404)
    proposal_review.link_agreement(found, current_user, agreement)
    flash(_("The agreement link is saved."), "success")
    return redirect(url_for("desk.proposal", key=found.key, _anchor="agreement"))
