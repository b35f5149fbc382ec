"""The certificates (SPEC §11.1) as .docx bytes: giay_khen.docx, one page per award, and the
calibration sheet giay_khen_can_chinh.docx.

Layout "phoi": only the variable text, each field a paragraph in an absolute frame (w:framePr
anchored to the page), so a text never moves with its neighbours' length; a long text shrinks its
font (never below 60 %) instead of wrapping. Layout "full": the whole certificate on plain paper
(documents/certificate_full.py). The calibration sheet has the same frames filled with a sample over
a 10 mm grid with a cross at every field's origin (a picture behind the text, so it prints as is).
"""

from __future__ import annotations

import io
from copy import deepcopy
from datetime import date
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from PIL import Image, ImageDraw, ImageFont

from thidua_reports.documents.certificate_context import (
    CertificatePage,
    CertificateSheet,
    Frame,
    fitted_size,
)
from thidua_reports.documents.certificate_full import full_pages
from thidua_reports.documents.docx_template import docx_bytes
from thidua_reports.documents.templates.blocks import new_document, paragraph

TWIPS_PER_MM = 1440 / 25.4
CALIBRATION_NOTE = ("Tờ căn chỉnh: in trên giấy trắng khổ {width} × {height} mm, tỷ lệ 100 % (không co giãn), "
                    "áp lên phôi Giấy khen; dấu chữ thập đỏ là điểm gốc (x; y) của từng dòng, tính bằng mm. "
                    "Sửa x, y trong các mục [certificate.fields.…] của thidua.toml cho khớp với phôi.")
