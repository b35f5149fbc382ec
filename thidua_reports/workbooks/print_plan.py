"""How a sheet of the output workbooks prints (tong_hop.xlsx, kiem_tra/, chi_tien_thuong.xlsx,
so_khen_thuong.xlsx): A4 in the orientation its table needs, fit to the page width at a legible
scale, every column as wide as its content allows, rows as tall as their wrapped text.

The plan is computed from the content when the file is written, so a column added to a table gets
its width and the sheet its orientation without anyone counting characters:

* a column is given the width of its widest line (at most `MAX_AUTO` units, or the caller's cap);
  it can be made narrower down to its longest word (numbers never wrap: a cell too narrow for a
  number shows ####);
* the sheet prints portrait when its columns fit portrait at a comfortable width, else landscape;
  when the columns need more than the page, the scale goes down only as far as their comfortable
  widths need, to `MIN_SCALE` at most (12 pt text printed at 9.2 pt at least), and the wide columns
  share what remains at equal width, their text wrapped;
* a table whose narrowest columns still need more than one page at that scale (tong_hop's DonVi)
  prints several pages across, a row's pages one after the other, with column A (the unit's code,
  the person's name) repeated on each: LibreOffice ignores fit-to-width when a single column is
  wider than the page, and nobody reads 6 pt;
* sheets that set their own widths (the payment list, the register) keep them; the caller may also
  fix the orientation;
* a row outside the table that holds a single text (a title, a line of explanation) spans the
  table's width, wrapped, instead of running past the right edge;
* LibreOffice does not grow rows for wrapped text on opening, so every row taller than one line
  gets an explicit height.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua_reports.workbooks.text_measure import (
    DEFAULT_ROW_HEIGHT,
    LANDSCAPE_UNITS,
    MAX_ROW_HEIGHT,
    POINTS_PER_UNIT,
    PORTRAIT_UNITS,
    line_count,
    lines_height,
    room_points,
    text_points,
    units_for,
)

if TYPE_CHECKING:
    from thidua_reports.workbooks.xlsx import Sheet

PRINT_LAYOUT = 2  # part of the outputs' content keys: a new layout rewrites files an earlier run wrote
MIN_SCALE = 0.77  # 12 pt text prints at 9.2 pt at least (fit-to-width scales are whole percents)
MAX_AUTO = 50.0  # units: a column of long explanations wraps rather than growing wider
COMFORT = 18.0  # units a column of text may be narrowed to before portrait gives way to landscape
HEADER_ONE_LINE = 8.0  # units of a header kept on one line
HEADER_LINE = 12.0  # units a longer header's line may take
WORD_CAP = 12.0  # units: a longer word (a path, a long code) breaks rather than widening its column
LEAST = 4.0  # units of the narrowest column
BREAK_WASTE = 0.85  # of a page across that its columns fill when a sheet needs several pages across


@dataclass(frozen=True)
class Font:
    size: float = 12
    bold: bool = False
    wraps: bool = True


@dataclass
class PrintPlan:
    portrait: bool
    widths: dict[int, float]
    heights: dict[int, float]
    merges: list[str]  # the sheet's own merges and those of the spanning rows
    pages_wide: int = 1  # fit to this many pages across; above 1 the first column is repeated on each


_MERGE = re.compile(r"([A-Z]+)(\d+):([A-Z]+)(\d+)")
_measured: dict[tuple[str, bool], tuple[float, float]] = {}  # (text, bold) → (widest line, longest word) in pt


def _measure(text: str, bold: bool) -> tuple[float, float]:
    key = (text, bold)
    found = _measured.get(key)
    if found is None:
        if len(_measured) > 200_000:
            _measured.clear()
        lines = text.split("\n")
        words = text.split()
        found = _measured[key] = (max(text_points(line, bold=bold) for line in lines),
                                  max((text_points(w, bold=bold) for w in words), default=0.0))
    return found


_counted: dict[tuple[str, float, float, bool], int] = {}


def _lines(text: str, width: float, size: float = 12, bold: bool = False) -> int:
    """line_count, remembered: the same explanations recur in every unit's row."""
    key = (text, width, size, bold)
    found = _counted.get(key)
    if found is None:
        if len(_counted) > 200_000:
            _counted.clear()
        found = _counted[key] = line_count(text, width, size=size, bold=bold)
    return found


