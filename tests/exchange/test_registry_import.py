"""A volunteer centre's own registry: Excel workbooks and the CSV that Japanese Excel writes."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import HelperProfile, User

HEADERS = [
    "登録番号",
    "氏名",
    "メールアドレス",
    "お住まいの地域",
    "関心のある分野",
    "特技・資格",
    "活動可能な時間帯",
    "オンライン参加",
    "話せる言語",
    "備考",
    "同意日",
]
ROWS = [
    [
        "V-001",
        "山田 花子",
        "hanako@example.jp",
        "高島平",
        "防災、子ども食堂",
        "ｴｸｾﾙ、普通自動車免許",
        "平日午前・土日午後",
        "○",
        "日本語・英語",
        "よろしくお願いします",
        "令和6年4月1日",
    ],
    [
        "V-002",
        "佐藤 一郎",
        "ｉｃｈｉｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        "蓮根",
        *[""] * 3,
        "×",
        "",
        "",
        "R6.4.1",
    ],
    ["V-003", "鈴木 三郎", "", "", "", "", "土日", "はい", "", "", "平成31年4月30日"],
]


def _csv(path, rows=ROWS, headers=HEADERS, encoding="cp932", title=True):
    lines = (["令和6年度 ボランティア登録者名簿", ""] if title else []) + [
        ",".join(row) for row in [headers, *rows]
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _helpers() -> dict[str, HelperProfile]:
    db.session.expire_all()
    return {p.key: p for p in db.session.scalars(select(HelperProfile))}


def test_shift_jis_registry_with_title_row_imports_and_says_its_encoding(runner, app, tmp_path):
    path = _csv(tmp_path / "名簿.csv")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Shift_JIS (cp932)" in result.output
    assert "header on line 3" in result.output
    # No areas are loaded here: the typed area is kept, and the warning names its column.
    assert "warning 名簿.csv:4: 地域「高島平」" in result.output
    assert "[お住まいの地域]" in result.output
    helpers = _helpers()
    assert set(helpers) == {"V-001", "V-002", "V-003"}
    hanako = helpers["V-001"]
    assert hanako.user.display_name == "山田 花子"
    assert hanako.availability == ["weekday_morning", "weekend_afternoon"]
    assert hanako.online_ok is True and hanako.languages == ["ja", "en"]
    assert hanako.skills == ["ｴｸｾﾙ", "普通自動車免許"] and hanako.themes == ["防災", "子ども食堂"]
    assert hanako.consented_at.date() == date(2024, 4, 1)
    assert helpers["V-002"].user.email == "ichiro@example.jp"  # typed in full-width
    assert helpers["V-002"].consented_at.date() == date(2024, 4, 1)
    assert helpers["V-002"].online_ok is False and helpers["V-002"].languages == ["ja"]
    assert helpers["V-003"].consented_at.date() == date(2019, 4, 30)
    assert set(helpers["V-003"].availability) == {
        "weekend_morning",
        "weekend_afternoon",
        "weekend_evening",
    }


@pytest.mark.parametrize(("encoding", "name"), [("utf-8-sig", "UTF-8 (BOM)"), ("utf-8", "UTF-8")])
def test_utf8_registry_with_or_without_bom_is_read_and_named(runner, app, tmp_path, encoding, name):
    path = _csv(tmp_path / "registry.csv", encoding=encoding, title=False)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert f", {name};" in result.output
    assert len(_helpers()) == 3


def test_bad_cells_are_reported_with_line_and_column_and_the_rest_imports(runner, app, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[1][10] = "令和6年13月1日"
    rows[2][7] = "たぶん"
    path = _csv(tmp_path / "registry.csv", rows=rows)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "registry.csv:5: 「令和6年13月1日」は日付として読めません" in result.output
    assert "[同意日]" in result.output
    assert "registry.csv:6:" in result.output and "[オンライン参加]" in result.output
    assert set(_helpers()) == {"V-001"}


def test_unknown_column_stops_the_import_until_mapped_or_ignored(runner, app, tmp_path):
    headers = [*HEADERS[:-1], "ふりがな"]
    path = _csv(tmp_path / "registry.csv", headers=headers, title=False)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "ふりがな" in result.output and "Nothing imported" in result.output
    assert _helpers() == {}
    result = runner.invoke(args=["import", str(path), "--map", "ふりがな="])
    assert result.exit_code == 0, result.output
    assert len(_helpers()) == 3


def test_a_misnamed_column_can_be_mapped_by_hand(runner, app, tmp_path):
    headers = ["会員No", *HEADERS[1:]]
    path = _csv(tmp_path / "registry.csv", headers=headers, title=False)
    result = runner.invoke(args=["import", str(path), "--map", "会員No=key"])
    assert result.exit_code == 0, result.output
    assert set(_helpers()) == {"V-001", "V-002", "V-003"}


def test_missing_required_column_is_an_error_before_anything_is_written(runner, app, tmp_path):
    headers = ["登録番号", "メールアドレス"]
    path = _csv(tmp_path / "registry.csv", headers=headers, rows=[["V-9", "a@example.jp"]])
    result = runner.invoke(args=["import", str(path), "--ignore-unknown"])
    assert result.exit_code == 1
    assert "display_name" in result.output and "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_dry_run_reports_everything_and_writes_nothing(runner, app, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[2][2] = "not-an-email"
    path = _csv(tmp_path / "registry.csv", rows=rows)
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert "dry run, nothing written: helper: 2 created" in result.output
    assert "メールアドレスとして正しくありません" in result.output
    assert _helpers() == {}


def _workbook(path, rows=ROWS, sheet="名簿", formula=False):
    book = Workbook()
    book.active.title = "表紙"
    book.active.append(["このブックは見本です"])
    ws = book.create_sheet(sheet)
    ws.append(["ボランティア登録者一覧"])
    ws.append([])
    ws.append(HEADERS)
    for row in rows:
        cells = list(row)
        cells[10] = date(2024, 4, 1)  # a real date cell
        ws.append(cells)
    if formula:
        ws["B5"] = '=CONCATENATE("佐藤"," 一郎")'
    book.move_sheet(sheet, offset=-1)
    book.save(path)
    return path


def test_workbook_first_sheet_or_named_sheet(runner, app, tmp_path):
    path = _workbook(tmp_path / "registry.xlsx")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "registry.xlsx [名簿]" in result.output
    helpers = _helpers()
    assert helpers["V-001"].consented_at.date() == date(2024, 4, 1)
    result = runner.invoke(args=["import", str(path), "--sheet", "なし"])
    assert result.exit_code == 1 and "表紙" in result.output


def test_formula_cell_is_reported_with_sheet_line_and_column(runner, app, tmp_path):
    path = _workbook(tmp_path / "registry.xlsx", formula=True)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "registry.xlsx [名簿]:5: 数式" in result.output and "[氏名]" in result.output
    assert set(_helpers()) == {"V-001", "V-003"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "パスワード"),
        ("番号,氏名\n1,山田\n".encode(), "Excel ブック（.xlsx）ではありません"),
        (b"PK\x03\x04" + b"broken" * 20, "壊れて"),
    ],
    ids=["password-protected", "csv-renamed", "corrupt"],
)
def test_unreadable_workbooks_get_a_clear_message(runner, app, tmp_path, content, message):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(content)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert (
        "Traceback" not in result.output
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )


def test_csv_in_neither_utf8_nor_shift_jis_is_refused_with_a_hint(runner, app, tmp_path):
    path = tmp_path / "registry.csv"
    path.write_bytes("番号,氏名\n1,山田\n".encode("utf-16"))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "UTF-8 でも Shift_JIS でもありません" in result.output
    assert "Traceback" not in result.output


def test_cli_writes_the_full_report_as_csv(runner, app, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[2][2] = "=cmd|' /C calc'!A0"
    path = _csv(tmp_path / "registry.csv", rows=rows)
    report = tmp_path / "report.csv"
    result = runner.invoke(args=["import", str(path), "--dry-run", "--report", str(report)])
    assert "full report written" in result.output
    text = report.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "ファイル,シート,行,列,結果,理由"
    rows = list(csv.reader(io.StringIO(text)))
    problem = next(row for row in rows if row[2] == "6")
    assert problem[3] == "メールアドレス" and problem[5].startswith("数式")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