GRID_DPI = 150
_BEFORE_FRAME = (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"), qn("w:pageBreakBefore"))


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def sheet_document(sheet: CertificateSheet, margin: float = 10.0) -> DocumentObject:
    """An empty document of the sheet's page size (landscape or portrait as the numbers say)."""
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(sheet.page[0]), Mm(sheet.page[1])
    section.orientation = WD_ORIENT.LANDSCAPE if sheet.page[0] > sheet.page[1] else WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Mm(margin)
    section.left_margin = section.right_margin = Mm(margin)
    section.header_distance = section.footer_distance = Mm(margin / 2)
    return doc


def spacer(doc: DocumentObject, section_end: bool) -> Paragraph:
    """A 1 pt body paragraph after a page's frames, which LibreOffice anchors to it; with
    `section_end` it ends the page's section, so that Word too puts the next frames on a new page."""
    p = paragraph(doc, "", align="left", size=1, indent=None, after=0, line=1.0)
    if section_end:
        p._p.get_or_add_pPr().append(deepcopy(doc.sections[-1]._sectPr))
    return p


def _insert_frame_pr(p: Paragraph, element: Any) -> None:
    ppr = p._p.get_or_add_pPr()
    for child in ppr:
        if child.tag not in _BEFORE_FRAME:
            child.addprevious(element)
            return
    ppr.append(element)


def frame_paragraph(doc: DocumentObject, frame: Frame, text: str, outline: bool = False,
                    fit: bool = True) -> Paragraph:
    """`text` in an absolute frame at the frame's place, its font shrunk to fit the width (`fit`)."""
    size = fitted_size(text, frame.size, frame.width, frame.bold) if fit else frame.size
    p = paragraph(doc, text, align=frame.align, size=size, bold=frame.bold, italic=frame.italic,
                  indent=None, after=0, line=1.0)
    pr = OxmlElement("w:framePr")
    for key, value in (("w", twips(frame.width)), ("hSpace", 0), ("vSpace", 0), ("wrap", "around"),
                       ("hAnchor", "page"), ("vAnchor", "page"), ("x", twips(frame.left)),
                       ("y", twips(frame.y))):
        pr.set(qn(f"w:{key}"), str(value))
    _insert_frame_pr(p, pr)
    if outline:  # the calibration sheet shows each frame's width
        borders = OxmlElement("w:pBdr")
        for edge in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{edge}")
            for key, value in (("val", "dotted"), ("sz", "4"), ("space", "0"), ("color", "4472C4")):
                el.set(qn(f"w:{key}"), value)
            borders.append(el)
        pr.addnext(borders)
    return p


def phoi_pages(doc: DocumentObject, sheet: CertificateSheet, pages: tuple[CertificatePage, ...],
               outline: bool = False) -> None:
    for n, page in enumerate(pages):
        for frame in sheet.frames:
            text = page.text(frame.name)
            if text:
                frame_paragraph(doc, frame, text, outline)
        spacer(doc, section_end=n < len(pages) - 1)


def certificates(sheet: CertificateSheet, *, author: str, title: str, when: date) -> bytes:
    """giay_khen.docx: one page per award (a blank page saying so when there is none)."""
    doc = sheet_document(sheet)
    body = doc.element.body
    body.remove(body[0]) if len(body) and body[0].tag == qn("w:p") else None
    if not sheet.pages:
        paragraph(doc, f"Chưa có tập thể, cá nhân nào được tặng {sheet.form}.", align="center", indent=None)
    elif sheet.layout == "full":
        full_pages(doc, sheet)
    else:
        phoi_pages(doc, sheet, sheet.pages)
    return docx_bytes(doc, author=author, title=title, when=when)


def calibration_sheet(sheet: CertificateSheet, *, author: str, title: str, when: date) -> bytes:
    """giay_khen_can_chinh.docx: the frames with a sample over a 10 mm grid and the field origins."""
    doc = sheet_document(sheet)
    body = doc.element.body
    body.remove(body[0]) if len(body) and body[0].tag == qn("w:p") else None
    for frame in sheet.frames:
        frame_paragraph(doc, frame, sheet.sample.text(frame.name), outline=True)
    width, height = sheet.page
    note = Frame("note", width / 2, height - 17, 10, "center", width - 40, italic=True)
    frame_paragraph(doc, note, CALIBRATION_NOTE.format(width=f"{width:g}", height=f"{height:g}"), fit=False)
    background(spacer(doc, section_end=False), grid_png(sheet), sheet.page)
    return docx_bytes(doc, author=author, title=title, when=when)


def grid_png(sheet: CertificateSheet) -> bytes:
    """The sheet at GRID_DPI: a 10 mm grid (darker every 50 mm) numbered in mm along the top and
    left edges, and at every field a red cross at its origin with the field's name."""
    scale = GRID_DPI / 25.4
    width, height = (round(v * scale) for v in sheet.page)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=round(2.6 * scale))
    for mm in range(0, int(sheet.page[0]) + 1, 10):
        x = round(mm * scale)
        draw.line([(x, 0), (x, height)], fill=(120, 120, 120) if mm % 50 == 0 else (200, 200, 200),
                  width=2 if mm % 50 == 0 else 1)
        if 0 < mm < sheet.page[0]:
            draw.text((x + 3, 3), str(mm), fill=(90, 90, 90), font=font)
    for mm in range(0, int(sheet.page[1]) + 1, 10):
        y = round(mm * scale)
        draw.line([(0, y), (width, y)], fill=(120, 120, 120) if mm % 50 == 0 else (200, 200, 200),
                  width=2 if mm % 50 == 0 else 1)
        if 0 < mm < sheet.page[1]:
            draw.text((3, y + 3), str(mm), fill=(90, 90, 90), font=font)
    arm = round(6 * scale)
    for frame in sheet.frames:
        x, y = round(frame.x * scale), round(frame.y * scale)
        draw.line([(x - arm, y), (x + arm, y)], fill=(220, 0, 0), width=3)
        draw.line([(x, y - arm), (x, y + arm)], fill=(220, 0, 0), width=3)
        label = f"{frame.name} ({frame.x:g}; {frame.y:g})"
        right = frame.left + frame.width + 1.5  # beside the frame when there is room, else above
        if right + draw.textlength(label, font=font) / scale < sheet.page[0]:
            draw.text((round(right * scale), y), label, fill=(220, 0, 0), font=font)
        else:
            draw.text((x + 4, y - round(3.4 * scale)), label, fill=(220, 0, 0), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def background(p: Paragraph, png: bytes, page: tuple[float, float]) -> None:
    """`png` behind the text, covering the whole page from its top-left corner."""
    run = p.add_run()
    run.add_picture(io.BytesIO(png), width=Mm(page[0]), height=Mm(page[1]))
    inline = run._r.find(f".//{qn('wp:inline')}")
    anchor = OxmlElement("wp:anchor")
    for key, value in (("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"),
                       ("simplePos", "0"), ("relativeHeight", "0"), ("behindDoc", "1"),
                       ("locked", "1"), ("layoutInCell", "1"), ("allowOverlap", "1")):
        anchor.set(key, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for axis in ("H", "V"):
        position = OxmlElement(f"wp:position{axis}")
        position.set("relativeFrom", "page")
        offset = OxmlElement("wp:posOffset")
        offset.text = "0"
        position.append(offset)
        anchor.append(position)
    anchor.append(inline.find(qn("wp:extent")))
    effect = OxmlElement("wp:effectExtent")
    for key in ("l", "t", "r", "b"):
        effect.set(key, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapNone"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(tag)))
    inline.getparent().replace(inline, anchor)
