"""Is what this worker process derived from the database still current?

Several gunicorn workers (and CLI commands) write the same database, so a cache kept in
one process is checked against a stamp read from the database, at most once a request:

- the registry stamp: the latest `updated_at` of helper profiles, organizations and issues
  (rows of these tables are never deleted, and every insert or update moves it);
- the taxonomy version: a setting rewritten in the same transaction as every change to
  areas, themes or skills.

A write is stamped when it is flushed but seen when it commits, so a transaction still
open while a later one commits can become visible without moving the latest `updated_at`.
A value built within SETTLE_SECONDS of the latest write is therefore built once more after
that long: by then every transaction open at the time has committed or given up.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, NamedTuple, TypeVar

from flask import current_app, has_request_context, request
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import HelperProfile, Issue, Organization, Setting
from matchhub.models.types import utcnow

T = TypeVar("T")
TAXONOMY_VERSION = "taxonomy.version"
# Longer than any transaction that writes profiles, organizations or issues may stay open
# (an import batch of 1,000 rows takes well under a second).
SETTLE_SECONDS = 30.0


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    """compute() once for the current request (kept in its WSGI environ), else every call."""
    if not has_request_context():
        return compute()
    if key not in request.environ:
        request.environ[key] = compute()
    return request.environ[key]


class RegistryStamp(NamedTuple):
    """The latest write to each table of the registry."""

    helpers: datetime | None
    organizations: datetime | None
    issues: datetime | None

    @property
    def latest(self) -> datetime | None:
        return latest(*self)


def latest(*times: datetime | None) -> datetime | None:
    return max((t for t in times if t is not None), default=None)


@dataclass(frozen=True)
class Held(Generic[T]):
    """A value derived from the database, and the stamp it was derived at."""

    stamp: Hashable
    value: T
    recheck_at: float | None = None  # time.monotonic(); None once no late commit can matter

    def serves(self, stamp: Hashable) -> bool:
        return self.stamp == stamp and (
            self.recheck_at is None or time.monotonic() < self.recheck_at
        )


def hold(stamp: Hashable, value: T, latest_write: datetime | None = None) -> Held[T]:
    """Keep `value`; if the latest write is recent, only until a late commit has had time."""
    if latest_write is None or utcnow() - latest_write > timedelta(seconds=SETTLE_SECONDS):
        return Held(stamp, value)
    return Held(stamp, value, time.monotonic() + SETTLE_SECONDS)


def registry_stamp() -> RegistryStamp:
    """Moves whenever a profile, organization or issue is written, by any process.

    One lookup in each table's `updated_at` index.
    """
    return once_per_request(
        "matchhub.registry_stamp",
        lambda: RegistryStamp(
            *(
                db.session.scalar(select(func.max(model.updated_at)))
                for model in (HelperProfile, Organization, Issue)
            )
        ),
    )


def taxonomy_version() -> str:
    """Changes whenever areas, themes or skills are loaded or imported."""

    def read() -> str:
        row = db.session.get(Setting, TAXONOMY_VERSION)
        return str(row.value.get("version", "")) if row and isinstance(row.value, dict) else ""

    return once_per_request("matchhub.taxonomy_version", read)


def bump_taxonomy_version() -> None:
    """Mark areas and the taxonomy changed, in the caller's transaction (it commits).

    A random token rather than a counter: two writers at once still each leave a value
    no process has cached.
    """
    row = db.session.get(Setting, TAXONOMY_VERSION) or Setting(key=TAXONOMY_VERSION)
    row.value = {"version": secrets.token_hex(8)}
    db.session.add(row)
    if has_request_context():
        request.environ.pop("matchhub.taxonomy_version", None)
    forget(prefix="taxonomy:")


def cached(
    name: str, stamp: Hashable, build: Callable[[], T], latest_write: datetime | None = None
) -> T:
    """The value built for this stamp in this process; built again when the stamp moves.

    Give `latest_write` when the stamp is made of write times (see the module's note).
    """
    store = current_app.extensions.setdefault("matchhub.fresh", {})
    held = store.get(name)
    if held is not None and held.serves(stamp):
        return held.value
    held = store[name] = hold(stamp, build(), latest_write)
    return held.value


def forget(prefix: str) -> None:
    """Drop this process's cached values whose names start with `prefix`."""
    store = current_app.extensions.get("matchhub.fresh", {})
    for name in [n for n in store if n.startswith(prefix)]:
        del store[name]
