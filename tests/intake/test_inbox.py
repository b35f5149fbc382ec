"""scan_inbox: every file accounted for, ignored files, newest file of a unit wins, read-only."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tests.builders import (
    default_components,
    default_info,
    write_registry_file,
    write_unit_workbook,
)
from thidua_reports.config import Settings
from thidua_reports.intake.inbox import scan_inbox
from thidua_reports.intake.registry import load_registry
from thidua_reports.models import Registry

SPREADSHEET_NOTE = ("Hồ sơ của đơn vị phải là tệp .xlsx, .xlsm, .xls hoặc .ods theo mẫu; văn bản đã ký gửi kèm "
                    "là tệp .pdf, .jpg, .jpeg, .png, .tif, .tiff, .doc, .docx, .odt")
UNKNOWN_UNIT_NOTE = ('Tệp đính kèm không xác định được đơn vị gửi (phần đầu tên tệp "to" không phải mã đơn vị nào '
                     "trong danh mục); bỏ qua. Quy tắc: đặt tệp trong thư mục mang mã đơn vị (ví dụ inbox/PNV/…) "
                     'hoặc đặt tên tệp bắt đầu bằng mã đơn vị và dấu phân cách "_", "-", " - " hoặc dấu cách '
                     "(ví dụ PNV_to_trinh.pdf, PNV - bien ban.pdf)")


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return load_registry(write_registry_file(tmp_path / "danh_muc.xlsx"))[0]


def unit_file(ws: Path, rel: str, sent: date | str | None = date(2021, 11, 25), code: str = "PNV", mtime: float = 1e9) -> Path:
    info = default_info(code)
    info["Ngày gửi"] = sent
    if code == "TCKH":
        info["Tên đơn vị"] = "Phòng Tài chính - Kế hoạch"
    components = None
    if code == "TCKH":
        components = [dict(default_components()[1], **{"Điểm năm nay": 7})]
    path = write_unit_workbook(ws / rel, info, components)
    os.utime(path, (mtime, mtime))
    return path


def statuses(records: list) -> list[tuple[str, str, str | None]]:
    return [(r.path, r.status, r.unit_code) for r in records]


def test_every_file_accounted_for(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    ws = tmp_path
    unit_file(ws, "inbox/pnv.xlsx")
    unit_file(ws, "inbox/Phong TCKH/tckh.XLSX", code="TCKH")
    for name, data in {"~$pnv.xlsx": b"lock", ".an.xlsx": b"x", "Thumbs.db": b"x", "desktop.ini": b"x",
                       "sub/.DS_Store": b"x", "to_trinh.pdf": b"%PDF", "ghi_chu": b"x", ".git/config.xlsx": b"x",
                       "hong.xlsx": b"not a workbook"}.items():  # fmt: skip
        (ws / "inbox" / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / "inbox" / name).write_bytes(data)
    calls: list[tuple[int, int]] = []
    records = scan_inbox(ws, demo_settings, registry, progress=lambda done, total: calls.append((done, total)))
    assert statuses(records) == [
        ("inbox/.an.xlsx", "ignored", None),
        ("inbox/.git/config.xlsx", "ignored", None),
        ("inbox/Phong TCKH/tckh.XLSX", "accepted", "TCKH"),
        ("inbox/Thumbs.db", "ignored", None),
        ("inbox/desktop.ini", "ignored", None),
        ("inbox/ghi_chu", "ignored", None),
        ("inbox/hong.xlsx", "rejected", None),
        ("inbox/pnv.xlsx", "accepted", "PNV"),
        ("inbox/sub/.DS_Store", "ignored", None),
        ("inbox/to_trinh.pdf", "ignored", None),
        ("inbox/~$pnv.xlsx", "ignored", None),
    ]
    notes = {r.path: r.note for r in records if r.status == "ignored"}
    assert notes["inbox/~$pnv.xlsx"] == "Tệp khóa tạm do Excel tạo khi đang mở bảng tính, không phải hồ sơ; bỏ qua"
    assert notes["inbox/.an.xlsx"] == "Tệp ẩn (hoặc nằm trong thư mục ẩn), không phải hồ sơ; bỏ qua"
    assert notes["inbox/.git/config.xlsx"] == "Tệp ẩn (hoặc nằm trong thư mục ẩn), không phải hồ sơ; bỏ qua"
    assert notes["inbox/Thumbs.db"] == "Tệp hệ thống của Windows/macOS, không phải hồ sơ; bỏ qua"
    assert notes["inbox/sub/.DS_Store"] == "Tệp hệ thống của Windows/macOS, không phải hồ sơ; bỏ qua"
    assert notes["inbox/to_trinh.pdf"] == UNKNOWN_UNIT_NOTE  # an attachment whose unit cannot be told
    assert notes["inbox/ghi_chu"] == f"Không phải bảng tính (không có đuôi); bỏ qua. {SPREADSHEET_NOTE}"
    ignored = next(r for r in records if r.path == "inbox/to_trinh.pdf")
    assert ignored.size == 4 and len(ignored.sha256) == 64 and ignored.problems == []
    assert calls == [(i, 11) for i in range(1, 12)]


def test_newest_wins_by_date_then_mtime_then_name(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    unit_file(tmp_path, "inbox/a.xlsx", date(2021, 11, 28), mtime=1e9)
    unit_file(tmp_path, "inbox/b.xlsx", date(2021, 11, 20), mtime=2e9)
    unit_file(tmp_path, "inbox/c.xlsx", "không rõ", mtime=3e9)
    records = scan_inbox(tmp_path, demo_settings, registry)
    assert statuses(records) == [("inbox/a.xlsx", "accepted", "PNV"), ("inbox/b.xlsx", "superseded", "PNV"),
                                 ("inbox/c.xlsx", "superseded", "PNV")]  # fmt: skip
    assert records[1].note == ("Đơn vị PNV đã gửi tệp mới hơn: inbox/a.xlsx; tệp này không được dùng "
                               "(muốn dùng tệp này thì xóa tệp mới hơn khỏi thư mục inbox)")
    assert records[2].errors[0].cell == "B13"  # its problems stay for the feedback

    for name in ("a", "b", "c"):
        (tmp_path / "inbox" / f"{name}.xlsx").unlink()
    unit_file(tmp_path, "inbox/x/z.xlsx", mtime=2e9)
    unit_file(tmp_path, "inbox/y.xlsx", mtime=3e9)
    assert statuses(scan_inbox(tmp_path, demo_settings, registry)) == [
        ("inbox/x/z.xlsx", "superseded", "PNV"), ("inbox/y.xlsx", "accepted", "PNV")]
    os.utime(tmp_path / "inbox/y.xlsx", (2e9, 2e9))
    assert statuses(scan_inbox(tmp_path, demo_settings, registry)) == [
        ("inbox/x/z.xlsx", "accepted", "PNV"), ("inbox/y.xlsx", "superseded", "PNV")]


def test_rejected_newest_still_wins(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    unit_file(tmp_path, "inbox/cu.xlsx", date(2021, 11, 20))
    bad = default_info()
    bad["Ngày gửi"] = date(2021, 11, 26)
    bad["Tổng số biên chế"] = "mười"
    write_unit_workbook(tmp_path / "inbox/moi.xlsx", bad)
    assert statuses(scan_inbox(tmp_path, demo_settings, registry)) == [
        ("inbox/cu.xlsx", "superseded", "PNV"), ("inbox/moi.xlsx", "rejected", "PNV")]


def test_inbox_files_are_not_modified(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    path = unit_file(tmp_path, "inbox/pnv.xlsx")
    before = (path.read_bytes(), path.stat().st_mtime, sorted(p.name for p in path.parent.iterdir()))
    path.chmod(0o444)
    records = scan_inbox(tmp_path, demo_settings, registry)
    assert records[0].status == "accepted"
    assert (path.read_bytes(), path.stat().st_mtime, sorted(p.name for p in path.parent.iterdir())) == before


def test_no_inbox(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    assert scan_inbox(tmp_path, demo_settings, registry) == []


def test_unreadable_file_named_after_a_unit_counts_for_it(tmp_path: Path, demo_settings: Settings,
                                                          registry: Registry) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "PNV.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (inbox / "bao cao.xlsx").write_bytes(b"PK\x03\x04 truncated")
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    named = records["inbox/PNV.xlsx"]
    assert (named.status, named.unit_code) == ("rejected", "PNV")
    assert named.note == "Không đọc được nội dung tệp; tệp được tính là hồ sơ của đơn vị PNV theo tên tệp"
    assert named.errors
    other = records["inbox/bao cao.xlsx"]
    assert (other.status, other.unit_code) == ("rejected", None)


def test_readable_file_with_a_wrong_code_is_not_guessed_from_its_name(
        tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    unit_file(tmp_path, "inbox/pnv.xlsx", code="KHONG-CO")
    record = scan_inbox(tmp_path, demo_settings, registry)[0]
    assert (record.status, record.unit_code) == ("rejected", None)


@pytest.mark.parametrize("start_method", ["forkserver", "spawn"])  # spawn: what Windows uses
def test_parallel_reading_gives_the_same_records(tmp_path: Path, demo_settings: Settings, registry: Registry,
                                                 monkeypatch: pytest.MonkeyPatch, start_method: str) -> None:
    import thidua_reports.intake.inbox as inbox_module
    import thidua_reports.workspace as workspace_module

    monkeypatch.setattr(workspace_module, "POOL_START_METHOD", start_method)

    for i in range(6):
        unit_file(tmp_path, f"inbox/pnv_{i}.xlsx", sent=date(2021, 11, 20 + i))
    (tmp_path / "inbox" / "hong.xlsx").write_bytes(b"not a zip")
    serial = scan_inbox(tmp_path, demo_settings, registry)
    monkeypatch.setattr(inbox_module, "PARALLEL_MIN_FILES", 2)
    parallel = scan_inbox(tmp_path, demo_settings, registry)
    assert [(r.path, r.status, r.unit_code, r.sha256, r.problems) for r in parallel] == [
        (r.path, r.status, r.unit_code, r.sha256, r.problems) for r in serial]
    assert [r.status for r in parallel].count("superseded") == 5


def test_decomposed_file_names_are_shown_in_nfc(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "Phòng Nội vụ/hồ sơ.xlsx")
    assert name != unicodedata.normalize("NFC", name)
    real = unit_file(tmp_path, f"inbox/{name}")
    records = scan_inbox(tmp_path, demo_settings, registry)
    assert statuses(records) == [("inbox/Phòng Nội vụ/hồ sơ.xlsx", "accepted", "PNV")]
    assert unicodedata.is_normalized("NFC", records[0].path)
    assert real.is_file() and real.name == unicodedata.normalize("NFD", "hồ sơ.xlsx")  # left as it was
