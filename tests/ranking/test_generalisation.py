"""Reading words the taxonomy has never seen, and measuring it honestly."""

from __future__ import annotations

import json
from pathlib import Path

from matchhub.ranking.coverage import (
    BlindPair,
    blind_report,
    classify,
    coverage,
    parse_blind_pairs,
    parse_everyday,
)
from matchhub.ranking.documents import HelperDoc, NeedDoc
from matchhub.ranking.dropout import alias_dropout, used_aliases, without_aliases
from matchhub.ranking.engine import Ranker
from matchhub.ranking.exchange import load_exchange
from matchhub.ranking.resolve import Resolver
from matchhub.ranking.semantic import SemanticMatcher, leave_one_alias_out
from matchhub.ranking.taxonomy import Taxonomy

DATA = Path(__file__).resolve().parents[1] / "data"


def _keys(resolutions) -> set[str]:
    return {r.key for r in resolutions}


def test_abbreviation_reads_the_one_entry_whose_kanji_it_skips_through() -> None:
    matcher = SemanticMatcher([("real_estate", ["宅地建物取引士"]), ("care", ["介護福祉士"])])
    assert matcher.abbreviation("宅建") == "real_estate"
    assert matcher.abbreviation("介護") is None  # a plain prefix is not an abbreviation


def test_program_name_around_a_generic_head_reads_its_theme(resolver: Resolver) -> None:
    assert "childcare" in _keys(resolver.resolve_themes(["子育てサロン"]))
    assert "disaster_prevention" in _keys(resolver.resolve_themes(["地域の防災"]))


def test_everyday_compound_is_not_read_as_the_alias_inside_it(resolver: Resolver) -> None:
    for word in ("写真立て", "経営不振", "植木鉢", "運転席"):
        assert not resolver.resolve_skills([word]), word
        assert not resolver.resolve_themes([word]), word


def test_kanji_homophone_is_not_a_reading(resolver: Resolver) -> None:
    assert not resolver.resolve_skills(["水筒"])


def test_exam_and_older_job_title_read_as_their_entries(resolver: Resolver) -> None:
    assert _keys(resolver.resolve_skills(["HSK"])) == {"chinese"}
    assert _keys(resolver.resolve_skills(["保母"])) == {"childcare_worker"}
    assert _keys(resolver.resolve_skills(["看護婦"])) == {"nurse"}
    assert _keys(resolver.resolve_skills(["フォトショ"])) == {"graphic_design"}


def test_related_theme_earns_credit_but_is_never_named(resolver: Resolver, gazetteer) -> None:
    helpers = [HelperDoc("near", themes=("国際交流",)), HelperDoc("far", themes=("防犯",))]
    ranker = Ranker(helpers, gazetteer=gazetteer, resolver=resolver)
    best = ranker.rank_helpers(NeedDoc(key="i", title="相談会", themes=("多文化共生",)))[0]
    assert best.key == "near"
    assert not any("多文化共生" in reason for reason in best.reasons)


def test_coverage_classifies_each_typed_item_by_the_step_that_reads_it(
    resolver: Resolver,
) -> None:
    assert classify(resolver, "theme", "こども食堂")[0] == "exact"
    assert classify(resolver, "theme", "地域の防災")[0] == "contained"
    assert classify(resolver, "skill", "ほげほげふが")[0] == "none"
    report = coverage(resolver, [("theme", "こども食堂"), ("skill", "ほげほげふが")] * 2)
    assert report.share("theme", "exact") == 1.0
    assert report.unresolved["skill:ほげほげふが"] == 2
    assert any("skill" in w for w in report.warnings())
    assert not any("theme" in w for w in report.warnings())


def test_blind_report_counts_right_wrong_unresolved_and_false_positives(
    resolver: Resolver,
) -> None:
    folder = DATA / "blind_sample"
    pairs = parse_blind_pairs((folder / "paraphrases.tsv").read_text("utf-8").splitlines())
    everyday = parse_everyday((folder / "everyday.txt").read_text("utf-8").splitlines())
    assert len(pairs) == 5 and len(everyday) == 3
    report = blind_report(resolver, pairs, everyday)
    assert (report.right, report.wrong, report.unresolved) == (3, 1, 1)
    assert report.false_positives == 0
    assert report.as_dict()["right_share"] == 0.6


def test_blind_report_flags_an_everyday_word_read_as_an_entry(resolver: Resolver) -> None:
    report = blind_report(resolver, [BlindPair("防災", "theme", "disaster_prevention")], ["防災"])
    assert report.false_positives == 1


def test_alias_dropout_hides_used_aliases_and_ranks_again(taxonomy: Taxonomy) -> None:
    exchange = load_exchange((DATA / "small.jsonl").read_text("utf-8").splitlines())
    used = used_aliases(exchange, taxonomy)
    assert ("theme", "kodomo_shokudo", "こども食堂") in used
    hidden = without_aliases(taxonomy, set(used))
    assert "こども食堂" not in hidden.theme("kodomo_shokudo").aliases
    runs = alias_dropout(exchange, taxonomy, fractions=(0.6,), seeds=(0, 1))
    assert [(r.fraction, r.seed) for r in runs] == [(0.6, 0), (0.6, 1)]
    assert all(0.0 <= r.ndcg_at_10 <= 1.0 for r in runs)


def test_leave_one_alias_out_reports_precision_per_threshold() -> None:
    matcher = SemanticMatcher(
        [
            ("childcare", ["子育て支援", "子育てサロン", "育児支援"]),
            ("disaster", ["防災", "防災訓練", "地域防災"]),
        ]
    )
    rows = leave_one_alias_out(matcher, thresholds=(0.5,))
    overlap = rows[0]
    assert overlap["aliases"] == 4
    assert overlap["right"] >= 2 and overlap["wrong"] == 0
    json.dumps(rows)


def test_blind_paraphrases_are_mostly_read_and_rarely_misread(resolver: Resolver) -> None:
    # Written by someone who never saw our aliases; never copied into the taxonomy.
    folder = DATA / "blind"
    pairs = parse_blind_pairs((folder / "paraphrases.tsv").read_text("utf-8").splitlines())
    everyday = parse_everyday((folder / "everyday.txt").read_text("utf-8").splitlines())
    figures = blind_report(resolver, pairs, everyday).as_dict()
    assert len(pairs) >= 150 and len(everyday) >= 200
    assert figures["right_share"] >= 0.75
    assert figures["wrong_share"] <= 0.05
    assert figures["false_positive_share"] <= 0.03
