"""The collaboration desk (/desk): administrative issues and the proposals sent to them.

Proposals are confidential: every route finds them by their random key and answers 404
to anyone who may not see them (see services.desk.proposal_access).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.desk import agreement_pages as desk_agreements
from matchhub.desk import desk, proposal_review, proposals, reports
from matchhub.desk import issue_pages as desk_issue_pages
from matchhub.desk import issues as desk_issues
from matchhub.desk import report_pages as desk_reports
from matchhub.desk import review_pages as desk_review
from matchhub.desk.access import PRIVATE, proposal_or_404, send_stored
from matchhub.desk.desk import Access, DeskError
from matchhub.desk.forms import FilesForm, MessageForm, ProposalForm, PublicationForm
from matchhub.models.proposals import AWAITING_DECISION, OPEN_FOR_FILES
from matchhub.platform import files as attachments
from matchhub.platform import vocabulary as vocab
from matchhub.platform.access import second_factor_gate
from matchhub.platform.bounded_input import accepts_uploads
from matchhub.platform.forms import choices

bp = Blueprint("desk", __name__, url_prefix="/desk", template_folder="templates")
bp.register_blueprint(desk_issue_pages.bp)
bp.register_blueprint(desk_review.bp)
bp.register_blueprint(desk_agreements.bp)
bp.register_blueprint(desk_reports.bp)


@bp.before_request
def staff_second_factor():
    """The desk's staff see confidential proposals only after their second factor."""
    if current_user.is_authenticated and current_user.is_staff:
        return second_factor_gate()
    return None


