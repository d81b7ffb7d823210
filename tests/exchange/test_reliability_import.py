"""An import killed with SIGKILL at a random moment leaves only whole batches, 20 times over.

Each run is the real `flask --app matchhub import` command in its own process. To keep 20
runs within seconds, the processes are forked from a small server that has already imported
matchhub (sklearn alone takes ~1.6 s to import) and built the taxonomy's resolver (cached per
process): what is killed is the command's own work (app creation, reading the file, the
batches), not interpreter start-up.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from matchhub import create_app
from matchhub.exchange.importing import BATCH_SIZE
from matchhub.extensions import db
from matchhub.lab.benchmarks import synthetic_registry
from matchhub.platform.taxonomy import ensure_taxonomy

HELPERS = 5_000
KILLS = 20
AREAS = 19  # the demo municipality's areas, written as the first batch

# Reads {"op": "run", "env": {...}, "args": [...], "log": path} or {"op": "wait", "pid": n}
# from stdin, one JSON object a line, and answers each with one JSON line.
FORK_SERVER = r"""
import json, os, sys, traceback
from matchhub import create_app
from matchhub.extensions import db
from matchhub.platform.taxonomy import current_index
warm = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
with warm.app_context():
    current_index()  # the taxonomy's resolver, cached per process, as a long-lived one has it
    db.session.remove()
    db.engine.dispose()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "wait":
        _, status = os.waitpid(request["pid"], 0)
        print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}), flush=True)
        continue
    pid = os.fork()
    if pid:
        print(json.dumps({"pid": pid}), flush=True)
        continue
    code = 1
    try:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.update(request["env"])
        sys.argv = ["flask", *request["args"]]
        from flask.cli import main
        main()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
"""


class ForkServer:
    def __init__(self, folder: Path, template: Path):
        env = {
            **os.environ,
            "MATCHHUB_SECRET_KEY": "kill-test",
            "MATCHHUB_BASE_URL": "https://matchhub.example.lg.jp",
        }
        env.pop("MATCHHUB_DEBUG", None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER, str(template)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=folder,
            env=env,
        )
        assert self._ask(None) == {"ready": True}

    def _ask(self, request: dict | None) -> dict:
        if request is not None:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def start_import(self, database: Path, registry: Path, log: Path) -> int:
        env = {"MATCHHUB_DATABASE_URL": f"sqlite:///{database}"}
        args = ["--app", "matchhub", "import", str(registry)]
        return self._ask({"op": "run", "env": env, "args": args, "log": str(log)})["pid"]

    def wait(self, pid: int) -> int:
        return self._ask({"op": "wait", "pid": pid})["exit"]

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def _copy(source: Path, target: Path) -> None:
    """Copy a database file with SQLite's backup API (WAL frames included)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _first_write(database: Path, limit_s: float = 60) -> float:
    """Wait until the import's first write reaches the WAL; return that moment."""
    wal, deadline = Path(f"{database}-wal"), time.monotonic() + limit_s
    while not (wal.exists() and wal.stat().st_size > 0):
        assert time.monotonic() < deadline, "the import never wrote"
        time.sleep(0.002)
    return time.monotonic()


def _empty_database(path: Path) -> None:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "kill-test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    with app.app_context():
        db.create_all()
        ensure_taxonomy()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _state(path: Path) -> dict:
    """Check what a killed import left behind; return what is there."""
    with closing(sqlite3.connect(path)) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        keys = [k for (k,) in conn.execute("SELECT key FROM helper_profiles")]
        areas = conn.execute("SELECT count(*) FROM areas").fetchone()[0]
        users, emails = conn.execute("SELECT count(*), count(DISTINCT email) FROM users").fetchone()
        orphans = conn.execute(
            "SELECT count(*) FROM users u LEFT JOIN helper_profiles h ON h.user_id = u.id "
            "WHERE h.id IS NULL"
        ).fetchone()[0]
    assert integrity == [("ok",)]
    assert dangling == []
    assert areas in (0, AREAS)
    assert len(set(keys)) == len(keys)
    # Whole batches only, and in file order: batch b holds bench-(1000 b) … bench-(1000 b + 999).
    numbers = sorted(int(k.removeprefix("bench-")) for k in keys)
    assert len(keys) % BATCH_SIZE == 0 or len(keys) == HELPERS
    assert numbers == list(range(len(keys)))
    # A batch's users and profiles are written together: no user without a profile.
    assert orphans == 0 and users == emails == len(keys)
    return {"helpers": len(keys), "areas": areas}


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "registry.jsonl"
    synthetic_registry(path, HELPERS)
    return path


def test_an_import_killed_at_random_moments_leaves_only_whole_batches(tmp_path, registry):
    seed = int(os.environ.get("MATCHHUB_KILL_SEED", random.randrange(1_000_000)))
    rng = random.Random(seed)
    template = tmp_path / "empty.sqlite"
    _empty_database(template)
    server = ForkServer(tmp_path, template)
    try:
        # One uninterrupted run first: how long a whole import takes here, and what it holds.
        complete = tmp_path / "complete.sqlite"
        _copy(template, complete)
        pid = server.start_import(complete, registry, tmp_path / "complete.log")
        writing = _first_write(complete)
        assert server.wait(pid) == 0, (tmp_path / "complete.log").read_text()
        write_s = time.monotonic() - writing
        assert _state(complete) == {"helpers": HELPERS, "areas": AREAS}

        outcomes, database, left = [], None, HELPERS
        for n in range(KILLS):
            # Even runs start on an empty database; odd runs re-run the import on what the
            # previous kill left behind, as an operator would, and are killed again.
            if n % 2 == 0 or left == HELPERS:
                database, left = tmp_path / f"killed-{n}.sqlite", 0
                _copy(template, database)
            # A moment drawn uniformly over the time the import writes (reading the file
            # before the first write changes nothing); a re-run writes only what is missing.
            delay = rng.uniform(0, write_s * (HELPERS - left) / HELPERS)
            pid = server.start_import(database, registry, tmp_path / f"run-{n}.log")
            _first_write(database)
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            code = server.wait(pid)
            left = _state(database)["helpers"]  # raises if anything is torn
            outcomes.append((n, round(delay, 2), code, left))

        # After the last kill, the import is simply run again and finishes the job.
        pid = server.start_import(database, registry, tmp_path / "final.log")
        assert server.wait(pid) == 0, (tmp_path / "final.log").read_text()
        assert _state(database) == {"helpers": HELPERS, "areas": AREAS}
    finally:
        server.close()

    killed = [o for o in outcomes if o[2] == -signal.SIGKILL]
    partial = [o for o in killed if 0 < o[3] < HELPERS]
    # Most runs die before the end, and some in the middle of the helpers' batches.
    assert len(killed) >= KILLS // 2 and len(partial) >= 2, (seed, outcomes)
    print(
        f"\nseed {seed}; import writing for {write_s:.2f} s; {len(killed)} of {KILLS} killed "
        f"mid-way; helpers left behind (round, delay s, exit, helpers): {outcomes}"
    )
