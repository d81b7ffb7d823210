"""Rows of a registry file (.xlsx, or CSV in UTF-8 or cp932), streamed, header row found."""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from matchhub.exchange import registry_columns
from matchhub.exchange.records import RECORD_TYPES
from matchhub.exchange.registry_values import N_, CellProblem

# Rows looked at to find the header under a title row and blank rows.
HEADER_SEARCH_ROWS = 20
_ZIP = b"PK\x03\x04"
# Password-protected .xlsx files and old .xls files are OLE compound documents.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# No text file of a registry holds NUL: the guess was wrong (UTF-16 read as cp932, say).
# Private-use characters are allowed: cp932 maps a ward's own 外字 there.
_UNLIKELY = re.compile("\x00")
ENCODING_NAMES = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp932": "Shift_JIS (cp932)"}


class RegistryFileError(CellProblem):
    """The whole file cannot be read (wrong type, corrupt, protected, no header)."""


@dataclass
class Table:
    """One sheet (or CSV file): its header and a stream of (line number, cells)."""

    source: str
    sheet: str
    kind: str
    encoding: str | None
    header_line: int
    headers: list[str]
    rows: Iterator[tuple[int, list]]
    total: int | None
    sheets: tuple[str, ...] = ()

    @property
    def encoding_name(self) -> str:
        return ENCODING_NAMES.get(self.encoding or "", self.encoding or "")


def detect_encoding(path: Path) -> str:
    """utf-8-sig when there is a BOM, utf-8 when it decodes strictly, else cp932.

    :raise RegistryFileError: when it is neither.
    """
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    if _UNLIKELY.search(decoder.decode(chunk)):
                        break
                else:
                    decoder.decode(b"", final=True)
                    return encoding
        except UnicodeDecodeError:
            continue
    raise RegistryFileError(
        N_("The file is neither UTF-8 nor Shift_JIS text. Save it from Excel as “CSV UTF-8”.")
    )


def kind_from_name(path: Path) -> str | None:
    """organizations.csv holds organizations; anything else is taken for helpers."""
    stem = path.stem.lower().rstrip("s")
    return stem if stem in RECORD_TYPES else None


@contextmanager
def open_table(path: Path, sheet: str | None = None, name: str | None = None):
    """Open a registry file as a Table; `name` is what the user called it.

    :raise RegistryFileError: for a file that is not a readable workbook or CSV.
    """
    name = name or path.name
    with path.open("rb") as handle:
        magic = handle.read(8)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        with _open_workbook(path, magic, sheet, name) as table:
            yield table
        return
    if magic.startswith(_ZIP) or magic.startswith(_OLE):
        raise RegistryFileError(
            N_("This file is not a CSV file (send an Excel workbook as .xlsx).")
        )
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        total = sum(1 for _ in csv.reader(handle))
        handle.seek(0)
        rows = ((n, row) for n, row in enumerate(csv.reader(handle), start=1))
        yield _with_header(name, "", kind_from_name(path), encoding, rows, total)


@contextmanager
def _open_workbook(path: Path, magic: bytes, sheet: str | None, name: str):
    from openpyxl import load_workbook

    if magic.startswith(_OLE):
        raise RegistryFileError(
            N_(
                "The workbook is password-protected or an old .xls file."
                " Remove the password and save it as .xlsx."
            )
        )
    if not magic.startswith(_ZIP):
        raise RegistryFileError(N_("This file is not an Excel workbook (.xlsx)."))
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise RegistryFileError(N_("The Excel workbook is damaged and cannot be read.")) from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise RegistryFileError(
                    N_("There is no sheet “%(sheet)s” (the sheets are: %(sheets)s)."),
                    sheet=sheet,
                    sheets="、".join(book.sheetnames),
                )
            worksheet = book[sheet]
        else:
            worksheet = book.worksheets[0]
        rows = (
            (n, list(values))
            for n, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
        total = worksheet.max_row if isinstance(worksheet.max_row, int) else None
        table = _with_header(name, worksheet.title, None, None, rows, total)
        table.sheets = tuple(book.sheetnames)
        yield table
    finally:
        book.close()


def _blank(cells: list) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _with_header(name, sheet, kind, encoding, rows, total) -> Table:
    """Skip a title row and blank rows: the header is the row naming the most known fields."""
    looked: list[tuple[int, list]] = []
    for number, cells in rows:
        if not _blank(cells):
            looked.append((number, cells))
        if len(looked) >= HEADER_SEARCH_ROWS:
            break
    if not looked:
        raise RegistryFileError(N_("The file has no rows."))
    if kind is None:
        kind = _kind_from_type_column(looked) or "helper"
    best = max(looked, key=lambda item: registry_columns.recognised(kind, item[1]))
    if registry_columns.recognised(kind, best[1]) == 0:
        best = looked[0]
    header_line, header_cells = best
    headers = [str(cell).strip() if cell is not None else "" for cell in header_cells]
    after = [(n, cells) for n, cells in looked if n > header_line]

    def stream() -> Iterator[tuple[int, list]]:
        for number, cells in after:
            yield number, cells
        for number, cells in rows:
            if not _blank(cells):
                yield number, cells

    return Table(name, sheet, kind, encoding, header_line, headers, stream(), total)


def _kind_from_type_column(looked: list[tuple[int, list]]) -> str | None:
    for _, cells in looked:
        names = [registry_columns.normalise_header(c) for c in cells]
        if "type" in names:
            column = names.index("type")
            for _, row in looked:
                value = row[column] if column < len(row) else None
                if value in RECORD_TYPES:
                    return value
    return None
