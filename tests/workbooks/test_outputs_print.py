"""The output workbooks printed (tong_hop.xlsx, kiem_tra/<mã>.xlsx, chi_tien_thuong.xlsx,
so_khen_thuong.xlsx): A4 in the orientation the table needs, fit to the page width at a legible
scale, header rows repeated, wrapped text in rows tall enough for it. The slow test prints the four
workbooks of the demo's run through LibreOffice once and reads the pages back with pdftotext."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.workbooks.test_forms_print import A4, INCH, Page, _pages
from thidua_reports.demo import build_demo
from thidua_reports.documents import pdf
from thidua_reports.outputs import write
from thidua_reports.outputs.step import render
from thidua_reports.workbooks import xlsx
from thidua_reports.workbooks.feedback import render_feedback
from thidua_reports.workbooks.print_plan import MIN_SCALE, plan_print
from thidua_reports.workbooks.text_measure import line_count

# workbook → sheet → (orientation, header row repeated on every page, texts of that row on every page)
SHEETS: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "tong_hop": {
        "TongQuan": ("portrait", "$1:$1", ("Chỉ tiêu", "Số lượng")),
        "DonVi": ("landscape", "$1:$1", ("Mã đơn vị",)),  # several pages across, column A on each
        "ChiSo": ("landscape", "$1:$1", ("Bộ chỉ số", "Mã chỉ số", "Mã đơn vị")),
        "CaNhan": ("landscape", "$1:$1", ("Họ và tên", "Mã đơn vị", "Chức vụ")),
        "DeNghi": ("landscape", "$1:$1", ("STT", "Hình thức", "Chức vụ", "Thứ hạng")),
        "Loi": ("portrait", "$1:$1", ("Tệp", "Ô", "Mức độ", "Nội dung")),
    },
    "kiem_tra": {
        "KiemTra": ("portrait", "$7:$7", ("Tệp", "Ô", "Mức độ", "Nội dung cần sửa")),
        "TieuChi": ("portrait", "$1:$1", ("Tiêu chí", "Kết quả", "Giải thích")),
        "CaNhan": ("landscape", "$1:$1", ("Họ và tên", "Chức vụ", "Được chọn")),
        "HoSo": ("portrait", "$7:$7", ("Tệp", "Loại văn bản", "Dung lượng", "SHA-256")),
    },
    "chi_tien_thuong": {
        "ChiTien": ("portrait", "$5:$5", ("STT", "Đơn vị", "Hình thức", "Ký nhận")),
        "TheoDonVi": ("portrait", "$5:$5", ("STT", "Mã đơn vị", "Tên đơn vị", "Cá nhân")),
    },
    "so_khen_thuong": {
        "SoKhenThuong": ("landscape", "$3:$3", ("Năm", "Số QĐ", "Ngày QĐ", "Hình thức", "Số sổ")),
    },
}
FEEDBACK = "kiem_tra/xa-phau.xlsx"  # accepted, with a warning, its criteria and its nominees


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four workbooks of the demo's run, written as the run writes them."""
    from thidua_reports import pipeline

    folder = tmp_path_factory.mktemp("outputs_print")
    state = pipeline.load(build_demo(folder / "ws"))
    inputs = pipeline.gather(state)
    result = pipeline.decide(state, inputs)
    settings = state.settings
    outputs = {"tong_hop": write.summary_output(result, settings),
               "chi_tien_thuong": write.payment_output(result, settings),
               "so_khen_thuong": write.register_output(result, settings)}
    paths = {name: folder / f"{name}.xlsx" for name in SHEETS}
    for name, output in outputs.items():
        paths[name].write_bytes(render(output))
    page = next(o for o in write.feedback_outputs(inputs, result.units, settings, result.individuals)
                if o.rel == FEEDBACK)
    paths["kiem_tra"].write_bytes(render_feedback(*page.args))
    return paths


# --- the page setup written into the workbooks ---------------------------------------------------

