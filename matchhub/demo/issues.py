"""Turn the hand-written issue specs into records, wording the logistics differently each time."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from matchhub.demo.issue_specs import ISSUE_SPECS, IssueSpec

FIRST_START = date(2026, 12, 1)
LAST_END = date(2027, 6, 30)
WEEKDAYS = "月火水木金土日"

SLOT_WORDS: dict[str, tuple[str, ...]] = {
    "weekday_morning": ("平日の午前中", "平日の朝から昼まで", "平日の10時ごろから"),
    "weekday_afternoon": ("平日の午後", "平日の昼過ぎ", "平日の13時以降"),
    "weekday_evening": ("平日の夜", "平日の18時以降", "仕事帰りの夜"),
    "weekend_morning": ("土日の午前中", "週末の午前", "土曜か日曜の朝"),
    "weekend_afternoon": ("土日の午後", "週末の午後", "土曜や日曜の昼過ぎ"),
    "weekend_evening": ("土日の夕方以降", "週末の夜"),
}
# "person" banks word issues that want people's time; "org" banks those that want
# things or partners, which read oddly with 「一緒に楽しみましょう」.
WHEN_GIVEN: dict[str, tuple[str, ...]] = {
    "person": (
        "{w}に活動しています。",
        "日時は{w}です。",
        "{w}を予定しています。",
        "活動は{w}です。",
    ),
    "org": ("使う予定なのは{w}です。", "必要なのは{w}です。", "日時は{w}です。"),
}
WHEN_SLOTS: dict[str, tuple[str, ...]] = {
    "person": (
        "{w}に活動します。",
        "{w}に動ける方を探しています。",
        "主に{w}の活動です。",
        "時間帯は{w}が中心です。",
    ),
    "org": ("主に{w}を想定しています。", "時間帯は{w}が中心です。", "{w}の実施を考えています。"),
}
WHEN_NONE = (
    "時期や受け渡しの日時はご相談ください。",
    "日時は柔軟に合わせます。",
    "スケジュールはそちらのご都合に合わせます。",
)
WHERE_ONLINE = (
    "オンライン（Zoom）で行います。",
    "ご自宅からオンラインで参加できます。",
    "やりとりは基本的にオンラインで、打ち合わせは月1回ほどです。",
    "作業はリモートでOKです。",
)
WHERE_PLACE = ("場所は{p}です。", "{p}に集合です。", "{p}で行います。", "会場は{p}になります。")
WHERE_AREA: dict[str, tuple[str, ...]] = {
    "person": (
        "{p}周辺での活動です。",
        "場所は{p}です。",
        "{p}の近くにお住まいの方だと助かります。",
    ),
    "org": ("場所は{p}です。", "{p}での活動です。", "{p}周辺の団体・企業だと助かります。"),
}
PEOPLE_ONE = ("1名募集します。", "お一人お願いできれば十分です。", "募集は1名です。")
PEOPLE_MANY = (
    "{n}名ほど募集します。",
    "あと{n}人くらい仲間がいると助かります！",
    "募集人数は{n}名程度です。",
    "{n}名くらい来ていただけるとうれしいです。",
)
PEOPLE_CROWD = ("何人でも歓迎です（目安{n}名）。", "{n}名ほど、多いほど助かります。")
PEOPLE_RESOURCE = (
    "1件でもご提供いただけると助かります。",
    "1団体・お一人からでも助かります。",
    "お心当たりのある方はご連絡ください。",
)
PEOPLE_PARTNER = (
    "{n}団体ほどと連携できればと考えています。",
    "{n}団体程度を想定しています。",
    "最大{n}団体まで受け付けます。",
)
EXTRAS: dict[str, tuple[str, ...]] = {
    "volunteer": (
        "初めての方も大歓迎です。",
        "ボランティア保険は当会で加入します。",
        "交通費は出ませんが、お茶とお菓子を用意しています（笑）",
        "見学だけでも大丈夫です。",
        "途中参加・途中退出OKです。",
    ),
    "probono": (
        "進め方はご相談しながら決めます。",
        "少額ですが謝礼をお支払いします。",
        "経験年数は問いません。",
        "週に2〜3時間程度の作業を想定しています。",
    ),
    "resource": (
        "細かな条件はご相談ください。",
        "お礼に活動報告をお送りします。",
        "引き取りに伺うこともできます。",
    ),
    "partnership": (
        "まずは一度お話ししましょう。",
        "規模の大小は問いません。",
        "詳しくはオンラインでご説明します。",
    ),
}
CLOSINGS: dict[str, tuple[str, ...]] = {
    "person": (
        "ご連絡お待ちしています。",
        "お気軽にお問い合わせください。",
        "どうぞよろしくお願いいたします🙇",
        "一緒に楽しみましょう！",
        "興味のある方はぜひ！",
        "ご協力をお願いします。",
    ),
    "org": (
        "ご連絡お待ちしています。",
        "お気軽にお問い合わせください。",
        "どうぞよろしくお願いいたします🙇",
        "ご協力をお願いします。",
        "まずはお気軽にご相談ください。",
    ),
}
OPENERS = ("{org}です。", "こんにちは、{org}です。", "{org}からのお願いです。")
LEGAL_FORMS = re.compile(
    r"^(認定NPO法人|NPO法人|一般社団法人|公益社団法人|社会福祉法人|"
    r"株式会社|有限会社)\s*"
)


def _date(rng: random.Random, day: date) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{day.year}年{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"
    if style == 1:
        return f"{day.month}月{day.day}日"
    return f"{day.year}/{day.month}/{day.day}"


def _dates(rng: random.Random, spec: IssueSpec) -> tuple[date, date | None]:
    start = (
        date.fromisoformat(spec.starts_on)
        if spec.starts_on
        else FIRST_START + timedelta(days=rng.randint(0, 130))
    )
    if start.month == 1 and start.day <= 3:  # nobody starts on 正月
        start += timedelta(days=4)
    if spec.ends_on is None:
        return start, None
    if spec.ends_on:
        return start, date.fromisoformat(spec.ends_on)
    if rng.random() < 0.2:
        return start, None
    end = start + timedelta(days=rng.choice((30, 45, 60, 90, 120, 150, 180)))
    return start, min(end, LAST_END)


def _audience(spec: IssueSpec) -> str:
    return "org" if spec.kind in ("resource", "partnership") else "person"


def _when(rng: random.Random, spec: IssueSpec) -> tuple[str, str]:
    """The schedule as a short phrase and as a sentence."""
    if spec.when:
        return spec.when, rng.choice(WHEN_GIVEN[_audience(spec)]).format(w=spec.when)
    if spec.slots:
        words = [rng.choice(SLOT_WORDS[slot]) for slot in spec.slots]
        phrase = rng.choice(("か", "・", "、または")).join(words)
        return phrase, rng.choice(WHEN_SLOTS[_audience(spec)]).format(w=phrase)
    sentence = rng.choice(WHEN_NONE)
    return "相談して決めます", sentence


def _where(rng: random.Random, spec: IssueSpec) -> tuple[str, str]:
    if spec.online:
        return "オンライン", rng.choice(WHERE_ONLINE)
    if spec.where:
        return spec.where, rng.choice(WHERE_PLACE).format(p=spec.where)
    return spec.area, rng.choice(WHERE_AREA[_audience(spec)]).format(p=spec.area)


def _people(rng: random.Random, spec: IssueSpec) -> str:
    if spec.kind == "resource":
        return rng.choice(PEOPLE_RESOURCE)
    if spec.kind == "partnership":
        return rng.choice(PEOPLE_PARTNER).format(n=spec.people)
    if spec.people == 1:
        return rng.choice(PEOPLE_ONE)
    bank = PEOPLE_CROWD + PEOPLE_MANY if spec.people >= 15 else PEOPLE_MANY
    return rng.choice(bank).format(n=spec.people)


def _period(rng: random.Random, kind: str, start: date, end: date | None) -> str:
    first = _date(rng, start)
    if kind == "resource":
        if end is None:
            return f"{first}から募集しています。"
        last = _date(rng, end)
        return rng.choice((f"募集期間は{first}から{last}までです。", f"{last}まで募集しています。"))
    if end is None:
        return rng.choice(
            (
                f"{first}から始めます。終わりの時期は決めていません。",
                f"{first}スタート、長く続けられる方を歓迎します。",
            )
        )
    if end == start:
        return rng.choice((f"{first}の1日だけの活動です。", f"日程は{first}です。"))
    last = _date(rng, end)
    return rng.choice((f"期間は{first}から{last}までです。", f"{first}〜{last}の予定です。"))


def describe(
    rng: random.Random, spec: IssueSpec, org_name: str, start: date, end: date | None
) -> str:
    """A description that carries when, where and how many in prose, laid out one of three ways."""
    when_phrase, when = _when(rng, spec)
    where_phrase, where = _where(rng, spec)
    people, period = _people(rng, spec), _period(rng, spec.kind, start, end)
    opener = ""
    if rng.random() < 0.35:
        opener = rng.choice(OPENERS).format(org=LEGAL_FORMS.sub("", org_name))
    extra = rng.choice(EXTRAS[spec.kind]) if rng.random() < 0.6 else ""
    closing = rng.choice(CLOSINGS[_audience(spec)]) if rng.random() < 0.7 else ""
    logistics = [when, where, people, period]
    rng.shuffle(logistics)
    layout = rng.randrange(3)
    if layout == 0:
        return "".join([opener, spec.body, *logistics, extra, closing])
    if layout == 1:
        head = "\n".join(part for part in (opener, spec.body) if part)
        tail = "".join([*logistics, extra])
        return "\n\n".join(part for part in (head, tail, closing) if part)
    mark = rng.choice(("■{k}：{v}", "・{k}：{v}", "【{k}】{v}"))
    bullets = [mark.format(k="日時", v=when_phrase), mark.format(k="場所", v=where_phrase)]
    head = "".join([opener, spec.body])
    tail = "".join([people, period, extra, closing])
    return "\n\n".join([head, "\n".join(bullets), tail])


def issue_records(rng: random.Random, org_names: dict[str, str]) -> list[dict[str, object]]:
    """Every demo issue as an exchange-format record."""
    records: list[dict[str, object]] = []
    for number, spec in enumerate(ISSUE_SPECS, start=1):
        start, end = _dates(rng, spec)
        records.append(
            {
                "type": "issue",
                "key": f"demo-i-{number:02d}",
                "org": spec.org,
                "title": spec.title,
                "description": describe(rng, spec, org_names[spec.org], start, end),
                "kind": spec.kind,
                "themes": list(spec.themes),
                "skills": list(spec.skills),
                "area": spec.area,
                "online": spec.online,
                "availability": list(spec.slots),
                "people_needed": spec.people,
                "starts_on": start.isoformat(),
                "ends_on": end.isoformat() if end else None,
            }
        )
    return records
