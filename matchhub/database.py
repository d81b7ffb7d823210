"""SQLite connection settings: foreign keys enforced, WAL, and waiting for the write lock."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    # The driver's own transaction handling is kept on purpose: it opens a transaction at
    # the first write, not at the first read, so a request that reads and then writes
    # never holds a stale snapshot that SQLite refuses to upgrade while another request
    # writes; the writer simply waits for the lock (busy_timeout).
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 15000")  # ms: wait for the write lock, do not fail
    cursor.execute("PRAGMA journal_mode")
    if cursor.fetchone()[0] not in ("memory", "wal"):
        # Readers do not block the writer, and the writer does not block readers.
        cursor.execute("PRAGMA journal_mode = WAL")
    # With WAL, NORMAL never corrupts the database; a power cut may lose the last commits.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()
