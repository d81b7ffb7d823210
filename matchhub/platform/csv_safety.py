"""One sanitiser for every CSV the product writes.

Spreadsheets run a cell that starts like a formula. OWASP's advice: prefix such a cell
with a single quote so it is shown as text (the csv module already quotes the rest).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value, neutralised if it is text that a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]


def restored_cell(value: str) -> str:
    """A cell as it was before safe_cell, so our own CSV exports import back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
