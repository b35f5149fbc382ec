"""SPEC §5 rules for the CaNhan (nominated individuals) and ThanhTich (achievement texts) sheets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from thidua_reports.intake import cell_values as cv
from thidua_reports.intake.check_context import Check
from thidua_reports.intake.rules import (
    ACHIEVEMENT_LABELS,
    NOMINEE_COLUMNS,
    NOMINEE_REQUIRED,
    missing_header,
)
from thidua_reports.intake.sheets import Grid, a1
from thidua_reports.models import NomineeEntry, Submission
from thidua_reports.vietnamese import normalize_label

_BLANK_FIX = {
    "position": "nhập chức vụ, ví dụ Chuyên viên",
    "level": "chọn một trong: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, "
    "Không hoàn thành nhiệm vụ",
    "cchc_done": "chọn Có hoặc Không",
    "violation": "chọn Có hoặc Không",
}
_NOMINEE_KEYS = {normalize_label(h): k for k, h in NOMINEE_COLUMNS.items()}
_NOMINEE_REQUIRED_KEYS = [normalize_label(NOMINEE_COLUMNS[k]) for k in NOMINEE_REQUIRED]
_ACHIEVEMENT_KEYS = {key: normalize_label(label) for key, label in ACHIEVEMENT_LABELS.items()}
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "position": cv.text, "level": cv.level, "cchc_done": cv.yes_no, "violation": cv.yes_no,
    "docs_assigned": cv.integer, "docs_on_time": cv.integer, "priority": cv.integer,
}  # fmt: skip


def read_nominees(check: Check, grid: Grid, sub: Submission) -> None:
    """CaNhan: header row then one row per individual; fully empty rows (or STT only) skipped."""
    labels = _NOMINEE_KEYS
    header = grid.find_header(labels, _NOMINEE_REQUIRED_KEYS)
    if header is None:
        missing_header(check, grid, NOMINEE_COLUMNS, NOMINEE_REQUIRED)
        return
    hr, found = header
    cols = {labels[n]: c for n, c in found.items()}
    names: dict[str, str] = {}
    priorities: dict[int, str] = {}
    for r in range(hr + 1, len(grid.rows)):
        raw = {k: grid.value(r, c) for k, c in cols.items()}
        if all(cv.is_blank(v) for k, v in raw.items() if k != "stt"):
            continue
        name = " ".join(cv.text(raw["name"]).split())
        if not name:
            check.cell(grid, r, cols["name"], "Họ và tên", "dòng có dữ liệu nhưng thiếu họ và tên; hãy nhập họ và tên "
                       "hoặc xóa cả dòng")
            continue
        errors_before = sum(p.severity == "error" for p in check.problems)
        values = {}
        for key, parser in _PARSERS.items():
            if key in cols:
                values[key] = check.read(grid, r, cols[key], NOMINEE_COLUMNS[key], parser, _BLANK_FIX.get(key))
            else:
                values[key] = None
        assigned, on_time = values["docs_assigned"] or 0, values["docs_on_time"] or 0
        for key, v in (("docs_assigned", assigned), ("docs_on_time", on_time)):
            if v < 0:
                check.cell(grid, r, cols[key], NOMINEE_COLUMNS[key], f"{v} không hợp lệ; hãy nhập số nguyên từ 0 trở lên")
        if 0 <= assigned < on_time:
            check.cell(grid, r, cols["docs_on_time"], NOMINEE_COLUMNS["docs_on_time"],
                       f"{on_time} lớn hơn số văn bản được giao tham mưu ({assigned}); hãy nhập số không vượt quá {assigned}")
        priority = values["priority"]
        if priority is not None and priority < 1:
            check.cell(grid, r, cols["priority"], "Thứ tự đề nghị", f"{priority} không hợp lệ; hãy nhập 1, 2, 3… "
                       "(1 là ưu tiên cao nhất) hoặc để trống")
            priority = None
        elif priority is not None:
            if priority in priorities:
                check.cell(grid, r, cols["priority"], "Thứ tự đề nghị", f"thứ tự {priority} đã dùng ở ô "
                           f"{priorities[priority]}; người ở dòng trên được xếp trước, hãy sửa nếu muốn thứ tự khác",
                           "warning")
            else:
                priorities[priority] = a1(r, cols["priority"])
        key = normalize_label(name)
        if key in names:
            check.cell(grid, r, cols["name"], "Họ và tên", f'"{name}" đã có ở ô {names[key]}; mỗi người chỉ được đề nghị '
                       "một lần, hãy xóa dòng trùng")
        else:
            names[key] = a1(r, cols["name"])
        achievements = cv.text(raw.get("achievements"))
        if not achievements:
            ref_col = cols.get("achievements", cols["name"])
            check.cell(grid, r, ref_col, "Tóm tắt thành tích", f'chưa có tóm tắt thành tích của "{name}"; hãy ghi tóm tắt '
                       "để đưa vào Bản tóm tắt thành tích", "warning")
        if sum(p.severity == "error" for p in check.problems) > errors_before:
            continue
        sub.nominees.append(NomineeEntry(
            row=r + 1, name=name, position=values["position"], level=values["level"], cchc_done=values["cchc_done"],
            violation=values["violation"], docs_assigned=assigned, docs_on_time=on_time, priority=priority,
            stt=cv.text(raw.get("stt")), gender=cv.text(raw.get("gender")), achievements=achievements,
        ))  # fmt: skip


def read_achievements(check: Check, grid: Grid, sub: Submission) -> None:
    """ThanhTich: free-text label/value pairs (all optional)."""
    found = grid.find_labels(_ACHIEVEMENT_KEYS.values())
    for key in ACHIEVEMENT_LABELS:
        at = found.get(_ACHIEVEMENT_KEYS[key])
        if at is not None:
            text = cv.text(grid.value(at[0], at[1] + 1))
            if text:
                sub.achievements[key] = text
