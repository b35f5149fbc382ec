"""chi_tien_thuong.xlsx (SPEC §11.2), read back with openpyxl (and printed by LibreOffice)."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.doc_factories import campaign_result, settings
from thidua_reports.cli.main import main
from thidua_reports.documents import pdf
from thidua_reports.models import CampaignResult
from thidua_reports.outputs import write
from thidua_reports.outputs.step import render
from thidua_reports.vietnamese import money_in_words
from thidua_reports.workbooks import xlsx
from thidua_reports.workbooks.payment import (
    BY_UNIT_HEADERS,
    CAPTIONS,
    HEADERS,
    PAYMENT_NAME,
    payment_book,
    unit_rows,
)

LINE = "Kèm theo Quyết định số {}/QĐ-UBND ngày 10/12/2021 của Chủ tịch Ủy ban nhân dân huyện Ninh Phước"


def _write(tmp_path: Path, result: CampaignResult | None = None, **issuer: object) -> Path:
    path = tmp_path / PAYMENT_NAME
    path.write_bytes(render(write.payment_output(result or campaign_result(), settings(**issuer))))
    return path


def _rows(ws: Worksheet, first: int, last: int | None = None) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_row=last or ws.max_row)]


def _row_of(ws: Worksheet, text: str) -> int:
    return next(c.row for row in ws.iter_rows() for c in row if c.value == text)


def test_payment_list_rows_in_the_order_of_the_decision(tmp_path: Path) -> None:
    wb = load_workbook(_write(tmp_path))
    assert wb.sheetnames == ["ChiTien", "TheoDonVi"]
    ws = wb["ChiTien"]
    assert _rows(ws, 1, 3) == [["Đơn vị: Ủy ban nhân dân huyện Ninh Phước", None, None, None, None, None],
                               ["DANH SÁCH CHI TIỀN THƯỞNG", None, None, None, None, None],
                               [LINE.format("05"), None, None, None, None, None]]
    assert _rows(ws, 5, 14) == [
        HEADERS,
        ["I", "TẬP THỂ", None, None, None, None],
        [1, "Phòng Nội vụ", "Phòng Nội vụ", "Giấy khen", 900000, None],
        [2, "Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "Giấy khen", 900000, None],
        ["II", "CÁ NHÂN", None, None, None, None],
        [1, "Nguyễn Thị Hoa", "Phòng Nội vụ", "Giấy khen", 450000, None],
        [2, "Trần Văn Bình", "Phòng Tài chính - Kế hoạch", "Giấy khen", 450000, None],
        [3, "Lê Thị Ánh", "UBND xã Phước Hậu", "Giấy khen", 450000, None],
        [None, "Tổng cộng", None, None, 3150000, None],
        ["Số tiền bằng chữ: Ba triệu một trăm năm mươi nghìn đồng.", None, None, None, None, None],
    ]
    assert HEADERS == ["STT", "Tập thể / Họ và tên", "Đơn vị", "Hình thức", "Số tiền (đồng)", "Ký nhận"]
    assert ws["A15"].value == "Tổng số: 2 tập thể, 3 cá nhân."
    assert ws["D16"].value == "Ninh Phước, ngày …… tháng …… năm ……"


def test_amounts_are_numbers_with_thousands_and_the_total_matches(tmp_path: Path) -> None:
    result = campaign_result()
    ws = load_workbook(_write(tmp_path, result))["ChiTien"]
    amounts = [ws.cell(r, 5) for r in range(6, 14) if isinstance(ws.cell(r, 1).value, int)]
    assert [c.value for c in amounts] == [900000, 900000, 450000, 450000, 450000]
    total = ws.cell(_row_of(ws, "Tổng cộng"), 5)
    for cell in [*amounts, total]:
        assert cell.data_type == "n" and cell.number_format == "#,##0"
    assert total.value == sum(c.value for c in amounts) == result.totals.total == 3150000
    assert total.font.b and ws.cell(total.row, 2).font.b
    words = ws.cell(total.row + 1, 1).value
    assert words == f"Số tiền bằng chữ: {result.totals.total_words}." == \
        f"Số tiền bằng chữ: {money_in_words(result.totals.total)}."
    assert ws["B7"].border.left.style == "thin" and ws["F7"].border.bottom.style == "thin"
    assert ws["B5"].font.b and ws["B5"].alignment.horizontal == "center"


def test_signature_captions(tmp_path: Path) -> None:
    ws = load_workbook(_write(tmp_path))["ChiTien"]
    row = _row_of(ws, "NGƯỜI LẬP BIỂU")
    assert [ws.cell(row, c).value for c in (1, 3, 5)] == CAPTIONS == ["NGƯỜI LẬP BIỂU", "KẾ TOÁN",
                                                                      "THỦ TRƯỞNG ĐƠN VỊ"]
    assert [ws.cell(row + 1, c).value for c in (1, 3, 5)] == ["(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)",
                                                              "(Ký tên, đóng dấu)"]
    assert all(ws.cell(row, c).font.b for c in (1, 3, 5))
    assert {f"A{row}:B{row}", f"C{row}:D{row}", f"E{row}:F{row}"} <= {str(m) for m in ws.merged_cells.ranges}
    assert ws.row_dimensions[row + 2].height >= 60  # room to sign


def test_by_unit_subtotals_add_up_to_the_total(tmp_path: Path) -> None:
    result = campaign_result()
    ws = load_workbook(_write(tmp_path, result))["TheoDonVi"]
    assert ws["A2"].value == "TỔNG HỢP TIỀN THƯỞNG THEO ĐƠN VỊ" and ws["A3"].value == LINE.format("05")
    assert _rows(ws, 5) == [
        BY_UNIT_HEADERS,
        [1, "PNV", "Phòng Nội vụ", 1, 1, 2, 1350000],
        [2, "TCKH", "Phòng Tài chính - Kế hoạch", 1, 1, 2, 1350000],
        [3, "XA-PH", "UBND xã Phước Hậu", 0, 1, 1, 450000],
        [None, None, "Tổng cộng", 2, 3, 5, 3150000],
    ]
    assert sum(ws.cell(r, 7).value for r in range(6, 9)) == ws["G9"].value == result.totals.total
    assert all(ws.cell(r, 7).number_format == "#,##0" for r in range(6, 10))


def test_both_sheets_print_on_a4_portrait_one_page_wide_with_the_header_repeated(tmp_path: Path) -> None:
    wb = load_workbook(_write(tmp_path))
    for ws in wb:
        setup = ws.page_setup
        assert (setup.orientation, str(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
            "portrait", "9", 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$5:$5"
        assert "A2:" in " ".join(str(m) for m in ws.merged_cells.ranges)  # the title across the table
        assert ws.oddFooter.center.text == "Trang &P/&N"


def test_a_draft_has_no_decision_number(tmp_path: Path) -> None:
    wb = load_workbook(_write(tmp_path, decision_number=""))
    assert [wb[name]["A3"].value for name in wb.sheetnames] == [LINE.format("     ")] * 2
    day_blank = load_workbook(_write(tmp_path, decision_number="", date_blank=True))["ChiTien"]["A3"].value
    assert day_blank.endswith("ngày       /12/2021 của Chủ tịch Ủy ban nhân dân huyện Ninh Phước")


def test_after_the_vote_only_the_awarded_are_paid(tmp_path: Path) -> None:
    result = campaign_result(council=True)
    ws = load_workbook(_write(tmp_path, result))["ChiTien"]
    names = [ws.cell(r, 2).value for r in range(6, ws.max_row + 1)]
    assert "Lê Thị Ánh" not in names and "Trần Văn Bình" in names
    assert ws.cell(_row_of(ws, "Tổng cộng"), 5).value == result.totals.total == 2700000
    assert [r[0] for r in unit_rows(result)] == ["PNV", "TCKH"]


def test_nothing_awarded_gives_an_empty_list_with_a_zero_total(tmp_path: Path) -> None:
    result = campaign_result()
    for item in [*result.units, *result.individuals]:
        item.selected, item.amount, item.list_number = False, 0, None
    result.totals = dataclasses.replace(result.totals, collectives=0, individuals=0, total=0,
                                        total_words=money_in_words(0))
    ws = load_workbook(_write(tmp_path, result))["ChiTien"]
    assert _rows(ws, 6, 7) == [[None, "Tổng cộng", None, None, 0, None],
                               ["Số tiền bằng chữ: Không đồng.", None, None, None, None, None]]


def test_equal_content_gives_equal_bytes_and_the_key_follows_the_content() -> None:
    first, second = write.payment_output(campaign_result(), settings()), write.payment_output(
        campaign_result(), settings())
    assert render(first) == render(second) and first.key == second.key
    assert write.payment_output(campaign_result(), settings(decision_number="6")).key != first.key


def test_the_form_styles_leave_the_other_workbooks_as_they_were() -> None:
    plain = xlsx.Book()
    plain.add_sheet("A").put(1, 1, "x", xlsx.BOLD)
    data = plain.to_bytes(title="t", creator="c", when=datetime(2021, 12, 10))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("xl/styles.xml").decode() == xlsx._STYLES
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    # one narrow column: portrait, chosen from the content (print_plan.py)
    assert 'orientation="portrait"' in sheet and "<mergeCells" not in sheet and "customHeight" not in sheet
    book = payment_book(campaign_result(), settings())
    assert book.sheets[0].portrait and xlsx._STYLES != xlsx._FORM_STYLES


def _many(n: int) -> CampaignResult:
    """campaign_result() with `n` more individuals awarded, enough for several printed pages."""
    result = campaign_result()
    model = result.selected_individuals[0]
    extra = [dataclasses.replace(model, nominee=dataclasses.replace(model.nominee, name=f"Người thứ {k}"),
                                 list_number=4 + k) for k in range(n)]
    result.individuals += extra
    total = sum(x.amount for x in [*result.selected_units, *result.selected_individuals])
    result.totals = dataclasses.replace(result.totals, individuals=3 + n, total=total,
                                        total_words=money_in_words(total))
    return result


@pytest.mark.skipif(pdf.find_soffice() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice hoặc pdftotext không có trên máy")
def test_printed_pages_are_portrait_and_repeat_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, _many(40))
    profile = tmp_path / "profile"
    subprocess.run([str(pdf.find_soffice()), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    printed = path.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert "595.3 x 841.89 pts (A4)" in info or "595.304 x 841.89 pts (A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    payment = [p for p in pages if "Ký nhận" in p]
    assert len(payment) >= 2  # the list runs over pages, each with the header row and every column
    assert all("Tập thể / Họ và tên" in p and "Số tiền (đồng)" in p for p in payment)
    assert "Người thứ 39" in text and "THỦ TRƯỞNG ĐƠN VỊ" in payment[-1]


def test_demo_writes_the_payment_list_matching_ket_qua(tmp_path: Path) -> None:
    ws_dir = tmp_path / "demo"
    run = CliRunner().invoke(main, ["demo", str(ws_dir)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    year = ws_dir / "output" / "2021"
    data = json.loads((year / "ket_qua.json").read_text(encoding="utf-8"))
    manifest = json.loads((year / "manifest.json").read_text(encoding="utf-8"))
    assert "output/2021/chi_tien_thuong.xlsx" in {o["path"] for o in manifest["outputs"]}
    wb = load_workbook(year / PAYMENT_NAME)
    pay, by_unit = wb["ChiTien"], wb["TheoDonVi"]
    total = pay.cell(_row_of(pay, "Tổng cộng"), 5).value
    assert total == by_unit.cell(_row_of(by_unit, "Tổng cộng"), 7).value == data["totals"]["total"] == 9900000
    paid = [(pay.cell(r, 2).value, pay.cell(r, 5).value) for r in range(6, _row_of(pay, "Tổng cộng"))
            if isinstance(pay.cell(r, 1).value, int)]
    chosen = sorted((u for u in data["units"] if u["selected"]), key=lambda u: u["list_number"])
    people = sorted((i for i in data["individuals"] if i["selected"]), key=lambda i: i["list_number"])
    assert paid == [(u["name"], u["amount"]) for u in chosen] + [(i["name"], i["amount"]) for i in people]
    assert sum(amount for _, amount in paid) == total
    subtotals = [by_unit.cell(r, 7).value for r in range(6, _row_of(by_unit, "Tổng cộng"))]
    assert sum(subtotals) == total and len(subtotals) == len({u["code"] for u in chosen}
                                                             | {i["unit_code"] for i in people})
    assert pay["A3"].value.startswith("Kèm theo Quyết định số ")
