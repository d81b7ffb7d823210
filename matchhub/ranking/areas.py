"""Areas (wards, districts) and resolution of addresses, facilities and stations to them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matchhub.ranking.normalize import fold
from matchhub.ranking.scan import AliasScanner

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Area:
    """A named area with an approximate centre; parent is the enclosing ward or city."""

    key: str
    name: str
    kana: str = ""
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()


def distance_km(a: Area, b: Area) -> float | None:
    """Great-circle distance between two area centres, or None if either is unknown."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Resolves typed places to area keys: names, kana, town names, facilities, stations."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self.areas: dict[str, Area] = {area.key: area for area in areas}
        self._depth = {key: self._depth_of(key) for key in self.areas}
        self._scanner = AliasScanner(
            (
                (area.key, (area.name, *area.aliases, *((area.kana,) if area.kana else ())))
                for area in self.areas.values()
            ),
            min_length=1,
        )
        self._cache: dict[str, str | None] = {}

    def _depth_of(self, key: str) -> int:
        depth, seen = 0, {key}
        parent = self.areas[key].parent
        while parent and parent in self.areas and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = self.areas[parent].parent
        return depth

    def resolve(self, text: str | None) -> str | None:
        """Return the most specific area named in text, or None when none is named."""
        if not text or not text.strip():
            return None
        if text not in self._cache:
            matches = self._scanner.scan(fold(text))
            best = max(
                matches,
                key=lambda m: (self._depth[m[2][0]], m[1] - m[0], -m[0]),
                default=None,
            )
            self._cache[text] = best[2][0] if best else None
        return self._cache[text]

    def get(self, key: str | None) -> Area | None:
        """Return the area with this key, if known."""
        return self.areas.get(key) if key else None

    def same_or_within(self, key: str, ancestor: str) -> bool:
        """Tell whether area key is ancestor itself or lies inside it."""
        seen: set[str] = set()
        current: str | None = key
        while current and current not in seen:
            if current == ancestor:
                return True
            seen.add(current)
            current = self.areas[current].parent if current in self.areas else None
        return False

    def distance_km(self, a: str | None, b: str | None) -> float | None:
        """Distance between the centres of two areas given by key."""
        first, second = self.get(a), self.get(b)
        if first is None or second is None:
            return None
        return distance_km(first, second)


class AreaTable:
    """Area centres as arrays, so that distances to all areas take one vector operation."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.keys = list(gazetteer.areas)
        self.position = {key: i for i, key in enumerate(self.keys)}
        self.unknown = len(self.keys)
        areas = gazetteer.areas.values()
        self.lat = np.radians(np.array([a.lat if a.lat is not None else np.nan for a in areas]))
        self.lon = np.radians(np.array([a.lon if a.lon is not None else np.nan for a in areas]))
        self.ancestors = [
            [self.position[k] for k in self.keys if k != key and gazetteer.same_or_within(key, k)]
            for key in self.keys
        ]
        self.descendants: list[list[int]] = [[] for _ in self.keys]
        for child, parents in enumerate(self.ancestors):
            for parent in parents:
                self.descendants[parent].append(child)

    def index(self, key: str | None) -> int:
        """Row of an area key, or the 'unknown' row."""
        return self.position.get(key, self.unknown) if key else self.unknown

    def distances_km(self, index: int) -> np.ndarray:
        """Distances from one area to every area (NaN where unknown), plus the unknown row."""
        out = np.full(self.unknown + 1, np.nan)
        if index == self.unknown:
            return out
        lat, lon = self.lat[index], self.lon[index]
        h = (
            np.sin((self.lat - lat) / 2) ** 2
            + np.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        )
        out[:-1] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        out[index] = 0.0
        return out
