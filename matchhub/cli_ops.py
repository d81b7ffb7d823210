"""Operators' commands: backup and restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app


def _database_url():
    from .extensions import db

    return db.engine.url


@click.command("backup")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="File to write; default instance/backups/matchhub-<UTC time>.sqlite (or .dump).",
)
def backup_command(out: str | None) -> None:
    """Write a consistent backup of the database while the app keeps serving."""
    from .services import backup

    url = _database_url()
    try:
        folder = Path(current_app.instance_path) / "backups"
        path = Path(out) if out else backup.default_path(folder, url)
        outcome = backup.backup(url, path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"backup of {url.render_as_string(hide_password=True)} written to {outcome.path} "
        f"({outcome.size:,} bytes, {outcome.seconds:.2f} s)"
    )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: str, yes: bool) -> None:
    """Replace every table of the database with the backup in PATH (stop the app first)."""
    from .extensions import db
    from .services import backup

    url = _database_url()
    shown = url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"Replace everything in {shown} with {path}?", abort=True)
    # No pooled connection of ours may hold a lock the restore has to take.
    db.session.remove()
    db.engine.dispose()
    try:
        outcome = backup.restore(url, Path(path))
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    db.engine.dispose()
    click.echo(f"{shown} restored from {outcome.path} ({outcome.seconds:.2f} s)")


COMMANDS = (backup_command, restore_command)
