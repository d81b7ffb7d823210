"""The ranking engine: one need against all candidates, or one helper against all needs."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matchhub.ranking.areas import Gazetteer
from matchhub.ranking.documents import (
    ORGANIZATION_NEED_KINDS,
    Candidate,
    HelperDoc,
    NeedDoc,
    OrgDoc,
)
from matchhub.ranking.features import FeatureBuilder, Profile, Request
from matchhub.ranking.index import (
    AreaTable,
    CandidateIndex,
    Codes,
    Layout,
    NeedIndex,
    TextModel,
    slot_mask,
)
from matchhub.ranking.reasons import ReasonWriter
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.score import (
    DEFAULT_WEIGHTS,
    NEUTRAL,
    ORGANIZATION_WEIGHTS,
    Weights,
    area_scores,
    availability_table,
    combine,
    skills_component,
    theme_component,
    top_k,
)
from matchhub.ranking.taxonomy import Taxonomy, load_default_taxonomy

QUERY_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Query:
    """A resolved need with its query vectors and lookup tables."""

    request: Request
    asks: tuple[np.ndarray, np.ndarray, np.ndarray]
    text: np.ndarray
    area: np.ndarray
    slots: np.ndarray
    language: np.ndarray
    required_languages: np.uint64


@dataclass(frozen=True)
class Scored:
    """Scores of all rows of an index, with their components and text similarity."""

    scores: np.ndarray
    components: dict[str, np.ndarray]
    text: np.ndarray


class Ranker:
    """Holds the cached indexes of helpers, organizations and needs, and ranks them."""

    def __init__(
        self,
        helpers: Sequence[HelperDoc] = (),
        organizations: Sequence[OrgDoc] = (),
        needs: Sequence[NeedDoc] = (),
        *,
        gazetteer: Gazetteer | None = None,
        taxonomy: Taxonomy | None = None,
        resolver: Resolver | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
        organization_weights: dict[str, Weights] | None = None,
    ) -> None:
        self.resolver = resolver or Resolver(taxonomy or load_default_taxonomy())
        self.taxonomy = self.resolver.taxonomy
        self.gazetteer = gazetteer or Gazetteer(())
        self.weights = weights
        self.organization_weights = organization_weights or ORGANIZATION_WEIGHTS
        self.builder = FeatureBuilder(self.resolver)
        self.layout = Layout(self.taxonomy)
        self.areas = AreaTable(self.gazetteer)
        self.codes = Codes()
        self.codes.mask(frozenset({"ja"}))
        self._queries: dict[NeedDoc, Query] = {}
        self.reasons = ReasonWriter(self.taxonomy, self.gazetteer)
        self._requests: dict[NeedDoc, Request] = {}
        self._org_docs = {o.key: o for o in organizations}
        helper_profiles = [self.builder.helper(h) for h in helpers]
        org_profiles = [self.builder.organization(o) for o in organizations]
        requests = [self.request(n) for n in needs]
        corpus = [p.text for p in (*helper_profiles, *org_profiles)] + [r.text for r in requests]
        self.text = TextModel(corpus)
        rows = self.text.fitted
        first, second = len(helper_profiles), len(helper_profiles) + len(org_profiles)
        self.helpers = self._candidates(helper_profiles, rows[:first])
        self.organizations = self._candidates(org_profiles, rows[first:second])
        self.needs = NeedIndex(
            requests, self.layout, self.text, self.areas, self.codes, rows[second:]
        )
        del self.text.fitted

    def _candidates(
        self, profiles: Sequence[Profile], rows: sp.csr_matrix | None = None
    ) -> CandidateIndex:
        return CandidateIndex(profiles, self.layout, self.text, self.areas, self.codes, rows)

    def replace_helpers(self, helpers: Sequence[HelperDoc]) -> None:
        """Rebuild the helper index after profiles changed (the text model is kept)."""
        self.helpers = self._candidates([self.builder.helper(h) for h in helpers])

    def request(self, need: NeedDoc) -> Request:
        """Resolve a need once and cache it."""
        if need not in self._requests:
            if len(self._requests) > QUERY_CACHE_SIZE:
                self._requests.clear()
            self._requests[need] = self.builder.need(need)
        return self._requests[need]

    def query(self, need: NeedDoc) -> Query:
        """Everything about a need that does not depend on the candidates (cached)."""
        if need not in self._queries:
            if len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.clear()
            request = self.request(need)
            area = self.areas.index(request.area_key)
            wards = self.areas.ancestors[area] if area < self.areas.unknown else []
            if request.languages:
                language = (1.0, 1.0)
            elif "international_cooperation" in request.fields:
                language = (NEUTRAL, 1.0)
            else:
                language = (NEUTRAL, NEUTRAL)
            self._queries[need] = Query(
                request=request,
                asks=self.layout.vectors(self.layout.ask_row(request)),
                text=self.text.vector(request.text),
                area=area_scores(self.areas.distances_km(area), area, wards).astype(np.float32),
                slots=availability_table(slot_mask(request.slots)).astype(np.float32),
                language=np.array(language, dtype=np.float32),
                required_languages=np.uint64(self.codes.mask(request.languages)),
            )
        return self._queries[need]

    def score_candidates(self, need: NeedDoc, index: CandidateIndex, weights: Weights) -> Scored:
        """Score every candidate of an index against one need, in a few vector operations."""
        query = self.query(need)
        request = query.request
        themes, fields, skills = index.blocks
        tag = themes @ query.asks[0]
        field = fields @ query.asks[1] if request.themes else tag
        cover = skills @ query.asks[2] if request.skills else tag
        text = index.text @ query.text
        area = query.area[index.area]
        if request.online:
            area[index.online_ok] = 1.0
        components = {
            "theme": theme_component(tag, field, text, bool(request.themes)),
            "skills": skills_component(cover, bool(request.skills)),
            "area": area,
            "availability": query.slots[index.slots],
            "language": query.language[index.foreign],
        }
        if weights.offers:
            components["offers"] = np.minimum((index.offers @ query.text) / 0.3, 1.0)
        return Scored(combine(components, weights), components, text)

    def _apply_rules(
        self, scores: np.ndarray, request: Request, index: CandidateIndex, exclude: Collection[str]
    ) -> np.ndarray:
        """Hard rules: inactive, excluded, missing a required language, not online."""
        scores += index.inactive_penalty
        if request.languages:
            wanted = np.uint64(self.codes.mask(request.languages))
            scores[(index.languages & wanted) != wanted] = -np.inf
        if request.online_only:
            scores[~index.online_ok] = -np.inf
        for key in exclude:
            if key in index.position:
                scores[index.position[key]] = -np.inf
        return scores

    def _rank(
        self,
        need: NeedDoc,
        index: CandidateIndex,
        weights: Weights,
        top: int,
        exclude: Collection[str],
        prior: np.ndarray | None,
    ) -> list[Candidate]:
        request = self.request(need)
        if not request.open or len(index) == 0:
            return []
        scored = self.score_candidates(need, index, weights)
        scores = scored.scores if prior is None else scored.scores + prior
        scores = self._apply_rules(scores, request, index, exclude)
        out = []
        for row in top_k(scores, top):
            profile = index.profiles[row]
            components = {
                name: round(float(values[row]), 4)
                for name, values in scored.components.items()
                if getattr(weights, name)
            }
            offers = (
                list(self._org_docs[profile.key].offers) if profile.kind == "organization" else None
            )
            reasons = self.reasons.write(
                profile, request, components, float(scored.text[row]), offers
            )
            out.append(
                Candidate(
                    profile.key, profile.kind, round(float(scores[row]), 4), components, reasons
                )  # type: ignore[arg-type]
            )
        return out

    def rank_helpers(
        self,
        need: NeedDoc,
        *,
        top: int = 20,
        exclude: Collection[str] = (),
        prior: np.ndarray | None = None,
    ) -> list[Candidate]:
        """Best helpers for a need; prior is an optional per-helper additive vector."""
        return self._rank(need, self.helpers, self.weights, top, exclude, prior)

    def rank_organizations(
        self,
        need: NeedDoc,
        *,
        top: int = 20,
        exclude: Collection[str] = (),
        prior: np.ndarray | None = None,
    ) -> list[Candidate]:
        """Best organizations for a resource or partnership need (never the poster itself)."""
        weights = self.organization_weights.get(need.kind, self.organization_weights["partnership"])
        excluded = {*exclude, *((need.org_key,) if need.org_key else ())}
        return self._rank(need, self.organizations, weights, top, excluded, prior)

    def rank(self, need: NeedDoc, **options: object) -> list[Candidate]:
        """Organizations for resource and partnership needs, helpers for the others."""
        if need.kind in ORGANIZATION_NEED_KINDS:
            return self.rank_organizations(need, **options)  # type: ignore[arg-type]
        return self.rank_helpers(need, **options)  # type: ignore[arg-type]

    def rank_needs(
        self, helper: HelperDoc | str, *, top: int = 20, exclude: Collection[str] = ()
    ) -> list[Candidate]:
        """Open needs for one helper (a HelperDoc, or the key of an indexed helper), scored with
        the same components, transposed (「あなたにおすすめの活動」)."""
        needs = self.needs
        if isinstance(helper, str):
            profile = self.helpers.profiles[self.helpers.position[helper]]
        else:
            profile = self.builder.helper(helper)
        if not profile.active or not needs.keys:
            return []
        layout, areas = self.layout, self.areas
        products = needs.asks @ layout.split(layout.offer_row(profile))
        text = needs.text @ self.text.vector(profile.text)
        home = areas.index(profile.area_key)
        descendants = areas.descendants[home] if home < areas.unknown else []
        area = area_scores(areas.distances_km(home), home, descendants)[needs.area]
        area = np.where(needs.online & profile.online_ok, 1.0, area)
        languages = np.uint64(self.codes.mask(profile.languages))
        foreign = bool(profile.languages - {"ja"})
        components = {
            "theme": theme_component(products[:, 0], products[:, 1], text, needs.has_themes),
            "skills": skills_component(products[:, 2], needs.has_skills),
            "area": area,
            "availability": availability_table(slot_mask(profile.slots))[needs.slots],
            "language": np.where(
                needs.languages != 0, 1.0, np.where(needs.international & foreign, 1.0, NEUTRAL)
            ),
        }
        scores = combine(components, self.weights)
        allowed = (
            needs.open & needs.for_helpers & ((needs.languages & languages) == needs.languages)
        )
        allowed &= ~needs.online_only | profile.online_ok
        for key in exclude:
            if key in needs.position:
                allowed[needs.position[key]] = False
        scores = np.where(allowed, scores, -np.inf)
        out = []
        for row in top_k(scores, top):
            request = needs.requests[row]
            values = {name: round(float(v[row]), 4) for name, v in components.items()}
            reasons = self.reasons.write(profile, request, values, float(text[row]))
            out.append(
                Candidate(request.key, "issue", round(float(scores[row]), 4), values, reasons)
            )
        return out
