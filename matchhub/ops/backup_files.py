"""The uploaded files beside a database backup, bringing them back, and keeping the newest N.

A backup named `matchhub-20261202T030000Z.sqlite` (or `.dump`) has its files in
`matchhub-20261202T030000Z.sqlite.uploads.tar`. The archive is written after the database
snapshot, so every file a backed-up row names is in it (files are never rewritten, only
added under new random names); a file added meanwhile is in it too, unused and harmless.
"""

from __future__ import annotations

import os
import re
import shutil
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from matchhub.ops.backup import BackupError

ARCHIVE_SUFFIX = ".uploads.tar"
TOP = "uploads"
# Only names `flask backup` gives itself are ever pruned, never a file named with --out.
BACKUP_NAME = re.compile(r"matchhub-\d{8}T\d{6}Z\.(sqlite|dump)")


def archive_for(backup_path: Path) -> Path:
    return backup_path.with_name(backup_path.name + ARCHIVE_SUFFIX)


def write_archive(folder: Path, archive: Path) -> int:
    """Archive every file under `folder` (none if it does not exist); returns how many."""
    partial = archive.with_name(archive.name + ".partial")
    count = 0
    try:
        with tarfile.open(partial, "w") as tar:
            top = tarfile.TarInfo(TOP)
            top.type, top.mode = tarfile.DIRTYPE, 0o750
            tar.addfile(top)
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    tar.add(path, arcname=f"{TOP}/{path.relative_to(folder)}", recursive=False)
                    count += path.is_file()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, archive)
    return count


def check_archive(archive: Path) -> int:
    """:raise BackupError: unless `archive` is a readable uploads archive; returns its files."""
    try:
        with tarfile.open(archive, "r") as tar:
            members = tar.getmembers()
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive} is not a readable uploads archive: {error}") from None
    if not members or members[0].name != TOP:
        raise BackupError(f"{archive} is not a matchhub uploads archive")
    return sum(member.isfile() for member in members)


def restore_archive(archive: Path, folder: Path) -> Path | None:
    """Put the archive's files in `folder`; the folder as it was is kept aside, returned."""
    staging = folder.with_name(folder.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive, "r") as tar:
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        tar.extractall(staging, filter="data")
    kept = None
    if folder.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = folder.with_name(f"{folder.name}.before-restore-{stamp}")
        os.replace(folder, kept)
    os.replace(staging / TOP, folder)
    staging.rmdir()
    return kept


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups `flask backup` named in `folder`."""
    if keep < 1:
        raise BackupError("--keep must be at least 1")
    backups = sorted(
        (p for p in folder.iterdir() if BACKUP_NAME.fullmatch(p.name)),
        key=lambda p: p.name[len("matchhub-") :],
        reverse=True,
    )
    removed = []
    for old in backups[keep:]:
        for path in (old, archive_for(old)):
            if path.exists():
                path.unlink()
                removed.append(path)
    return removed
