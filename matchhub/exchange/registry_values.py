"""Cell values as Japanese registries write them: 和暦 dates, ○/× flags, 平日午前, 英語."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext

from matchhub.ranking.slots import SLOTS, extract_slots


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when the report is shown."""
    return message


@dataclass(frozen=True)
class Reason:
    """A message kept untranslated until shown, so a report reads in its reader's language."""

    msgid: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return gettext(self.msgid, **self.params) if self.params else gettext(self.msgid)


class CellProblem(ValueError):
    """A cell (or file) that cannot be read, with the reason why."""

    def __init__(self, msgid: str, **params) -> None:
        super().__init__(msgid % params if params else msgid)
        self.reason = Reason(msgid, params)


ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "R": 2018, "H": 1988, "S": 1925}
_ERA_DATE = re.compile(
    r"^(令和|平成|昭和|大正|R|H|S)\s*(元|\d{1,2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$"
)
_WESTERN_DATE = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$")
TRUE_WORDS = {"○", "〇", "◯", "✓", "✔", "はい", "可", "有", "あり", "可能", "yes", "y", "true", "1"}
FALSE_WORDS = {"×", "✕", "✖", "x", "いいえ", "不可", "無", "なし", "不可能", "no", "n", "false"}
FALSE_WORDS |= {"0", "-", "ー", "―"}
LANGUAGES = {
    "日本語": "ja",
    "英語": "en",
    "中国語": "zh",
    "韓国語": "ko",
    "朝鮮語": "ko",
    "ベトナム語": "vi",
    "ネパール語": "ne",
    "タガログ語": "tl",
    "フィリピン語": "tl",
    "スペイン語": "es",
    "ポルトガル語": "pt",
    "フランス語": "fr",
    "ドイツ語": "de",
    "タイ語": "th",
    "インドネシア語": "id",
    "ミャンマー語": "my",
    "ロシア語": "ru",
    "ウクライナ語": "uk",
    "手話": "jsl",
    "日本手話": "jsl",
}
CONSENT_METHODS = {
    "paper": "paper",
    "紙": "paper",
    "書面": "paper",
    "用紙": "paper",
    "web": "web",
    "ウェブ": "web",
    "オンライン": "web",
    "online": "web",
    "desk": "desk",
    "窓口": "desk",
    "口頭": "desk",
}
_PLAIN_EMAIL = re.compile(
    r"^([A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})$"
)
_LIST_SPLIT = re.compile(r"[;；、,，\n]")
_SPLIT = re.compile(r"[;、,・/／\n]|\s+")


def text(value) -> str:
    """A cell as text, NFKC-normalised, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value) -> date | None:
    """2024-04-01, 2024/4/1, 2024年4月1日, 令和6年4月1日, R6.4.1, 平成31年4月30日, a date cell."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    era = _ERA_DATE.match(raw.upper() if raw[0] in "rhsRHS" else raw)
    try:
        if era:
            year = 1 if era[2] == "元" else int(era[2])
            return date(ERAS[era[1]] + year, int(era[3]), int(era[4]))
        western = _WESTERN_DATE.match(raw)
        if western:
            return date(int(western[1]), int(western[2]), int(western[3]))
    except ValueError:
        pass
    raise CellProblem(
        N_("“%(value)s” is not a date (write 2024/4/1, 令和6年4月1日 or R6.4.1)."), value=raw
    )


def consent_moment(value) -> datetime | None:
    """A consent date or timestamp as an aware datetime (a bare date counts as noon UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = parse_date(value)
    return datetime.combine(day, time(12), tzinfo=UTC) if day else None


def parse_flag(value) -> bool | None:
    """○/×, 可/不可, はい/いいえ, yes/no, true/false; empty is None."""
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if not raw:
        return None
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellProblem(N_("“%(value)s” is not one of ○/×, 可/不可, はい/いいえ."), value=raw)


def parse_availability(value) -> list[str]:
    """Slot codes, or Japanese words such as 平日午前・土日午後 mapped to slot codes."""
    raw = text(value)
    if not raw:
        return []
    codes = [part for part in re.split(r"[;,\s]+", raw) if part]
    if codes and all(code in SLOTS for code in codes):
        return codes
    found = extract_slots(raw)
    if not found:
        raise CellProblem(N_("No days or times of day found in “%(value)s”."), value=raw)
    return [slot for slot in SLOTS if slot in found]


def parse_languages(value) -> list[str] | None:
    """日本語・英語 or ja;en as ISO 639-1 codes (jsl for Japanese Sign Language)."""
    raw = text(value)
    if not raw:
        return None
    codes: list[str] = []
    for part in filter(None, _SPLIT.split(raw)):
        code = LANGUAGES.get(part)
        if code is None and re.fullmatch(r"[a-zA-Z]{2,3}", part):
            code = part.lower()
        if code is None:
            raise CellProblem(
                N_("Unknown language “%(value)s” (write 日本語・英語 or ja;en)."), value=part
            )
        if code not in codes:
            codes.append(code)
    return codes


def parse_list(value) -> list[str]:
    """A list typed in one cell, separated by ; 、 , ・ / or line breaks."""
    # Kept as typed (ｴｸｾﾙ stays ｴｸｾﾙ): the taxonomy resolves the written forms.
    raw = "" if value is None else str(value)
    return [part.strip() for part in _LIST_SPLIT.split(raw) if part.strip()]


def parse_email(value) -> str | None:
    """An email address; full-width characters are normalised (ｈａｎａｋｏ＠… → hanako@…)."""
    raw = text(value)
    if not raw:
        return None
    plain = _PLAIN_EMAIL.match(raw) if len(raw) <= 254 else None
    if plain:  # the common case, without the cost of the full check
        return f"{plain[1]}@{plain[2].lower()}"
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError:
        raise CellProblem(N_("“%(value)s” is not a valid email address."), value=raw) from None


def parse_consent_method(value) -> str | None:
    """paper / web / desk, or 紙・書面 / ウェブ・オンライン / 窓口."""
    raw = text(value).lower()
    if not raw:
        return None
    method = CONSENT_METHODS.get(raw)
    if method is None:
        raise CellProblem(N_("Unknown consent method “%(value)s” (paper, web or desk)."), value=raw)
    return method
