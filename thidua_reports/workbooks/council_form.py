"""The blank council form `quyet_dinh_hoi_dong.xlsx` (SPEC §6.4, §10): four sheets, byte-stable.

The header texts are the ones the readers look for; they are exported so that readers and tests
share them. Every header row is row 1 (the sheet's title goes into the printed page header), so a
reader finds it whether it scans for the header or takes the first row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from thidua_reports.models import COUNCIL_ROLES
from thidua_reports.vietnamese import threshold_words
from thidua_reports.workbooks.form_print import (
    DEFAULT_ROW_HEIGHT,
    fit_rows,
    form_sheet,
    form_workbook,
    page_numbers,
)
from thidua_reports.workbooks.unit_form import (
    _BOLD,
    _FONT,
    _HEAD_FILL,
    _TITLE,
    _WRAP,
    BLANK_STAMP,
    FORMS_DIR,
    _save_stable,
    _style,
)

COUNCIL_FORM_NAME = "quyet_dinh_hoi_dong.xlsx"
COUNCIL_FORM_PATH = f"{FORMS_DIR}/{COUNCIL_FORM_NAME}"
GUIDE_SHEET, DECISION_SHEET, MEMBER_SHEET, MEETING_SHEET, VOTE_SHEET = (
    "HuongDan", "QuyetDinh", "ThanhVien", "PhienHop", "BieuQuyet")

DECISION_HEADERS = ("Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do")
MEMBER_HEADERS = ("STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt")
MEETING_HEADERS = ("Nội dung", "Giá trị", "Hướng dẫn nhập")
MEETING_LABELS = ("Thời gian bắt đầu", "Thời gian kết thúc", "Địa điểm", "Hình thức biểu quyết")
VOTE_HEADERS = ("Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Số phiếu đồng ý",
                "Số phiếu không đồng ý")

KINDS = ("Tập thể", "Cá nhân")
DECISIONS = ("Chọn", "Loại")
PRESENCE = ("Có", "Không")
VOTING_METHODS = ("Giơ tay", "Bỏ phiếu kín")

# empty input rows under each header (a row inserted inside the table keeps the dropdowns)
DECISION_ROWS = 25
MEMBER_ROWS = 25
VOTE_ROWS = 80

_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_MEETING_HINTS = (
    ("DD/MM/YYYY HH:MM", "Ngày và giờ, ví dụ 15/12/2021 08:00"),
    ("HH:MM", "Giờ kết thúc, ví dụ 10:30"),
    ("@", "Nơi họp, ví dụ Phòng họp số 1, UBND huyện"),
    ("@", "Chọn Giơ tay hoặc Bỏ phiếu kín"),
)


def _header(ws: Worksheet, headers: Iterable[str]) -> None:
    for col, head in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=head)
        _style(cell, font=_BOLD, fill=_HEAD_FILL)
        cell.alignment = _HEAD_ALIGN
    fit_rows(ws, [1])


def _list_rule(ws: Worksheet, values: Iterable[str], prompt: str) -> DataValidation:
    listed = ", ".join(values)
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                        showErrorMessage=True, showInputMessage=True, errorTitle="Giá trị không hợp lệ",
                        error=f"Chỉ chọn một trong: {listed}.", promptTitle="Chọn trong danh sách",
                        prompt=prompt)
    ws.add_data_validation(dv)
    return dv


def _count_rule(ws: Worksheet) -> DataValidation:
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, showInputMessage=True, errorTitle="Giá trị không hợp lệ",
                        error="Nhập số nguyên từ 0 trở lên.", promptTitle="Số phiếu",
                        prompt="Số nguyên từ 0 trở lên; tổng hai cột không quá số thành viên có mặt.")
    ws.add_data_validation(dv)
    return dv


def _table(wb: Workbook, title: str, heading: str, headers: tuple[str, ...], widths: list[float],
           rows: int, text_columns: str, landscape: bool) -> Worksheet:
    """A sheet with its header in row 1 and `rows` empty input rows under it."""
    ws = form_sheet(wb, title, widths, landscape=landscape)
    _header(ws, headers)
    for row in range(2, rows + 2):
        for col in range(1, len(headers) + 1):
            cell = ws.cell(row=row, column=col)
            _style(cell, input_cell=True)
            if chr(64 + col) in text_columns:
                cell.number_format = "@"  # unit codes such as 007 keep their zeros
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.protection.insertRows = False  # the officer may add and remove rows inside the table
    ws.protection.deleteRows = False
    _page_texts(ws, heading)
    return ws


def _page_texts(ws: Worksheet, heading: str) -> None:
    ws.oddHeader.center.text = heading
    ws.oddHeader.center.font = "Times New Roman,Bold"
    ws.oddHeader.center.size = 12
    page_numbers(ws)


def _column(letter: str, rows: int) -> str:
    return f"{letter}2:{letter}{rows + 1}"


def _write_decisions(wb: Workbook) -> None:
    ws = _table(wb, DECISION_SHEET, "HỘI ĐỒNG CHỌN THÊM, LOẠI BỚT SO VỚI DANH SÁCH ĐỀ XUẤT",
                DECISION_HEADERS, [14, 14, 28, 14, 52], DECISION_ROWS, "BCE", landscape=True)
    _list_rule(ws, KINDS, "Tập thể hoặc Cá nhân").add(_column("A", DECISION_ROWS))
    _list_rule(ws, DECISIONS, "Chọn: thêm vào danh sách khen thưởng. Loại: bỏ khỏi danh sách.").add(
        _column("D", DECISION_ROWS))


def _write_members(wb: Workbook) -> None:
    ws = _table(wb, MEMBER_SHEET, "THÀNH VIÊN HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", MEMBER_HEADERS,
                [7, 30, 45, 28, 10], MEMBER_ROWS, "BC", landscape=True)
    _list_rule(ws, COUNCIL_ROLES, "Đúng một Chủ tịch Hội đồng và một Ủy viên thư ký.").add(
        _column("D", MEMBER_ROWS))
    _list_rule(ws, PRESENCE, "Có mặt tại phiên họp: Có hoặc Không").add(_column("E", MEMBER_ROWS))


def _write_meeting(wb: Workbook) -> None:
    ws = form_sheet(wb, MEETING_SHEET, [24, 22, 36])
    _header(ws, MEETING_HEADERS)
    for row, (label, (number_format, hint)) in enumerate(zip(MEETING_LABELS, _MEETING_HINTS, strict=True),
                                                         start=2):
        _style(ws.cell(row=row, column=1, value=label), font=_BOLD)
        _style(ws.cell(row=row, column=3, value=hint))
        value = ws.cell(row=row, column=2)
        _style(value, input_cell=True)
        value.number_format = number_format
        fit_rows(ws, [row])
    _list_rule(ws, VOTING_METHODS, "Giơ tay hoặc Bỏ phiếu kín").add("B5")
    ws.freeze_panes = "A2"
    _page_texts(ws, "PHIÊN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG")


def _write_votes(wb: Workbook) -> None:
    ws = _table(wb, VOTE_SHEET, "KẾT QUẢ BIỂU QUYẾT CỦA HỘI ĐỒNG", VOTE_HEADERS,
                [15, 14, 25, 14, 14], VOTE_ROWS, "BC", landscape=False)
    _list_rule(ws, KINDS, "Tập thể hoặc Cá nhân").add(_column("A", VOTE_ROWS))
    counts = _count_rule(ws)
    for letter in "DE":
        counts.add(_column(letter, VOTE_ROWS))
        for row in range(2, VOTE_ROWS + 2):
            ws[f"{letter}{row}"].number_format = "0"


def _guide_lines(settings: Any | None) -> list[tuple[str, bool]]:
    """(line, bold) of the instructions sheet."""
    council = getattr(settings, "council_name", None) or "Hội đồng Thi đua - Khen thưởng"
    office = settings.office.name if settings is not None else "Phòng Nội vụ"
    lines: list[tuple[str, bool]] = [
        ("HƯỚNG DẪN ĐIỀN TỆP QUYẾT ĐỊNH CỦA HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", True)]
    if settings is not None:
        lines.append((f"{council} xét khen thưởng {settings.campaign.title}.", False))
    thresholds = ""
    if settings is not None:
        c = settings.council
        base = "tổng số thành viên Hội đồng" if c.approval_of == "members" else "số thành viên dự họp"
        thresholds = (f" Theo thidua.toml, số thành viên dự họp phải {threshold_words(c.quorum)} tổng số "
                      f"thành viên; số phiếu đồng ý phải {threshold_words(c.approval)} {base}.")
    lines += [
        ("Cách dùng: chép tệp này ra thư mục làm việc (cùng chỗ với thidua.toml), giữ đúng tên "
         "quyet_dinh_hoi_dong.xlsx, điền các trang cần dùng rồi chạy lại lệnh thidua run: Biên bản họp "
         "Hội đồng, Tờ trình, Quyết định và các văn bản khác được lập theo danh sách cuối cùng.", False),
        ("Cả bốn trang QuyetDinh, ThanhVien, PhienHop, BieuQuyet đều không bắt buộc. Trang không có dòng "
         "nào được điền (để trống như mẫu này) được coi như không có; tệp để trống hoàn toàn thì danh "
         f"sách khen thưởng đúng bằng danh sách {office} đề xuất.", False),
        ("Không đổi tên trang tính, không sửa, không xóa dòng tiêu đề cột: chương trình tìm cột theo tiêu "
         "đề. Chỉ nhập vào các ô nền vàng nhạt; ở cột có danh sách thả xuống, chọn giá trị trong danh sách. "
         "Cần thêm dòng thì chèn dòng vào giữa bảng để dòng mới giữ danh sách chọn.", False),
        ("Trang QuyetDinh: Hội đồng chọn thêm hoặc loại bớt", True),
        ("Mỗi dòng một tập thể hoặc một cá nhân. Loại: Tập thể hoặc Cá nhân. Mã đơn vị: mã trong danh "
         "mục đơn vị (danh_muc.xlsx). Họ và tên: bắt buộc với cá nhân, để trống với tập thể. Quyết định: "
         "Chọn (thêm vào danh sách, kể cả khi chưa đủ tiêu chuẩn) hoặc Loại (bỏ khỏi danh sách). Lý do: "
         "ghi rõ, được ghi lại trong kết quả. Danh sách khen thưởng = danh sách đề xuất − các dòng Loại + "
         "các dòng Chọn, không tự bổ sung người thay thế, và không được vượt số lượng khen thưởng (trừ "
         "khi thidua.toml cho phép).", False),
        ("Trang ThanhVien: thành viên Hội đồng", True),
        ("Mỗi dòng một thành viên: họ và tên, chức vụ, vai trò trong Hội đồng (Chủ tịch Hội đồng, Phó Chủ "
         "tịch Hội đồng, Ủy viên, Ủy viên thư ký), Có mặt (Có hoặc Không). Phải có đúng một Chủ tịch Hội "
         "đồng và một Ủy viên thư ký. Trang này bắt buộc khi có trang BieuQuyet.", False),
        ("Trang PhienHop: phiên họp", True),
        ("Thời gian bắt đầu (ngày và giờ, ví dụ 15/12/2021 08:00), Thời gian kết thúc (giờ, ví dụ 10:30), "
         "Địa điểm, Hình thức biểu quyết (Giơ tay hoặc Bỏ phiếu kín); các thông tin này được ghi vào Biên "
         "bản họp Hội đồng.", False),
        ("Trang BieuQuyet: kết quả biểu quyết", True),
        ("Mỗi dòng một tập thể hoặc cá nhân có tên trong Phiếu biểu quyết (phieu_bieu_quyet.docx trong "
         "thư mục kết quả), không thiếu ai; Họ và tên để trống với tập thể. Số phiếu đồng ý, Số phiếu không "
         "đồng ý: số nguyên từ 0 trở lên, tổng hai số không quá số thành viên có mặt (phần còn lại là phiếu "
         "trống hoặc không hợp lệ). Ai không đạt tỷ lệ phiếu đồng ý thì không được đề nghị khen thưởng."
         + thresholds, False),
    ]
    return lines


def _write_guide(wb: Workbook, settings: Any | None) -> None:
    ws = form_sheet(wb, GUIDE_SHEET, [82])
    for row, (line, bold) in enumerate(_guide_lines(settings), start=1):
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = _TITLE if row == 1 else (_BOLD if bold else _FONT)
        cell.alignment = _WRAP
        if bold and row > 1:  # a little space above each sheet's heading
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        fit_rows(ws, [row], spacing=8 if bold and row > 1 else 0, minimum=DEFAULT_ROW_HEIGHT + 2)


def write_council_form(path: Path, settings: Any | None = None) -> Path:
    """Write the blank council form and return its path; the same call always gives the same bytes.

    `settings` only adds the council's name, the campaign and the thresholds to the instructions;
    the sheets themselves are the same with or without it.
    """
    wb = form_workbook()
    _write_guide(wb, settings)
    _write_decisions(wb)
    _write_members(wb)
    _write_meeting(wb)
    _write_votes(wb)
    wb.active = 0
    stamp = datetime(settings.campaign.year, 1, 1) if settings is not None else BLANK_STAMP
    _save_stable(wb, path, stamp)
    return path
