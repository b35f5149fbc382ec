"""What the output workbooks share: criteria labels, cell writing, tables, the nominees sheet, bytes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from thidua_reports.models import CriterionResult, IndividualResult, Problem
from thidua_reports.workbooks.xlsx import BOLD, HEADER, NORMAL, Book, Sheet, column_letter

UNIT_CRITERIA = {"nhiem_vu": "Nhiệm vụ CCHC", "xep_loai": "Xếp loại CCHC",
                 "chi_so": "Chỉ số thành phần", "ky_luat": "Kỷ luật, kỷ cương"}
PERSON_CRITERIA = {"hoan_thanh": "Mức độ hoàn thành", "cchc": "Nhiệm vụ CCHC",
                   "van_ban": "Văn bản đúng hạn", "ky_luat": "Kỷ luật, kỷ cương"}


def yes(flag: bool) -> str:
    return "Có" if flag else "Không"


def crit(c: CriterionResult | None) -> list[str]:
    if c is None:
        return ["", ""]
    return ["Đạt" if c.passed else "Không đạt", c.detail]


def severity(p: Problem) -> str:
    return "Lỗi" if p.severity == "error" else "Cảnh báo"


def put(ws: Sheet, row: int, col: int, value: Any, bold: bool = False) -> None:
    """Write a value; text always as text, so user text like "=1+1" never becomes a formula.

    Control characters, which a worksheet cannot hold (a cell may carry them as "_x0001_"), are dropped.
    """
    ws.put(row, col, value, BOLD if bold else NORMAL)


def table(ws: Sheet, headers: Sequence[str], rows: Iterable[Sequence[Any]], start: int = 1,
          widths: Sequence[int] | None = None) -> int:
    """A bold header row at `start`, frozen, repeated on every printed page, with a filter over the
    data; returns the last row. Columns take the width of their content (print_plan.py), `widths`
    at most; text wraps inside its column."""
    for c, h in enumerate(headers, start=1):
        ws.put(start, c, h, HEADER)
    last = start
    for last, values in enumerate(rows, start=start + 1):
        ws.put_row(last, values)
    ws.freeze_rows = start
    ws.filter_ref = f"A{start}:{column_letter(len(headers))}{max(last, start)}"
    if widths:
        ws.width_caps.update(enumerate(widths, start=1))
    ws.print_title_rows = (start, start)
    ws.footer = ws.footer or "Trang &P/&N"
    return last


def people_sheet(ws: Sheet, people: list[IndividualResult], with_unit: bool = True) -> None:
    headers = ["Họ và tên", "Mã đơn vị", "Tên đơn vị", "Chức vụ", "Thứ tự đề nghị"] if with_unit else [
        "Họ và tên", "Chức vụ", "Thứ tự đề nghị"]
    keys = dict(PERSON_CRITERIA)
    if any("ho_so" in i.criteria for i in people):  # [dossier] policy = "exclude": the unit's dossier
        keys["ho_so"] = "Hồ sơ đầy đủ"
    for label in keys.values():
        headers += [label, f"{label} - giải thích"]
    headers += ["Đủ điều kiện", "Thứ hạng", "Được đề nghị", "Được chọn", "Ngang điểm tại ngưỡng",
                "Quyết định Hội đồng", "Số tiền (đồng)", "Ghi chú"]
    rows = []
    for i in people:
        n = i.nominee
        row: list[Any] = ([n.name, i.unit_code, i.unit_name, n.position, n.priority] if with_unit
                          else [n.name, n.position, n.priority])
        for key in keys:
            row += crit(i.criteria.get(key))
        row += [yes(i.eligible), i.rank, yes(i.proposed), yes(i.selected), yes(i.tie_at_cutoff),
                " - ".join(x for x in (i.override or "", i.override_reason) if x), i.amount, i.note]
        rows.append(row)
    table(ws, headers, rows, widths=([26, 12, 30, 20, 10] if with_unit else [26, 20, 10]) + [10, 36] * len(keys))




def book_bytes(wb: Book, title: str, when: date) -> bytes:
    """The .xlsx bytes with fixed properties and zip timestamps (the decision date), so equal
    content gives equal bytes. Every sheet prints on A4, every column on the page width (print_plan.py).
    """
    return wb.to_bytes(title=title, creator="thidua_reports", when=datetime.combine(when, time(0, 0)))
