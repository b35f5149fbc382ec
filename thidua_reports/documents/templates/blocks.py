"""Building blocks of the ND 30/2020 .docx templates: page, fonts, header table, titles, signature."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
# A4, margins top/bottom 20 mm, left 30 mm, right 15 mm (ND 30/2020 Phụ lục I, I.1).
PAGE_W, PAGE_H = 21.0, 29.7
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2.0, 2.0, 3.0, 1.5
TEXT_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 16.5 cm
CELL_PAD = 0.1  # left/right cell margin of borderless layout tables
LEFT_COL, RIGHT_COL = 6.0, 10.5  # header columns: issuer | Quốc hiệu (fits at 12 pt bold)
# Measured on LibreOffice's PDF with Liberation Serif Bold (metric twin of Times New Roman): the
# Tiêu ngữ at 13 pt is about 5.75 cm wide; its rule is a bottom border of the same paragraph,
# indented to just over the text width (a narrower paragraph would wrap "phúc").
MOTTO_WIDTH = 6.0
SIGN_LEFT, SIGN_RIGHT = 7.0, 9.5

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

Part = str | tuple[str, dict[str, Any]]


class ParaStyle(TypedDict, total=False):
    """Keyword options of `paragraph`, for style dicts splatted into it."""

    align: str
    size: float
    bold: bool
    italic: bool
    indent: float | None
    before: float
    after: float
    left: float
    right: float
    line: float
    keep_next: bool
    keep_lines: bool
    reuse: bool


class RowStyle(TypedDict, total=False):
    """Keyword options of `table_row`, for style dicts splatted into it."""

    bold: bool
    merge: bool
    aligns: list[str] | None
    size: float
    header: bool
    pad: float


# The last paragraph(s) before a signature go to its page, whole: no page carries a signature alone
# (the signature's row itself never splits, see keep_row_whole).
WITH_SIGNATURE: ParaStyle = {"keep_next": True, "keep_lines": True}


def style(*bases: ParaStyle, **options: Unpack[ParaStyle]) -> ParaStyle:
    """The options of `bases` (later ones win) updated with `options`, for one `paragraph`."""
    merged: ParaStyle = {}
    for base in bases:
        merged.update(base)
    merged.update(options)
    return merged


def new_document() -> DocumentObject:
    """An empty A4 document with ND 30 margins, Times New Roman in every style, body 14 pt."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_W), Cm(PAGE_H)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP), Cm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    _fonts_everywhere(doc)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    doc.core_properties.author = ""
    doc.core_properties.title = ""
    return doc


def _fonts_everywhere(doc: DocumentObject) -> None:
    # python-docx writes only ascii/hAnsi; Vietnamese text must not fall back to a theme font
    # in the eastAsia/cs slots, so every w:rFonts of styles.xml names the font in all four slots.
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if rpr.find(qn("w:rFonts")) is None:
        rpr.insert(0, OxmlElement("w:rFonts"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if attr.endswith("Theme"):
                del fonts.attrib[attr]
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{slot}"), FONT)


def paragraph(
    container: Any,
    parts: Part | list[Part] = "",
    *,
    align: str = "justify",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    indent: float | None = 1.27,
    before: float = 0,
    after: float = 6,
    left: float = 0,
    right: float = 0,
    line: float = 1.15,
    keep_next: bool = False,
    keep_lines: bool = False,
    reuse: bool = False,
) -> Paragraph:
    """A paragraph with direct formatting; parts are texts or (text, {"bold": …, "italic": …}).

    `keep_next` keeps it on the page of the next paragraph (or table row), `keep_lines` keeps its
    lines together."""
    p = container.paragraphs[0] if reuse else container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.first_line_indent = Cm(indent) if indent else Cm(0)
    fmt.left_indent, fmt.right_indent = Cm(left), Cm(right)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = line
    fmt.keep_with_next = keep_next or None
    fmt.keep_together = keep_lines or None
    items = parts if isinstance(parts, list) else [parts]
    for item in items:
        text, opts = (item, {}) if isinstance(item, str) else item
        if not text:
            continue
        run = p.add_run(text)
        run.font.size = Pt(opts.get("size", size))
        run.bold = opts.get("bold", bold) or None
        run.italic = opts.get("italic", italic) or None
    _mark_size(p, opts_size=size)
    return p


def _mark_size(p: Paragraph, opts_size: float) -> None:
    # The paragraph mark's own size decides the height of an empty paragraph.
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(opts_size * 2)))
        rpr.append(el)


