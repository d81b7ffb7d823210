"""The targets dashboard: the desk's figures against its targets, and the targets themselves."""

from __future__ import annotations

import re
import unicodedata

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from matchhub.dashboard import figures, kpi
from matchhub.dashboard.fiscal import fiscal_year_of
from matchhub.models.types import utcnow
from matchhub.platform.access import admin_required, staff_required

bp = Blueprint(
    "dashboard", __name__, url_prefix="/coordinator/dashboard", template_folder="templates"
)

FIRST_FISCAL_YEAR = 2000
YEARS_OFFERED = 5


def _numeric(value: str | None) -> str | None:
    """Accept what people type: full-width digits (１２０) and thousands separators."""
    if value is None:
        return None
    return unicodedata.normalize("NFKC", value).strip().replace(",", "")


def _whole_number(maximum: int):
    def check(form, field) -> None:
        if not re.fullmatch(r"[0-9]+", field.data or ""):
            raise ValidationError(_("Please enter a whole number, such as 100."))
        if not 1 <= int(field.data) <= maximum:
            raise ValidationError(_("Please enter a number from 1 to %(max)d.", max=maximum))

    return [DataRequired(message=_l("Please fill in this field.")), check]


def _count_field(label, maximum: int, description):
    return StringField(
        label,
        validators=_whole_number(maximum),
        filters=[_numeric],
        description=description,
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class TargetsForm(FlaskForm):
    matches_per_year = _count_field(
        _l("Matches made per year"),
        100_000,
        _l("Pairings the resident accepted, counted from 1 April."),
    )
    postings_per_month = _count_field(
        _l("Postings per month"), 100_000, _l("Issues published by organizations in a month.")
    )
    new_participants_per_year = _count_field(
        _l("New participants per year"),
        100_000,
        _l("Residents and organization members who join in the fiscal year."),
    )
    case_studies_per_year = _count_field(
        _l("Case studies published per year"), 10_000, _l("Finished projects published.")
    )
    active_users_per_month = _count_field(
        _l("Active users per month"),
        1_000_000,
        _l("Residents and organization members who do something in a month (ward plan: 5,000)."),
    )
    answer_within_days = _count_field(
        _l("Days organizations have to answer"),
        60,
        _l("After this many days without an answer, a resident's wait is overdue."),
    )

    def values(self) -> dict[str, int]:
        """The targets as settings keys."""
        return {_setting_key(name): int(self[name].data) for name in FIELDS}


FIELDS = (
    "matches_per_year",
    "postings_per_month",
    "new_participants_per_year",
    "case_studies_per_year",
    "active_users_per_month",
    "answer_within_days",
)


def _setting_key(name: str) -> str:
    return name if name == "answer_within_days" else f"target.{name}"


def _fiscal_year() -> tuple[int, int]:
    """The fiscal year asked for (default: the current one), and the current one.

    :raise 404: for a year before 2000 or after the current one.
    """
    current = fiscal_year_of(utcnow())
    year = request.args.get("year", type=int) or current
    if not FIRST_FISCAL_YEAR <= year <= current:
        abort(404)
    return year, current


@bp.get("")
@staff_required
def index():
    year, current = _fiscal_year()
    board = kpi.dashboard(year)
    years = sorted({*range(current, current - YEARS_OFFERED, -1), year}, reverse=True)
    return render_template(
        "coordinator/dashboard.html",
        board=board,
        figures=figures.build(board),
        years=years,
        year_label=figures.fiscal_year_label,
        month_label=figures.month_label,
        format_number=figures.format_number,
        # The coordinator's menu, when the workspace is there to link to.
        has_workspace="coordinator" in current_app.blueprints,
        has_dashboard=True,
    )


@bp.get("/<slug>.csv")
@staff_required
def download(slug: str):
    """One figure as CSV, in the language of the page.

    :raise 404: for a figure the dashboard does not have.
    """
    if slug not in figures.SLUGS:
        abort(404)
    year, _current = _fiscal_year()
    figure = figures.build(kpi.dashboard(year))[slug]
    filename = f"matchhub-{slug}-fy{year}.csv"
    return Response(
        figures.to_csv(figure),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/targets", methods=["GET", "POST"])
@admin_required
def targets():
    current = kpi.targets()
    form = TargetsForm(data={name: str(current[_setting_key(name)]) for name in FIELDS})
    if form.validate_on_submit():
        changed = kpi.update_targets(form.values(), current_user)
        if changed:
            flash(_("The targets were saved."), "success")
        else:
            flash(_("Nothing was changed."), "info")
        return redirect(url_for("dashboard.index"))
    return render_template("coordinator/dashboard_targets.html", form=form, fields=FIELDS)
