"""Days and times as people write them, as tokens in text order.

Days: 平日, 土日祝, 月曜〜金曜, 火〜木, 水・金, dates with the weekday in brackets (12月5日(土)),
第2月曜日. Times: 午前, 夕方から, 朝のうち, 一日中, and clock times and ranges (18時以降,
10時〜12時, 9:00~11:00, 午前10時から正午), each mapped to the slots it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

DAYS: tuple[str, ...] = ("weekday", "weekend")
TIMES: tuple[str, ...] = ("morning", "afternoon", "evening")
# Hours each time of day covers, as [start, end).
_TIME_HOURS: dict[str, tuple[float, float]] = {
    "morning": (5.0, 12.0),
    "afternoon": (12.0, 17.0),
    "evening": (17.0, 24.0),
}
_WEEK = "月火水木金土日"
_DAY_CHAR = "月火水木金土日祝"

DAY_WORDS: dict[str, tuple[str, ...]] = {
    "平日": ("weekday",),
    "ウィークデー": ("weekday",),
    "週末": ("weekend",),
    "祝祭日": ("weekend",),
    "祝日": ("weekend",),
    "休日": ("weekend",),
    "土日": ("weekend",),
    "毎日": DAYS,
    "曜日問わず": DAYS,
    "曜日を問わず": DAYS,
    "曜日は問いません": DAYS,
    "曜日は問わない": DAYS,
    "曜日は問わず": DAYS,
    "年中無休": DAYS,
}
TIME_WORDS: dict[str, tuple[str, ...]] = {
    "一日中": TIMES,
    "1日中": TIMES,
    "いつでも": TIMES,
    "時間問わず": TIMES,
    "終日": ("morning", "afternoon"),
    "日中": ("morning", "afternoon"),
    "昼間": ("morning", "afternoon"),
    "朝のうち": ("morning",),
    "早朝": ("morning",),
    "午前中": ("morning",),
    "午前": ("morning",),
    "昼前": ("morning",),
    "朝": ("morning",),
    "昼過ぎ": ("afternoon",),
    "昼すぎ": ("afternoon",),
    "昼から": ("afternoon",),
    "昼以降": ("afternoon", "evening"),
    "午後": ("afternoon",),
    "放課後": ("afternoon",),
    "昼": ("morning", "afternoon"),
    "夕方から": ("evening",),
    "夕方以降": ("evening",),
    "夕方": ("evening",),
    "夜間": ("evening",),
    "夜": ("evening",),
    "仕事帰り": ("evening",),
    "会社帰り": ("evening",),
    "退勤後": ("evening",),
    "終業後": ("evening",),
    "アフター5": ("evening",),
}
# Words that imply weekday evenings on their own (after the working day).
AFTER_WORK = frozenset(("仕事帰り", "会社帰り", "退勤後", "終業後", "アフター5"))
_WORD_FOLLOW = r"(?=[のにかやと、・,。 ()（）【「/\-～〜~がはもでをなだ]|以降|まで|から|帯|$)"
_DASH = r"(?:〜|～|~|-|－|ー|―|から)"
_DAY_RUN = re.compile(
    rf"([{_DAY_CHAR}])(?:曜日?|曜)?"
    rf"((?:(?:{_DASH}|[・、,/と]|および|及び)?[{_DAY_CHAR}](?:曜日?|曜)?)*)"
)
_CLOCK = (
    r"(?P<{p}pre>午前|午後|朝|夕方|夜|昼)?\s*"
    r"(?:(?P<{p}noon>正午)|(?P<{p}h>\d{{1,2}})\s*(?:時\s*(?P<{p}m>\d{{1,2}})?\s*分?(?P<{p}half>半)?"
    r"|:(?P<{p}mm>\d{{2}})))"
)
_CLOCK_RE = re.compile(
    _CLOCK.format(p="a")
    + rf"(?:\s*(?:{_DASH})\s*"
    + _CLOCK.format(p="b")
    + r"(?:まで)?|(?P<after>\s*(?:以降|以後|過ぎ|すぎ|から|~|〜|～))|(?P<until>\s*まで))?"
)
_BRACKET_DAY = re.compile(
    rf"[(（]([{_DAY_CHAR}](?:[・、,/]?[{_DAY_CHAR}])*)(?:曜日?)?(?:・祝)?[)）]"
)

_NUMERALS = frozenset("0123456789一二三四五六七八九十〇第毎")
TokenKind = Literal["day", "time"]


@dataclass(frozen=True)
class Token:
    """A day group or a time of day found at a position of the text."""

    kind: TokenKind
    values: tuple[str, ...]
    start: int
    end: int


def _days_of(chars: str) -> tuple[str, ...]:
    found: list[str] = []
    if any(c in "月火水木金" for c in chars):
        found.append("weekday")
    if any(c in "土日祝" for c in chars):
        found.append("weekend")
    return tuple(found)


def _expand_range(first: str, last: str) -> str:
    if first not in _WEEK or last not in _WEEK:
        return first + last
    i, j = _WEEK.index(first), _WEEK.index(last)
    return _WEEK[i : j + 1] if i <= j else _WEEK[i:] + _WEEK[: j + 1]


def _run_days(match: re.Match[str]) -> tuple[str, ...] | None:
    """Days of a run such as 月〜金, 水・金, 土日祝, 月曜日; None when it is not about days."""
    text = match.group(0)
    chars = [c for c in re.sub("曜日?", "", text) if c in _DAY_CHAR]
    named = "曜" in text
    if len(chars) == 1 and not named:
        return None
    listed = re.search(rf"{_DASH}|[・、,/]", text) or len(chars) >= 3
    if not named and not listed and text not in ("土日祝", "土日"):
        # A bare run of day characters (水木, 月日) is too often part of another word.
        return None
    covered = "".join(chars)
    ranged = re.search(rf"([{_WEEK}])(?:曜日?)?{_DASH}([{_WEEK}])", re.sub("曜日", "曜", text))
    if ranged:
        covered += _expand_range(ranged.group(1), ranged.group(2))
    return _days_of(covered)


def _hour(match: re.Match[str], p: str) -> float | None:
    if match.group(f"{p}noon"):
        return 12.0
    hour_text = match.group(f"{p}h")
    if hour_text is None:
        return None
    hour = float(hour_text)
    minutes = match.group(f"{p}m") or match.group(f"{p}mm")
    if minutes:
        hour += float(minutes) / 60
    if match.group(f"{p}half"):
        hour += 0.5
    prefix = match.group(f"{p}pre")
    if prefix in ("午後", "夕方", "夜") and hour < 12:
        hour += 12
    if hour > 24:
        return None
    return hour


def times_of_hours(start: float, end: float) -> tuple[str, ...]:
    """Times of day a clock range covers: an hour or more of overlap, else the largest."""
    if end <= start:
        end = start + 1
    overlaps = {name: min(end, high) - max(start, low) for name, (low, high) in _TIME_HOURS.items()}
    covered = tuple(name for name in TIMES if overlaps[name] >= 1.0)
    if covered:
        return covered
    best = max(TIMES, key=lambda name: overlaps[name])
    return (best,) if overlaps[best] > 0 else ()


def _clock_times(match: re.Match[str]) -> tuple[str, ...] | None:
    start = _hour(match, "a")
    if start is None:
        return None
    if not match.group("apre") and start < 7 and match.group("ah"):
        start += 12  # 「1時〜3時」 in a schedule means the afternoon
    end = _hour(match, "b")
    if end is not None:
        if not match.group("bpre") and start >= 12 and end < 12:
            end += 12
        return times_of_hours(start, end)
    if match.group("after"):
        return times_of_hours(start, max(start + 3, 22.0) if start >= 17 else start + 2)
    if match.group("until"):
        return times_of_hours(9.0, start)
    return times_of_hours(start, start + 1)


def _word_pattern(words: dict[str, tuple[str, ...]]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_DAY_WORD_RE = re.compile(rf"({_word_pattern(DAY_WORDS)})(?:日)?")
_LONG_TIME_WORDS = {w: v for w, v in TIME_WORDS.items() if len(w) > 2}
_SHORT_TIME_WORDS = {w: v for w, v in TIME_WORDS.items() if len(w) <= 2}
# Short words need a boundary after them: 朝市, 夜回り and 昼食 are not times.
_TIME_WORD_RE = re.compile(
    rf"({_word_pattern(_LONG_TIME_WORDS)})|({_word_pattern(_SHORT_TIME_WORDS)}){_WORD_FOLLOW}"
)
_WORD_RANGE_RE = re.compile(
    r"(朝|午前|昼|午後|夕方)(?:中)?(?:から|〜|～|~|-)(昼|午後|夕方|夜)(?:まで)?"
)
# A shop's regular closing day (定休日) can fall on any day.
_NOT_DAYS = re.compile(r"定休日|休館日|休業日|閉館日")


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def tokens(text: str) -> list[Token]:
    """Day and time tokens of an already NFKC-normalised text, in order."""
    found: list[Token] = []
    taken: list[tuple[int, int]] = [m.span() for m in _NOT_DAYS.finditer(text)]

    def add(kind: TokenKind, values: tuple[str, ...], start: int, end: int) -> None:
        if values and _free(taken, start, end):
            found.append(Token(kind, values, start, end))
            taken.append((start, end))

    for match in _CLOCK_RE.finditer(text):
        if match.group("ah") and text[match.end("ah") :].startswith(("時間", "月", "日", "歳")):
            continue  # 「3時間程度」「12月」 are not clock times
        values = _clock_times(match)
        if values is not None:
            add("time", values, match.start(), match.end())
    for match in _BRACKET_DAY.finditer(text):
        add(
            "day",
            _days_of(match.group(1) + ("祝" if "祝" in match.group(0) else "")),
            match.start(),
            match.end(),
        )
    for match in _DAY_WORD_RE.finditer(text):
        add("day", DAY_WORDS[match.group(1)], match.start(), match.end())
    for match in _DAY_RUN.finditer(text):
        after_number = match.start() > 0 and text[match.start() - 1] in _NUMERALS
        if after_number and not text.startswith("曜", match.start() + 1):
            continue  # 12月, 5日 and 3日間 are dates and lengths, not weekdays
        days = _run_days(match)
        if days:
            add("day", days, match.start(), match.end())
    for match in _WORD_RANGE_RE.finditer(text):
        first = TIMES.index(TIME_WORDS[match.group(1)][0])
        last = TIMES.index(TIME_WORDS[match.group(2)][-1])
        add("time", TIMES[first : last + 1], match.start(), match.end())
    for match in _TIME_WORD_RE.finditer(text):
        word = match.group(1) or match.group(2)
        add("time", TIME_WORDS[word], match.start(), match.end())
        if word in AFTER_WORK:
            add("day", ("weekday",), match.start(), match.start())
    found.sort(key=lambda t: (t.start, t.kind != "day"))
    return found
