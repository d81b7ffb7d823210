"""The register of agreements: kept by the desk, read by the departments that signed them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.desk import agreements, desk
from matchhub.desk.desk import Access, DeskError
from matchhub.desk.forms import AgreementForm, MatchLinkForm
from matchhub.platform import vocabulary as vocab
from matchhub.platform.access import staff_required
from matchhub.platform.forms import choices

bp = Blueprint("agreements", __name__, url_prefix="/agreements", template_folder="templates")


def _form(data: agreements.AgreementInput) -> AgreementForm:
    form = AgreementForm(
        data={
            "title": data.title,
            "kind": data.kind,
            "partner": data.partner_id,
            "departments": data.department_ids,
            "themes": data.theme_keys,
            "starts_on": data.starts_on,
            "ends_on": data.ends_on,
            "renewal_on": data.renewal_on,
            "roles": data.roles,
            "schedule": data.schedule,
            "budget_yen": data.budget_yen,
            "cost_bearer": data.cost_bearer,
            "budget_note": data.budget_note,
            "notes": data.notes,
        }
    )
    form.partner.choices = choices((o.id, o.name) for o in agreements.partners())
    form.departments.choices = choices((d.id, d.name) for d in desk.departments())
    form.themes.choices = choices(vocab.theme_choices(str(get_locale())))
    return form


def _groups():
    return vocab.theme_groups(str(get_locale()))


def _input(form: AgreementForm) -> agreements.AgreementInput:
    return agreements.AgreementInput(
        title=form.title.data or "",
        kind=form.kind.data,
        partner_id=form.partner.data,
        department_ids=list(form.departments.data or []),
        theme_keys=list(form.themes.data or []),
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        renewal_on=form.renewal_on.data,
        roles=form.roles.data or "",
        schedule=form.schedule.data or "",
        budget_yen=form.budget_yen.data,
        budget_note=form.budget_note.data or "",
        cost_bearer=form.cost_bearer.data,
        notes=form.notes.data or "",
    )


def _agreement_or_404(key: str):
    """The agreement, for the desk and its departments.

    :raise 404: for anyone else (the public page is /cases/agreements/KEY).
    """
    found = agreements.find(key)
    if found is None or not agreements.can_view(current_user, found):
        abort(404)
    return found


@bp.get("")
@staff_required
def index():
    return render_template(
        "desk/agreements.html",
        agreements=agreements.register(),
        due=agreements.due_for_renewal(),
        today=desk.today(),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    form = _form(agreements.AgreementInput(starts_on=desk.today()))
    if form.validate_on_submit():
        try:
            found = agreements.save(current_user, _input(form))
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("The agreement 「%(title)s」 is registered.", title=found.title), "success")
            return redirect(url_for("desk.agreements.show", key=found.key))
    return render_template("desk/agreement_form.html", form=form, agreement=None, groups=_groups())


@bp.route("/<key>/edit", methods=["GET", "POST"])
@staff_required
def edit(key: str):
    found = _agreement_or_404(key)
    form = _form(agreements.input_from(found))
    if form.validate_on_submit():
        try:
            agreements.save(current_user, _input(form), found)
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("The agreement 「%(title)s」 is saved.", title=found.title), "success")
            return redirect(url_for("desk.agreements.show", key=found.key))
    return render_template("desk/agreement_form.html", form=form, agreement=found, groups=_groups())


@bp.get("/<key>")
@login_required
def show(key: str):
    found = _agreement_or_404(key)
    return render_template(
        "desk/agreement.html",
        agreement=found,
        themes=vocab.theme_labels(found.theme_keys, str(get_locale())),
        cases=agreements.published_cases(found),
        proposals=[
            p for p in found.proposals if desk.proposal_access(current_user, p) > Access.PUBLIC
        ],
        match_form=MatchLinkForm(),
    )


@bp.post("/<key>/matches")
@staff_required
def link_match(key: str):
    found = _agreement_or_404(key)
    form = MatchLinkForm()
    if form.validate_on_submit():
        try:
            agreements.link_match(found, current_user, form.match_id.data)
        except DeskError as error:
            flash(str(error), "error")
        else:
            flash(_("The match is linked to the agreement."), "success")
    else:
        flash(_("Please enter the match number."), "error")
    return redirect(url_for("desk.agreements.show", key=found.key, _anchor="matches"))


@bp.post("/<key>/matches/<int:match_id>/remove")
@staff_required
def unlink_match(key: str, match_id: int):
    found = _agreement_or_404(key)
    agreements.unlink_match(found, current_user, match_id)
    flash(_("The match is no longer linked."), "success")
    return redirect(url_for("desk.agreements.show", key=found.key, _anchor="matches"))
