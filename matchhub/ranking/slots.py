"""Availability slots, and reading them from prose without ever claiming what was not said.

A person's prose adds a slot only when a clause clearly says they can take part then
(「土日なら参加できます」); being busy, working, caring or unavailable
(「平日は仕事です」「午前中は通院しています」) says the opposite, and a past or neutral mention says
nothing. In a posting, a stated schedule counts, but contact hours, application periods,
closing days and meal times are not the activity's schedule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from matchhub.ranking.normalize import nfkc
from matchhub.ranking.schedule import DAYS, TIMES, Token, tokens

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
Polarity = Literal["free", "busy", "none"]

_SENTENCES = re.compile(r"[。!！?？\n]")
# Clause ends; 「仕事で」「通院で」 end a clause too (「平日は仕事で土日は休みです」).
_CLAUSES = re.compile(
    r"[、,]|が、|けど|けれど|でしたが|ましたが|ですが|ますが|ので|ため[、に]?|"
    r"[(（]笑[)）]|(?<=ません)(?![がけしの、。]|$)|(?<=です)(?![がけしの、。]|$)|"
    r"(?<=仕事)で(?!し|す)|(?<=勤務)で|(?<=通院)で|(?<=用事)で|(?<=世話)で|(?<=介護)で"
)
_COMPLEMENTS = (
    (re.compile(r"平日以外"), "土日"),
    (re.compile(r"(土日|週末|土日祝)以外"), "平日"),
)
_PAST = re.compile(
    r"以前は|以前、|昔は|かつて|前は|学生時代|若い頃|当時|ていました|てました|でしたが|ましたが"
)
# Negations that still grant time: 「土日しか空いていない」「曜日は問いません」.
_STILL_FREE = re.compile(
    r"しか|問わ|問いません|構いません|かまいません|差し支えありません|問題ありません|支障ありません"
)
_BUSY = re.compile(
    r"仕事(?!帰り|終わり|の後|後|が休み|の休み|休み|がお休み|のない|がない|が無い|が終わ|が早)|"
    r"勤務|働いて|出勤|通院|世話|介護を|介護して|看病|送迎|通勤|通学|授業|学校があ|塾|"
    r"パート|バイト|家事|育児|習い事|稽古|用事|予定が(入|あ)|埋ま|塞が|ふさが|"
    r"忙し|難し|むずかし|厳し|無理|不可|ng|ダメ|だめ|×|都合が(悪|わる|つか)|"
    r"できません|出来ません|できない|出来ない|行けません|いけません|行けない|参加できず|"
    r"空いていない|空いてない|空いていません|ありません|ない(?:です|ので|ため|。|$)|除く|除き"
)
_FREE = re.compile(
    r"参加でき|参加可|参加します|参加したい|活動でき|活動可|活動して|可能|大丈夫|空いて|空き|"
    r"あいて|行けます|行ける|いけます|伺え|都合が(良|よ|いい|つ)|ok|オーケー|なら|であれば|"
    r"でしたら|対応でき|対応可|動け|出られ|出れ|時間があ|時間が取れ|時間をと|手が空|暇|ひま|"
    r"希望|のみ|だけ|限り|中心|主に|休み|オフ|手伝え|協力でき|できます|出来ます|可(?!能性)|"
    r"[〇◯○◎]"
)
# A fragment with no predicate (「土日の午前」「日時：週末の夜」) is a plain statement of times.
_PREDICATE = re.compile(r"ます|です|でした|ました|ません|ている|ていた|てる|だ$|ない$|した$|る$")
# In a posting: lines about something other than the activity's own time.
_NOT_ACTIVITY = re.compile(
    r"問い?合わ?せ|問合|お問|連絡先|電話|tel|fax|メール|受付|窓口|開庁|閉庁|営業時間|"
    r"開館|閉館|休館|開所|休所|休業|定休|(?<![夏冬春])休み|申込|申し込|申し込み|応募|締切|締め切|〆切|期限|"
    r"募集期間|説明会|面接|研修日|オリエンテーション|除く|除き"
)
_MEALS = r"昼食|夕食|朝食|お弁当|弁当|食事|ランチ|軽食|昼ごはん|昼ご飯|給食|休憩"
_MEAL_ASIDE = re.compile(rf"[(（][^)）]*(?:{_MEALS})[^)）]*[)）]")
# 「（受付は9:30から）」「（雨天中止）」: an aside about something else inside a schedule line.
_OTHER_ASIDE = re.compile(r"[(（][^)）]*(?:受付|集合|雨天|荒天|中止|延期|締切|申込)[^)）]*[)）]")


@dataclass(frozen=True)
class Statement:
    """Slots one part of the text talks about, and whether it grants or denies them."""

    slots: frozenset[str]
    polarity: Polarity


def _polarity(clause: str, posting: bool) -> Polarity | None:
    folded = clause.casefold()
    if posting:
        if _NOT_ACTIVITY.search(folded) or re.search(_MEALS, folded):
            return "none"
        if re.search(r"中止|ありません|なし|除く|除き|(?<![夏冬春])休み", folded):
            return "busy"
        return "free"
    if _PAST.search(folded):
        return "none"
    if _STILL_FREE.search(folded):
        return "free"
    if _BUSY.search(folded):
        return "busy"
    if _FREE.search(folded):
        return "free"
    return None


def _expand(days: tuple[str, ...], times: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f"{d}_{t}" for d in days for t in times)


def _group(found: list[tuple[Token, Polarity]]) -> list[Statement]:
    """Pair day groups with the times that follow them (「平日の夜か土日の午前」)."""
    statements: list[Statement] = []
    days: set[str] = set()
    times: set[str] = set()
    polarity: Polarity = "none"
    last_kind = ""

    def close() -> None:
        if days or times:
            statements.append(
                Statement(_expand(tuple(days or DAYS), tuple(times or TIMES)), polarity)
            )

    for token, token_polarity in found:
        starts_new = token.kind == "day" and last_kind == "time"
        if starts_new or (last_kind and token_polarity != polarity):
            close()
            days, times = set(), set()
        polarity = token_polarity
        (days if token.kind == "day" else times).update(token.values)
        last_kind = token.kind
    close()
    return statements


@lru_cache(maxsize=65536)
def _sentence_statements(sentence: str, posting: bool) -> tuple[Statement, ...]:
    if posting:
        # 「（昼食あり）」 is an aside; 「12時から昼食」 is a meal time, not the activity's.
        sentence = _OTHER_ASIDE.sub("", _MEAL_ASIDE.sub("", sentence))
    clauses: list[tuple[int, int, Polarity | None]] = []
    position = 0
    for match in [*_CLAUSES.finditer(sentence), None]:
        end = match.end() if match else len(sentence)
        text = sentence[position:end]
        clauses.append((position, end, _polarity(text, posting) if text.strip() else None))
        position = end
    # A clause without its own verb takes the polarity of the next one that has one:
    # 「平日の夜、週末の午後が都合がいいです」.
    resolved: list[Polarity] = []
    following: Polarity | None = None
    for _, _, polarity in reversed(clauses):
        if polarity is not None:
            following = polarity
        resolved.append(polarity or following or "none")
    resolved.reverse()
    # A list that runs on after its verb keeps it: 「参加できるのは平日の昼過ぎ、土日の午前です」.
    previous: Polarity | None = None
    for index, (_, _, polarity) in enumerate(clauses):
        if polarity is not None:
            previous = polarity
        elif resolved[index] == "none":
            resolved[index] = previous or resolved[index]
    if not posting and all(p is None for _, _, p in clauses) and not _PREDICATE.search(sentence):
        resolved = ["free"] * len(clauses)
    if posting:
        # Once a line turns to contact hours or applications, the rest of it is about that too.
        for index, polarity in enumerate(resolved):
            if polarity == "none" and _NOT_ACTIVITY.search(sentence[clauses[index][0] :]):
                resolved[index:] = ["none"] * (len(resolved) - index)
                break
    found: list[tuple[Token, Polarity]] = []
    for token in tokens(sentence):
        for (start, end, _), polarity in zip(clauses, resolved, strict=True):
            if start <= token.start < end or (token.start == end == len(sentence)):
                found.append((token, polarity))
                break
    return tuple(_group(found))


def read_statements(text: str | None, *, posting: bool = False) -> list[Statement]:
    """Every statement about days and times in the text, with its polarity."""
    if not text:
        return []
    normalised = nfkc(text)
    for pattern, replacement in _COMPLEMENTS:
        normalised = pattern.sub(replacement, normalised)
    statements: list[Statement] = []
    for sentence in _SENTENCES.split(normalised):
        if sentence.strip():
            statements.extend(_sentence_statements(sentence, posting))
    return statements


def extract_slots(text: str | None, *, posting: bool = False) -> set[str]:
    """Slots the text clearly grants; where grant and denial overlap the narrower one wins."""
    statements = read_statements(text, posting=posting)
    granted: set[str] = set()
    for slot in SLOTS:
        free = [len(s.slots) for s in statements if s.polarity == "free" and slot in s.slots]
        busy = [len(s.slots) for s in statements if s.polarity == "busy" and slot in s.slots]
        if free and (not busy or min(free) < min(busy)):
            granted.add(slot)
    return granted


__all__ = ["DAYS", "SLOTS", "SLOT_LABELS", "TIMES", "Statement", "extract_slots", "read_statements"]
