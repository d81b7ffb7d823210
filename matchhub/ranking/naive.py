"""A per-pair pure-Python scorer: the reference the vectorised engine is measured against."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from matchhub.ranking.features import Profile, Request
from matchhub.ranking.index import BROAD_THEME_CREDIT
from matchhub.ranking.score import (
    AREA_DECAY_KM,
    FIELD_CREDIT,
    NEUTRAL,
    TEXT_SATURATION,
    TEXT_SHARE,
    WITHIN_WARD,
)

if TYPE_CHECKING:
    from matchhub.ranking.engine import Ranker


def _area(ranker: Ranker, profile: Profile, request: Request) -> float:
    if request.online and profile.online_ok:
        return 1.0
    gazetteer = ranker.gazetteer
    need, mine = gazetteer.get(request.area_key), gazetteer.get(profile.area_key)
    if need is None or mine is None:
        return NEUTRAL
    if need.key == mine.key:
        return 1.0
    if gazetteer.same_or_within(need.key, mine.key):
        return WITHIN_WARD
    distance = gazetteer.distance_km(need.key, mine.key)
    return NEUTRAL if distance is None else math.exp(-distance / AREA_DECAY_KM)


def _availability(profile: Profile, request: Request) -> float:
    if not request.slots or not profile.slots:
        return NEUTRAL
    overlap = len(profile.slots & request.slots)
    if not overlap:
        return 0.0
    return 0.6 + 0.4 * overlap / max(min(len(profile.slots), len(request.slots)), 1)


def naive_score(
    ranker: Ranker,
    profile: Profile,
    request: Request,
    text_row: dict[int, float],
    query_row: dict[int, float],
) -> float:
    """Score one helper for one request with plain Python, component by component."""
    tag = sum(w * request.themes[k] for k, w in profile.themes.items() if k in request.themes)
    if request.themes:
        tag += BROAD_THEME_CREDIT * profile.broad
    field = sum(w * request.fields[k] for k, w in profile.fields.items() if k in request.fields)
    text = sum(w * query_row[k] for k, w in text_row.items() if k in query_row)
    similar = min(text / TEXT_SATURATION, 1.0)
    if request.themes:
        structured = max(min(tag, 1.0), FIELD_CREDIT * min(field, 1.0))
        theme = (1.0 - TEXT_SHARE) * structured + TEXT_SHARE * similar
    else:
        theme = similar
    total = sum(request.skills.values())
    if request.skills:
        cover = sum(profile.skill_credit.get(k, 0.0) * w / total for k, w in request.skills.items())
        skills = min(cover, 1.0)
    else:
        skills = NEUTRAL
    if request.languages:
        language = 1.0
    elif "international_cooperation" in request.fields and profile.languages - {"ja"}:
        language = 1.0
    else:
        language = NEUTRAL
    weights = ranker.weights
    return (
        weights.theme * theme
        + weights.skills * skills
        + weights.area * _area(ranker, profile, request)
        + weights.availability * _availability(profile, request)
        + weights.language * language
    )
