"""Files sent to the desk: PDFs and images, checked by their content, kept outside the web root.

A file is accepted only when its first bytes say it is a PDF or an image of a known kind
and its name ends as that kind does; its size is limited; it is stored under the
instance folder with a random name, and handed out only by the views that check access.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from matchhub.config import DEFAULT_MAX_UPLOAD_BYTES

DEFAULT_MAX_BYTES = DEFAULT_MAX_UPLOAD_BYTES
MAX_FILES = 10
# What each kind of file starts with, and the names it may carry.
SUFFIXES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
}
IMAGE_TYPES = tuple(t for t in SUFFIXES if t.startswith("image/"))
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class UploadRejected(ValueError):
    """A file that is not accepted; the message says why, in the user's language."""


@dataclass(frozen=True)
class CheckedFile:
    """A file whose content and size were checked, ready to store."""

    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def max_bytes() -> int:
    return int(current_app.config.get("DESK_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The type a file's first bytes announce, among those accepted; None otherwise."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def clean_filename(name: str) -> str:
    """The name as shown and offered for download: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:190] + dot + suffix[:9]) if dot else name[:200]
    return name or "file"


def check(filename: str, stream: BinaryIO, *, images_only: bool = False) -> CheckedFile:
    """Read and check one uploaded file.

    :raise UploadRejected: when it is empty, too large, or not a PDF or image.
    """
    name = clean_filename(filename)
    limit = max_bytes()
    data = stream.read(limit + 1)
    if not data:
        raise UploadRejected(_l("「%(name)s」 is empty.", name=name))
    if len(data) > limit:
        raise UploadRejected(
            _l(
                "「%(name)s」 is larger than %(size)s. Please send a smaller file.",
                name=name,
                size=readable_size(limit),
            )
        )
    kind = sniff(data[:16])
    accepted = IMAGE_TYPES if images_only else tuple(SUFFIXES)
    if kind not in accepted:
        if images_only:
            raise UploadRejected(
                _l("「%(name)s」 is not a photo. Send PNG, JPEG, GIF or WebP images.", name=name)
            )
        raise UploadRejected(
            _l(
                "「%(name)s」 is not a PDF or an image. Send PDF, PNG, JPEG, GIF or WebP files.",
                name=name,
            )
        )
    if not name.lower().endswith(SUFFIXES[kind]):
        raise UploadRejected(
            _l(
                "「%(name)s」 does not look like what its name says. "
                "Please check the file and send it again.",
                name=name,
            )
        )
    return CheckedFile(name, kind, data)


def readable_size(n: int) -> str:
    """10 MB, 512 KB: a size limit as people read it."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, round(n / 1024))} KB"


def upload_root() -> Path:
    """MATCHHUB_UPLOAD_FOLDER, or uploads/ in the instance folder: never under static/."""
    base = current_app.config.get("DESK_UPLOAD_FOLDER")
    return Path(base) if base else Path(current_app.instance_path) / "uploads"


def folder(kind: str) -> Path:
    """Where files of one kind live."""
    path = upload_root() / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(kind: str, checked: CheckedFile) -> str:
    """Write a checked file under a random name; returns that name."""
    name = secrets.token_hex(16)
    target = folder(kind) / name
    with open(target, "xb") as handle:
        handle.write(checked.data)
    return name


def path_of(kind: str, storage_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_name):
        raise FileNotFoundError(storage_name)
    return folder(kind) / storage_name


def discard(kind: str, storage_names: list[str]) -> None:
    """Remove stored files whose database rows were never committed."""
    for name in storage_names:
        try:
            path_of(kind, name).unlink(missing_ok=True)
        except FileNotFoundError:
            pass
