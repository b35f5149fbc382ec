"""giay_khen.docx and giay_khen_can_chinh.docx (SPEC §11.1): pages, texts, frames, shrinking, the
calibration sheet, and where LibreOffice prints each field."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.doc_factories import campaign_result, settings
from thidua_reports.config import FIELD_NAMES, Settings
from thidua_reports.documents import pdf
from thidua_reports.documents.certificate_context import (
    MIN_SHRINK,
    CertificateSheet,
    certificate_notes,
    certificate_sheet,
    fitted_size,
    text_width_mm,
)
from thidua_reports.documents.certificates import TWIPS_PER_MM, calibration_sheet, certificates
from thidua_reports.models import CampaignResult

WHEN = date(2021, 12, 10)
ACHIEVEMENT = ("Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính huyện Ninh Phước "
               "năm 2021")
PLACE_DATE = "Ninh Phước, ngày 10 tháng 12 năm 2021"


def numbered(result: CampaignResult) -> CampaignResult:
    for n, item in enumerate([*sorted(result.selected_units, key=lambda u: u.list_number or 0),
                              *sorted(result.selected_individuals, key=lambda p: p.list_number or 0)], 1):
        item.register_number = f"{n:03d}/GK"
    return result


def sheet_of(layout: str = "phoi", **issuer: object) -> CertificateSheet:
    s = settings(**issuer)
    s.certificate.layout = layout  # type: ignore[assignment]
    return certificate_sheet(numbered(campaign_result()), s)


def render(sheet: CertificateSheet, calibration: bool = False) -> bytes:
    renderer = calibration_sheet if calibration else certificates
    return renderer(sheet, author="Phòng Nội vụ", title="giay_khen", when=WHEN)


def phoi_pages(data: bytes) -> list[list[tuple[str, dict[str, int], float]]]:
    """Per page (section), the framed paragraphs: text, framePr in twips, font size in pt."""
    doc = Document(io.BytesIO(data))
    pages: list[list[tuple[str, dict[str, int], float]]] = [[]]
    for p in doc.paragraphs:
        ppr = p._p.pPr
        frame = ppr.find(qn("w:framePr")) if ppr is not None else None
        if frame is not None:
            size = p.runs[0].font.size.pt
            pages[-1].append((p.text, {k: int(frame.get(qn(f"w:{k}"))) for k in ("x", "y", "w")}, size))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            pages.append([])
    return pages


EXPECTED = [
    ["Phòng Nội vụ", ACHIEVEMENT, "Quyết định số 05/QĐ-UBND ngày 10/12/2021", "Số sổ: 001/GK", PLACE_DATE],
    ["Phòng Tài chính - Kế hoạch", ACHIEVEMENT, "Quyết định số 05/QĐ-UBND ngày 10/12/2021",
     "Số sổ: 002/GK", PLACE_DATE],
    ["Bà Nguyễn Thị Hoa", "Chuyên viên, Phòng Nội vụ", ACHIEVEMENT,
     "Quyết định số 05/QĐ-UBND ngày 10/12/2021", "Số sổ: 003/GK", PLACE_DATE],
    ["Bà Trần Văn Bình", "Phó Trưởng phòng, Phòng Tài chính - Kế hoạch", ACHIEVEMENT,
     "Quyết định số 05/QĐ-UBND ngày 10/12/2021", "Số sổ: 004/GK", PLACE_DATE],
    ["Bà Lê Thị Ánh", "Công chức Văn phòng - Thống kê, UBND xã Phước Hậu", ACHIEVEMENT,
     "Quyết định số 05/QĐ-UBND ngày 10/12/2021", "Số sổ: 005/GK", PLACE_DATE],
]


def test_one_page_per_award_in_decision_order_with_its_text() -> None:
    pages = phoi_pages(render(sheet_of()))
    assert [[text for text, _frame, _size in page] for page in pages] == EXPECTED


def test_salutation_follows_gender_and_is_left_out_when_unknown() -> None:
    result = numbered(campaign_result())
    people = result.selected_individuals
    people[0].nominee.gender, people[1].nominee.gender, people[2].nominee.gender = "Nam", "", "nữ"
    sheet = certificate_sheet(result, settings())
    assert [p.recipient for p in sheet.pages[2:]] == ["Ông Nguyễn Thị Hoa", "Trần Văn Bình", "Bà Lê Thị Ánh"]


def test_frames_read_back_equal_the_settings() -> None:
    sheet = sheet_of()
    by_name = {f.name: f for f in sheet.frames}
    pages = phoi_pages(render(sheet))
    person = pages[2]
    for name, (_text, frame, size) in zip(FIELD_NAMES, person, strict=True):
        f = by_name[name]
        assert frame == {"x": round(f.left * TWIPS_PER_MM), "y": round(f.y * TWIPS_PER_MM),
                         "w": round(f.width * TWIPS_PER_MM)}, name
        assert size == f.size, name
    doc = Document(io.BytesIO(render(sheet)))
    assert (round(doc.sections[0].page_width.mm), round(doc.sections[0].page_height.mm)) == (297, 210)
    pr = doc.paragraphs[0]._p.pPr.find(qn("w:framePr"))
    assert (pr.get(qn("w:hAnchor")), pr.get(qn("w:vAnchor"))) == ("page", "page")


def test_moved_field_moves_its_frame_only() -> None:
    s = settings()
    s.certificate.fields.recipient.x, s.certificate.fields.recipient.align = 40, "left"
    s.certificate.page = (280.0, 200.0)
    sheet = certificate_sheet(numbered(campaign_result()), s)
    _text, frame, _size = phoi_pages(render(sheet))[0][0]
    assert frame["x"] == round(40 * TWIPS_PER_MM)
    doc = Document(io.BytesIO(render(sheet)))
    assert (round(doc.sections[-1].page_width.mm), round(doc.sections[-1].page_height.mm)) == (280, 200)


def test_long_name_shrinks_but_not_below_60_percent() -> None:
    assert fitted_size("Phòng Nội vụ", 20, 240, bold=True) == 20
    long = "Trường Trung học cơ sở Nguyễn Văn Trỗi, thị trấn Phước Dân, huyện Ninh Phước"
    size = fitted_size(long, 20, 240, bold=True)
    assert 12 <= size < 20 and text_width_mm(long, size, bold=True) <= 240
    assert fitted_size(long * 3, 20, 240, bold=True) == 20 * MIN_SHRINK

    result = numbered(campaign_result())
    result.selected_units[0].unit.name = long
    result.selected_units[1].unit.name = long * 3
    pages = phoi_pages(render(certificate_sheet(result, settings())))
    assert pages[0][0][0] == long and 12 < pages[0][0][2] < 20
    assert pages[1][0][2] == 12  # 60 % of 20 pt: it wraps rather than shrink further


def test_draft_has_blank_numbers_and_says_so() -> None:
    sheet = sheet_of(decision_number="")
    assert sheet.draft
    page = phoi_pages(render(sheet))[0]
    texts = [text for text, _frame, _size in page]
    assert "Quyết định số      /QĐ-UBND ngày 10/12/2021" in texts and "Số sổ:      " in texts
    assert certificate_notes(settings(decision_number="")) == [
        "Giấy khen là bản nháp: chưa có số Quyết định (issuer.decision_number)"]
    assert certificate_notes(settings()) == []


def test_calibration_sheet_has_the_frames_the_grid_and_the_crosses() -> None:
    sheet = sheet_of()
    data = render(sheet, calibration=True)
    pages = phoi_pages(data)
    assert len(pages) == 1
    texts = [text for text, _frame, _size in pages[0]]
    assert texts[:-1] == [sheet.sample.text(name) for name in FIELD_NAMES]
    assert texts[-1].startswith("Tờ căn chỉnh: in trên giấy trắng khổ 297 × 210 mm, tỷ lệ 100 %")
    assert [frame for _t, frame, _s in pages[0][:-1]] == [frame for _t, frame, _s in phoi_pages(render(sheet))[2]]
    doc = Document(io.BytesIO(data))
    anchors = doc.element.body.findall(f".//{qn('wp:anchor')}")
    assert len(anchors) == 1 and anchors[0].get("behindDoc") == "1"
    extent = anchors[0].find(qn("wp:extent"))
    assert (round(int(extent.get("cx")) / 36000), round(int(extent.get("cy")) / 36000)) == (297, 210)
    assert [p.get("relativeFrom") for p in (anchors[0].find(qn("wp:positionH")),
                                            anchors[0].find(qn("wp:positionV")))] == ["page", "page"]


def test_full_layout_has_the_whole_certificate() -> None:
    sheet = replace(sheet_of("full"), emblem=None)
    doc = Document(io.BytesIO(render(sheet)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 5
    assert text.count("GIẤY KHEN") == 5 and text.count("TẶNG") == 5
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH PHƯỚC" in text
    assert "Bà Nguyễn Thị Hoa\nChuyên viên, Phòng Nội vụ\n" + ACHIEVEMENT in text
    cells = [c.text for t in doc.tables for c in t.rows[0].cells]
    assert cells[:2] == ["Quyết định số 05/QĐ-UBND ngày 10/12/2021\nSố sổ: 001/GK",
                         f"{PLACE_DATE}\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBạch Văn Nguyên"]
    breaks = [p for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == 4  # five pages
    red = [r.text for p in doc.paragraphs for r in p.runs if r.font.color.rgb is not None]
    assert set(red) == {"CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH PHƯỚC", "GIẤY KHEN"}
    borders = doc.sections[0]._sectPr.find(qn("w:pgBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"double"}
    name = doc.tables[0].rows[0].cells[1].paragraphs[-1]
    assert name.paragraph_format.space_before.mm >= 35


def test_authority_and_form_from_settings(tmp_path: Path) -> None:
    s: Settings = settings()
    s.certificate.authority = "Chủ tịch Ủy ban nhân dân huyện Ninh Phước"
    s.certificate.layout = "full"
    s.award.form = "Giấy khen"
    sheet = certificate_sheet(numbered(campaign_result()), s)
    text = "\n".join(p.text for p in Document(io.BytesIO(render(sheet))).paragraphs)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH PHƯỚC" in text


def test_emblem_from_the_workspace(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (60, 60), "red").save(tmp_path / "quoc_huy.png")
    s = settings()
    s.workspace = tmp_path
    s.certificate.layout, s.certificate.emblem = "full", "quoc_huy.png"
    sheet = certificate_sheet(numbered(campaign_result()), s)
    assert sheet.emblem == str(tmp_path / "quoc_huy.png")
    doc = Document(io.BytesIO(render(sheet)))
    assert len(doc.inline_shapes) == 5 and round(doc.inline_shapes[0].height.mm) == 22
    s.certificate.emblem = "khong_co.png"
    assert certificate_sheet(numbered(campaign_result()), s).emblem is None
    assert certificate_notes(s)[0].startswith("certificate.emblem: không tìm thấy tệp ảnh khong_co.png")


def test_no_award_gives_one_page_saying_so() -> None:
    result = campaign_result()
    for item in [*result.units, *result.individuals]:
        item.selected = False
    doc = Document(io.BytesIO(render(certificate_sheet(result, settings()))))
    assert [p.text for p in doc.paragraphs] == ["Chưa có tập thể, cá nhân nào được tặng Giấy khen."]


def test_bytes_are_deterministic() -> None:
    assert render(sheet_of()) == render(sheet_of())
    assert render(sheet_of(), calibration=True) == render(sheet_of(), calibration=True)


# --- where LibreOffice prints the fields ------------------------------------------------------

needs_pdf = pytest.mark.skipif(pdf.find_soffice() is None or shutil.which("pdftotext") is None,
                               reason="cần LibreOffice và pdftotext")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PT = 25.4 / 72


def printed_lines(pdf_path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, the lines (xMin, yMin, xMax in mm, text) as pdftotext -bbox places their words."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        lines: dict[float, list[tuple[float, float, str]]] = {}
        for m in _WORD.finditer(chunk):
            x0, y0, x1 = float(m.group(1)) * PT, float(m.group(2)) * PT, float(m.group(3)) * PT
            lines.setdefault(round(y0, 1), []).append((x0, x1, m.group(5)))
        pages.append([(min(w[0] for w in words), y, max(w[1] for w in words), " ".join(w[2] for w in words))
                      for y, words in sorted(lines.items())])
    return pages


@needs_pdf
def test_fields_print_at_their_places(tmp_path: Path) -> None:
    sheet = sheet_of()
    (tmp_path / "giay_khen.docx").write_bytes(render(sheet))
    (tmp_path / "giay_khen_can_chinh.docx").write_bytes(render(sheet, calibration=True))
    out = pdf.convert_to_pdf([tmp_path / "giay_khen.docx", tmp_path / "giay_khen_can_chinh.docx"], tmp_path)
    pages = printed_lines(out[0])
    assert len(pages) == len(EXPECTED)
    frames = {f.name: f for f in sheet.frames}
    for page, expected in zip([*pages, printed_lines(out[1])[0]], [*sheet.pages, sheet.sample], strict=True):
        for name in FIELD_NAMES:
            text = expected.text(name).strip()
            if not text:
                continue
            found = [line for line in page if line[3] == " ".join(text.split())]
            assert len(found) == 1, (name, text, page)
            x0, y0, x1, _ = found[0]
            f = frames[name]
            anchor = {"left": x0, "center": (x0 + x1) / 2, "right": x1}[f.align]
            assert abs(anchor - f.x) < 2 and abs(y0 - f.y) < 2, (name, x0, y0, x1, f)


@needs_pdf
def test_full_layout_keeps_each_certificate_on_one_page(tmp_path: Path) -> None:
    """Long names, a two-line achievement, an emblem and a signer's prefix still fit one page each."""
    from PIL import Image

    Image.new("RGB", (60, 60), "red").save(tmp_path / "quoc_huy.png")
    s = settings()
    s.workspace = tmp_path
    s.certificate.layout, s.certificate.emblem = "full", "quoc_huy.png"
    s.campaign.title = ("phong trào thi đua thực hiện nhiệm vụ cải cách hành chính, chuyển đổi số và xây dựng "
                        "chính quyền điện tử huyện Ninh Phước giai đoạn 2021 - 2025, năm 2021")
    result = numbered(campaign_result())
    result.selected_units[0].unit.name = "Trường Trung học cơ sở Nguyễn Văn Trỗi, thị trấn Phước Dân" * 2
    (tmp_path / "giay_khen.docx").write_bytes(render(certificate_sheet(result, s)))
    out = pdf.convert_to_pdf([tmp_path / "giay_khen.docx"], tmp_path / "pdf")
    pages = printed_lines(out[0])
    assert len(pages) == 5
    for n, page in enumerate(pages, 1):  # each page ends with the signer and the register number
        texts = [line[3] for line in page]
        assert texts[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        assert {"Bạch Văn Nguyên", f"Số sổ: {n:03d}/GK"} <= set(texts), texts
