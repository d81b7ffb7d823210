"""Staff and roles: list and search accounts, create staff, change roles, deactivate."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchhub.accounts import second_factor
from matchhub.admin import staff, staff_directory
from matchhub.admin.forms import ReasonForm, RoleChangeForm, StaffCreateForm

bp = Blueprint("users", __name__, url_prefix="/users", template_folder="templates")


@bp.get("")
def index():
    query = request.args.get("q", "")[:100]
    staff_only = request.args.get("staff") == "1"
    page = request.args.get("page", 1, type=int)
    pagination = staff_directory.search_users(query, page, staff_only)
    return render_template(
        "admin/users.html",
        pagination=pagination,
        query=query,
        staff_only=staff_only,
        totp_enabled=second_factor.is_enabled,
        roles_of=staff.roles_of,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = StaffCreateForm()
    if form.validate_on_submit():
        try:
            user, link = staff.create_staff(
                form.email.data, form.name.data, form.role.data, current_user.id, form.reason.data
            )
        except staff.StaffError as error:
            getattr(form, error.field or "email").errors.append(str(error))
        else:
            page = render_template("admin/user_created.html", user=user, link=link)
            return page, 200, {"Cache-Control": "no-store"}
    return render_template("admin/user_new.html", form=form)


def _user_or_404(user_id: int):
    """:raise 404: for an account that does not exist."""
    user = staff_directory.user_or_none(user_id)
    if user is None:
        abort(404)
    return user


def _show(user, role_form=None, deactivate_form=None, reset_form=None):
    return render_template(
        "admin/user.html",
        user=user,
        roles=staff.roles_of(user),
        totp_enabled=second_factor.is_enabled(user),
        role_form=role_form or RoleChangeForm(prefix="role"),
        deactivate_form=deactivate_form or ReasonForm(prefix="deactivate"),
        reset_form=reset_form or ReasonForm(prefix="reset"),
    )


@bp.get("/<int:user_id>")
def show(user_id: int):
    return _show(_user_or_404(user_id))


@bp.post("/<int:user_id>/roles")
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleChangeForm(prefix="role")
    if form.validate_on_submit():
        change = staff.grant if form.change.data == "grant" else staff.revoke
        try:
            changed = change(user, form.role.data, current_user.id, form.reason.data)
        except staff.StaffError as error:
            form.reason.errors.append(str(error))
        else:
            if changed:
                flash(_("The role was changed."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for(".show", user_id=user.id))
    return _show(user, role_form=form), 400


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    user = _user_or_404(user_id)
    form = ReasonForm(prefix="deactivate")
    if form.validate_on_submit():
        try:
            staff.deactivate(user, current_user.id, form.reason.data)
        except staff.StaffError as error:
            form.reason.errors.append(str(error))
        else:
            flash(_("The account was deactivated and its sessions have ended."), "success")
            return redirect(url_for(".show", user_id=user.id))
    return _show(user, deactivate_form=form), 400


@bp.post("/<int:user_id>/second-factor/reset")
def reset_second_factor(user_id: int):
    user = _user_or_404(user_id)
    form = ReasonForm(prefix="reset")
    if form.validate_on_submit():
        try:
            staff.reset_second_factor(user, current_user.id, form.reason.data)
        except staff.StaffError as error:
            form.reason.errors.append(str(error))
        else:
            flash(
                _("The second factor was reset. The person sets it up again at their next login."),
                "success",
            )
            return redirect(url_for(".show", user_id=user.id))
    return _show(user, reset_form=form), 400


@bp.post("/<int:user_id>/setup-link")
def new_setup_link(user_id: int):
    user = _user_or_404(user_id)  # CSRFProtect guards this form-less POST like every other
    try:
        link = staff.new_setup_link(user, current_user.id)
    except staff.StaffError as error:
        flash(str(error), "error")
        return redirect(url_for(".show", user_id=user.id))
    page = render_template("admin/user_created.html", user=user, link=link, again=True)
    return page, 200, {"Cache-Control": "no-store"}
