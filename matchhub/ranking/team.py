"""Complementary teams for needs of several people: greedy set cover over ranked helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matchhub.ranking.documents import Candidate, NeedDoc
from matchhub.ranking.slots import SLOT_LABELS, SLOTS

if TYPE_CHECKING:
    from matchhub.ranking.engine import Ranker

# A skill counts as covered by a member who has it outright (not only a related skill).
FULL_CREDIT = 0.99
# How much a member's own score counts against covering something new.
SCORE_SHARE = 0.25


@dataclass(frozen=True)
class Team:
    """Members in the order picked, what they cover together and what is still missing."""

    members: tuple[str, ...]
    covered_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    covered_slots: tuple[str, ...]
    missing_slots: tuple[str, ...]

    def summary(self, skill_names: dict[str, str]) -> str:
        """One Japanese line on what the team still lacks."""
        missing = [skill_names.get(k, k) for k in self.missing_skills]
        missing += [SLOT_LABELS[s] for s in self.missing_slots]
        if not missing:
            return "必要なスキルと時間帯をすべて満たすチーム"
        return "まだ足りないもの：" + "・".join(missing)


def _gain(offer: tuple[set[str], set[str], float], skills_left: set[str], slots_left: set[str]):
    skills, slots, score = offer
    return len(skills & skills_left) + 0.5 * len(slots & slots_left) + SCORE_SHARE * score


def propose_team(
    ranker: Ranker, need: NeedDoc, candidates: Sequence[Candidate], size: int | None = None
) -> Team:
    """Pick up to `size` ranked helpers who together cover the need's skills and slots.

    Each step takes the candidate who adds the most still-uncovered skills (a slot counts
    half) plus a share of their own score; once everything is covered, seats are filled
    in ranking order.
    """
    request = ranker.request(need)
    size = size or need.people_needed
    wanted_skills = set(request.skills)
    wanted_slots = set(request.slots)
    offers: dict[str, tuple[set[str], set[str], float]] = {}
    for candidate in candidates:
        row = ranker.helpers.position.get(candidate.key)
        if row is None:
            continue
        profile = ranker.helpers.profiles[row]
        skills = {k for k in wanted_skills if profile.skills.get(k, 0.0) >= FULL_CREDIT}
        offers[candidate.key] = (skills, set(profile.slots) & wanted_slots, candidate.score)
    members: list[str] = []
    skills_left, slots_left = set(wanted_skills), set(wanted_slots)
    while len(members) < size and len(members) < len(offers):
        best = max(
            (k for k in offers if k not in members),
            key=lambda k: _gain(offers[k], skills_left, slots_left),
        )
        members.append(best)
        skills_left -= offers[best][0]
        slots_left -= offers[best][1]
    ordered_skills = sorted(wanted_skills, key=lambda k: -request.skills[k])
    return Team(
        members=tuple(members),
        covered_skills=tuple(k for k in ordered_skills if k not in skills_left),
        missing_skills=tuple(k for k in ordered_skills if k in skills_left),
        covered_slots=tuple(s for s in SLOTS if s in wanted_slots and s not in slots_left),
        missing_slots=tuple(s for s in SLOTS if s in slots_left),
    )
