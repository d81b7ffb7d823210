"""Admin pages to import a volunteer centre's registry: upload, map columns, dry run, import."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge

from matchhub.exchange import registry_templates, registry_uploads
from matchhub.exchange.registry_columns import HELPER_SYNONYMS, fields_for
from matchhub.exchange.registry_files import RegistryFileError
from matchhub.exchange.registry_values import Reason
from matchhub.platform.access import admin_required
from matchhub.platform.files import readable_size

bp = Blueprint("registry_import", __name__, url_prefix="/admin/import", template_folder="templates")

FIELD_LABELS = {
    "key": _l("Registry number"),
    "display_name": _l("Name"),
    "email": _l("Email address"),
    "area": _l("Area"),
    "themes": _l("Themes of interest"),
    "skills": _l("Skills and qualifications"),
    "availability": _l("When available"),
    "online_ok": _l("Online participation"),
    "languages": _l("Languages"),
    "bio": _l("About me / notes"),
    "consent_date": _l("Date of consent"),
    "consent_method": _l("How consent was given"),
    "active": _l("Active"),
}
SHOWN_PROBLEMS = 200


class ImportForm(FlaskForm):
    """CSRF only: the columns of each file decide the fields."""


def _upload_or_404(upload_id: str) -> registry_uploads.Upload:
    upload = registry_uploads.find(upload_id)
    if upload is None:
        abort(404)
    return upload


@bp.route("", methods=["GET", "POST"])
@admin_required
def upload_page():
    error, status = None, 200
    request.max_content_length = registry_uploads.max_bytes() + 64 * 1024
    try:
        if (request.content_length or 0) > request.max_content_length:
            raise RequestEntityTooLarge()  # refused before the body is read
        form = ImportForm()
        sent = request.files.get("file")
        if form.validate_on_submit():
            if sent and sent.filename:
                upload = registry_uploads.store(sent.filename, sent.stream, current_user.id)
                return redirect(url_for(".mapping_page", upload_id=upload.id))
            error, status = _l("Choose the registry file to upload."), 400
    except RequestEntityTooLarge:
        form, error, status = ImportForm(formdata=None), registry_uploads.too_large(), 413
    except registry_uploads.UploadRejected as rejected:
        error, status = rejected.reason, 400
    return render_template(
        "admin/registry_upload.html",
        form=form,
        error=error,
        limit=readable_size(registry_uploads.max_bytes()),
        labels=FIELD_LABELS,
        synonyms=HELPER_SYNONYMS,
    ), status


@bp.route("/<upload_id>", methods=["GET", "POST"])
@admin_required
def mapping_page(upload_id: str):
    upload, form = _upload_or_404(upload_id), ImportForm()
    if form.validate_on_submit():
        chosen = {
            header: request.form.get(f"map-{index}", "")
            for index, header in enumerate(request.form.getlist("header"))
        }
        registry_uploads.choose(upload, request.form.get("sheet"), chosen)
        action = request.form.get("action")
        if action in ("dry_run", "import"):
            registry_uploads.start(upload, action == "dry_run", current_user.id)
            return redirect(url_for(".report_page", upload_id=upload.id))
        return redirect(url_for(".mapping_page", upload_id=upload.id))
    try:
        preview, error = registry_uploads.preview(upload), None
    except RegistryFileError as problem:
        preview, error = None, problem.reason
    return render_template(
        "admin/registry_mapping.html",
        form=form,
        upload=upload,
        preview=preview,
        error=error,
        labels=FIELD_LABELS,
        fields=fields_for(preview.kind) if preview else (),
        reason_of=lambda problem: Reason(problem["msgid"], problem["params"]),
        missing=[FIELD_LABELS.get(name, name) for name in (preview.missing if preview else ())],
    ), (200 if error is None else 422)


@bp.route("/<upload_id>/report")
@admin_required
def report_page(upload_id: str):
    upload = _upload_or_404(upload_id)
    job = upload.job
    report = upload.report if job.get("state") == "done" else None
    failure = Reason(job["msgid"], job.get("params") or {}) if job.get("msgid") else None
    page = render_template(
        "admin/registry_report.html",
        upload=upload,
        report=report,
        failure=failure,
        shown=SHOWN_PROBLEMS,
    )
    # Works without JavaScript: the browser reloads the page while the job runs.
    headers = {"Refresh": "2"} if job.get("state") == "running" else {}
    return page, 200, headers


@bp.route("/<upload_id>/report.csv")
@admin_required
def report_csv(upload_id: str):
    report = _upload_or_404(upload_id).report
    if report is None:
        abort(404)
    return _download(registry_templates.report_csv(report), "import-report.csv", "text/csv")


@bp.route("/template.csv")
@admin_required
def template_csv():
    return _download(registry_templates.template_csv(), "registry-template.csv", "text/csv")


@bp.route("/template.xlsx")
@admin_required
def template_xlsx():
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(registry_templates.template_workbook(), "registry-template.xlsx", mimetype)


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
