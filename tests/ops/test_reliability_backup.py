"""`flask backup` while another thread keeps writing, `flask restore` into a fresh database.

What is compared: a writer thread commits numbered transactions, each inserting a user, a
helper profile and an audit event and updating one counter row (settings.backup-writer).
The backup must hold exactly the transactions 1..k for some k between the last one
committed before the backup started and the last one committed when it returned (a
snapshot: no transaction in part, none skipped). The restored database must then equal the
source, every table and every row and column, once the writer's transactions after k are
taken away and the counter row is put back to its value after k.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from matchhub import create_app
from matchhub.demo import seed as demo
from matchhub.extensions import db
from matchhub.models import AuditEvent, HelperProfile, Setting, User
from matchhub.models.types import utcnow
from tests.support.app import app_config

COUNTER = "backup-writer"
BEFORE_BACKUP = 30  # transactions committed before the backup starts
AFTER_BACKUP = 30  # and after it returns, so writes surround it on both sides
LIMIT_S = 20


class Writer(threading.Thread):
    """Commit numbered transactions until told to stop; log what each one wrote."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.stop, self.error = app, threading.Event(), None
        self.log: list[dict] = []  # one entry per committed transaction, in commit order

    def run(self) -> None:
        deadline = time.monotonic() + LIMIT_S
        try:
            with self.app.app_context():
                while not self.stop.is_set() and time.monotonic() < deadline:
                    self.log.append(self._write(len(self.log) + 1))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - the test reports it
            self.error = error

    def _write(self, n: int) -> dict:
        now = utcnow()
        user = User(email=f"writer{n}@example.jp", display_name=f"書き込み {n}")
        profile = HelperProfile(key=f"writer-{n}", user=user, themes=["防災"], bio="途中")
        event = AuditEvent(actor_id=None, action="backup.test", object_type="x", details={"n": n})
        counter = db.session.get(Setting, COUNTER)
        counter.value, counter.updated_at = {"written": n}, now
        db.session.add_all([user, profile, event])
        db.session.commit()
        return {
            "users": user.id,
            "helper_profiles": profile.id,
            "audit_events": event.id,
            "value": {"written": n},
            "updated_at": now,
        }

    def committed(self) -> int:
        return len(self.log)


def _wait_for(condition, limit_s: float = LIMIT_S) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


@pytest.fixture
def fresh_url(engine_name, database_url, tmp_path):
    """An empty database of the same engine to restore into."""
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    url = make_url(database_url)
    scratch = url.set(database=f"{url.database}_restored")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        known = "SELECT 1 FROM pg_database WHERE datname = :name"
        if conn.execute(text(known), {"name": scratch.database}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{scratch.database}"'))
    admin.dispose()
    # Emptied rather than dropped: DROP DATABASE waits for a checkpoint (seconds).
    _empty(scratch)
    yield scratch.render_as_string(hide_password=False)
    _empty(scratch)


def _empty(url) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _rows(engine) -> dict[str, dict[tuple, tuple]]:
    """Every row of every table of the models, keyed by primary key."""
    tables = {}
    with engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            key = [table.c[c.name] for c in table.primary_key.columns]
            tables[table.name] = {
                tuple(row[: len(key)]): tuple(row[len(key) :])
                for row in conn.execute(select(*key, *table.c))
            }
    return tables


def _differing(expected: dict[tuple, tuple], actual: dict[tuple, tuple]) -> int:
    """Rows missing, extra, or with any column different."""
    keys = expected.keys() | actual.keys()
    return sum(expected.get(key) != actual.get(key) for key in keys)


def _as_of(source: dict, log: list[dict], k: int) -> dict:
    """The source as it was when transaction k had committed and k+1 had not."""
    expected = {name: dict(rows) for name, rows in source.items()}
    for entry in log[k:]:
        for table in ("users", "helper_profiles", "audit_events"):
            del expected[table][(entry[table],)]
    columns = [c.name for c in db.metadata.tables["settings"].c]
    row = list(expected["settings"][(COUNTER,)])
    # The counter row as the last transaction in the snapshot left it.
    row[columns.index("value")], row[columns.index("updated_at")] = (
        log[k - 1]["value"],
        log[k - 1]["updated_at"],
    )
    expected["settings"][(COUNTER,)] = tuple(row)
    return expected


def test_backup_while_writing_restores_to_the_snapshot_row_for_row(
    app, runner, fresh_url, tmp_path
):
    demo.seed_demo()
    db.session.add(Setting(key=COUNTER, value={"written": 0}))
    db.session.commit()
    writer = Writer(app)
    writer.start()
    _wait_for(lambda: writer.committed() >= BEFORE_BACKUP or writer.error)
    path = tmp_path / "matchhub.backup"
    before = writer.committed()
    started = time.perf_counter()
    result = runner.invoke(args=["backup", "--out", str(path)])
    backup_s = time.perf_counter() - started
    after = writer.committed()
    _wait_for(lambda: writer.committed() >= after + AFTER_BACKUP or writer.error)
    writer.stop.set()
    writer.join(timeout=LIMIT_S)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert not path.with_name(path.name + ".partial").exists()

    source = _rows(db.engine)
    restored_app = create_app(app_config(fresh_url))
    with restored_app.app_context():
        started = time.perf_counter()
        restored = restored_app.test_cli_runner().invoke(args=["restore", str(path), "--yes"])
        restore_s = time.perf_counter() - started
        assert restored.exit_code == 0, restored.output
        copy = _rows(db.engine)
        tables = set(inspect(db.engine).get_table_names())
        k = db.session.get(Setting, COUNTER).value["written"]
        # Usable as it is: new rows get fresh ids (PostgreSQL sequences came back too).
        db.session.add(User(email="after-restore@example.jp", display_name="復元後"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    assert tables == set(inspect(db.engine).get_table_names())
    # A snapshot: every transaction committed before the backup began, none in part.
    assert before <= k <= after
    expected = _as_of(source, writer.log, k)
    differing = {name: _differing(rows, copy[name]) for name, rows in expected.items()}
    assert differing == dict.fromkeys(expected, 0)
    compared = sum(len(rows) for rows in expected.values())
    print(
        f"\n[{db.engine.dialect.name}] backup {path.stat().st_size:,} bytes in {backup_s:.2f} s, "
        f"restore {restore_s:.2f} s; writer committed {before} before, {after - before} during "
        f"and {writer.committed() - after} after the backup; snapshot at transaction {k}; "
        f"{compared:,} rows in {len(expected)} tables compared, 0 differing"
    )


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path):
    demo.seed_demo()
    users = db.session.scalar(select(db.func.count()).select_from(User))
    junk = tmp_path / "not-a-backup.sqlite"
    junk.write_text("これはバックアップではありません\n" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0
    assert "Error" in result.output
    db.session.remove()
    assert db.session.scalar(select(db.func.count()).select_from(User)) == users


def test_restore_asks_before_replacing_the_database(app, runner, tmp_path):
    path = tmp_path / "backup"
    assert runner.invoke(args=["backup", "--out", str(path)]).exit_code == 0
    result = runner.invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0
    assert "Aborted" in result.output
