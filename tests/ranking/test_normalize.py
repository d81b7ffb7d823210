"""Normalisation rules for what people type into skill and theme fields."""

from __future__ import annotations

import pytest

from matchhub.ranking.normalize import (
    canonical,
    compact,
    decoration_variants,
    fold,
    reading,
    split_terms,
)


def test_full_width_latin_folds_to_lower_ascii() -> None:
    assert fold("Ｅｘｃｅｌ") == "excel"


def test_half_width_katakana_folds_to_full_width() -> None:
    assert fold("ｴｸｾﾙ") == "エクセル"


def test_hiragana_folds_to_katakana() -> None:
    assert fold("はすね") == fold("ハスネ")


def test_whitespace_and_ideographic_spaces_are_dropped_from_keys() -> None:
    assert compact("ＭＳ　Ｅｘｃｅｌ") == compact("MS Excel") == "msexcel"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("介護福祉士（実務5年）", "介護福祉士"),
        ("防災士資格あり", "防災士"),
        ("普通免許を持っています", "普通免許"),
        ("パワーポイント経験者歓迎", "パワーポイント"),
        ("簿記2級", "簿記"),
        ("写真撮影（趣味程度）", "写真撮影"),
        ("＃学習サポート", "学習サポート"),
        ("【消費者教育】", "消費者教育"),
        ("防災に関心あり", "防災"),
        ("子ども食堂のお手伝い", "子ども食堂"),
        ("ﾌｧｼﾘﾃｰｼｮﾝ（初心者可）", "ファシリテーション"),
        ("English初級レベル", "english"),
        ("TOEIC 800点あり", "toeic"),
        ("商店街支援全般", "商店街支援"),
    ],
)
def test_decorations_are_stripped(typed: str, expected: str) -> None:
    assert compact(expected) in {compact(v) for v in decoration_variants(typed)}


def test_first_variant_is_the_text_itself() -> None:
    assert decoration_variants("教員免許")[0] == "教員免許"


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("調理、運転免許", ["調理", "運転免許"]),
        ("会計・経理", ["会計", "経理"]),
        ("重い物運び/車の運転", ["重い物運び", "車の運転"]),
        ("excel，英語", ["excel", "英語"]),
        ("普通免許／Excel", ["普通免許", "Excel"]),
        ("Python; JavaScript", ["Python", "JavaScript"]),
    ],
)
def test_lists_typed_in_one_field_are_split(typed: str, items: list[str]) -> None:
    assert split_terms(typed) == items


@pytest.mark.parametrize("variant", ["こども食堂", "子供食堂", "子ども食堂"])
def test_sudachi_normalised_form_folds_kodomo_spellings(variant: str) -> None:
    assert canonical(variant) == canonical("子ども食堂")


def test_reading_equates_katakana_and_latin_product_names() -> None:
    assert reading("エクセル") == reading("Excel") == reading("ｴｸｾﾙ")


def test_readings_keep_nurse_and_care_worker_apart() -> None:
    assert reading("看護師") != reading("介護士")


def test_normalisation_is_safe_from_many_threads_at_once():
    import threading

    from matchhub.ranking.normalize import canonical

    errors: list[BaseException] = []
    words = [f"子ども食堂{n}号" for n in range(400)]

    def work(offset: int) -> None:
        try:
            for word in words[offset::8]:
                canonical(word)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
