"""Leftmost-longest scanning of running text for known aliases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from matchhub.ranking.normalize import canonical_prose, fold

_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
Match = tuple[int, int, tuple[str, ...]]


class AliasScanner:
    """Finds aliases of taxonomy entries (or areas) inside folded running text."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Sequence[str]]],
        *,
        min_length: int = 2,
        exclude: Iterable[str] = (),
    ) -> None:
        keys_of: dict[str, list[str]] = {}
        excluded = {form for word in exclude for form in (fold(word), canonical_prose(word))}
        for key, surfaces in entries:
            for position, surface in enumerate(surfaces):
                for form in {fold(surface), canonical_prose(surface)}:
                    shortest = 3 if form[:1] in _ASCII_WORD else min_length
                    # The name (first surface) is always usable, however short.
                    too_short = len(form) < shortest and position > 0
                    if form in excluded or too_short or len(form) < min(2, min_length):
                        continue
                    owners = keys_of.setdefault(form, [])
                    if key not in owners:
                        owners.append(key)
        self._by_prefix: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._single: dict[str, tuple[str, ...]] = {}
        for form, owners in keys_of.items():
            if len(form) == 1:
                self._single[form] = tuple(owners)
            else:
                self._by_prefix[form[:2]].append((form, tuple(owners)))
        for candidates in self._by_prefix.values():
            candidates.sort(key=lambda item: len(item[0]), reverse=True)

    def scan(self, folded: str) -> list[Match]:
        """Return (start, end, keys) of non-overlapping leftmost-longest matches."""
        found: list[Match] = []
        index = 0
        by_prefix = self._by_prefix
        single = self._single
        while index < len(folded):
            candidates = by_prefix.get(folded[index : index + 2], ())
            for form, keys in candidates:
                end = index + len(form)
                if folded.startswith(form, index) and _bounded(folded, index, end):
                    found.append((index, end, keys))
                    index = end
                    break
            else:
                keys = single.get(folded[index]) if single else None
                # A one-kanji name (錦) counts only where the word ends: not in 錦糸町.
                if keys and not _is_kanji(folded[index + 1 : index + 2]):
                    found.append((index, index + 1, keys))
                index += 1
        return found

    def scan_keys(self, text: str) -> list[str]:
        """Return the keys found in text, in order, using plain and Sudachi forms."""
        keys: dict[str, None] = {}
        for folded in (fold(text), canonical_prose(text)):
            for _, _, owners in self.scan(folded):
                for key in owners:
                    keys.setdefault(key, None)
        return list(keys)


def _is_kanji(char: str) -> bool:
    return bool(char) and ("\u4e00" <= char <= "\u9fff" or char in "々〆ヶ")


def _bounded(text: str, start: int, end: int) -> bool:
    # Latin aliases must be whole words: "word" is not inside "wordpress".
    if text[start] in _ASCII_WORD and start > 0 and text[start - 1] in _ASCII_WORD:
        return False
    return not (text[end - 1] in _ASCII_WORD and end < len(text) and text[end] in _ASCII_WORD)
