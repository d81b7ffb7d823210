"""An organization's side of a match: answer the resident, start, complete or cancel."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.matching import lifecycle
from matchhub.matching.forms import AnswerForm, CancelForm, CompletionForm
from matchhub.models import Match
from matchhub.models.matches import CONTACT_SHARED
from matchhub.organizations.organizations import is_member

bp = Blueprint("org_matches", __name__, url_prefix="/org/matches", template_folder="templates")


def _own_match(match_id: int) -> Match:
    """The match, if the current user acts for the issue's organization.

    :raise 404: for anyone else, so a match's existence is not revealed.
    """
    match = db.session.scalar(select(Match).where(Match.id == match_id))
    if match is None or not is_member(current_user, match.issue.organization):
        abort(404)
    return match


def _back(match: Match) -> str:
    target = request.form.get("next", "")
    return (
        target
        if target.startswith("/") and not target.startswith("//")
        else url_for("org_matches.show", match_id=match.id)
    )


@bp.get("/<int:match_id>")
@login_required
def show(match_id: int):
    match = _own_match(match_id)
    return render_template(
        "org_matches/show.html",
        match=match,
        answer_form=AnswerForm(),
        completion_form=CompletionForm(),
        cancel_form=CancelForm(),
        contact_visible=match.status in CONTACT_SHARED,
    )


@bp.post("/<int:match_id>/answer")
@login_required
def answer(match_id: int):
    match = _own_match(match_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("Please write a message to the resident."), "error")
        return redirect(_back(match))
    try:
        lifecycle.answer(match, current_user, form.message.data.strip())
    except lifecycle.LifecycleError as error:
        flash(str(error), "error")
    else:
        flash(_("Your answer was sent to the resident."), "success")
    return redirect(_back(match))


@bp.post("/<int:match_id>/<any(start, complete, cancel):action>")
@login_required
def move(match_id: int, action: str):
    match = _own_match(match_id)
    options: dict = {}
    if action == "complete":
        form = CompletionForm()
        hours = _hours(form.hours.data) if form.validate_on_submit() else None
        if not form.report.data or hours is False:
            flash(_("Please enter the hours as a number and a short report."), "error")
            return redirect(_back(match))
        options = {"hours": hours or None, "report": form.report.data}
    elif action == "cancel":
        form = CancelForm()
        if not form.validate_on_submit():
            flash(_("Please give the reason for cancelling."), "error")
            return redirect(_back(match))
        options = {"reason": form.reason.data}
    try:
        lifecycle.move(match, current_user, action, **options)
    except lifecycle.LifecycleError as error:
        flash(str(error), "error")
    else:
        flash(_("The match was updated."), "success")
    return redirect(_back(match))


def _hours(text: str | None) -> float | bool | None:
    """Hours as typed (full-width digits too); False when it is not a number."""
    if not text or not text.strip():
        return None
    try:
        value = float(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        return False
    return value if 0 <= value <= 10_000 else False
