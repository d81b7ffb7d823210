"""Themes, skills and availability mentioned in prose (bios, descriptions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from matchhub.ranking.normalize import canonical_prose, fold, nfkc
from matchhub.ranking.scan import AliasScanner
from matchhub.ranking.slots import extract_slots


class Resolver(Protocol):
    """What reading prose needs of a resolver (resolve.Resolver is one); a protocol, so
    this module does not import the resolver that imports it."""

    clause_cache: dict[str, tuple[str, ...]]
    prose_scanner: AliasScanner


TermKind = Literal["theme", "skill", "slot"]
# Aliases fine as a whole field value but too common in running text to mean a theme or skill.
PROSE_STOPWORDS: frozenset[str] = frozenset(
    (
        "見守り ボランティア 健康 公園 歴史 運転 企画 編集 分析 調査 研究 統計 設計 建築 "
        "経営 財務 お茶 子育て 踊り 写真 撮影 広報 営業 販売 接客 修理 集計 片付け 掃除 "
        "体操 大工 法律 登記 監査 労務 宣伝 広告 講師 司会 教員 保育 ガイド コーチ "
        "パソコン スマホ 情報発信 資料作成 文章 デザイン プレゼン 会議 イベント運営 "
        "居場所 パトロール 見回り 清掃 防犯 音楽 美術 合唱 宿題 祭り お祭り 文化財 環境 "
        "農業 福祉 医療 町会 自治会 町内会 起業 話し相手 子ども こども 介護 介助 子守り "
        "コーディネート コーディネーター zoom mos 電話対応 "
    ).split()
)
CLAUSE_CACHE_SIZE = 200_000

_SENTENCES = re.compile(r"[。!！?？\n]")
_CLAUSES = re.compile(r"[、,]|が、|けど|ですが")
_NEGATION = re.compile(
    r"苦手|不得意|得意では|得意じゃ|できません|できない|出来ません|無理|難しい|"
    r"(経験|自信|興味|関心|資格)(は|が)?(ありません|ない|無い|なし)|わかりません|分かりません|"
    r"嫌い|きらい|したくない|やりたくない|向いていない|向いてない|やめました|辞めました|"
    r"引退しました|ご遠慮|遠慮します|(使え|話せ|書け|読め|弾け|教えられ)(ません|ない)|"
    r"持って(い)?ません|持っていない|ではありません|じゃありません|ではない|じゃない"
)
# 「以前は〜でしたが今は…」: what came before the turn is no longer true.
_NO_LONGER = re.compile(r"(?:ましたが|でしたが|ていたが|てたが|だったが)、?(?=今|現在|最近|いまは)")
# 「資格は不問」「経験不要」: what follows is explicitly not asked for.
_NOT_REQUIRED = re.compile(
    r"不問|不要|なくても(可|大丈夫|構いません|かまいません|ok)|問いません|必要ありません"
)
# Lines naming the venue, organizer or contact: names there are not topics.
_NAME_LINE = re.compile(
    r"^\s*[【\[(（■●◆・]?\s*(会場|場所|集合場所|集合|住所|所在地|アクセス|主催|共催|後援|"
    r"問い?合わ?せ先?|お問い?合わ?せ|連絡先|担当|申込先|申し込み先|申込み先)"
)
# Ward sections (防災課, 子育て支援係) are names, not themes.
_SECTION = re.compile(r"[^\s、。,]{1,10}?(課|係)(?![a-zA-Z0-9ぁ-ん])")
# Clause words that turn a mention into a request (「会計の経験がある方」「歓迎スキル：」).
_REQUEST = re.compile(r"方|スキル|資格|経験|歓迎|必要|求め|得意|できる|優遇|必須|募集")


@dataclass(frozen=True)
class Term:
    """A theme, skill or slot found in prose; requested when the clause asks for it."""

    kind: TermKind
    key: str
    requested: bool = False


def _clause_keys(resolver: Resolver, clause: str) -> tuple[str, ...]:
    cache = resolver.clause_cache
    if clause not in cache:
        if len(cache) > CLAUSE_CACHE_SIZE:
            cache.clear()
        keys: dict[str, None] = {}
        if not _NEGATION.search(clause):
            # Longest match wins, so 防災士 (a skill) hides 防災 (a theme).
            for form in (fold(clause), canonical_prose(clause)):
                for _, _, owners in resolver.prose_scanner.scan(form):
                    keys.update(dict.fromkeys(owners))
        cache[clause] = tuple(keys)
    return cache[clause]


def extract_terms(resolver: Resolver, text: str | None) -> list[Term]:
    """Scan prose for theme and skill aliases and availability phrases."""
    if not text:
        return []
    found: dict[str, Term] = {}
    for sentence in _SENTENCES.split(nfkc(text)):
        turns = list(_NO_LONGER.finditer(sentence))
        if turns:
            sentence = sentence[turns[-1].end() :]
        if _NAME_LINE.search(sentence):
            continue
        for clause in _CLAUSES.split(_SECTION.sub("　", sentence)):
            if not clause.strip():
                continue
            keys = _clause_keys(resolver, clause)
            if _NOT_REQUIRED.search(clause):
                keys = tuple(k for k in keys if not k.startswith("skill:"))
            if not keys:
                continue
            requested = bool(_REQUEST.search(clause))
            for tagged in keys:
                previous = found.get(tagged)
                if previous is None or (requested and not previous.requested):
                    kind, key = tagged.split(":", 1)
                    found[tagged] = Term(kind, key, requested)  # type: ignore[arg-type]
    terms = list(found.values())
    terms.extend(Term("slot", slot) for slot in sorted(extract_slots(text)))
    return terms
