"""Feeding the ranking engine from the database, and reading its answers back as rows."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np
from flask import current_app, has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchhub.extensions import db
from matchhub.matching.exposure import EXPOSURE_REFRESH, exposure_prior
from matchhub.matching.learning import current_weights
from matchhub.models import HelperProfile, Issue, Match, Organization
from matchhub.models.matches import SETTLED
from matchhub.platform.freshness import Held, hold, latest, once_per_request, registry_stamp
from matchhub.platform.metrics import ranking_index_built
from matchhub.platform.taxonomy import current_index
from matchhub.ranking.documents import (
    ORGANIZATION_NEED_KINDS,
    Candidate,
    HelperDoc,
    NeedDoc,
    OrgDoc,
)
from matchhub.ranking.engine import Ranker
from matchhub.ranking.team import propose_team

# A pairing in these states is settled: the candidate is not proposed again for that issue.
CACHE_KEY = "matchhub.ranker"
EXPOSURE_KEY = "matchhub.exposure"
RANKED_MEMO_LIMIT = 2_000
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
    """Changes whenever a profile, organization, issue or the weights do, in any process."""
    return (*registry_stamp(), current_weights())


def current_ranker() -> Ranker:
    """The engine over the whole registry, rebuilt only when the registry changed.

    A large registry keeps serving the index it has while a new one builds in the
    background (seconds at 100,000 helpers), so a profile edit never stalls every page.
    Checked once per request: a queue page ranks ten issues against one index.
    """
    return once_per_request("matchhub.ranker", _current_ranker)


def _current_ranker() -> Ranker:
    app = current_app._get_current_object()
    stamp = _stamp()
    held: Held | None = app.extensions.get(CACHE_KEY)
    if held is not None and held.serves(stamp):
        return held.value
    if held is not None and len(held.value.helpers) > SYNC_REBUILD_LIMIT:
        _rebuild_in_background(app)
        return held.value
    with _build_lock:
        held = app.extensions.get(CACHE_KEY)
        if held is None or not held.serves(stamp):
            held = _hold(stamp, _build(stamp))
            app.extensions[CACHE_KEY] = held
        return held.value


def _hold(stamp: tuple, ranker: Ranker) -> Held:
    return hold(stamp, ranker, latest_write=latest(*stamp[:-1]))


def _build(stamp: tuple) -> Ranker:
    started = time.perf_counter()
    ranker = _build_ranker(stamp)
    ranking_index_built(time.perf_counter() - started)
    return ranker


def _build_ranker(stamp: tuple) -> Ranker:
    index = current_index()
    helpers = db.session.scalars(
        select(HelperProfile).options(selectinload(HelperProfile.area)).order_by(HelperProfile.id)
    ).all()
    orgs = db.session.scalars(
        select(Organization).options(selectinload(Organization.area)).order_by(Organization.id)
    ).all()
    issues = db.session.scalars(
        select(Issue)
        .where(Issue.is_open)
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


def index_state(app) -> str:
    """'built', 'building' or 'missing': whether this process holds a ranking index yet."""
    if app.extensions.get(CACHE_KEY) is not None:
        return "built"
    return "building" if _build_lock.locked() else "missing"


def build_in_background(app) -> None:
    """Start building this process's index, unless a build is already under way."""
    _rebuild_in_background(app)


def _rebuild_in_background(app) -> None:
    if not _build_lock.acquire(blocking=False):
        return  # a build is already under way in this process

    def work() -> None:
        try:
            with app.app_context():
                stamp = _stamp()
                app.extensions[CACHE_KEY] = _hold(stamp, _build(stamp))
                db.session.remove()
        finally:
            _build_lock.release()

    threading.Thread(target=work, name="ranker-rebuild", daemon=True).start()


def settled_keys(issue: Issue) -> set[str]:
    """Helpers and organizations already decided on for this issue."""
    return settled_keys_by_issue([issue.id]).get(issue.id, set())


def settled_keys_by_issue(issue_ids: Sequence[int]) -> dict[int, set[str]]:
    """The same for several issues in one query (a queue page)."""
    rows = db.session.execute(
        select(Match.issue_id, HelperProfile.key, Organization.key)
        .outerjoin(HelperProfile, Match.helper_id == HelperProfile.id)
        .outerjoin(Organization, Match.organization_id == Organization.id)
        .where(Match.issue_id.in_(issue_ids), Match.status_in(SETTLED))
    )
    settled: dict[int, set[str]] = {}
    for issue_id, helper, org in rows:
        settled.setdefault(issue_id, set()).add(helper or org)
    return settled


