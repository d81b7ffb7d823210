"""Ranked candidates as plain data, for the rank command and the API."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.matching.matching import candidates_for
from matchhub.models import HelperProfile, Issue


def rank_issues(keys: list[str], all_open: bool, top: int) -> dict[str, list[dict]]:
    """`{issue_key: [{"helper"|"organization": key, "score", "components", "reasons"}]}`.

    :raise LookupError: when a named issue does not exist.
    """
    query = select(Issue).options(selectinload(Issue.area), selectinload(Issue.organization))
    if all_open:
        issues = list(db.session.scalars(query.where(Issue.is_open).order_by(Issue.id)))
    else:
        found = {i.key: i for i in db.session.scalars(query.where(Issue.key.in_(keys)))}
        missing = [k for k in keys if k not in found]
        if missing:
            raise LookupError(f"no issue with key {', '.join(missing)}")
        issues = [found[k] for k in keys]
    results: dict[str, list[dict]] = {}
    for issue in issues:
        results[issue.key] = [
            {
                "helper" if isinstance(r.item, HelperProfile) else "organization": r.item.key,
                "score": r.score,
                "components": r.components,
                "reasons": r.reasons,
            }
            for r in candidates_for(issue, top)
        ]
    return results
