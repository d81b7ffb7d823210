"""Which exchange field each column of a registry holds, from its header (番号, 氏名, …)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from matchhub.exchange.exporting import CSV_COLUMNS
from matchhub.exchange.records import REQUIRED as EXCHANGE_REQUIRED

# Japanese headers a volunteer centre's registry uses, by exchange field (helpers).
HELPER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "key": ("番号", "ID", "登録番号", "No", "No.", "管理番号"),
    "display_name": ("氏名", "名前", "お名前", "ボランティア名"),
    "email": ("メールアドレス", "メール", "Eメール", "E-mail", "電子メール"),
    "area": ("住所", "地域", "お住まいの地域", "地区", "活動地域"),
    "themes": ("関心のある分野", "関心分野", "興味のある活動", "関心のあるテーマ", "テーマ"),
    "skills": ("特技・資格", "資格", "スキル", "できること", "特技", "資格・特技"),
    "availability": ("活動可能な時間帯", "活動できる曜日・時間", "活動可能日時", "活動できる時間"),
    "online_ok": ("オンライン参加", "オンライン可", "オンライン"),
    "languages": ("言語", "話せる言語", "対応言語"),
    "bio": ("自己紹介", "備考", "メモ"),
    "consent_date": ("同意日", "同意", "同意年月日", "個人情報同意日"),
    "consent_method": ("同意方法", "同意の方法"),
    "active": ("有効", "活動中"),
}
HELPER_FIELDS = tuple(HELPER_SYNONYMS)
REQUIRED = {"helper": ("key", "display_name")}
# Columns our own export writes for reading back by people, not by the importer.
DERIVED = {"area_key"}
EXTRA_FIELDS = {
    "organization": ("verified", "verified_at"),
    "helper": ("consent_date", "consent_method", "active"),
}


def normalise_header(header) -> str:
    """NFKC, no spaces, no 「（必須）」 or ★ decorations, lower-case."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip()
    text = re.sub(r"[(（\[【].*?[)）\]】]|[*※★☆]", "", text)
    return re.sub(r"\s+", "", text).lower()


def fields_for(kind: str) -> tuple[str, ...]:
    """Fields a column of this record type can hold."""
    base = HELPER_FIELDS if kind == "helper" else tuple(CSV_COLUMNS[kind])
    extra = EXTRA_FIELDS.get(kind, ())
    return tuple(dict.fromkeys((*base, *extra)))


def _lookup(kind: str) -> dict[str, str]:
    table = {normalise_header(name): name for name in fields_for(kind)}
    table.update({normalise_header(name): name for name in DERIVED})
    if kind == "helper":
        for name, words in HELPER_SYNONYMS.items():
            table.update({normalise_header(word): name for word in words})
    table[normalise_header("type")] = "type"
    return table


def field_for(kind: str, header) -> str | None:
    """The exchange field a header names, or None."""
    return _lookup(kind).get(normalise_header(header))


def recognised(kind: str, row: list) -> int:
    """How many cells of a row are headers of this record type (to find the header row)."""
    table = _lookup(kind)
    return sum(1 for cell in row if cell not in (None, "") and normalise_header(cell) in table)


@dataclass(frozen=True)
class Mapping:
    """Column index → field; columns nobody recognised; required fields no column holds."""

    fields: dict[int, str]
    unknown: tuple[str, ...]
    missing: tuple[str, ...]


def suggest(kind: str, headers: list[str], chosen: dict[str, str] | None = None) -> Mapping:
    """Map headers to fields; `chosen` (header → field, "" to ignore) overrides the guess."""
    chosen = chosen or {}
    table = _lookup(kind)
    fields: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in chosen:
            if chosen[header]:
                fields[index] = chosen[header]
            continue
        field = table.get(normalise_header(header))
        if field is None:
            unknown.append(header)
        elif field in fields.values():
            unknown.append(header)  # a second column for the same field: the user chooses
        elif field not in DERIVED:
            fields[index] = field
    required = REQUIRED.get(kind) or EXCHANGE_REQUIRED[kind]
    missing = tuple(f for f in required if f not in fields.values())
    return Mapping(fields, tuple(unknown), missing)
