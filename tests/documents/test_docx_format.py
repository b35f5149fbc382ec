"""ND 30/2020 format of the generated documents, read back with python-docx."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.doc_factories import campaign_result, settings
from thidua_reports.outputs.write import render_documents

COUNCIL_DOCS = ["thong_bao_cong_khai.docx", "phieu_bieu_quyet.docx", "bien_ban_hoi_dong.docx"]
DOCS = ["to_trinh.docx", "quyet_dinh.docx", "tom_tat/pnv.docx",
        "tom_tat/pnv_01_nguyen-thi-hoa.docx", "bao_cao_tong_ket.docx", "in_an.docx", *COUNCIL_DOCS]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fmt")
    render_documents(campaign_result(), settings(), None, target)
    return target


def _doc(out: Path, rel: str):  # noqa: ANN202
    return Document(str(out / rel))


def _para(doc, text: str):  # noqa: ANN001, ANN202
    for p in _all_paragraphs(doc):
        if p.text == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def _all_paragraphs(doc):  # noqa: ANN001, ANN202
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _runs_format(p) -> set[tuple]:  # noqa: ANN001
    return {(bool(r.bold), bool(r.italic), r.font.size) for r in p.runs if r.text.strip()}


@pytest.mark.parametrize("rel", DOCS)
def test_a4_and_margins(out: Path, rel: str) -> None:
    for section in _doc(out, rel).sections:
        got = (section.page_width, section.page_height, section.top_margin,
               section.bottom_margin, section.left_margin, section.right_margin)
        # stored in twips: within 0.01 mm of A4 210 × 297, margins 20/20/30/15 mm
        assert [round(v.mm, 1) for v in got] == [210.0, 297.0, 20.0, 20.0, 30.0, 15.0]


@pytest.mark.parametrize("rel", DOCS)
def test_times_new_roman_in_every_slot(out: Path, rel: str) -> None:
    with zipfile.ZipFile(out / rel) as zf:
        styles = zf.read("word/styles.xml").decode()
        body = zf.read("word/document.xml").decode()
    doc = _doc(out, rel)
    fonts = list(doc.styles.element.iter(qn("w:rFonts")))
    assert fonts
    for el in fonts:
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert el.get(qn(f"w:{slot}")) == "Times New Roman"
    assert "Theme" not in styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    assert "w:rFonts" not in body or 'w:ascii="Times New Roman"' in body


def test_decision_header(out: Path) -> None:
    doc = _doc(out, "quyet_dinh.docx")
    header = doc.tables[0]
    left = [p for p in header.cell(0, 0).paragraphs if p.text]
    assert [(p.text, _runs_format(p)) for p in left] == [
        ("ỦY BAN NHÂN DÂN", {(True, False, Pt(12))}),
        ("HUYỆN NINH PHƯỚC", {(True, False, Pt(12))}),
    ]
    right = [p for p in header.cell(0, 1).paragraphs if p.text]
    assert [(p.text, _runs_format(p)) for p in right] == [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {(True, False, Pt(12))}),
        ("Độc lập - Tự do - Hạnh phúc", {(True, False, Pt(13))}),
    ]
    motto = right[1]._p.pPr
    assert motto.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    number, place = header.cell(1, 0).paragraphs[0], header.cell(1, 1).paragraphs[0]
    assert (number.text, _runs_format(number)) == ("Số: 05/QĐ-UBND", {(False, False, Pt(13))})
    assert (place.text, _runs_format(place)) == (
        "Ninh Phước, ngày 10 tháng 12 năm 2021", {(False, True, Pt(13))})
    # a short rule under the issuer: an empty paragraph with a bottom border, indented
    rule = [p for p in header.cell(0, 0).paragraphs if p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(rule) == 1 and rule[0].paragraph_format.left_indent > Cm(1.5)


def test_office_header_parent_line_not_bold(out: Path) -> None:
    left = [p for p in _doc(out, "to_trinh.docx").tables[0].cell(0, 0).paragraphs if p.text]
    assert [(p.text, _runs_format(p)) for p in left] == [
        ("UBND HUYỆN NINH PHƯỚC", {(False, False, Pt(12))}),
        ("PHÒNG NỘI VỤ", {(True, False, Pt(12))}),
    ]


def test_issuer_parent_name_not_bold(tmp_path: Path) -> None:
    s = settings(parent_name="UBND TỈNH NINH THUẬN", header_name="SỞ NỘI VỤ")
    render_documents(campaign_result(), s, None, tmp_path)
    left = [p for p in Document(str(tmp_path / "quyet_dinh.docx")).tables[0].cell(0, 0).paragraphs
            if p.text]
    assert [(p.text, bool(p.runs[0].bold)) for p in left] == [
        ("UBND TỈNH NINH THUẬN", False), ("SỞ NỘI VỤ", True)]


def test_title_block_and_bases(out: Path) -> None:
    doc = _doc(out, "quyet_dinh.docx")
    for text in ("QUYẾT ĐỊNH", "QUYẾT ĐỊNH:", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH PHƯỚC"):
        p = _para(doc, text)
        assert _runs_format(p) == {(True, False, Pt(14))}
        assert p.alignment == 1  # centre
    bases = [p for p in doc.paragraphs if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(bases) == 4
    # 13 pt single-spaced (ND 30: 13–14 pt, single to 1.5 lines) keeps the QĐ on one page
    assert all(_runs_format(p) == {(False, True, Pt(13))} for p in bases)
    assert all(p.paragraph_format.line_spacing == 1.0 for p in bases)
    assert all(p.paragraph_format.space_after == Pt(6) for p in bases)
    assert [p.text[-1] for p in bases] == [";", ";", ";", "."]


def test_body_paragraphs_and_articles(out: Path) -> None:
    doc = _doc(out, "quyet_dinh.docx")
    article = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    assert (article.runs[0].text, article.runs[0].bold) == ("Điều 1. ", True)
    assert not article.runs[1].bold
    assert article.alignment == 3  # justify
    assert article.paragraph_format.first_line_indent == Cm(1.27)
    assert article.paragraph_format.space_after >= Pt(6)
    assert 1.0 <= article.paragraph_format.line_spacing <= 1.5
    assert doc.paragraphs[-1].text.endswith("./.") or any(
        p.text.endswith("Quyết định này./.") for p in doc.paragraphs)


def test_signature_block_level_with_recipients(out: Path) -> None:
    doc = _doc(out, "quyet_dinh.docx")
    sign = doc.tables[1]
    left = [p for p in sign.cell(0, 0).paragraphs if p.text]
    assert (left[0].text, _runs_format(left[0])) == ("Nơi nhận:", {(True, True, Pt(12))})
    assert [p.text for p in left[1:]] == ["- Như Điều 3;", "- TT Huyện ủy;", "- Lưu: VT, PNV."]
    assert all(_runs_format(p) == {(False, False, Pt(11))} for p in left[1:])
    right = [p for p in sign.cell(0, 1).paragraphs if p.text]
    assert [(p.text, _runs_format(p)) for p in right] == [
        ("KT. CHỦ TỊCH", {(True, False, Pt(14))}),
        ("PHÓ CHỦ TỊCH", {(True, False, Pt(14))}),
        ("Bạch Văn Nguyên", {(True, False, Pt(14))}),
    ]
    assert sign.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    # room for the signature and the seal: 4 empty 14 pt lines, 12 pt before the name
    cell = sign.cell(0, 1).paragraphs
    title = next(i for i, p in enumerate(cell) if p.text == "PHÓ CHỦ TỊCH")
    name = next(i for i, p in enumerate(cell) if p.text == "Bạch Văn Nguyên")
    gap = cell[title + 1:name]
    assert [p.text for p in gap] == [""] * 4
    assert all(p.paragraph_format.line_spacing == 1.0 for p in gap)
    assert {p._p.pPr.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) for p in gap} == {"28"}
    assert cell[name].paragraph_format.space_before == Pt(12)
    last_article = next(p for p in doc.paragraphs if p.text.startswith("Điều 3."))
    assert last_article.paragraph_format.keep_with_next


def test_signature_without_prefix(out: Path) -> None:
    right = [p.text for p in _doc(out, "to_trinh.docx").tables[1].cell(0, 1).paragraphs if p.text]
    assert right == ["TRƯỞNG PHÒNG", "Nguyễn Văn A"]


def test_appendix_table(out: Path) -> None:
    doc = _doc(out, "quyet_dinh.docx")
    table = doc.tables[2]
    rows = []
    for row in table.rows:
        cells = [c.text for c in row.cells]
        rows.append([cells[0]] if len(set(cells)) == 1 else cells)
    assert rows == [
        ["STT", "Tên tập thể, cá nhân (họ và tên, chức vụ, đơn vị)", "Số tiền (đồng)"],
        ["I. TẬP THỂ"],
        ["1", "Phòng Nội vụ", "900.000"],
        ["2", "Phòng Tài chính - Kế hoạch", "900.000"],
        ["II. CÁ NHÂN"],
        ["1", "Nguyễn Thị Hoa, Chuyên viên, Phòng Nội vụ", "450.000"],
        ["2", "Trần Văn Bình, Phó Trưởng phòng, Phòng Tài chính - Kế hoạch", "450.000"],
        ["3", "Lê Thị Ánh, Công chức Văn phòng - Thống kê, UBND xã Phước Hậu", "450.000"],
        ["", "Tổng cộng", "3.150.000"],
    ]
    assert _para(doc, "Bằng chữ: Ba triệu một trăm năm mươi nghìn đồng./.").runs[0].italic
    ref = _para(doc, "(Kèm theo Quyết định số 05/QĐ-UBND ngày 10 tháng 12 năm 2021 của Chủ tịch "
                     "Ủy ban nhân dân huyện Ninh Phước)")
    assert _runs_format(ref) == {(False, True, Pt(13))}
    header, data = table.rows[0]._tr.trPr, table.rows[2]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert data.find(qn("w:tblHeader")) is None and data.find(qn("w:cantSplit")) is not None
    amounts = [row.cells[2].paragraphs[0] for row in table.rows[2:] if row.cells[2].text[:1].isdigit()]
    assert len(amounts) == 6 and all(p.alignment == 2 for p in amounts)  # right


def test_appendix_is_its_own_numbered_section(out: Path) -> None:
    doc = _doc(out, "quyet_dinh.docx")
    assert len(doc.sections) == 2
    appendix = doc.sections[1]
    assert appendix.start_type == 2  # new page
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    for section in doc.sections:
        assert section.different_first_page_header_footer
        assert section.first_page_header.paragraphs[0].text == ""
        xml = section.header._element.xml
        assert 'w:instr="PAGE"' in xml
        assert section.header.paragraphs[0].alignment == 1


@pytest.mark.parametrize("rel", DOCS)
def test_core_properties_fixed(out: Path, rel: str) -> None:
    props = _doc(out, rel).core_properties
    assert props.author == "Phòng Nội vụ"
    assert props.created == props.modified == datetime(2021, 12, 10, tzinfo=UTC)
    assert props.revision == 1
    with zipfile.ZipFile(out / rel) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.fixture(scope="module")
def voted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("voted")
    render_documents(campaign_result(council=True), settings(), None, target)
    return target


@pytest.mark.parametrize("rel, header, number, date", [
    ("thong_bao_cong_khai.docx", [("UBND HUYỆN NINH PHƯỚC", False), ("PHÒNG NỘI VỤ", True)],
     "Số:      /TB-PNV", "Ninh Phước, ngày      tháng 12 năm 2021"),
    ("bien_ban_hoi_dong.docx", [("UBND HUYỆN NINH PHƯỚC", False), ("HỘI ĐỒNG", True),
                                ("THI ĐUA - KHEN THƯỞNG", True)],
     "Số:      /BB-HĐTĐKT", "Ninh Phước, ngày 08 tháng 12 năm 2021"),
    ("phieu_bieu_quyet.docx", [("UBND HUYỆN NINH PHƯỚC", False), ("HỘI ĐỒNG", True),
                               ("THI ĐUA - KHEN THƯỞNG", True)], None, None),
])
def test_council_papers_header(voted: Path, rel: str, header: list, number: str | None,
                               date: str | None) -> None:
    table = _doc(voted, rel).tables[0]
    left = [p for p in table.cell(0, 0).paragraphs if p.text]
    assert [(p.text, _runs_format(p)) for p in left] == [
        (text, {(bold, False, Pt(12))}) for text, bold in header]
    right = [p for p in table.cell(0, 1).paragraphs if p.text]
    assert [(p.text, _runs_format(p)) for p in right] == [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {(True, False, Pt(12))}),
        ("Độc lập - Tự do - Hạnh phúc", {(True, False, Pt(13))}),
    ]
    if number is None:  # a ballot has neither number nor date
        assert len(table.rows) == 1
        return
    got_number, got_date = table.cell(1, 0).paragraphs[0], table.cell(1, 1).paragraphs[0]
    assert (got_number.text, _runs_format(got_number)) == (number, {(False, False, Pt(13))})
    assert (got_date.text, _runs_format(got_date)) == (date, {(False, True, Pt(13))})


@pytest.mark.parametrize("rel, type_name", [("thong_bao_cong_khai.docx", "THÔNG BÁO"),
                                            ("phieu_bieu_quyet.docx", "PHIẾU BIỂU QUYẾT"),
                                            ("bien_ban_hoi_dong.docx", "BIÊN BẢN")])
def test_council_papers_title_and_body(voted: Path, rel: str, type_name: str) -> None:
    doc = _doc(voted, rel)
    title = _para(doc, type_name)
    assert _runs_format(title) == {(True, False, Pt(14))} and title.alignment == 1
    paragraphs = doc.paragraphs
    summary = paragraphs[[p.text for p in paragraphs].index(type_name) + 1]
    assert _runs_format(summary) == {(True, False, Pt(14))} and summary.alignment == 1
    body = [p for p in doc.paragraphs if len(p.text) > 80 and not p.runs[0].bold]
    assert body
    for p in body:
        assert p.alignment == 3 and p.paragraph_format.first_line_indent == Cm(1.27)
        assert p.paragraph_format.space_after >= Pt(6) or p.text.startswith("- ")
        assert 1.0 <= p.paragraph_format.line_spacing <= 1.5
        assert {size for _b, _i, size in _runs_format(p)} <= {Pt(13), Pt(14)}
    for table in doc.tables[1:]:
        head = table.rows[0]._tr.trPr
        if table.style is not None and table.style.name == "Table Grid":
            assert head.find(qn("w:tblHeader")) is not None
            assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)


def test_council_papers_end_with_the_closing_mark(voted: Path) -> None:
    notice = [p.text for p in _doc(voted, "thong_bao_cong_khai.docx").paragraphs if p.text]
    minutes = [p.text for p in _doc(voted, "bien_ban_hoi_dong.docx").paragraphs if p.text]
    assert notice[-1].endswith("./.") and minutes[-1].endswith("./.")
    assert minutes[-1].startswith("Cuộc họp kết thúc lúc")


def test_minutes_signatures_side_by_side(voted: Path) -> None:
    sign = _doc(voted, "bien_ban_hoi_dong.docx").tables[-1]
    assert sign.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    for col, title, name in ((0, "THƯ KÝ", "Đặng Thị Thu"), (1, "CHỦ TỊCH HỘI ĐỒNG", "Phan Văn Minh")):
        cell = [p for p in sign.cell(0, col).paragraphs if p.text]
        assert [(p.text, _runs_format(p)) for p in cell] == [
            (title, {(True, False, Pt(14))}), ("(Ký, ghi rõ họ tên)", {(False, True, Pt(14))}),
            (name, {(True, False, Pt(14))})]
        assert all(p.alignment == 1 for p in cell)


def test_notice_and_minutes_numbered_from_page_two(voted: Path) -> None:
    for rel in ("thong_bao_cong_khai.docx", "bien_ban_hoi_dong.docx"):
        section = _doc(voted, rel).sections[0]
        assert section.different_first_page_header_footer
        assert 'w:instr="PAGE"' in section.header._element.xml


def test_report_embeds_two_charts(out: Path) -> None:
    with zipfile.ZipFile(out / "bao_cao_tong_ket.docx") as zf:
        images = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert len(images) == 2


# --- Layout measured on LibreOffice's PDF (skipped without soffice / poppler) ---------------

def _demo_settings():  # noqa: ANN202
    """The test settings with the demo's long Căn cứ, Điều 3 and Nơi nhận texts."""
    import tomllib

    from thidua_reports.config import parse_settings

    demo = Path(__file__).resolve().parents[2] / "thidua_reports" / "demo" / "thidua.toml"
    data = settings().model_dump(exclude={"workspace"})
    data["documents"] = tomllib.loads(demo.read_text(encoding="utf-8"))["documents"]
    return parse_settings(data)


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import shutil

    from thidua_reports.documents import pdf
    if pdf.find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("cần LibreOffice và pdftotext")
    out = tmp_path_factory.mktemp("layout")
    render_documents(campaign_result(), _demo_settings(), None, out / "docs")
    names = ["quyet_dinh.docx", "tom_tat/pnv.docx", "tom_tat/pnv_01_nguyen-thi-hoa.docx",
             "bao_cao_tong_ket.docx", "bien_ban_hoi_dong.docx", "phieu_bieu_quyet.docx"]
    pdfs = pdf.convert_to_pdf([out / "docs" / n for n in names], out / "pdf", timeout=180)
    return {p.stem: p for p in pdfs}


