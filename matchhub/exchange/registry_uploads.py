"""Registry files uploaded by an administrator: kept with the chosen mapping, imported by a job."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from matchhub.exchange.registry_files import RegistryFileError
from matchhub.exchange.registry_import import RegistryReport, import_registry, inspect
from matchhub.exchange.registry_values import N_, Reason
from matchhub.extensions import db
from matchhub.platform import audit
from matchhub.platform.files import readable_size

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")
KEEP_SECONDS = 7 * 24 * 3600
# A running job writes its progress after every batch of 1,000 rows.
STALE_SECONDS = 300
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class UploadRejected(ValueError):
    """An upload refused before it is stored; the reason is shown on the form."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


@dataclass
class Upload:
    """One uploaded file, the user's choices for it, and the state of its job."""

    id: str
    name: str
    size: int
    uploaded_by: int | None
    sheet: str | None = None
    chosen: dict[str, str] = field(default_factory=dict)
    job: dict = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return _root() / self.id

    @property
    def path(self) -> Path:
        return self.folder / ("registry" + Path(self.name).suffix.lower())

    def save(self) -> None:
        data = {k: v for k, v in self.__dict__.items()}
        temporary = self.folder / "upload.json.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(self.folder / "upload.json")

    @property
    def report(self) -> RegistryReport | None:
        path = self.folder / "report.json"
        if not path.exists():
            return None
        return RegistryReport.from_dict(json.loads(path.read_text(encoding="utf-8")))


def max_bytes() -> int:
    return int(current_app.config.get("REGISTRY_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _root() -> Path:
    folder = current_app.config.get("REGISTRY_UPLOAD_FOLDER") or (
        Path(current_app.instance_path) / "registry_uploads"
    )
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


def store(name: str, stream, user_id: int | None) -> Upload:
    """Keep an uploaded .xlsx or .csv file (up to max_bytes) and return its Upload.

    :raise UploadRejected: for another type or a file too large.
    """
    suffix = Path(name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRejected(Reason(N_("Send an Excel workbook (.xlsx) or a CSV file (.csv).")))
    _forget_old()
    upload = Upload(secrets.token_urlsafe(18), Path(name).name, 0, user_id)
    upload.folder.mkdir()
    with upload.path.open("wb") as out:
        while chunk := stream.read(1 << 20):
            upload.size += len(chunk)
            if upload.size > max_bytes():
                out.close()
                shutil.rmtree(upload.folder)
                raise UploadRejected(_too_large())
            out.write(chunk)
    upload.save()
    return upload


def _too_large() -> Reason:
    return Reason(
        N_("The file is larger than %(size)s. Split it, or ask the operator to import it."),
        {"size": readable_size(max_bytes())},
    )


def too_large() -> Reason:
    """Why an upload over the limit was refused."""
    return _too_large()


def find(upload_id: str) -> Upload | None:
    """The upload with this id, or None."""
    if not _ID.match(upload_id or ""):
        return None
    meta = _root() / upload_id / "upload.json"
    if not meta.exists():
        return None
    return Upload(**json.loads(meta.read_text(encoding="utf-8")))


def preview(upload: Upload) -> RegistryReport:
    """The mapping, unknown columns and first rows of the upload, as chosen so far.

    :raise RegistryFileError: when the file cannot be read.
    """
    return inspect(upload.path, sheet=upload.sheet, chosen=upload.chosen, name=upload.name)


def choose(upload: Upload, sheet: str | None, chosen: dict[str, str]) -> None:
    """Keep the sheet and mapping the user chose."""
    upload.sheet = sheet or None
    upload.chosen = chosen
    upload.save()


def start(upload: Upload, dry_run: bool, user_id: int | None) -> None:
    """Run the dry run or the import in the background; the report page follows it.

    A second click while a job runs starts nothing: the page shows the running one. A job
    silent for STALE_SECONDS died with its worker and may be started again.
    """
    touched = (upload.folder / "upload.json").stat().st_mtime
    if upload.job.get("state") == "running" and time.time() - touched < STALE_SECONDS:
        return
    upload.job = {"state": "running", "dry_run": dry_run, "rows": 0, "total": None}
    upload.save()
    (upload.folder / "report.json").unlink(missing_ok=True)
    app = current_app._get_current_object()
    worker = threading.Thread(
        target=_run, args=(app, upload.id, dry_run, user_id), name=f"registry-{upload.id}"
    )
    worker.daemon = True
    worker.start()


def _run(app, upload_id: str, dry_run: bool, user_id: int | None) -> None:
    with app.app_context():
        upload = find(upload_id)
        last = [0.0]

        def progress(rows: int, total: int | None) -> None:
            if time.monotonic() - last[0] > 0.5:
                last[0] = time.monotonic()
                upload.job.update(rows=rows, total=total)
                upload.save()

        try:
            report = import_registry(
                upload.path,
                sheet=upload.sheet,
                chosen=upload.chosen,
                name=upload.name,
                dry_run=dry_run,
                progress=progress,
            )
        except RegistryFileError as error:
            upload.job.update(state="failed", msgid=error.reason.msgid, params=error.reason.params)
        except Exception:  # a job that dies still tells its page, and the log has the rest
            current_app.logger.exception("registry import %s failed", upload_id)
            db.session.rollback()
            upload.job.update(state="failed", msgid=N_("The import stopped on an error."))
        else:
            (upload.folder / "report.json").write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, default=str), encoding="utf-8"
            )
            upload.job.update(state="done", rows=report.rows)
            if not dry_run:
                details = {
                    "file": upload.name,
                    "created": report.created,
                    "updated": report.updated,
                    "skipped": report.skipped,
                }
                audit.record(user_id, "registry.import", None, details)
                db.session.commit()
        finally:
            upload.save()
            db.session.remove()


def _forget_old() -> None:
    """Uploads hold personal data: they are deleted a week after upload."""
    cutoff = time.time() - KEEP_SECONDS
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
