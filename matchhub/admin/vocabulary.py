"""The ward's vocabulary and map: themes, skills and areas, with a preview before saving."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matchhub.admin import taxonomy_editing as editing
from matchhub.admin.forms import (
    AreaForm,
    NewAreaForm,
    NewSkillForm,
    NewThemeForm,
    SkillForm,
    ThemeForm,
)
from matchhub.models import Area, Skill, Theme
from matchhub.platform.forms import choices

bp = Blueprint("vocabulary", __name__, template_folder="templates")

KINDS = {
    "theme": (Theme, ThemeForm, NewThemeForm, editing.preview_theme, editing.save_theme),
    "skill": (Skill, SkillForm, NewSkillForm, editing.preview_skill, editing.save_skill),
    "area": (Area, AreaForm, NewAreaForm, editing.preview_area, editing.save_area),
}


@bp.get("/themes")
def themes():
    return render_template("admin/themes.html", themes=editing.themes())


@bp.get("/skills")
def skills():
    return render_template("admin/skills.html", skills=editing.skills())


@bp.get("/areas")
def areas():
    return render_template("admin/areas.html", areas=editing.areas())


def _form_data(kind: str, row) -> dict:
    if row is None:
        return {"sample": editing.SAMPLE_TEXT}
    data = {
        "name": row.name,
        "aliases": "\n".join(row.aliases or ()),
        "sample": editing.SAMPLE_TEXT,
    }
    if kind == "theme":
        data.update(name_en=row.name_en, fields=[f.key for f in row.fields])
    elif kind == "skill":
        data.update(name_en=row.name_en, category=row.category)
    else:
        data.update(
            kana=row.kana, parent=row.parent.key if row.parent else "", lat=row.lat, lon=row.lon
        )
    return data


def _values(kind: str, form) -> dict:
    values = {"name": form.name.data or "", "aliases": editing.aliases_from_text(form.aliases.data)}
    if kind == "theme":
        values.update(name_en=form.name_en.data or "", fields=list(form.fields.data or ()))
    elif kind == "skill":
        values.update(name_en=form.name_en.data or "", category=form.category.data or "")
    else:
        values.update(
            kana=form.kana.data or "",
            parent=form.parent.data or "",
            lat=form.lat.data,
            lon=form.lon.data,
        )
    return values


def _choices(kind: str, form, key: str | None) -> None:
    if kind == "theme":
        form.fields.choices = choices(
            (f.key, f"{f.number}. {f.name}") for f in editing.activity_fields()
        )
    elif kind == "area":
        form.parent.choices = choices(
            [("", _("(none: a ward or city)"))]
            + [(a.key, a.name) for a in editing.areas() if a.key != key]
        )


def _edit(kind: str, key: str | None):
    model, edit_form, new_form, preview, save = KINDS[kind]
    row = editing.by_key(model, key) if key else None
    if key and row is None:
        abort(404)
    form_class = edit_form if row is not None else new_form
    form = form_class(data=_form_data(kind, row)) if request.method == "GET" else form_class()
    _choices(kind, form, key)
    result = None
    if form.validate_on_submit():
        the_key = key or form.key.data
        values = _values(kind, form)
        if request.form.get("action") == "save":
            try:
                save(the_key, values, current_user.id, is_new=row is None)
            except editing.TaxonomyEditError as error:
                getattr(form, error.field or "name").errors.append(str(error))
            else:
                flash(_("Saved. Every page uses the change from now on."), "success")
                return redirect(url_for(f".{kind}s"))
        else:
            result = preview(form.sample.data or "", the_key, values)
    elif request.method == "GET" and form.sample.data:
        result = preview(form.sample.data, key or "", _values(kind, form)) if row else None
    return render_template(
        "admin/vocabulary_form.html", form=form, row=row, preview=result, kind=kind
    )


@bp.route("/themes/new", methods=["GET", "POST"], endpoint="theme_new")
def new_theme():
    return _edit("theme", None)


@bp.route("/themes/<key>", methods=["GET", "POST"], endpoint="theme_edit")
def edit_theme(key: str):
    """:raise 404: for a theme that does not exist."""
    return _edit("theme", key)


@bp.route("/skills/new", methods=["GET", "POST"], endpoint="skill_new")
def new_skill():
    return _edit("skill", None)


@bp.route("/skills/<key>", methods=["GET", "POST"], endpoint="skill_edit")
def edit_skill(key: str):
    """:raise 404: for a skill that does not exist."""
    return _edit("skill", key)


@bp.route("/areas/new", methods=["GET", "POST"], endpoint="area_new")
def new_area():
    return _edit("area", None)


@bp.route("/areas/<path:key>", methods=["GET", "POST"], endpoint="area_edit")
def edit_area(key: str):
    """:raise 404: for an area that does not exist."""
    return _edit("area", key)
