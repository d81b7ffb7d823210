"""Measured, not claimed: learning from simulated decisions and the effect of fair exposure.

Both run in a throw-away SQLite database. The simulated coordinator follows the graded
judgments of an exchange file (confirms grade 2-3, rejects 0-1, with some noise) and, like
a person, looks at the top of a list far more often than its bottom.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import HelperProfile, Impression, Issue, Judgment, Match, User
from matchhub.ranking.learn import examination_propensity, replay
from matchhub.ranking.score import DEFAULT_WEIGHTS

NOISE = 0.1
SHOWN = 10


@contextmanager
def scratch_registry(path: Path) -> Iterator[None]:
    """An app context on a temporary database holding FILE."""
    from matchhub.exchange.importing import import_files
    from matchhub.factory import build_app
    from matchhub.platform.taxonomy import ensure_taxonomy

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(
            {
                "TESTING": True,
                "SECRET_KEY": "simulation",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/simulation.sqlite",
            }
        )
        with app.app_context():
            db.create_all()
            ensure_taxonomy()
            import_files([path])
            yield
            db.session.remove()
            db.engine.dispose()


def _open_issues() -> list[Issue]:
    return list(
        db.session.scalars(
            select(Issue)
            .where(Issue.is_open)
            .options(selectinload(Issue.area), selectinload(Issue.organization))
            .order_by(Issue.id)
        )
    )


def simulate_decisions(months: int = 6, seed: int = 3, near_only: bool = False) -> int:
    """Let a judgment-following coordinator work through the queue for `months` months.

    With `near_only` the coordinator also rejects every candidate living far from the
    place (area component below 0.6), a local preference the default weights do not know.
    """
    from matchhub.matching.matching import candidates_for

    rng = random.Random(seed)
    coordinator = User(display_name="simulated coordinator", is_coordinator=True)
    db.session.add(coordinator)
    db.session.commit()
    grades = {(j.issue_key, j.helper_key): j.grade for j in db.session.scalars(select(Judgment))}
    judged = {issue for issue, _ in grades}
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = 0
    for month in range(months):
        moment = start + timedelta(days=30 * month + 1)
        for issue in [i for i in _open_issues() if i.key in judged]:
            shown = candidates_for(issue, SHOWN, fair=False)
            _log(issue, shown, coordinator.id, moment)
            for rank, ranked in enumerate(shown, start=1):
                if rng.random() > examination_propensity(rank):
                    continue
                good = grades.get((issue.key, ranked.item.key), 0) >= 2
                if near_only and ranked.components.get("area", 0.0) < 0.6:
                    good = False
                if rng.random() < NOISE:
                    good = not good
                db.session.add(
                    Match(
                        issue_id=issue.id,
                        helper_id=ranked.item.id,
                        status="confirmed" if good else "rejected",
                        score=ranked.score,
                        components=ranked.components,
                        reasons=ranked.reasons,
                        decided_by_id=coordinator.id,
                        decided_at=moment + timedelta(minutes=rank),
                    )
                )
                made += 1
            db.session.commit()
    return made


def _log(issue: Issue, shown, viewer_id: int, moment: datetime) -> None:
    rows = [
        {
            "issue_id": issue.id,
            "viewer_id": viewer_id,
            "candidate_kind": "helper",
            "candidate_key": r.item.key,
            "rank": rank,
            "score": r.score,
            "components": r.components,
            "shown_at": moment,
        }
        for rank, r in enumerate(shown, start=1)
    ]
    if rows:
        db.session.execute(insert(Impression), rows)


def learning_figures(path: Path, near_only: bool = False) -> dict:
    """Replay simulated decisions on FILE: NDCG@10 of default and learned weights."""
    from matchhub.matching.learning import recorded_decisions

    with scratch_registry(path):
        made = simulate_decisions(near_only=near_only)
        result = replay(recorded_decisions(), DEFAULT_WEIGHTS)
    return {
        "decisions": made,
        "months": result.months,
        "tested": result.tested,
        "default_ndcg": result.default_ndcg,
        "learned_ndcg": result.learned_ndcg,
        "learned_weights": result.final.weights.as_dict(),
    }


def exposure_figures(path: Path) -> dict:
    """Distinct helpers in the top-10 lists of all open issues, before and after sharing."""
    from matchhub.matching.matching import candidates_for, forget_exposure

    with scratch_registry(path):
        issues = [i for i in _open_issues() if i.kind in ("volunteer", "probono")]
        viewer = User(display_name="simulated coordinator", is_coordinator=True)
        db.session.add(viewer)
        db.session.commit()
        before = {i.id: candidates_for(i, SHOWN, fair=False) for i in issues}
        for issue in issues:
            _log(issue, before[issue.id], viewer.id, datetime.now(UTC))
        db.session.commit()
        forget_exposure()  # as a worker does within a minute
        after = {i.id: candidates_for(i, SHOWN, fair=True) for i in issues}
        return {
            "issues": len(issues),
            "helpers": db.session.scalar(select(func.count()).select_from(HelperProfile)),
            "before": _spread(before),
            "after": _spread(after),
        }


def _spread(lists: dict) -> dict:
    counts = Counter(r.item.key for shown in lists.values() for r in shown)
    slots = sum(counts.values())
    top10 = sum(n for _, n in counts.most_common(10))
    return {
        "distinct": len(counts),
        "top10_share": round(top10 / slots, 3) if slots else 0.0,
        "max_lists": max(counts.values(), default=0),
    }
