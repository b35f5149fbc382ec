"""Layout "full" of the certificates: the whole Giấy khen on plain paper, one page per award.

Lines of the national pattern (DOMAIN §3.6): [emblem], Quốc hiệu and Tiêu ngữ (with its rule), the
authority (red), "TẶNG", the form (red, large), the recipient, the title and unit of an individual,
the achievement; at the bottom the decision and the register number (left) level with the place and
date, the signer's prefix and title, a signing space of 35 mm and the signer's name (right). A double
rule frames the page.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from thidua_reports.documents.certificate_context import (
    CertificatePage,
    CertificateSheet,
    fitted_size,
)
from thidua_reports.documents.templates.blocks import (
    ParaStyle,
    bottom_border,
    layout_table,
    paragraph,
    style,
)

RED = RGBColor(0xC0, 0x00, 0x00)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 22.0, 16.0, 12.0  # mm, inside the border
BORDER_SPACE = 24  # pt from the page's edge to the double rule (Word allows at most 31)
SIGN_SPACE_MM = 35.5  # signature and seal (at least 35 mm)
EMBLEM_MM = 22.0
MOTTO_RULE_MM = 66.0  # the rule under "Độc lập - Tự do - Hạnh phúc" at 14 pt bold
LEFT_SHARE = 0.45  # the bottom table: decision and register | place, date and signature

CENTRE: ParaStyle = {"align": "center", "indent": None, "after": 0, "line": 1.0}


def page_border(doc: DocumentObject) -> None:
    """A double rule around every page of the section, BORDER_SPACE pt from the paper's edge."""
    sect_pr = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("val", "double"), ("sz", "12"), ("space", str(BORDER_SPACE)), ("color", "C00000")):
            el.set(qn(f"w:{key}"), value)
        borders.append(el)
    anchor = sect_pr.find(qn("w:paperSrc"))
    if anchor is None:
        anchor = sect_pr.find(qn("w:pgMar"))
    anchor.addnext(borders)


def _red(p: object) -> None:
    for run in p.runs:  # type: ignore[attr-defined]
        run.font.color.rgb = RED


def full_pages(doc: DocumentObject, sheet: CertificateSheet) -> None:
    section = doc.sections[0]
    section.left_margin = section.right_margin = Mm(MARGIN_SIDE)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    page_border(doc)
    for n, page in enumerate(sheet.pages):
        certificate_page(doc, sheet, page, new_page=n > 0)


def certificate_page(doc: DocumentObject, sheet: CertificateSheet, page: CertificatePage,
                     new_page: bool) -> None:
    text_width = sheet.page[0] - 2 * MARGIN_SIDE
    first = paragraph(doc, "", **style(CENTRE, size=4))
    first.paragraph_format.page_break_before = new_page or None
    if sheet.emblem:
        first.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.add_run().add_picture(sheet.emblem, height=Mm(EMBLEM_MM))
    paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", **style(CENTRE, size=14, bold=True, before=2))
    side = (text_width - MOTTO_RULE_MM) / 2 / 10
    motto = paragraph(doc, "Độc lập - Tự do - Hạnh phúc",
                      **style(CENTRE, size=14, bold=True, left=side, right=side))
    bottom_border(motto)
    _red(paragraph(doc, sheet.authority.upper(), **style(CENTRE, size=16, bold=True, before=18)))
    paragraph(doc, "TẶNG", **style(CENTRE, size=15, bold=True, before=12))
    _red(paragraph(doc, sheet.form.upper(), **style(CENTRE, size=40, bold=True, before=6, after=8)))
    size = fitted_size(page.recipient, 22, text_width, bold=True)
    paragraph(doc, page.recipient, **style(CENTRE, size=size, bold=True, before=6))
    if page.detail:
        paragraph(doc, page.detail, **style(CENTRE, size=fitted_size(page.detail, 15, text_width),
                                             before=4))
    # at most two lines: a longer achievement shrinks (never below 60 %)
    achievement = fitted_size(page.achievement, 15, 2 * text_width - 20)
    paragraph(doc, page.achievement, **style(CENTRE, size=achievement, before=12, line=1.15))
    _bottom(doc, sheet, page, text_width)


def _bottom(doc: DocumentObject, sheet: CertificateSheet, page: CertificatePage, text_width: float) -> None:
    left_w = text_width * LEFT_SHARE / 10
    table = layout_table(doc, [left_w, text_width / 10 - left_w])
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = row.cells
    flat: ParaStyle = {"indent": None, "after": 0, "line": 1.0, "size": 13}
    # the left lines sit level with the signer's name, low on the sheet (DOMAIN §3.6)
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "bottom")
    left._tc.get_or_add_tcPr().append(valign)
    paragraph(left, page.decision, **style(flat, align="left", reuse=True))
    paragraph(left, page.register, **style(flat, align="left", before=3))
    sign: ParaStyle = {**CENTRE, "size": 14, "bold": True}
    paragraph(right, page.place_date, **style(CENTRE, size=14, italic=True, before=14, reuse=True))
    if sheet.signer_prefix:
        paragraph(right, sheet.signer_prefix, **style(sign, before=3))
        paragraph(right, sheet.signer_title, **sign)
    else:
        paragraph(right, sheet.signer_title, **style(sign, before=3))
    paragraph(right, sheet.signer_name, **style(sign, before=SIGN_SPACE_MM * 72 / 25.4))
