import json
from pathlib import Path

from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import Area, HelperProfile, Issue, Judgment, Organization, User

DATA = Path(__file__).parents[1] / "data"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_loads_every_record_type(runner, app):
    result = runner.invoke(args=["import", str(DATA / "small.jsonl")])
    assert result.exit_code == 0, result.output
    assert (count(Area), count(Organization), count(HelperProfile), count(Issue)) == (3, 1, 2, 1)
    assert count(Judgment) == 1
    helper = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-1"))
    assert helper.user.email == "hanako@example.jp"
    assert helper.area.key == "t/takashimadaira"
    assert helper.skills == ["ｴｸｾﾙ", "介護福祉士（実務5年）"]
    org = db.session.scalar(select(Organization))
    assert org.area.key == "t/hasune"


def test_importing_the_same_file_twice_changes_nothing(runner, app):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    before = _snapshot()
    result = runner.invoke(args=["import", str(DATA / "small.jsonl")])
    assert result.exit_code == 0
    assert "0 created, 0 updated" in result.output
    assert _snapshot() == before


def _snapshot():
    rows = []
    for model in (Area, Organization, HelperProfile, Issue, User, Judgment):
        for obj in db.session.scalars(select(model).order_by(model.id)):
            rows.append({c.key: getattr(obj, c.key) for c in model.__table__.columns})
    db.session.expire_all()
    return rows


def test_unresolvable_area_is_reported_not_guessed(runner, app):
    result = runner.invoke(args=["import", str(DATA / "small.jsonl")])
    assert "どこか遠くの町" in result.output
    helper = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-2"))
    assert helper.area is None and helper.area_text == "どこか遠くの町"


