"""Reading quyet_dinh_hoi_dong.xlsx (SPEC §6.4, §10): its four optional sheets, found by name, with
their tables found by header text. An absent sheet, or one without data rows, counts as absent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from thidua_reports.errors import OverrideError
from thidua_reports.intake.sheets import BadWorkbook, col_letter, open_workbook
from thidua_reports.vietnamese import nfc, normalize_label

OVERRIDE_FILE = "quyet_dinh_hoi_dong.xlsx"
DECISIONS, MEMBERS, MEETING, VOTES = "QuyetDinh", "ThanhVien", "PhienHop", "BieuQuyet"
SHEETS = (DECISIONS, MEMBERS, MEETING, VOTES)

Row = list[Any]


@dataclass
class CouncilFile:
    """The rows of each council sheet present in the file (label: how messages name the file)."""

    label: str
    sheets: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, sheet: str) -> list[Row]:
        return self.sheets.get(sheet, [])

    def has_data(self, sheet: str) -> bool:
        return any(text(v) for row in self.rows(sheet) for v in row)


@dataclass(frozen=True)
class TableRow:
    """One data row of a table: its 1-based row number, values and cell references by column key."""

    row: int
    values: dict[str, Any]
    cells: dict[str, str]

    def text(self, key: str) -> str:
        return text(self.values.get(key))


def text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return nfc(str(v)).strip()


def where(label: str, sheet: str, cell: str | None = None) -> str:
    return f"{label}, trang {sheet}" + (f", ô {cell}" if cell else "")


def read_council_file(path: Path, label: str = OVERRIDE_FILE) -> CouncilFile:
    """Every council sheet of the file, by its canonical name; OverrideError when none is there."""
    try:
        wb = open_workbook(path)
        found = CouncilFile(label)
        wanted = {normalize_label(name): name for name in SHEETS}
        for title in wb.sheet_names:
            name = wanted.get(normalize_label(title))
            if name is not None and name not in found.sheets:
                rows = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
                found.sheets[name] = [[None if v == "" else v for v in r] for r in rows]
    except BadWorkbook as exc:
        raise OverrideError(f"Không đọc được tệp {label}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise OverrideError(f"Không đọc được tệp {label}: {exc}. Hãy lưu lại tệp dạng .xlsx.") from None
    if not found.sheets:
        raise OverrideError(
            f"Tệp {label} không có trang {DECISIONS}, {MEMBERS}, {MEETING} hay {VOTES}. Hãy đặt tên "
            "trang đúng như mẫu mau_nhap/quyet_dinh_hoi_dong.xlsx (thidua templates)."
        )
    return found


def find_table(rows: Sequence[Row], headers: dict[str, str], required: Sequence[str]
               ) -> tuple[int, dict[str, int]] | None:
    """(header row number, column index by key) of the first row holding every required header."""
    labels = {normalize_label(h): key for h, key in headers.items()}
    for n, values in enumerate(rows, start=1):
        columns: dict[str, int] = {}
        for i, v in enumerate(values):
            key = labels.get(normalize_label(text(v)))
            if key is not None and key not in columns:
                columns[key] = i
        if all(k in columns for k in required):
            return n, columns
    return None


def table_rows(rows: Sequence[Row], header_at: int, columns: dict[str, int]) -> list[TableRow]:
    """The non-blank rows under the header."""
    out = []
    for n, values in enumerate(rows[header_at:], start=header_at + 1):
        got = {k: values[i] if i < len(values) else None for k, i in columns.items()}
        if any(text(v) for v in got.values()):
            out.append(TableRow(n, got, {k: f"{col_letter(i)}{n}" for k, i in columns.items()}))
    return out


def labelled_values(rows: Sequence[Row]) -> dict[str, tuple[Any, str]]:
    """Label/value pairs of a sheet like ThongTin: normalized label → (value, cell of the value)."""
    out: dict[str, tuple[Any, str]] = {}
    for n, values in enumerate(rows, start=1):
        for i, v in enumerate(values[:-1]):
            label = normalize_label(text(v))
            if label and label not in out and i + 1 < len(values):
                out[label] = (values[i + 1], f"{col_letter(i + 1)}{n}")
    return out


_DATE_TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %Hh%M", "%d/%m/%Y %Hg%M")


def as_datetime(value: object) -> datetime | None:
    """A date-time cell, or text "dd/mm/yyyy hh:mm"; None when it is neither."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    raw = " ".join(text(value).split())
    for fmt in _DATE_TIME_FORMATS:
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    return None


def as_time(value: object) -> time | None:
    """A time cell (or date-time), or text "hh:mm"; None when it is neither."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # a time typed into a General cell by some tools
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    moment = as_datetime(value)
    if moment is not None and " " in text(value):
        return moment.time()
    raw = text(value).lower().replace("giờ", ":").replace("g", ":").replace("h", ":").replace(" ", "")
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    return None
