"""chi_tien_thuong.xlsx (SPEC §11.2): the accountant's payment list of the awards in the Quyết định.

Sheet ChiTien lists every award, collectives then individuals in the order of the QĐ's lists I and
II, with a signature column; sheet TheoDonVi adds the money up by unit. Both print on A4 portrait,
one page wide, with the table's header row repeated on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from thidua_reports.config import Settings
from thidua_reports.models import CampaignResult
from thidua_reports.vietnamese import doc_ref, money_in_words, short_date
from thidua_reports.workbooks.text_measure import line_count
from thidua_reports.workbooks.xlsx import (
    FORM_BOLD,
    FORM_CAPTION,
    FORM_ITALIC,
    FORM_NOTE,
    FORM_TITLE,
    GRID_BOLD,
    GRID_CENTER,
    GRID_HEAD,
    GRID_MONEY,
    GRID_MONEY_BOLD,
    GRID_TEXT,
    Book,
    Sheet,
    column_letter,
)

PAYMENT_NAME = "chi_tien_thuong.xlsx"
PAYMENT_SHEET, BY_UNIT_SHEET = "ChiTien", "TheoDonVi"
TITLE = "DANH SÁCH CHI TIỀN THƯỞNG"
BY_UNIT_TITLE = "TỔNG HỢP TIỀN THƯỞNG THEO ĐƠN VỊ"
HEADERS = ["STT", "Tập thể / Họ và tên", "Đơn vị", "Hình thức", "Số tiền (đồng)", "Ký nhận"]
BY_UNIT_HEADERS = ["STT", "Mã đơn vị", "Tên đơn vị", "Tập thể", "Cá nhân", "Số lượt khen", "Số tiền (đồng)"]
WIDTHS = [5, 22, 21, 11, 14, 13]  # Times New Roman 12 units: about A4 portrait between the margins
BY_UNIT_WIDTHS = [5, 13, 28, 8, 8, 9, 14]
SECTIONS = {True: ("I", "TẬP THỂ"), False: ("II", "CÁ NHÂN")}
CAPTIONS = ["NGƯỜI LẬP BIỂU", "KẾ TOÁN", "THỦ TRƯỞNG ĐƠN VỊ"]
SIGN_NOTES = ["(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"]
HEADER_ROW = 5  # the table's header row on both sheets, repeated on every printed page
LINE = 16.5  # points per line of Times New Roman 12
ROW = 2 * LINE + 4  # points of a data row: two lines of a name, room for a signature


@dataclass(frozen=True)
class Award:
    """One line of the payment list."""

    number: int  # STT in its list of the QĐ
    name: str
    unit_code: str
    unit_name: str
    amount: int
    collective: bool


def awards(result: CampaignResult) -> list[Award]:
    """Collectives, then individuals, each in the order of the QĐ's list."""
    units = sorted(result.selected_units, key=lambda u: u.list_number or 0)
    people = sorted(result.selected_individuals, key=lambda i: i.list_number or 0)
    return ([Award(u.list_number or n, u.unit.name, u.unit.code, u.unit.name, u.amount, True)
             for n, u in enumerate(units, 1)]
            + [Award(i.list_number or n, i.nominee.name, i.unit_code, i.unit_name, i.amount, False)
               for n, i in enumerate(people, 1)])


def decision_line(settings: Settings) -> str:
    """"Kèm theo Quyết định số 05/QĐ-UBND ngày 10/12/2021 của Chủ tịch …"; a blank number in a draft."""
    iss = settings.issuer
    when = short_date(iss.decision_date)
    if iss.date_blank and not iss.decision_number.strip():
        when = "      " + when[2:]  # the clerk writes the day of signing
    return (f"Kèm theo Quyết định số {doc_ref(iss.decision_number, settings.decision_symbol)} "
            f"ngày {when} của {settings.issuer_head}")


def payment_title(result: CampaignResult) -> str:
    return f"Danh sách chi tiền thưởng năm {result.year}"


def _lines(text: str, width: float) -> int:
    """Printed lines of `text` wrapped in a column `width` units wide."""
    return line_count(text, width)


def _head(ws: Sheet, title: str, settings: Settings, headers: list[str], widths: list[int]) -> None:
    last = column_letter(len(headers))
    ws.portrait = True
    ws.footer = "Trang &P/&N"
    ws.widths = dict(enumerate(widths, 1))
    ws.put(1, 1, f"Đơn vị: {settings.issuer.name}", FORM_BOLD)
    ws.merges.append(f"A1:{column_letter(3)}1")
    ws.heights[1] = LINE * _lines(f"Đơn vị: {settings.issuer.name}", sum(widths[:3])) + 2
    ws.put(2, 1, title, FORM_TITLE)
    ws.heights[2] = 2 * LINE + 4
    ws.put(3, 1, decision_line(settings), FORM_NOTE)
    ws.heights[3] = LINE * _lines(decision_line(settings), sum(widths))
    ws.merges += [f"A2:{last}2", f"A3:{last}3"]
    for c, h in enumerate(headers, 1):
        ws.put(HEADER_ROW, c, h, GRID_HEAD)
    ws.heights[HEADER_ROW] = 2 * LINE
    ws.print_title_rows = (HEADER_ROW, HEADER_ROW)
    ws.freeze_rows = HEADER_ROW


