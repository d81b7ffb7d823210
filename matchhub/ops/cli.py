"""Operators' commands: backup (database and uploaded files) and restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app


def _database_url():
    from matchhub.extensions import db

    return db.engine.url


def _backup_folder() -> Path:
    configured = current_app.config.get("BACKUP_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "backups"


@click.command("backup")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="File to write; default <MATCHHUB_BACKUP_FOLDER>/matchhub-<UTC time>.sqlite (or .dump).",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    help="Then delete all but the newest KEEP backups in the backup folder.",
)
def backup_command(out: str | None, keep: int | None) -> None:
    """Write a consistent backup of the database, and the uploaded files beside it."""
    from matchhub.ops import backup, backup_files
    from matchhub.platform.files import upload_root

    url = _database_url()
    folder = _backup_folder()
    try:
        path = Path(out) if out else backup.default_path(folder, url)
        archived: list[int] = []
        outcome = backup.backup(
            url,
            path,
            then=lambda: archived.append(
                backup_files.write_archive(upload_root(), backup_files.archive_for(path))
            ),
        )
        removed = backup_files.prune(folder, keep) if keep and folder.is_dir() else []
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"backup of {url.render_as_string(hide_password=True)} written to {outcome.path} "
        f"({outcome.size:,} bytes, {outcome.seconds:.2f} s); {archived[0]} uploaded file(s) in "
        f"{backup_files.archive_for(path).name}"
    )
    if removed:
        click.echo(f"removed {len(removed)} old file(s), keeping the newest {keep} backups")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: str, yes: bool) -> None:
    """Replace every table of the database with the backup in PATH (stop the app first),
    and the uploaded files with those archived beside it."""
    from matchhub.extensions import db
    from matchhub.ops import backup, backup_files
    from matchhub.platform.files import upload_root

    url = _database_url()
    shown = url.render_as_string(hide_password=True)
    archive = backup_files.archive_for(Path(path))
    try:
        files = backup_files.check_archive(archive) if archive.exists() else None
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    if not yes:
        what = f"{shown} and the uploaded files" if files is not None else shown
        click.confirm(f"Replace everything in {what} with {path}?", abort=True)
    # No pooled connection of ours may hold a lock the restore has to take.
    db.session.remove()
    db.engine.dispose()
    try:
        outcome = backup.restore(url, Path(path))
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    db.engine.dispose()
    click.echo(f"{shown} restored from {outcome.path} ({outcome.seconds:.2f} s)")
    if files is None:
        click.echo(f"no {archive.name} beside the backup: uploaded files left as they are")
        return
    kept = backup_files.restore_archive(archive, upload_root())
    click.echo(f"{files} uploaded file(s) restored to {upload_root()}")
    if kept is not None:
        click.echo(f"the files there before are kept in {kept}")


COMMANDS = (backup_command, restore_command)
