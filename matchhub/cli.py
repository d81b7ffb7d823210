"""Flask commands: seed-demo, load-taxonomy, import, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app


def _print_report(report) -> None:
    for kind in ("area", "organization", "helper", "issue", "judgment"):
        made, changed, same = (
            report.created.get(kind, 0),
            report.updated.get(kind, 0),
            report.unchanged.get(kind, 0),
        )
        if made or changed or same:
            click.echo(f"{kind}: {made} created, {changed} updated, {same} unchanged")
    for warning in report.warnings[:50]:
        click.echo(f"warning: {warning}", err=True)
    if len(report.warnings) > 50:
        click.echo(f"... and {len(report.warnings) - 50} more warnings", err=True)
    for problem in report.skipped:
        click.echo(f"skipped {problem}", err=True)
    if report.skipped:
        click.echo(f"{len(report.skipped)} record(s) skipped", err=True)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo municipality (板橋区) and its demo accounts. Never in production."""
    from .services import demo

    if not (current_app.config["DEVELOPMENT"] or current_app.testing):
        raise click.ClickException(
            "seed-demo creates known passwords; run it with MATCHHUB_DEBUG=1"
        )
    if if_empty and not demo.database_is_empty():
        click.echo("database already has data; demo not loaded")
        return
    _print_report(demo.seed_demo())
    click.echo(
        f"demo accounts: resident|member|coordinator|admin@{demo.DEMO_DOMAIN} "
        f"password {demo.DEMO_PASSWORD}"
    )


@click.command("load-taxonomy")
def load_taxonomy_command() -> None:
    """Load the NPO-law fields, themes and skills shipped with matchhub."""
    from .services.taxonomy import load_taxonomy

    counts = load_taxonomy()
    click.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()))


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def import_command(files: tuple[str, ...]) -> None:
    """Import JSON Lines or CSV files in the exchange format."""
    from .services.importing import import_files
    from .services.taxonomy import ensure_taxonomy

    ensure_taxonomy()
    report = import_files([Path(f) for f in files])
    _print_report(report)
    if not report.ok:
        sys.exit(1)


@click.command("export")
@click.option("--out", "out", default="-", help="File (JSON Lines) or folder (CSV); - is stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option("--open-data", is_flag=True, help="Leave out names, emails and bios.")
@click.option("--judgments", is_flag=True, help="Include stored judgments.")
def export_command(out: str, fmt: str, open_data: bool, judgments: bool) -> None:
    """Export the registry in the exchange format."""
    from .services import exporting

    options = {"open_data": open_data, "judgments": judgments}
    if fmt == "csv":
        if out == "-":
            raise click.UsageError("--format csv needs --out FOLDER")
        counts = exporting.write_csv(Path(out), **options)
        click.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()), err=True)
    elif out == "-":
        exporting.write_jsonl(sys.stdout, **options)
    else:
        with open(out, "w", encoding="utf-8") as handle:
            count = exporting.write_jsonl(handle, **options)
        click.echo(f"{count} records written to {out}", err=True)


def init_app(app) -> None:
    for command in (seed_demo_command, load_taxonomy_command, import_command, export_command):
        app.cli.add_command(command)
