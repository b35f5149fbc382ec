"""danh_muc.xlsx: reading by header text, every error at once, writing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.builders import default_assignments, default_units, write_registry_file
from thidua_reports.errors import RegistryError
from thidua_reports.intake.registry import load_registry, write_registry
from thidua_reports.models import Assignment, Problem, Registry, Unit


def _errors(path: Path) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(RegistryError) as exc:
        load_registry(path)
    return [(p.sheet, p.cell, p.message) for p in exc.value.problems]


@pytest.mark.parametrize("layout", [{}, {"title_rows": 3}, {"reverse_columns": True}, {"sheet_names": ("Don Vi", "chiso")}])
def test_reads_units_and_assignments(tmp_path: Path, layout: dict) -> None:
    registry, warnings = load_registry(write_registry_file(tmp_path / "danh_muc.xlsx", **layout))
    assert warnings == []
    assert [u.code for u in registry.units] == ["PNV", "TCKH", "007"]
    tckh = registry.units[1]
    assert (tckh.name, tckh.kind, tckh.head_name, tckh.head_title, tckh.staffing, tckh.official_score) == (
        "Phòng Tài chính - Kế hoạch", "Phòng, ban", "Phạm Thị Lan", "Trưởng phòng", 9, Decimal("88.25"))
    assert registry.units[0].official_score is None
    a = registry.assignments[2]
    assert (a.index_set, a.code, a.name, a.unit_code) == ("PCI", "PCI-02", "Tiếp cận đất đai", "TCKH")
    assert (a.prior_max, a.prior_score, a.current_max, a.current_score) == (
        Decimal(10), Decimal("6.5"), Decimal(10), Decimal(7))
    assert [x.code for x in registry.assignments_for("PNV")] == ["PAR-01", "PCI-02"]
    assert registry.assignments[1].prior_score is None


def test_numeric_codes_become_text(tmp_path: Path) -> None:
    units = default_units()
    units[2]["Mã đơn vị"] = 7
    assignments = default_assignments()
    assignments[0]["Đơn vị phụ trách"] = 7.0
    registry, _ = load_registry(write_registry_file(tmp_path / "r.xlsx", units, assignments))
    assert registry.units[2].code == "7"
    assert registry.assignments[0].unit_code == "7"


def test_every_error_listed_with_cells(tmp_path: Path) -> None:
    units = default_units() + [{"Mã đơn vị": "PNV", "Tên đơn vị": "Trùng", "Số biên chế": 3}, {}]
    units[1]["Số biên chế"] = "chín"
    units[2]["Điểm CCHC chính thức"] = 101
    assignments = default_assignments() + [dict(default_assignments()[0])]
    assignments[1]["Đơn vị phụ trách"] = "XYZ"
    assignments[2]["Điểm năm nay"] = 12
    assert _errors(write_registry_file(tmp_path / "r.xlsx", units, assignments)) == [
        ("DonVi", "F3", 'Ô F3 (Số biên chế): "chín" không phải là số; hãy nhập số nguyên, ví dụ 12'),
        ("DonVi", "G4", "Ô G4 (Điểm CCHC chính thức): 101 nằm ngoài khoảng 0–100; hãy nhập điểm từ 0 đến 100"),
        ("DonVi", "A5", 'Ô A5 (Mã đơn vị): mã "PNV" trùng với ô A2; hãy đặt cho mỗi đơn vị một mã riêng'),
        ("ChiSo", "D3", 'Ô D3 (Đơn vị phụ trách): mã "XYZ" không có trong trang DonVi; '
                        "hãy nhập mã của một đơn vị trong trang DonVi"),
        ("ChiSo", "H4", "Ô H4 (Điểm năm nay): 12 không hợp lệ; hãy nhập 0 đến 10"),
        ("ChiSo", "B5", 'Ô B5 (Mã chỉ số): chỉ số "PAR-01" của đơn vị "PNV" trùng với dòng 2; hãy xóa một dòng'),
    ]


def test_error_message_header(tmp_path: Path) -> None:
    units = default_units()
    units[0]["Số biên chế"] = "x"
    with pytest.raises(RegistryError) as exc:
        load_registry(write_registry_file(tmp_path / "danh_muc.xlsx", units))
    assert str(exc.value) == (
        "Tệp danh mục danh_muc.xlsx có 1 lỗi, hãy sửa rồi chạy lại:\n"
        '  - danh_muc.xlsx, trang DonVi, ô F2: Ô F2 (Số biên chế): "x" không phải là số; hãy nhập số nguyên, ví dụ 12'
    )


def test_blank_staffing_is_a_warning(tmp_path: Path) -> None:
    units = default_units()
    units[0]["Số biên chế"] = None
    registry, warnings = load_registry(write_registry_file(tmp_path / "r.xlsx", units))
    assert registry.units[0].staffing is None
    assert warnings == [Problem("r.xlsx", "DonVi", "F2", "warning", "Ô F2 (Số biên chế): trống; tỷ lệ vi phạm kỷ luật "
                                "của đơn vị sẽ không tính được; hãy nhập số biên chế")]


def test_missing_file_sheet_and_header(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as exc:
        load_registry(tmp_path / "danh_muc.xlsx")
    assert str(exc.value) == (
        'Không tìm thấy tệp danh mục danh_muc.xlsx trong thư mục làm việc; hãy chạy "thidua init <thư mục>" '
        "để tạo tệp mẫu rồi điền danh sách đơn vị và chỉ số")
    wb = Workbook()
    wb.active.title = "DonVi"
    wb.active.append(["Mã đơn vị", "Tên đơn vị"])
    wb.save(tmp_path / "r.xlsx")
    assert _errors(tmp_path / "r.xlsx") == [
        (None, None, 'Thiếu trang tính "ChiSo"; hãy thêm trang này như trong tệp do lệnh thidua init tạo ra'),
        ("DonVi", None, 'Thiếu cột “Số biên chế” trong 10 dòng đầu của trang "DonVi"; hãy thêm dòng tiêu đề có đủ '
                        "các cột như tệp do lệnh thidua init tạo ra"),
    ]


def test_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "danh_muc.xlsx").write_text("abc")
    with pytest.raises(RegistryError) as exc:
        load_registry(tmp_path / "danh_muc.xlsx")
    assert str(exc.value) == ("Không đọc được tệp danh mục danh_muc.xlsx: Tệp bị hỏng (không giải nén được); "
                              "hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi gửi lại")


def test_write_round_trip_and_format(tmp_path: Path) -> None:
    registry = Registry(
        [Unit("007", "UBND xã Phước Hậu", "UBND xã", "Đặng Văn Tư", "Chủ tịch", 21, Decimal("88.25"))],
        [Assignment("PCI", "PCI-02", "Tiếp cận đất đai", "007", Decimal(10), Decimal("6.3"), Decimal(10), None)],
    )
    path = tmp_path / "danh_muc.xlsx"
    write_registry(path, registry)
    loaded, warnings = load_registry(path)
    assert warnings == []
    assert loaded.units[0].code == "007" and loaded.units[0].official_score == Decimal("88.25")
    assert loaded.assignments[0].prior_score == Decimal("6.3") and loaded.assignments[0].current_score is None
    wb = load_workbook(path)
    ws = wb["DonVi"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold and ws["A2"].number_format == "@"
    assert ws.column_dimensions["B"].width == 40
    assert wb["ChiSo"]["D2"].number_format == "@"


def test_write_blank_registry(tmp_path: Path) -> None:
    path = tmp_path / "danh_muc.xlsx"
    write_registry(path, None)
    wb = load_workbook(path)
    assert wb.sheetnames == ["DonVi", "ChiSo"]
    assert [c.value for c in wb["DonVi"][1]] == [
        "Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Người đứng đầu", "Chức vụ người đứng đầu", "Số biên chế",
        "Điểm CCHC chính thức"]  # fmt: skip
    assert wb["ChiSo"].max_row == 1
    registry, warnings = load_registry(path)
    assert registry.units == [] and registry.assignments == []
    assert [w.message for w in warnings] == ['Trang "DonVi" chưa có đơn vị nào; hãy nhập mỗi đơn vị tham gia thi đua một dòng']


def test_codes_giving_one_file_name_are_refused(tmp_path: Path) -> None:
    # kiem_tra/<code>.xlsx and tom_tat/<code>.docx are named from the code: one unit would overwrite the other
    units = default_units() + [{"Mã đơn vị": "a/b", "Tên đơn vị": "A", "Số biên chế": 3},
                               {"Mã đơn vị": "A_B", "Tên đơn vị": "B", "Số biên chế": 3},
                               {"Mã đơn vị": "Xã-1", "Tên đơn vị": "C", "Số biên chế": 3},
                               {"Mã đơn vị": "XA-1", "Tên đơn vị": "D", "Số biên chế": 3}]
    assert _errors(write_registry_file(tmp_path / "r.xlsx", units)) == [
        ("DonVi", "A6", 'Ô A6 (Mã đơn vị): mã "A_B" và mã "a/b" ở ô A5 cho cùng một tên tệp kết quả (a_b.xlsx); '
                        'hãy đổi một mã, chỉ dùng chữ không dấu, số và dấu "-"'),
        ("DonVi", "A8", 'Ô A8 (Mã đơn vị): mã "XA-1" và mã "Xã-1" ở ô A7 cho cùng một tên tệp kết quả (xa-1.xlsx); '
                        'hãy đổi một mã, chỉ dùng chữ không dấu, số và dấu "-"'),
    ]
