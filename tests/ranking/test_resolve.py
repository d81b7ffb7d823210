"""Resolution of typed themes and skills against the packaged taxonomy."""

from __future__ import annotations

import pytest

from matchhub.ranking.resolve import Resolver
from matchhub.ranking.taxonomy import Taxonomy


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("ｴｸｾﾙ", "excel"),
        ("Ｅｘｃｅｌ", "excel"),
        ("MS Excel", "excel"),
        ("ＭＳ　Ｅｘｃｅｌ（関数・ピボットまで）", "excel"),
        ("Exel", "excel"),
        ("表計算ソフト", "excel"),
        ("エクセル(VLOOKUP可)", "excel"),
        ("パワポ初級レベル", "powerpoint"),
        ("ﾊﾟﾜｰﾎﾟｲﾝﾄ", "powerpoint"),
        ("PowerPoint業務で使用", "powerpoint"),
        ("ﾜｰﾄﾞひと通り使えます", "word"),
        ("介護福祉士（実務5年）", "care_worker"),
        ("ケアワーカー 資格あり", "care_worker"),
        ("正看護師(現役)", "nurse"),
        ("ナース歴23年", "nurse"),
        ("看護師", "nurse"),
        ("普通免許（ゴールド）", "driving"),
        ("普通自動車免許 持ってます", "driving"),
        ("車の運転ができる方", "driving"),
        ("運転免許あり", "driving"),
        ("防災士資格（必須）", "disaster_expert"),
        ("食品衛生の講習（1999年受講）", "food_hygiene"),
        ("食品衛生責任者資格", "food_hygiene"),
        ("調理歴13年", "cooking"),
        ("料理（趣味程度）", "cooking"),
        ("簿記2級", "accounting"),
        ("経理：少しできます", "accounting"),
        ("税理士資格", "tax_accountant"),
        ("社労士（ブランクあり）", "labour_consultant"),
        ("TOEIC 800点あり", "english"),
        ("英会話ビジネスレベル", "english"),
        ("北京語初級レベル", "chinese"),
        ("ベトナム語会話（ネイティブ）", "vietnamese"),
        ("手話初級レベル", "sign_language"),
        ("保育士(登録済)", "childcare_worker"),
        ("元教員", "teacher"),
        ("教員免許状", "teacher"),
        ("AED講習(有効期限内)", "first_aid"),
        ("AED講習受講者", "first_aid"),
        ("一眼ﾚﾌ", "photography"),
        ("Premiere Pro（趣味程度）", "video_editing"),
        ("ｲﾝｽﾀ", "sns"),
        ("Ｉｎｓｔａｇｒａｍ", "sns"),
        ("HP制作（実務10年）", "web_design"),
        ("WordPres", "web_design"),
        ("ウエブデザイン", "web_design"),
        ("ﾌﾟﾛｸﾞﾗﾐﾝｸﾞ", "programming"),
        ("Ｐｙｔｈｏｎ得意", "python"),
        ("重い物運び自信あり", "heavy_lifting"),
        ("会議進行歴17年", "facilitation"),
        ("ソーシャルワーカー", "social_worker"),
        ("診断士", "management_consultant"),
        ("イベント企画経験者歓迎", "event_planning"),
    ],
)
def test_typed_skill_resolves_to_taxonomy_key(resolver: Resolver, typed: str, key: str) -> None:
    resolution = resolver.resolve_skill(typed)
    assert resolution is not None and resolution.key == key


def test_half_width_katakana_skill_matches_exactly(resolver: Resolver) -> None:
    resolution = resolver.resolve_skill("ｴｸｾﾙ")
    assert resolution is not None and resolution.method == "exact"


def test_latin_typo_matches_by_fuzzy_similarity(resolver: Resolver) -> None:
    resolution = resolver.resolve_skill("Exel")
    assert resolution is not None and resolution.method == "fuzzy" and resolution.score < 1


def test_nurse_and_care_worker_never_resolve_to_each_other(resolver: Resolver) -> None:
    nurse, carer = resolver.resolve_skill("看護師"), resolver.resolve_skill("介護士")
    assert nurse is not None and carer is not None and nurse.key != carer.key


