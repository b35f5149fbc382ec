"""Scan inbox/ recursively and account for every file: ignored, accepted, rejected or superseded."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from thidua_reports.ingest import file_facts, read_workbook
from thidua_reports.models import InputFile, Registry
from thidua_reports.sheets import SPREADSHEET_EXTENSIONS

INBOX = "inbox"
SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}
_HIDDEN = getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 2) | getattr(stat, "FILE_ATTRIBUTE_SYSTEM", 4)


def ignore_reason(path: Path, rel_parts: tuple[str, ...]) -> str | None:
    """Why a file of the inbox is not read (Vietnamese note), or None for a spreadsheet to read."""
    name = path.name
    if name.startswith("~$"):
        return "Tệp khóa tạm do Excel tạo khi đang mở bảng tính, không phải hồ sơ; bỏ qua"
    if name.casefold() in SYSTEM_FILES:
        return "Tệp hệ thống của Windows/macOS, không phải hồ sơ; bỏ qua"
    if any(part.startswith(".") for part in rel_parts):
        return "Tệp ẩn (hoặc nằm trong thư mục ẩn), không phải hồ sơ; bỏ qua"
    try:
        attributes = getattr(path.stat(), "st_file_attributes", 0)
    except OSError:
        attributes = 0
    if attributes & _HIDDEN:
        return "Tệp ẩn hoặc tệp hệ thống, không phải hồ sơ; bỏ qua"
    ext = path.suffix.lower()
    if ext not in SPREADSHEET_EXTENSIONS:
        shown = f"đuôi {path.suffix}" if path.suffix else "không có đuôi"
        return (f"Không phải bảng tính ({shown}); bỏ qua. Hồ sơ của đơn vị phải là tệp .xlsx, .xlsm, .xls "
                "hoặc .ods theo mẫu")
    return None


def scan_inbox(
    workspace: Path,
    settings: Any,
    registry: Registry,
    progress: Callable[[int, int], None] | None = None,
) -> list[InputFile]:
    """Every file under inbox/, sorted by path; inbox files are only ever opened for reading."""
    inbox = workspace / INBOX
    if not inbox.is_dir():
        return []
    found = sorted((p.relative_to(workspace).as_posix(), p) for p in inbox.rglob("*") if p.is_file())
    records: list[InputFile] = []
    total = len(found)
    for done, (rel, path) in enumerate(found, start=1):
        reason = ignore_reason(path, Path(rel).parts[1:])
        if reason is None:
            records.append(read_workbook(path, rel, settings, registry))
        else:
            record = InputFile(path=rel, status="ignored", note=reason)
            try:
                record.sha256, record.size, record.mtime = file_facts(path)
            except OSError:
                pass
            records.append(record)
        if progress is not None:
            progress(done, total)
    mark_superseded(records)
    return records


def _newness(record: InputFile) -> tuple[date, float, str, str]:
    sub = record.submission
    submitted = sub.submitted_on if sub is not None and sub.submitted_on is not None else date.min
    return submitted, record.mtime, Path(record.path).name, record.path


def mark_superseded(records: list[InputFile]) -> None:
    """Several files of one unit: the newest wins (Ngày gửi, then mtime, then the greater file name),
    even when rejected; the others become "superseded" with a note naming the winner."""
    by_unit: dict[str, list[InputFile]] = {}
    for record in records:
        if record.status != "ignored" and record.unit_code is not None:
            by_unit.setdefault(record.unit_code, []).append(record)
    for unit_code, group in by_unit.items():
        if len(group) < 2:
            continue
        winner = max(group, key=_newness)
        for record in group:
            if record is not winner:
                record.status = "superseded"
                record.note = (f"Đơn vị {unit_code} đã gửi tệp mới hơn: {winner.path}; tệp này không được dùng "
                               "(muốn dùng tệp này thì xóa tệp mới hơn khỏi thư mục inbox)")
