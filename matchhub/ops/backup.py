"""Backups taken while the app serves, and restoring them: SQLite's online backup API,
pg_dump and pg_restore for PostgreSQL.

A backup is one transactionally consistent snapshot: every transaction committed before it
started is in it whole, none committed after it started is in it at all, and writers keep
going while it runs. A backup is written under a temporary name and renamed only once it is
complete and checked, so a file with the final name is never half written.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

SQLITE_TIMEOUT_S = 15
# libpq settings a URL may carry in its query string, passed on as environment variables.
LIBPQ_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
}


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    engine: str
    size: int
    seconds: float


def engine_of(url: URL) -> str:
    """'sqlite' or 'postgresql'.

    :raise BackupError: for any other database.
    """
    name = url.get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {name} databases are not supported")
    return name


def default_path(folder: Path, url: URL) -> Path:
    """instance/backups/matchhub-<UTC time>.sqlite or .dump."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite" if engine_of(url) == "sqlite" else ".dump"
    return folder / f"matchhub-{stamp}{suffix}"


def backup(url: URL, out: Path, then: Callable[[], object] | None = None) -> Outcome:
    """Write a consistent copy of the database at `url` to `out`, while writes go on.

    `then` runs after the snapshot and before `out` gets its name (the uploaded files).
    """
    engine = engine_of(url)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    start = time.perf_counter()
    try:
        if engine == "sqlite":
            _backup_sqlite(_sqlite_path(url, must_exist=True), partial)
        else:
            _run(["pg_dump", "--format=custom", f"--file={partial}", *_pg_target(url)], url)
        if then is not None:
            then()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, out)
    _sync_folder(out.parent)
    return Outcome(out, engine, out.stat().st_size, time.perf_counter() - start)


def restore(url: URL, source: Path) -> Outcome:
    """Replace the database at `url` with the backup in `source`; check the backup first.

    Stop the app (or at least its writers) first: a restore replaces every table.
    """
    engine = engine_of(url)
    start = time.perf_counter()
    if engine == "sqlite":
        _check_sqlite_backup(source)
        target = _sqlite_path(url, must_exist=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(source)) as backup_db,
            closing(sqlite3.connect(target, timeout=SQLITE_TIMEOUT_S)) as live,
        ):
            # The same API in the other direction: the live file is locked for the copy and
            # replaced page by page in one transaction, so it is never half restored.
            backup_db.backup(live)
    else:
        _run(["pg_restore", "--list", str(source)], url)  # a readable archive, or nothing happens
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_target(url, flag="--dbname="),
                str(source),
            ],
            url,
        )
    return Outcome(source, engine, source.stat().st_size, time.perf_counter() - start)


def _sqlite_path(url: URL, must_exist: bool) -> Path:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise BackupError("the database is in memory (or a URI): there is no file to back up")
    path = Path(database)
    if must_exist and not path.exists():
        raise BackupError(f"{path} does not exist")
    return path


def _backup_sqlite(source_path: Path, partial: Path) -> None:
    with (
        closing(sqlite3.connect(source_path, timeout=SQLITE_TIMEOUT_S)) as source,
        closing(sqlite3.connect(partial)) as copy,
    ):
        # pages=-1 copies everything in one step inside one read transaction: a consistent
        # snapshot. In WAL mode that reader blocks no writer; they append to the WAL meanwhile.
        source.backup(copy, pages=-1)
        # One self-contained file, with no -wal beside it, to move or mail as it is.
        copy.execute("PRAGMA journal_mode = DELETE")
        _expect_intact(copy, partial)


def _check_sqlite_backup(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            _expect_intact(conn, path)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from None
    if "users" not in tables:
        raise BackupError(f"{path} is not a matchhub backup (it has no users table)")


def _expect_intact(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} fails its integrity check: {result}")


def _pg_target(url: URL, flag: str = "") -> list[str]:
    """Connection arguments for pg_dump/pg_restore; never the password (see _pg_env)."""
    args = ["--no-password"]
    host = url.host or url.query.get("host")
    if host:
        args.append(f"--host={host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    if not url.database:
        raise BackupError("the database URL names no database")
    args.append(f"{flag}{url.database}" if flag else url.database)
    return args


def _pg_env(url: URL) -> dict[str, str]:
    # The password goes through the environment: argv is visible to every local user (ps).
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    for name, variable in LIBPQ_QUERY_ENV.items():
        value = url.query.get(name)
        if isinstance(value, str):
            env[variable] = value
    return env


def _run(argv: list[str], url: URL) -> None:
    if shutil.which(argv[0]) is None:
        raise BackupError(f"{argv[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(argv, env=_pg_env(url), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip() or result.returncode}")


def _sync_folder(folder: Path) -> None:
    """Make the rename durable, so a power cut right after cannot lose the new name."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
