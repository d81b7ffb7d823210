"""Files an administrator downloads: blank registry templates and an import's full report."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from matchhub.exchange.registry_import import RegistryReport
from matchhub.platform.csv_safety import safe_row

# The first Japanese header of each field, as a volunteer centre's own registry would say it.
TEMPLATE_HEADERS = (
    "登録番号",
    "氏名",
    "メールアドレス",
    "お住まいの地域",
    "関心のある分野",
    "特技・資格",
    "活動可能な時間帯",
    "オンライン参加",
    "話せる言語",
    "自己紹介",
    "同意日",
    "同意方法",
)
TEMPLATE_EXAMPLE = (
    "V-0001",
    "板橋 花子",
    "hanako@example.jp",
    "高島平",
    "防災、子ども食堂",
    "普通自動車免許、エクセル",
    "平日午前・土日午後",
    "○",
    "日本語・英語",
    "よろしくお願いします",
    "令和6年4月1日",
    "紙",
)


def template_csv() -> bytes:
    """The registry template as CSV in UTF-8 with a BOM (Excel opens it as Japanese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerow(TEMPLATE_EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


def template_workbook() -> bytes:
    """The registry template as an Excel workbook, with a title row and the example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "名簿"
    sheet.append(["ボランティア登録者名簿（matchhub 取り込み用）"])
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(TEMPLATE_EXAMPLE)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column, header in zip("ABCDEFGHIJKL", TEMPLATE_HEADERS, strict=True):
        sheet.column_dimensions[column].width = max(12, len(header) * 2.4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_csv(report: RegistryReport) -> bytes:
    """Every problem of an import, one line each, in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        safe_row([_("File"), _("Sheet"), _("Line"), _("Column"), _("Outcome"), _("Reason")])
    )
    for problem in report.problems:
        outcome = _("Skipped") if problem.skipped else _("Imported, with a warning")
        writer.writerow(
            safe_row(
                [
                    report.source,
                    report.sheet,
                    problem.line,
                    problem.column,
                    outcome,
                    problem.reason,
                ]
            )
        )
    return out.getvalue().encode("utf-8-sig")