def test_unrelated_word_resolves_to_nothing(resolver: Resolver) -> None:
    assert resolver.resolve_skill("宇宙飛行") is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("こども食堂", "kodomo_shokudo"),
        ("子供食堂", "kodomo_shokudo"),
        ("子供食堂全般", "kodomo_shokudo"),
        ("地域食堂", "kodomo_shokudo"),
        ("防災に関心あり", "disaster_prevention"),
        ("地域防災など", "disaster_prevention"),
        ("#防災", "disaster_prevention"),
        ("＃高齢者の見守り", "elderly_watch"),
        ("独居高齢者の訪問", "elderly_watch"),
        ("環境美化・清掃", "cleanup"),
        ("ゴミ拾い全般", "cleanup"),
        ("ごみひろい", "cleanup"),
        ("にほんご教室", "japanese_class"),
        ("スマホ教室のお手伝い", "digital_support"),
        ("障がい児支援に関心あり", "disability"),
        ("フレイル予防", "care_prevention"),
        ("よみきかせのお手伝い", "reading"),
        ("夜回り", "crime_prevention"),
        ("旗振り当番", "traffic_safety"),
        ("外国籍の方の生活支援", "multicultural"),
        ("子育てひろば", "childcare"),
        ("商店街のにぎわいづくり全般", "shopping_street"),
        ("災害ﾎﾞﾗﾝﾃｨｱｾﾝﾀｰ", "disaster_volunteer"),
        ("ＮＰＯ運営支援", "npo_support"),
        ("保護猫活動", "animal_welfare"),
        ("理科実験教室", "science_education"),
        ("こどもの居場所づくり", "ibasho"),
        ("シニアのスマホ講座", "digital_support"),
        ("河川敷の清掃", "cleanup"),
        ("できることなら何でも", "general"),
    ],
)
def test_typed_theme_resolves_to_taxonomy_key(resolver: Resolver, typed: str, key: str) -> None:
    resolution = resolver.resolve_theme(typed)
    assert resolution is not None and resolution.key == key


def test_field_listing_several_skills_resolves_each(resolver: Resolver) -> None:
    keys = {r.key for r in resolver.resolve_skills(["SNS運用・普通自動車免許取得済み"])}
    assert keys == {"sns", "driving"}


def test_skills_separated_by_a_space_resolve_each(resolver: Resolver) -> None:
    keys = {r.key for r in resolver.resolve_skills(["インスタ 一眼レフ"])}
    assert keys == {"sns", "photography"}


def test_every_theme_names_existing_fields(taxonomy: Taxonomy) -> None:
    field_keys = {f.key for f in taxonomy.fields}
    assert len(taxonomy.fields) == 20
    assert all(t.fields and set(t.fields) <= field_keys for t in taxonomy.themes)


def test_related_skills_exist(taxonomy: Taxonomy) -> None:
    assert all(taxonomy.has_skill(r) for s in taxonomy.skills for r in s.related)


def test_taxonomy_is_large_enough(taxonomy: Taxonomy) -> None:
    assert len(taxonomy.themes) >= 40 and len(taxonomy.skills) >= 60


@pytest.mark.parametrize(("typed", "key"), [("かんごし", "nurse"), ("かいごし", "care_worker")])
def test_kana_spelling_matches_by_reading_equality(
    resolver: Resolver, typed: str, key: str
) -> None:
    resolution = resolver.resolve_skill(typed)
    assert resolution is not None and (resolution.key, resolution.method) == (key, "reading")


def test_taxonomy_key_itself_resolves(resolver: Resolver) -> None:
    resolution = resolver.resolve_theme("kodomo_shokudo")
    assert resolution is not None and resolution.key == "kodomo_shokudo"


@pytest.mark.parametrize("typed", ["ボランティアコーディネーター", "着付け", "子どもの見守り"])
def test_katakana_or_kana_overlap_does_not_invent_a_match(resolver: Resolver, typed: str) -> None:
    skill = resolver.resolve_skill(typed)
    assert skill is None or skill.key not in {"architect", "cleaning"}
    theme = resolver.resolve_theme(typed)
    assert theme is None or theme.key != "elderly_watch"
