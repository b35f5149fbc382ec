"""The blank council form quyet_dinh_hoi_dong.xlsx: sheets, headers, dropdowns, print setup, stable
bytes, read back by the council reader, written by `thidua templates`."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from thidua_reports.cli.main import main
from thidua_reports.config import Settings, load_settings
from thidua_reports.decision.council import read_overrides
from thidua_reports.demo import build_demo
from thidua_reports.pipeline import decide, gather, load
from thidua_reports.workbooks.council_form import (
    COUNCIL_FORM_NAME,
    DECISION_HEADERS,
    DECISION_ROWS,
    MEETING_LABELS,
    MEMBER_HEADERS,
    MEMBER_ROWS,
    VOTE_HEADERS,
    VOTE_ROWS,
    write_council_form,
)

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "input_templates" / COUNCIL_FORM_NAME
SHEETS = ["HuongDan", "QuyetDinh", "ThanhVien", "PhienHop", "BieuQuyet"]
# the texts SPEC §6.4 and §10 give, spelled out here so that a change of the constants shows
EXPECTED_HEADERS = {
    "QuyetDinh": ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"],
    "ThanhVien": ["STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt"],
    "BieuQuyet": ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Số phiếu đồng ý", "Số phiếu không đồng ý"],
}
MEETING = ["Thời gian bắt đầu", "Thời gian kết thúc", "Địa điểm", "Hình thức biểu quyết"]
ROLES = '"Chủ tịch Hội đồng,Phó Chủ tịch Hội đồng,Ủy viên,Ủy viên thư ký"'


@pytest.fixture
def form(tmp_path: Path) -> Path:
    return write_council_form(tmp_path / COUNCIL_FORM_NAME)


def _validations(ws, ref: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]


def _lists(ws, ref: str) -> list[str]:
    return [dv.formula1 for dv in _validations(ws, ref) if dv.type == "list"]


def test_sheets_and_headers_are_exactly_those_the_readers_look_for(form: Path) -> None:
    wb = load_workbook(form)
    assert wb.sheetnames == SHEETS and wb.active.title == "HuongDan"
    for name, headers in EXPECTED_HEADERS.items():
        assert [c.value for c in wb[name][1]] == headers, name
    assert [list(DECISION_HEADERS), list(MEMBER_HEADERS), list(VOTE_HEADERS)] == list(EXPECTED_HEADERS.values())
    meeting = wb["PhienHop"]
    assert [c.value for c in meeting[1]] == ["Nội dung", "Giá trị", "Hướng dẫn nhập"]
    assert [meeting.cell(row=r, column=1).value for r in range(2, 6)] == MEETING == list(MEETING_LABELS)
    assert all(meeting.cell(row=r, column=2).value is None for r in range(2, 6))
    for name in ("QuyetDinh", "ThanhVien", "BieuQuyet"):  # blank: nothing under the header
        assert all(c.value is None for row in wb[name].iter_rows(min_row=2) for c in row), name


def test_dropdowns_and_whole_numbers_on_the_right_columns(form: Path) -> None:
    wb = load_workbook(form)
    decisions, members, votes = wb["QuyetDinh"], wb["ThanhVien"], wb["BieuQuyet"]
    for row in (2, DECISION_ROWS + 1):
        assert _lists(decisions, f"A{row}") == ['"Tập thể,Cá nhân"']
        assert _lists(decisions, f"D{row}") == ['"Chọn,Loại"']
    assert _validations(decisions, f"A{DECISION_ROWS + 2}") == []
    for col in "BCE":
        assert _validations(decisions, f"{col}2") == []
    for row in (2, MEMBER_ROWS + 1):
        assert _lists(members, f"D{row}") == [ROLES]
        assert _lists(members, f"E{row}") == ['"Có,Không"']
    assert _lists(wb["PhienHop"], "B5") == ['"Giơ tay,Bỏ phiếu kín"']
    assert _validations(wb["PhienHop"], "B2") == []
    for row in (2, VOTE_ROWS + 1):
        assert _lists(votes, f"A{row}") == ['"Tập thể,Cá nhân"']
        for col in "DE":
            (count,) = _validations(votes, f"{col}{row}")
            assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
            assert count.showErrorMessage and count.allow_blank
    assert all(dv.showErrorMessage for ws in wb.worksheets for dv in ws.data_validations.dataValidation)


def test_headers_print_setup_and_input_cells(form: Path) -> None:
    wb = load_workbook(form)
    for name in SHEETS:
        ws = wb[name]
        assert ws.page_setup.paperSize == 9, name  # A4
        assert ws.column_dimensions["A"].width > 5, name
    for name in ("QuyetDinh", "ThanhVien", "PhienHop", "BieuQuyet"):
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert all(c.font.bold and c.protection.locked for c in ws[1]), name
        assert ws["B2"].protection.locked is False, name
        assert ws.protection.sheet and not ws.protection.password, name
    assert wb["QuyetDinh"].page_setup.orientation == "landscape"
    assert wb["QuyetDinh"].print_title_rows == "$1:$1"
    assert wb["QuyetDinh"]["B2"].number_format == "@"  # unit codes such as 007 keep their zeros
    assert wb["BieuQuyet"]["B2"].number_format == "@" and wb["BieuQuyet"]["D2"].number_format == "0"
    assert wb["PhienHop"]["B2"].number_format == "DD/MM/YYYY HH:MM"
    assert wb["PhienHop"]["A2"].protection.locked is True


def test_instructions_in_vietnamese_nfc(form: Path, demo_settings: Settings, tmp_path: Path) -> None:
    wb = load_workbook(form)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    texts += [t for ws in wb.worksheets for dv in ws.data_validations.dataValidation
              for t in (dv.formula1, dv.prompt, dv.error) if t]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    guide = " ".join(c.value for c in wb["HuongDan"]["A"] if c.value)
    assert "quyet_dinh_hoi_dong.xlsx" in guide and "thư mục làm việc" in guide
    assert "được coi như không có" in guide
    for name in SHEETS[1:]:
        assert f"Trang {name}" in guide
    filled = load_workbook(write_council_form(tmp_path / "ws.xlsx", demo_settings))
    guide = " ".join(c.value for c in filled["HuongDan"]["A"] if c.value)
    assert "Hội đồng Thi đua - Khen thưởng huyện Ninh Phước" in guide
    assert "từ 2/3 trở lên" in guide and "trên 1/2 tổng số thành viên Hội đồng" in guide


def test_same_bytes_on_every_run(tmp_path: Path, demo_settings: Settings) -> None:
    first = write_council_form(tmp_path / "a" / COUNCIL_FORM_NAME).read_bytes()
    assert write_council_form(tmp_path / "b" / COUNCIL_FORM_NAME).read_bytes() == first
    with_settings = write_council_form(tmp_path / "c.xlsx", demo_settings).read_bytes()
    assert write_council_form(tmp_path / "d.xlsx", demo_settings).read_bytes() == with_settings != first
    assert COMMITTED.read_bytes() == first, (
        "input_templates/ is stale: regenerate it with council_form.write_council_form")


def test_the_council_reader_sees_no_rows_in_the_blank_form(form: Path) -> None:
    assert read_overrides(form) == []


def test_a_filled_row_is_read_back(form: Path) -> None:
    wb = load_workbook(form)
    ws = wb["QuyetDinh"]
    for col, value in zip("ABCDE", ["Cá nhân", "007", "Nguyễn Thị Hoa", "Chọn", "Sáng kiến cấp huyện"],
                          strict=True):
        ws[f"{col}3"] = value
    wb.save(form)
    (row,) = read_overrides(form)
    assert (row.kind, row.unit_code, row.name, row.decision, row.reason, row.row) == (
        "ca_nhan", "007", "Nguyễn Thị Hoa", "Chọn", "Sáng kiến cấp huyện", 3)
    assert row.cells["decision"] == "D3"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_and_prints_it(form: Path, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(form)],
                   check=True, capture_output=True, timeout=180)
    pdf = (out / COUNCIL_FORM_NAME).with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


# --- `thidua templates` and the run -------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = build_demo(tmp_path_factory.mktemp("council") / "ws")
    (ws / COUNCIL_FORM_NAME).unlink()  # the demo's filled council file: these tests put the blank form there
    return ws


def test_templates_writes_the_council_form(workspace: Path) -> None:
    target = workspace / "mau_nhap" / COUNCIL_FORM_NAME
    target.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["templates", "-w", str(workspace)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Đã ghi mẫu quyết định của Hội đồng (điền sau phiên họp): {target.resolve()}" in result.output
    settings = load_settings(workspace)
    expected = write_council_form(workspace / "expected.xlsx", settings).read_bytes()
    assert target.read_bytes() == expected
    target.unlink()
    blank = CliRunner().invoke(main, ["templates", "-w", str(workspace), "--blank"], catch_exceptions=False)
    assert blank.exit_code == 0, blank.output
    assert target.read_bytes() == expected


def test_templates_blank_writes_it_without_a_workspace(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["templates", "-w", str(tmp_path), "--blank"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mau_nhap" / COUNCIL_FORM_NAME).read_bytes() == COMMITTED.read_bytes()


def test_the_blank_form_at_the_workspace_root_changes_nothing(workspace: Path) -> None:
    def selected() -> tuple[list[str], list[str]]:
        loaded = load(workspace)
        result = decide(loaded, gather(loaded, use_cache=False))
        return ([u.unit.code for u in result.selected_units],
                [f"{i.unit_code}/{i.nominee.name}" for i in result.selected_individuals])

    without = selected()
    assert without[0] and without[1]
    write_council_form(workspace / COUNCIL_FORM_NAME, load_settings(workspace))
    try:
        assert selected() == without
    finally:
        (workspace / COUNCIL_FORM_NAME).unlink()
