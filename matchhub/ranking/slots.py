"""Availability slots and their extraction from prose (「平日の昼間なら参加できます」)."""

from __future__ import annotations

import re

from .normalize import nfkc

SLOTS: tuple[str, ...] = (
    "weekday_morning",
    "weekday_afternoon",
    "weekday_evening",
    "weekend_morning",
    "weekend_afternoon",
    "weekend_evening",
)
SLOT_LABELS: dict[str, str] = {
    "weekday_morning": "平日午前",
    "weekday_afternoon": "平日午後",
    "weekday_evening": "平日夜",
    "weekend_morning": "土日午前",
    "weekend_afternoon": "土日午後",
    "weekend_evening": "土日夜",
}
_DAYS = ("weekday", "weekend")
_TIMES = ("morning", "afternoon", "evening")

_DAY_WORDS: dict[str, tuple[str, ...]] = {
    "平日": ("weekday",),
    "ウィークデー": ("weekday",),
    "月曜": ("weekday",),
    "火曜": ("weekday",),
    "水曜": ("weekday",),
    "木曜": ("weekday",),
    "金曜": ("weekday",),
    "週末": ("weekend",),
    "土日祝": ("weekend",),
    "土日": ("weekend",),
    "土・日": ("weekend",),
    "土曜": ("weekend",),
    "日曜": ("weekend",),
    "祝日": ("weekend",),
    "休日": ("weekend",),
    "毎日": _DAYS,
    "曜日問わず": _DAYS,
}
_RANGES: dict[str, tuple[str, ...]] = {
    "朝": ("morning",),
    "午前": ("morning",),
    "昼": ("afternoon",),
    "午後": ("afternoon",),
    "夕方": ("evening",),
    "夜": ("evening",),
}
_TIME_WORDS: dict[str, tuple[str, ...]] = {
    "一日中": _TIMES,
    "いつでも": _TIMES,
    "終日": ("morning", "afternoon"),
    "日中": ("morning", "afternoon"),
    "昼間": ("morning", "afternoon"),
    "午前中": ("morning",),
    "午前": ("morning",),
    "朝": ("morning",),
    "昼過ぎ": ("afternoon",),
    "昼すぎ": ("afternoon",),
    "午後": ("afternoon",),
    "放課後": ("afternoon",),
    "昼": ("morning", "afternoon"),
    "夕方以降": ("evening",),
    "夕方": ("evening",),
    "夜間": ("evening",),
    "夜": ("evening",),
}
_FOLLOW = r"(?=[のにかやと、・,。 )）/\-～〜がはもでをな]|以降|まで|から|帯|$)"
_RANGE_RE = re.compile(r"(朝|午前|昼|午後)(?:中)?(?:から|〜|～|-)(昼|午後|夕方|夜)(?:まで)?")
_TOKEN_RE = re.compile(
    "(?P<day>"
    + "|".join(sorted(map(re.escape, _DAY_WORDS), key=len, reverse=True))
    + ")(?:日)?|(?P<time>"
    + "|".join(sorted(map(re.escape, _TIME_WORDS), key=len, reverse=True))
    + ")"
    + _FOLLOW
    + "|(?P<after_work>仕事帰り|会社帰り|退勤後|終業後)"
)
_CLAUSE_RE = re.compile(r"[、,。!！?？\n]|が、|けど")
_SENTENCE_RE = re.compile(r"[。!！?？\n]")
_NEGATION_RE = re.compile(
    r"難しい|むずかしい|無理|できません|不可|忙しい|仕事なので|仕事のため|以外"
)


def _expand(days: tuple[str, ...], times: tuple[str, ...]) -> set[str]:
    return {f"{d}_{t}" for d in days for t in times}


def _range_times(start: str, end: str) -> tuple[str, ...]:
    first = _TIMES.index(_RANGES[start][0])
    last = _TIMES.index(_RANGES[end][-1])
    return _TIMES[first : last + 1]


def _clause_slots(clause: str, carried: tuple[str, ...] | None) -> tuple[set[str], tuple | None]:
    found: set[str] = set()
    # A shop's regular closing day (定休日) can fall on any weekday.
    clause = clause.replace("定休日", "")
    clause = _RANGE_RE.sub(lambda m: "【" + ",".join(_range_times(m[1], m[2])) + "】", clause)
    tokens: list[tuple[str, tuple[str, ...]]] = []
    for match in re.finditer(r"【([a-z,]+)】|" + _TOKEN_RE.pattern, clause):
        if match.group(1):
            tokens.append(("time", tuple(match.group(1).split(","))))
        elif match.group("day"):
            tokens.append(("day", _DAY_WORDS[match.group("day")]))
        elif match.group("time"):
            tokens.append(("time", _TIME_WORDS[match.group("time")]))
        else:
            found.add("weekday_evening")
    days = carried
    day_used = False
    for kind, value in tokens:
        if kind == "day":
            if days is not None and not day_used and days != carried:
                found |= _expand(days, _TIMES)
            days, day_used = value, False
        else:
            found |= _expand(days or _DAYS, value)
            day_used = True
    if days is not None and not day_used and days != carried:
        found |= _expand(days, _TIMES)
    return found, days


def extract_slots(text: str) -> set[str]:
    """Find availability slots mentioned in prose, ignoring clauses that deny them."""
    found: set[str] = set()
    for sentence in _SENTENCE_RE.split(nfkc(text)):
        carried: tuple[str, ...] | None = None
        for clause in _CLAUSE_RE.split(sentence):
            if not clause or _NEGATION_RE.search(clause):
                continue
            slots, carried = _clause_slots(clause, carried)
            found |= slots
    return found
