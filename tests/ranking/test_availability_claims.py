"""Prose grants a time slot only when it clearly says the person can take part then."""

from __future__ import annotations

import pytest

from matchhub.ranking.documents import HelperDoc
from matchhub.ranking.features import FeatureBuilder
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.slots import extract_slots

WD_AM, WD_PM, WD_EVE = "weekday_morning", "weekday_afternoon", "weekday_evening"
WE_AM, WE_PM, WE_EVE = "weekend_morning", "weekend_afternoon", "weekend_evening"
WEEKDAY = {WD_AM, WD_PM, WD_EVE}
WEEKEND = {WE_AM, WE_PM, WE_EVE}
EVERY = WEEKDAY | WEEKEND

PERSON_SENTENCES = [
    # Clearly available.
    ("平日の昼間なら参加できます", {WD_AM, WD_PM}),
    ("土日なら大丈夫です", WEEKEND),
    ("土日祝なら参加できます", WEEKEND),
    ("祝日なら参加できます", WEEKEND),
    ("週末の午前中が空いています", {WE_AM}),
    ("平日の夜か土日の午前が空いています", {WD_EVE, WE_AM}),
    ("平日の昼過ぎ、平日の夜、週末の午後が都合がいいです", {WD_PM, WD_EVE, WE_PM}),
    ("仕事帰りに活動しています", {WD_EVE}),
    ("仕事が休みの土日なら参加できます", WEEKEND),
    ("平日は仕事で土日は休みです", WEEKEND),
    ("18時以降なら参加できます", {WD_EVE, WE_EVE}),
    ("平日の18時以降なら行けます", {WD_EVE}),
    ("10時〜12時なら大丈夫です", {WD_AM, WE_AM}),
    ("月曜〜金曜の9:00~11:00に参加できます", {WD_AM}),
    ("火〜木の午後なら行けます", {WD_PM}),
    ("水・金の午前が空いています", {WD_AM}),
    ("月水金の午前なら行けます", {WD_AM}),
    ("金曜日〜日曜日の夜なら参加できます", {WD_EVE, WE_EVE}),
    ("朝のうちなら手伝えます", {WD_AM, WE_AM}),
    ("夕方から参加できます", {WD_EVE, WE_EVE}),
    ("昼前なら大丈夫です", {WD_AM, WE_AM}),
    ("一日中大丈夫です", EVERY),
    ("いつでも大丈夫です", EVERY),
    ("いつでも大丈夫ですが、平日の夜は難しいです", EVERY - {WD_EVE}),
    ("平日以外なら参加できます", WEEKEND),
    ("土日しか空いていません", WEEKEND),
    ("曜日は問いません", EVERY),
    ("平日の夜は難しいですが、土日の午後なら行けます", {WE_PM}),
    ("平日は事務の仕事をしているので、土日なら参加できます", WEEKEND),
    ("以前は平日に活動していましたが、今は土日だけです", WEEKEND),
    ("平日は仕事でしたが今は退職したので平日も大丈夫です", WEEKDAY),
    ("土日の午前", {WE_AM}),
    ("日時：仕事帰り、週末の夜・3時間程度", {WD_EVE, WE_EVE}),
    ("午後1時から3時まで参加可能です", {WD_PM, WE_PM}),
    ("参加できるのは平日の昼過ぎ、土日の午前です", {WD_PM, WE_AM}),
    ("料理は得意ではありません（笑）土日の朝なら動けます", {WE_AM}),
    ("参加できるのは平日の朝から夜までか週末の午後です", WEEKDAY | {WE_PM}),
    # Busy, working, caring, unavailable: nothing is granted.
    ("平日は仕事です", set()),
    ("午前中は通院しています", set()),
    ("夜は家族の世話があります", set()),
    ("平日は朝から夕方までパートをしています", set()),
    ("土日は子どもの送迎で忙しいです", set()),
    ("週末は母の介護をしています", set()),
    ("平日の日中は勤務しています", set()),
    ("夜は塾の送り迎えがあります", set()),
    ("土曜日は参加できません", set()),
    ("日曜は予定が入っていることが多いです", set()),
    ("平日の夜は空いていません", set()),
    ("月曜と木曜は習い事があります", set()),
    ("午後は用事があることが多いです", set()),
    ("夜間の活動は無理です", set()),
    ("毎週土曜日はテニスをしています", set()),
    ("以前は平日の午前に活動していました", set()),
    ("昔は土日によく参加していました", set()),
    ("夜回りの活動に参加してみたいです", set()),
    ("朝市の手伝いに興味があります", set()),
    ("店の定休日に活動できます", set()),
    ("3時間程度なら活動できます", set()),
    ("12月から参加したいです", set()),
    ("月に1回くらい参加したいです", set()),
]

