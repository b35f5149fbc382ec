"""Low-level reading: refs, safety checks, grids, labels/headers by text, typed cell values."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from thidua_reports.intake import cell_values as cv
from thidua_reports.intake.sheets import (
    BadWorkbook,
    Grid,
    a1,
    col_letter,
    formula_cells_without_value,
    open_workbook,
    preflight,
    read_grid,
    sheet_lookup,
)

FIX = "hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi gửi lại"


def test_refs() -> None:
    assert [col_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
    assert a1(6, 1) == "B7"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2022.0, 2022), ("12", 12), (" 12 ", 12), ("12,0", 12), (7, 7), (None, None), ("", None), ("  ", None)],
)
def test_integer(value: object, expected: int | None) -> None:
    assert cv.integer(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("năm", '"năm" không phải là số; hãy nhập số nguyên, ví dụ 12'),
        (2022.5, "2022,5 không phải là số nguyên; hãy nhập số nguyên, ví dụ 12"),
        ("12,5", '"12,5" không phải là số nguyên; hãy nhập số nguyên, ví dụ 12'),
        (True, "TRUE không phải là số; hãy nhập số nguyên, ví dụ 12"),
    ],
)
def test_integer_errors(value: object, message: str) -> None:
    with pytest.raises(cv.CellValueError) as exc:
        cv.integer(value)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [(86.5, Decimal("86.5")), ("86,5", Decimal("86.5")), ("6,3", Decimal("6.3")), (6.3, Decimal("6.3")),
     (0.1, Decimal("0.1")), (10.0, Decimal("10")), ("1.234,5", Decimal("1234.5")), ("-2", Decimal("-2"))],
)  # fmt: skip
def test_decimal_exact(value: object, expected: Decimal) -> None:
    got = cv.decimal(value)
    assert got == expected and str(got) == str(expected)


def test_decimal_error() -> None:
    with pytest.raises(cv.CellValueError) as exc:
        cv.decimal("tám mươi")
    assert str(exc.value) == '"tám mươi" không phải là số; hãy nhập số, ví dụ 86,5'


@pytest.mark.parametrize(
    "value",
    ["25/11/2021", "25-11-2021", "2021-11-25", "25.11.2021", " 25/11/2021 ", 44525.0, 44525,
     date(2021, 11, 25), datetime(2021, 11, 25, 0, 0)],
)  # fmt: skip
def test_dates(value: object) -> None:
    assert cv.to_date(value) == date(2021, 11, 25)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2021", '"31/02/2021" không phải là ngày có thật; hãy nhập ngày dạng ngày/tháng/năm, ví dụ 25/11/2021'),
        ("hôm qua", '"hôm qua" không phải là ngày; hãy nhập ngày dạng ngày/tháng/năm, ví dụ 25/11/2021'),
        ("11/25/21", '"11/25/21" không phải là ngày; hãy nhập ngày dạng ngày/tháng/năm, ví dụ 25/11/2021'),
        (44525.5, "44525,5 không phải là ngày; hãy nhập ngày dạng ngày/tháng/năm, ví dụ 25/11/2021"),
    ],
)
def test_date_errors(value: object, message: str) -> None:
    with pytest.raises(cv.CellValueError) as exc:
        cv.to_date(value)
    assert str(exc.value) == message


def test_yes_no_and_levels() -> None:
    assert [cv.yes_no(v) for v in ("Có", "CÓ", "có ", "x", "X", "Không", "KHÔNG", True, "")] == [
        True, True, True, True, True, False, False, True, None]  # fmt: skip
    with pytest.raises(cv.CellValueError) as exc:
        cv.yes_no("Đạt")
    assert str(exc.value) == '"Đạt" không phải Có hoặc Không; hãy chọn Có hoặc Không (gõ x cũng là Có)'
    assert cv.level("Xuất sắc") == "Hoàn thành xuất sắc nhiệm vụ"
    assert cv.level("tốt") == "Hoàn thành tốt nhiệm vụ"
    assert cv.level("Hoàn thành") == "Hoàn thành nhiệm vụ"
    assert cv.level("KHÔNG HOÀN THÀNH") == "Không hoàn thành nhiệm vụ"
    assert cv.level("Hoàn thành tốt nhiệm vụ") == "Hoàn thành tốt nhiệm vụ"
    with pytest.raises(cv.CellValueError) as exc:
        cv.level("Khá")
    assert str(exc.value) == (
        '"Khá" không phải là mức hoàn thành nhiệm vụ; hãy chọn một trong: Hoàn thành xuất sắc nhiệm vụ, '
        "Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ"
    )


def test_text_is_nfc_and_integral_numbers_plain() -> None:
    assert cv.text("Pho\u0300ng  ") == "Phòng"
    assert cv.text(1.0) == "1"
    assert cv.text(7.25) == "7.25"


def _refuse(path: Path, file_mb: float = 20, unpacked_mb: float = 200) -> str:
    with pytest.raises(BadWorkbook) as exc:
        preflight(path, file_mb, unpacked_mb)
    return str(exc.value)


def test_preflight_messages(tmp_path: Path) -> None:
    empty = tmp_path / "a.xlsx"
    empty.write_bytes(b"")
    assert _refuse(empty) == "Tệp rỗng (0 byte); hãy lưu lại bảng tính rồi gửi lại"
    text = tmp_path / "b.xlsx"
    text.write_text("Mã đơn vị;PNV\n", encoding="utf-8")
    assert _refuse(text) == f"Tệp không phải là bảng tính (nội dung không đúng định dạng .xlsx); {FIX}"
    broken = tmp_path / "c.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert _refuse(broken) == f"Tệp bị hỏng (không giải nén được); {FIX}"
    big = tmp_path / "d.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\x00" * 300_000)
    assert _refuse(big, file_mb=0.25) == (
        "Tệp quá lớn (0,29 MB, giới hạn 0,25 MB); hãy xóa các trang tính, hình ảnh không cần thiết rồi gửi lại")


def test_preflight_zip_bomb_checked_from_central_directory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * 1024 * 1024))
    assert bomb.stat().st_size < 50_000
    assert _refuse(bomb, unpacked_mb=2) == (
        "Tệp khi giải nén quá lớn (3 MB, giới hạn 2 MB) nên bị từ chối; "
        "hãy xóa các dữ liệu, hình ảnh không cần thiết rồi gửi lại")
    package = preflight(bomb, 20, 4)  # under the limit: passes, the package is handed back open
    assert package is not None and package.namelist() == ["xl/worksheets/sheet1.xml"]
    package.close()


def test_grid_labels_and_headers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thong Tin"
    ws["A1"] = "PHIẾU"
    ws["C3"] = "  MÃ ĐƠN VỊ: "
    ws["D3"] = "007"
    ws["B6"], ws["C6"], ws["D6"] = "Họ và tên", "chức  vụ", "Ghi chú (nếu có)"
    wb.save(tmp_path / "g.xlsx")
    book = open_workbook(tmp_path / "g.xlsx")
    assert sheet_lookup(book) == {"thongtin": "Thong Tin"}
    grid = read_grid(book, "Thong Tin", 100)
    assert grid.find_labels(["mã đơn vị", "tên đơn vị"]) == {"mã đơn vị": (2, 2)}
    assert grid.value(2, 3) == "007"
    assert grid.find_header(["họ và tên", "chức vụ", "ghi chú"], ["họ và tên"]) == (
        5, {"họ và tên": 1, "chức vụ": 2, "ghi chú": 3})
    assert grid.find_header(["stt"], ["stt"]) is None
    with pytest.raises(BadWorkbook) as exc:
        read_grid(book, "Thong Tin", 5)
    assert str(exc.value) == 'Trang tính "Thong Tin" có 6 dòng, vượt giới hạn 5 dòng; hãy xóa các dòng thừa rồi gửi lại'
    assert isinstance(grid, Grid)


def test_formula_cells_without_value(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "ThongTin"
    ws["B2"] = "=1+2"
    ws["B3"] = 5
    wb.create_sheet("Khac")["A1"] = "=SUM(A2:A3)"
    wb.save(tmp_path / "f.xlsx")
    with zipfile.ZipFile(tmp_path / "f.xlsx") as zf:
        assert formula_cells_without_value(zf, "ThongTin") == {"B2"}
        assert formula_cells_without_value(zf, "Khac") == {"A1"}
        assert formula_cells_without_value(zf, "Không có") == set()
    assert formula_cells_without_value(None, "ThongTin") == set()


def test_sheet_copy_does_not_hide_the_original(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "ThongTin (2)"  # Excel's copy of a sheet, placed before the original
    for name in ("ThongTin", "CaNhan (2)", "Chi So", "ChiSo (2)"):
        wb.create_sheet(name)
    wb.save(tmp_path / "copies.xlsx")
    assert sheet_lookup(open_workbook(tmp_path / "copies.xlsx")) == {
        "thongtin": "ThongTin", "canhan": "CaNhan (2)", "chiso": "Chi So"}
