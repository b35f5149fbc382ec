"""A small .xlsx writer for the workbooks the tool produces (tong_hop.xlsx, kiem_tra/*.xlsx).

openpyxl builds a cell object per value and serialises it through a generic writer; for our
plain tables (text, numbers, five cell styles) that cost 8.7–9.9 ms per feedback workbook and most
of the consolidated workbook's time. This writer emits the SpreadsheetML parts directly:

* every text value is a shared string (`t="s"`), so text such as "=1+1" can never be a formula;
* characters a worksheet cannot hold are dropped, text longer than Excel's 32 767 limit is cut;
* the zip has fixed member order and timestamps, and the document properties come from the
  caller, so equal content gives equal bytes.

Reading the result back is tested with openpyxl, python-calamine and LibreOffice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from thidua_reports.fixed_zip import Stamp, fixed_zip
from thidua_reports.workbooks.print_plan import (
    PRINT_LAYOUT,
    Font,
    PrintPlan,
    column_letter,
    plan_print,
)
from thidua_reports.workbooks.text_measure import SIDE_MARGIN

# Cell styles (index into cellXfs below).
NORMAL, BOLD, TITLE, HEADER, WRAP = range(5)
# Styles of printed forms (GRID_* with thin borders, *_MONEY as "#,##0"). A book that uses none of
# them gets the five-style sheet above. Every style is Times New Roman (12, the title 14), the
# default font whose digit width is the unit of column widths (text_measure.py).
(FORM_TEXT, FORM_BOLD, FORM_ITALIC, FORM_CAPTION, FORM_NOTE, FORM_TITLE,
 GRID_HEAD, GRID_TEXT, GRID_CENTER, GRID_MONEY, GRID_BOLD, GRID_MONEY_BOLD) = range(5, 17)
MONEY_FORMAT = "#,##0"  # built-in format 3: thousands grouped as the reader's locale writes them

MAX_TEXT = 32_767  # Excel's limit on the characters of one cell
_VALUE_TYPES = (str, int, float, Decimal, type(None))
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'



_LETTERS = [""] + [column_letter(c) for c in range(1, 703)]  # columns A…ZZ: our tables are far narrower


def clean_text(text: str) -> str:
    """What a cell can hold: no control characters, at most 32 767 characters."""
    text = _ILLEGAL.sub("", text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


@dataclass
class Sheet:
    """One worksheet: values by row and column (1-based), their styles, column widths, frozen rows,
    filter, printing. Values are checked and cleaned when the sheet is written."""

    title: str
    cells: dict[int, dict[int, Any]] = field(default_factory=dict)
    styles: dict[int, dict[int, int]] = field(default_factory=dict)  # row → col → style, NORMAL left out
    widths: dict[int, float] = field(default_factory=dict)  # fixed widths; other columns fit their content
    width_caps: dict[int, float] = field(default_factory=dict)  # widest a column fitting its content may be
    freeze_rows: int = 0          # rows above this count stay on screen
    filter_ref: str | None = None  # e.g. "A1:H20"
    print_title_rows: tuple[int, int] | None = None
    portrait: bool | None = None  # A4 portrait or landscape; None: what the columns need (print_plan.py)
    merges: list[str] = field(default_factory=list)  # e.g. "A1:F1"
    heights: dict[int, float] = field(default_factory=dict)  # row → height in points
    footer: str = ""  # centred page footer, with Excel's codes: "Trang &P/&N"

    def put(self, row: int, col: int, value: Any, style: int = NORMAL) -> None:
        """Set a value (str, int, float, Decimal, bool or None) with a style."""
        if not isinstance(value, _VALUE_TYPES):
            raise TypeError(f"unsupported cell value {value!r}")
        self.cells.setdefault(row, {})[col] = value
        self.restyle(row, col, style)

    def put_row(self, row: int, values: Iterable[Any], first_col: int = 1) -> None:
        """Unstyled values from `first_col` on: one call instead of one put() per cell."""
        self.cells.setdefault(row, {}).update(enumerate(values, first_col))

    def restyle(self, row: int, col: int, style: int) -> None:
        self.cells.setdefault(row, {}).setdefault(col, None)
        if style:
            self.styles.setdefault(row, {})[col] = style
        elif row in self.styles:
            self.styles[row].pop(col, None)


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=list)

    def add_sheet(self, title: str) -> Sheet:
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def content(self) -> list[tuple[Any, ...]]:
        """Everything the file is made of, to tell whether two books give the same file."""
        return [(PRINT_LAYOUT, s.title, s.cells, s.styles, s.widths, s.width_caps, s.freeze_rows, s.filter_ref,
                 s.print_title_rows, s.portrait, s.merges, s.heights, s.footer) for s in self.sheets]

    def to_bytes(self, *, title: str, creator: str, when: datetime) -> bytes:
        """The .xlsx file; every sheet prints on A4 one page wide, as print_plan.py lays it out."""
        forms = any(style >= FORM_TEXT for s in self.sheets for row in s.styles.values()
                    for style in row.values())
        strings: dict[str, int] = {}
        plans = [plan_print(sheet, STYLE_FONTS) for sheet in self.sheets]
        parts: list[tuple[str, str]] = [
            ("[Content_Types].xml", self._content_types()),
            ("_rels/.rels", _ROOT_RELS),
            ("docProps/app.xml", _APP),
            ("docProps/core.xml", _core(title, creator, when)),
            ("xl/workbook.xml", self._workbook(plans)),
            ("xl/_rels/workbook.xml.rels", self._workbook_rels()),
            ("xl/styles.xml", _FORM_STYLES if forms else _STYLES),
        ]
        for n, (sheet, plan) in enumerate(zip(self.sheets, plans, strict=True), 1):
            parts.append((f"xl/worksheets/sheet{n}.xml", _sheet_xml(sheet, plan, n == 1, strings)))
        parts.append(("xl/sharedStrings.xml", _shared_strings(strings)))
        stamp: Stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        return fixed_zip(((name, xml.encode("utf-8", errors="replace")) for name, xml in parts), stamp)

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(self.sheets) + 1))
        return (
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{sheets}"
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>")

    def _workbook(self, plans: list[PrintPlan]) -> str:
        sheets = "".join(f'<sheet name="{_attr(s.title)}" sheetId="{n}" r:id="rId{n}"/>'
                         for n, s in enumerate(self.sheets, 1))
        names = []
        for n, s in enumerate(self.sheets):
            quoted = "'" + _attr(s.title).replace("'", "''") + "'"
            if s.filter_ref:
                first, last = s.filter_ref.split(":")
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                             f"{quoted}!{_absolute(first)}:{_absolute(last)}</definedName>")
            titles = [f"{quoted}!$A:$A"] if plans[n].pages_wide > 1 else []
            if s.print_title_rows:
                top, bottom = s.print_title_rows
                titles.append(f"{quoted}!${top}:${bottom}")
            if titles:
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                             f"{','.join(titles)}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (f"{_DECL}<workbook {_NS} {_NS_R}><workbookPr/>"
                '<bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{sheets}</sheets>{defined}<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>")

    def _workbook_rels(self) -> str:
        count = len(self.sheets)
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in range(1, count + 1))
        rels += (f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                 '2006/relationships/styles" Target="styles.xml"/>'
                 f'<Relationship Id="rId{count + 2}" Type="http://schemas.openxmlformats.org/officeDocument/'
                 '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        return (f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f"{rels}</Relationships>")


def _absolute(ref: str) -> str:
    """"A1" → "$A$1"."""
    split = next(i for i, ch in enumerate(ref) if ch.isdigit())
    return f"${ref[:split]}${ref[split:]}"


def _number(value: int | float | Decimal) -> str | None:
    """The text of a number cell; None for NaN and infinities, which a cell cannot hold."""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    return str(value)


def _sheet_xml(sheet: Sheet, plan: PrintPlan, selected: bool, strings: dict[str, int]) -> str:
    """The worksheet XML; text goes to `strings` (text → index), cleaned once per distinct text."""
    rows = []
    max_col = 0
    letters = _LETTERS
    styles = sheet.styles
    heights = plan.heights
    for r in sorted(sheet.cells.keys() | heights.keys()) if heights else sorted(sheet.cells):
        cells = sheet.cells.get(r, {})
        row_styles = styles.get(r)
        out = []
        columns = sorted(cells)
        if columns and columns[-1] > max_col:
            max_col = columns[-1]
        for c in columns:
            value = cells[c]
            ref = f"{letters[c]}{r}"
            style = row_styles.get(c) if row_styles else None
            s = f' s="{style}"' if style else ""
            if value.__class__ is str:
                index = strings.get(value)
                if index is None:
                    index = strings[value] = len(strings)
                out.append(f'<c r="{ref}"{s} t="s"><v>{index}</v></c>')
            elif value is None:
                if style:
                    out.append(f'<c r="{ref}"{s}/>')
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float | Decimal):
                text = _number(value)
                out.append(f'<c r="{ref}"{s}><v>{text}</v></c>' if text is not None else
                           (f'<c r="{ref}"{s}/>' if style else ""))
            elif isinstance(value, str):  # a str subclass
                index = strings.setdefault(str(value), len(strings))
                out.append(f'<c r="{ref}"{s} t="s"><v>{index}</v></c>')
            else:
                raise TypeError(f"unsupported cell value {value!r} in {sheet.title}!{ref}")
        if r in heights:
            rows.append(f'<row r="{r}" ht="{heights[r]:g}" customHeight="1">{"".join(out)}</row>')
        elif out:
            rows.append(f'<row r="{r}">{"".join(out)}</row>')
    last_row = max(sheet.cells, default=1)
    dimension = f"A1:{letters[max(max_col, 1)]}{last_row}"
    tab = ' tabSelected="1"' if selected else ""
    if sheet.freeze_rows:
        top = f"A{sheet.freeze_rows + 1}"
        view = (f'<sheetView{tab} workbookViewId="0"><pane ySplit="{sheet.freeze_rows}" topLeftCell="{top}" '
                f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{top}" '
                f'sqref="{top}"/></sheetView>')
    else:
        view = f'<sheetView{tab} workbookViewId="0"/>'
    cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
                   for c, w in sorted(plan.widths.items()))
    cols = f"<cols>{cols}</cols>" if cols else ""
    data = f"<sheetData>{''.join(rows)}</sheetData>" if rows else "<sheetData/>"
    autofilter = f'<autoFilter ref="{sheet.filter_ref}"/>' if sheet.filter_ref else ""
    if plan.merges:
        autofilter += (f'<mergeCells count="{len(plan.merges)}">'
                       + "".join(f'<mergeCell ref="{ref}"/>' for ref in plan.merges) + "</mergeCells>")
    orientation = "portrait" if plan.portrait else "landscape"
    order = ' pageOrder="overThenDown"' if plan.pages_wide > 1 else ""  # a row's pages one after the other
    footer = (f"<headerFooter><oddFooter>&amp;C{_escape(sheet.footer)}</oddFooter></headerFooter>"
              if sheet.footer else "")
    return (f"{_DECL}<worksheet {_NS} {_NS_R}><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
            f'<dimension ref="{dimension}"/><sheetViews>{view}</sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15.75"/>{cols}{data}{autofilter}'
            f'<printOptions horizontalCentered="1"/><pageMargins left="{SIDE_MARGIN}" right="{SIDE_MARGIN}" '
            'top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="9"{order} orientation="{orientation}" fitToWidth="{plan.pages_wide}" '
            'fitToHeight="0"/>'
            f"{footer}</worksheet>")


def _shared_strings(strings: dict[str, int]) -> str:
    items = []
    for raw in strings:  # insertion order is index order
        text = clean_text(raw) if _ILLEGAL.search(raw) or len(raw) > MAX_TEXT else raw
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        items.append(f"<si><t{space}>{_escape(text)}</t></si>")
    return (f'{_DECL}<sst {_NS} uniqueCount="{len(strings)}">'
            f"{''.join(items)}</sst>")


def _core(title: str, creator: str, when: datetime) -> str:
    moment = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
            'terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/'
            f'XMLSchema-instance"><dc:title>{_escape(clean_text(title))}</dc:title>'
            f"<dc:creator>{_escape(creator)}</dc:creator><cp:lastModifiedBy>{_escape(creator)}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified></cp:coreProperties>')


_ROOT_RELS = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/></Relationships>')

_APP = (f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>thidua_reports</Application></Properties>")

_FONT = '<sz val="12"/><name val="Times New Roman"/><family val="1"/>'
_STYLES = (
    f"{_DECL}<styleSheet {_NS}>"
    f'<fonts count="3"><font>{_FONT}</font><font><b/>{_FONT}</font>'
    '<font><b/><sz val="14"/><name val="Times New Roman"/><family val="1"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    # the Normal style wraps too: LibreOffice gives a cell without a style attribute this style, not xf 0
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'                                        # NORMAL
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'                                        # BOLD
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'                                     # TITLE
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'                                     # HEADER
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'                                        # WRAP
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")

# The form styles: the five above, then Times New Roman 12 (regular, bold, italic) and 14 bold.
_TNR = _FONT
_FORM_FONTS = (f'<fonts count="7"><font>{_FONT}</font><font><b/>{_FONT}</font>'
               '<font><b/><sz val="14"/><name val="Times New Roman"/><family val="1"/></font>'
               f'<font>{_TNR}</font><font><b/>{_TNR}</font><font><i/>{_TNR}</font>'
               '<font><b/><sz val="14"/><name val="Times New Roman"/><family val="1"/></font></fonts>')
_THIN = '<left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/>'


def _xf(font: int, *, border: bool = False, money: bool = False, align: str = "") -> str:
    number = ' numFmtId="3" applyNumberFormat="1"' if money else ' numFmtId="0"'
    edge = ' borderId="1" applyBorder="1"' if border else ' borderId="0"'
    if not align:
        return f'<xf{number} fontId="{font}" fillId="0"{edge} xfId="0" applyFont="1"/>'
    return (f'<xf{number} fontId="{font}" fillId="0"{edge} xfId="0" applyFont="1" applyAlignment="1">'
            f"<alignment {align}/></xf>")


_MIDDLE, _CENTRE = 'vertical="center" wrapText="1"', 'horizontal="center" vertical="center" wrapText="1"'
_FORM_XFS = "".join([
    _xf(3, align='vertical="top" wrapText="1"'),        # FORM_TEXT
    _xf(4, align='vertical="top" wrapText="1"'),        # FORM_BOLD
    _xf(5, align='vertical="top" wrapText="1"'),        # FORM_ITALIC
    _xf(4, align=_CENTRE),                              # FORM_CAPTION
    _xf(5, align=_CENTRE),                              # FORM_NOTE
    _xf(6, align=_CENTRE),                              # FORM_TITLE
    _xf(4, border=True, align=_CENTRE),                 # GRID_HEAD
    _xf(3, border=True, align=_MIDDLE),                 # GRID_TEXT
    _xf(3, border=True, align=_CENTRE),                 # GRID_CENTER
    _xf(3, border=True, money=True, align='vertical="center"'),   # GRID_MONEY
    _xf(4, border=True, align=_MIDDLE),                 # GRID_BOLD
    _xf(4, border=True, money=True, align='vertical="center"'),   # GRID_MONEY_BOLD
])
_FORM_STYLES = (
    _STYLES.replace(_STYLES[_STYLES.index("<fonts"):_STYLES.index("<fills")], _FORM_FONTS)
    .replace('<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
             '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
             f"<border>{_THIN}</border></borders>")
    .replace('<cellXfs count="5">', f'<cellXfs count="{GRID_MONEY_BOLD + 1}">')
    .replace("</cellXfs>", f"{_FORM_XFS}</cellXfs>"))

# What print_plan.py needs to know of each style: size, bold, wrapped (the order of the styles above).
_TEXT, _STRONG, _BIG = Font(), Font(bold=True), Font(size=14, bold=True)
STYLE_FONTS = (_TEXT, _STRONG, _BIG, _STRONG, _TEXT,                                   # NORMAL … WRAP
               _TEXT, _STRONG, _TEXT, _STRONG, _TEXT, _BIG,                            # FORM_*
               _STRONG, _TEXT, _TEXT, Font(wraps=False), _STRONG, Font(bold=True, wraps=False))  # GRID_*
