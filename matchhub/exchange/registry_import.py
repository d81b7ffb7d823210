"""Import a registry (.xlsx or CSV) in batches: map columns, read cells, report every line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from matchhub.exchange.importing import BATCH_SIZE, load_batch, parents_first
from matchhub.exchange.records import LIST_FIELDS, Line, RecordError, check
from matchhub.exchange.registry_columns import suggest
from matchhub.exchange.registry_files import RegistryFileError, Table, open_table
from matchhub.exchange.registry_rows import convert
from matchhub.exchange.registry_values import N_, Reason
from matchhub.extensions import db
from matchhub.platform.freshness import bump_taxonomy_version
from matchhub.platform.taxonomy import ensure_taxonomy
from matchhub.ranking.slots import SLOT_LABELS

Progress = Callable[[int, int | None], None]


@dataclass
class Problem:
    """One line's problem: where (sheet, line, column) and why; skipped or only a warning."""

    line: int
    column: str
    msgid: str
    params: dict = field(default_factory=dict)
    skipped: bool = True

    @property
    def reason(self) -> str:
        return str(Reason(self.msgid, self.params))


@dataclass
class RegistryReport:
    """What a dry run or an import read, chose, stored and skipped."""

    source: str
    sheet: str = ""
    kind: str = "helper"
    encoding: str = ""
    header_line: int = 0
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    samples: list[dict] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len({p.line for p in self.problems if p.skipped})

    @property
    def ok(self) -> bool:
        return not self.missing and self.skipped == 0

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RegistryReport:
        problems = [Problem(**p) for p in data.get("problems", [])]
        return cls(**{**data, "problems": problems})


class MissingColumns(RegistryFileError):
    """A required field has no column: nothing is imported."""


def inspect(path: Path, *, sheet=None, chosen=None, name=None, samples: int = 5) -> RegistryReport:
    """The mapping chosen, the columns not recognised and the first rows as they will be stored.

    :raise RegistryFileError: when the file cannot be read.
    """
    with open_table(path, sheet, name) as table:
        report = _start(table, chosen, dry_run=True)
        fields = _fields(report, table)
        for number, cells in table.rows:
            record, problems = convert(table.kind, cells, fields, table.headers)
            report.samples.append({"line": number, "record": _shown(record), "problems": []})
            report.samples[-1]["problems"] = [asdict(_problem(number, *p)) for p in problems]
            if len(report.samples) >= samples:
                break
    return report


def import_registry(
    path: Path,
    *,
    sheet: str | None = None,
    chosen: dict[str, str] | None = None,
    name: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RegistryReport:
    """Read, check and load the file in batches of BATCH_SIZE, each in one transaction.

    :raise RegistryFileError: when the file cannot be read.
    :raise MissingColumns: when a required field has no column (nothing is written).
    """
    ensure_taxonomy()
    with open_table(path, sheet, name) as table:
        report = _start(table, chosen, dry_run)
        if report.missing:
            raise MissingColumns(
                N_("No column for the required field(s): %(fields)s."),
                fields=", ".join(report.missing),
            )
        fields = _fields(report, table)
        batch: list[tuple[Line, dict]] = []
        for number, cells in table.rows:
            report.rows += 1
            record, problems = convert(table.kind, cells, fields, table.headers)
            report.problems += [_problem(number, *p) for p in problems]
            if record is None:
                continue
            try:
                record = check(record)
            except RecordError as error:
                report.problems.append(Problem(number, "", str(error)))
                continue
            batch.append((Line(table.source, number, None), record))
            if len(batch) >= BATCH_SIZE and table.kind != "area":
                _load(table.kind, batch, report)
                batch = []
                if progress:
                    progress(report.rows, table.total)
        if table.kind == "area":
            # Few, and parents must come before their children.
            batch = parents_first(batch)
        for start in range(0, len(batch), BATCH_SIZE):
            _load(table.kind, batch[start : start + BATCH_SIZE], report)
        if table.kind == "area" and batch and not dry_run:
            bump_taxonomy_version()
            db.session.commit()
        if progress:
            progress(report.rows, report.rows)
    report.problems.sort(key=lambda problem: (problem.line, not problem.skipped))
    return report


def _start(table: Table, chosen: dict[str, str] | None, dry_run: bool) -> RegistryReport:
    mapping = suggest(table.kind, table.headers, chosen)
    return RegistryReport(
        source=table.source,
        sheet=table.sheet,
        kind=table.kind,
        encoding=table.encoding_name,
        header_line=table.header_line,
        headers=table.headers,
        mapping={table.headers[i]: f for i, f in mapping.fields.items()},
        unknown=list(mapping.unknown),
        missing=list(mapping.missing),
        dry_run=dry_run,
        sheets=list(table.sheets),
    )


def _fields(report: RegistryReport, table: Table) -> dict[int, str]:
    by_header = report.mapping
    return {i: by_header[h] for i, h in enumerate(table.headers) if h in by_header}


def _problem(line: int, column: str, reason: Reason, skipped: bool = True) -> Problem:
    return Problem(line, column, reason.msgid, dict(reason.params), skipped)


def _load(kind: str, batch: list[tuple[Line, dict]], report: RegistryReport) -> None:
    for line, outcome, message in load_batch(kind, batch, dry_run=report.dry_run):
        if outcome != "skipped":
            setattr(report, outcome, getattr(report, outcome) + 1)
        if message is None:
            continue
        reason = message if isinstance(message, Reason) else Reason(str(message))
        column = _column_named_by(reason, report.mapping)
        report.problems.append(_problem(line.number, column, reason, outcome == "skipped"))


def _column_named_by(reason: Reason, mapping: dict[str, str]) -> str:
    """The column a database-side problem is about (the area or the email), when known."""
    for header, name in mapping.items():
        if name in reason.params:
            return header
    return ""


def _shown(record: dict | None) -> dict:
    """A record as the preview table shows it: lists joined, None as empty."""
    if record is None:
        return {}
    shown = {}
    for name, value in record.items():
        if name == "type":
            continue
        if name == "availability" and isinstance(value, list):
            value = [SLOT_LABELS.get(slot, slot) for slot in value]
        if name in LIST_FIELDS and isinstance(value, list):
            value = "・".join(value)
        elif isinstance(value, datetime):
            value = value.date().isoformat()
        elif isinstance(value, bool):
            value = "○" if value else "×"
        shown[name] = "" if value is None else str(value)
    return shown
