"""Finding open issues: keywords normalised as the ranker reads them, and filters.

Keywords match however they were typed: full or half width, hiragana or katakana
(ｴｸｾﾙ finds エクセル), Sudachi's normalised spelling (こども finds 子供), and taxonomy
aliases (Excel finds an issue asking for エクセル).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Issue
from ..ranking.normalize import canonical, compact, nfkc
from .taxonomy import current_index
from .vocabulary import area_and_districts

PER_PAGE = 10
MAX_TERMS = 8


@dataclass
class IssueFilters:
    """What a resident asked for on the issue list."""

    q: str = ""
    theme: str = ""
    area_id: int | None = None
    day: str = ""
    time: str = ""
    online: bool = False
    kind: str = ""
    one_off: bool = False

    @property
    def needs_text_pass(self) -> bool:
        return bool(self.q.strip() or self.theme or self.day or self.time)


@dataclass(frozen=True)
class Term:
    """One keyword in the forms it is compared in."""

    plain: str
    canonical: str
    keys: frozenset[str]


def _term(word: str) -> Term:
    resolver = current_index().resolver
    keys = {f"theme:{r.key}" for r in resolver.resolve_themes([word]) if r.method == "exact"}
    keys |= {f"skill:{r.key}" for r in resolver.resolve_skills([word]) if r.method == "exact"}
    return Term(compact(word), canonical(word), frozenset(keys))


def terms(q: str) -> list[Term]:
    words = list(dict.fromkeys(nfkc(q).split()))[:MAX_TERMS]
    return [_term(w) for w in words if compact(w)]


def _text(issue: Issue) -> str:
    parts = [issue.title, issue.description, *issue.themes, *issue.skills, issue.area_text]
    parts.append(issue.organization.name)
    if issue.area is not None:
        parts.append(issue.area.name)
    return "\n".join(p for p in parts if p)


def _keyword_match(issue: Issue, wanted: list[Term]) -> bool:
    text = _text(issue)
    plain, canon = compact(text), canonical(text)
    keys = {f"theme:{k}" for k in issue.theme_keys} | {f"skill:{k}" for k in issue.skill_keys}
    return all(
        t.plain in plain or (t.canonical and t.canonical in canon) or (t.keys & keys)
        for t in wanted
    )


def _slot_match(issue: Issue, day: str, time: str) -> bool:
    if not issue.availability:
        return True  # no times given: the organization is flexible
    return any(
        (not day or slot.startswith(day + "_")) and (not time or slot.endswith("_" + time))
        for slot in issue.availability
    )


def _base_query(filters: IssueFilters):
    query = select(Issue).where(Issue.status == "open")
    if filters.kind:
        query = query.where(Issue.kind == filters.kind)
    if filters.online:
        query = query.where(Issue.online.is_(True))
    if filters.area_id:
        query = query.where(Issue.area_id.in_(area_and_districts(filters.area_id)))
    if filters.one_off:
        query = query.where(Issue.starts_on.is_not(None), Issue.ends_on == Issue.starts_on)
    return query


def search_issues(filters: IssueFilters, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Open issues matching the filters, newest first, one page at a time."""
    query = _base_query(filters)
    if filters.needs_text_pass:
        wanted = terms(filters.q)
        candidates = db.session.scalars(
            query.options(selectinload(Issue.organization), selectinload(Issue.area))
        ).all()
        ids = [
            issue.id
            for issue in candidates
            if (not filters.theme or filters.theme in issue.theme_keys)
            and (not (filters.day or filters.time) or _slot_match(issue, filters.day, filters.time))
            and (not wanted or _keyword_match(issue, wanted))
        ]
        query = select(Issue).where(Issue.id.in_(ids))
    query = query.options(selectinload(Issue.organization), selectinload(Issue.area)).order_by(
        Issue.created_at.desc(), Issue.id.desc()
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
