"""A fallback for words the taxonomy has never seen, that knows when it does not know.

Two general methods, no word lists: short-unit morpheme overlap weighted by IDF
(「子育てサロン」 shares 子育て with 子育て支援, and サロン is too common to decide), and an
abbreviation matcher (宅建: the kanji of exactly one entry's name, in order, with gaps).
A reading is returned only when it clearly beats the next entry; its score is the
query's IDF mass explained by the entry, and thresholds are set by leave-one-alias-out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from matchhub.ranking.normalize import compact, short_units

# Calibrated by `flask evaluate --calibrate` (leave-one-alias-out on the shipped taxonomy).
MIN_OVERLAP = 0.5
SURE_OVERLAP = 0.95
MARGIN = 0.1
ABBREVIATION_SCORE = 0.8
SURFACE_SHARE = 0.8
MIN_ALIAS_EXPLAINED = 0.6


# Heads that only say "an activity / a course / a credential about …": 子育て〜サロン,
# 防災〜訓練, 介護〜経験. Any other last morpheme decides what a compound is (写真〜立て is
# a frame, not photography), so a reading must explain it.
GENERIC_HEADS = (
    "支援 活動 教室 サロン ひろば 広場 会 講座 指導 相談 づくり 作り サポート ボランティア "
    "運営 経験 資格 免許 検定 全般 関係 お手伝い 手伝い 事業 推進 対策 運動 教育 学習 体験 "
    "交流 講習 研修 修了 受講 活用 地域 まち 市民 区民 住民 など 等 系 実務 歴 級 得意 趣味 "
    "可能 あり 有り 取得 保有 訓練 作業 参加 協力 応援 普及 啓発 振興 育成 促進 予防 防止 "
    "対応 全体 一般 分野 ケア プログラム クラブ サークル 隊 団 グループ 事務 業務 会話 力"
)


@cache
def generic_units() -> frozenset[str]:
    """Short units of the generic heads, in the same normalised form as queries."""
    return frozenset(u for word in GENERIC_HEADS.split() for u in short_units(word))


def head(units: Sequence[str]) -> str | None:
    """The last unit that is not a generic head; None when every unit is generic."""
    generic = generic_units()
    for unit in reversed(units):
        if unit not in generic:
            return unit
    return None


@dataclass(frozen=True)
class Guess:
    """A key read by one of the semantic methods, with the share of the query it explains."""

    key: str
    score: float
    how: str


def _is_abbreviation(short: str, long: str) -> bool:
    if len(long) < len(short) + 2 or short[0] != long[0] or short in long:
        return False
    position = 0
    for char in short:
        position = long.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _abbreviable(text: str) -> bool:
    # Kanji only: katakana clippings (パン ⊂ パソコン教室) collide with everyday words.
    return 2 <= len(text) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in text)


class SemanticMatcher:
    """Morpheme-overlap and abbreviation readings over one kind of taxonomy entry."""

    def __init__(
        self,
        entries: Iterable[tuple[str, Sequence[str]]],
        related: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.related = related or {}
        self.units: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self.by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, surfaces in entries:
            for surface in surfaces:
                form = compact(surface)
                if not form:
                    continue
                self.units.setdefault(key, []).append((form, frozenset(short_units(surface))))
                self.by_first[form[0]].append((form, key))
        self.bags = {key: frozenset().union(*(u for _, u in us)) for key, us in self.units.items()}
        df: dict[str, int] = defaultdict(int)
        self.postings: dict[str, set[str]] = defaultdict(set)
        for key, bag in self.bags.items():
            for unit in bag:
                df[unit] += 1
                self.postings[unit].add(key)
        count = len(self.bags) or 1
        self.idf = {unit: math.log((count + 1) / (n + 1)) + 1 for unit, n in df.items()}
        self.unknown_idf = math.log(count + 1) + 1

    def _bag(self, key: str, hidden: str | None) -> frozenset[str]:
        if hidden is None:
            return self.bags[key]
        return frozenset().union(*(u for form, u in self.units[key] if form != hidden))

    def overlap(self, text: str, hidden: tuple[str, str] | None = None) -> list[tuple[float, str]]:
        """Entries by how well their best surface explains text's IDF mass.

        Scored per surface, not on the union of an entry's surfaces, so that 車 from one
        alias and 運転 from another do not add up to 「車の運転」.
        """
        ordered = short_units(text)
        query = set(ordered)
        if not query:
            return []
        needed = head(ordered)
        weight = {u: self.idf.get(u, self.unknown_idf) for u in query}
        total = sum(weight.values())
        keys = set().union(*(self.postings.get(u, set()) for u in query))
        scored = []
        for key in keys:
            best = 0.0
            for form, units in self.units[key]:
                if hidden == (key, form) or not units & query:
                    continue
                if needed is not None and needed not in units:
                    continue
                shared = sum(weight[u] for u in query & units)
                meaning = units - generic_units() or units
                mass = sum(self.idf.get(u, self.unknown_idf) for u in meaning)
                explained = sum(self.idf.get(u, self.unknown_idf) for u in meaning & query) / mass
                if explained < MIN_ALIAS_EXPLAINED:
                    continue  # 「タクシー」 says nothing of the 介護 in 介護タクシー
                # Mostly how much of the query is explained; a little how much of the alias.
                score = shared / total * (SURFACE_SHARE + (1 - SURFACE_SHARE) * explained)
                best = max(best, score)
            if best:
                scored.append((best, key))
        return sorted(scored, reverse=True)

    def explains_head(self, key: str, text: str) -> bool:
        """Whether an entry explains the unit that decides what (a word of) text is about."""
        if text.isascii():
            return True  # Latin words are names and typos (Exel), not compounds
        bag = self.bags.get(key, frozenset())
        for word in text.split():
            needed = head(short_units(word))
            if needed is None or needed in bag:
                return True
        return False

    def abbreviation(self, text: str, hidden: tuple[str, str] | None = None) -> str | None:
        """The one entry whose name or alias contains text's characters in order, with gaps."""
        short = compact(text)
        if not _abbreviable(short):
            return None
        keys = {
            key
            for form, key in self.by_first.get(short[0], ())
            if (key, form) != hidden and _is_abbreviation(short, form)
        }
        return next(iter(keys)) if len(keys) == 1 else None

    def guess(self, text: str, hidden: tuple[str, str] | None = None) -> Guess | None:
        """Best reading if it is clear enough; None when the methods do not know."""
        key = self.abbreviation(text, hidden)
        if key is not None:
            return Guess(key, ABBREVIATION_SCORE, "abbreviation")
        scored = self.overlap(text, hidden)
        if not scored:
            return None
        best, key = scored[0]
        second = self._runner_up(scored)
        if best >= MIN_OVERLAP and best - second >= MARGIN:
            return Guess(key, round(best, 4), "overlap")
        return None

    def _runner_up(self, scored: list[tuple[float, str]]) -> float:
        """Score of the best rival; entries related to the winner are not rivals (会計 ~ 会計士)."""
        key = scored[0][1]
        near = set(self.related.get(key, ()))
        for score, other in scored[1:]:
            if other not in near and key not in self.related.get(other, ()):
                return score
        return 0.0


