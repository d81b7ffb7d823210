"""Normalisation of Japanese free text typed into skill, theme and area fields."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sudachipy import Tokenizer

_HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))
_KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30F7))
_TO_KATAKANA = str.maketrans(_HIRAGANA, _KATAKANA)
_SPACES = re.compile(r"\s+")
# Characters people use to list several items in one field.
_LIST_SEPARATORS = re.compile(r"[、,，/／;；・\n|｜]|および|及び|または|又は")
_BRACKETED = re.compile(r"[(（【\[「『<＜〈《〔][^)）】\]」』>＞〉》〕]*[)）】\]」』>＞〉》〕]")
_LEADING_MARKS = re.compile(r"^[#＃♪☆★●◎○◆■□※・\-\s:：]+")
_TRAILING_MARKS = re.compile(r"[!！?？。.\s:：~〜]+$")
_NUMBERED = re.compile(r"\d+\s*(級|段|点|年|歳|か月|ヶ月)")
_PUNCTUATION = re.compile(r"[\s・\-_.'\"]+")

# Suffixes stripped one at a time, most specific first; each stripped form is
# tried against the taxonomy, so stripping too much never hides an exact alias.
_SUFFIXES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"(の|を)?(持って(い)?ます|取得済み?|取得しています|取得|保有|所持)$",
        r"(資格|免許)?(あり|有り|有)$",
        r"(の)?(有資格者|資格者)$",
        r"(の)?(経験者歓迎|経験者優遇|経験者|経験あり|経験有|経験)$",
        r"(歓迎|必須|優遇|尚可|希望)$",
        r"(初級|中級|上級|初心者|入門|ビジネス|ネイティブ)(レベル)?(可)?$",
        r"(レベル|程度|くらい|位|歴)$",
        r"(趣味|得意|自信あり|自信有|自信)$",
        r"(少し|ひと通り|一通り)?(使えます|できます|出来ます|できる方|ができる方|ok|可能|可)$",
        r"(が)?(できる|出来る)$",
        r"(業務で使用|仕事で使用|実務|現役|受講済み?|受講者|受講|修了者?|登録済み?)$",
        r"(の|な)?方$",
        r"(の)?(お手伝い|手伝い)$",
        r"(に|へ)?(関心|興味)(が)?(あり|あります|有)?$",
        r"(関係|全般|など|等|系|関連|について|全般的)$",
        r"(活動|ボランティア)$",
        r"(資格|免許状)$",
    )
)
_PREFIXES = re.compile(r"^(元|現役の?|正|プロの|本業の?)")

_tokenizer: Tokenizer | None = None


def nfkc(text: str) -> str:
    """Apply NFKC and collapse whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def to_katakana(text: str) -> str:
    """Fold hiragana into katakana."""
    return text.translate(_TO_KATAKANA)


def fold(text: str) -> str:
    """Fold width, case and kana so that variants of one word compare equal."""
    return to_katakana(nfkc(text).casefold())


def compact(text: str) -> str:
    """Fold and drop spaces and light punctuation, giving a lookup key."""
    return _PUNCTUATION.sub("", fold(text))


def split_terms(text: str) -> list[str]:
    """Split one field holding several items (「調理、運転免許・英語」) into items."""
    parts = (p.strip() for p in _LIST_SEPARATORS.split(nfkc(text)))
    return [p for p in parts if p]


def strip_brackets(text: str) -> str:
    """Remove bracketed asides such as （実務5年） or 【急募】, keeping bare contents."""
    stripped = _BRACKETED.sub("", text).strip()
    if stripped:
        return stripped
    return re.sub(r"[(（【\[「『<＜〈《〔)）】\]」』>＞〉》〕]", "", text).strip()


@lru_cache(maxsize=65536)
def decoration_variants(text: str) -> tuple[str, ...]:
    """Return the text, then ever more stripped forms of it (資格あり, 1級, ＃ …)."""
    base = _TRAILING_MARKS.sub("", _LEADING_MARKS.sub("", strip_brackets(nfkc(text))))
    base = _NUMBERED.sub("", base).strip()
    variants = [nfkc(text), base]
    current = base.casefold()
    changed = True
    while changed:
        changed = False
        for pattern in _SUFFIXES:
            shorter = pattern.sub("", current).strip()
            if shorter != current and len(shorter) >= 2:
                current = shorter
                variants.append(current)
                changed = True
    unprefixed = _PREFIXES.sub("", current)
    if unprefixed != current and len(unprefixed) >= 2:
        variants.append(unprefixed)
    seen: dict[str, None] = {}
    for variant in variants:
        if variant:
            seen.setdefault(variant, None)
    return tuple(seen)


_tokenizer_lock = threading.Lock()


def _get_tokenizer() -> Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        from sudachipy import Dictionary, SplitMode

        _tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    return _tokenizer


@lru_cache(maxsize=131072)
def _morphemes(text: str) -> tuple[tuple[str, str], ...]:
    # A Sudachi tokenizer refuses concurrent use; web servers rank from several threads.
    with _tokenizer_lock:
        morphemes = _get_tokenizer().tokenize(text)
        return tuple((m.normalized_form(), m.reading_form()) for m in morphemes)


@lru_cache(maxsize=131072)
def canonical(text: str) -> str:
    """Sudachi normalised form, folded: 子ども/こども/子供 and ウエブ/Web agree."""
    return compact("".join(norm for norm, _ in _morphemes(nfkc(text))))


@lru_cache(maxsize=131072)
def canonical_prose(text: str) -> str:
    """Sudachi normalised form of running text, folded but keeping spaces."""
    return fold("".join(norm for norm, _ in _morphemes(nfkc(text))))


@lru_cache(maxsize=131072)
def reading(text: str) -> str:
    """Sudachi reading in katakana; only ever compared for equality (エクセル == Excel)."""
    return compact("".join(read for _, read in _morphemes(nfkc(text))))


# Parts of speech that carry meaning; particles, auxiliaries and symbols do not.
_CONTENT_POS = frozenset(("名詞", "動詞", "形容詞", "形状詞", "接尾辞", "接頭辞", "副詞"))


@lru_cache(maxsize=131072)
def short_units(text: str) -> tuple[str, ...]:
    """Split-mode-A content morphemes, normalised: 宅地建物取引士 → 宅地 建物 取り引き 士."""
    from sudachipy import SplitMode

    with _tokenizer_lock:
        morphemes = _get_tokenizer().tokenize(nfkc(text), SplitMode.A)
        units = [
            fold(m.normalized_form()) for m in morphemes if m.part_of_speech()[0] in _CONTENT_POS
        ]
    return tuple(u for u in units if u and not u.isdigit())
