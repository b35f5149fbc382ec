"""The registry danh_muc.xlsx (SPEC §4): units and index assignments, read by header text and written."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from thidua_reports.errors import RegistryError
from thidua_reports.intake import cell_values as cv
from thidua_reports.intake.sheets import (
    BadWorkbook,
    Grid,
    a1,
    open_workbook,
    read_grid,
    sheet_key,
    sheet_lookup,
)
from thidua_reports.models import Assignment, Problem, Registry, Unit
from thidua_reports.vietnamese import normalize_label, slugify

REGISTRY_NAME = "danh_muc.xlsx"
UNIT_SHEET = "DonVi"
ASSIGNMENT_SHEET = "ChiSo"
# (header, attribute, required column, width)
UNIT_COLUMNS = (
    ("Mã đơn vị", "code", True, 14),
    ("Tên đơn vị", "name", True, 40),
    ("Loại đơn vị", "kind", False, 16),
    ("Người đứng đầu", "head_name", False, 24),
    ("Chức vụ người đứng đầu", "head_title", False, 24),
    ("Số biên chế", "staffing", True, 12),
    ("Điểm CCHC chính thức", "official_score", False, 14),
)
ASSIGNMENT_COLUMNS = (
    ("Bộ chỉ số", "index_set", True, 12),
    ("Mã chỉ số", "code", True, 12),
    ("Tên chỉ số thành phần", "name", True, 40),
    ("Đơn vị phụ trách", "unit_code", True, 14),
    ("Điểm tối đa năm trước", "prior_max", False, 12),
    ("Điểm năm trước", "prior_score", False, 12),
    ("Điểm tối đa năm nay", "current_max", True, 12),
    ("Điểm năm nay", "current_score", False, 12),
)
# (path, sha256 of its bytes) -> what load_registry returned; a process that runs the pipeline more
# than once reads the registry again only when its content changed
_MEMORY: dict[tuple[str, str], tuple[Registry, list[Problem]]] = {}
MAX_RULES: dict[str, tuple[Decimal, Decimal | None]] = {"official_score": (Decimal(0), Decimal(100))}


class _Reader:
    """Collects problems while reading one sheet of the registry."""

    def __init__(self, file: str, grid: Grid, columns: tuple, problems: list[Problem]) -> None:
        self.file, self.grid, self.problems, self.columns = file, grid, problems, columns
        self.labels = {normalize_label(h): h for h, *_ in columns}
        found = grid.find_header(self.labels, [normalize_label(h) for h, _, req, _ in columns if req])
        self.header_row = -1
        self.cols: dict[str, int] = {}
        if found is None:
            located = grid.find_header(self.labels, [normalize_label(columns[0][0])])
            present = set(located[1]) if located else set()
            missing = [h for h, _, req, _ in columns if req and normalize_label(h) not in present]
            self.error(None, f'Thiếu cột {", ".join(f"“{m}”" for m in missing)} trong 10 dòng đầu của trang '
                       f'"{grid.name}"; hãy thêm dòng tiêu đề có đủ các cột như tệp do lệnh thidua init tạo ra')
            return
        self.header_row, by_label = found
        self.cols = {attr: by_label[normalize_label(h)] for h, attr, *_ in columns if normalize_label(h) in by_label}

    def error(self, cell: str | None, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, self.grid.name, cell, severity, message))  # type: ignore[arg-type]

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for r in range(self.header_row + 1, len(self.grid.rows)):
            raw = {attr: self.grid.value(r, c) for attr, c in self.cols.items()}
            if all(cv.is_blank(v) for v in raw.values()):
                continue
            out.append((r, raw))
        return out

    def ref(self, r: int, attr: str) -> str:
        return a1(r, self.cols[attr])

    def header(self, attr: str) -> str:
        return next(h for h, a, *_ in self.columns if a == attr)

    def parse(self, r: int, raw: dict[str, Any], attr: str, fn: Callable[[Any], Any]) -> Any:
        try:
            return fn(raw.get(attr))
        except cv.CellValueError as exc:
            self.error(self.ref(r, attr), f"Ô {self.ref(r, attr)} ({self.header(attr)}): {exc}")
            return None


def _sheet(workbook: Any, lookup: dict[str, str], wanted: str, file: str, problems: list[Problem]) -> Grid | None:
    name = lookup.get(sheet_key(wanted))
    if name is None:
        problems.append(Problem(file, None, None, "error",
                                f'Thiếu trang tính "{wanted}"; hãy thêm trang này như trong tệp do lệnh thidua init tạo ra'))
        return None
    return read_grid(workbook, name, 100_000)


def load_registry(path: Path) -> tuple[Registry, list[Problem]]:
    """Read danh_muc.xlsx; raise RegistryError listing every error, return (registry, warnings)."""
    file = path.name
    if not path.is_file():
        raise RegistryError(
            f"Không tìm thấy tệp danh mục {file} trong thư mục làm việc; hãy chạy \"thidua init <thư mục>\" "
            "để tạo tệp mẫu rồi điền danh sách đơn vị và chỉ số"
        )
    try:
        data = path.read_bytes()
    except OSError:
        data = None  # open_workbook gives the message
    key = (str(path.resolve()), hashlib.sha256(data).hexdigest()) if data is not None else None
    if key is not None and key in _MEMORY:
        registry, warnings = _MEMORY[key]
    else:
        registry, warnings = _load_registry(path)
        if key is not None and _unchanged(path, key[1]):
            _MEMORY.clear()
            _MEMORY[key] = registry, warnings
    # lists of their own: callers may filter or extend them (the records themselves are only read)
    return Registry(list(registry.units), list(registry.assignments), registry.path), list(warnings)


def _unchanged(path: Path, sha: str) -> bool:
    """The file still has the content hashed before it was read (it may be saved while being read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


def _load_registry(path: Path) -> tuple[Registry, list[Problem]]:
    file = path.name
    problems: list[Problem] = []
    try:
        workbook = open_workbook(path)
        lookup = sheet_lookup(workbook)
        unit_grid = _sheet(workbook, lookup, UNIT_SHEET, file, problems)
        assignment_grid = _sheet(workbook, lookup, ASSIGNMENT_SHEET, file, problems)
    except BadWorkbook as exc:
        raise RegistryError(f"Không đọc được tệp danh mục {file}: {exc}") from None
    units = _read_units(file, unit_grid, problems) if unit_grid else []
    assignments = _read_assignments(file, assignment_grid, units, problems) if assignment_grid else []
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RegistryError(f"Tệp danh mục {file} có {len(errors)} lỗi, hãy sửa rồi chạy lại:", errors)
    return Registry(units, assignments, file), [p for p in problems if p.severity == "warning"]


def _read_units(file: str, grid: Grid, problems: list[Problem]) -> list[Unit]:
    rd = _Reader(file, grid, UNIT_COLUMNS, problems)
    units: list[Unit] = []
    seen: dict[str, str] = {}
    files: dict[str, tuple[str, str]] = {}  # file name part (kiem_tra, tom_tat) → (cell, code)
    rows = rd.rows() if rd.cols else []
    if rd.cols and not rows:
        rd.error(None, f'Trang "{grid.name}" chưa có đơn vị nào; hãy nhập mỗi đơn vị tham gia thi đua một dòng', "warning")
    for r, raw in rows:
        code = cv.text(raw.get("code"))
        if not code:
            rd.error(rd.ref(r, "code"), f"Ô {rd.ref(r, 'code')} (Mã đơn vị): dòng có dữ liệu nhưng thiếu mã đơn vị; hãy nhập mã")
            continue
        key = code.casefold()
        if key in seen:
            rd.error(rd.ref(r, "code"), f'Ô {rd.ref(r, "code")} (Mã đơn vị): mã "{code}" trùng với ô {seen[key]}; '
                     "hãy đặt cho mỗi đơn vị một mã riêng")
            continue
        seen[key] = rd.ref(r, "code")
        file_key = slugify(code)
        if file_key in files:
            ref, other = files[file_key]
            rd.error(rd.ref(r, "code"), f'Ô {rd.ref(r, "code")} (Mã đơn vị): mã "{code}" và mã "{other}" ở ô {ref} cho cùng '
                     f'một tên tệp kết quả ({file_key}.xlsx); hãy đổi một mã, chỉ dùng chữ không dấu, số và dấu "-"')
            continue
        files[file_key] = (rd.ref(r, "code"), code)
        name = cv.text(raw.get("name"))
        if not name:
            rd.error(rd.ref(r, "name"), f"Ô {rd.ref(r, 'name')} (Tên đơn vị): thiếu tên đơn vị; hãy nhập tên đầy đủ")
        staffing = rd.parse(r, raw, "staffing", cv.integer)
        if staffing is None and cv.is_blank(raw.get("staffing")):
            rd.error(rd.ref(r, "staffing"), f"Ô {rd.ref(r, 'staffing')} (Số biên chế): trống; tỷ lệ vi phạm kỷ luật "
                     "của đơn vị sẽ không tính được; hãy nhập số biên chế", "warning")
        elif staffing is not None and staffing < 1:
            rd.error(rd.ref(r, "staffing"), f"Ô {rd.ref(r, 'staffing')} (Số biên chế): {staffing} không hợp lệ; "
                     "hãy nhập số nguyên từ 1 trở lên")
            staffing = None
        score = rd.parse(r, raw, "official_score", cv.decimal) if "official_score" in rd.cols else None
        if score is not None and not Decimal(0) <= score <= Decimal(100):
            rd.error(rd.ref(r, "official_score"), f"Ô {rd.ref(r, 'official_score')} (Điểm CCHC chính thức): "
                     f"{cv.show(raw.get('official_score'))} nằm ngoài khoảng 0–100; hãy nhập điểm từ 0 đến 100")
            score = None
        units.append(Unit(code=code, name=name, kind=cv.text(raw.get("kind")), head_name=cv.text(raw.get("head_name")),
                          head_title=cv.text(raw.get("head_title")), staffing=staffing, official_score=score, row=r + 1))
    return units


def _read_assignments(file: str, grid: Grid, units: list[Unit], problems: list[Problem]) -> list[Assignment]:
    rd = _Reader(file, grid, ASSIGNMENT_COLUMNS, problems)
    known = {u.code.casefold(): u.code for u in units}
    out: list[Assignment] = []
    seen: dict[tuple[str, str], str] = {}
    for r, raw in (rd.rows() if rd.cols else []):
        code = cv.text(raw.get("code"))
        unit_text = cv.text(raw.get("unit_code"))
        ok = True
        if not code:
            rd.error(rd.ref(r, "code"), f"Ô {rd.ref(r, 'code')} (Mã chỉ số): dòng có dữ liệu nhưng thiếu mã chỉ số; hãy nhập mã, ví dụ PCI-02")
            ok = False
        unit_code = known.get(unit_text.casefold())
        if unit_code is None:
            what = f'mã "{unit_text}" không có trong trang DonVi' if unit_text else "trống"
            rd.error(rd.ref(r, "unit_code"), f"Ô {rd.ref(r, 'unit_code')} (Đơn vị phụ trách): {what}; "
                     "hãy nhập mã của một đơn vị trong trang DonVi")
            ok = False
        elif code:
            key = (code.casefold(), unit_code)
            if key in seen:
                rd.error(rd.ref(r, "code"), f'Ô {rd.ref(r, "code")} (Mã chỉ số): chỉ số "{code}" của đơn vị '
                         f'"{unit_code}" trùng với dòng {seen[key]}; hãy xóa một dòng')
                ok = False
            seen[key] = str(r + 1)
        nums = {a: rd.parse(r, raw, a, cv.decimal) for a in ("prior_max", "prior_score", "current_max", "current_score")}
        if nums["current_max"] is None and cv.is_blank(raw.get("current_max")):
            rd.error(rd.ref(r, "current_max"), f"Ô {rd.ref(r, 'current_max')} (Điểm tối đa năm nay): trống; hãy nhập điểm tối đa, ví dụ 10")
            ok = False
        for score_attr, max_attr in (("prior_score", "prior_max"), ("current_score", "current_max"),
                                     ("prior_max", None), ("current_max", None)):
            value, top = nums[score_attr], nums[max_attr] if max_attr else None
            if value is None:
                continue
            bad = value < 0 or (max_attr is None and value == 0) or (top is not None and value > top)
            if bad:
                limit = f"0 đến {cv.fmt(top)}" if top is not None else "số dương"
                rd.error(rd.ref(r, score_attr), f"Ô {rd.ref(r, score_attr)} ({rd.header(score_attr)}): "
                         f"{cv.show(raw.get(score_attr))} không hợp lệ; hãy nhập {limit}")
                ok = False
        if ok:
            out.append(Assignment(index_set=cv.text(raw.get("index_set")), code=code, name=cv.text(raw.get("name")),
                                  unit_code=unit_code or "", row=r + 1, **nums))
    return out


def write_registry(path: Path, registry: Registry | None) -> None:
    """Write danh_muc.xlsx: both sheets, bold frozen headers, widths, code columns as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    units = registry.units if registry else []
    assignments = registry.assignments if registry else []
    for name, columns, records, text_attrs in (
        (UNIT_SHEET, UNIT_COLUMNS, units, {"code"}),
        (ASSIGNMENT_SHEET, ASSIGNMENT_COLUMNS, assignments, {"code", "unit_code"}),
    ):
        ws = wb.create_sheet(name)
        for c, (header, attr, _req, width) in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=c, value=header)
            cell.font = Font(bold=True)
            letter = cell.column_letter
            ws.column_dimensions[letter].width = width
            if attr in text_attrs:
                ws.column_dimensions[letter].number_format = "@"
            for r, record in enumerate(records, start=2):
                value = getattr(record, attr)
                out = ws.cell(row=r, column=c, value=_cell_value(value))
                if attr in text_attrs:
                    out.number_format = "@"
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