def _payment_sheet(ws: Sheet, result: CampaignResult, settings: Settings) -> None:
    _head(ws, TITLE, settings, HEADERS, WIDTHS)
    form = settings.award.form
    row, section = HEADER_ROW, None
    for award in awards(result):
        row += 1
        if award.collective is not section:  # each list of the QĐ under its heading, numbered as there
            section = award.collective
            ws.put(row, 1, SECTIONS[award.collective][0], GRID_HEAD)
            ws.put(row, 2, SECTIONS[award.collective][1], GRID_BOLD)
            for c in range(3, 7):
                ws.put(row, c, None, GRID_BOLD)
            ws.heights[row] = LINE + 6
            row += 1
        ws.put(row, 1, award.number, GRID_CENTER)
        ws.put(row, 2, award.name, GRID_TEXT)
        ws.put(row, 3, award.unit_name, GRID_TEXT)
        ws.put(row, 4, form, GRID_CENTER)
        ws.put(row, 5, award.amount, GRID_MONEY)
        ws.put(row, 6, None, GRID_TEXT)
        lines = max(_lines(award.name, WIDTHS[1]), _lines(award.unit_name, WIDTHS[2]), _lines(form, WIDTHS[3]))
        ws.heights[row] = max(ROW, LINE * lines + 4)
    row += 1
    for c in range(1, 7):
        ws.put(row, c, None, GRID_BOLD)
    ws.put(row, 2, "Tổng cộng", GRID_BOLD)
    ws.put(row, 5, result.totals.total, GRID_MONEY_BOLD)
    ws.heights[row] = 2 * LINE
    words = f"Số tiền bằng chữ: {money_in_words(result.totals.total)}."
    counts = f"Tổng số: {result.totals.collectives} tập thể, {result.totals.individuals} cá nhân."
    for text in (words, counts):
        row += 1
        ws.put(row, 1, text, FORM_ITALIC)
        ws.merges.append(f"A{row}:F{row}")
        ws.heights[row] = LINE * _lines(text, sum(WIDTHS)) + 2
    row += 1
    place = f"{settings.issuer.place}, ngày …… tháng …… năm ……"
    ws.put(row, 4, place, FORM_NOTE)
    ws.merges.append(f"D{row}:F{row}")
    ws.heights[row] = LINE * _lines(place, sum(WIDTHS[3:])) + 6
    row += 1
    for col, caption, note in zip((1, 3, 5), CAPTIONS, SIGN_NOTES, strict=True):  # two columns each
        first, last = column_letter(col), column_letter(col + 1)
        ws.put(row, col, caption, FORM_CAPTION)
        ws.put(row + 1, col, note, FORM_NOTE)
        ws.merges += [f"{first}{row}:{last}{row}", f"{first}{row + 1}:{last}{row + 1}"]
    ws.heights[row + 2] = 5 * LINE  # room to sign


def _by_unit_sheet(ws: Sheet, result: CampaignResult, settings: Settings) -> None:
    _head(ws, BY_UNIT_TITLE, settings, BY_UNIT_HEADERS, BY_UNIT_WIDTHS)
    rows = unit_rows(result)
    row = HEADER_ROW
    for n, (code, name, collectives, people, amount) in enumerate(rows, 1):
        row += 1
        for c, (value, style) in enumerate([(n, GRID_CENTER), (code, GRID_CENTER), (name, GRID_TEXT),
                                            (collectives, GRID_CENTER), (people, GRID_CENTER),
                                            (collectives + people, GRID_CENTER), (amount, GRID_MONEY)], 1):
            ws.put(row, c, value, style)
        ws.heights[row] = max(LINE + 4, LINE * _lines(name, BY_UNIT_WIDTHS[2]) + 4)
    row += 1
    totals = [sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows)]
    for c, (value, style) in enumerate([(None, GRID_BOLD), (None, GRID_BOLD), ("Tổng cộng", GRID_BOLD),
                                        (totals[0], GRID_HEAD), (totals[1], GRID_HEAD),
                                        (totals[0] + totals[1], GRID_HEAD), (totals[2], GRID_MONEY_BOLD)], 1):
        ws.put(row, c, value, style)
    ws.heights[row] = LINE + 8


def unit_rows(result: CampaignResult) -> list[tuple[str, str, int, int, int]]:
    """(code, name, collective awards, individual awards, money) of every unit with an award, in
    the order of the registry."""
    names = {u.unit.code: u.unit.name for u in result.units}
    order = {code: n for n, code in enumerate(names)}
    counts: dict[str, list[int]] = {}
    for award in awards(result):
        names.setdefault(award.unit_code, award.unit_name)
        entry = counts.setdefault(award.unit_code, [0, 0, 0])
        entry[0 if award.collective else 1] += 1
        entry[2] += award.amount
    rows = []
    for code in sorted(counts, key=lambda c: order.get(c, len(order))):
        collectives, people, amount = counts[code]
        rows.append((code, names[code], collectives, people, amount))
    return rows


def payment_book(result: CampaignResult, settings: Settings) -> Book:
    """chi_tien_thuong.xlsx: ChiTien, TheoDonVi."""
    wb = Book()
    _payment_sheet(wb.add_sheet(PAYMENT_SHEET), result, settings)
    _by_unit_sheet(wb.add_sheet(BY_UNIT_SHEET), result, settings)
    return wb
