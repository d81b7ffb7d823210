"""The helper's view: open needs ranked for one helper (「あなたにおすすめの活動」)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np

from matchhub.ranking.documents import Candidate, HelperDoc
from matchhub.ranking.index import slot_mask
from matchhub.ranking.score import (
    NEUTRAL,
    area_scores,
    availability_table,
    combine,
    skills_component,
    theme_component,
    top_k,
)

if TYPE_CHECKING:
    from matchhub.ranking.engine import Ranker


def recommend_needs(
    ranker: Ranker, helper: HelperDoc | str, *, top: int = 20, exclude: Collection[str] = ()
) -> list[Candidate]:
    """Rank open needs for one helper with the same components, transposed."""
    needs = ranker.needs
    if isinstance(helper, str):
        profile = ranker.helpers.profiles[ranker.helpers.position[helper]]
    else:
        profile = ranker.builder.helper(helper)
    if not profile.active or not needs.keys:
        return []
    layout, areas = ranker.layout, ranker.areas
    products = needs.asks @ layout.split(layout.offer_row(profile))
    text = needs.text @ ranker.text.vector(profile.text)
    home = areas.index(profile.area_key)
    descendants = areas.descendants[home] if home < areas.unknown else []
    area = area_scores(areas.distances_km(home), home, descendants)[needs.area]
    area = np.where(needs.online & profile.online_ok, 1.0, area)
    languages = np.uint64(ranker.codes.mask(profile.languages))
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
    scores = combine(components, ranker.weights)
    allowed = needs.open & needs.for_helpers & ((needs.languages & languages) == needs.languages)
    allowed &= ~needs.online_only | profile.online_ok
    for key in exclude:
        if key in needs.position:
            allowed[needs.position[key]] = False
    scores = np.where(allowed, scores, -np.inf)
    out = []
    for row in top_k(scores, top):
        request = needs.requests[row]
        values = {name: round(float(v[row]), 4) for name, v in components.items()}
        reasons = ranker.reasons.write(profile, request, values, float(text[row]))
        out.append(Candidate(request.key, "issue", round(float(scores[row]), 4), values, reasons))
    return out
