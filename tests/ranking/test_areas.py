"""Areas arrive as names, kana, addresses, facility and station names."""

from __future__ import annotations

import pytest

from matchhub.ranking.areas import Gazetteer


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("高島平", "itabashi/takashimadaira"),
        ("たかしまだいら", "itabashi/takashimadaira"),
        ("東京都板橋区高島平7-21-12", "itabashi/takashimadaira"),
        ("板橋区高島平６-９-２４", "itabashi/takashimadaira"),
        ("高島平地域センター管内", "itabashi/takashimadaira"),
        ("高島平団地", "itabashi/takashimadaira"),
        ("板橋区立高島平いこいの家", "itabashi/takashimadaira"),
        ("蓮根二丁目3-4", "itabashi/hasune"),
        ("坂下2-14-20", "itabashi/hasune"),
        ("板橋区東坂下1-4-2", "itabashi/shimurasakaue"),
        ("新河岸一丁目26-24", "itabashi/funado"),
        ("ふなど", "itabashi/funado"),
        ("板橋区板橋二丁目66番1号", "itabashi/itabashi"),
        ("板橋区上板橋二丁目7-21", "itabashi/tokiwadai"),
        ("オンライン／常盤台", "itabashi/tokiwadai"),
        ("江古田駅から徒歩11分", "nerima/kotake"),
        ("板橋区内", "itabashi"),
    ],
)
def test_typed_place_resolves_to_most_specific_area(
    gazetteer: Gazetteer, typed: str, key: str
) -> None:
    assert gazetteer.resolve(typed) == key


@pytest.mark.parametrize("typed", ["オンライン", "区内ならどこでも", "", "どこでも"])
def test_unknown_or_online_place_is_not_guessed(gazetteer: Gazetteer, typed: str) -> None:
    assert gazetteer.resolve(typed) is None


def test_distance_between_neighbouring_areas_is_a_few_km(gazetteer: Gazetteer) -> None:
    distance = gazetteer.distance_km("itabashi/takashimadaira", "itabashi/hasune")
    assert distance is not None and 1.0 < distance < 2.5


def test_distance_to_itself_is_zero(gazetteer: Gazetteer) -> None:
    assert gazetteer.distance_km("itabashi/hasune", "itabashi/hasune") == 0.0


def test_one_kanji_town_name_resolves_but_not_inside_a_longer_name() -> None:
    from matchhub.ranking.areas import Area

    towns = Gazetteer([Area("nagoya", "名古屋市"), Area("nagoya/nishiki", "錦", parent="nagoya")])
    assert towns.resolve("名古屋市中区錦3丁目") == "nagoya/nishiki"
    assert towns.resolve("錦") == "nagoya/nishiki"
    assert towns.resolve("錦糸町駅の近く") is None
