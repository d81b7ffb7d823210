"""A resident's matches (accept or decline what the desk confirmed) and everyone's notices."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.platform import notifications
from matchhub.platform.bounded_input import page_number
from matchhub.residents import activities
from matchhub.residents.activities import ActivityError
from matchhub.residents.forms import DeclineForm
from matchhub.residents.pages import safe_path

bp = Blueprint("activities", __name__, template_folder="templates")


def _page() -> int:
    return page_number()


def _resident_match(match_id: int):
    """:raise 404: when the match is not this resident's."""
    match = activities.resident_match(current_user, match_id)
    if match is None:
        abort(404)
    return match


@bp.get("/me/activities")
@login_required
def index():
    return render_template(
        "residents/activities.html",
        pagination=activities.activities_page(current_user, _page()),
        contact_shared=activities.contact_shared,
    )


@bp.post("/me/activities/<int:match_id>/accept")
@login_required
def accept(match_id: int):
    match = _resident_match(match_id)
    try:
        activities.accept_match(match, current_user)
    except ActivityError as error:
        flash(str(error), "error")
    else:
        flash(
            _(
                "You will take part in 「%(title)s」. The organization's contact is shown below.",
                title=match.issue.title,
            ),
            "success",
        )
    return redirect(url_for("activities.index", _anchor=f"match-{match.id}"))


@bp.route("/me/activities/<int:match_id>/decline", methods=["GET", "POST"])
@login_required
def decline(match_id: int):
    match = _resident_match(match_id)
    if match.status != "confirmed":
        flash(_("This match is not waiting for your answer."), "error")
        return redirect(url_for("activities.index"))
    form = DeclineForm()
    if form.validate_on_submit():
        label = {c.value: c.label for c in form.reason.choices}.get(form.reason.data, "")
        reason = f"{label}: {form.details.data.strip()}" if form.details.data else str(label)
        try:
            activities.decline_match(match, current_user, reason)
        except ActivityError as error:
            flash(str(error), "error")
        else:
            flash(
                _(
                    "You declined 「%(title)s」. Thank you for letting us know.",
                    title=match.issue.title,
                ),
                "success",
            )
        return redirect(url_for("activities.index"))
    return render_template("residents/decline.html", form=form, match=match)


@bp.get("/me/notifications")
@login_required
def notices():
    return render_template(
        "residents/notifications.html",
        pagination=notifications.notifications_page(current_user, _page()),
    )


@bp.post("/me/notifications/<int:notification_id>")
@login_required
def open_notice(notification_id: int):
    """Mark a notice read and follow its link (a POST: reading a page changes nothing)."""
    note = notifications.open_notification(current_user, notification_id)
    if note is None:
        abort(404)
    return redirect(safe_path(note.link, url_for("activities.notices")))


@bp.post("/me/notifications/read")
@login_required
def read_all():
    notifications.mark_all_read(current_user)
    flash(_("All notices are marked as read."), "success")
    return redirect(url_for("activities.notices"))
