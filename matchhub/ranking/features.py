"""Resolved features of one candidate (what it offers) and of one need (what it asks)."""

from __future__ import annotations

from dataclasses import dataclass

from matchhub.ranking.documents import HelperDoc, NeedDoc, OrgDoc
from matchhub.ranking.normalize import fold, split_terms
from matchhub.ranking.resolve import Resolution, Resolver
from matchhub.ranking.slots import SLOTS, extract_slots
from matchhub.ranking.taxonomy import related_themes

# Weights of evidence: a structured field is worth more than a mention in prose.
PROSE_THEME_WEIGHT = 0.7
TITLE_THEME_WEIGHT = 0.9
DESCRIPTION_THEME_WEIGHT = 0.5
PROSE_SKILL_WEIGHT = 0.8
RELATED_SKILL_CREDIT = 0.5
RELATED_THEME_CREDIT = 0.4
# An unsure reading (lone fuzzy, n-gram or substring hit) counts for less.
UNSURE_WEIGHT = 0.6


@dataclass(frozen=True)
class Profile:
    """What a helper or organization brings, resolved against the taxonomy."""

    key: str
    kind: str
    themes: dict[str, float]
    fields: dict[str, float]
    skills: dict[str, float]
    skill_credit: dict[str, float]
    broad: float
    slots: frozenset[str]
    languages: frozenset[str]
    area_key: str | None
    online_ok: bool
    active: bool
    text: str
    offers_text: str = ""
    unsure: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Request:
    """What a need asks for, resolved against the taxonomy."""

    key: str
    kind: str
    themes: dict[str, float]
    fields: dict[str, float]
    skills: dict[str, float]
    slots: frozenset[str]
    languages: frozenset[str]
    area_key: str | None
    online: bool
    online_only: bool
    open: bool
    text: str
    org_key: str | None = None
    unsure: frozenset[str] = frozenset()
    unread_skills: tuple[str, ...] = ()


def _merge(
    target: dict[str, float],
    resolutions: list[Resolution],
    weight: float,
    unsure: set[str] | None = None,
    kind: str = "",
) -> None:
    for resolution in resolutions:
        factor = 1.0 if resolution.sure else UNSURE_WEIGHT
        value = round(weight * factor * resolution.score, 4)
        if value > target.get(resolution.key, 0.0):
            target[resolution.key] = value
            if unsure is not None:
                tagged = f"{kind}:{resolution.key}"
                if resolution.sure:
                    unsure.discard(tagged)
                else:
                    unsure.add(tagged)


def _prose(
    target: dict[str, float], keys: list[str], weight: float, unsure: set[str], kind: str
) -> None:
    for key in keys:
        if weight >= target.get(key, 0.0):
            unsure.discard(f"{kind}:{key}")
        target[key] = max(target.get(key, 0.0), weight)


