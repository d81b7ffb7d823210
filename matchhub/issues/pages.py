"""Issues: the public list and page with «参加したい», and an organization's own issues."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.issues import issues
from matchhub.issues import search as issue_search
from matchhub.issues.issues import IssueError, IssueInput
from matchhub.matching import candidates, matching
from matchhub.organizations.forms import IssueForm, IssueSearchForm
from matchhub.organizations.organizations import is_member
from matchhub.organizations.pages import member_org_or_404
from matchhub.platform import vocabulary
from matchhub.platform.bounded_input import page_number
from matchhub.platform.forms import choices
from matchhub.residents import activities
from matchhub.residents.activities import ActivityError, Interest

bp = Blueprint("issues", __name__, template_folder="templates")


def _ready_profile():
    """The current resident's profile if it can be ranked, else None."""
    if not current_user.is_authenticated:
        return None
    profile = current_user.helper_profile
    if profile is None or profile.consented_at is None or not profile.active:
        return None
    return profile


def _filters(form: IssueSearchForm) -> issue_search.IssueFilters:
    area = form.area.data or ""
    return issue_search.IssueFilters(
        q=(form.q.data or "")[:200],
        theme=form.theme.data or "",
        area_id=int(area) if area.isdigit() else None,
        day=form.day.data if form.day.data in vocabulary.DAYS else "",
        time=form.time.data if form.time.data in vocabulary.TIMES else "",
        online=form.online.data,
        kind=form.kind.data if form.kind.data in vocabulary.ISSUE_KIND_LABELS else "",
        one_off=form.one_off.data,
    )


@bp.get("/issues")
def index():
    locale = str(get_locale())
    form = IssueSearchForm(request.args)
    form.theme.choices = choices([("", _("Any theme")), *vocabulary.theme_choices(locale)])
    areas = [(str(i), name) for i, name in vocabulary.area_choices()]
    form.area.choices = choices([("", _("Anywhere")), *areas])
    form.validate()
    pagination = issue_search.search_issues(_filters(form), page_number())
    profile = _ready_profile()
    fits = matching.fit_for(profile, pagination.items) if profile else {}
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "issues/list.html", form=form, pagination=pagination, fits=fits, args=args
    )


@bp.get("/issues/<key>")
def show(key: str):
    issue = issues.visible_issue(key, current_user)
    if issue is None:
        abort(404)
    profile = _ready_profile()
    return render_template(
        "issues/show.html",
        issue=issue,
        seats=issues.seats_taken(issue),
        one_off=issues.is_one_off(issue),
        fit=matching.score_pair(issue, profile) if profile and issue.status == "open" else None,
        match=activities.interest_in(issue, current_user),
        member=is_member(current_user, issue.organization),
        contact_shared=activities.contact_shared,
    )


@bp.post("/issues/<key>/interest")
@login_required
def interest(key: str):
    issue = issues.visible_issue(key, current_user)
    if issue is None:
        abort(404)
    try:
        outcome = activities.express_interest(issue, current_user)
    except ActivityError as error:
        flash(str(error), "error")
    else:
        messages = {
            Interest.RECORDED: (
                _(
                    "Thank you! We passed on that you would like to take part. "
                    "A coordinator will contact you."
                ),
                "success",
            ),
            Interest.ALREADY: (_("You have already said you would like to take part."), "info"),
            Interest.UNAVAILABLE: (_("You cannot apply for this issue any more."), "info"),
        }
        flash(*messages[outcome])
    return redirect(url_for("issues.show", key=issue.key))


# ---- An organization's own issues ----


def _member_issue_or_404(org_key: str, key: str):
    """:raise 404: unless the issue belongs to an organization the user is a member of."""
    org = member_org_or_404(org_key)
    issue = issues.member_issue(org, key)
    if issue is None:
        abort(404)
    return org, issue


def _issue_input(form: IssueForm) -> IssueInput:
    return IssueInput(
        title=form.title.data or "",
        kind=form.kind.data,
        description=form.description.data or "",
        theme_keys=list(form.themes.data or []),
        other_themes=form.other_themes.data or "",
        skills_text=form.skills.data or "",
        area_text=form.area.data or "",
        online=form.online.data,
        availability=list(form.availability.data or []),
        languages=list(form.languages.data or []),
        people_needed=form.people_needed.data or 1,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )


def _issue_form(data: IssueInput) -> tuple[IssueForm, list]:
    values = {
        "title": data.title, "kind": data.kind, "description": data.description,
        "themes": data.theme_keys, "other_themes": data.other_themes,
        "skills": data.skills_text, "area": data.area_text, "online": data.online,
        "availability": data.availability, "languages": data.languages,
        "people_needed": data.people_needed, "starts_on": data.starts_on,
        "ends_on": data.ends_on,
    }  # fmt: skip
    form = IssueForm(data=values)
    groups = vocabulary.theme_groups(str(get_locale()))
    form.themes.choices = choices(c for g in groups for c in g.themes)
    return form, groups


@bp.route("/org/<org_key>/issues/new", methods=["GET", "POST"])
@login_required
def new(org_key: str):
    org = member_org_or_404(org_key)
    form, groups = _issue_form(IssueInput(area_text=org.area_text))
    if form.validate_on_submit():
        issue = issues.create_issue(org, current_user, _issue_input(form))
        flash(_("The issue is saved as a draft."), "success")
        return redirect(url_for("issues.manage", org_key=org.key, key=issue.key))
    return render_template("issues/form.html", form=form, groups=groups, org=org, issue=None)


@bp.route("/org/<org_key>/issues/<key>/edit", methods=["GET", "POST"])
@login_required
def edit(org_key: str, key: str):
    org, issue = _member_issue_or_404(org_key, key)
    form, groups = _issue_form(issues.input_from(issue))
    if form.validate_on_submit():
        issues.update_issue(issue, current_user, _issue_input(form))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("issues.manage", org_key=org.key, key=issue.key))
    return render_template("issues/form.html", form=form, groups=groups, org=org, issue=issue)


@bp.get("/org/<org_key>/issues/<key>")
@login_required
def manage(org_key: str, key: str):
    """The organization's view of its issue: who is interested, who may fit, and why."""
    org, issue = _member_issue_or_404(org_key, key)
    return render_template(
        "issues/manage.html",
        org=org,
        issue=issue,
        board=candidates.board_for(issue),
        seats=issues.seats_taken(issue),
    )


@bp.post("/org/<org_key>/issues/<key>/status")
@login_required
def change_status(org_key: str, key: str):
    """Publish, close or reopen an issue."""
    org, issue = _member_issue_or_404(org_key, key)
    action = request.form.get("action")
    try:
        if action == "open":
            issues.publish_issue(issue, current_user)
            flash(_("The issue is open. Residents can now find it."), "success")
        elif action == "close":
            issues.close_issue(issue, current_user)
            flash(_("The issue is closed. It no longer takes part requests."), "success")
        else:
            abort(400)
    except IssueError as error:
        flash(str(error), "error")
    return redirect(url_for("issues.manage", org_key=org.key, key=issue.key))
