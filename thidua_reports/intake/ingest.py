"""One unit workbook → InputFile: safety checks, reading, legacy-text repair, SPEC §5 validation.

Decisions: an unreadable or blank "Ngày gửi" is an error (the date is required, the file modification
time is never used instead); `InputFile.unit_code` is None when the code is missing or not in the
registry (the feedback goes to the "unknown unit" bucket) while `Submission.unit_code` keeps the
text as typed; a late file gets a warning and `late = True`, the late policy is applied later.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

from thidua_reports.intake import legacy_text
from thidua_reports.intake.check_context import Check
from thidua_reports.intake.nominee_rules import read_achievements, read_nominees
from thidua_reports.intake.rules import read_components, read_info
from thidua_reports.intake.sheets import (
    FIX_RESAVE,
    MB,
    BadWorkbook,
    Grid,
    a1,
    open_workbook,
    preflight,
    read_grid,
    read_limited,
    sheet_key,
    sheet_lookup,
)
from thidua_reports.models import InputFile, Registry, Submission
from thidua_reports.vietnamese import normalize_label
from thidua_reports.workspace import remembered, sha256_file

REQUIRED_SHEETS = ("ThongTin", "ChiSo", "CaNhan")
OPTIONAL_SHEETS = ("ThanhTich",)
ENCODING_NAMES = {"tcvn3": "TCVN3 (phông .VnTime)", "vni": "VNI (phông VNI-Times)"}
_LEGACY_FONT = re.compile(rb'<(?:\w+:)?name\s+val="(?:\.vn|vni)', re.I)
_VIETNAMESE_UNICODE = re.compile("[\u0100-\u024f\u0300-\u036f\u1ea0-\u1ef9]")


def file_facts(path: Path) -> tuple[str, int, float]:
    """(sha256, size, mtime) of a file, read in chunks."""
    st = path.stat()
    return remembered("sha256", path, st, lambda: sha256_file(path)), st.st_size, st.st_mtime


def read_workbook(path: Path, rel: str, settings: Any, registry: Registry) -> InputFile:
    """Read and validate one unit workbook. Never raises for bad input: problems are recorded."""
    record = InputFile(path=rel)
    check = Check(rel, path)
    data: bytes | None = None
    try:
        st = path.stat()
        record.size, record.mtime = st.st_size, st.st_mtime
        if 0 < st.st_size <= settings.limits.max_file_mb * MB:
            data = path.read_bytes()  # the only read of the file: hash and parse from memory
            record.sha256 = hashlib.sha256(data).hexdigest()
        else:
            record.sha256 = sha256_file(path)
    except OSError:
        check.add(None, None, "Không mở được tệp để đọc (tệp đang bị khóa hoặc không có quyền đọc); "
                  "hãy đóng tệp trong Excel hoặc chép lại tệp rồi chạy lại")
    else:
        try:
            _read(path, data, record, check, settings, registry)
        except BadWorkbook as exc:
            check.add(None, None, str(exc))
        except Exception:  # a reader bug or an exotic file must not stop the other units
            check.add(None, None, f"Không đọc được tệp do cấu trúc tệp không như mong đợi; {FIX_RESAVE}")
        finally:
            if check.package is not None:
                check.package.close()
    record.problems = check.problems
    record.status = "rejected" if check.has_errors else "accepted"
    return record


def _read(path: Path, data: bytes | None, record: InputFile, check: Check, settings: Any, registry: Registry) -> None:
    limits = settings.limits
    if data is None:
        data = read_limited(path, limits.max_file_mb)  # raises: empty or too large
    check.package = preflight(path, limits.max_file_mb, limits.max_unpacked_mb, data)
    workbook = open_workbook(path, data)
    lookup = sheet_lookup(workbook)
    grids: dict[str, Grid] = {}
    for key in REQUIRED_SHEETS + OPTIONAL_SHEETS:
        name = lookup.get(sheet_key(key))
        if name is None:
            if key in REQUIRED_SHEETS:
                check.add(None, None, f'Thiếu trang tính "{key}"; hãy dùng đúng mẫu phiếu (giữ nguyên tên các trang) '
                          "hoặc thêm trang này")
            else:
                check.add(None, None, f'Thiếu trang tính "{key}" (thành tích của tập thể); hồ sơ vẫn được xét nhưng '
                          "Bản tóm tắt thành tích sẽ thiếu phần này; hãy thêm trang theo mẫu", "warning")
            continue
        try:
            grids[key] = read_grid(workbook, name, limits.max_rows)
        except BadWorkbook as exc:
            check.add(name, None, str(exc))
    workbook.close()
    repair_legacy_text(check.package, grids, check, data)

    sub = Submission(unit_code="")
    if "ThongTin" in grids:
        read_info(check, grids["ThongTin"], sub, settings, registry)
    known = bool(sub.unit_code) and registry.unit(sub.unit_code) is not None
    record.unit_code = sub.unit_code if known else None
    if "ChiSo" in grids:
        read_components(check, grids["ChiSo"], sub, registry, known)
    if "CaNhan" in grids:
        read_nominees(check, grids["CaNhan"], sub)
    if "ThanhTich" in grids:
        read_achievements(check, grids["ThanhTich"], sub)
    record.submission = sub
    deadline = settings.campaign.submission_deadline
    if sub.submitted_on is not None and sub.submitted_on > deadline:
        record.late = True
        grid = grids["ThongTin"]
        r, c = grid.find_labels([normalize_label("Ngày gửi")])[normalize_label("Ngày gửi")]
        check.cell(grid, r, c + 1, "Ngày gửi", f"hồ sơ gửi ngày {sub.submitted_on:%d/%m/%Y}, sau hạn "
                   f"{deadline:%d/%m/%Y}; hồ sơ gửi muộn được xử lý theo quy định của Kế hoạch", "warning")


def repair_legacy_text(package: zipfile.ZipFile | None, grids: dict[str, Grid], check: Check, data: bytes) -> None:
    """Convert TCVN3/VNI text to Unicode in place, with one warning per sheet and encoding.

    The encoding comes from the cell's font (.xlsx/.xlsm, read with openpyxl only when the styles
    name a legacy font); otherwise from the text itself when it cannot be Unicode Vietnamese.
    """
    fonts = _legacy_fonts(package, grids, data)
    for grid in grids.values():
        converted: dict[legacy_text.Encoding, list[str]] = {}
        if not fonts:  # fast path: one look at all the sheet's text
            text = "".join(v for row in grid.rows for v in row if type(v) is str)
            if text.isascii() or not legacy_text.looks_legacy(text):
                continue
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                if not isinstance(value, str) or not value:
                    continue
                font = fonts.get((grid.name, r, c)) if fonts else None
                enc: legacy_text.Encoding | None = legacy_text.encoding_of_font(font)
                if enc is None:
                    if value.isascii() or not legacy_text.looks_legacy(value) or _VIETNAMESE_UNICODE.search(value):
                        continue
                    enc = legacy_text.guess_encoding(value)
                    if enc is None:
                        continue
                new = legacy_text.convert(value, enc, legacy_text.is_uppercase_font(font))
                if new != value:
                    row[c] = new
                    grid._norm.pop((r, c), None)
                    converted.setdefault(enc, []).append(a1(r, c))
        for enc, refs in converted.items():
            shown = ", ".join(refs[:10]) + (f" và {len(refs) - 10} ô khác" if len(refs) > 10 else "")
            check.add(grid.name, None, f"Các ô {shown} của trang {grid.name} được gõ bằng bảng mã {ENCODING_NAMES[enc]}; "
                      "đã tự chuyển sang Unicode; hãy kiểm tra lại nội dung và lần sau gõ bằng Unicode "
                      "(phông Times New Roman)", "warning")


def _legacy_fonts(package: zipfile.ZipFile | None, grids: dict[str, Grid], data: bytes) -> dict[tuple[str, int, int], str]:
    """Font names of text cells, only for .xlsx/.xlsm whose styles mention a legacy font."""
    if package is None:
        return {}
    try:
        if not _LEGACY_FONT.search(package.read("xl/styles.xml")):
            return {}
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    from openpyxl import load_workbook

    fonts: dict[tuple[str, int, int], str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for grid in grids.values():
                if grid.name not in wb.sheetnames:
                    continue
                for row in wb[grid.name].iter_rows():
                    for cell in row:
                        if isinstance(getattr(cell, "value", None), str) and cell.font is not None and cell.font.name:
                            fonts[(grid.name, cell.row - 1, cell.column - 1)] = cell.font.name
        finally:
            wb.close()
    return fonts
