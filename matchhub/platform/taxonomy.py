"""The taxonomy in the database, and the ranking library's view of it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matchhub.extensions import db
from matchhub.models import ActivityField, Area, Skill, Theme
from matchhub.platform.freshness import bump_taxonomy_version, cached, taxonomy_version
from matchhub.ranking import areas as ranking_areas
from matchhub.ranking import exchange as ranking_exchange
from matchhub.ranking import resolve as ranking_resolve
from matchhub.ranking import taxonomy as ranking_taxonomy


def load_taxonomy() -> dict[str, int]:
    """Upsert the fields, themes and skills shipped with the package."""
    shipped = ranking_taxonomy.load_default_taxonomy()
    fields = {f.key: f for f in db.session.scalars(select(ActivityField))}
    for item in shipped.fields:
        row = fields.get(item.key) or ActivityField(key=item.key)
        row.number, row.name, row.name_en = item.number, item.name, item.name_en
        fields[item.key] = row
        db.session.add(row)
    themes = {t.key: t for t in db.session.scalars(select(Theme))}
    for item in shipped.themes:
        row = themes.get(item.key) or Theme(key=item.key)
        row.name, row.name_en, row.aliases = item.name, item.name_en, list(item.aliases)
        row.broad = item.broad
        row.fields = [fields[k] for k in item.fields]
        db.session.add(row)
    skills = {s.key: s for s in db.session.scalars(select(Skill))}
    for item in shipped.skills:
        row = skills.get(item.key) or Skill(key=item.key)
        row.name, row.name_en, row.category = item.name, item.name_en, item.category
        row.aliases, row.related = list(item.aliases), list(item.related)
        db.session.add(row)
    bump_taxonomy_version()
    db.session.commit()
    return {
        "fields": len(shipped.fields),
        "themes": len(shipped.themes),
        "skills": len(shipped.skills),
    }


def ensure_taxonomy() -> None:
    """Load the shipped taxonomy into an empty database."""
    if not db.session.scalar(select(func.count()).select_from(Theme)):
        load_taxonomy()


def taxonomy_from_database() -> ranking_taxonomy.Taxonomy:
    """The taxonomy as admins have edited it, in the ranking library's terms."""
    shipped = ranking_taxonomy.load_default_taxonomy()
    # Short field names and a skill's spoken language are not stored yet: take them from
    # the shipped taxonomy by key (admin-added entries go without).
    short_names = {f.key: f.short_name for f in shipped.fields}
    spoken = {s.key: s.language for s in shipped.skills}
    fields = tuple(
        ranking_taxonomy.Field(
            key=f.key,
            number=f.number,
            name=f.name,
            name_en=f.name_en,
            short_name=short_names.get(f.key, f.name),
        )
        for f in db.session.scalars(select(ActivityField).order_by(ActivityField.number))
    )
    themes = tuple(
        ranking_taxonomy.Theme(
            key=t.key,
            name=t.name,
            name_en=t.name_en,
            fields=tuple(f.key for f in t.fields),
            aliases=tuple(t.aliases),
            broad=t.broad,
        )
        for t in db.session.scalars(select(Theme).options(selectinload(Theme.fields)))
    )
    skills = tuple(
        ranking_taxonomy.Skill(
            key=s.key,
            name=s.name,
            name_en=s.name_en,
            category=s.category,
            aliases=tuple(s.aliases),
            related=tuple(s.related),
            language=spoken.get(s.key),
        )
        for s in db.session.scalars(select(Skill))
    )
    if not themes and not skills:
        return shipped
    return ranking_taxonomy.Taxonomy(fields=fields, themes=themes, skills=skills)


def areas_from_database() -> tuple[ranking_areas.Area, ...]:
    rows = db.session.scalars(select(Area).options(selectinload(Area.parent))).all()
    return tuple(
        ranking_areas.Area(
            key=a.key,
            name=a.name,
            kana=a.kana or "",
            parent=a.parent.key if a.parent else None,
            lat=a.lat,
            lon=a.lon,
            aliases=tuple(a.aliases or ()),
        )
        for a in rows
    )


@dataclass
class TaxonomyIndex:
    """Resolves typed text to areas, themes and skills, with memoised lookups."""

    resolver: ranking_resolve.Resolver
    gazetteer: ranking_areas.Gazetteer
    area_ids: dict[str, int]

    def __post_init__(self) -> None:
        self._area = lru_cache(maxsize=65536)(self._resolve_area)
        self._themes = lru_cache(maxsize=65536)(self._resolve_themes)
        self._skills = lru_cache(maxsize=65536)(self._resolve_skills)

    def _resolve_themes(self, typed: tuple[str, ...]) -> list[str]:
        return _unique(r.key for r in self.resolver.resolve_themes(typed))

    def _resolve_skills(self, typed: tuple[str, ...]) -> list[str]:
        return _unique(r.key for r in self.resolver.resolve_skills(typed))

    def _resolve_area(self, text: str) -> int | None:
        key = self.gazetteer.resolve(text)
        return self.area_ids.get(key) if key else None

    def resolve_area(self, text: str) -> int | None:
        return self._area(text.strip()) if text and text.strip() else None

    def resolve_place(self, text: str, description: str) -> int | None:
        """An issue's area from its area field, else from a venue line of its description."""
        key = ranking_exchange.resolve_place(self.gazetteer, text, description)
        return self.area_ids.get(key) if key else None

    def theme_keys(self, typed: list[str]) -> list[str]:
        return list(self._themes(tuple(typed)))

    def skill_keys(self, typed: list[str]) -> list[str]:
        return list(self._skills(tuple(typed)))


def _unique(keys) -> list[str]:
    return list(dict.fromkeys(keys))


def current_index() -> TaxonomyIndex:
    """The index for this process, built on first use and kept until the taxonomy changes."""
    return cached("taxonomy:index", taxonomy_version(), _build_index)


def _build_index() -> TaxonomyIndex:
    return TaxonomyIndex(
        resolver=resolver_for(taxonomy_from_database()),
        gazetteer=gazetteer_for(areas_from_database()),
        area_ids={key: id_ for key, id_ in db.session.execute(select(Area.key, Area.id))},
    )


@lru_cache(maxsize=4)
def resolver_for(taxonomy: ranking_taxonomy.Taxonomy) -> ranking_resolve.Resolver:
    """One resolver per distinct taxonomy in this process, with its memo of resolutions."""
    return ranking_resolve.Resolver(taxonomy)


@lru_cache(maxsize=4)
def gazetteer_for(areas: tuple[ranking_areas.Area, ...]) -> ranking_areas.Gazetteer:
    """One gazetteer per distinct set of areas in this process."""
    return ranking_areas.Gazetteer(areas)


def current_gazetteer():
    """Resolve typed area text to an Area row (or None)."""
    return _AreaLookup(current_index())


@dataclass
class _AreaLookup:
    index: TaxonomyIndex

    def resolve(self, text: str) -> Area | None:
        area_id = self.index.resolve_area(text or "")
        return db.session.get(Area, area_id) if area_id else None
