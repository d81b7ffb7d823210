"""The desk finds a resident however their name is typed."""

from __future__ import annotations

import pytest

from matchhub.extensions import db
from matchhub.models import HelperProfile, User
from matchhub.organizations.directory import search_helpers


@pytest.fixture
def hanako(app):
    profile = HelperProfile(
        key="itabashi-hanako",
        user=User(email="hanako.i@example.jp", display_name="板橋 はなこ"),
        area_text="成増",
    )
    other = HelperProfile(key="taro", user=User(email="t@example.jp", display_name="板橋 たろう"))
    db.session.add_all([profile, other])
    db.session.commit()
    return profile


@pytest.mark.parametrize(
    "typed", ["板橋はなこ", "ﾊﾅｺ", "はなこ", "ハナコ", "板橋　はなこ", "HANAKO.I"]
)
def test_a_resident_is_found_by_name_written_without_space_in_kana_or_half_width(hanako, typed):
    assert [p.key for p in search_helpers(typed)] == ["itabashi-hanako"]


def test_every_word_must_match_and_nothing_is_found_for_a_stranger(hanako):
    assert [p.key for p in search_helpers("板橋 成増")] == ["itabashi-hanako"]
    assert search_helpers("じろう") == []
    assert sorted(p.key for p in search_helpers("板橋")) == ["itabashi-hanako", "taro"]