def _words(path: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, xMin, yMin, yMax) in points on one page."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(x), float(y0), float(y1)) for x, y0, y1, w in re.findall(pattern, html)]


def _pages(path: Path) -> int:
    import subprocess

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_decision_signature_on_page_one(layout: dict[str, Path]) -> None:
    import subprocess

    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(layout["quyet_dinh"]), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "chịu trách nhiệm thi hành Quyết định này./." in first
    assert "Nơi nhận:" in first and "- Lưu: VT, PNV." in first
    assert "KT. CHỦ TỊCH" in first and "Bạch Văn Nguyên" in first
    assert _pages(layout["quyet_dinh"]) == 2  # body, then the list on its own page


def test_signature_gap_leaves_room_for_signature_and_seal(layout: dict[str, Path]) -> None:
    words = _words(layout["quyet_dinh"], 1)
    title_bottom = max(y1 for w, x, _y0, y1 in words if w == "TỊCH" and x > 300)
    name_top = next(y0 for w, _x, y0, _y1 in words if w == "Bạch")
    assert 2.5 <= (name_top - title_bottom) / 72 * 2.54 <= 3.2  # cm


def test_collective_summary_fits_one_page(layout: dict[str, Path]) -> None:
    assert _pages(layout["pnv"]) == 1


def test_two_signers_names_level(layout: dict[str, Path]) -> None:
    words = _words(layout["pnv_01_nguyen-thi-hoa"], 1)
    # the last words of each half: "Trưởng PNV" (head of unit) and "Nguyễn Thị Hoa" (reporter)
    left = [y0 for w, x, y0, _y1 in words if w == "PNV" and x < 300][-1]
    right = [y0 for w, x, y0, _y1 in words if w == "Hoa" and x > 300][-1]
    assert left == right > 500
    assert _pages(layout["pnv_01_nguyen-thi-hoa"]) == 1


def test_report_signature_not_alone_on_a_page(layout: dict[str, Path]) -> None:
    pdf_path = layout["bao_cao_tong_ket"]
    last = [w for w, *_ in _words(pdf_path, _pages(pdf_path))]
    assert "TM." in last and "Trên" in last  # the closing sentence goes with the signature


def test_blank_minutes_blanks_fit_their_lines(layout: dict[str, Path]) -> None:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(layout["bien_ban_hoi_dong"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # each blank stays on the line of its label: no label left alone on a stretched line
    for label, dots in (("Địa điểm:", 25), ("Vắng mặt:", 25), ("-", 27)):
        assert f"{label} {'…' * dots}" in lines, label
    assert lines.count("…" * 32) == 3
    assert "Thời gian bắt đầu: …… giờ …… phút, ngày …… tháng …… năm ……." in lines
    assert _pages(layout["bien_ban_hoi_dong"]) == 2  # the signatures are not left on a page alone


def test_ballot_is_one_page(layout: dict[str, Path]) -> None:
    assert _pages(layout["phieu_bieu_quyet"]) == 1
