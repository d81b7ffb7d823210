"""Component scores in [0, 1], their default weights, and the weighted sum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEUTRAL = 0.5
# Sharing only the NPO-law field is worth this fraction of sharing the theme tag.
FIELD_CREDIT = 0.5
# Share of the theme component that comes from character n-gram text similarity,
# and the cosine at which that part saturates.
TEXT_SHARE = 0.25
TEXT_SATURATION = 0.35
# Distance decay of the area component: exp(-d / AREA_DECAY_KM).
AREA_DECAY_KM = 2.0
# A candidate registered at ward level (「板橋区内」) for a need in one district of it.
WITHIN_WARD = 0.6


@dataclass(frozen=True)
class Weights:
    """Weights of the components; they sum to 1 so that scores stay in [0, 1]."""

    theme: float = 0.40
    skills: float = 0.20
    area: float = 0.20
    availability: float = 0.15
    language: float = 0.05
    offers: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """Weights by component name."""
        return {
            "theme": self.theme,
            "skills": self.skills,
            "area": self.area,
            "availability": self.availability,
            "language": self.language,
            "offers": self.offers,
        }


DEFAULT_WEIGHTS = Weights()
"""Helpers for volunteer and pro bono needs: what they care about first, then skills,
then whether they can get there and when."""

ORGANIZATION_WEIGHTS: dict[str, Weights] = {
    "resource": Weights(
        theme=0.25, skills=0.0, area=0.25, availability=0.0, language=0.0, offers=0.50
    ),
    "partnership": Weights(
        theme=0.55, skills=0.0, area=0.30, availability=0.0, language=0.0, offers=0.15
    ),
}
"""Organizations for resource needs (offers first) and partnership needs (themes first)."""


def theme_component(
    tag: np.ndarray, field: np.ndarray, text: np.ndarray, has_themes: np.ndarray | bool
) -> np.ndarray:
    """Shared tag > same NPO-law field > text similarity."""
    similar = np.minimum(text * (1.0 / TEXT_SATURATION), 1.0)
    if not np.any(has_themes):
        return similar
    structured = np.minimum(tag, 1.0)
    np.maximum(structured, FIELD_CREDIT * np.minimum(field, 1.0), out=structured)
    blended = (1.0 - TEXT_SHARE) * structured + TEXT_SHARE * similar
    if np.all(has_themes):
        return blended
    return np.where(has_themes, blended, similar)


def skills_component(cover: np.ndarray, has_skills: np.ndarray | bool) -> np.ndarray:
    """Coverage of required skills, neutral when nothing is required."""
    if not np.any(has_skills):
        return np.full(cover.shape, NEUTRAL, dtype=cover.dtype)
    return np.where(has_skills, np.minimum(cover, 1.0), NEUTRAL).astype(cover.dtype)


def _availability_tables() -> np.ndarray:
    masks = np.arange(64)
    bits = np.array([bin(int(m)).count("1") for m in masks])
    overlap = bits[masks[:, None] & masks[None, :]].astype(np.float64)
    wanted = np.maximum(np.minimum(bits[:, None], bits[None, :]), 1)
    table = np.where(overlap > 0, 0.6 + 0.4 * overlap / wanted, 0.0)
    table[0, :] = NEUTRAL
    table[:, 0] = NEUTRAL
    return table


# Score of every pair of 6-bit slot masks: any overlap counts most, more overlap a bit more.
_AVAILABILITY = _availability_tables()


def availability_table(mask: int) -> np.ndarray:
    """Score of every slot mask against one fixed mask (looked up, not computed)."""
    return _AVAILABILITY[mask]


def area_scores(distances_km: np.ndarray, index: int, wards: list[int]) -> np.ndarray:
    """Smooth decay with distance; same area 1, enclosing ward fixed, unknown neutral."""
    with np.errstate(invalid="ignore"):
        scores = np.exp(-distances_km / AREA_DECAY_KM)
    scores = np.where(np.isnan(scores), NEUTRAL, scores)
    if index < len(scores) - 1:
        scores[wards] = WITHIN_WARD
        scores[index] = 1.0
    return scores


def combine(components: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    """Weighted sum of the components present."""
    total: np.ndarray | None = None
    for name, values in components.items():
        weight = getattr(weights, name)
        if not weight:
            continue
        if total is None:
            total = values * np.float32(weight)
        else:
            total += values * np.float32(weight)
    if total is None:
        return np.zeros(len(next(iter(components.values()))), dtype=np.float32)
    return total


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best finite scores, best first, by argpartition."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(scores):
        candidates = np.argpartition(-scores, k - 1)[:k]
    else:
        candidates = np.arange(len(scores))
    candidates = candidates[np.isfinite(scores[candidates])]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order]
