"""Administrators edit themes, skills and areas, and preview what typed text resolves to.

Every save bumps the taxonomy version in the same transaction, so every worker rebuilds
its resolver on its next request, and records the change (before and after) in the audit log.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import ActivityField, Area, Skill, Theme
from matchhub.platform import audit
from matchhub.platform.freshness import bump_taxonomy_version
from matchhub.platform.taxonomy import (
    areas_from_database,
    gazetteer_for,
    resolver_for,
    taxonomy_from_database,
)
from matchhub.ranking import areas as ranking_areas
from matchhub.ranking import resolve as ranking_resolve
from matchhub.ranking import taxonomy as ranking_taxonomy

SAMPLE_TEXT = "高島平駅の近くで子ども食堂"
MAX_ALIASES = 200


class TaxonomyEditError(ValueError):
    """A problem with an edit; the message is translated."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def aliases_from_text(text: str | None) -> list[str]:
    """One alias a line (commas also split), blanks and repeats dropped."""
    parts = (
        p.strip() for line in (text or "").splitlines() for p in line.replace("、", ",").split(",")
    )
    return list(dict.fromkeys(p for p in parts if p))[:MAX_ALIASES]


# ---- reading ----


def themes() -> list[Theme]:
    return list(
        db.session.scalars(select(Theme).options(selectinload(Theme.fields)).order_by(Theme.key))
    )


def skills() -> list[Skill]:
    return list(db.session.scalars(select(Skill).order_by(Skill.category, Skill.key)))


def areas() -> list[Area]:
    return list(
        db.session.scalars(select(Area).options(selectinload(Area.parent)).order_by(Area.key))
    )


def activity_fields() -> list[ActivityField]:
    return list(db.session.scalars(select(ActivityField).order_by(ActivityField.number)))


def by_key(model, key: str):
    return db.session.scalar(select(model).where(model.key == key))


# ---- preview ----


@dataclass(frozen=True)
class Understood:
    """What a piece of typed text is understood as."""

    area: str | None
    themes: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    text: str
    before: Understood
    after: Understood

    @property
    def changed(self) -> bool:
        return self.before != self.after


def understand(
    text: str, resolver: ranking_resolve.Resolver, gazetteer: ranking_areas.Gazetteer
) -> Understood:
    area = gazetteer.get(gazetteer.resolve(text))
    theme_names = {t.key: t.name for t in resolver.taxonomy.themes}
    skill_names = {s.key: s.name for s in resolver.taxonomy.skills}
    return Understood(
        area=area.name if area else None,
        themes=tuple(theme_names[r.key] for r in resolver.resolve_themes([text])),
        skills=tuple(skill_names[r.key] for r in resolver.resolve_skills([text])),
    )


def _compare(text: str, taxonomy, places, edited_taxonomy=None, edited_places=None) -> Preview:
    """Resolve with the current vocabulary (this process's cached resolver) and the edited one."""
    resolver, gazetteer = resolver_for(taxonomy), gazetteer_for(places)
    after = understand(
        text,
        ranking_resolve.Resolver(edited_taxonomy) if edited_taxonomy else resolver,
        ranking_areas.Gazetteer(edited_places) if edited_places else gazetteer,
    )
    return Preview(text, understand(text, resolver, gazetteer), after)


def _replaced(items: tuple, item) -> tuple:
    kept = tuple(i for i in items if i.key != item.key)
    return (*kept, item)


def preview_theme(text: str, key: str, values: dict) -> Preview:
    taxonomy, places = taxonomy_from_database(), areas_from_database()
    old = next((t for t in taxonomy.themes if t.key == key), None)
    theme = ranking_taxonomy.Theme(
        key=key,
        name=values["name"],
        name_en=values["name_en"],
        fields=tuple(values["fields"]),
        aliases=tuple(values["aliases"]),
        broad=old.broad if old else False,
    )
    edited = dataclasses.replace(taxonomy, themes=_replaced(taxonomy.themes, theme))
    return _compare(text, taxonomy, places, edited_taxonomy=edited)


def preview_skill(text: str, key: str, values: dict) -> Preview:
    taxonomy, places = taxonomy_from_database(), areas_from_database()
    old = next((s for s in taxonomy.skills if s.key == key), None)
    skill = ranking_taxonomy.Skill(
        key=key,
        name=values["name"],
        name_en=values["name_en"],
        category=values["category"],
        aliases=tuple(values["aliases"]),
        related=old.related if old else (),
        language=old.language if old else None,
    )
    edited = dataclasses.replace(taxonomy, skills=_replaced(taxonomy.skills, skill))
    return _compare(text, taxonomy, places, edited_taxonomy=edited)


