"""Printing of the generalisation reports for `flask evaluate`."""

from __future__ import annotations

from pathlib import Path

import click

from matchhub.lab.generalisation import (
    as_text,
    blind_set_report,
    calibration_report,
    coverage_report,
    dropout_report,
)


def report_generalisation(
    file: str | None, coverage: bool, dropout: bool, blind: str | None, calibrate: bool
) -> None:
    """Print the reports asked for; FILE is needed for coverage and dropout."""
    if (coverage or dropout) and not file:
        raise click.UsageError("--coverage and --dropout need an exchange FILE")
    if coverage and file:
        figures, warnings = coverage_report(Path(file))
        click.echo("# resolution coverage (share of typed items by the step that reads them)")
        click.echo(as_text(figures))
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
    if dropout and file:
        click.echo("# alias dropout (NDCG@10 with used alias types hidden)")
        click.echo(as_text(dropout_report(Path(file))))
    if blind:
        folder = Path(blind)
        if not (folder / "paraphrases.tsv").exists():
            raise click.UsageError(f"{folder} has no paraphrases.tsv")
        click.echo("# blind paraphrase set")
        click.echo(as_text(blind_set_report(folder)))
    if calibrate:
        click.echo("# semantic fallback, leave-one-alias-out")
        click.echo(as_text(calibration_report()))
