"""The .xlsx writer of our output workbooks, read back by openpyxl, python-calamine and LibreOffice."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import python_calamine
from openpyxl import load_workbook

from thidua_reports.documents import pdf
from thidua_reports.workbooks.xlsx import BOLD, HEADER, MAX_TEXT, TITLE, WRAP, Book, column_letter

WHEN = datetime(2021, 12, 10)


def _book() -> Book:
    book = Book()
    first = book.add_sheet("TongQuan")
    first.put(1, 1, "Kết quả kiểm tra", TITLE)
    first.put(3, 1, "Chỉ tiêu", HEADER)
    first.put(3, 2, "Số lượng", HEADER)
    first.put(4, 1, "=1+1")
    first.put(4, 2, 12)
    first.put(5, 1, "@SUM(A1:A2) +cmd & <b> \"x\"")
    first.put(5, 2, 2.5)
    first.put(6, 1, "  có khoảng trắng đầu")
    first.put(6, 2, Decimal("6.17"))
    first.put(7, 1, "Tổng", BOLD)
    first.put(7, 2, True)
    first.put(8, 1, "Dòng một\nDòng hai", WRAP)
    first.put(8, 2, float("nan"))
    first.restyle(9, 1, WRAP)
    first.freeze_rows = 3
    first.filter_ref = "A3:B8"
    first.widths = {1: 36, 2: 16.5}
    first.print_title_rows = (3, 3)
    second = book.add_sheet("Loi & <khác>")
    second.put(1, 1, "Phòng\x01 Nội vụ\x07")
    second.put(2, 1, "x" * 40_000)
    return book


def test_openpyxl_reads_values_styles_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(_book().to_bytes(title="Tổng hợp & kết quả", creator="thidua_reports", when=WHEN))
    wb = load_workbook(path)
    assert wb.sheetnames == ["TongQuan", "Loi & <khác>"]
    ws = wb["TongQuan"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=8)] == [
        ["Chỉ tiêu", "Số lượng"], ["=1+1", 12], ["@SUM(A1:A2) +cmd & <b> \"x\"", 2.5],
        ["  có khoảng trắng đầu", 6.17], ["Tổng", True], ["Dòng một\nDòng hai", None]]
    assert (ws["A4"].data_type, ws["A5"].data_type) == ("s", "s")  # text, never a formula
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A3"].font.b and ws["A3"].alignment.wrap_text and ws["A3"].alignment.vertical == "center"
    assert ws["A7"].font.b and not ws["A4"].font.b
    assert ws["A8"].alignment.wrap_text and ws["A8"].alignment.vertical == "top"
    assert ws["A9"].value is None and ws["A9"].alignment.wrap_text
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:B8"
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (36, 16.5)
    assert ws.print_title_rows == "$3:$3"
    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "portrait", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    other = wb["Loi & <khác>"]
    assert other["A1"].value == "Phòng Nội vụ"
    assert len(other["A2"].value) == MAX_TEXT and other["A2"].value.endswith("…")
    props = wb.properties
    assert (props.title, props.creator, props.lastModifiedBy) == ("Tổng hợp & kết quả", "thidua_reports",
                                                                  "thidua_reports")
    assert props.created == props.modified == WHEN


def test_calamine_reads_the_same_values(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(_book().to_bytes(title="t", creator="thidua_reports", when=WHEN))
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name("TongQuan").to_python(skip_empty_area=False)
    assert rows[3][:2] == ["=1+1", 12] and rows[4][1] == 2.5 and rows[5][1] == 6.17 and rows[6][1] is True


def test_same_content_same_bytes_and_fixed_stamps(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(_book().to_bytes(title="t", creator="thidua_reports", when=WHEN))
    b.write_bytes(_book().to_bytes(title="t", creator="thidua_reports", when=WHEN))
    assert a.read_bytes() == b.read_bytes()
    infos = zipfile.ZipFile(a).infolist()
    assert {i.date_time for i in infos} == {(2021, 12, 10, 0, 0, 0)}
    assert "xl/worksheets/sheet2.xml" in {i.filename for i in infos}


def test_unsupported_value_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        Book().add_sheet("A").put(1, 1, datetime(2021, 1, 1))
    book = Book()
    book.add_sheet("A").put_row(2, ["x", datetime(2021, 1, 1)])  # rows are checked when written
    with pytest.raises(TypeError, match=r"A!B2"):
        (tmp_path / "a.xlsx").write_bytes(book.to_bytes(title="t", creator="c", when=WHEN))


def test_row_values_are_cleaned_like_single_cells(tmp_path: Path) -> None:
    book = Book()
    sheet = book.add_sheet("A")
    sheet.put_row(1, ["Phòng\x01 Nội vụ", "y" * 40_000, None, 7, float("inf")])
    sheet.put(2, 1, "Phòng\x01 Nội vụ", BOLD)
    sheet.restyle(2, 2, WRAP)
    sheet.put(2, 3, "thường")
    (tmp_path / "a.xlsx").write_bytes(book.to_bytes(title="t", creator="c", when=WHEN))
    ws = load_workbook(tmp_path / "a.xlsx")["A"]
    assert [ws.cell(1, c).value for c in range(1, 6)] == ["Phòng Nội vụ", "y" * (MAX_TEXT - 1) + "…", None, 7, None]
    assert ws["A2"].value == "Phòng Nội vụ" and ws["A2"].font.b and not ws["A1"].font.b
    assert ws["B2"].alignment.wrap_text and not ws["C2"].font.b


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 702)] == ["A", "Z", "AA", "AZ", "ZZ"]


@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice không có trên máy")
def test_libreoffice_opens_and_resaves_it(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(_book().to_bytes(title="t", creator="thidua_reports", when=WHEN))
    profile = tmp_path / "profile"
    subprocess.run([str(pdf.find_soffice()), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"),
                    str(path)], check=True, capture_output=True, timeout=180)
    ws = load_workbook(tmp_path / "lo" / "a.xlsx")["TongQuan"]
    assert (ws["A1"].value, ws["A1"].font.b) == ("Kết quả kiểm tra", True)
    assert (ws["A4"].value, ws["A4"].data_type, ws["B4"].value) == ("=1+1", "s", 12)
    assert (ws["A7"].value, ws["B6"].value) == ("Tổng", 6.17)
    assert ws.auto_filter.ref == "A3:B8" and ws.sheet_properties.pageSetUpPr.fitToPage