POSTING_SENTENCES = [
    ("日時：12月5日(土)10時〜12時", {WE_AM}),
    ("毎月第2月曜日 午前10時から正午まで", {WD_AM}),
    ("活動日：月〜金 9:00~11:00（昼食あり）", {WD_AM}),
    ("開催日 2026年1月10日（土）、17日（土）13時30分～15時30分", {WE_PM}),
    ("毎週水・金の夕方から", {WD_EVE}),
    ("土曜日の午後、13:00-16:00", {WE_PM}),
    ("活動時間は平日の18時以降です", {WD_EVE}),
    ("日曜日 9時〜11時 公園清掃", {WE_AM}),
    ("10:00-15:00（受付は9:30から）", {WD_AM, WD_PM, WE_AM, WE_PM}),
    ("12月7日（日）10時から（雨天中止）", {WE_AM}),
    ("毎月第2・第4土曜日 午前9時30分～正午", {WE_AM}),
    ("毎週火曜日・木曜日 13時30分から15時30分まで", {WD_PM}),
    ("日時 令和7年1月18日(土曜日) 午後1時30分～4時", {WE_PM}),
    ("夏休み期間中の平日午前", {WD_AM}),
    ("日曜・祝日の午前中", {WE_AM}),
    ("3月15日（土）・16日（日）9:00～16:00", {WE_AM, WE_PM}),
    ("開催時間 18:30～20:30", {WD_EVE, WE_EVE}),
    ("活動日時：平日の朝と土日の午前（月2回程度）", {WD_AM, WE_AM}),
    ("お問い合わせ：福祉課（平日8時30分〜17時15分）", set()),
    ("土日は休みです", set()),
    ("申込期間：11月1日(月)〜11月20日(金)", set()),
    ("休館日：月曜日", set()),
    ("受付時間 9時〜17時（土日祝を除く）", set()),
    ("電話受付は平日10時から16時まで", set()),
    ("応募締切 12月1日(火)必着", set()),
    ("12時から昼食です", set()),
]


@pytest.mark.parametrize(("prose", "slots"), PERSON_SENTENCES)
def test_person_prose_grants_only_stated_availability(prose: str, slots: set[str]) -> None:
    assert extract_slots(prose) == slots


@pytest.mark.parametrize(("prose", "slots"), POSTING_SENTENCES)
def test_posting_schedule_excludes_contact_hours_and_deadlines(prose: str, slots: set[str]) -> None:
    assert extract_slots(prose, posting=True) == slots


def test_table_is_large_enough_and_balanced() -> None:
    table = PERSON_SENTENCES + POSTING_SENTENCES
    assert len(table) >= 60
    assert sum(1 for _, s in table if not s) >= 25


def _helper(bio: str, ticked: tuple[str, ...]) -> HelperDoc:
    return HelperDoc(key="h-demo", themes=("子ども食堂",), bio=bio, availability=frozenset(ticked))


def test_ticked_weekends_are_not_widened_by_a_bio_about_work(resolver: Resolver) -> None:
    bio = "平日は事務の仕事をしているので、土日なら参加できます。午前中は通院しています。"
    profile = FeatureBuilder(resolver).helper(_helper(bio, (WE_AM, WE_PM)))
    assert profile.slots == {WE_AM, WE_PM}


def test_bio_saying_only_when_busy_claims_no_slot(resolver: Resolver) -> None:
    bio = "平日は仕事です。午前中は通院しています。夜は家族の世話があります。"
    assert FeatureBuilder(resolver).helper(_helper(bio, ())).slots == frozenset()
