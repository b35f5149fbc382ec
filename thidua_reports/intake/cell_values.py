"""Typed values from raw cells: text, integers, exact decimals, dates, Có/Không, completion levels.

Each parser returns the value, None for an empty cell, or raises CellValueError whose text is
the second half of a message: what is wrong; how to fix it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from thidua_reports.intake.sheets import cached_label
from thidua_reports.models import COMPLETION_LEVELS
from thidua_reports.vietnamese import nfc, normalize_label, parse_decimal_vi

EXCEL_EPOCH = date(1899, 12, 30)
DATE_EXAMPLE = "25/11/2021"


class CellValueError(ValueError):
    """A cell holds a value of the wrong kind; str() is "<what is wrong>; hãy <fix>"."""


def is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def show(value: Any) -> str:
    """How a raw value is quoted back to the user."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        d = Decimal(repr(value))
        if d == d.to_integral_value():
            return str(int(d))
        return format(d, "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return f'"{nfc(str(value)).strip()}"'


def fmt(d: Decimal) -> str:
    """A Decimal as Vietnamese text: 86.50 → "86,5", 10.0 → "10"."""
    t = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f").rstrip("0")
    return t.replace(".", ",")


def text(value: Any) -> str:
    """Any cell as trimmed NFC text ("" when empty); integral numbers without ".0"."""
    if is_blank(value):
        return ""
    if isinstance(value, str):
        return nfc(value).strip()
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        d = Decimal(repr(value))
        return str(int(d)) if d == d.to_integral_value() else format(d, "f")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)).strip()


def decimal(value: Any, example: str = "86,5") -> Decimal | None:
    """Exact Decimal from a number cell (via repr of the float) or from text with a decimal comma."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellValueError(f"{show(value)} không phải là số; hãy nhập số, ví dụ {example}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellValueError(f"giá trị không phải là số; hãy nhập số, ví dụ {example}")
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, str):
        d = parse_decimal_vi(nfc(value).replace("\u00a0", " "))
        if d is not None:
            return d
    raise CellValueError(f"{show(value)} không phải là số; hãy nhập số, ví dụ {example}")


def integer(value: Any, example: str = "12") -> int | None:
    """Integer from a number cell (2022.0 → 2022) or text; 2022.5 is an error."""
    if is_blank(value):
        return None
    try:
        d = decimal(value, example)
    except CellValueError:
        raise CellValueError(f"{show(value)} không phải là số; hãy nhập số nguyên, ví dụ {example}") from None
    assert d is not None
    if d != d.to_integral_value():
        raise CellValueError(f"{show(value)} không phải là số nguyên; hãy nhập số nguyên, ví dụ {example}")
    return int(d)


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_DATE_FIX = f"hãy nhập ngày dạng ngày/tháng/năm, ví dụ {DATE_EXAMPLE}"


def to_date(value: Any) -> date | None:
    """A date cell, an Excel serial number, or text d/m/yyyy, dd-mm-yyyy, d.m.yyyy or yyyy-mm-dd."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellValueError(f"{show(value)} không phải là ngày; {_DATE_FIX}")
    if isinstance(value, int | float):
        if value == int(value) and 1 <= value <= 2958465:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellValueError(f"{show(value)} không phải là ngày; {_DATE_FIX}")
    if isinstance(value, timedelta):
        raise CellValueError(f"giá trị là giờ, không phải ngày; {_DATE_FIX}")
    s = nfc(str(value)).strip()
    m = _DMY.fullmatch(s)
    iso = _ISO.fullmatch(s)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        raise CellValueError(f"{show(value)} không phải là ngày có thật; {_DATE_FIX}") from None
    raise CellValueError(f"{show(value)} không phải là ngày; {_DATE_FIX}")


_YES = {"có", "co", "x"}
_NO = {"không", "khong"}


def yes_no(value: Any) -> bool | None:
    """Có / Không / x (= Có), case-insensitive; a boolean cell counts too."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    n = cached_label(str(value))
    if n in _YES:
        return True
    if n in _NO:
        return False
    raise CellValueError(f"{show(value)} không phải Có hoặc Không; hãy chọn Có hoặc Không (gõ x cũng là Có)")


_LEVELS = {normalize_label(level): level for level in COMPLETION_LEVELS}
_LEVELS.update(
    {
        "xuất sắc": COMPLETION_LEVELS[0],
        "tốt": COMPLETION_LEVELS[1],
        "hoàn thành": COMPLETION_LEVELS[2],
        "không hoàn thành": COMPLETION_LEVELS[3],
    }
)


def level(value: Any) -> str | None:
    """One of the four completion levels (full form), accepting the short forms."""
    if is_blank(value):
        return None
    found = _LEVELS.get(cached_label(str(value)))
    if found is None:
        raise CellValueError(
            f"{show(value)} không phải là mức hoàn thành nhiệm vụ; hãy chọn một trong: "
            + ", ".join(COMPLETION_LEVELS)
        )
    return found