def loop(doc: DocumentObject, var: str, item: str = "line", **fmt: Unpack[ParaStyle]) -> None:
    """One body paragraph per item of a list of preformatted strings."""
    tag(doc, f"{{%p for {item} in {var} %}}")
    paragraph(doc, f"{{{{ {item} }}}}", **fmt)
    tag(doc, "{%p endfor %}", keep_next=fmt.get("keep_next", False))


def tag(container: Any, text: str, reuse: bool = False, keep_next: bool = False) -> Paragraph:
    """A paragraph holding only a docxtpl `{%p … %}` tag (removed on rendering); `keep_next` when
    the paragraphs it closes keep with what follows, so the template reads the same in Word."""
    return paragraph(container, text, align="left", indent=None, after=0, line=1.0, reuse=reuse,
                     keep_next=keep_next)


def bottom_border(p: Paragraph, size_eighths: int = 6) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, val in (("val", "single"), ("sz", str(size_eighths)), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), val)
    borders.append(bottom)
    # w:pBdr must precede w:spacing/w:ind/w:jc in CT_PPr order; insert after keepNext/pStyle.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        ppr.append(borders)
    else:
        anchor.addprevious(borders)


def rule(container: Any, width: float, available: float, reuse: bool = False) -> Paragraph:
    """A centred solid rule `width` cm long: an empty paragraph's bottom border, sized by indents."""
    side = max((available - width) / 2, 0)
    p = paragraph(container, "", align="center", size=2, indent=None, left=side, right=side,
                  after=0, line=1.0, reuse=reuse)
    bottom_border(p)
    return p


def layout_table(container: Any, widths: list[float]) -> Table:
    """A borderless table with fixed column widths (header, signature)."""
    table = container.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("left", CELL_PAD), ("right", CELL_PAD)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(value * 567)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    set_widths(table, widths)
    return table


def keep_row_whole(table: Table) -> None:
    """The signature row never splits across pages (Nơi nhận stays level with the signer); the
    paragraph before it carries WITH_SIGNATURE."""
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))


def set_widths(table: Table, widths: list[float]) -> None:
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)


def header_table(doc: DocumentObject, number_and_date: bool = True) -> Table:
    """ND 30 ô 1–4: issuer lines (bold per line) + rule | Quốc hiệu, Tiêu ngữ + rule; Số | date."""
    table = layout_table(doc, [LEFT_COL, RIGHT_COL])
    left, right = table.rows[0].cells
    inner_left, inner_right = LEFT_COL - 2 * CELL_PAD, RIGHT_COL - 2 * CELL_PAD
    head: ParaStyle = {"align": "center", "indent": None, "after": 0, "line": 1.0, "size": 12}
    tag(left, "{%p for line in header_lines %}", reuse=True)
    tag(left, "{%p if line.bold %}")
    paragraph(left, "{{ line.text }}", **style(head, bold=True))
    tag(left, "{%p else %}")
    paragraph(left, "{{ line.text }}", **head)
    tag(left, "{%p endif %}")
    tag(left, "{%p endfor %}")
    rule(left, 2.0, inner_left)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", **style(head, bold=True, reuse=True))
    side = (inner_right - MOTTO_WIDTH) / 2
    motto = paragraph(right, "Độc lập - Tự do - Hạnh phúc",
                      **style(head, bold=True, left=side, right=side, size=13))
    bottom_border(motto)
    if number_and_date:
        left, right = table.add_row().cells
        paragraph(left, "{{ doc_number }}", **style(head, reuse=True, size=13, before=6))
        paragraph(right, "{{ date_line }}",
                  **style(head, italic=True, reuse=True, size=13, before=6))
    return table


def title_block(doc: DocumentObject, type_name: str, summary: str = "{{ summary }}",
                before: float = 12) -> None:
    """Tên loại and trích yếu, bold, centred, with a short rule under them (ô 5a)."""
    centre: ParaStyle = {"align": "center", "indent": None, "after": 0, "line": 1.0, "bold": True}
    paragraph(doc, type_name, **style(centre, before=before, keep_next=True))
    paragraph(doc, summary, **style(centre, keep_next=True))
    rule(doc, 5.0, TEXT_WIDTH)
    paragraph(doc, "", size=6, indent=None, after=0)


def italic_lines(doc: DocumentObject, var: str, line: float = 1.15, size: float = 14) -> None:
    """One italic paragraph per item of `var` (Căn cứ lines, punctuated by the context)."""
    tag(doc, f"{{%p for line in {var} %}}")
    paragraph(doc, "{{ line }}", italic=True, line=line, size=size)
    tag(doc, "{%p endfor %}")


# Room for the signature and the seal between the signer's title and name: empty 14 pt lines
# plus space before the name, about 2.6 cm.
SIGN_GAP_LINES, SIGN_NAME_BEFORE = 4, 12