def _rows(candidates: Sequence[Candidate], model) -> list[Ranked]:
    keys = [c.key for c in candidates]
    if not keys:
        return []
    # What the candidate and issue cards show, joined into the one query for the rows.
    query = select(model).where(model.key.in_(keys)).options(joinedload(model.area))
    if model is HelperProfile:
        query = query.options(joinedload(HelperProfile.user))
    elif model is Issue:
        query = query.options(joinedload(Issue.organization))
    items = {row.key: row for row in db.session.scalars(query)}
    # An index still being rebuilt may hold what is no longer on offer (a paused or deleted
    # profile, a closed issue, an organization no longer verified): the row says so at once.
    items = {key: row for key, row in items.items() if _on_offer(row)}
    return [
        Ranked(items[c.key], c.score, c.components, c.reasons) for c in candidates if c.key in items
    ]


def _on_offer(row: Issue | HelperProfile | Organization) -> bool:
    if isinstance(row, HelperProfile):
        return row.active
    if isinstance(row, Issue):
        return row.is_open
    return row.is_verified


def candidates_for(
    issue: Issue, top: int = 20, fair: bool = True, settled: set[str] | None = None
) -> list[Ranked]:
    """Best helpers (or organizations, for resource and partnership issues) for an issue.

    With `fair`, helpers' exposure is shared (see services/exposure.py). `settled` may
    pass settled_keys(issue) when the caller has read it already.
    """
    if not issue.is_open:
        return []
    ranker = current_ranker()
    for_organizations = issue.kind in ORGANIZATION_NEED_KINDS
    exclude = frozenset(settled_keys(issue) if settled is None else settled)
    need = need_doc(issue)
    fair = fair and not for_organizations
    exposure = _exposure(ranker)
    key = (need, top, exclude, fair)
    ranked = exposure.ranked.get(key)
    if ranked is None:
        prior = exposure.prior if fair else None
        ranked = tuple(ranker.rank(need, top=top, exclude=exclude, prior=prior))
        exposure.remember(key, ranked)
    return _rows(ranked, Organization if for_organizations else HelperProfile)


@dataclass
class _Exposure:
    """One exposure prior, shared by this process's requests for EXPOSURE_REFRESH seconds,
    and the candidate lists ranked with it.

    Coordinators open the same few issues again and again; their candidates change only
    with the index, the issue, the pairings settled on it or this prior, all part of the
    key or of this object's life.
    """

    ranker: Ranker
    until: float
    ranked: dict = field(default_factory=dict)
    _prior: np.ndarray | None = None

    @property
    def prior(self) -> np.ndarray:
        if self._prior is None:
            self._prior = exposure_prior(self.ranker)
        return self._prior

    def remember(self, key: tuple, ranked: tuple[Candidate, ...]) -> None:
        if len(self.ranked) >= RANKED_MEMO_LIMIT:
            self.ranked.clear()
        self.ranked[key] = ranked


def _exposure(ranker: Ranker) -> _Exposure:
    def current() -> _Exposure:
        held = current_app.extensions.get(EXPOSURE_KEY)
        now = time.monotonic()
        if held is None or held.ranker is not ranker or now >= held.until:
            held = _Exposure(ranker, now + EXPOSURE_REFRESH)
            current_app.extensions[EXPOSURE_KEY] = held
        return held

    return once_per_request(EXPOSURE_KEY, current)


def forget_exposure() -> None:
    """Read impressions afresh at the next ranking, not up to a minute later."""
    current_app.extensions.pop(EXPOSURE_KEY, None)
    if has_request_context():
        request.environ.pop(EXPOSURE_KEY, None)


def recommendations_for(profile: HelperProfile, top: int = 10) -> list[Ranked]:
    """Open issues that fit this resident best (「あなたにおすすめの活動」)."""
    if not profile.active:
        return []
    taken = db.session.scalars(
        select(Issue.key)
        .join(Match, Match.issue_id == Issue.id)
        .where(Match.helper_id == profile.id, Match.status_in(SETTLED))
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
