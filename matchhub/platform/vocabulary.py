"""The taxonomy as people choose from it, and what their typed words were understood as.

Theme checkboxes grouped by NPO-law field, skill suggestions, the list of areas, labels
for slots, languages and kinds, and 「ｴｸｾﾙ → Excel」 read-backs for typed skills.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import Area, Skill, Theme
from matchhub.platform.freshness import cached, taxonomy_version
from matchhub.platform.taxonomy import current_index
from matchhub.ranking.taxonomy import load_default_taxonomy

MAX_ENTRIES = 30
# Several entries in one field: new lines, Japanese and Western commas, semicolons.
_ENTRY_SEPARATORS = re.compile(r"[\n\r、,，;；]+")

DAYS = ("weekday", "weekend")
TIMES = ("morning", "afternoon", "evening")
DAY_LABELS = {"weekday": _l("Weekdays"), "weekend": _l("Weekends and holidays")}
TIME_LABELS = {"morning": _l("Morning"), "afternoon": _l("Afternoon"), "evening": _l("Evening")}
SLOT_LABELS = {
    "weekday_morning": _l("Weekday mornings"),
    "weekday_afternoon": _l("Weekday afternoons"),
    "weekday_evening": _l("Weekday evenings"),
    "weekend_morning": _l("Weekend and holiday mornings"),
    "weekend_afternoon": _l("Weekend and holiday afternoons"),
    "weekend_evening": _l("Weekend and holiday evenings"),
}

LANGUAGE_LABELS = {
    "ja": _l("Japanese"),
    "en": _l("English"),
    "zh": _l("Chinese"),
    "ko": _l("Korean"),
    "vi": _l("Vietnamese"),
    "ne": _l("Nepali"),
    "tl": _l("Tagalog (Filipino)"),
    "pt": _l("Portuguese"),
    "es": _l("Spanish"),
    "jsl": _l("Japanese Sign Language"),
}
ISSUE_KIND_LABELS = {
    "volunteer": _l("Volunteers"),
    "probono": _l("Professional skills (pro bono)"),
    "resource": _l("Resources (space, funds, goods)"),
    "partnership": _l("Partners"),
}
ORGANIZATION_KIND_LABELS = {
    "npo": _l("NPO"),
    "company": _l("Company"),
    "university": _l("University or school"),
    "neighborhood_association": _l("Neighbourhood association (町会・自治会)"),
    "municipal_department": _l("Ward department"),
    "social_welfare_council": _l("Social welfare council"),
    "other": _l("Other"),
}
VERIFICATION_STATE_LABELS = {
    "waiting": _l("Waiting for the desk"),
    "verified": _l("Verified"),
    "refused": _l("Refused"),
}
# The parts of a candidate's score, as the coordinator's score breakdown names them.
COMPONENT_LABELS = {
    "theme": _l("Theme"),
    "skills": _l("Skills"),
    "area": _l("Area"),
    "availability": _l("Days and times"),
    "language": _l("Language"),
    "offers": _l("What they offer"),
}
# A match's state as an organization reads it.
MATCH_STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "confirmed": _l("Confirmed by the desk; waiting for the resident's answer"),
    "rejected": _l("Not chosen by the desk"),
    "accepted": _l("Accepted by the resident"),
    "declined": _l("Declined by the resident"),
    "active": _l("Under way"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}
SKILL_CATEGORY_LABELS = {
    "office": _l("Office work"),
    "it": _l("IT"),
    "management": _l("Management and planning"),
    "finance": _l("Money and accounts"),
    "law": _l("Law"),
    "media": _l("Media and publicity"),
    "creative": _l("Design and creative work"),
    "care": _l("Care"),
    "medical": _l("Health and medical"),
    "childcare": _l("Childcare"),
    "education": _l("Teaching"),
    "food": _l("Food"),
    "practical": _l("Practical skills"),
    "safety": _l("Safety and first aid"),
    "sports": _l("Sports"),
    "culture": _l("Culture and hobbies"),
    "language": _l("Languages"),
}


@dataclass(frozen=True)
class ThemeGroup:
    """The themes shown under one NPO-law activity field."""

    key: str
    label: str
    themes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Understood:
    """One typed entry and the taxonomy names it was read as (empty when not understood)."""

    typed: str
    names: tuple[str, ...]
    approximate: bool = False


def split_entries(text: str | None) -> list[str]:
    """Split a field holding several entries (「ｴｸｾﾙ、普通免許」) into distinct entries."""
    entries = (e.strip() for e in _ENTRY_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(e for e in entries if e))[:MAX_ENTRIES]


def join_entries(entries: list[str]) -> str:
    return "\n".join(entries)


@cache
def _short_field_names() -> dict[str, str]:
    return {f.key: f.short_name or f.name for f in load_default_taxonomy().fields}


def theme_groups(locale: str) -> list[ThemeGroup]:
    """Themes as checkboxes, each under the first activity field it belongs to."""
    groups = cached(f"taxonomy:theme-groups:{locale}", taxonomy_version(), lambda: _groups(locale))
    return list(groups)


def _groups(locale: str) -> tuple[ThemeGroup, ...]:
    themes = db.session.scalars(select(Theme).options(selectinload(Theme.fields))).all()
    english = locale == "en"
    groups: dict[str, list[tuple[str, str]]] = {}
    fields = {}
    for theme in sorted(themes, key=lambda t: (t.broad, t.id)):
        field = min(theme.fields, key=lambda f: f.number) if theme.fields else None
        key = field.key if field else ""
        fields[key] = field
        groups.setdefault(key, []).append((theme.key, theme.name_en if english else theme.name))
    out = []
    for key, items in sorted(groups.items(), key=lambda kv: _num(fields[kv[0]])):
        field = fields[key]
        if field is None:
            label = str(_l("Other themes"))
        elif english:
            label = field.name_en
        else:
            label = _short_field_names().get(field.key, field.name)
        out.append(ThemeGroup(key, label, tuple(items)))
    return tuple(out)


def _num(field) -> int:
    return field.number if field is not None else 99


def theme_choices(locale: str) -> list[tuple[str, str]]:
    return [choice for group in theme_groups(locale) for choice in group.themes]


def theme_names(keys: list[str]) -> list[str]:
    """The Japanese names of these themes, stored as if typed (what the ranker reads)."""
    if not keys:
        return []
    names = dict(db.session.execute(select(Theme.key, Theme.name).where(Theme.key.in_(keys))).all())
    return [names[k] for k in keys if k in names]


def theme_labels(keys: list[str], locale: str) -> list[str]:
    if not keys:
        return []
    column = Theme.name_en if locale == "en" else Theme.name
    names = dict(db.session.execute(select(Theme.key, column).where(Theme.key.in_(keys))).all())
    return [names[k] for k in keys if k in names]


def skill_suggestions(locale: str) -> list[tuple[str, list[str]]]:
    """Skill names by category, as examples next to the free-text skills field."""
    column = Skill.name_en if locale == "en" else Skill.name
    by_category: dict[str, list[str]] = {}
    for category, name in db.session.execute(select(Skill.category, column).order_by(Skill.id)):
        by_category.setdefault(category, []).append(name)
    order = list(SKILL_CATEGORY_LABELS)
    return [
        (str(SKILL_CATEGORY_LABELS.get(c, c)), names)
        for c, names in sorted(
            by_category.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]


def understood_skills(typed: list[str], locale: str) -> list[Understood]:
    """How each typed skill was read: 「ｴｸｾﾙ」 → Excel, 「普通免許」 → 普通自動車免許."""
    if not typed:
        return []
    resolver = current_index().resolver
    column = Skill.name_en if locale == "en" else Skill.name
    names = dict(db.session.execute(select(Skill.key, column)).all())
    out = []
    for entry in typed:
        found = resolver.resolve_skills([entry])
        out.append(
            Understood(
                entry,
                tuple(names.get(r.key, r.key) for r in found),
                any(r.method in ("fuzzy", "text") for r in found),
            )
        )
    return out


def area_choices() -> list[tuple[int, str]]:
    """Areas for a filter: each ward, then its districts."""
    return list(cached("taxonomy:area-choices", taxonomy_version(), _area_choices))


def _area_choices() -> tuple[tuple[int, str], ...]:
    areas = db.session.scalars(select(Area).order_by(Area.id)).all()
    out = []
    for top in (a for a in areas if a.parent_id is None):
        out.append((top.id, top.name))
        out.extend((a.id, a.name) for a in areas if a.parent_id == top.id)
    return tuple(out)


def area_and_districts(area_id: int) -> list[int]:
    """An area's id with the ids of the districts inside it."""
    children = db.session.scalars(select(Area.id).where(Area.parent_id == area_id)).all()
    return [area_id, *children]


def resolve_area(text: str) -> int | None:
    return current_index().resolve_area(text)
