"""Activity fields of the NPO law, theme tags and skills, loaded from packaged JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Field:
    """One of the 20 activity fields of 特定非営利活動促進法 別表."""

    key: str
    number: int
    name: str
    name_en: str
    short_name: str = ""


@dataclass(frozen=True)
class Theme:
    """A theme tag people use for what they care about (子ども食堂, 防災 …)."""

    key: str
    name: str
    name_en: str
    fields: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    broad: bool = False

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Name, English name, aliases and the key itself."""
        return (self.name, self.name_en, *self.aliases, self.key)


@dataclass(frozen=True)
class Skill:
    """A skill or qualification, with aliases across scripts and related skills."""

    key: str
    name: str
    name_en: str
    category: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    language: str | None = None

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Name, English name, aliases and the key itself."""
        return (self.name, self.name_en, *self.aliases, self.key)


@dataclass(frozen=True)
class Taxonomy:
    """Fields, themes and skills, in a stable order that indexes feature columns."""

    fields: tuple[Field, ...]
    themes: tuple[Theme, ...]
    skills: tuple[Skill, ...]
    _by_key: dict[str, Any] = dataclass_field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind, items in (("field", self.fields), ("theme", self.themes), ("skill", self.skills)):
            for item in items:
                self._by_key[f"{kind}:{item.key}"] = item

    def field(self, key: str) -> Field:
        """Return the field with this key."""
        return self._by_key[f"field:{key}"]

    def theme(self, key: str) -> Theme:
        """Return the theme with this key."""
        return self._by_key[f"theme:{key}"]

    def skill(self, key: str) -> Skill:
        """Return the skill with this key."""
        return self._by_key[f"skill:{key}"]

    def has_theme(self, key: str) -> bool:
        """Tell whether a theme key exists."""
        return f"theme:{key}" in self._by_key

    def has_skill(self, key: str) -> bool:
        """Tell whether a skill key exists."""
        return f"skill:{key}" in self._by_key


def _read_json(name: str) -> Any:
    return json.loads(
        resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8")
    )


def taxonomy_from_dicts(
    fields: list[dict[str, Any]], themes: list[dict[str, Any]], skills: list[dict[str, Any]]
) -> Taxonomy:
    """Build a taxonomy from plain dicts shaped like the packaged JSON files."""
    return Taxonomy(
        fields=tuple(
            Field(
                key=f["key"],
                number=int(f["number"]),
                name=f["name"],
                name_en=f["name_en"],
                short_name=f.get("short_name", f["name"]),
            )
            for f in fields
        ),
        themes=tuple(
            Theme(
                key=t["key"],
                name=t["name"],
                name_en=t.get("name_en", ""),
                fields=tuple(t.get("fields", ())),
                aliases=tuple(t.get("aliases", ())),
                broad=bool(t.get("broad", False)),
            )
            for t in themes
        ),
        skills=tuple(
            Skill(
                key=s["key"],
                name=s["name"],
                name_en=s.get("name_en", ""),
                category=s.get("category", "other"),
                aliases=tuple(s.get("aliases", ())),
                related=tuple(s.get("related", ())),
                language=s.get("language"),
            )
            for s in skills
        ),
    )


def _compact(text: str) -> str:
    from matchhub.ranking.normalize import compact

    return compact(text)


def with_breadth(
    entries: list[dict[str, Any]], extra: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Add general-knowledge aliases; one already owned by another entry is left to it."""
    owner: dict[str, str] = {}
    for entry in entries:
        for surface in (entry["name"], *entry.get("aliases", ())):
            owner.setdefault(_compact(surface), entry["key"])
    out = []
    for entry in entries:
        aliases = list(entry.get("aliases", ()))
        for alias in extra.get(entry["key"], ()):
            form = _compact(alias)
            if owner.setdefault(form, entry["key"]) == entry["key"] and alias not in aliases:
                aliases.append(alias)
        out.append({**entry, "aliases": aliases})
    return out


@cache
def load_default_taxonomy() -> Taxonomy:
    """Load the packaged fields, themes and skills, with the breadth aliases (cached)."""
    breadth = _read_json("breadth.json")
    return taxonomy_from_dicts(
        _read_json("fields.json")["fields"],
        with_breadth(_read_json("themes.json")["themes"], breadth["themes"]),
        with_breadth(_read_json("skills.json")["skills"], breadth["skills"]),
    )


@cache
def related_themes() -> dict[str, tuple[str, ...]]:
    """Themes that earn each other partial credit (国際交流 ~ 多文化共生), both ways."""
    related: dict[str, list[str]] = {}
    for first, second in _read_json("breadth.json")["related_themes"]:
        related.setdefault(first, []).append(second)
        related.setdefault(second, []).append(first)
    return {key: tuple(values) for key, values in related.items()}


@cache
def breadth_aliases() -> frozenset[str]:
    """The general-knowledge aliases: fine as typed field values, too loose in running text."""
    breadth = _read_json("breadth.json")
    shipped = {
        _compact(surface)
        for name in ("themes.json", "skills.json")
        for entry in _read_json(name)[name.removesuffix(".json")]
        for surface in (entry["name"], entry.get("name_en", ""), *entry.get("aliases", ()))
    }
    return frozenset(
        alias
        for kind in ("themes", "skills")
        for aliases in breadth[kind].values()
        for alias in aliases
        if _compact(alias) not in shipped
    )
