"""Shared fixtures for the pure ranking library: taxonomy, resolver, gazetteer, dev file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchhub.ranking.areas import Area, Gazetteer
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.taxonomy import Taxonomy, load_default_taxonomy

DEV_FILE = Path(__file__).resolve().parents[1] / "data" / "itabashi.jsonl"

ITABASHI_AREAS = (
    Area("itabashi", "板橋区", "いたばしく", None, 35.7512, 139.7093, ("東京都板橋区",)),
    Area(
        "itabashi/itabashi",
        "板橋",
        "いたばし",
        "itabashi",
        35.7465,
        139.7145,
        ("板橋地区", "板橋地域センター", "加賀", "板橋駅"),
    ),
    Area(
        "itabashi/takashimadaira",
        "高島平",
        "たかしまだいら",
        "itabashi",
        35.789,
        139.661,
        ("高島平地区", "高島平地域センター", "高島平駅", "西高島平駅"),
    ),
    Area(
        "itabashi/hasune",
        "蓮根",
        "はすね",
        "itabashi",
        35.784,
        139.679,
        ("蓮根地区", "蓮根地域センター", "坂下", "蓮根駅"),
    ),
    Area(
        "itabashi/shimurasakaue",
        "志村坂上",
        "しむらさかうえ",
        "itabashi",
        35.776,
        139.695,
        ("志村坂上地区", "小豆沢", "志村", "東坂下", "志村坂上駅"),
    ),
    Area(
        "itabashi/funado",
        "舟渡",
        "ふなど",
        "itabashi",
        35.796,
        139.682,
        ("舟渡地区", "新河岸", "浮間舟渡駅"),
    ),
    Area(
        "itabashi/tokiwadai",
        "常盤台",
        "ときわだい",
        "itabashi",
        35.759,
        139.688,
        ("常盤台地区", "南常盤台", "上板橋", "ときわ台駅"),
    ),
    Area(
        "nerima/kotake",
        "小竹",
        "こたけ",
        "nerima",
        35.742,
        139.679,
        ("小竹町", "江古田駅"),
    ),
    Area("nerima", "練馬区", "ねりまく", None, 35.7356, 139.6517, ("東京都練馬区",)),
)


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_default_taxonomy()


@pytest.fixture(scope="session")
def resolver(taxonomy: Taxonomy) -> Resolver:
    return Resolver(taxonomy)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(ITABASHI_AREAS)


@pytest.fixture(scope="session")
def dev_records() -> list[dict]:
    if not DEV_FILE.exists():
        pytest.skip("the development registry tests/data/itabashi.jsonl is missing")
    with DEV_FILE.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
