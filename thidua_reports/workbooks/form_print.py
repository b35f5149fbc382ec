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

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from thidua_reports.workbooks.text_measure import (
    DEFAULT_ROW_HEIGHT,
    LANDSCAPE_UNITS,
    MAX_ROW_HEIGHT,
    PORTRAIT_UNITS,
    SIDE_MARGIN,
    line_count,
    lines_height,
    text_points,
)

__all__ = ["DEFAULT_ROW_HEIGHT", "fit_rows", "form_sheet", "form_workbook", "line_count", "page_numbers",
           "text_points"]

BASE_FONT = Font(name="Times New Roman", size=12)


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
            needed = max(needed, lines_height(lines, size))
        height = max(needed + spacing, minimum)
        if height > DEFAULT_ROW_HEIGHT + 0.5:
            ws.row_dimensions[row].height = round(min(height, MAX_ROW_HEIGHT), 2)
