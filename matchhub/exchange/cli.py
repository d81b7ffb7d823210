"""`flask import` for spreadsheets: .xlsx and CSV (UTF-8 or Shift_JIS), with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from matchhub.exchange.importing import ORDER

SPREADSHEETS = (".csv", ".xlsx", ".xlsm")
WARNINGS_SHOWN = 50


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEETS


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """--map '氏名(漢字)=display_name' or --map 'ふりがな=' (ignore the column)."""
    chosen = {}
    for pair in pairs:
        header, sep, name = pair.partition("=")
        if not sep:
            raise click.UsageError(f"--map takes HEADER=FIELD, not {pair!r}")
        chosen[header.strip()] = name.strip()
    return chosen


def import_spreadsheets(
    paths: list[Path],
    sheet: str | None,
    chosen: dict,
    dry_run: bool,
    ignore_unknown: bool,
    report_path: Path | None = None,
) -> bool:
    """Import each file (areas first, as in JSON Lines); say whether nothing was skipped."""
    from matchhub.exchange.registry_files import RegistryFileError, kind_from_name
    from matchhub.exchange.registry_import import import_registry, inspect

    ok = True
    rank = {kind: n for n, kind in enumerate(ORDER)}
    for path in sorted(paths, key=lambda p: rank.get(kind_from_name(p) or "helper", 2)):
        try:
            seen = inspect(path, sheet=sheet, chosen=chosen, samples=0)
            if seen.unknown and not ignore_unknown:
                click.echo(_unknown_message(path, seen.unknown), err=True)
                ok = False
                continue
            chosen_here = {**chosen, **{header: "" for header in seen.unknown}}
            with click.progressbar(length=1000, label=path.name, file=sys.stderr) as bar:
                done = [0]

                def progress(rows: int, total: int | None, bar=bar, done=done) -> None:
                    share = int(1000 * rows / total) if total else 0
                    bar.update(max(0, min(share, 1000) - done[0]))
                    done[0] = max(done[0], min(share, 1000))

                report = import_registry(
                    path, sheet=sheet, chosen=chosen_here, dry_run=dry_run, progress=progress
                )
        except RegistryFileError as error:
            click.echo(f"{path.name}: {error.reason}", err=True)
            ok = False
            continue
        _print(report)
        if report_path is not None:
            _write_report(report, report_path, len(paths) > 1)
        ok = ok and report.ok
    return ok


def _unknown_message(path: Path, unknown: list[str]) -> str:
    names = ", ".join(unknown)
    return (
        f"{path.name}: columns not recognised: {names}. Nothing imported; map them with "
        f"--map 'HEADER=field', ignore one with --map 'HEADER=', or all with --ignore-unknown."
    )


def _print(report) -> None:
    where = report.source + (f" [{report.sheet}]" if report.sheet else "")
    mode = "dry run, nothing written: " if report.dry_run else ""
    encoding = f", {report.encoding}" if report.encoding else ""
    mapped = ", ".join(f"{header}→{name}" for header, name in report.mapping.items())
    click.echo(f"{where}: header on line {report.header_line}{encoding}; {mapped}")
    warnings = 0
    for problem in report.problems:
        warnings += not problem.skipped
        if not problem.skipped and warnings > WARNINGS_SHOWN:
            continue
        column = f" [{problem.column}]" if problem.column else ""
        label = "skipped" if problem.skipped else "warning"
        click.echo(f"{label} {where}:{problem.line}: {problem.reason}{column}", err=True)
    if warnings > WARNINGS_SHOWN:
        more = warnings - WARNINGS_SHOWN
        click.echo(f"... and {more} more warnings (--report FILE.csv lists them all)", err=True)
    click.echo(
        f"{mode}{report.kind}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.skipped} line(s) skipped of {report.rows}"
    )


def _write_report(report, path: Path, several: bool) -> None:
    """The full report as CSV (one file per input when there are several)."""
    from matchhub.exchange.registry_templates import report_csv

    if several:
        path = path.with_name(f"{path.stem}-{Path(report.source).stem}{path.suffix}")
    path.write_bytes(report_csv(report))
    click.echo(f"full report written to {path}", err=True)
