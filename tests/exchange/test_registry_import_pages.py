"""The admin's registry import pages: upload, check the columns, dry run, import, report."""

import csv
import io
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from matchhub.extensions import db
from matchhub.models import AuditEvent, HelperProfile
from tests.exchange.test_registry_import import HEADERS, ROWS, _csv, _workbook
from tests.support.accounts import make_user

PASSWORD = "correct horse battery"


@pytest.fixture
def admin_client(make_app, tmp_path):
    app = make_app(REGISTRY_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        make_user("admin@example.jp", PASSWORD, is_admin=True)
        client = app.test_client()
        from tests.support.accounts import AuthActions

        AuthActions(client).login("admin@example.jp", PASSWORD)
        yield client


def _upload(client, path, name=None):
    with path.open("rb") as handle:
        return client.post(
            "/admin/import",
            data={"file": (handle, name or path.name)},
            content_type="multipart/form-data",
        )


def _finished(client, upload_url: str) -> str:
    """Follow the report page until the job is done (it reloads itself while running)."""
    deadline = time.monotonic() + 60
    while True:
        page = client.get(upload_url + "/report")
        if "Refresh" not in page.headers or time.monotonic() > deadline:
            return page.get_data(as_text=True)
        time.sleep(0.2)


def _helpers() -> int:
    db.session.expire_all()
    registry = select(func.count()).where(HelperProfile.key.like("V-%"))
    return db.session.scalar(registry.select_from(HelperProfile))


def test_upload_shows_the_mapping_unknown_columns_and_first_rows(admin_client, tmp_path):
    path = _csv(tmp_path / "名簿.csv", headers=[*HEADERS[:-1], "ふりがな"])
    response = _upload(admin_client, path)
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Shift_JIS (cp932)" in page
    assert "認識できない列" in page and "ふりがな" in page
    assert "山田 花子" in page and "最初の行" in page
    assert "平日午前・土日午後" in page
    assert _helpers() == 0


def test_changed_mapping_is_kept_then_dry_run_writes_nothing_and_import_does(
    admin_client, tmp_path
):
    headers = ["会員No", *HEADERS[1:]]
    path = _csv(tmp_path / "registry.csv", headers=headers, rows=ROWS)
    url = _upload(admin_client, path).headers["Location"]
    page = admin_client.get(url).get_data(as_text=True)
    assert "必須の列がありません" in page
    form = {"header": headers, "action": "preview"}
    form.update({f"map-{i}": "" for i in range(len(headers))})
    form.update({"map-0": "key", "map-1": "display_name", "map-2": "email"})
    admin_client.post(url, data=form)
    page = admin_client.get(url).get_data(as_text=True)
    assert 'value="key" selected' in page and "必須の列がありません" not in page
    admin_client.post(url, data={**form, "action": "dry_run"})
    report = _finished(admin_client, url)
    assert "試しの読み込み" in report and "3" in report
    assert _helpers() == 0
    admin_client.post(url, data={**form, "action": "import"})
    report = _finished(admin_client, url)
    assert "取り込みの結果" in report
    assert _helpers() == 3
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "registry.import"))
    assert event.details["created"] == 3


def test_report_lists_skipped_lines_and_downloads_as_safe_csv(admin_client, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[1][10] = "=HYPERLINK(1)"
    rows[2][10] = "きのう"
    path = _workbook(tmp_path / "registry.xlsx", rows=rows)
    book = load_workbook(path)
    book["名簿"]["K5"] = "=HYPERLINK(1)"
    book["名簿"]["K6"] = "きのう"
    book.save(path)
    url = _upload(admin_client, path).headers["Location"]
    admin_client.post(url, data={"header": HEADERS, "action": "import"} | _same(HEADERS))
    report = _finished(admin_client, url)
    assert "「きのう」は日付として読めません" in report and "名簿" in report
    download = admin_client.get(url + "/report.csv")
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["ファイル", "シート", "行", "列", "結果", "理由"]
    formula = next(r for r in rows if r[2] == "5")
    assert formula[1] == "名簿" and formula[3] == "同意日" and "数式" in formula[5]
    assert all(not cell.startswith("=") for row in rows for cell in row)
    assert _helpers() == 1


def _same(headers: list[str]) -> dict:
    from matchhub.exchange.registry_columns import field_for

    return {f"map-{i}": field_for("helper", h) or "" for i, h in enumerate(headers)}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("registry.xlsx", "番号,氏名\n1,山田\n".encode(), "Excel ブック（.xlsx）ではありません"),
        ("registry.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "パスワード"),
        ("photo.png", b"\x89PNG\r\n", ".xlsx"),
    ],
    ids=["renamed-csv", "password-protected", "other-type"],
)
def test_unreadable_uploads_get_a_clear_japanese_message(
    admin_client, tmp_path, name, content, message
):
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    response = _upload(admin_client, path, name)
    if response.status_code == 302:
        response = admin_client.get(response.headers["Location"])
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)


def test_upload_over_the_limit_is_refused_with_the_limit(make_app, tmp_path):
    app = make_app(REGISTRY_UPLOAD_FOLDER=str(tmp_path / "u"), REGISTRY_MAX_UPLOAD_BYTES=100_000)
    with app.app_context():
        make_user("admin@example.jp", PASSWORD, is_admin=True)
        client = app.test_client()
        from tests.support.accounts import AuthActions

        AuthActions(client).login("admin@example.jp", PASSWORD)
        path = tmp_path / "big.csv"
        path.write_bytes(b"a,b\n" + b"1,2\n" * 60_000)
        response = _upload(client, path)
        assert response.status_code == 413
        assert "98 KB" in response.get_data(as_text=True)


def test_templates_download_with_japanese_headers_and_import_cleanly(admin_client, tmp_path):
    workbook = admin_client.get("/admin/import/template.xlsx")
    assert workbook.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook.get_data())
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]][:2] == ["登録番号", "氏名"]
    text = admin_client.get("/admin/import/template.csv").get_data().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("登録番号,氏名,メールアドレス")
    url = _upload(admin_client, path).headers["Location"]
    page = admin_client.get(url).get_data(as_text=True)
    assert "認識できない列" not in page and "板橋 花子" in page


def test_another_sheet_can_be_chosen_and_is_kept(admin_client, tmp_path):
    path = _workbook(tmp_path / "registry.xlsx")
    url = _upload(admin_client, path).headers["Location"]
    page = admin_client.get(url).get_data(as_text=True)
    assert '<option value="名簿" selected>' in page and '<option value="表紙">' in page
    admin_client.post(url, data={"sheet": "表紙", "action": "preview"})
    page = admin_client.get(url).get_data(as_text=True)
    assert '<option value="表紙" selected>' in page
    assert "必須の列がありません" in page
