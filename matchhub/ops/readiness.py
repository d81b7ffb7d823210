"""Can this worker serve? The database answers, its schema is at the migrations' head,
and the ranking index is built in this process (a load balancer asks /readyz)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from matchhub.extensions import db
from matchhub.matching import matching


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.reasons

    def failed(self, check: str, reason: str) -> None:
        self.checks[check] = "failed"
        self.reasons.append(reason)


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The head revision(s) of the migrations shipped with this code (read once a process)."""
    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def database_revisions() -> frozenset[str] | None:
    """The revision(s) the database is stamped with; None when it has no alembic_version.

    :raise SQLAlchemyError: when the database does not answer.
    """
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return frozenset(rows)
    except SQLAlchemyError:
        db.session.rollback()
        db.session.execute(text("SELECT 1"))  # raises again if the database itself is down
        return None
    finally:
        db.session.rollback()


def check() -> Readiness:
    """Three cheap checks: one small query, a set comparison, a look at this process's cache."""
    result = Readiness()
    try:
        revisions = database_revisions()
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = type(getattr(error, "orig", None) or error).__name__
        result.failed("database", f"database unreachable: {reason}")
        result.checks["migrations"] = "unknown"
    else:
        result.checks["database"] = "ok"
        heads = migration_heads()
        if revisions == heads:
            result.checks["migrations"] = "ok"
        elif revisions is None:
            result.failed("migrations", "no migrations applied: run flask db upgrade")
        else:
            result.failed(
                "migrations",
                f"database at {', '.join(sorted(revisions)) or 'nothing'}, code expects "
                f"{', '.join(sorted(heads))}: run flask db upgrade",
            )
    app = current_app._get_current_object()
    state = matching.index_state(app)
    if state == "built":
        result.checks["ranking_index"] = "ok"
    else:
        if state == "missing" and result.checks.get("migrations") == "ok":
            matching.build_in_background(app)
        result.failed("ranking_index", "ranking index not built yet in this worker")
    return result
