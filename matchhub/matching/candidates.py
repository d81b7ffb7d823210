"""What an organization sees of the people who could help with one of its issues.

Residents appear as 「区民A」 with their district (never the address they typed) until the
desk has confirmed the match and the resident has accepted it; then their name and email.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.matching.matching import candidates_for
from matchhub.models import HelperProfile, Issue, Match, Organization
from matchhub.residents.activities import contact_shared

SUGGESTIONS = 10


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as the organization may see them."""

    label: str
    area: str | None
    score: float | None
    reasons: list[str] = field(default_factory=list)
    status: str | None = None
    interested: bool = False
    contact_name: str | None = None
    contact_email: str | None = None
    is_organization: bool = False
    match_id: int | None = None


@dataclass(frozen=True)
class CandidateBoard:
    interested: list[CandidateRow]
    decided: list[CandidateRow]
    suggested: list[CandidateRow]


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: labels that never run out."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def _row(item: HelperProfile | Organization, label: str, match: Match | None, **kw) -> CandidateRow:
    shared = match is not None and contact_shared(match)
    if isinstance(item, Organization):
        return CandidateRow(
            label=item.name,
            area=item.area.name if item.area else None,
            contact_email=item.email if shared else None,
            is_organization=True,
            **kw,
        )
    return CandidateRow(
        label=label,
        area=item.area.name if item.area else None,
        contact_name=item.user.display_name if shared else None,
        contact_email=item.user.email if shared else None,
        **kw,
    )


def _identity(item: HelperProfile | Organization) -> tuple[str, int]:
    return (type(item).__name__, item.id)


def board_for(issue: Issue) -> CandidateBoard:
    """Interested residents, the desk's decisions and matchhub's suggestions for an issue."""
    matches = db.session.scalars(
        select(Match)
        .where(Match.issue_id == issue.id)
        .options(
            selectinload(Match.helper).selectinload(HelperProfile.user),
            selectinload(Match.helper).selectinload(HelperProfile.area),
            selectinload(Match.organization),
        )
        .order_by(Match.id)
    ).all()
    interested, decided, proposed = [], [], []
    for n, match in enumerate(matches):
        item = match.helper or match.organization
        row = _row(
            item,
            _letters(n),
            match,
            score=match.score,
            reasons=list(match.reasons),
            status=match.status,
            interested=match.interested_at is not None,
            match_id=match.id,
        )
        if match.status == "proposed":
            (interested if match.interested_at else proposed).append(row)
        else:
            decided.append(row)
    seen = {_identity(m.helper or m.organization) for m in matches}
    suggested = list(proposed)
    count = len(matches)
    for ranked in candidates_for(issue, top=SUGGESTIONS + len(matches)):
        if _identity(ranked.item) in seen or len(suggested) >= SUGGESTIONS:
            continue
        suggested.append(
            _row(ranked.item, _letters(count), None, score=ranked.score, reasons=ranked.reasons)
        )
        count += 1
    return CandidateBoard(interested, decided, suggested)
