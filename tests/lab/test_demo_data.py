"""The shipped demo municipality is complete, consistent and reproducible."""

import json
from collections import Counter
from pathlib import Path

import pytest

from matchhub.demo import generate

SLOTS = {
    "weekday_morning",
    "weekday_afternoon",
    "weekday_evening",
    "weekend_morning",
    "weekend_afternoon",
    "weekend_evening",
}
ORG_KINDS = {
    "npo",
    "company",
    "university",
    "neighborhood_association",
    "municipal_department",
    "social_welfare_council",
    "other",
}
ISSUE_KINDS = {"volunteer", "probono", "resource", "partnership"}
CENTER_AREAS = {
    "板橋", "熊野", "仲宿", "仲町", "富士見", "大谷口", "常盤台", "清水", "志村坂上",
    "中台", "蓮根", "舟渡", "前野", "桜川", "下赤塚", "成増", "徳丸", "高島平",
}  # fmt: skip


@pytest.fixture(scope="module")
def records() -> list[dict]:
    lines = generate.OUTPUT.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def of_type(records: list[dict], kind: str) -> list[dict]:
    return [record for record in records if record["type"] == kind]


def test_every_line_is_a_json_object_with_a_type(records):
    assert records
    assert all(isinstance(r, dict) and r.get("type") for r in records)


def test_ward_and_its_eighteen_center_areas(records):
    areas = of_type(records, "area")
    wards = [a for a in areas if a["parent"] is None]
    assert [w["name"] for w in wards] == ["板橋区"]
    centers = [a for a in areas if a["parent"] == wards[0]["key"]]
    assert {a["name"] for a in centers} == CENTER_AREAS
    for area in centers:
        assert area["key"].startswith("itabashi/")
        assert area["kana"] and area["aliases"]
        assert 35.7 < area["lat"] < 35.81 and 139.6 < area["lon"] < 139.73


def test_counts_meet_the_demo_minimums(records):
    counts = Counter(r["type"] for r in records)
    assert counts["organization"] >= 20
    assert counts["helper"] >= 150
    assert counts["issue"] >= 30


def test_every_organization_and_issue_kind_is_present(records):
    assert {o["kind"] for o in of_type(records, "organization")} == ORG_KINDS
    assert {i["kind"] for i in of_type(records, "issue")} == ISSUE_KINDS


def test_keys_are_unique_within_each_type(records):
    for kind in ("area", "organization", "helper", "issue"):
        keys = [r["key"] for r in of_type(records, kind)]
        assert len(keys) == len(set(keys)), kind


def test_helper_emails_are_unique_and_never_real_domains(records):
    emails = [h["email"] for h in of_type(records, "helper")]
    assert len(emails) == len(set(emails))
    for email in emails + [o["email"] for o in of_type(records, "organization")]:
        domain = email.rpartition("@")[2]
        assert ".example." in f".{domain}" or domain == "demo.matchhub.jp", email


def test_every_issue_belongs_to_an_organization_in_the_file(records):
    org_keys = {o["key"] for o in of_type(records, "organization")}
    assert all(issue["org"] in org_keys for issue in of_type(records, "issue"))


def test_area_parents_exist(records):
    area_keys = {a["key"] for a in of_type(records, "area")}
    assert all(a["parent"] in area_keys for a in of_type(records, "area") if a["parent"])


def test_slot_codes_are_the_six_of_the_format(records):
    for record in of_type(records, "helper") + of_type(records, "issue"):
        assert set(record["availability"]) <= SLOTS, record["key"]


def test_issue_dates_and_sizes_are_sensible(records):
    for issue in of_type(records, "issue"):
        assert issue["people_needed"] >= 1
        assert "2026-12-01" <= issue["starts_on"] <= "2027-06-30"
        if issue["ends_on"] is not None:
            assert issue["starts_on"] <= issue["ends_on"] <= "2027-06-30"


def test_demo_resident_is_there_for_the_demo_login(records):
    [resident] = [h for h in of_type(records, "helper") if h["key"] == "demo-resident"]
    assert resident["email"] == "resident@demo.matchhub.jp"
    assert resident["display_name"] == "板橋 はなこ"
    assert resident["area"] == "高島平"
    assert {"子ども食堂", "高齢者の見守り"} <= set(resident["themes"])
    assert resident["skills"]
    assert resident["availability"] and all(
        s.startswith("weekend") for s in resident["availability"]
    )


def test_demo_org_is_an_npo_with_issues_for_the_demo_member(records):
    [org] = [o for o in of_type(records, "organization") if o["key"] == "demo-org"]
    assert org["kind"] == "npo"
    assert org["name"] == "NPO法人 いたばし地域ささえあいネット"
    assert org["email"] == "info@demo-org.example.org"
    assert sum(i["org"] == "demo-org" for i in of_type(records, "issue")) >= 2


def test_some_helpers_speak_other_languages_and_sign(records):
    languages = Counter(code for h in of_type(records, "helper") for code in h["languages"])
    assert {"ja", "en", "zh", "ko", "vi", "ne", "tl", "jsl"} <= set(languages)


def test_regenerating_gives_byte_identical_output(tmp_path: Path):
    assert generate.render() == generate.OUTPUT.read_text(encoding="utf-8")
    copy = tmp_path / "itabashi.jsonl"
    generate.write(copy)
    assert copy.read_bytes() == generate.OUTPUT.read_bytes()
