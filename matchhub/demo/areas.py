"""板橋区 and its 18 地域センター areas, plus the place names residents use for them."""

from __future__ import annotations

import random
from dataclasses import dataclass

WARD_KEY = "itabashi"


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    kana: str
    lat: float
    lon: float
    towns: tuple[tuple[str, int], ...]  # 町名 and how many 丁目 it has (0: none)
    stations: tuple[str, ...]
    landmarks: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{WARD_KEY}/{self.slug}"


# Centres are rough: the middle of each 地域センター's district, not the building.
AREAS: tuple[Area, ...] = (
    Area(
        "itabashi",
        "板橋",
        "いたばし",
        35.7488,
        139.7152,
        (("板橋", 4), ("加賀", 2), ("稲荷台", 0)),
        ("板橋駅", "新板橋駅", "下板橋駅"),
        ("帝京大学病院", "板橋駅西口"),
    ),
    Area(
        "kumano",
        "熊野",
        "くまの",
        35.7418,
        139.7018,
        (("熊野町", 0), ("中丸町", 0), ("南町", 0), ("大山金井町", 0)),
        (),
        ("熊野町の交差点",),
    ),
    Area(
        "nakajuku",
        "仲宿",
        "なかじゅく",
        35.7536,
        139.7068,
        (("仲宿", 0), ("氷川町", 0), ("本町", 0), ("大和町", 0)),
        ("板橋区役所前駅", "板橋本町駅"),
        ("板橋区役所", "仲宿商店街"),
    ),
    Area(
        "nakacho",
        "仲町",
        "なかちょう",
        35.7503,
        139.6975,
        (
            ("仲町", 0),
            ("大山町", 0),
            ("大山東町", 0),
            ("大山西町", 0),
            ("弥生町", 0),
            ("幸町", 0),
            ("栄町", 0),
            ("中板橋", 0),
        ),
        ("大山駅", "中板橋駅"),
        ("大山のハッピーロード", "グリーンホール"),
    ),
    Area("fujimi", "富士見", "ふじみ", 35.7598, 139.7022, (("富士見町", 0), ("双葉町", 0)), (), ()),
    Area(
        "oyaguchi",
        "大谷口",
        "おおやぐち",
        35.7446,
        139.6868,
        (("大谷口", 2), ("大谷口上町", 0), ("大谷口北町", 0), ("向原", 3), ("小茂根", 5)),
        ("小竹向原駅",),
        ("日大病院", "城北中央公園"),
    ),
    Area(
        "tokiwadai",
        "常盤台",
        "ときわだい",
        35.7597,
        139.6866,
        (("常盤台", 4), ("南常盤台", 2), ("上板橋", 3)),
        ("ときわ台駅", "上板橋駅"),
        ("中央図書館", "平和公園"),
    ),
    Area(
        "shimizu",
        "清水",
        "しみず",
        35.7672,
        139.7041,
        (("清水町", 0), ("蓮沼町", 0), ("大原町", 0), ("泉町", 0), ("宮本町", 0)),
        ("本蓮沼駅",),
        ("本蓮沼の商店街",),
    ),
    Area(
        "shimurasakaue",
        "志村坂上",
        "しむらさかうえ",
        35.7757,
        139.6953,
        (("志村", 3), ("小豆沢", 4), ("東坂下", 2)),
        ("志村坂上駅",),
        ("志村城山公園", "志村一里塚"),
    ),
    Area(
        "nakadai",
        "中台",
        "なかだい",
        35.7738,
        139.6842,
        (("中台", 3), ("若木", 3)),
        ("志村三丁目駅",),
        (),
    ),
    Area(
        "hasune",
        "蓮根",
        "はすね",
        35.7836,
        139.6797,
        (("蓮根", 3), ("坂下", 3), ("西台", 4)),
        ("蓮根駅", "西台駅"),
        ("蓮根駅前の商店街",),
    ),
    Area(
        "funado",
        "舟渡",
        "ふなど",
        35.7921,
        139.6879,
        (("舟渡", 4), ("新河岸", 3)),
        ("浮間舟渡駅",),
        ("荒川河川敷", "新河岸陸上競技場"),
    ),
    Area("maeno", "前野", "まえの", 35.7673, 139.6898, (("前野町", 6),), (), ("見次公園",)),
    Area(
        "sakuragawa",
        "桜川",
        "さくらがわ",
        35.7563,
        139.6762,
        (("桜川", 3), ("東新町", 2), ("東山町", 0)),
        (),
        (),
    ),
    Area(
        "shimoakatsuka",
        "下赤塚",
        "しもあかつか",
        35.7702,
        139.6463,
        (("赤塚", 8), ("赤塚新町", 3), ("大門", 0)),
        ("下赤塚駅", "地下鉄赤塚駅"),
        ("赤塚植物園", "板橋区立美術館", "東京大仏"),
    ),
    Area(
        "narimasu",
        "成増",
        "なります",
        35.7781,
        139.6336,
        (("成増", 5),),
        ("成増駅", "地下鉄成増駅"),
        ("成増アクトホール", "成増駅北口のロータリー"),
    ),
    Area(
        "tokumaru",
        "徳丸",
        "とくまる",
        35.7772,
        139.6584,
        (("徳丸", 8), ("四葉", 2)),
        ("東武練馬駅",),
        ("東武練馬のイオン",),
    ),
    Area(
        "takashimadaira",
        "高島平",
        "たかしまだいら",
        35.7884,
        139.6603,
        (("高島平", 9), ("三園", 2)),
        ("高島平駅", "西高島平駅", "新高島平駅"),
        ("高島平団地", "徳丸ヶ原公園"),
    ),
)

