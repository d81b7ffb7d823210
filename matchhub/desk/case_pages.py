"""The public case database (/cases): published case studies, their organizations and
agreements, searchable by theme, area and kind of partner. Open to everyone."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from matchhub.desk import agreements, cases, proposal_review, reports
from matchhub.desk.access import send_stored
from matchhub.desk.forms import CaseSearchForm
from matchhub.platform import vocabulary as vocab
from matchhub.platform.bounded_input import page_number
from matchhub.platform.forms import choices

bp = Blueprint("cases", __name__, url_prefix="/cases", template_folder="templates")


@bp.context_processor
def case_labels() -> dict:
    locale = str(get_locale())
    return {"theme_labels": lambda keys: vocab.theme_labels(keys, locale)}


def _filters(form: CaseSearchForm) -> cases.CaseFilters:
    area = form.area.data or ""
    kind = form.partner_kind.data or ""
    return cases.CaseFilters(
        q=(form.q.data or "")[:200],
        theme=form.theme.data or "",
        area_id=int(area) if area.isdigit() else None,
        partner_kind=kind if kind in vocab.ORGANIZATION_KIND_LABELS else "",
    )


@bp.get("")
def index():
    locale = str(get_locale())
    form = CaseSearchForm(request.args)
    form.theme.choices = choices([("", _("Any theme")), *vocab.theme_choices(locale)])
    areas = [(str(i), name) for i, name in vocab.area_choices()]
    form.area.choices = choices([("", _("Anywhere")), *areas])
    kinds = list(vocab.ORGANIZATION_KIND_LABELS.items())
    form.partner_kind.choices = choices([("", _("Any kind")), *kinds])
    form.validate()
    page = page_number()
    pagination = cases.search(_filters(form), page)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "cases/index.html",
        form=form,
        pagination=pagination,
        args=args,
    )


@bp.get("/<key>")
def show(key: str):
    found = cases.published(key)
    if found is None:
        abort(404)
    return render_template(
        "cases/show.html",
        case=found,
        themes=vocab.theme_labels(found.theme_keys, str(get_locale())),
        parts=proposal_review.public_parts(found.proposal) if found.proposal else {},
    )


@bp.get("/<key>/photos/<photo_key>")
def photo(key: str, photo_key: str):
    found = cases.published(key)
    item = reports.find_photo(found, photo_key) if found else None
    if item is None:
        abort(404)
    return send_stored(item, reports.FILES, inline=True, private=False)


@bp.get("/agreements/<key>")
def agreement(key: str):
    """An agreement as the public sees it: who, what, when, and the cases that came of it."""
    found = agreements.find(key)
    if found is None:
        abort(404)
    return render_template(
        "cases/agreement.html",
        agreement=found,
        themes=vocab.theme_labels(found.theme_keys, str(get_locale())),
        cases=agreements.published_cases(found),
    )


@bp.get("/organizations/<key>")
def organization(key: str):
    """An organization as the case database presents it, with its published cases."""
    org = cases.organization_by_key(key)
    if org is None:
        abort(404)
    found = cases.cases_of_organization(org)
    if not found:
        abort(404)
    return render_template("cases/organization.html", org=org, cases=found)
