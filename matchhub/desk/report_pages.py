"""Implementation reports (実施報告書): written by the organization or the department when a
project or a volunteer match ends, and published by the desk as case studies."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.desk import agreements, cases, desk, reports
from matchhub.desk.access import send_stored
from matchhub.desk.desk import DeskError
from matchhub.desk.forms import PhotoForm, PublishForm, ReportForm
from matchhub.extensions import db
from matchhub.models import Match
from matchhub.platform import vocabulary as vocab
from matchhub.platform.access import staff_required
from matchhub.platform.bounded_input import accepts_uploads
from matchhub.platform.bounds import valid_id
from matchhub.platform.forms import choices

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")


def _report_or_404(key: str, edit: bool = False):
    """The report, for its writers and the desk (and anyone once published).

    :raise 404: for anyone else, so a draft's existence is not revealed.
    """
    found = reports.find(key)
    allowed = found is not None and (
        reports.can_edit(current_user, found) if edit else reports.can_view(current_user, found)
    )
    if not allowed:
        abort(404)
    return found


def _form(data: reports.ReportInput) -> ReportForm:
    form = ReportForm(
        data={
            "title": data.title,
            "summary": data.summary,
            "what_done": data.what_done,
            "partners": data.partners,
            "place": data.place,
            "themes": data.theme_keys,
            "figures": data.figures_text,
            "lessons": data.lessons,
        }
    )
    form.themes.choices = choices(vocab.theme_choices(str(get_locale())))
    return form


def _publish_form(report) -> PublishForm:
    proposal = report.proposal
    current = proposal.agreement.key if proposal is not None and proposal.agreement else ""
    form = PublishForm(data={"agreement": current})
    form.agreement.choices = choices(
        [("", _("No agreement"))] + [(a.key, a.title) for a in agreements.register()]
    )
    return form


@bp.post("/start")
@login_required
def start():
    """Begin (or reopen) the report of a project or a completed match."""
    try:
        if request.form.get("proposal"):
            proposal = desk.find_proposal(request.form["proposal"])
            if proposal is None:
                abort(404)
            found = reports.start_for_proposal(proposal, current_user)
        else:
            match_id = request.form.get("match", type=int)
            match = db.session.get(Match, match_id) if valid_id(match_id) else None
            if match is None or not reports.may_report_match(current_user, match):
                abort(404)
            found = reports.start_for_match(match, current_user)
    except DeskError as error:
        flash(str(error), "error")
        return redirect(url_for("desk.mine"))
    return redirect(url_for("desk.reports.edit", key=found.key))


@bp.get("/<key>")
@login_required
def show(key: str):
    found = _report_or_404(key)
    return render_template(
        "desk/report.html",
        report=found,
        themes=vocab.theme_labels(found.theme_keys, str(get_locale())),
        editable=reports.can_edit(current_user, found),
        photo_form=PhotoForm(),
        publish_form=_publish_form(found) if current_user.is_staff else None,
    )


@bp.route("/<key>/edit", methods=["GET", "POST"])
@login_required
def edit(key: str):
    found = _report_or_404(key, edit=True)
    form = _form(reports.input_from(found))
    if form.validate_on_submit():
        data = reports.ReportInput(
            title=form.title.data or "",
            summary=form.summary.data or "",
            what_done=form.what_done.data or "",
            partners=form.partners.data or "",
            place=form.place.data or "",
            theme_keys=list(form.themes.data or []),
            figures_text=form.figures.data or "",
            lessons=form.lessons.data or "",
        )
        reports.save(found, current_user, data)
        flash(_("The report is saved."), "success")
        return redirect(url_for("desk.reports.show", key=found.key))
    groups = vocab.theme_groups(str(get_locale()))
    return render_template("desk/report_form.html", form=form, report=found, groups=groups)


@bp.post("/<key>/photos")
@accepts_uploads
@login_required
def add_photo(key: str):
    found = _report_or_404(key, edit=True)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            reports.add_photo(found, current_user, form.photo.checked[0], form.description.data)
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("The photo was added."), "success")
            return redirect(url_for("desk.reports.show", key=found.key, _anchor="photos"))
    return render_template(
        "desk/report.html",
        report=found,
        themes=vocab.theme_labels(found.theme_keys, str(get_locale())),
        editable=True,
        photo_form=form,
        publish_form=_publish_form(found) if current_user.is_staff else None,
    )


@bp.post("/<key>/photos/<photo_key>/remove")
@login_required
def remove_photo(key: str, photo_key: str):
    found = _report_or_404(key, edit=True)
    reports.remove_photo(found, current_user, photo_key)
    flash(_("The photo was removed."), "success")
    return redirect(url_for("desk.reports.show", key=found.key, _anchor="photos"))


@bp.get("/<key>/photos/<photo_key>")
@login_required
def photo(key: str, photo_key: str):
    found = _report_or_404(key)
    item = reports.find_photo(found, photo_key)
    if item is None:
        abort(404)
    return send_stored(
        item,
        reports.FILES,
        inline=True,
        private=found.status != "published",
    )


@bp.post("/<key>/submit")
@login_required
def submit(key: str):
    found = _report_or_404(key, edit=True)
    try:
        reports.submit(found, current_user)
    except DeskError as error:
        flash(str(error), "error")
    else:
        flash(_("The report was sent to the desk. Thank you!"), "success")
    return redirect(url_for("desk.reports.show", key=found.key))


@bp.post("/<key>/publish")
@staff_required
def publish(key: str):
    found = _report_or_404(key)
    form = _publish_form(found)
    if not form.validate_on_submit():
        abort(400)
    agreement = agreements.find(form.agreement.data) if form.agreement.data else None
    try:
        cases.publish(found, current_user, agreement)
    except DeskError as error:
        flash(str(error), "error")
        return redirect(url_for("desk.reports.show", key=found.key))
    flash(_("「%(title)s」 is published as a case study.", title=found.title), "success")
    return redirect(url_for("cases.show", key=found.key))