def _japanese(form: str) -> bool:
    return any(not c.isascii() for c in form)


def leave_one_alias_out(
    matcher: SemanticMatcher, thresholds: Sequence[float] = (0.5, 0.6, 0.75, 0.85, 0.95)
) -> list[dict[str, float]]:
    """Hide each Japanese alias from its entry, read it back, and count right and wrong.

    Overlap readings are tallied per threshold (with the margin fixed); abbreviation
    readings once, under threshold 0 of their own row.
    """
    trials: list[tuple[str, list[tuple[float, str]], str | None]] = []
    for key, surfaces in matcher.units.items():
        for form, _ in surfaces[1:]:
            if _japanese(form):
                hidden = (key, form)
                trials.append(
                    (key, matcher.overlap(form, hidden), matcher.abbreviation(form, hidden))
                )
    rows = []
    for threshold in thresholds:
        right = wrong = 0
        for key, scored, _ in trials:
            if not scored:
                continue
            best, guessed = scored[0]
            second = matcher._runner_up(scored)
            if best >= threshold and best - second >= MARGIN:
                right += guessed == key
                wrong += guessed != key
        rows.append(_row(threshold, right, wrong, len(trials)))
    abbreviated = [(key, found) for key, _, found in trials if found is not None]
    right = sum(1 for key, found in abbreviated if found == key)
    rows.append(_row(0.0, right, len(abbreviated) - right, len(trials), "abbreviation"))
    return rows


def _row(threshold: float, right: int, wrong: int, trials: int, how: str = "overlap") -> dict:
    answered = right + wrong
    return {
        "method": how,
        "threshold": threshold,
        "aliases": trials,
        "answered": answered,
        "right": right,
        "wrong": wrong,
        "precision": round(right / answered, 4) if answered else 0.0,
        "recall": round(right / trials, 4) if trials else 0.0,
    }