class FeatureBuilder:
    """Turns raw documents into profiles and requests, with a resolver and its taxonomy."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.taxonomy = resolver.taxonomy
        self.related_themes = {
            key: tuple(r for r in related if self.taxonomy.has_theme(r))
            for key, related in related_themes().items()
        }
        self.language_of_skill = {
            s.key: s.language for s in self.taxonomy.skills if s.language is not None
        }

    def _fields(self, themes: dict[str, float]) -> tuple[dict[str, float], float]:
        fields: dict[str, float] = {}
        broad = 0.0
        for key, weight in themes.items():
            theme = self.taxonomy.theme(key)
            if theme.broad:
                broad = max(broad, weight)
                continue
            for field_key in theme.fields:
                fields[field_key] = max(fields.get(field_key, 0.0), weight)
        return fields, broad

    def _credit(self, skills: dict[str, float]) -> dict[str, float]:
        credit = dict(skills)
        for key, weight in skills.items():
            for related in self.taxonomy.skill(key).related:
                partial = RELATED_SKILL_CREDIT * weight
                if partial > credit.get(related, 0.0):
                    credit[related] = partial
        return credit

    def _offer(
        self,
        key: str,
        kind: str,
        themes: dict[str, float],
        skills: dict[str, float],
        **rest: object,
    ) -> Profile:
        fields, broad = self._fields(themes)
        unsure = set(rest.pop("unsure", frozenset()))  # type: ignore[arg-type]
        credited = dict(themes)
        for theme, weight in themes.items():
            for neighbour in self.related_themes.get(theme, ()):
                partial = round(RELATED_THEME_CREDIT * weight, 4)
                if partial > credited.get(neighbour, 0.0):
                    credited[neighbour] = partial
                    # Credit for a neighbouring theme is never stated as the person's interest.
                    unsure.add(f"theme:{neighbour}")
        return Profile(
            key=key,
            kind=kind,
            themes=credited,
            fields=fields,
            skills=skills,
            skill_credit=self._credit(skills),
            broad=broad,
            unsure=frozenset(unsure),
            **rest,  # type: ignore[arg-type]
        )

    def helper(self, doc: HelperDoc) -> Profile:
        """Resolve a helper's typed fields and bio into a profile."""
        themes: dict[str, float] = {}
        skills: dict[str, float] = {}
        unsure: set[str] = set()
        _merge(themes, self.resolver.resolve_themes(doc.themes), 1.0, unsure, "theme")
        _merge(skills, self.resolver.resolve_skills(doc.skills), 1.0, unsure, "skill")
        terms = self.resolver.extract_terms(doc.bio)
        theme_terms = [t.key for t in terms if t.kind == "theme"]
        _prose(themes, theme_terms, PROSE_THEME_WEIGHT, unsure, "theme")
        _prose(
            skills, [t.key for t in terms if t.kind == "skill"], PROSE_SKILL_WEIGHT, unsure, "skill"
        )
        # Ticked slots are the truth; prose only speaks when nothing was ticked.
        slots = frozenset(s for s in doc.availability if s in SLOTS) or frozenset(
            extract_slots(doc.bio)
        )
        languages = frozenset(doc.languages) | {
            self.language_of_skill[k] for k in skills if k in self.language_of_skill
        }
        text = " ".join((*doc.themes, *doc.skills, doc.bio))
        return self._offer(
            doc.key,
            "helper",
            themes,
            skills,
            slots=frozenset(slots),
            languages=languages,
            area_key=doc.area_key,
            online_ok=doc.online_ok,
            active=doc.active,
            text=fold(text),
            unsure=frozenset(unsure),
        )

    def organization(self, doc: OrgDoc) -> Profile:
        """Resolve an organization's themes, offers and description into a profile."""
        themes: dict[str, float] = {}
        skills: dict[str, float] = {}
        unsure: set[str] = set()
        _merge(themes, self.resolver.resolve_themes(doc.themes), 1.0, unsure, "theme")
        _merge(skills, self.resolver.resolve_skills(doc.offers), 1.0, unsure, "skill")
        terms = self.resolver.extract_terms(doc.description)
        _prose(
            themes, [t.key for t in terms if t.kind == "theme"], PROSE_THEME_WEIGHT, unsure, "theme"
        )
        text = " ".join((doc.name, *doc.themes, *doc.offers, doc.description))
        return self._offer(
            doc.key,
            "organization",
            themes,
            skills,
            slots=frozenset(),
            languages=frozenset(),
            area_key=doc.area_key,
            online_ok=False,
            active=doc.active,
            text=fold(text),
            offers_text=fold(" ".join(doc.offers)),
            unsure=frozenset(unsure),
        )

    def need(self, doc: NeedDoc) -> Request:
        """Resolve a need's typed fields, title and description into a request."""
        themes: dict[str, float] = {}
        skills: dict[str, float] = {}
        unsure: set[str] = set()
        _merge(themes, self.resolver.resolve_themes(doc.themes), 1.0, unsure, "theme")
        _merge(skills, self.resolver.resolve_skills(doc.skills), 1.0, unsure, "skill")
        title_terms = self.resolver.extract_terms(doc.title)
        body_terms = self.resolver.extract_terms(doc.description)
        titled = [t.key for t in title_terms if t.kind == "theme"]
        described = [t.key for t in body_terms if t.kind == "theme"]
        _prose(themes, titled, TITLE_THEME_WEIGHT, unsure, "theme")
        _prose(themes, described, DESCRIPTION_THEME_WEIGHT, unsure, "theme")
        asked = [t.key for t in (*title_terms, *body_terms) if t.kind == "skill" and t.requested]
        _prose(skills, asked, 1.0, unsure, "skill")
        themes.pop("general", None)
        fields, _ = self._fields(themes)
        slots = frozenset(s for s in doc.availability if s in SLOTS) or frozenset(
            extract_slots(doc.description, posting=True)
        )
        text = " ".join((doc.title, *doc.themes, *doc.skills, doc.description))
        return Request(
            key=doc.key,
            kind=doc.kind,
            themes=themes,
            fields=fields,
            skills=skills,
            slots=slots,
            languages=frozenset(doc.languages),
            area_key=doc.area_key,
            online=doc.online or doc.online_only,
            online_only=doc.online_only,
            open=doc.status == "open",
            text=fold(text),
            org_key=doc.org_key,
            unsure=frozenset(unsure),
            unread_skills=self._unread_skills(doc.skills),
        )

    def _unread_skills(self, typed: tuple[str, ...]) -> tuple[str, ...]:
        """Typed skill items the engine could not read, to be shown rather than dropped."""
        unread: list[str] = []
        for value in typed:
            if self.resolver.skills.exact(value):
                continue
            for item in split_terms(value):
                if not self.resolver.resolve_skills([item]) and item not in unread:
                    unread.append(item)
        return tuple(unread)