def preview_area(text: str, key: str, values: dict) -> Preview:
    taxonomy, places = taxonomy_from_database(), areas_from_database()
    area = ranking_areas.Area(
        key=key,
        name=values["name"],
        kana=values["kana"] or "",
        parent=values["parent"] or None,
        lat=values["lat"],
        lon=values["lon"],
        aliases=tuple(values["aliases"]),
    )
    return _compare(text, taxonomy, places, edited_places=_replaced(places, area))


# ---- saving ----


def _new_or_existing(model, key: str, is_new: bool):
    row = by_key(model, key)
    if is_new and row is not None:
        raise TaxonomyEditError(_("This key is already used. Choose another."), "key")
    if not is_new and row is None:
        raise LookupError(key)
    return row or model(key=key)


def _snapshot(row, names: tuple[str, ...]) -> dict:
    return {name: _plain(getattr(row, name, None)) for name in names}


def _plain(value):
    if isinstance(value, list):
        return [getattr(v, "key", v) for v in value]
    return getattr(value, "key", value)


def _record(actor_id: int, kind: str, row, before: dict, after: dict, is_new: bool) -> None:
    changed = {
        k: {"before": before.get(k), "after": v} for k, v in after.items() if before.get(k) != v
    }
    action = f"taxonomy.{kind}_{'create' if is_new else 'update'}"
    audit.record(actor_id, action, row, {"changes": changed})


THEME_FIELDS = ("name", "name_en", "aliases", "fields")
SKILL_FIELDS = ("name", "name_en", "category", "aliases")
AREA_FIELDS = ("name", "kana", "parent", "lat", "lon", "aliases")


def save_theme(key: str, values: dict, actor_id: int, is_new: bool = False) -> Theme:
    """:raise TaxonomyEditError: on a key already used; LookupError for an unknown theme."""
    row = _new_or_existing(Theme, key, is_new)
    before = {} if is_new else _snapshot(row, THEME_FIELDS)
    fields = {f.key: f for f in activity_fields()}
    row.name, row.name_en = values["name"].strip(), values["name_en"].strip()
    row.aliases = list(values["aliases"])
    row.fields = [fields[k] for k in values["fields"] if k in fields]
    db.session.add(row)
    db.session.flush()
    _record(actor_id, "theme", row, before, _snapshot(row, THEME_FIELDS), is_new)
    bump_taxonomy_version()
    db.session.commit()
    return row


def save_skill(key: str, values: dict, actor_id: int, is_new: bool = False) -> Skill:
    """:raise TaxonomyEditError: on a key already used; LookupError for an unknown skill."""
    row = _new_or_existing(Skill, key, is_new)
    before = {} if is_new else _snapshot(row, SKILL_FIELDS)
    row.name, row.name_en = values["name"].strip(), values["name_en"].strip()
    row.category = values["category"].strip()
    row.aliases = list(values["aliases"])
    if is_new:
        row.related = []
    db.session.add(row)
    db.session.flush()
    _record(actor_id, "skill", row, before, _snapshot(row, SKILL_FIELDS), is_new)
    bump_taxonomy_version()
    db.session.commit()
    return row


def _check_parent(row: Area, parent: Area | None) -> None:
    """:raise TaxonomyEditError: when the parent is the area itself or lies inside it."""
    seen: set[int] = set()
    current = parent
    while current is not None and current.id not in seen:
        if row.id is not None and current.id == row.id:
            raise TaxonomyEditError(_("An area cannot lie inside itself."), "parent")
        seen.add(current.id)
        current = current.parent


def save_area(key: str, values: dict, actor_id: int, is_new: bool = False) -> Area:
    """:raise TaxonomyEditError: on a key used or a loop of parents; LookupError if unknown."""
    row = _new_or_existing(Area, key, is_new)
    before = {} if is_new else _snapshot(row, AREA_FIELDS)
    parent = by_key(Area, values["parent"]) if values["parent"] else None
    _check_parent(row, parent)
    row.name = values["name"].strip()
    row.kana = (values["kana"] or "").strip() or None
    row.parent = parent
    row.lat, row.lon = values["lat"], values["lon"]
    row.aliases = list(values["aliases"])
    db.session.add(row)
    db.session.flush()
    _record(actor_id, "area", row, before, _snapshot(row, AREA_FIELDS), is_new)
    bump_taxonomy_version()
    db.session.commit()
    return row
