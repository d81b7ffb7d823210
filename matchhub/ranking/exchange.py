"""Exchange-format records (JSON Lines dicts) turned into ranking documents."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matchhub.ranking.areas import Area, Gazetteer
from matchhub.ranking.documents import HelperDoc, NeedDoc, OrgDoc

# Description lines that say where an activity takes place (「会場：」「場所は…です」).
_PLACE_LINE = re.compile(r"(場所|会場|集合|拠点|開催地)")
_LINES = re.compile(r"[\n。]")


@dataclass(frozen=True)
class Exchange:
    """Documents and judgments read from one exchange file."""

    areas: tuple[Area, ...]
    helpers: tuple[HelperDoc, ...]
    organizations: tuple[OrgDoc, ...]
    needs: tuple[NeedDoc, ...]
    judgments: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: tuple[int, ...] = ()

    @property
    def gazetteer(self) -> Gazetteer:
        """A gazetteer of this file's areas."""
        return Gazetteer(self.areas)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value or () if v is not None)


def area_from_record(record: Mapping[str, Any]) -> Area:
    """Build an Area from an exchange `area` record."""
    return Area(
        key=str(record["key"]),
        name=str(record.get("name") or record["key"]),
        kana=str(record.get("kana") or ""),
        parent=record.get("parent"),
        lat=float(record["lat"]) if record.get("lat") is not None else None,
        lon=float(record["lon"]) if record.get("lon") is not None else None,
        aliases=_strings(record.get("aliases")),
    )


def resolve_place(gazetteer: Gazetteer, area_text: str | None, description: str = "") -> str | None:
    """Area key from the area field, else from a line of the description naming a venue."""
    key = gazetteer.resolve(area_text)
    if key is not None:
        return key
    for line in _LINES.split(description or ""):
        if _PLACE_LINE.search(line):
            key = gazetteer.resolve(line)
            if key is not None:
                return key
    return None


def load_exchange(lines: Iterable[str | Mapping[str, Any]]) -> Exchange:
    """Parse exchange records (JSON strings or dicts); malformed ones are skipped."""
    records: list[Mapping[str, Any]] = []
    skipped: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line) if isinstance(line, str) else line
            if isinstance(record, Mapping) and record.get("type"):
                records.append(record)
            elif isinstance(line, str) and not line.strip():
                continue
            else:
                skipped.append(number)
        except (ValueError, TypeError):
            if isinstance(line, str) and not line.strip():
                continue
            skipped.append(number)
    areas = tuple(area_from_record(r) for r in records if r["type"] == "area" and r.get("key"))
    gazetteer = Gazetteer(areas)
    helpers = tuple(
        HelperDoc(
            key=str(r["key"]),
            themes=_strings(r.get("themes")),
            skills=_strings(r.get("skills")),
            area_key=gazetteer.resolve(r.get("area")),
            area_text=str(r.get("area") or ""),
            availability=frozenset(_strings(r.get("availability"))),
            online_ok=bool(r.get("online_ok", False)),
            languages=frozenset(_strings(r.get("languages")) or ("ja",)),
            bio=str(r.get("bio") or ""),
            active=bool(r.get("active", True)) and r.get("status", "active") != "paused",
            display_name=str(r.get("display_name") or ""),
        )
        for r in records
        if r["type"] == "helper" and r.get("key")
    )
    organizations = tuple(
        OrgDoc(
            key=str(r["key"]),
            name=str(r.get("name") or ""),
            kind=str(r.get("kind") or "other"),
            themes=_strings(r.get("themes")),
            offers=_strings(r.get("offers")),
            description=str(r.get("description") or ""),
            area_key=gazetteer.resolve(r.get("area")),
        )
        for r in records
        if r["type"] == "organization" and r.get("key")
    )
    needs = tuple(
        NeedDoc(
            key=str(r["key"]),
            kind=str(r.get("kind") or "volunteer"),
            title=str(r.get("title") or ""),
            description=str(r.get("description") or ""),
            themes=_strings(r.get("themes")),
            skills=_strings(r.get("skills")),
            area_key=resolve_place(gazetteer, r.get("area"), str(r.get("description") or "")),
            online=bool(r.get("online", False)),
            availability=frozenset(_strings(r.get("availability"))),
            people_needed=int(r.get("people_needed") or 1),
            languages=frozenset(_strings(r.get("languages"))),
            status=str(r.get("status") or "open"),
            org_key=r.get("org"),
        )
        for r in records
        if r["type"] == "issue" and r.get("key")
    )
    judgments: dict[str, dict[str, int]] = {}
    for r in records:
        if r["type"] == "judgment" and r.get("issue"):
            candidate = r.get("helper") or r.get("organization")
            if candidate is not None:
                judgments.setdefault(str(r["issue"]), {})[str(candidate)] = int(r.get("grade", 0))
    return Exchange(areas, helpers, organizations, needs, judgments, tuple(skipped))
