"""Organizations: register one, describe it, and invite colleagues. Members only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.issues import issues
from matchhub.models import SELF_DECLARED_KINDS
from matchhub.organizations import organizations
from matchhub.organizations.forms import InviteForm, OrganizationForm
from matchhub.organizations.organizations import OrganizationError, OrganizationInput
from matchhub.platform import vocabulary
from matchhub.platform.forms import choices
from matchhub.platform.vocabulary import ORGANIZATION_KIND_LABELS

bp = Blueprint("organizations", __name__, template_folder="templates")


def member_org_or_404(key: str):
    """The organization, if the current user is one of its members.

    :raise 404: for anyone else, so that outsiders learn nothing about it.
    """
    org = organizations.member_organization(current_user, key)
    if org is None:
        abort(404)
    return org


def _input(form: OrganizationForm, org=None) -> OrganizationInput:
    if org is not None and form.kind.data is None:
        form.kind.data = org.kind
    return OrganizationInput(
        name=form.name.data or "",
        kind=form.kind.data,
        area_text=form.area.data or "",
        theme_keys=list(form.themes.data or []),
        other_themes=form.other_themes.data or "",
        offers_text=form.offers.data or "",
        description=form.description.data or "",
        email=form.email.data or "",
    )


def _form(data: OrganizationInput) -> tuple[OrganizationForm, list]:
    """The form, offering the self-declared kinds and the organization's own kind."""
    form = OrganizationForm(
        data={
            "name": data.name,
            "kind": data.kind,
            "area": data.area_text,
            "themes": data.theme_keys,
            "other_themes": data.other_themes,
            "offers": data.offers_text,
            "description": data.description,
            "email": data.email,
        }
    )
    if data.kind not in SELF_DECLARED_KINDS:
        form.kind.choices = choices(
            [(data.kind, ORGANIZATION_KIND_LABELS[data.kind])]
            + [(k, ORGANIZATION_KIND_LABELS[k]) for k in SELF_DECLARED_KINDS]
        )
    groups = vocabulary.theme_groups(str(get_locale()))
    form.themes.choices = choices(c for g in groups for c in g.themes)
    return form, groups


@bp.get("/org")
@login_required
def index():
    mine = organizations.organizations_of(current_user)
    if len(mine) == 1:
        return redirect(url_for("organizations.show", key=mine[0].key))
    return render_template("organizations/index.html", organizations=mine)


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def new():
    form, groups = _form(OrganizationInput(email=current_user.email or ""))
    if form.validate_on_submit():
        try:
            org = organizations.register_organization(current_user, _input(form))
        except OrganizationError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            flash(
                _("「%(name)s」 is registered. The desk will check it soon.", name=org.name),
                "success",
            )
            return redirect(url_for("organizations.show", key=org.key))
    return render_template(
        "organizations/form.html", form=form, groups=groups, org=None, owner=True
    )


@bp.get("/org/<key>")
@login_required
def show(key: str):
    org = member_org_or_404(key)
    return render_template(
        "organizations/show.html",
        org=org,
        issues=issues.issues_of(org),
        members=organizations.members_of(org),
        invitations=organizations.pending_invitations(org),
        invite_form=InviteForm(),
    )


@bp.route("/org/<key>/edit", methods=["GET", "POST"])
@login_required
def edit(key: str):
    org = member_org_or_404(key)
    form, groups = _form(organizations.input_from(org))
    if form.validate_on_submit():
        try:
            organizations.update_organization(org, current_user, _input(form, org))
        except OrganizationError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            flash(_("The organization's details are saved."), "success")
            return redirect(url_for("organizations.show", key=org.key))
    owner = organizations.is_owner(current_user, org)
    return render_template(
        "organizations/form.html", form=form, groups=groups, org=org, owner=owner
    )


@bp.post("/org/<key>/invitations")
@login_required
def invite(key: str):
    org = member_org_or_404(key)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            organizations.invite(org, current_user, form.email.data)
        except OrganizationError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("An invitation was sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("organizations.show", key=org.key, _anchor="members"))
    return render_template(
        "organizations/show.html",
        org=org,
        issues=issues.issues_of(org),
        members=organizations.members_of(org),
        invitations=organizations.pending_invitations(org),
        invite_form=form,
    )


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """Join an organization through a mailed invitation (after logging in)."""
    found = organizations.invitation_for(token)
    if found is None:
        return render_template("organizations/invitation.html", invitation=None), 404
    if request.method == "POST" and current_user.is_authenticated:
        try:
            org = organizations.accept_invitation(found, current_user)
        except OrganizationError as error:
            flash(str(error), "error")
        else:
            flash(_("You are now a member of 「%(name)s」.", name=org.name), "success")
            return redirect(url_for("organizations.show", key=org.key))
    return render_template("organizations/invitation.html", invitation=found, token=token)
