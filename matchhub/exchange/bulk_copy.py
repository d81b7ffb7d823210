"""Insert many new rows at once: COPY on PostgreSQL, batched executemany elsewhere."""

from __future__ import annotations

import json

from sqlalchemy import Table, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

from matchhub.extensions import db


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def insert_returning_ids(table: Table, rows: list[dict]) -> list[int]:
    """Insert rows and return their new ids, in the order of the rows."""
    if not _on_postgresql():
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(db.session.scalars(statement, rows).all())
    ids = db.session.scalars(
        text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
        {"t": table.name, "n": len(rows)},
    ).all()
    copy_rows(table, [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
    return list(ids)


def copy_rows(table: Table, rows: list[dict]) -> None:
    """Insert rows (Python-side column defaults applied), in the session's transaction.

    :raise IntegrityError: when a row breaks a constraint, as an ORM insert would.
    """
    if not rows:
        return
    if not _on_postgresql():
        db.session.execute(insert(table), rows)
        return
    import psycopg

    connection = db.session.connection()
    dialect = connection.dialect
    columns = [c for c in table.columns if c.key in rows[0] or c.default is not None]
    names = ", ".join(f'"{c.name}"' for c in columns)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([_value(c, row, dialect) for c in columns])
    except psycopg.IntegrityError as error:
        raise IntegrityError(f"COPY {table.name}", None, error) from None
    finally:
        cursor.close()


def _value(column, row: dict, dialect):
    if column.key in row:
        value = row[column.key]
    elif column.default.is_callable:
        value = column.default.arg(None)
    else:
        value = column.default.arg
    if isinstance(column.type, TypeDecorator):
        value = column.type.process_bind_param(value, dialect)
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return value