def test_bad_lines_are_reported_with_their_number_and_the_rest_loads(runner, app, tmp_path):
    lines = (DATA / "small.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(3, "{not json")
    lines.insert(
        5, json.dumps({"type": "organization", "key": "org-x", "name": "X", "kind": "cult"})
    )
    lines.append(json.dumps({"type": "issue", "key": "i-2", "org": "org-missing", "title": "t"}))
    lines.append(json.dumps({"type": "helper", "key": "h-3", "availability": ["sunday"]}))
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "bad.jsonl:4: not valid JSON" in result.output
    assert "bad.jsonl:6: unknown organization kind 'cult'" in result.output
    assert "org-missing" in result.output and "sunday" in result.output
    assert (count(Organization), count(HelperProfile), count(Issue)) == (1, 2, 1)


def test_duplicate_email_is_skipped_and_the_batch_still_loads(runner, app, tmp_path):
    lines = (DATA / "small.jsonl").read_text(encoding="utf-8").splitlines()
    lines.append(json.dumps({"type": "helper", "key": "h-9", "email": "HANAKO@example.jp"}))
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "dup.jsonl:9" in result.output and "h-1" in result.output
    assert count(HelperProfile) == 2


def test_csv_with_bom_and_semicolon_lists_imports_like_jsonl(runner, app, tmp_path):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    csv_dir = tmp_path / "csv"
    result = runner.invoke(args=["export", "--format", "csv", "--out", str(csv_dir)])
    assert result.exit_code == 0, result.output
    raw = (csv_dir / "helpers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "ｴｸｾﾙ;介護福祉士（実務5年）" in raw.decode("utf-8-sig")
    exported = _snapshot()
    # A second database gets the same content from the CSV files alone.
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    files = [str(csv_dir / f"{kind}s.csv") for kind in ("area", "organization", "helper", "issue")]
    result = runner.invoke(args=["import", *files])
    assert result.exit_code == 0, result.output
    assert count(HelperProfile) == 2 and count(Issue) == 1
    reloaded = db.session.scalar(select(HelperProfile).where(HelperProfile.key == "h-1"))
    assert reloaded.skills == ["ｴｸｾﾙ", "介護福祉士（実務5年）"]
    assert reloaded.online_ok is True and reloaded.area.key == "t/takashimadaira"
    assert len(_snapshot()) == len(exported) - 1  # judgments are not exported by default


def test_csv_bad_row_reports_the_spreadsheet_line(runner, app, tmp_path):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    path = tmp_path / "issues.csv"
    path.write_text(
        "key,org,title,kind,people_needed\n"
        "i-10,org-1,会議室の提供,resource,1\n"
        "i-11,org-1,人数が変,volunteer,たくさん\n",
        encoding="utf-8-sig",
    )
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "issues.csv:3: 'people_needed' must be a number" in result.output
    assert db.session.scalar(select(Issue).where(Issue.key == "i-10")).kind == "resource"


def test_open_data_export_has_no_personal_fields(runner, app, tmp_path):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    out = tmp_path / "open.jsonl"
    result = runner.invoke(args=["export", "--open-data", "--out", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    for personal in ("山田", "hanako@example.jp", "info@example.org", "よろしく"):
        assert personal not in text
    helpers = [json.loads(line) for line in text.splitlines() if '"helper"' in line]
    assert {h["key"] for h in helpers} == {"h-1", "h-2"}


def test_export_then_import_round_trips(runner, app, tmp_path):
    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    out = tmp_path / "all.jsonl"
    runner.invoke(args=["export", "--judgments", "--out", str(out)])
    before = _snapshot()
    result = runner.invoke(args=["import", str(out)])
    assert result.exit_code == 0
    assert "0 created, 0 updated" in result.output
    assert _snapshot() == before


def test_round_trip_keeps_consent_verification_activity_and_empty_languages(runner, app, tmp_path):
    from datetime import UTC, datetime

    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    assert db.session.scalar(select(Organization)).is_verified  # small.jsonl says so
    org = db.session.scalar(select(Organization))
    org.verified_at = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
    first, second = db.session.scalars(select(HelperProfile).order_by(HelperProfile.key)).all()
    first.consented_at, first.consent_method = datetime(2024, 4, 1, 3, 0, tzinfo=UTC), "paper"
    second.consented_at, second.consent_method = datetime(2025, 1, 2, 3, 4, tzinfo=UTC), "online"
    second.languages, second.active = [], False
    db.session.commit()
    second_key = second.key
    out = tmp_path / "all.jsonl"
    runner.invoke(args=["export", "--out", str(out)])
    exported = out.read_text(encoding="utf-8")
    assert '"consent_method": "web"' in exported and '"verified": true' in exported
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    result = runner.invoke(args=["import", str(out)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.jsonl"
    runner.invoke(args=["export", "--out", str(again)])
    assert again.read_text(encoding="utf-8") == exported
    db.session.expire_all()
    reloaded = db.session.scalar(select(HelperProfile).where(HelperProfile.key == second_key))
    assert reloaded.languages == [] and reloaded.active is False
    assert reloaded.consent_method == "online"


def test_imported_organization_is_verified_only_when_the_file_says_so(runner, app, tmp_path):
    path = tmp_path / "orgs.jsonl"
    records = [
        {"type": "organization", "key": "o-yes", "name": "A", "kind": "npo", "verified": True},
        {"type": "organization", "key": "o-no", "name": "B", "kind": "npo", "verified": False},
        {"type": "organization", "key": "o-silent", "name": "C", "kind": "npo"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    verified = {o.key: o.is_verified for o in db.session.scalars(select(Organization))}
    assert verified == {"o-yes": True, "o-no": False, "o-silent": False}


def test_csv_round_trip_is_lossless_too(runner, app, tmp_path):
    from datetime import UTC, datetime

    runner.invoke(args=["import", str(DATA / "small.jsonl")])
    first, second = db.session.scalars(select(HelperProfile).order_by(HelperProfile.key)).all()
    first.consented_at, first.consent_method = datetime(2024, 4, 1, 3, 0, tzinfo=UTC), "paper"
    second.languages, second.active = [], False
    db.session.commit()
    before = tmp_path / "before.jsonl"
    runner.invoke(args=["export", "--out", str(before)])
    runner.invoke(args=["export", "--format", "csv", "--out", str(tmp_path / "csv")])
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    files = [str(tmp_path / "csv" / f"{kind}s.csv") for kind in ("area", "organization", "helper")]
    result = runner.invoke(args=["import", *files, str(tmp_path / "csv" / "issues.csv")])
    assert result.exit_code == 0, result.output
    after = tmp_path / "after.jsonl"
    runner.invoke(args=["export", "--out", str(after)])
    assert after.read_text(encoding="utf-8") == before.read_text(encoding="utf-8")