def _styles(path: Path) -> str:
    return zipfile.ZipFile(path).read("xl/styles.xml").decode()


@pytest.mark.parametrize("name", list(SHEETS))
def test_default_font_is_times_new_roman_12_and_the_normal_style_wraps(books: dict[str, Path], name: str) -> None:
    styles = _styles(books[name])
    first = re.search(r"<font>(.*?)</font>", styles).group(1)  # font 0: its digit is the unit of widths
    assert '<name val="Times New Roman"/>' in first and '<sz val="12"/>' in first
    assert "Calibri" not in styles
    # LibreOffice gives a cell without a style attribute the Normal style, not cellXfs[0]
    normal = re.search(r"<cellStyleXfs[^>]*>(.*?)</cellStyleXfs>", styles).group(1)
    assert 'wrapText="1"' in normal


def _merged_width(ws, row: int, col: int) -> float:  # type: ignore[no-untyped-def]
    for rng in ws.merged_cells.ranges:
        if rng.min_row == row and rng.min_col == col:
            return sum(ws.column_dimensions[_letter(c)].width for c in range(rng.min_col, rng.max_col + 1))
    return ws.column_dimensions[_letter(col)].width


def _letter(col: int) -> str:
    return xlsx.column_letter(col)


@pytest.mark.parametrize("name", list(SHEETS))
def test_every_sheet_prints_on_a4_at_a_legible_scale_with_its_header_rows(
        books: dict[str, Path], name: str) -> None:
    wb = load_workbook(books[name])
    assert wb.sheetnames == list(SHEETS[name])
    for title, (orientation, titles, _) in SHEETS[name].items():
        ws = wb[title]
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToHeight) == (9, orientation, 0), title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, title
        assert ws.print_title_rows == titles, title
        pages = setup.fitToWidth
        assert ws.print_title_cols == ("$A:$A" if pages > 1 else None), title
        page_width = A4[1] if orientation == "landscape" else A4[0]
        printable = page_width - (ws.page_margins.left + ws.page_margins.right) * INCH
        widths = [ws.column_dimensions[_letter(c)].width for c in range(1, ws.max_column + 1)]
        assert max(widths) * 6 <= printable, title  # LibreOffice ignores fit-to-width past that
        # the scale fit-to-width gives: 12 pt text printed at 9 pt at least
        repeated = widths[0] * (pages - 1)
        assert printable * pages / ((sum(widths) + repeated) * 6) >= 0.75, (title, pages, sum(widths))


@pytest.mark.parametrize("name", list(SHEETS))
def test_rows_are_tall_enough_for_their_wrapped_text(books: dict[str, Path], name: str) -> None:
    """LibreOffice does not grow a row on opening: a text longer than its column needs its height."""
    wb = load_workbook(books[name])
    tall = 0
    for ws in wb:
        covered = {(r, c) for rng in ws.merged_cells.ranges for r, c in rng.cells
                   if (r, c) != (rng.min_row, rng.min_col)}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or (cell.row, cell.column) in covered:
                    continue
                assert cell.alignment.wrap_text, (ws.title, cell.coordinate)
                size, bold = cell.font.sz or 12, bool(cell.font.b)
                lines = line_count(cell.value, _merged_width(ws, cell.row, cell.column), size=size, bold=bold)
                if lines > 1:
                    tall += 1
                    height = ws.row_dimensions[cell.row].height or 0
                    assert height >= lines * size * 1.15, (ws.title, cell.coordinate, lines, height)
    assert tall > 0