def _number_points(value: Any, money: bool) -> float:
    """Printed width of a number in General (or "#,##0") format, at 12 pt: digits are 6 pt."""
    if isinstance(value, bool):
        return 30.0
    if isinstance(value, int | Decimal) or (isinstance(value, float) and value.is_integer()):
        digits = len(str(abs(int(value))))
        return 6.0 * (digits + (digits - 1) // 3 if money else digits) + (4 if value < 0 else 0)
    return 6.0 * min(len(repr(value)), 11)  # General shows at most 11 characters


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def plan_print(sheet: Sheet, fonts: Sequence[Font]) -> PrintPlan:
    """The page orientation, column widths, row heights and merges of `sheet` as printed."""
    cells, styles = sheet.cells, sheet.styles
    normal = fonts[0]
    merged: dict[tuple[int, int], int] = {}  # top-left (row, col) → last column of the merge
    covered: set[tuple[int, int]] = set()
    for ref in sheet.merges:
        a, r1, b, r2 = _MERGE.fullmatch(ref).groups()  # type: ignore[union-attr]
        c1, c2 = _col_number(a), _col_number(b)
        merged[(int(r1), c1)] = c2
        covered.update((r, c) for r in range(int(r1), int(r2) + 1) for c in range(c1, c2 + 1))
    last_col = max((max(row) for row in cells.values() if row), default=1)
    head = sheet.print_title_rows[0] if sheet.print_title_rows else 0
    body_end = int(sheet.filter_ref.rsplit(":", 1)[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) if (
        sheet.filter_ref) else max(cells, default=0)
    spans: list[str] = []
    want: dict[int, float] = {}
    broken: set[int] = set()  # columns with a text of several lines
    least: dict[int, float] = {}
    for r, row in cells.items():
        row_styles = styles.get(r)
        if (r < head or r > body_end) and sum(v is not None for v in row.values()) == 1:
            c = next(c for c, v in row.items() if v is not None)
            if isinstance(row[c], str) and (r, c) not in covered and c < last_col:
                merged[(r, c)] = last_col  # a line of text across the table
                spans.append(f"{column_letter(c)}{r}:{column_letter(last_col)}{r}")
                continue
        for c, value in row.items():
            if value is None or (covered and (r, c) in covered):
                continue
            font = fonts[row_styles.get(c, 0)] if row_styles else normal
            if isinstance(value, str):
                full, word = _measure(value, font.bold)
                if "\n" in value:
                    broken.add(c)
                full, word = full * font.size / 12, word * font.size / 12
                if r == head and full > HEADER_ONE_LINE * POINTS_PER_UNIT:  # a longer header takes two lines
                    full = max(word, min(full / 2, HEADER_LINE * POINTS_PER_UNIT))  # never breaking a word
                if not font.wraps:
                    word = full
            else:
                full = word = _number_points(value, not font.wraps) * font.size / 12
            if full > want.get(c, 0.0):
                want[c] = full
            if word > least.get(c, 0.0):
                least[c] = word
    fixed = sheet.widths
    caps = sheet.width_caps
    auto_want: dict[int, float] = {}
    auto_least: dict[int, float] = {}
    for c in range(1, last_col + 1):
        if c in fixed:
            continue
        low = max(LEAST, min(units_for(least.get(c, 0.0)), WORD_CAP))
        high = min(units_for(want.get(c, 0.0)), caps.get(c, MAX_AUTO), MAX_AUTO)
        auto_least[c], auto_want[c] = _round(low), _round(max(high, low))
    fixed_total = sum(fixed.values())
    portrait = sheet.portrait
    if portrait is None:
        comfortable = fixed_total + sum(min(w, max(auto_least[c], COMFORT)) for c, w in auto_want.items())
        portrait = comfortable <= PORTRAIT_UNITS
    page = PORTRAIT_UNITS if portrait else LANDSCAPE_UNITS
    widths = dict(fixed)
    pages = 1
    if fixed_total + sum(auto_want.values()) <= page:
        widths.update(auto_want)
    elif fixed_total + sum(auto_least.values()) <= page / MIN_SCALE:
        # scaled down only as far as the columns need for their comfortable width, then wrapped
        comfortable = sum(min(w, max(auto_least[c], COMFORT)) for c, w in auto_want.items())
        room = min(max(comfortable, page - fixed_total), page / MIN_SCALE - fixed_total)
        widths.update(_share(auto_least, auto_want, room))
    else:  # too many columns for one legible page: several pages across, column A on each
        first = fixed.get(1, auto_want.get(1, 0.0))
        per_page = (page / MIN_SCALE - first) * BREAK_WASTE
        pages = math.ceil((fixed_total + sum(auto_least.values()) - first) / per_page)
        widths.update(_share(auto_least, auto_want, pages * per_page + first - fixed_total))
        if 1 in auto_want:
            widths[1] = first
    heights = dict(sheet.heights)
    rooms = {c: room_points(w) for c, w in widths.items()}
    # columns where some text may wrap: in the others an unstyled row is one line
    wrapping = [c for c, room in rooms.items() if want.get(c, 0.0) > room or c in broken]
    spanned = {r for r, _ in merged}
    for r, row in cells.items():
        if r in heights:
            continue
        row_styles = styles.get(r)
        if not row_styles and r not in spanned and r != head:
            lines = 1
            for c in wrapping:
                value = row.get(c)
                if isinstance(value, str) and (_measure(value, False)[0] > rooms[c] or "\n" in value):
                    lines = max(lines, _lines(value, widths[c]))
            if lines > 1:
                heights[r] = round(min(lines_height(lines), MAX_ROW_HEIGHT), 2)
            continue
        needed = 0.0  # only what one line of 12 pt would not hold
        for c, value in row.items():
            if value is None or (covered and (r, c) in covered and (r, c) not in merged):
                continue
            font = fonts[row_styles.get(c, 0)] if row_styles else normal
            lines = 1
            if isinstance(value, str) and font.wraps:
                end = merged.get((r, c))
                if end is None:
                    width, room = widths.get(c, 8.43), rooms.get(c, 45.0)
                else:
                    width = sum(widths.get(k, 8.43) for k in range(c, end + 1))
                    room = room_points(width)
                if _measure(value, font.bold)[0] * font.size / 12 > room or "\n" in value:
                    lines = _lines(value, width, font.size, font.bold)
            if lines > 1 or font.size > 12:
                needed = max(needed, lines_height(lines, font.size))
        if needed > DEFAULT_ROW_HEIGHT + 0.5:
            heights[r] = round(min(needed, MAX_ROW_HEIGHT), 2)
    return PrintPlan(portrait, widths, heights, list(sheet.merges) + spans, pages)


def _round(units: float) -> float:
    return -(-units * 4 // 1) / 4  # up to a quarter unit


def _share(least: dict[int, float], want: dict[int, float], room: float) -> dict[int, float]:
    """Widths between `least` and `want` adding up to `room` at most: the narrow columns get what
    they want, the wide ones share the rest at one equal width (water filling)."""
    if sum(least.values()) >= room:
        return dict(least)
    # the total width is piecewise linear in the level: walk its break points (a column starts growing at
    # its least width, stops at what it wants) to the level where it reaches the room
    events = sorted([(least[c], 1) for c in want if want[c] > least[c]]
                    + [(want[c], -1) for c in want if want[c] > least[c]])
    total, slope, level = sum(least.values()), 0, 0.0
    for x, step in events:
        if slope and total + slope * (x - level) >= room:
            level += (room - total) / slope
            break
        total += slope * (x - level)
        slope += step
        level = x
    return {c: max(least[c], min(want[c], int(level * 4) / 4)) for c in want}


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