AREA_BY_SLUG: dict[str, Area] = {area.slug: area for area in AREAS}

KANJI_DIGITS = "〇一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def area_records() -> list[dict[str, object]]:
    """The ward and its areas as exchange-format records."""
    ward: dict[str, object] = {
        "type": "area",
        "key": WARD_KEY,
        "name": "板橋区",
        "kana": "いたばしく",
        "parent": None,
        "lat": 35.7713,
        "lon": 139.6813,
        "aliases": ["東京都板橋区", "板橋区全域", "区内全域"],
    }
    records = [ward]
    for area in AREAS:
        aliases = [f"{area.name}地区", f"{area.name}地域センター"]
        aliases += [town for town, _ in area.towns if town != area.name]
        aliases += list(area.stations)
        records.append(
            {
                "type": "area",
                "key": area.key,
                "name": area.name,
                "kana": area.kana,
                "parent": WARD_KEY,
                "lat": area.lat,
                "lon": area.lon,
                "aliases": aliases,
            }
        )
    return records


def address(rng: random.Random, area: Area, *, detailed: bool = True) -> str:
    """An address in the area, written the way people type it."""
    town, chome = rng.choice(area.towns)
    prefix = rng.choices(["板橋区", "東京都板橋区", ""], weights=[7, 2, 1])[0]
    if not chome:
        block = f"{rng.randint(1, 60)}-{rng.randint(1, 25)}"
        text = f"{prefix}{town}{block if detailed else ''}"
        return text.translate(FULL_WIDTH) if rng.random() < 0.2 else text
    n = rng.randint(1, chome)
    style = rng.randrange(4)
    if not detailed:
        return f"{prefix}{town}{KANJI_DIGITS[n] if style < 2 else n}丁目"
    a, b = rng.randint(1, 40), rng.randint(1, 30)
    if style == 0:
        text = f"{prefix}{town}{KANJI_DIGITS[n]}丁目{a}-{b}"
    elif style == 1:
        text = f"{prefix}{town}{n}丁目{a}番{b}号"
    elif style == 2:
        text = f"{prefix}{town}{n}-{a}-{b}"
    else:
        text = f"{prefix}{town}{n}丁目{a}-{b}"
    return text.translate(FULL_WIDTH) if rng.random() < 0.25 else text


def place(rng: random.Random, area: Area) -> str:
    """Where someone says they live: an area name, an address, a station or a landmark."""
    roll = rng.random()
    if roll < 0.28:
        return area.name
    if roll < 0.38:
        return rng.choice([f"{area.name}地区", f"{area.name}地域センターの近く"])
    if roll < 0.62:
        return address(rng, area, detailed=rng.random() < 0.6)
    if roll < 0.80 and area.stations:
        station = rng.choice(area.stations)
        return rng.choice(
            [
                f"{station}の近く",
                f"{station}周辺",
                f"最寄りは{station}",
                f"{station}から徒歩10分",
                station,
            ]
        )
    if roll < 0.92 and area.landmarks:
        landmark = rng.choice(area.landmarks)
        return rng.choice([f"{landmark}の近く", f"{landmark}のそば", f"{landmark}のあたり"])
    town, _ = rng.choice(area.towns)
    return rng.choice([town, f"{town}あたり", f"{town}在住"])
