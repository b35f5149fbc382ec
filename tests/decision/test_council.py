"""Council overrides (SPEC §6.4): reading by header text, Chọn/Loại, no back-fill, errors with cells."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.factories import make_settings, nominee, unit
from thidua_reports.decision.council import apply_overrides, load_and_apply, read_overrides
from thidua_reports.errors import OverrideError
from thidua_reports.models import IndividualResult, UnitResult

SETTINGS = make_settings(quota={"collectives": 2, "individuals": 2})


def _write(path: Path, rows: list[list], title: str = "QuyetDinh") -> Path:  # type: ignore[type-arg]
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _candidates() -> tuple[list[UnitResult], list[IndividualResult]]:
    units = [UnitResult(unit=unit(c, f"Đơn vị {c}"), accepted=True, requested=True, proposed=p, eligible=p,
                        cchc_score=Decimal(90)) for c, p in (("A", True), ("B", True), ("C", False))]
    units.append(UnitResult(unit=unit("D", "Đơn vị D")))  # no file
    people = [IndividualResult(nominee=nominee(n, r), unit_code="A", unit_name="Đơn vị A", proposed=p, eligible=p)
              for n, r, p in (("Nguyễn Thị Hoa", 2, True), ("Trần Văn Bình", 3, True), ("Lê Thị Cúc", 4, False))]
    return units, people


def test_read_by_header_text_anywhere(tmp_path: Path) -> None:
    path = _write(tmp_path / "qd.xlsx", [
        ["Quyết định của Hội đồng thi đua"],
        [],
        ["Ghi chú", "Quyết định (Chọn/Loại)", "Họ và tên", "Mã đơn vị", "Loại (Tập thể/Cá nhân)", "Lý do"],
        ["x", "chọn", "", "C", "tập thể", "Mô hình hay"],
        [None, None, None, None, None, None],
        ["", "Loại", "Nguyễn Thị Hoa", "A", "Cá nhân", "Hội đồng bỏ phiếu"],
    ], title=" quyetdinh ")
    rows = read_overrides(path)
    assert [(r.kind, r.unit_code, r.name, r.decision, r.reason, r.row) for r in rows] == [
        ("tap_the", "C", "", "Chọn", "Mô hình hay", 4),
        ("ca_nhan", "A", "Nguyễn Thị Hoa", "Loại", "Hội đồng bỏ phiếu", 6),
    ]
    assert rows[1].cells["name"] == "C6"


def test_bad_values_and_missing_sheet(tmp_path: Path) -> None:
    path = _write(tmp_path / "qd.xlsx", [
        ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"],
        ["Nhóm", "A", "", "Giữ", ""],
        ["Cá nhân", "A", "", "Chọn", ""],
    ])
    with pytest.raises(OverrideError) as err:
        read_overrides(path, "quyet_dinh_hoi_dong.xlsx")
    assert str(err.value) == (
        "Tệp quyet_dinh_hoi_dong.xlsx có 3 lỗi, hãy sửa rồi chạy lại:\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô A2: loại \"Nhóm\" không hợp lệ; ghi Tập thể hoặc Cá nhân\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô D2: quyết định \"Giữ\" không hợp lệ; ghi Chọn hoặc Loại\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô C3: thiếu họ và tên cá nhân"
    )
    with pytest.raises(OverrideError, match="không có trang QuyetDinh"):
        read_overrides(_write(tmp_path / "other.xlsx", [["x"]], title="Sheet1"))


def test_apply_without_backfill(tmp_path: Path) -> None:
    units, people = _candidates()
    path = _write(tmp_path / "quyet_dinh_hoi_dong.xlsx", [
        ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"],
        ["Tập thể", "B", "", "Loại", "Bị kỷ luật sau thẩm định"],
        ["Cá nhân", "A", "NGUYỄN THỊ HOA", "Loại", "Đã khen chuyên đề"],
        ["Cá nhân", "A", "Trần Văn Bình", "Chọn", "Trùng"],
    ])
    notes = load_and_apply(tmp_path, units, people, SETTINGS)
    assert path.is_file()
    assert [u.selected for u in units] == [True, False, False, False]  # C is not pulled in to fill B's place
    assert [p.selected for p in people] == [False, True, False]
    assert (units[1].override, units[1].override_reason) == ("Loại", "Bị kỷ luật sau thẩm định")
    assert [(n.cell, n.message) for n in notes] == [("D4", "Dòng 4: \"Chọn\" không làm thay đổi danh sách đề nghị")]


def test_no_file_selected_is_proposed(tmp_path: Path) -> None:
    units, people = _candidates()
    assert load_and_apply(tmp_path, units, people, SETTINGS) == []
    assert [u.selected for u in units] == [u.proposed for u in units]
    assert [p.selected for p in people] == [True, True, False]


def test_over_quota_and_unknowns(tmp_path: Path) -> None:
    units, people = _candidates()
    rows = read_overrides(_write(tmp_path / "q.xlsx", [
        ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"],
        ["Tập thể", "C", "", "Chọn", "Mô hình hay"],
        ["Cá nhân", "A", "Lê Thị Cúc", "Chọn", "Sáng kiến"],
    ]))
    with pytest.raises(OverrideError) as err:
        apply_overrides(rows, units, people, SETTINGS)
    assert str(err.value) == (
        "Danh sách tập thể được chọn có 3, vượt số lượng 2 (quota.collectives); các dòng Chọn tập thể trong "
        "quyet_dinh_hoi_dong.xlsx, trang QuyetDinh: 2. Hãy bớt dòng Chọn, thêm dòng Loại, hoặc đặt "
        "quota.allow_over = true.\n"
        "Danh sách cá nhân được chọn có 3, vượt số lượng 2 (quota.individuals); các dòng Chọn cá nhân trong "
        "quyet_dinh_hoi_dong.xlsx, trang QuyetDinh: 3. Hãy bớt dòng Chọn, thêm dòng Loại, hoặc đặt "
        "quota.allow_over = true."
    )
    over = make_settings(quota={"collectives": 2, "individuals": 2, "allow_over": True})
    apply_overrides(rows, units, people, over)
    assert (units[2].selected, units[2].eligible, people[2].override_reason) == (True, False, "Sáng kiến")

    rows = read_overrides(_write(tmp_path / "u.xlsx", [
        ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"],
        ["Tập thể", "D", "", "Chọn", ""],
        ["Cá nhân", "B", "Nguyễn Thị Hoa", "Chọn", ""],
    ]))
    with pytest.raises(OverrideError) as err:
        apply_overrides(rows, units, people, SETTINGS)
    assert str(err.value).splitlines()[1:] == [
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô B2: đơn vị D không có hồ sơ hợp lệ để xét",
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô C3: không có cá nhân \"Nguyễn Thị Hoa\" trong danh "
        "sách đề nghị hợp lệ của đơn vị B",
    ]
