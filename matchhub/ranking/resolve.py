"""Resolution of typed theme and skill words against the taxonomy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from matchhub.ranking.extract import PROSE_STOPWORDS, Term, extract_terms
from matchhub.ranking.normalize import (
    canonical,
    compact,
    decoration_variants,
    fold,
    reading,
    split_terms,
)
from matchhub.ranking.scan import AliasScanner
from matchhub.ranking.semantic import ABBREVIATION_SCORE, SURE_OVERLAP, SemanticMatcher
from matchhub.ranking.taxonomy import Taxonomy, breadth_aliases, related_themes

Method = Literal["exact", "reading", "contained", "semantic", "fuzzy", "text"]
FUZZY_CUTOFF = 85.0
TEXT_CUTOFF = 0.65
# Readings of one or two kana collide with homophones (公園/講演), so equality only.
MIN_READING_LENGTH = 3
_KANJI = re.compile(r"[\u4e00-\u9fff]")
CACHE_SIZE = 200_000


@dataclass(frozen=True)
class Resolution:
    """A taxonomy key found for some typed text, how it was found and how surely.

    Unsure readings (a lone fuzzy, n-gram, substring or weak semantic hit) score less and
    are never named in reasons.
    """

    key: str
    method: Method
    score: float
    sure: bool = True


def _similarity(query: str, choice: str, **_: object) -> float:
    score = fuzz.ratio(query, choice)
    # Partial matching on very short strings confuses 防災 with 防災士.
    if min(len(query), len(choice)) >= 4:
        score = max(score, fuzz.WRatio(query, choice))
    return score


class Vocabulary:
    """The surfaces of one kind of taxonomy entry, indexed for each resolution step."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Sequence[str]]],
        related: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        entries_list = [(key, tuple(surfaces)) for key, surfaces in entries]
        entries = entries_list
        self._exact: dict[str, str] = {}
        self._reading: dict[str, str | None] = {}
        choices: list[str] = []
        owners: list[str] = []
        for key, surfaces in entries:
            for surface in surfaces:
                for variant in (compact(surface), canonical(surface)):
                    if variant:
                        self._exact.setdefault(variant, key)
                said = reading(surface)
                if len(said) >= MIN_READING_LENGTH:
                    if self._reading.get(said, key) != key:
                        self._reading[said] = None
                    else:
                        self._reading[said] = key
                choices.append(compact(surface))
                owners.append(key)
        self._choices = choices
        self._owners = owners
        self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3))
        self._matrix = self._vectorizer.fit_transform(choices)
        self.semantic_matcher = SemanticMatcher(entries_list, related)
        self._cache: dict[str, Resolution | None] = {}
        self._exact_cache: dict[str, Resolution | None] = {}
        self.many_cache: dict[str, tuple[Resolution, ...]] = {}

    def exact(self, text: str) -> Resolution | None:
        """Resolve by alias equality after normalisation, then by Sudachi reading."""
        if text not in self._exact_cache:
            if len(self._exact_cache) > CACHE_SIZE:
                self._exact_cache.clear()
            self._exact_cache[text] = self._lookup(text)
        return self._exact_cache[text]

    def _lookup(self, text: str) -> Resolution | None:
        variants = decoration_variants(text)
        for variant in variants:
            for form in (compact(variant), canonical(variant)):
                if form in self._exact:
                    return Resolution(self._exact[form], "exact", 1.0)
        for variant in variants:
            if _KANJI.search(variant):
                continue  # a kanji word that only sounds like an alias is a homophone (水筒/出納)
            said = reading(variant)
            if len(said) >= MIN_READING_LENGTH and self._reading.get(said):
                return Resolution(self._reading[said] or "", "reading", 0.95)
        return None

    def approximate(self, text: str) -> Resolution | None:
        """Resolve by rapidfuzz similarity, then by TF-IDF character n-gram cosine."""
        variants = decoration_variants(text)
        queries = list(
            dict.fromkeys(compact(v) for v in (variants[-1], variants[min(1, len(variants) - 1)]))
        )
        queries = [q for q in queries if len(q) >= 2]
        best: tuple[float, str] | None = None
        for query in queries:
            found = process.extractOne(
                query, self._choices, scorer=_similarity, score_cutoff=FUZZY_CUTOFF
            )
            if found and (best is None or found[1] > best[0]):
                best = (found[1], self._owners[found[2]])
        if best:
            return Resolution(best[1], "fuzzy", round(best[0] / 100.0, 4))
        if not queries:
            return None
        sims = (self._matrix @ self._vectorizer.transform(queries).T).toarray().max(axis=1)
        index = int(np.argmax(sims))
        if sims[index] >= TEXT_CUTOFF:
            return Resolution(self._owners[index], "text", round(float(sims[index]), 4))
        return None

    def semantic(self, text: str) -> Resolution | None:
        """Resolve by morpheme overlap or abbreviation; sure only when clearly explained."""
        variants = decoration_variants(text)
        for variant in dict.fromkeys((variants[-1], variants[min(1, len(variants) - 1)])):
            guess = self.semantic_matcher.guess(variant)
            if guess:
                sure = guess.score >= SURE_OVERLAP or guess.score == ABBREVIATION_SCORE
                return Resolution(guess.key, "semantic", guess.score, sure)
        return None

    def guess(self, text: str) -> Resolution | None:
        """Resolve an unknown word; a lone fuzzy or n-gram hit is unsure unless semantics agree."""
        meaning = self.semantic(text)
        spelling = self.approximate(text)
        if meaning and spelling and meaning.key == spelling.key:
            return replace(meaning, score=max(meaning.score, spelling.score), sure=True)
        if meaning:
            return meaning
        if spelling and self.semantic_matcher.explains_head(
            spelling.key, decoration_variants(text)[-1]
        ):
            return replace(spelling, sure=False)
        return None

    def resolve(self, text: str) -> Resolution | None:
        """Resolve one typed term: exact, reading, then semantic and spelling guesses."""
        if text not in self._cache:
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            self._cache[text] = self.exact(text) or self.guess(text)
        return self._cache[text]


