"""How much room Times New Roman text takes on a printed sheet: the shared measure of the forms
(form_print.py) and of the output workbooks (print_plan.py).

Every workbook the tool writes has Times New Roman 12 as its default font, the font whose digit width
is the unit of column widths: 8 px = 6 pt in Excel and LibreOffice alike (Liberation Serif, which
LibreOffice uses where Times New Roman is missing, has the same metrics). Calibri, openpyxl's
default, is replaced by a wider face where it is missing, which made the same widths print 26 %
smaller there.
"""

from __future__ import annotations

import math
import unicodedata

POINTS_PER_UNIT = 6.0  # one unit of column width: the digit width of Times New Roman 12 (8 px)
SIDE_MARGIN = 0.6  # inches, left and right
A4_WIDTH, A4_HEIGHT = 595.3, 841.9  # points
PORTRAIT_UNITS = 82  # column units that fit A4 portrait between the side margins (492 of 509 pt)
LANDSCAPE_UNITS = 122  # and A4 landscape (732 of 755 pt)
DEFAULT_ROW_HEIGHT = 15.75  # one line of 12 pt Times New Roman, Excel's own height for it
MAX_ROW_HEIGHT = 409.0  # Excel's limit
PADDING = 4.5  # points of a column's width its text cannot use (cell insets, grid line)
SLACK = 0.97  # renderers differ a little in glyph widths and insets: leave 3 % of each line free

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


def _char_width(ch: str, table: tuple[int, ...]) -> int:
    parts = unicodedata.normalize("NFD", _OWN_BASE.get(ch, ch))
    code = ord(parts[0])
    width = table[code - 32] if 32 <= code < 127 else 1000
    return width + 60 if _HORN in parts else width


# per-character widths, filled as characters are met: a dictionary look-up instead of a normalisation
_WIDTHS: tuple[dict[str, int], dict[str, int]] = (
    {chr(c): _REGULAR[c - 32] for c in range(32, 127)}, {chr(c): _BOLD[c - 32] for c in range(32, 127)})


def text_points(text: str, *, size: float = 12, bold: bool = False) -> float:
    """The printed width of one line of Times New Roman text, in points."""
    widths = _WIDTHS[bold]
    total = 0
    for ch in text:
        width = widths.get(ch)
        if width is None:
            width = widths[ch] = _char_width(ch, _BOLD if bold else _REGULAR)
        total += width
    return total * size / 1000


def room_points(width: float) -> float:
    """The points of one line of text in a column `width` units wide."""
    return max(width * POINTS_PER_UNIT - PADDING, 1) * SLACK


def units_for(points: float) -> float:
    """The column width (units) whose line holds `points` of text: the inverse of room_points."""
    return (points / SLACK + PADDING) / POINTS_PER_UNIT


_WORDS: tuple[dict[str, float], dict[str, float]] = ({}, {})  # word → points at 12 pt, regular and bold


def line_count(text: str, width: float, *, size: float = 12, bold: bool = False) -> int:
    """Lines the text takes wrapped at word boundaries in a column `width` units wide."""
    room = room_points(width)
    scale = size / 12
    space = text_points(" ", size=size, bold=bold)
    words = _WORDS[bold]
    if len(words) > 100_000:
        words.clear()
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            need = words.get(word)
            if need is None:
                need = words[word] = text_points(word, bold=bold)
            need *= scale
            if used and used + space + need <= room:
                used += space + need
                continue
            if used:
                lines += 1
            extra = math.ceil(need / room) - 1  # a word longer than the line breaks inside
            lines += extra
            used = need - extra * room
    return lines


def lines_height(lines: int, size: float = 12) -> float:
    """Points of row height that `lines` lines of text of `size` points need."""
    return lines * DEFAULT_ROW_HEIGHT * size / 12 + (3 if lines > 1 else 0)
