"""Cell-level editing of the council workbook (openpyxl): find a sheet and its table the way the
run's reader does (`decision.council_file`: sheet names and headers compared by normalized text),
then write rows in place. `council_edit` builds on this; nothing here validates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from thidua_reports.decision.council_file import find_table, text
from thidua_reports.vietnamese import normalize_label

TEXT_FORMAT = "@"  # unit codes such as 007 keep their zeros


def sheet(wb: Workbook, name: str, headers: Sequence[str] = ()) -> Worksheet:
    """The sheet named `name` (compared as the reader compares, e.g. "quyetdinh " matches), created
    with `headers` in row 1 when absent."""
    for ws in wb.worksheets:
        if normalize_label(ws.title) == normalize_label(name):
            return ws
    ws = wb.create_sheet(name)
    for col, head in enumerate(headers, start=1):
        ws.cell(row=1, column=col, value=head).font = Font(bold=True)
    return ws


def values(ws: Worksheet) -> list[list[Any]]:
    """The sheet's cell values, row 1 first, as the reader sees them (blank text as None)."""
    return [[None if v == "" else v for v in row] for row in ws.iter_rows(values_only=True)]


class Table:
    """A table of a sheet: its header row and the column of each key (0-based), as `find_table` finds
    them; a sheet without any text gets the headers written into row 1."""

    def __init__(self, ws: Worksheet, headers: dict[str, str], required: Sequence[str],
                 labels: Sequence[str]) -> None:
        self.ws = ws
        rows = values(ws)
        found = find_table(rows, headers, required)
        if found is None and not any(text(v) for row in rows for v in row):
            for col, head in enumerate(labels, start=1):
                ws.cell(row=1, column=col, value=head).font = Font(bold=True)
            rows = values(ws)
            found = find_table(rows, headers, required)
        self.found = found is not None
        self.header_row, self.columns = found if found is not None else (0, {})

    def data_rows(self) -> list[tuple[int, dict[str, Any]]]:
        """(sheet row, values by key) of every row under the header with text in a table column."""
        out = []
        for r in range(self.header_row + 1, self.ws.max_row + 1):
            got = {k: self.ws.cell(row=r, column=c + 1).value for k, c in self.columns.items()}
            if any(text(v) for v in got.values()):
                out.append((r, got))
        return out

    def free_row(self) -> int:
        """The first row after the last data row (the blank form's styled input rows are reused)."""
        rows = self.data_rows()
        return (rows[-1][0] if rows else self.header_row) + 1

    def write(self, row: int, data: dict[str, Any], text_keys: Sequence[str] = ()) -> None:
        """Set the row's cells of the given keys (a key the table lacks is skipped)."""
        for key, value in data.items():
            col = self.columns.get(key)
            if col is None:
                continue
            cell = self.ws.cell(row=row, column=col + 1)
            cell.value = value if value != "" else None
            if key in text_keys and value not in (None, ""):
                cell.number_format = TEXT_FORMAT

    def clear(self, row: int) -> None:
        """Blank the row's table cells; the row itself, its formats and dropdowns stay."""
        for col in self.columns.values():
            self.ws.cell(row=row, column=col + 1).value = None

    def replace_all(self, records: Sequence[dict[str, Any]], text_keys: Sequence[str] = ()) -> None:
        """The table's data becomes `records`, written from the row under the header; rows of
        the old data beyond them are blanked."""
        old = [r for r, _ in self.data_rows()]
        for n, record in enumerate(records):
            self.write(self.header_row + 1 + n, {k: record.get(k) for k in self.columns}, text_keys)
        last = self.header_row + len(records)
        for r in old:
            if r > last:
                self.clear(r)


def set_labelled(ws: Worksheet, label: str, value: Any, number_format: str | None = None) -> None:
    """Set the value beside `label` in a label/value sheet (as `labelled_values` reads it); a label
    not found is added in a new row (label in column A, value in column B)."""
    wanted = normalize_label(label)
    target = None
    for row in ws.iter_rows():
        for cell in row[:-1] if len(row) > 1 else row:
            if normalize_label(text(cell.value)) == wanted:
                target = ws.cell(row=cell.row, column=cell.column + 1)
                break
        if target is not None:
            break
    if target is None:
        last = max((r for r in range(1, ws.max_row + 1)
                    if any(text(c.value) for c in ws[r])), default=0)
        ws.cell(row=last + 1, column=1, value=label).font = Font(bold=True)
        target = ws.cell(row=last + 1, column=2)
    target.value = value if value != "" else None
    if number_format is not None and value not in (None, ""):
        target.number_format = number_format
