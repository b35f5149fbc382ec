"""The unit workbook and the council form printed (SPEC §12.3): A4, one page wide at full size, wrapped
text inside the printable width, rows tall enough for their text, header rows repeated. The slow
tests print both workbooks through LibreOffice once and read the pages back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from thidua_reports.config import Settings, load_settings
from thidua_reports.documents import pdf
from thidua_reports.models import Assignment, Unit
from thidua_reports.workbooks.council_form import COUNCIL_FORM_NAME, write_council_form
from thidua_reports.workbooks.form_print import form_sheet, form_workbook, line_count, text_points
from thidua_reports.workbooks.unit_form import (
    COMPONENT_HEADERS,
    NOMINEE_HEADERS,
    _guide_lines,
    write_blank_form,
    write_unit_form,
)

DEMO_TOML = Path(__file__).resolve().parents[2] / "thidua_reports" / "demo" / "thidua.toml"
A4 = (595.3, 841.9)  # points, portrait
INCH = 72.0
# sheet → (orientation, rows repeated at the top of every printed page)
UNIT_SHEETS = {
    "HuongDan": ("portrait", None), "ThongTin": ("portrait", "$2:$2"), "ChiSo": ("landscape", "$2:$2"),
    "CaNhan": ("landscape", "$2:$2"), "ThanhTich": ("portrait", None),
}
COUNCIL_SHEETS = {
    "HuongDan": ("portrait", None), "QuyetDinh": ("landscape", "$1:$1"), "ThanhVien": ("landscape", "$1:$1"),
    "PhienHop": ("portrait", None), "BieuQuyet": ("portrait", "$1:$1"),
}
UNIT = Unit(code="XA-PHAU", name="UBND thị trấn Phước Dân", kind="UBND xã", staffing=30)
NAMES = ("Tiếp cận đất đai", "Công tác chỉ đạo, điều hành cải cách hành chính",
         "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trong "
         "giải quyết thủ tục hành chính, kể cả thủ tục trên môi trường điện tử")
COMPONENTS = [Assignment("PAR INDEX" if k % 2 else "PAPI", f"CS-{k:02d}", NAMES[k % 3], UNIT.code, Decimal(10),
                         Decimal("6.5"), Decimal(10)) for k in range(36)]
ACHIEVEMENT = ("Năm 2021 hoàn thành xuất sắc nhiệm vụ được giao; tham mưu đúng hạn 100% văn bản chỉ đạo, "
               "điều hành về cải cách hành chính; thực hiện nghiêm kỷ luật, kỷ cương hành chính.")
NOMINEES = [{"name": f"Nguyễn Thị Thanh Hương {k}", "gender": "Nữ", "position": "Công chức Văn phòng - Thống kê",
             "level": "Hoàn thành xuất sắc nhiệm vụ", "cchc_done": True, "docs_assigned": 10, "docs_on_time": 9,
             "violation": False, "priority": k, "achievements": ACHIEVEMENT} for k in range(1, 11)]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    workspace = tmp_path_factory.mktemp("print_ws")
    shutil.copy(DEMO_TOML, workspace / "thidua.toml")
    return load_settings(workspace)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> dict[str, Path]:
    """A long personalised unit workbook (36 components, 10 nominees), the blank one, the council form."""
    folder = tmp_path_factory.mktemp("print_forms")
    values = {"nominees": NOMINEES, "achievements": {"tap_the": ACHIEVEMENT * 3, "cchc": ACHIEVEMENT}}
    return {"unit": write_unit_form(folder / "don_vi.xlsx", settings, UNIT, COMPONENTS, values),
            "blank": write_blank_form(folder / "mau_trong.xlsx"),
            "council": write_council_form(folder / COUNCIL_FORM_NAME, settings)}


# --- the page setup written into the workbooks ---------------------------------------------------

def _default_font(path: Path) -> tuple[str, str]:
    """Name and size of font 0, the default whose digit width is the unit of column widths."""
    styles = zipfile.ZipFile(path).read("xl/styles.xml").decode()
    first = re.search(r"<font>(.*?)</font>", styles).group(1)
    return re.search(r'<name val="([^"]+)"', first).group(1), re.search(r'<sz val="([^"]+)"', first).group(1)


@pytest.mark.parametrize(("name", "sheets"), [("unit", UNIT_SHEETS), ("blank", UNIT_SHEETS),
                                              ("council", COUNCIL_SHEETS)])
def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_rows(
        forms: dict[str, Path], name: str, sheets: dict) -> None:
    wb = load_workbook(forms[name])
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == list(sheets)
    assert _default_font(forms[name]) == ("Times New Roman", "12")  # 1 unit of width = 6 pt everywhere
    for title, (orientation, titles) in sheets.items():
        ws = wb[title]
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
            9, orientation, 1, 0), title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, title
        assert ws.print_title_rows == titles, title
        # the columns fit between the side margins unscaled: LibreOffice prints a single column wider
        # than the page at full size, cut at the right edge
        page_width = A4[1] if orientation == "landscape" else A4[0]
        printable = page_width - (ws.page_margins.left + ws.page_margins.right) * INCH
        columns = [ws.column_dimensions[letter].width for letter in "ABCDEFGHIJK"[: ws.max_column]]
        assert sum(columns) * 6 <= printable, (title, columns, printable)


@pytest.mark.parametrize("name", ["unit", "council"])
def test_instruction_rows_are_tall_enough_for_their_wrapped_lines(forms: dict[str, Path], name: str) -> None:
    """LibreOffice does not grow a row on opening: a paragraph longer than the column needs its height."""
    ws = load_workbook(forms[name])["HuongDan"]
    room = ws.column_dimensions["A"].width * 6
    long_rows = [c.row for c in ws["A"] if c.value and text_points(c.value) > room]
    assert len(long_rows) >= 4
    for row in long_rows:
        lines = -(-text_points(ws.cell(row, 1).value) // room)  # at least this many lines
        assert (ws.row_dimensions[row].height or 0) >= lines * 13.5, (row, lines)
        assert ws.cell(row, 1).alignment.wrap_text


def test_text_is_measured_with_times_new_roman_widths() -> None:
    assert text_points("0123456789") == 60  # digits are half an em: 6 pt at 12 pt, one unit of column width
    assert text_points("Đường") == text_points("Duong") + 2 * 0.72  # ư and ơ carry a horn
    assert text_points("HÀNH CHÍNH", bold=True) > text_points("HÀNH CHÍNH") > text_points("hành chính")
    assert line_count("Sáng kiến", 20) == 1
    assert line_count("Sáng kiến\nmô hình", 20) == 2
    words = "cải cách hành chính " * 10  # 980 pt at 12 pt; one phrase of 95 pt fits in 20 units (112 pt)
    assert line_count(words, 20) == 10 and line_count(words, 60) == 3
    assert line_count("x" * 60, 10) == 7  # a word longer than the column breaks inside it: 360 pt in 54 pt lines


def test_columns_wider_than_the_page_are_refused() -> None:
    wb = form_workbook()
    form_sheet(wb, "Vua", [40, 42])
    form_sheet(wb, "Ngang", [60, 62], landscape=True)
    with pytest.raises(ValueError, match="Rong: columns of 83 units do not fit A4"):
        form_sheet(wb, "Rong", [40, 43])


# --- the printed pages ---------------------------------------------------------------------------

@dataclass
class Page:
    width: float
    height: float
    words: list[tuple[float, float, float, float, str]]  # xMin, yMin, xMax, yMax, text
    text: str  # the page's text in drawing order, spaces collapsed


def _pages(path: Path) -> list[Page]:
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout.split("\f")
    pages = []
    for n, chunk in enumerate(boxes.split("<page ")[1:]):
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', chunk).groups())
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', chunk)]
        pages.append(Page(width, height, words, " ".join(raw[n].split())))
    return pages


@pytest.fixture(scope="module")
def printed(forms: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    """Both workbooks printed to PDF by LibreOffice in one run."""
    soffice = pdf.find_soffice()
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    out = tmp_path_factory.mktemp("print_pdf")
    profile = (out / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                    "pdf", "--outdir", str(out), str(forms["unit"]), str(forms["council"])],
                   check=True, capture_output=True, timeout=300)
    return {name: _pages(out / forms[name].with_suffix(".pdf").name) for name in ("unit", "council")}


def _has_all(*texts: str) -> Callable[[Page], bool]:
    return lambda page: all(" ".join(t.split()) in page.text for t in texts)


UNIT_PAGES = {  # what every printed page of the sheet shows (the repeated header row for the tables)
    "HuongDan": _has_all("HƯỚNG DẪN ĐIỀN BÁO CÁO KẾT QUẢ THI ĐUA"),
    "ThongTin": _has_all("THÔNG TIN CHUNG CỦA ĐƠN VỊ", "Nội dung", "Giá trị", "Hướng dẫn nhập"),
    "ChiSo": _has_all(*COMPONENT_HEADERS),
    "CaNhan": _has_all(*NOMINEE_HEADERS),
    "ThanhTich": _has_all("THÀNH TÍCH CỦA TẬP THỂ", "Sáng kiến, mô hình, cách làm hay"),
}
COUNCIL_PAGES = {
    "HuongDan": _has_all("HƯỚNG DẪN ĐIỀN TỆP QUYẾT ĐỊNH"),
    "QuyetDinh": _has_all("Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"),
    "ThanhVien": _has_all("STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt"),
    "PhienHop": _has_all("Thời gian bắt đầu", "Thời gian kết thúc", "Địa điểm", "Hình thức biểu quyết"),
    "BieuQuyet": _has_all("Loại (Tập thể/Cá nhân)", "Họ và tên", "Số phiếu đồng ý", "Số phiếu không đồng ý"),
}


def _sheet_of(page: Page, kinds: dict[str, Callable[[Page], bool]]) -> str | None:
    return next((name for name, shows in kinds.items() if shows(page)), None)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "kinds", "sheets", "expected"), [
    ("unit", UNIT_PAGES, UNIT_SHEETS,
     ["HuongDan", "ThongTin", "ChiSo", "ChiSo", "ChiSo", "CaNhan", "CaNhan", "CaNhan", "CaNhan", "ThanhTich"]),
    ("council", COUNCIL_PAGES, COUNCIL_SHEETS,
     ["HuongDan", "QuyetDinh", "ThanhVien", "PhienHop", "BieuQuyet", "BieuQuyet"]),
])
def test_pages_follow_the_sheets_each_with_its_header_row(
        printed: dict[str, list[Page]], name: str, kinds: dict, sheets: dict, expected: list[str]) -> None:
    pages = printed[name]
    assert [_sheet_of(p, kinds) for p in pages] == expected
    for page, sheet in zip(pages, expected, strict=True):
        portrait = (round(page.width, 1), round(page.height, 1)) == A4
        landscape = (round(page.height, 1), round(page.width, 1)) == A4
        assert portrait if sheets[sheet][0] == "portrait" else landscape, (sheet, page.width, page.height)
    assert all("template_version" not in p.text for p in pages)  # the hidden _meta sheet is not printed


@pytest.mark.slow
@pytest.mark.parametrize("name", ["unit", "council"])
def test_text_is_legible_inside_the_page_and_never_overprinted(printed: dict[str, list[Page]], name: str) -> None:
    for n, page in enumerate(printed[name], 1):
        words = page.words
        assert words, n
        # 12 pt Times New Roman printed at full size gives 15.6 pt high word boxes; 9 pt would give 11.7
        assert min(w[3] - w[1] for w in words) >= 11.7, n
        assert min(w[0] for w in words) >= 20 and max(w[2] for w in words) <= page.width - 20, n
        assert max(w[3] for w in words) <= page.height - 10, n
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                # boxes of neighbouring lines touch by ~2 pt; lines printed over each other share most
                assert not (across > 1 and down > 6), (n, a, b)


@pytest.mark.slow
def test_every_instruction_prints_whole(printed: dict[str, list[Page]], settings: Settings) -> None:
    guide = printed["unit"][0]
    for line in _guide_lines(settings):
        assert " ".join(line.split()) in guide.text, line
    council_guide = printed["council"][0].text
    assert "Ai không đạt tỷ lệ phiếu đồng ý thì không được đề nghị khen thưởng." in council_guide
    assert "trên 1/2 tổng số thành viên Hội đồng." in council_guide
