"""The range of ids and page numbers the database can hold.

PostgreSQL's integer columns stop at 2**31 - 1 and SQLite's at 2**63 - 1; a number
beyond that in a URL or a form names nothing, so it is answered like an unknown id
rather than passed on to the database (which fails on PostgreSQL).
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


def valid_id(value: object) -> bool:
    """Whether ``value`` is an int that could be a row's id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
