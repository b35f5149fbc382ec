"""so_khen_thuong.xlsx (SPEC §11.3): every award in the history, all years, newest first.

The rows come from the result (the decision stage reads the history and adds the run's own awards);
this module only lays them out. Prints on A4 landscape, one page wide, the header row repeated.
"""

from __future__ import annotations

from thidua_reports.models import AwardRecord, CampaignResult
from thidua_reports.vietnamese import short_date
from thidua_reports.workbooks.xlsx import (
    FORM_TITLE,
    GRID_CENTER,
    GRID_HEAD,
    GRID_MONEY,
    GRID_TEXT,
    Book,
    Sheet,
    column_letter,
)

REGISTER_NAME = "so_khen_thuong.xlsx"
REGISTER_SHEET = "SoKhenThuong"
TITLE = "SỔ THEO DÕI KHEN THƯỞNG"
HEADERS = ["Năm", "Số QĐ", "Ngày QĐ", "Hình thức", "Tập thể/Cá nhân", "Đơn vị", "Họ và tên", "Chức vụ",
           "Số tiền", "Số sổ"]
WIDTHS = [7, 14, 12, 14, 10, 30, 26, 20, 13, 11]  # about the width of A4 landscape between the margins
HEADER_ROW = 3


def register_title(result: CampaignResult) -> str:
    return f"Sổ theo dõi khen thưởng đến năm {result.year}"


def row_values(r: AwardRecord) -> list[str | int]:
    """The register's columns for one award (also what `thidua history` prints)."""
    return [r.year, r.decision_number, short_date(r.decision_date) if r.decision_date else "", r.form,
            "Tập thể" if r.collective else "Cá nhân", r.unit_name, "" if r.collective else r.name,
            r.position, r.amount, r.register_number or ""]


def _sheet(ws: Sheet, rows: list[AwardRecord]) -> None:
    ws.widths = dict(enumerate(WIDTHS, 1))
    ws.portrait = False
    ws.put(1, 1, TITLE, FORM_TITLE)
    ws.merges.append(f"A1:{column_letter(len(HEADERS))}1")
    ws.heights[1] = 30
    for c, h in enumerate(HEADERS, 1):
        ws.put(HEADER_ROW, c, h, GRID_HEAD)
    ws.print_title_rows = (HEADER_ROW, HEADER_ROW)
    ws.freeze_rows = HEADER_ROW
    styles = [GRID_CENTER, GRID_CENTER, GRID_CENTER, GRID_TEXT, GRID_CENTER, GRID_TEXT, GRID_TEXT, GRID_TEXT,
              GRID_MONEY, GRID_CENTER]
    for n, record in enumerate(rows, HEADER_ROW + 1):
        for c, (value, style) in enumerate(zip(row_values(record), styles, strict=True), 1):
            ws.put(n, c, None if value == "" else value, style)
    if rows:
        ws.filter_ref = f"A{HEADER_ROW}:{column_letter(len(HEADERS))}{HEADER_ROW + len(rows)}"


def register_book(result: CampaignResult) -> Book:
    """so_khen_thuong.xlsx: one sheet, the result's register (newest first)."""
    wb = Book()
    _sheet(wb.add_sheet(REGISTER_SHEET), result.register)
    return wb
