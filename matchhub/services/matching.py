"""Feeding the ranking engine from the database, and reading its answers back as rows."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from flask import current_app, has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import HelperProfile, Issue, Match, Organization
from ..ranking.documents import ORGANIZATION_NEED_KINDS, Candidate, HelperDoc, NeedDoc, OrgDoc
from ..ranking.engine import Ranker
from ..ranking.team import propose_team
from .exposure import exposure_prior
from .learning import current_weights
from .taxonomy import current_index

# A pairing in these states is settled: the candidate is not proposed again for that issue.
SETTLED = ("confirmed", "rejected", "accepted", "declined", "active", "completed", "cancelled")
CACHE_KEY = "matchhub.ranker"
# Above this many helpers an outdated index keeps serving while the new one builds.
SYNC_REBUILD_LIMIT = 20_000
_build_lock = threading.Lock()


@dataclass(frozen=True)
class Ranked:
    """A ranked row: an issue, a helper profile or an organization, with why it fits."""

    item: Issue | HelperProfile | Organization
    score: float
    components: dict[str, float]
    reasons: list[str]


def helper_doc(profile: HelperProfile) -> HelperDoc:
    return HelperDoc(
        key=profile.key,
        themes=tuple(profile.themes),
        skills=tuple(profile.skills),
        area_key=profile.area.key if profile.area else None,
        area_text=profile.area_text,
        availability=frozenset(profile.availability),
        online_ok=profile.online_ok,
        languages=frozenset(profile.languages or ["ja"]),
        bio=profile.bio,
        active=profile.active,
    )


def need_doc(issue: Issue) -> NeedDoc:
    return NeedDoc(
        key=issue.key,
        kind=issue.kind,
        title=issue.title,
        description=issue.description,
        themes=tuple(issue.themes),
        skills=tuple(issue.skills),
        area_key=issue.area.key if issue.area else None,
        online=issue.online,
        availability=frozenset(issue.availability),
        people_needed=issue.people_needed,
        languages=frozenset(issue.languages),
        status=issue.status,
        org_key=issue.organization.key,
    )


def org_doc(org: Organization) -> OrgDoc:
    return OrgDoc(
        key=org.key,
        name=org.name,
        kind=org.kind,
        themes=tuple(org.themes),
        offers=tuple(org.offers),
        description=org.description,
        area_key=org.area.key if org.area else None,
        active=org.is_verified,
    )


def _stamp() -> tuple:
    """Changes whenever a profile, organization, issue or the weights do, in any process.

    Rows of these tables are never deleted (a deleted account keeps an emptied profile),
    and every insert or update moves `updated_at`, so its maximum is enough: one lookup
    in each table's updated_at index, on the path of every ranked page.
    """
    latest = tuple(
        db.session.scalar(select(func.max(model.updated_at)))
        for model in (HelperProfile, Organization, Issue)
    )
    return (*latest, current_weights())


def _once_per_request(key: str, compute):
    """compute() once for the current request (kept in its WSGI environ), else every call."""
    if not has_request_context():
        return compute()
    if key not in request.environ:
        request.environ[key] = compute()
    return request.environ[key]


def current_ranker() -> Ranker:
    """The engine over the whole registry, rebuilt only when the registry changed.

    A large registry keeps serving the index it has while a new one builds in the
    background (seconds at 100,000 helpers), so a profile edit never stalls every page.
    Checked once per request: a queue page ranks ten issues against one index, and each
    check counts every profile, organization and issue.
    """
    return _once_per_request("matchhub.ranker", _current_ranker)


def _current_ranker() -> Ranker:
    app = current_app._get_current_object()
    stamp = _stamp()
    cached = app.extensions.get(CACHE_KEY)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if cached is not None and len(cached[1].helpers) > SYNC_REBUILD_LIMIT:
        _rebuild_in_background(app)
        return cached[1]
    with _build_lock:
        cached = app.extensions.get(CACHE_KEY)
        if cached is None or cached[0] != stamp:
            cached = (stamp, _build(stamp))
            app.extensions[CACHE_KEY] = cached
        return cached[1]


def _build(stamp: tuple) -> Ranker:
    index = current_index()
    helpers = db.session.scalars(
        select(HelperProfile).options(selectinload(HelperProfile.area)).order_by(HelperProfile.id)
    ).all()
    orgs = db.session.scalars(
        select(Organization).options(selectinload(Organization.area)).order_by(Organization.id)
    ).all()
    issues = db.session.scalars(
        select(Issue)
        .where(Issue.status == "open")
        .options(selectinload(Issue.area), selectinload(Issue.organization))
        .order_by(Issue.id)
    ).all()
    return _ranker_for(
        tuple(helper_doc(h) for h in helpers),
        tuple(org_doc(o) for o in orgs),
        tuple(need_doc(i) for i in issues),
        index.gazetteer,
        index.resolver,
        stamp[-1],
    )


@lru_cache(maxsize=2)
def _ranker_for(helpers, organizations, needs, gazetteer, resolver, weights) -> Ranker:
    """The same registry content gets the same engine, whichever app or stamp asks."""
    return Ranker(
        helpers, organizations, needs, gazetteer=gazetteer, resolver=resolver, weights=weights
    )


def _rebuild_in_background(app) -> None:
    if not _build_lock.acquire(blocking=False):
        return  # a build is already under way in this process

    def work() -> None:
        try:
            with app.app_context():
                stamp = _stamp()
                app.extensions[CACHE_KEY] = (stamp, _build(stamp))
                db.session.remove()
        finally:
            _build_lock.release()

    threading.Thread(target=work, name="ranker-rebuild", daemon=True).start()


def settled_keys(issue: Issue) -> set[str]:
    """Helpers and organizations already decided on for this issue."""
    rows = db.session.execute(
        select(HelperProfile.key, Organization.key)
        .select_from(Match)
        .outerjoin(HelperProfile, Match.helper_id == HelperProfile.id)
        .outerjoin(Organization, Match.organization_id == Organization.id)
        .where(Match.issue_id == issue.id, Match.status.in_(SETTLED))
    )
    return {helper or org for helper, org in rows}


def _rows(candidates: Sequence[Candidate], model) -> list[Ranked]:
    keys = [c.key for c in candidates]
    if not keys:
        return []
    query = select(model).where(model.key.in_(keys)).options(selectinload(model.area))
    # What the candidate and issue cards show, loaded with the rows, not one query a card.
    if model is HelperProfile:
        query = query.options(selectinload(HelperProfile.user))
    elif model is Issue:
        query = query.options(selectinload(Issue.organization))
    items = {row.key: row for row in db.session.scalars(query)}
    return [
        Ranked(items[c.key], c.score, c.components, c.reasons) for c in candidates if c.key in items
    ]


def candidates_for(issue: Issue, top: int = 20, fair: bool = True) -> list[Ranked]:
    """Best helpers (or organizations, for resource and partnership issues) for an issue.

    With `fair`, helpers' exposure is shared (see services/exposure.py).
    """
    if issue.status != "open":
        return []
    ranker = current_ranker()
    for_organizations = issue.kind in ORGANIZATION_NEED_KINDS
    ranked = ranker.rank(
        need_doc(issue),
        top=top,
        exclude=settled_keys(issue),
        prior=None if for_organizations or not fair else _exposure_prior(ranker),
    )
    return _rows(ranked, Organization if for_organizations else HelperProfile)


def _exposure_prior(ranker: Ranker):
    """The same for every issue of a page (impressions are logged after it is built)."""
    return _once_per_request("matchhub.exposure", lambda: exposure_prior(ranker))


def recommendations_for(profile: HelperProfile, top: int = 10) -> list[Ranked]:
    """Open issues that fit this resident best (「あなたにおすすめの活動」)."""
    if not profile.active:
        return []
    taken = db.session.scalars(
        select(Issue.key)
        .join(Match, Match.issue_id == Issue.id)
        .where(Match.helper_id == profile.id, Match.status.in_(SETTLED))
    ).all()
    ranked = current_ranker().rank_needs(helper_doc(profile), top=top, exclude=taken)
    return _rows(ranked, Issue)


def fit_for(profile: HelperProfile, issues: Sequence[Issue]) -> dict[int, Ranked]:
    """How each of these issues fits one resident, keyed by issue id (for result lists)."""
    if not issues:
        return {}
    ranker = current_ranker()
    # Only these issues: reasons are written for every row ranked, and a page shows ten.
    wanted = {i.key for i in issues}
    others = [key for key in ranker.needs.keys if key not in wanted]
    ranked = ranker.rank_needs(helper_doc(profile), top=len(wanted), exclude=others)
    by_key = {c.key: c for c in ranked}
    return {
        i.id: Ranked(i, by_key[i.key].score, by_key[i.key].components, by_key[i.key].reasons)
        for i in issues
        if i.key in by_key
    }


def score_candidate(issue: Issue, item: HelperProfile | Organization) -> Ranked | None:
    """Score one helper or organization for one issue, as the coordinator's queue would."""
    ranker = current_ranker()
    need = need_doc(issue)
    if isinstance(item, HelperProfile):
        index, weights = ranker.helpers, ranker.weights
    else:
        index = ranker.organizations
        weights = ranker.organization_weights.get(
            issue.kind, ranker.organization_weights["partnership"]
        )
    row = index.position.get(item.key)
    if row is None:
        return None
    scored = ranker.score_candidates(need, index, weights)
    components = {
        name: round(float(values[row]), 4)
        for name, values in scored.components.items()
        if getattr(weights, name)
    }
    offers = list(item.offers) if isinstance(item, Organization) else None
    reasons = ranker.reasons.write(
        index.profiles[row], ranker.request(need), components, float(scored.text[row]), offers
    )
    return Ranked(item, round(float(scored.scores[row]), 4), components, reasons)


def score_pair(issue: Issue, profile: HelperProfile) -> Ranked | None:
    """Score one resident for one issue (used when a resident expresses interest)."""
    return score_candidate(issue, profile)


@dataclass(frozen=True)
class TeamProposal:
    members: list[HelperProfile]
    summary: str


class ScoredItem(Protocol):
    item: Issue | HelperProfile | Organization
    score: float


def team_for(issue: Issue, ranked: Sequence[ScoredItem]) -> TeamProposal | None:
    """For an issue needing several people, ranked helpers who together cover its needs."""
    helpers = [r for r in ranked if isinstance(r.item, HelperProfile)]
    if issue.people_needed < 2 or issue.kind in ORGANIZATION_NEED_KINDS or len(helpers) < 2:
        return None
    ranker = current_ranker()
    team = propose_team(
        ranker,
        need_doc(issue),
        [Candidate(r.item.key, "helper", r.score) for r in helpers],
    )
    by_key = {r.item.key: r.item for r in helpers}
    names = {s.key: s.name for s in ranker.taxonomy.skills}
    return TeamProposal([by_key[k] for k in team.members], team.summary(names))
