"""Page layout of the forms sent to units and to the council (SPEC §12.3): A4, columns that fit the
printable width at 100 %, wrapped text with row heights set from the text.

Why the sizes are computed here rather than left to the spreadsheet:

* a column's width unit is the digit width of the workbook's default font. openpyxl's default is
  Calibri 11, which LibreOffice replaces by a wider face where Calibri is missing (DejaVu Sans), so
  the same widths printed 26 % smaller there. The forms' default font is Times New Roman 12 (the font
  of every cell), metric-compatible with Liberation Serif: one unit is 8 px = 6 pt in Excel and
  LibreOffice alike;
* LibreOffice does not shrink a sheet whose single column is wider than the page ("fit to width" is
  ignored and the text is cut at the right edge), and it does not grow rows on opening, so wrapped
  lines printed on top of each other. The sheets are therefore laid out to fit the page unscaled, and
  every row whose text needs more than the default height gets an explicit height.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

BASE_FONT = Font(name="Times New Roman", size=12)
POINTS_PER_UNIT = 6.0  # one unit of column width: the digit width of Times New Roman 12 (8 px)
SIDE_MARGIN = 0.6  # inches, left and right
A4_WIDTH, A4_HEIGHT = 595.3, 841.9  # points
PORTRAIT_UNITS = 82  # column units that fit A4 portrait between the side margins (492 of 509 pt)
LANDSCAPE_UNITS = 122  # and A4 landscape (732 of 755 pt)
DEFAULT_ROW_HEIGHT = 15.75  # one line of 12 pt Times New Roman, Excel's own height for it
MAX_ROW_HEIGHT = 409.0  # Excel's limit
_PADDING = 4.5  # points of a column's width its text cannot use (cell insets, grid line)
_SLACK = 0.97  # renderers differ a little in glyph widths and insets: leave 3 % of each line free

# Advance widths (1/1000 em) of the printable ASCII characters " " to "~" in Times New Roman; Liberation
# Serif has the same metrics. A Vietnamese letter is as wide as its base letter; a horn (ơ, ư) adds a bit.
_REGULAR = tuple(int(w) for w in (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 "
    "278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 "
    "611 722 722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 "
    "500 500 500 500 333 389 278 500 500 722 500 500 444 480 200 480 541").split())
_BOLD = tuple(int(w) for w in (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 500 500 "
    "333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 "
    "667 722 722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556 444 333 500 556 278 333 556 278 833 "
    "556 500 556 556 444 389 333 556 500 722 500 500 444 394 220 394 520").split())
_HORN = "\u031b"
_OWN_BASE = {"đ": "d", "Đ": "D", "…": "m", "–": "n", "—": "M", "“": '"', "”": '"', "‘": "'", "’": "'"}


def form_workbook() -> Workbook:
    """An empty workbook whose default font (the unit of column widths) is Times New Roman 12."""
    wb = Workbook()
    wb.remove(wb.active)
    wb._fonts = IndexedList([BASE_FONT])  # font 0 is the default cell font
    wb._named_styles["Normal"].font = BASE_FONT
    return wb


def form_sheet(wb: Workbook, title: str, widths: Iterable[float], landscape: bool = False) -> Worksheet:
    """A protected sheet printed on A4 (portrait unless `landscape`), one page wide, unscaled."""
    widths = list(widths)
    room = LANDSCAPE_UNITS if landscape else PORTRAIT_UNITS
    if sum(widths) > room:
        raise ValueError(f"{title}: columns of {sum(widths)} units do not fit A4 ({room})")
    ws = wb.create_sheet(title)
    for idx, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.sheet_format.defaultRowHeight = DEFAULT_ROW_HEIGHT
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # units may widen columns and rows
    ws.protection.formatRows = False
    return ws


def page_numbers(ws: Worksheet) -> None:
    """"Trang n/m" centred at the foot of every printed page."""
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = "Times New Roman,Regular"
    ws.oddFooter.center.size = 10


def text_points(text: str, *, size: float = 12, bold: bool = False) -> float:
    """The printed width of one line of Times New Roman text, in points."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        parts = unicodedata.normalize("NFD", _OWN_BASE.get(ch, ch))
        code = ord(parts[0])
        total += table[code - 32] if 32 <= code < 127 else 1000
        if _HORN in parts:
            total += 60
    return total * size / 1000


def line_count(text: str, width: float, *, size: float = 12, bold: bool = False) -> int:
    """Lines the text takes wrapped at word boundaries in a column `width` units wide."""
    room = max(width * POINTS_PER_UNIT - _PADDING, 1) * _SLACK
    space = text_points(" ", size=size, bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            need = text_points(word, size=size, bold=bold)
            if used and used + space + need <= room:
                used += space + need
                continue
            if used:
                lines += 1
            extra = math.ceil(need / room) - 1  # a word longer than the line breaks inside
            lines += extra
            used = need - extra * room
    return lines


def fit_rows(ws: Worksheet, rows: Iterable[int] | None = None, *, minimum: float = 0, spacing: float = 0) -> None:
    """Give each row the height its wrapped text needs when that is more than one 12 pt line.

    Rows that need no more keep the default height, which Excel and LibreOffice grow as a unit types.
    `minimum` is a height to keep even for short text; `spacing` is added above the text.
    """
    for row in rows if rows is not None else range(1, ws.max_row + 1):
        needed = 0.0
        for cell in ws[row]:
            if cell.value is None or cell.value == "":
                continue
            text = cell.value if isinstance(cell.value, str) else str(cell.value)
            font = cell.font or BASE_FONT
            size = float(font.size or 12)
            if cell.alignment is not None and cell.alignment.wrap_text:
                width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
                lines = line_count(text, width, size=size, bold=bool(font.bold))
            else:  # text that is not wrapped runs on into the empty cells beside it
                lines = text.count("\n") + 1
            needed = max(needed, lines * DEFAULT_ROW_HEIGHT * size / 12 + (3 if lines > 1 else 0))
        height = max(needed + spacing, minimum)
        if height > DEFAULT_ROW_HEIGHT + 0.5:
            ws.row_dimensions[row].height = round(min(height, MAX_ROW_HEIGHT), 2)
