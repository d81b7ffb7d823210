"""How typed theme and skill words are read: coverage on any file, and the blind word test.

Coverage needs no judgments: every typed entry is classified by the first step that
resolves it (exact alias, alias inside a longer word, semantic, fuzzy, n-gram, none).
The blind test compares readings of words written by someone who never saw our aliases
with the entry they meant, and counts everyday words wrongly read as an entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from matchhub.ranking.exchange import Exchange
from matchhub.ranking.normalize import split_terms
from matchhub.ranking.resolve import Resolver, Vocabulary

CATEGORIES: tuple[str, ...] = ("exact", "contained", "semantic", "fuzzy", "ngram", "none")
EXACT_WARNING_SHARE = 0.9


def classify(resolver: Resolver, kind: str, text: str) -> tuple[str, set[str]]:
    """The first resolution step that reads one typed item, and the keys it reads."""
    vocabulary: Vocabulary = resolver.themes if kind == "theme" else resolver.skills
    scanner = resolver.theme_scanner if kind == "theme" else resolver.skill_scanner
    found = vocabulary.exact(text)
    if found:
        return "exact", {found.key}
    scanned = scanner.scan_keys(text)
    if scanned:
        return "contained", set(scanned)
    found = vocabulary.semantic(text)
    if found:
        return "semantic", {found.key}
    found = vocabulary.approximate(text)
    if found:
        return ("fuzzy" if found.method == "fuzzy" else "ngram"), {found.key}
    return "none", set()


@dataclass
class Coverage:
    """Counts of typed items by resolution step, per kind, and the unresolved words."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    unresolved: Counter[str] = field(default_factory=Counter)

    def share(self, kind: str, category: str) -> float:
        """Share of one kind's typed items resolved by one step."""
        total = sum(self.counts.get(kind, Counter()).values())
        return self.counts[kind][category] / total if total else 0.0

    def warnings(self) -> list[str]:
        """One line per kind whose exact share is below the warning level."""
        return [
            f"only {self.share(kind, 'exact'):.0%} of typed {kind} words are known exactly "
            f"(below {EXACT_WARNING_SHARE:.0%}): add aliases for the words listed"
            for kind in self.counts
            if self.share(kind, "exact") < EXACT_WARNING_SHARE
        ]


def typed_words(exchange: Exchange) -> Iterable[tuple[str, str]]:
    """(kind, item) for every typed theme and skill item of helpers, needs and organizations."""
    for doc in (*exchange.helpers, *exchange.needs, *exchange.organizations):
        for value in doc.themes:
            for item in split_terms(value):
                yield "theme", item
        for value in getattr(doc, "skills", ()):
            for item in split_terms(value):
                yield "skill", item


def coverage(resolver: Resolver, words: Iterable[tuple[str, str]]) -> Coverage:
    """Classify typed (kind, item) pairs by the step that resolves them."""
    report = Coverage()
    for kind, item in words:
        category, _ = classify(resolver, kind, item)
        report.counts.setdefault(kind, Counter())[category] += 1
        if category == "none":
            report.unresolved[f"{kind}:{item}"] += 1
    for counts in report.counts.values():
        for category in CATEGORIES:
            counts.setdefault(category, 0)
    return report


@dataclass(frozen=True)
class BlindPair:
    """A word typed by someone who never saw the aliases, and the entry they meant."""

    typed: str
    kind: str
    key: str


@dataclass
class BlindReport:
    """Right, wrong and unresolved paraphrases; everyday words read as some entry."""

    right: int = 0
    wrong: int = 0
    unresolved: int = 0
    everyday: int = 0
    false_positives: int = 0
    wrong_examples: list[str] = field(default_factory=list)
    unresolved_examples: list[str] = field(default_factory=list)
    false_positive_examples: list[str] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        """Number of paraphrase pairs judged."""
        return self.right + self.wrong + self.unresolved

    def as_dict(self) -> dict[str, object]:
        """Plain dict, for JSON output."""
        pairs = self.pairs or 1
        return {
            "pairs": self.pairs,
            "right": self.right,
            "wrong": self.wrong,
            "unresolved": self.unresolved,
            "right_share": round(self.right / pairs, 4),
            "wrong_share": round(self.wrong / pairs, 4),
            "everyday_words": self.everyday,
            "false_positives": self.false_positives,
            "false_positive_share": round(self.false_positives / (self.everyday or 1), 4),
        }


def read_keys(resolver: Resolver, kind: str, typed: str) -> set[str]:
    """Keys the engine reads from one typed word, as the ranking would use them."""
    found = (
        resolver.resolve_themes([typed]) if kind == "theme" else resolver.resolve_skills([typed])
    )
    return {r.key for r in found}


def blind_report(
    resolver: Resolver, pairs: Sequence[BlindPair], everyday: Sequence[str]
) -> BlindReport:
    """Score readings of blind paraphrases and count everyday words read as an entry."""
    report = BlindReport()
    for pair in pairs:
        keys = read_keys(resolver, pair.kind, pair.typed)
        if pair.key in keys:
            report.right += 1
        elif keys:
            report.wrong += 1
            report.wrong_examples.append(f"{pair.typed} → {','.join(sorted(keys))} ≠ {pair.key}")
        else:
            report.unresolved += 1
            report.unresolved_examples.append(f"{pair.typed} ({pair.key})")
    for word in everyday:
        report.everyday += 1
        keys = read_keys(resolver, "theme", word) | read_keys(resolver, "skill", word)
        if keys:
            report.false_positives += 1
            report.false_positive_examples.append(f"{word} → {','.join(sorted(keys))}")
    return report


def parse_blind_pairs(lines: Iterable[str]) -> list[BlindPair]:
    """Rows `typed<TAB>kind<TAB>key[<TAB>note]`; a header row and blank lines are skipped."""
    pairs = []
    for line in lines:
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 3 or cells[1] not in ("theme", "skill") or not cells[0].strip():
            continue
        pairs.append(BlindPair(cells[0].strip(), cells[1], cells[2].strip()))
    return pairs


def parse_everyday(lines: Iterable[str]) -> list[str]:
    """One everyday word per line; blank lines and # comments are skipped."""
    return [w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#")]
