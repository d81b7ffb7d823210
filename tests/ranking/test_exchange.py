"""Exchange-format records become ranking documents without the app."""

from __future__ import annotations

import json

from matchhub.ranking.exchange import load_exchange

LINES = [
    json.dumps(
        {"type": "area", "key": "w", "name": "板橋区", "parent": None, "lat": 35.75, "lon": 139.7}
    ),
    json.dumps(
        {
            "type": "area",
            "key": "w/t",
            "name": "高島平",
            "kana": "たかしまだいら",
            "parent": "w",
            "lat": 35.789,
            "lon": 139.661,
            "aliases": ["高島平地区"],
        }
    ),
    json.dumps(
        {
            "type": "helper",
            "key": "h1",
            "themes": ["防災"],
            "skills": ["ｴｸｾﾙ"],
            "area": "東京都板橋区高島平7-21-12",
            "availability": ["weekday_evening"],
            "online_ok": True,
            "languages": ["ja", "en"],
            "bio": "よろしく",
            "unknown": 1,
        }
    ),
    "{not json",
    "",
    json.dumps(
        {
            "type": "issue",
            "key": "i1",
            "org": "o1",
            "title": "清掃",
            "kind": "volunteer",
            "area": "区内各所",
            "description": "会場：高島平地区の公園です。",
        }
    ),
    json.dumps({"type": "judgment", "issue": "i1", "helper": "h1", "grade": 3}),
]


def test_loader_resolves_addresses_and_keeps_typed_text() -> None:
    exchange = load_exchange(LINES)
    helper = exchange.helpers[0]
    assert helper.area_key == "w/t"
    assert helper.skills == ("ｴｸｾﾙ",)
    assert helper.languages == frozenset({"ja", "en"})


def test_malformed_line_is_reported_and_the_rest_still_loads() -> None:
    exchange = load_exchange(LINES)
    assert exchange.skipped == (4,)
    assert [n.key for n in exchange.needs] == ["i1"]


def test_need_area_falls_back_to_the_venue_named_in_its_description() -> None:
    assert load_exchange(LINES).needs[0].area_key == "w/t"


def test_judgments_are_grouped_by_need() -> None:
    assert load_exchange(LINES).judgments == {"i1": {"h1": 3}}
