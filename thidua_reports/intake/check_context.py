"""Shared state of one workbook check: problem collection, typed cell reads, formula detection."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from thidua_reports.intake import cell_values as cv
from thidua_reports.intake.sheets import Grid, a1, formula_cells_without_value
from thidua_reports.models import Problem, Severity

FORMULA_FIX = (
    "ô chứa công thức nhưng chưa có giá trị tính sẵn; hãy mở tệp bằng Excel hoặc LibreOffice Calc "
    "rồi lưu lại, hoặc gõ thẳng giá trị vào ô"
)


class Check:
    """Collects the problems of one file. Messages: `Ô B7 (field): what is wrong; hãy fix`."""

    def __init__(self, file: str, path: Path) -> None:
        self.file = file
        self.path = path
        self.package: zipfile.ZipFile | None = None  # the open .xlsx/.ods zip, set by the reader
        self.problems: list[Problem] = []
        self._formulas: dict[str, set[str]] = {}

    def add(self, sheet: str | None, cell: str | None, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(self.file, sheet, cell, severity, message))

    def cell(self, grid: Grid, r: int, c: int, field: str, message: str, severity: Severity = "error") -> None:
        ref = a1(r, c)
        self.add(grid.name, ref, f"Ô {ref} ({field}): {message}", severity)

    def formula_blank(self, grid: Grid, r: int, c: int) -> bool:
        """True when an empty-looking cell is a formula never calculated (xlsx written by a program)."""
        if grid.name not in self._formulas:
            self._formulas[grid.name] = formula_cells_without_value(self.package, grid.name)
        return a1(r, c) in self._formulas[grid.name]

    def read(
        self,
        grid: Grid,
        r: int,
        c: int,
        field: str,
        parser: Callable[[Any], Any],
        blank: str | None = None,
        severity: Severity = "error",
    ) -> Any:
        """Parse one cell. `blank` is the fix for a required cell left empty (None: optional)."""
        raw = grid.value(r, c)
        if cv.is_blank(raw):
            if self.formula_blank(grid, r, c):
                self.cell(grid, r, c, field, FORMULA_FIX)
            elif blank is not None:
                self.cell(grid, r, c, field, f"chưa nhập; hãy {blank}")
            return None
        try:
            return parser(raw)
        except cv.CellValueError as exc:
            self.cell(grid, r, c, field, str(exc), severity)
            return None

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
