"""Cursor pagination for the API: opaque, signed cursors over a stable id order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select

from matchhub.extensions import db

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "matchhub.api.cursor"


class CursorError(ValueError):
    """A cursor this server did not hand out for this list."""


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)


def encode_cursor(resource: str, last_id: int) -> str:
    """An opaque cursor pointing after `last_id` in the list of `resource`."""
    return _serializer().dumps([resource, last_id])


def decode_cursor(resource: str, cursor: str) -> int:
    """The id a cursor points after.

    :raise CursorError: for a forged, damaged or foreign cursor.
    """
    try:
        value = _serializer().loads(cursor)
    except (BadSignature, UnicodeError, ValueError):
        raise CursorError(cursor) from None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or value[0] != resource
        or not isinstance(value[1], int)
        or isinstance(value[1], bool)
    ):
        raise CursorError(cursor)
    return value[1]


def keyset_page(
    query: Select,
    id_column,
    resource: str,
    cursor: str | None,
    limit: int = DEFAULT_LIMIT,
    descending: bool = True,
) -> Page:
    """One page of `query` ordered by `id_column`, starting after the cursor.

    Keyset rather than offset: rows added while a client pages do not shift or repeat others.

    :raise CursorError: when the cursor is not valid for this resource.
    """
    if cursor:
        after = decode_cursor(resource, cursor)
        query = query.where(id_column < after if descending else id_column > after)
    order = id_column.desc() if descending else id_column.asc()
    rows = list(db.session.scalars(query.order_by(order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(resource, rows[-1].id) if more and rows else None
    return Page(rows, next_cursor)