@bp.after_request
def no_store(response):
    """Proposals and reports are confidential: no copy stays in a browser's or proxy's cache."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.errorhandler(413)
def too_large(error):
    if not getattr(current_app.view_functions.get(request.endpoint or ""), "accepts_uploads", 0):
        return render_template(
            "error.html",
            title=_("Too much at once"),
            message=_(
                "What you sent is larger than this site accepts (%(size)s). Please go back "
                "and send less at a time.",
                size=attachments.readable_size(request.max_content_length or 0),
            ),
        ), 413
    message = _(
        "The files were too large together. Each file may be up to %(size)s; "
        "please go back and send fewer or smaller files.",
        size=attachments.readable_size(attachments.max_bytes()),
    )
    return render_template("error.html", title=_("Files too large"), message=message), 413


def _groups():
    return vocab.theme_groups(str(get_locale()))


def _theme_labels(keys: list[str]) -> list[str]:
    return vocab.theme_labels(keys, str(get_locale()))


@bp.get("")
def index():
    return render_template(
        "desk/index.html",
        issues=desk_issues.open_issues(),
        can_propose=current_user.is_authenticated
        and bool(desk.proposing_organizations(current_user)),
        can_publish=current_user.is_authenticated
        and bool(desk_issues.managed_departments(current_user)),
        theme_labels=_theme_labels,
    )


@bp.get("/mine")
@login_required
def mine():
    return render_template(
        "desk/mine.html",
        proposals=desk.proposals_of(current_user),
        shared=desk.shared_with(current_user),
        issues=desk_issues.issues_of(desk.department_ids(current_user)),
        reports=reports.reports_of(current_user),
        matches=reports.completed_matches_without_report(current_user),
    )


# ---- Proposals ----


def _proposal_form(orgs, data: proposals.ProposalInput | None = None) -> ProposalForm:
    form = ProposalForm(data=vars(data) if data else None)
    form.organization.choices = choices((o.id, o.name) for o in orgs)
    form.files.description = _(
        "PDF or images (PNG, JPEG, GIF, WebP), up to %(size)s each and %(n)d files. "
        "Files are checked by their content and kept confidential like the proposal.",
        size=attachments.readable_size(attachments.max_bytes()),
        n=attachments.MAX_FILES,
    )
    return form


def _proposal_input(form: ProposalForm) -> proposals.ProposalInput:
    return proposals.ProposalInput(
        **{name: form[name].data or "" for name in proposals.TEXT_FIELDS},
        note=form.note.data or "",
    )


@bp.route("/proposals/new", methods=["GET", "POST"])
@accepts_uploads
@login_required
def new_proposal():
    orgs = desk.proposing_organizations(current_user)
    if not orgs:
        return render_template("desk/no_organization.html"), 403
    issue_key = request.values.get("issue", "")
    target = desk_issues.find_desk_issue(issue_key, current_user) if issue_key else None
    if issue_key and (target is None or not desk_issues.takes_proposals(target)):
        abort(404)
    form = _proposal_form(orgs)
    if form.validate_on_submit():
        org = next(o for o in orgs if o.id == form.organization.data)
        try:
            proposal = proposals.submit(
                current_user, org, target, _proposal_input(form), form.files.checked
            )
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("Your proposal was sent to the desk. It stays confidential."), "success")
            return redirect(url_for("desk.proposal", key=proposal.key))
    return render_template("desk/proposal_form.html", form=form, issue=target, proposal=None)


@bp.get("/proposals/<key>")
def proposal(key: str):
    found, access = proposal_or_404(key)
    if access is Access.PUBLIC:
        return render_template(
            "desk/proposal_public.html",
            proposal=found,
            parts=proposal_review.public_parts(found),
            report=reports.report_of_proposal(found),
        )
    desk.record_view(current_user, found, access)
    return render_template("desk/proposal.html", **_proposal_page(found, access))


def _proposal_page(found, access: Access, **forms) -> dict:
    from matchhub.desk.review_pages import review_forms

    publication = PublicationForm(data={"parts": found.public_parts or []})
    context = {
        "proposal": found,
        "access": access,
        "Access": Access,
        "message_form": forms.get("message_form") or MessageForm(),
        "files_form": forms.get("files_form") or FilesForm(),
        "publication_form": publication,
        "report": reports.report_of_proposal(found),
        "editable": access is Access.PROPOSER and found.status in AWAITING_DECISION,
        "attachable": access is Access.PROPOSER and found.status in OPEN_FOR_FILES,
        "issue_themes": _theme_labels(found.desk_issue.theme_keys) if found.desk_issue else [],
    }
    if access is Access.DESK:
        context |= review_forms(found)
    if access in (Access.PROPOSER, Access.DESK):
        context["views"] = proposal_review.views(found)
    return context


@bp.route("/proposals/<key>/edit", methods=["GET", "POST"])
@accepts_uploads
@login_required
def edit_proposal(key: str):
    found, access = proposal_or_404(key, *PRIVATE)
    if access is not Access.PROPOSER:
        abort(403)
    form = _proposal_form([found.organization], proposals.input_from(found))
    del form.organization
    if form.validate_on_submit():
        try:
            changed = proposals.revise(
                found, current_user, _proposal_input(form), form.files.checked
            )
        except DeskError as error:
            flash(str(error), "error")
        else:
            if changed:
                flash(_("Version %(n)d is saved.", n=found.version_number), "success")
            else:
                flash(_("Nothing in the text changed; no new version was made."), "info")
            return redirect(url_for("desk.proposal", key=found.key))
    return render_template(
        "desk/proposal_form.html", form=form, issue=found.desk_issue, proposal=found
    )


@bp.post("/proposals/<key>/files")
@accepts_uploads
@login_required
def add_files(key: str):
    found, access = proposal_or_404(key, *PRIVATE)
    form = FilesForm()
    if form.validate_on_submit() and form.files.checked:
        try:
            proposals.add_files(found, current_user, form.files.checked)
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("The files were added."), "success")
            return redirect(url_for("desk.proposal", key=found.key, _anchor="files"))
    elif not form.errors:
        form.files.errors = [_("Please choose a file.")]
    return render_template("desk/proposal.html", **_proposal_page(found, access, files_form=form))


@bp.get("/proposals/<key>/files/<file_key>")
def attachment(key: str, file_key: str):
    found, access = proposal_or_404(key)
    if access is Access.PUBLIC and "attachments" not in (found.public_parts or []):
        abort(404)
    item = proposals.find_attachment(found, file_key)
    if item is None:
        abort(404)
    desk.record_view(current_user, found, access, f"file:{item.filename}")
    return send_stored(
        item,
        proposals.FILES,
        inline=False,
        private=access is not Access.PUBLIC,
    )


@bp.get("/proposals/<key>/versions")
@login_required
def versions(key: str):
    found, access = proposal_or_404(key, *PRIVATE)
    desk.record_view(current_user, found, access, "versions")
    return render_template(
        "desk/versions.html",
        proposal=found,
        versions=list(reversed(found.versions)),
        changes=proposal_review.changed_fields(found.versions),
    )


@bp.post("/proposals/<key>/messages")
@login_required
def post_message(key: str):
    found, access = proposal_or_404(key, *PRIVATE)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            proposals.post_message(found, current_user, form.body.data)
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("Your message was sent."), "success")
            return redirect(url_for("desk.proposal", key=found.key, _anchor="thread"))
    return render_template("desk/proposal.html", **_proposal_page(found, access, message_form=form))


@bp.post("/proposals/<key>/publication")
@login_required
def publication(key: str):
    found, access = proposal_or_404(key, *PRIVATE)
    form = PublicationForm()
    if access is not Access.PROPOSER:
        abort(403)
    if form.validate_on_submit():
        try:
            proposal_review.choose_public_parts(found, current_user, form.parts.data or [])
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("Your choice of what becomes public is saved."), "success")
    return redirect(url_for("desk.proposal", key=found.key, _anchor="publication"))
