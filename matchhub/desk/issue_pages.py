"""Administrative issues: a ward department says what it wants solved and asks for proposals."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.desk import desk
from matchhub.desk import issues as desk_issues
from matchhub.desk.forms import DeskIssueForm
from matchhub.platform import vocabulary as vocab
from matchhub.platform.forms import choices

bp = Blueprint("issues", __name__, url_prefix="/issues", template_folder="templates")


def _groups():
    return vocab.theme_groups(str(get_locale()))


def _issue_form(data: desk_issues.DeskIssueInput) -> DeskIssueForm:
    form = DeskIssueForm(
        data={
            "department": data.department_id,
            "title": data.title,
            "themes": data.theme_keys,
            "background": data.background,
            "expectations": data.expectations,
            "deadline": data.deadline,
            "status": data.status,
        }
    )
    form.department.choices = choices(
        (d.id, d.name) for d in desk_issues.managed_departments(current_user)
    )
    form.themes.choices = choices(vocab.theme_choices(str(get_locale())))
    return form


def _issue_input(form: DeskIssueForm) -> desk_issues.DeskIssueInput:
    return desk_issues.DeskIssueInput(
        form.department.data,
        form.title.data or "",
        list(form.themes.data or []),
        form.background.data or "",
        form.expectations.data or "",
        form.deadline.data,
        form.status.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not desk_issues.managed_departments(current_user):
        abort(403)
    form = _issue_form(desk_issues.DeskIssueInput())
    if form.validate_on_submit():
        issue = desk_issues.save_desk_issue(current_user, _issue_input(form))
        flash(_("The issue 「%(title)s」 is saved.", title=issue.title), "success")
        return redirect(url_for("desk.issues.show", key=issue.key))
    return render_template("desk/issue_form.html", form=form, issue=None, groups=_groups())


@bp.route("/<key>/edit", methods=["GET", "POST"])
@login_required
def edit(key: str):
    issue = desk_issues.find_desk_issue(key, current_user)
    if issue is None or not desk_issues.can_manage_issue(current_user, issue):
        abort(404)
    form = _issue_form(desk_issues.issue_input_from(issue))
    if form.validate_on_submit():
        desk_issues.save_desk_issue(current_user, _issue_input(form), issue)
        flash(_("The issue 「%(title)s」 is saved.", title=issue.title), "success")
        return redirect(url_for("desk.issues.show", key=issue.key))
    return render_template("desk/issue_form.html", form=form, issue=issue, groups=_groups())


@bp.get("/<key>")
def show(key: str):
    found = desk_issues.find_desk_issue(key, current_user)
    if found is None:
        abort(404)
    return render_template(
        "desk/issue.html",
        issue=found,
        themes=vocab.theme_labels(found.theme_keys, str(get_locale())),
        open=desk_issues.takes_proposals(found),
        can_manage=desk_issues.can_manage_issue(current_user, found),
        can_propose=current_user.is_authenticated
        and bool(desk.proposing_organizations(current_user)),
    )