def signer_cell(cell: Any, title: str, note: str, name: str, title_before: float,
                size: float = 14) -> None:
    """One signer in a cell of a signature row: title, note, room to sign, name (`size` pt, ND 30:
    13–14). The cell is bottom-aligned, so two signers' names stay level even when one title wraps."""
    flat: ParaStyle = {"indent": None, "after": 0, "line": 1.0, "align": "center", "keep_lines": True,
                       "size": size}
    paragraph(cell, title, **style(flat, bold=True, before=title_before, reuse=True))
    paragraph(cell, note, **style(flat, italic=True))
    for _ in range(SIGN_GAP_LINES - 1):  # the note line is part of the room to sign
        paragraph(cell, "", **flat)
    paragraph(cell, name, **style(flat, bold=True, before=SIGN_NAME_BEFORE))
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "bottom")
    cell._tc.get_or_add_tcPr().append(valign)


def signature_table(doc: DocumentObject, before: float = 12) -> Table:
    """Nơi nhận (left, 12 bold italic + 11 pt list) level with the signer's block (right)."""
    table = layout_table(doc, [SIGN_LEFT, SIGN_RIGHT])
    left, right = table.rows[0].cells
    flat: ParaStyle = {"indent": None, "after": 0, "line": 1.0, "keep_lines": True}
    paragraph(left, "Nơi nhận:", **style(flat, size=12, bold=True, italic=True, align="left",
                                         reuse=True, before=before))
    tag(left, "{%p for item in recipients %}")
    paragraph(left, "- {{ item }}", **style(flat, size=11, align="left"))
    tag(left, "{%p endfor %}")
    sign: ParaStyle = {"align": "center", "bold": True, **flat}
    tag(right, "{%p if signer_prefix %}", reuse=True)
    paragraph(right, "{{ signer_prefix }}", **style(sign, before=before))
    paragraph(right, "{{ signer_title }}", **sign)
    tag(right, "{%p else %}")
    paragraph(right, "{{ signer_title }}", **style(sign, before=before))
    tag(right, "{%p endif %}")
    for _ in range(SIGN_GAP_LINES):
        paragraph(right, "", **flat)
    paragraph(right, "{{ signer_name }}", **style(sign, before=SIGN_NAME_BEFORE))
    keep_row_whole(table)
    return table


def page_numbers(section: Any, restart: bool = False) -> None:
    """Page number centred in the top margin, none on the section's first page (ND 30 I.1)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = paragraph(header, "", align="center", size=13, indent=None, after=0, reuse=True)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    first = section.first_page_header
    first.is_linked_to_previous = False
    if restart:
        sect_pr = section._sectPr
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        anchor = sect_pr.find(qn("w:pgMar"))
        anchor.addnext(num)


def new_section(doc: DocumentObject) -> Any:
    """A section break (new page) whose pages are numbered from 1 again (an appendix)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_numbers(section, restart=True)
    return section


def grid_table(doc: DocumentObject, widths: list[float]) -> Table:
    """A bordered data table (Table Grid) with fixed column widths."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table.add_row()
    set_widths(table, widths)
    table._tbl.remove(table.rows[0]._tr)
    return table


def table_row(table: Table, texts: list[Part | list[Part]], *, bold: bool = False,
              merge: bool = False, aligns: list[str] | None = None, size: float = 13,
              header: bool = False, pad: float = 3) -> None:
    """One row; `merge` spans the first text over all columns (section rows like "I. TẬP THỂ").

    A row never splits across pages; a `header` row is repeated at the top of each page. Cells
    are centred vertically (a one-line amount level with a two-line name)."""
    row = table.add_row()
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
    cells = row.cells
    if merge:
        cells = (cells[0].merge(cells[-1]),)
    for i, (cell, parts) in enumerate(zip(cells, texts, strict=False)):
        align = (aligns or ["center"] * len(texts))[i]
        paragraph(cell, parts, align=align, size=size, bold=bold, indent=None, before=pad,
                  after=pad, line=1.0, reuse=True)
        valign = OxmlElement("w:vAlign")
        valign.set(qn("w:val"), "center")
        cell._tc.get_or_add_tcPr().append(valign)


def two_signers(doc: DocumentObject, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
    """Two signers (title, note, name) side by side in one unsplittable row, names level."""
    table = layout_table(doc, [TEXT_WIDTH / 2] * 2)
    for col, (title, note, name) in enumerate((left, right)):
        signer_cell(table.cell(0, col), title, note, name, title_before=12)
    keep_row_whole(table)
