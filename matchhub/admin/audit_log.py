"""The audit log for administrators and auditors (監査): filters, pages, CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context

from matchhub.admin.forms import AuditFilterForm
from matchhub.models.types import utcnow
from matchhub.platform import audit_log
from matchhub.platform.forms import choices

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")


def _filters() -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    """The filters as typed; one that is not valid (a date like 2026-13-45) is left out."""
    form = AuditFilterForm(request.args)
    form.action.choices = choices([("", "—")] + [(a, a) for a in audit_log.actions()])
    form.validate()

    def value(name: str, empty=None):
        field = form[name]
        return empty if field.errors else (field.data or empty)

    return form, audit_log.AuditFilter(
        actor=value("actor", ""),
        action=value("action", ""),
        target=value("target", ""),
        since=value("since"),
        until=value("until"),
    )


def _args(filters: audit_log.AuditFilter) -> dict:
    return {
        "actor": filters.actor,
        "action": filters.action,
        "target": filters.target,
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
    }


@bp.get("")
def index():
    form, filters = _filters()
    pagination = audit_log.page(filters, request.args.get("page", 1, type=int))
    return render_template(
        "admin/audit.html", form=form, pagination=pagination, args=_args(filters)
    )


@bp.get("/audit-log.csv")
def export():
    _form, filters = _filters()
    filename = f"matchhub-audit-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(audit_log.csv_lines(filters)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
