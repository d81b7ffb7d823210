"""A resident's own pages: my page, the helper profile, settings, and the privacy policy."""

from __future__ import annotations

from dataclasses import asdict

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matchhub.matching import matching
from matchhub.organizations import organizations
from matchhub.platform import vocabulary
from matchhub.platform.forms import choices
from matchhub.residents import profiles
from matchhub.residents.forms import ProfileForm
from matchhub.residents.profiles import ProfileError, ProfileInput

bp = Blueprint("residents", __name__, template_folder="templates")
RECOMMENDED = 5


def safe_path(target: str | None, fallback: str) -> str:
    """Only paths on this site: browsers read "/\\host" as "//host", so no backslashes."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


@bp.get("/me")
@login_required
def me():
    profile = current_user.helper_profile
    ready = profile is not None and profile.consented_at is not None
    recommended = matching.recommendations_for(profile, RECOMMENDED) if ready else []
    return render_template(
        "residents/me.html",
        profile=profile,
        ready=ready,
        recommended=recommended,
        organizations=organizations.organizations_of(current_user),
    )


def _profile_input(form: ProfileForm) -> ProfileInput:
    return ProfileInput(
        area_text=form.area.data or "",
        theme_keys=list(form.themes.data or []),
        other_themes=form.other_themes.data or "",
        skills_text=form.skills.data or "",
        availability=list(form.availability.data or []),
        online_ok=form.online_ok.data,
        languages=list(form.languages.data or []),
        bio=form.bio.data or "",
        consent=form.consent.data,
    )


def _form_data(data: ProfileInput) -> dict:
    values = asdict(data)
    return {
        "area": values["area_text"],
        "themes": values["theme_keys"],
        "other_themes": values["other_themes"],
        "skills": values["skills_text"],
        "availability": values["availability"],
        "online_ok": values["online_ok"],
        "languages": values["languages"],
        "bio": values["bio"],
        "consent": values["consent"],
    }


@bp.route("/me/profile", methods=["GET", "POST"])
@login_required
def profile():
    locale = str(get_locale())
    stored = current_user.helper_profile
    initial = profiles.input_from(stored) if stored else ProfileInput(languages=["ja"])
    form = ProfileForm(data=_form_data(initial))
    groups = vocabulary.theme_groups(locale)
    form.themes.choices = choices(c for g in groups for c in g.themes)
    checking = False
    if form.validate_on_submit():
        if form.check.data:
            checking = True
        else:
            try:
                profiles.save_profile(current_user, _profile_input(form))
            except ProfileError as error:
                getattr(form, error.field or "consent").errors.append(str(error))
            else:
                flash(_("Your profile is saved."), "success")
                return redirect(url_for("residents.profile"))
    typed_skills = vocabulary.split_entries(form.skills.data)
    typed_area = (form.area.data or "").strip()
    area_id = vocabulary.resolve_area(typed_area) if typed_area else None
    return render_template(
        "residents/profile.html",
        form=form,
        profile=stored,
        groups=groups,
        suggestions=vocabulary.skill_suggestions(locale),
        understood=vocabulary.understood_skills(typed_skills, locale),
        understood_area=dict(vocabulary.area_choices()).get(area_id) if area_id else None,
        typed_area=typed_area,
        checking=checking,
    )


@bp.post("/me/profile/pause")
@login_required
def pause():
    profiles.set_active(current_user, False)
    flash(_("Your profile is paused. Organizations will not see you in suggestions."), "success")
    return redirect(url_for("residents.profile"))


@bp.post("/me/profile/resume")
@login_required
def resume():
    try:
        profiles.set_active(current_user, True)
    except ProfileError as error:
        flash(str(error), "error")
    else:
        flash(_("Your profile is active again."), "success")
    return redirect(url_for("residents.profile"))


@bp.route("/me/profile/delete", methods=["GET", "POST"])
@login_required
def delete_profile():
    if current_user.helper_profile is None:
        abort(404)
    if request.method == "POST":
        profiles.delete_profile(current_user)
        flash(_("Your profile is deleted. Your account remains, so you can log in."), "success")
        return redirect(url_for("residents.me"))
    return render_template("residents/profile_delete.html")


@bp.post("/settings/large-text")
def large_text():
    """Switch the larger text on or off: kept with the account, or for this visit."""
    on = request.form.get("large_text") == "on"
    if current_user.is_authenticated:
        profiles.set_large_text(current_user, on)
    else:
        session["large_text"] = on
    return redirect(safe_path(request.form.get("next"), url_for("main.home")))


@bp.get("/privacy")
def privacy():
    """The privacy policy (個人情報の取扱い), written out in each language."""
    language = "en" if str(get_locale()) == "en" else "ja"
    return render_template(f"pages/privacy_{language}.html")
