"""Finding open issues: keywords normalised as the ranker reads them, and filters.

Keywords match however they were typed: full or half width, hiragana or katakana
(ｴｸｾﾙ finds エクセル), Sudachi's normalised spelling (こども finds 子供), and taxonomy
aliases (Excel finds an issue asking for エクセル).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import Issue
from matchhub.platform.freshness import cached, latest, registry_stamp, taxonomy_version
from matchhub.platform.taxonomy import current_index
from matchhub.platform.vocabulary import area_and_districts
from matchhub.ranking.normalize import canonical, compact, nfkc

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


# People name a place by its station or surroundings: 成増駅 and 成増付近 find what 成増 finds.
PLACE_SUFFIXES = ("駅周辺", "駅前", "駅", "周辺", "付近", "近辺", "界隈", "エリア", "地区")


@dataclass(frozen=True)
class Term:
    """One keyword in the forms it is compared in."""

    plain: str
    canonical: str
    keys: frozenset[str]
    place: str = ""  # the place named, without 駅・付近 …, when the word ends so


def _place_stem(word: str) -> str:
    for suffix in PLACE_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return compact(word.removesuffix(suffix))
    return ""


def _term(word: str) -> Term:
    resolver = current_index().resolver
    keys = {f"theme:{r.key}" for r in resolver.resolve_themes([word]) if r.method == "exact"}
    keys |= {f"skill:{r.key}" for r in resolver.resolve_skills([word]) if r.method == "exact"}
    return Term(compact(word), canonical(word), frozenset(keys), _place_stem(nfkc(word)))


def terms(q: str) -> list[Term]:
    words = list(dict.fromkeys(nfkc(q).split()))[:MAX_TERMS]
    return [_term(w) for w in words if compact(w)]


@dataclass(frozen=True)
class Searchable:
    """An open issue in the forms the search compares, worked out once per change."""

    id: int
    plain: str
    canonical: str
    keys: frozenset[str]  # "theme:…" and "skill:…" of what it asks for
    theme_keys: frozenset[str]
    slots: tuple[str, ...]

    def matches(self, filters: IssueFilters, wanted: list[Term]) -> bool:
        return (
            (not filters.theme or filters.theme in self.theme_keys)
            and (not (filters.day or filters.time) or self._slot_match(filters.day, filters.time))
            and all(self._has(term) for term in wanted)
        )

    def _has(self, term: Term) -> bool:
        return (
            term.plain in self.plain
            or bool(term.place and term.place in self.plain)
            or bool(term.canonical and term.canonical in self.canonical)
            or bool(term.keys & self.keys)
        )

    def _slot_match(self, day: str, time: str) -> bool:
        if not self.slots:
            return True  # no times given: the organization is flexible
        return any(
            (not day or slot.startswith(day + "_")) and (not time or slot.endswith("_" + time))
            for slot in self.slots
        )


def searchable(issue: Issue) -> Searchable:
    parts = [issue.title, issue.description, *issue.themes, *issue.skills, issue.area_text]
    parts.append(issue.organization.name)
    if issue.area is not None:
        parts.append(issue.area.name)
    text = "\n".join(p for p in parts if p)
    return Searchable(
        id=issue.id,
        plain=compact(text),
        canonical=canonical(text),
        keys=frozenset(
            [f"theme:{k}" for k in issue.theme_keys] + [f"skill:{k}" for k in issue.skill_keys]
        ),
        theme_keys=frozenset(issue.theme_keys),
        slots=tuple(issue.availability or ()),
    )


def open_issues() -> list[Searchable]:
    """Every open issue, normalised (Sudachi and all) once per change, not once per search.

    Kept per process and rebuilt when an issue or organization is written, or the areas
    change (an issue's text includes its organization's and area's names).
    """
    stamp = registry_stamp()
    return cached(
        "search:open-issues",
        (stamp.organizations, stamp.issues, taxonomy_version()),
        _load_open_issues,
        latest_write=latest(stamp.organizations, stamp.issues),
    )


def _load_open_issues() -> list[Searchable]:
    rows = db.session.scalars(
        select(Issue)
        .where(Issue.is_open)
        .options(selectinload(Issue.organization), selectinload(Issue.area))
    )
    return [searchable(issue) for issue in rows]


def _base_query(filters: IssueFilters):
    query = select(Issue).where(Issue.is_open)
    if filters.kind:
        query = query.where(Issue.kind == filters.kind)
    if filters.online:
        query = query.where(Issue.online.is_(True))
    if filters.area_id:
        query = query.where(Issue.area_id.in_(area_and_districts(filters.area_id)))
    if filters.one_off:
        query = query.where(Issue.starts_on.is_not(None), Issue.ends_on == Issue.starts_on)
    return query


def matching_issues(filters: IssueFilters) -> Select:
    """A query for the open issues matching the filters (unordered; the caller pages it).

    Columns filter in SQL; keywords, theme and times against the prepared open issues.
    """
    query = _base_query(filters)
    if filters.needs_text_pass:
        wanted = terms(filters.q)
        ids = [entry.id for entry in open_issues() if entry.matches(filters, wanted)]
        query = query.where(Issue.id.in_(ids))
    return query


def search_issues(filters: IssueFilters, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Open issues matching the filters, newest first, one page at a time."""
    query = (
        matching_issues(filters)
        .options(selectinload(Issue.organization), selectinload(Issue.area))
        .order_by(Issue.created_at.desc(), Issue.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
