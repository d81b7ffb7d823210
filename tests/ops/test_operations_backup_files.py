"""`flask backup` keeps the uploaded files with the database; `restore` brings both back;
`--keep N` leaves the newest N backups."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import User
from tests.support.accounts import make_user


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def uploads(tmp_path) -> Path:
    folder = tmp_path / "uploads"
    (folder / "proposals").mkdir(parents=True)
    (folder / "proposals" / "a1b2.pdf").write_bytes("%PDF-1.7 提案書".encode())
    (folder / "agreements").mkdir()
    (folder / "agreements" / "c3d4.png").write_bytes(b"\x89PNG\r\n\x1a\n...")
    return folder


@pytest.fixture
def filed_app(make_app, uploads, tmp_path):
    app = make_app(DESK_UPLOAD_FOLDER=str(uploads), BACKUP_FOLDER=str(tmp_path / "backups"))
    with app.app_context():
        yield app


def test_restore_brings_back_the_uploaded_files_as_they_were_at_the_backup(
    filed_app, uploads, tmp_path
):
    runner = filed_app.test_cli_runner()
    make_user()
    original = _files(uploads)
    path = tmp_path / "nightly.backup"
    result = runner.invoke(args=["backup", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 uploaded file(s) in nightly.backup.uploads.tar" in result.output

    (uploads / "proposals" / "a1b2.pdf").unlink()
    (uploads / "proposals" / "later.pdf").write_bytes(b"%PDF-1.7 after the backup")
    make_user(email="later@example.jp")
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert _files(uploads) == original
    (kept,) = tmp_path.glob("uploads.before-restore-*")
    assert (kept / "proposals" / "later.pdf").read_bytes() == b"%PDF-1.7 after the backup"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_broken_uploads_archive_stops_the_restore_before_the_database_is_touched(
    filed_app, tmp_path
):
    runner = filed_app.test_cli_runner()
    path = tmp_path / "nightly.backup"
    assert runner.invoke(args=["backup", "--out", str(path)]).exit_code == 0
    Path(f"{path}.uploads.tar").write_text("これはアーカイブではありません" * 50)
    make_user()
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code != 0
    assert "is not a readable uploads archive" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_keep_leaves_the_newest_backups_and_never_a_file_named_by_hand(filed_app, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    suffix = ".sqlite" if db.engine.dialect.name == "sqlite" else ".dump"
    old = [folder / f"matchhub-2026010{day}T030000Z{suffix}" for day in range(1, 5)]
    for path in old:
        path.write_bytes(b"old")
        Path(f"{path}.uploads.tar").write_bytes(b"old")
    by_hand = folder / "before-the-upgrade.sqlite"
    by_hand.write_bytes(b"mine")
    result = filed_app.test_cli_runner().invoke(args=["backup", "--keep", "3"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    newest = [n for n in names if n.startswith("matchhub-2026") and n.endswith(suffix)]
    assert len(newest) == 3
    assert newest[:2] == [old[2].name, old[3].name]
    assert all(f"{name}.uploads.tar" in names for name in newest)
    assert by_hand.read_bytes() == b"mine"
    assert "removed 4 old file(s), keeping the newest 3 backups" in result.output