class Resolver:
    """Resolves typed themes and skills against a taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.themes = Vocabulary(((t.key, t.surfaces) for t in taxonomy.themes), related_themes())
        self.skills = Vocabulary(
            ((s.key, s.surfaces) for s in taxonomy.skills),
            {s.key: s.related for s in taxonomy.skills},
        )
        self.theme_scanner = AliasScanner((t.key, t.surfaces) for t in taxonomy.themes)
        self.skill_scanner = AliasScanner((s.key, s.surfaces) for s in taxonomy.skills)
        self.prose_scanner = AliasScanner(
            [
                (f"theme:{t.key}", (t.name, *(a for a in t.surfaces[1:] if len(fold(a)) >= 3)))
                for t in taxonomy.themes
            ]
            + [(f"skill:{s.key}", s.surfaces) for s in taxonomy.skills],
            exclude=PROSE_STOPWORDS | breadth_aliases(),
        )
        self.clause_cache: dict[str, tuple[str, ...]] = {}

    def extract_terms(self, text: str | None) -> list[Term]:
        """Find themes, skills and availability slots mentioned in prose."""
        return extract_terms(self, text)

    def resolve_theme(self, text: str) -> Resolution | None:
        """Resolve one theme word such as 「こども食堂のお手伝い」."""
        return self.themes.resolve(text)

    def resolve_skill(self, text: str) -> Resolution | None:
        """Resolve one skill word such as 「介護福祉士（実務5年）」."""
        return self.skills.resolve(text)

    def resolve_themes(self, values: Iterable[str]) -> list[Resolution]:
        """Resolve theme fields, each possibly listing several themes."""
        return _resolve_many(values, self.themes, self.theme_scanner)

    def resolve_skills(self, values: Iterable[str]) -> list[Resolution]:
        """Resolve skill fields, each possibly listing several skills."""
        return _resolve_many(values, self.skills, self.skill_scanner)


def _resolve_many(
    values: Iterable[str], vocabulary: Vocabulary, scanner: AliasScanner
) -> list[Resolution]:
    found: dict[str, Resolution] = {}
    cache = vocabulary.many_cache
    for value in values:
        if value not in cache:
            if len(cache) > CACHE_SIZE:
                cache.clear()
            cache[value] = _resolve_value(value, vocabulary, scanner)
        for resolution in cache[value]:
            if resolution.key not in found or found[resolution.key].score < resolution.score:
                found[resolution.key] = resolution
    return list(found.values())


def _resolve_value(
    value: str, vocabulary: Vocabulary, scanner: AliasScanner
) -> tuple[Resolution, ...]:
    if not value or not value.strip():
        return ()
    whole = vocabulary.exact(value)
    if whole:
        return (whole,)
    out: list[Resolution] = []
    for part in split_terms(value):
        resolution = vocabulary.exact(part)
        if resolution:
            out.append(resolution)
            continue
        scanned = scanner.scan_keys(part)
        # An alias inside a longer word counts only if it explains the word's head:
        # 「地域の防災」 is about 防災, 「写真立て」 is not about 写真.
        matcher = vocabulary.semantic_matcher
        stripped = decoration_variants(part)[-1]
        scanned = [key for key in scanned if matcher.explains_head(key, stripped)]
        if scanned:
            meaning = matcher.overlap(stripped)[:1]
            agreed = {key for _, key in meaning}
            out.extend(Resolution(key, "exact", 0.9, key in agreed) for key in scanned)
            continue
        words = part.split()
        hits = [vocabulary.resolve(w) for w in words] if len(words) > 1 else []
        if any(hits):
            out.extend(h for h in hits if h)
            continue
        resolution = vocabulary.guess(part)
        if resolution:
            out.append(resolution)
    return tuple(out)
