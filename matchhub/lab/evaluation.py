"""Ranking quality on an exchange file with judgments, through the real import path."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import HelperProfile, Issue, Judgment
from matchhub.ranking.evaluation import Metrics, evaluate_rankers


def evaluate_file(path: Path) -> tuple[dict[str, Metrics], list[str]]:
    """Import FILE into a throw-away database and score the engine and the baselines.

    Returns the metrics by ranker name and the import's skipped lines.
    """
    from matchhub.exchange.importing import import_files
    from matchhub.factory import build_app
    from matchhub.matching.matching import current_ranker, helper_doc, need_doc
    from matchhub.platform.taxonomy import ensure_taxonomy

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(
            {
                "TESTING": True,
                "SECRET_KEY": "evaluate",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/evaluate.sqlite",
            }
        )
        with app.app_context():
            db.create_all()
            ensure_taxonomy()
            report = import_files([path])
            judgments: dict[str, dict[str, int]] = {}
            for j in db.session.scalars(select(Judgment)):
                judgments.setdefault(j.issue_key, {})[j.helper_key] = j.grade
            helpers = db.session.scalars(
                select(HelperProfile)
                .options(selectinload(HelperProfile.area))
                .order_by(HelperProfile.id)
            ).all()
            issues = db.session.scalars(
                select(Issue)
                .options(selectinload(Issue.area), selectinload(Issue.organization))
                .order_by(Issue.id)
            ).all()
            ranker = current_ranker()
            helper_docs = [helper_doc(h) for h in helpers]

            def engine(need):
                return [c.key for c in ranker.rank_helpers(need, top=len(helper_docs))]

            metrics = evaluate_rankers(
                [need_doc(i) for i in issues], helper_docs, judgments, engine
            )
            db.engine.dispose()
    return metrics, report.skipped
