"""Fixture builder: unit workbooks (SPEC §5) and registries (SPEC §4) written with openpyxl from dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from thidua_reports.intake.legacy_text import to_legacy

INFO_LABELS = (
    "Mã đơn vị", "Tên đơn vị", "Năm thi đua", "Tổng số biên chế", "Điểm tự đánh giá CCHC",
    "Số nhiệm vụ CCHC được giao", "Số nhiệm vụ CCHC đã hoàn thành", "Số CBCCVC không đeo thẻ",
    "Số CBCCVC không chấp hành giờ giấc", "Tổng số CBCCVC vi phạm (không trùng lặp)",
    "Đề nghị khen thưởng tập thể", "Người lập biểu", "Ngày gửi",
    "Đã có Tờ trình", "Biên bản họp Hội đồng", "Báo cáo thành tích",
)  # fmt: skip
COMPONENT_HEADERS = (
    "Bộ chỉ số", "Mã chỉ số", "Tên chỉ số thành phần", "Điểm tối đa", "Điểm năm trước", "Điểm năm nay", "Ghi chú",
)  # fmt: skip
NOMINEE_HEADERS = (
    "STT", "Họ và tên", "Giới tính", "Chức vụ", "Mức độ hoàn thành nhiệm vụ",
    "Hoàn thành nhiệm vụ CCHC được giao", "Số văn bản được giao tham mưu", "Số văn bản hoàn thành đúng hạn",
    "Vi phạm kỷ luật, kỷ cương", "Thứ tự đề nghị", "Tóm tắt thành tích",
)  # fmt: skip
ACHIEVEMENT_LABELS = ("Tóm tắt thành tích của tập thể", "Kết quả thực hiện nhiệm vụ CCHC", "Sáng kiến, mô hình, cách làm hay")
UNIT_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Người đứng đầu", "Chức vụ người đứng đầu", "Số biên chế", "Điểm CCHC chính thức")
ASSIGNMENT_HEADERS = (
    "Bộ chỉ số", "Mã chỉ số", "Tên chỉ số thành phần", "Đơn vị phụ trách", "Điểm tối đa năm trước",
    "Điểm năm trước", "Điểm tối đa năm nay", "Điểm năm nay",
)  # fmt: skip


def default_info(code: str = "PNV", year: int = 2021) -> dict[str, Any]:
    """ThongTin of a valid workbook of unit PNV (registry: default_units)."""
    return {
        "Mã đơn vị": code,
        "Tên đơn vị": "Phòng Nội vụ",
        "Năm thi đua": year,
        "Tổng số biên chế": 12,
        "Điểm tự đánh giá CCHC": 86.5,
        "Số nhiệm vụ CCHC được giao": 10,
        "Số nhiệm vụ CCHC đã hoàn thành": 10,
        "Số CBCCVC không đeo thẻ": 1,
        "Số CBCCVC không chấp hành giờ giấc": 1,
        "Tổng số CBCCVC vi phạm (không trùng lặp)": 1,
        "Đề nghị khen thưởng tập thể": "Có",
        "Người lập biểu": "Trần Văn Bình",
        "Ngày gửi": dt.date(year, 11, 25),
        "Đã có Tờ trình": "Có",
        "Biên bản họp Hội đồng": "Có",
        "Báo cáo thành tích": "Có",
    }


def default_components() -> list[dict[str, Any]]:
    return [
        {"Bộ chỉ số": "PAR INDEX", "Mã chỉ số": "PAR-01", "Tên chỉ số thành phần": "Công tác chỉ đạo, điều hành",
         "Điểm tối đa": 10, "Điểm năm trước": 8, "Điểm năm nay": 9.25, "Ghi chú": ""},
        {"Bộ chỉ số": "PCI", "Mã chỉ số": "PCI-02", "Tên chỉ số thành phần": "Tiếp cận đất đai",
         "Điểm tối đa": 10, "Điểm năm trước": "6,3", "Điểm năm nay": "7,1", "Ghi chú": ""},
    ]  # fmt: skip


def default_nominees() -> list[dict[str, Any]]:
    return [
        {"STT": 1, "Họ và tên": "Nguyễn Thị Hoa", "Giới tính": "Nữ", "Chức vụ": "Chuyên viên",
         "Mức độ hoàn thành nhiệm vụ": "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành nhiệm vụ CCHC được giao": "Có",
         "Số văn bản được giao tham mưu": 5, "Số văn bản hoàn thành đúng hạn": 5,
         "Vi phạm kỷ luật, kỷ cương": "Không", "Thứ tự đề nghị": 1, "Tóm tắt thành tích": "Tham mưu tốt"},
        {"STT": 2, "Họ và tên": "Lê Văn Nam", "Giới tính": "Nam", "Chức vụ": "Phó Trưởng phòng",
         "Mức độ hoàn thành nhiệm vụ": "Tốt", "Hoàn thành nhiệm vụ CCHC được giao": "x",
         "Số văn bản được giao tham mưu": None, "Số văn bản hoàn thành đúng hạn": None,
         "Vi phạm kỷ luật, kỷ cương": "không", "Thứ tự đề nghị": 2, "Tóm tắt thành tích": "Chỉ đạo sát sao"},
    ]  # fmt: skip


def default_achievements() -> dict[str, Any]:
    return dict(zip(ACHIEVEMENT_LABELS, ("Đơn vị dẫn đầu", "Hoàn thành 10/10 nhiệm vụ", "Mô hình một cửa"), strict=True))


def _put(ws: Any, row: int, col: int, value: Any, legacy: str | None, font: Font | None) -> None:
    if isinstance(value, str) and legacy:
        value = to_legacy(value, legacy)  # type: ignore[arg-type]
    cell = ws.cell(row=row, column=col, value=value)
    if font is not None and isinstance(value, str):
        cell.font = font


def write_unit_workbook(
    path: Path,
    info: dict[str, Any] | None = None,
    components: Sequence[dict[str, Any]] | None = None,
    nominees: Sequence[dict[str, Any]] | None = None,
    achievements: dict[str, Any] | None = None,
    *,
    label_col: int = 1,
    title_rows: int = 0,
    column_order: Sequence[str] | None = None,
    extra_columns: bool = False,
    extra_sheet: bool = False,
    omit_sheets: Sequence[str] = (),
    sheet_names: dict[str, str] | None = None,
    legacy: dict[str, str] | None = None,
) -> Path:
    """Write a unit workbook. Variants: labels in another column (`label_col`, 1-based), title rows
    above the labels/headers, table columns in another order, an extra column, an extra sheet,
    sheets left out or renamed, and legacy text: `legacy={"ThongTin": "tcvn3"}` writes that sheet's
    text values in TCVN3/VNI with a .VnTime / VNI-Times font."""
    info = default_info() if info is None else info
    components = default_components() if components is None else components
    nominees = default_nominees() if nominees is None else nominees
    achievements = default_achievements() if achievements is None else achievements
    names = {"ThongTin": "ThongTin", "ChiSo": "ChiSo", "CaNhan": "CaNhan", "ThanhTich": "ThanhTich"}
    names.update(sheet_names or {})
    legacy = legacy or {}
    fonts = {"tcvn3": Font(name=".VnTime"), "vni": Font(name="VNI-Times")}

    wb = Workbook()
    wb.remove(wb.active)
    if extra_sheet:
        ws = wb.create_sheet("HuongDan")
        ws["A1"] = "Hướng dẫn: điền các trang ThongTin, ChiSo, CaNhan, ThanhTich"

    def label_sheet(key: str, data: dict[str, Any]) -> None:
        if key in omit_sheets:
            return
        ws = wb.create_sheet(names[key])
        enc = legacy.get(key)
        font = fonts[enc] if enc else None
        for t in range(title_rows):
            ws.cell(row=t + 1, column=1, value=f"PHIẾU TỔNG HỢP KẾT QUẢ THI ĐUA ({t + 1})")
        for i, (label, value) in enumerate(data.items()):
            row = title_rows + i + 1
            ws.cell(row=row, column=label_col, value=label)
            _put(ws, row, label_col + 1, value, enc, font)
            if extra_columns:
                ws.cell(row=row, column=label_col + 2, value="ghi chú thêm")

    def table_sheet(key: str, headers: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
        if key in omit_sheets:
            return
        ws = wb.create_sheet(names[key])
        enc = legacy.get(key)
        font = fonts[enc] if enc else None
        order = list(column_order) if column_order and set(column_order) <= set(headers) else list(headers)
        order += [h for h in headers if h not in order]
        if extra_columns:
            order.insert(1, "Cột thêm")
        for t in range(title_rows):
            ws.cell(row=t + 1, column=1, value=f"DANH SÁCH ({t + 1})")
        header_row = title_rows + 1
        for c, h in enumerate(order, start=label_col):
            ws.cell(row=header_row, column=c, value=h)
        for r, data in enumerate(rows, start=header_row + 1):
            for c, h in enumerate(order, start=label_col):
                value = data.get(h, "thêm" if h == "Cột thêm" else None)
                if value is not None:
                    _put(ws, r, c, value, enc, font)

    label_sheet("ThongTin", info)
    table_sheet("ChiSo", COMPONENT_HEADERS, components)
    table_sheet("CaNhan", NOMINEE_HEADERS, nominees)
    label_sheet("ThanhTich", achievements)
    ws = wb.create_sheet("_meta")
    ws["A1"], ws["B1"] = "template_version", "1"
    ws.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def default_units() -> list[dict[str, Any]]:
    return [
        {"Mã đơn vị": "PNV", "Tên đơn vị": "Phòng Nội vụ", "Loại đơn vị": "Phòng, ban", "Người đứng đầu": "Nguyễn Văn A",
         "Chức vụ người đứng đầu": "Trưởng phòng", "Số biên chế": 12, "Điểm CCHC chính thức": None},
        {"Mã đơn vị": "TCKH", "Tên đơn vị": "Phòng Tài chính - Kế hoạch", "Loại đơn vị": "Phòng, ban",
         "Người đứng đầu": "Phạm Thị Lan", "Chức vụ người đứng đầu": "Trưởng phòng", "Số biên chế": 9,
         "Điểm CCHC chính thức": 88.25},
        {"Mã đơn vị": "007", "Tên đơn vị": "UBND xã Phước Hậu", "Loại đơn vị": "UBND xã", "Người đứng đầu": "Đặng Văn Tư",
         "Chức vụ người đứng đầu": "Chủ tịch", "Số biên chế": 21, "Điểm CCHC chính thức": None},
    ]  # fmt: skip


def default_assignments() -> list[dict[str, Any]]:
    return [
        {"Bộ chỉ số": "PAR INDEX", "Mã chỉ số": "PAR-01", "Tên chỉ số thành phần": "Công tác chỉ đạo, điều hành",
         "Đơn vị phụ trách": "PNV", "Điểm tối đa năm trước": 10, "Điểm năm trước": 8, "Điểm tối đa năm nay": 10,
         "Điểm năm nay": None},
        {"Bộ chỉ số": "PCI", "Mã chỉ số": "PCI-02", "Tên chỉ số thành phần": "Tiếp cận đất đai",
         "Đơn vị phụ trách": "PNV", "Điểm tối đa năm trước": 10, "Điểm năm trước": None, "Điểm tối đa năm nay": 10,
         "Điểm năm nay": None},
        {"Bộ chỉ số": "PCI", "Mã chỉ số": "PCI-02", "Tên chỉ số thành phần": "Tiếp cận đất đai",
         "Đơn vị phụ trách": "TCKH", "Điểm tối đa năm trước": 10, "Điểm năm trước": 6.5, "Điểm tối đa năm nay": 10,
         "Điểm năm nay": 7},
    ]  # fmt: skip


def write_registry_file(
    path: Path,
    units: Sequence[dict[str, Any]] | None = None,
    assignments: Sequence[dict[str, Any]] | None = None,
    *,
    title_rows: int = 0,
    reverse_columns: bool = False,
    sheet_names: tuple[str, str] = ("DonVi", "ChiSo"),
) -> Path:
    """Write danh_muc.xlsx from dicts keyed by header, with optional title rows / reversed columns."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, headers, rows in (
        (sheet_names[0], UNIT_HEADERS, default_units() if units is None else units),
        (sheet_names[1], ASSIGNMENT_HEADERS, default_assignments() if assignments is None else assignments),
    ):
        ws = wb.create_sheet(name)
        order = list(reversed(headers)) if reverse_columns else list(headers)
        for t in range(title_rows):
            ws.cell(row=t + 1, column=1, value="DANH MỤC")
        for c, h in enumerate(order, start=1):
            ws.cell(row=title_rows + 1, column=c, value=h)
        for r, data in enumerate(rows, start=title_rows + 2):
            for c, h in enumerate(order, start=1):
                if data.get(h) is not None:
                    ws.cell(row=r, column=c, value=data[h])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
