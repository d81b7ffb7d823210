"""Plain inputs of the ranking engine: helpers, needs (issues) and organizations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CandidateKind = Literal["helper", "organization", "issue"]
NEED_KINDS = ("volunteer", "probono", "resource", "partnership")
ORGANIZATION_NEED_KINDS = frozenset({"resource", "partnership"})


@dataclass(frozen=True)
class HelperDoc:
    """A resident willing to help, with fields as typed (themes and skills are raw text)."""

    key: str
    themes: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    area_key: str | None = None
    area_text: str = ""
    availability: frozenset[str] = frozenset()
    online_ok: bool = False
    languages: frozenset[str] = frozenset({"ja"})
    bio: str = ""
    active: bool = True
    display_name: str = ""


@dataclass(frozen=True)
class NeedDoc:
    """An issue posted by an organization; languages are required ones, if any."""

    key: str
    kind: str = "volunteer"
    title: str = ""
    description: str = ""
    themes: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    area_key: str | None = None
    online: bool = False
    online_only: bool = False
    availability: frozenset[str] = frozenset()
    people_needed: int = 1
    languages: frozenset[str] = frozenset()
    status: str = "open"
    org_key: str | None = None


@dataclass(frozen=True)
class OrgDoc:
    """An organization, as a candidate for resource and partnership needs."""

    key: str
    name: str = ""
    kind: str = "other"
    themes: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    description: str = ""
    area_key: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Candidate:
    """One ranked candidate: its score, the components behind it and reasons in Japanese."""

    key: str
    kind: CandidateKind
    score: float
    components: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