def test_a_table_too_wide_for_one_page_prints_several_pages_across_with_column_a_repeated() -> None:
    book = xlsx.Book()
    ws = book.add_sheet("Rong")
    headers = ["Mã đơn vị"] + [f"Tiêu chí thứ {k} - giải thích" for k in range(1, 40)]
    for c, h in enumerate(headers, 1):
        ws.put(1, c, h, xlsx.HEADER)
    ws.put_row(2, ["XA-PTHUAN"] + ["Hoàn thành 14/15 nhiệm vụ (93,3%) < 100%"] * 39)
    ws.print_title_rows = (1, 1)
    plan = plan_print(ws, xlsx.STYLE_FONTS)
    assert not plan.portrait and plan.pages_wide >= 2
    assert sum(plan.widths.values()) + plan.widths[1] * (plan.pages_wide - 1) <= (
        plan.pages_wide * 122 / MIN_SCALE)
    data = book.to_bytes(title="t", creator="c", when=datetime(2021, 12, 10))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "'Rong'!$A:$A,'Rong'!$1:$1</definedName>" in workbook
    assert f'fitToWidth="{plan.pages_wide}"' in sheet and 'pageOrder="overThenDown"' in sheet


def test_a_line_above_the_table_spans_its_width_and_a_narrow_table_prints_portrait_unscaled() -> None:
    ws = xlsx.Book().add_sheet("KiemTra")
    advice = ("Hồ sơ bị từ chối do có 3 lỗi. Hãy sửa các ô được nêu dưới đây rồi gửi lại tệp cho Văn phòng "
              "HĐND và UBND huyện trước ngày 15/11/2021.")
    ws.put(1, 1, advice)
    for c, h in enumerate(["Tệp", "Trang", "Ô", "Mức độ", "Nội dung cần sửa"], 1):
        ws.put(3, c, h, xlsx.HEADER)
    ws.put_row(4, ["pnv.xlsx", "CaNhan", "K3", "Lỗi", "Thiếu họ tên người được đề nghị " * 4])
    ws.print_title_rows = (3, 3)
    ws.filter_ref = "A3:E4"
    plan = plan_print(ws, xlsx.STYLE_FONTS)
    assert plan.portrait and plan.pages_wide == 1 and sum(plan.widths.values()) <= 82
    assert plan.merges == ["A1:E1"]
    assert plan.heights[1] >= 2 * 15.75  # the advice takes two lines of the table's width
    assert plan.heights[4] >= 2 * 15.75


# --- the printed pages ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def printed(books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    """The four workbooks printed to PDF by LibreOffice in one run."""
    soffice = pdf.find_soffice()
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    out = tmp_path_factory.mktemp("outputs_pdf")
    profile = (out / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, books.values())],
                   check=True, capture_output=True, timeout=300)
    return {name: _pages(out / f"{name}.pdf") for name in books}


def _shows(page: Page, header: tuple[str, ...]) -> bool:
    words = {w[4] for w in page.words}
    return all(word in words for text in header for word in text.split())


def _sheet_of(page: Page, sheets: dict[str, tuple[str, str, tuple[str, ...]]]) -> str | None:
    """The first sheet (most specific header first) whose header words the page shows."""
    for title in sorted(sheets, key=lambda t: -len(sheets[t][2])):
        if _shows(page, sheets[title][2]):
            return title
    return None


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SHEETS))
def test_every_page_is_a4_legible_inside_the_page_with_its_header(
        printed: dict[str, list[Page]], name: str) -> None:
    sheets = SHEETS[name]
    pages = printed[name]
    seen = [_sheet_of(page, sheets) for page in pages]
    assert None not in seen, seen
    assert list(dict.fromkeys(seen)) == list(sheets), seen  # the sheets in order, each whole
    for n, (page, sheet) in enumerate(zip(pages, seen, strict=True), 1):
        size = (round(page.width, 1), round(page.height, 1))
        assert size == (A4 if sheets[sheet][0] == "portrait" else A4[::-1]), (n, sheet, size)
        # 12 pt Times New Roman gives 15.6 pt high word boxes; 9 pt gives 11.7
        small = [w[4] for w in page.words if w[3] - w[1] < 11.7]
        assert not small, (n, sheet, small[:10])
        assert min(w[0] for w in page.words) >= 20 and max(w[2] for w in page.words) <= page.width - 20, n
        assert max(w[3] for w in page.words) <= page.height - 10, n
