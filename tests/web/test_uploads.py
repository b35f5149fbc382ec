"""Uploads into inbox/, the registry replacement and the forms zip (SPEC §13.3, §13.6)."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.web.demo_fixture import copy_demo
from thidua_reports.intake.registry import load_registry
from thidua_reports.web.uploads import (
    UploadRefused,
    forms_zip,
    replace_registry,
    safe_name,
    store_upload,
    upload_limit,
)
from thidua_reports.workbooks.unit_form import BLANK_NAME


@pytest.fixture
def demo_ws(tmp_path: Path) -> Path:
    return copy_demo(tmp_path)


@pytest.mark.parametrize(("original", "expected"), [
    ("../x.xlsx", "x.xlsx"),
    ("..\\x.xlsx", "x.xlsx"),
    ("C:\\x", "x"),
    ("C:x.xlsx", "x.xlsx"),
    ("/etc/passwd", "passwd"),
    ("%2e%2e%2f", "_2e_2e_2f"),
    ("Báo cáo CCHC - Xã Phước Hậu.XLSX", "bao-cao-cchc-xa-phuoc-hau.xlsx"),
    ("Đơn vị (bản cuối).xlsx", "don-vi-_ban-cuoi_.xlsx"),
    ("PNV_to_trinh.PDF", "pnv_to_trinh.pdf"),
    ("CON.xlsx", "_con.xlsx"),
    ("nul", "_nul"),
    ("...", "tep"),
    (".hidden.xlsx", "_.hidden.xlsx"),
    ("x.xlsx. ", "x.xlsx"),
    ("a\x00b.xlsx", "ab.xlsx"),
])
def test_safe_name(original: str, expected: str) -> None:
    assert safe_name(original) == expected


def test_safe_name_length_and_decomposed_letters() -> None:
    assert len(safe_name("a" * 400 + ".xlsx")) == 120 + len(".xlsx")
    decomposed = "Hu\u031b\u0301ng.xlsx"  # "Hứng" typed with combining marks
    assert safe_name(decomposed) == "hung.xlsx"


@pytest.mark.parametrize("name", ["../x.xlsx", "..\\x.xlsx", "C:\\x", "/etc/passwd", "%2e%2e%2f",
                                  "../../../../tmp/evil.xlsx"])
def test_traversal_names_land_in_the_inbox(tmp_path: Path, name: str) -> None:
    inbox = tmp_path / "inbox"
    stored = store_upload(inbox, name, io.BytesIO(b"data"), 100)
    assert stored.parent == inbox
    assert stored.read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [stored.name]


def test_collisions_are_numbered_never_overwritten(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    first = store_upload(inbox, "PNV.xlsx", io.BytesIO(b"one"), 100)
    second = store_upload(inbox, "pnv.XLSX", [b"tw", b"o"], 100)
    third = store_upload(inbox, "../pnv.xlsx", io.BytesIO(b"three"), 100)
    assert [first.name, second.name, third.name] == ["pnv.xlsx", "pnv (2).xlsx", "pnv (3).xlsx"]
    assert [p.read_bytes() for p in (first, second, third)] == [b"one", b"two", b"three"]
    assert sorted(p.name for p in inbox.iterdir()) == ["pnv (2).xlsx", "pnv (3).xlsx", "pnv.xlsx"]


def test_concurrent_uploads_of_one_name_all_kept(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    stored: list[Path] = []
    lock = threading.Lock()

    def upload(n: int) -> None:
        path = store_upload(inbox, "vp.xlsx", io.BytesIO(str(n).encode() * 1000), 10_000)
        with lock:
            stored.append(path)

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    names = sorted(p.name for p in inbox.iterdir())
    assert names == sorted(["vp.xlsx"] + [f"vp ({n}).xlsx" for n in range(2, 9)])
    assert sorted(p.read_bytes()[:1] for p in stored) == [str(n).encode() for n in range(8)]


def test_unit_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    assert store_upload(inbox, "Tờ trình.pdf", io.BytesIO(b"%PDF"), 100, unit_code="PNV") == \
        inbox / "PNV" / "to-trinh.pdf"
    assert store_upload(inbox, "x.pdf", io.BytesIO(b"%PDF"), 100, unit_code="TT-PD").parent == inbox / "TT-PD"
    assert store_upload(inbox, "x.pdf", io.BytesIO(b"%PDF"), 100, unit_code="../..").parent.parent == inbox


class _Endless:
    """A stream that would never end: the store must stop reading once over the limit."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, n: int) -> bytes:
        self.read_bytes += n
        return b"x" * n


def test_oversize_refused_and_nothing_left(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    source = _Endless()
    with pytest.raises(UploadRefused) as caught:
        store_upload(inbox, "Báo cáo.xlsx", source, 5 * 1024 * 1024)
    assert str(caught.value) == (
        "Tệp \"Báo cáo.xlsx\" quá lớn (vượt giới hạn 5 MB, khóa [limits] max_file_mb trong thidua.toml); tệp "
        "không được lưu. Hãy xóa các trang tính, hình ảnh không cần thiết rồi gửi lại")
    assert source.read_bytes <= 5 * 1024 * 1024 + 2 * 65536
    assert list(inbox.iterdir()) == []


def test_exactly_the_limit_is_accepted_and_empty_refused(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    assert store_upload(inbox, "a.xlsx", io.BytesIO(b"x" * 10), 10).stat().st_size == 10
    with pytest.raises(UploadRefused, match="rỗng"):
        store_upload(inbox, "b.xlsx", io.BytesIO(b""), 10)
    assert [p.name for p in inbox.iterdir()] == ["a.xlsx"]


def test_upload_limit_follows_settings(demo_ws: Path) -> None:
    assert upload_limit(demo_ws) == 20 * 1024 * 1024
    text = (demo_ws / "thidua.toml").read_text(encoding="utf-8").replace("max_file_mb = 20", "max_file_mb = 1.5")
    (demo_ws / "thidua.toml").write_text(text, encoding="utf-8")
    assert upload_limit(demo_ws) == int(1.5 * 1024 * 1024)


# --- the registry -----------------------------------------------------------------------------


def _backups(ws: Path) -> list[Path]:
    return sorted(p for p in ws.glob("danh_muc.*.xlsx") if p.name != "danh_muc.xlsx")


def test_replace_registry_keeps_a_backup(demo_ws: Path) -> None:
    old = (demo_ws / "danh_muc.xlsx").read_bytes()
    wb = load_workbook(io.BytesIO(old))
    wb["DonVi"]["B2"] = "Phòng Nội vụ (đã sửa)"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert replace_registry(demo_ws, buffer.getvalue()) == []
    registry, _warnings = load_registry(demo_ws / "danh_muc.xlsx")
    assert registry.units[0].name == "Phòng Nội vụ (đã sửa)"
    backups = _backups(demo_ws)
    assert len(backups) == 1 and backups[0].read_bytes() == old
    assert backups[0].name[len("danh_muc."):-len(".xlsx")].replace("-", "").isdigit()
    assert replace_registry(demo_ws, buffer.getvalue()) == []  # the same second: a second backup
    assert len(_backups(demo_ws)) == 2
    assert not [p for p in demo_ws.iterdir() if p.name.startswith(".danh_muc")]


def test_broken_registry_refused_and_nothing_changes(demo_ws: Path) -> None:
    old = (demo_ws / "danh_muc.xlsx").read_bytes()
    before = sorted(p.name for p in demo_ws.iterdir())
    messages = replace_registry(demo_ws, b"PK\x03\x04 not really a zip")
    assert messages == ["Không đọc được tệp danh mục danh_muc.xlsx: Tệp bị hỏng (không giải nén được); hãy mở tệp "
                        "bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi gửi lại"]
    assert replace_registry(demo_ws, b"%PDF-1.4")[0].startswith("Không đọc được tệp danh mục danh_muc.xlsx")
    assert (demo_ws / "danh_muc.xlsx").read_bytes() == old
    assert sorted(p.name for p in demo_ws.iterdir()) == before


def test_registry_with_errors_refused_with_the_run_messages(demo_ws: Path) -> None:
    old = (demo_ws / "danh_muc.xlsx").read_bytes()
    wb = load_workbook(io.BytesIO(old))
    wb["DonVi"]["A3"] = wb["DonVi"]["A2"].value  # a duplicate unit code
    del wb["ChiSo"]
    buffer = io.BytesIO()
    wb.save(buffer)
    messages = replace_registry(demo_ws, buffer.getvalue())
    assert messages[0] == "Tệp danh mục danh_muc.xlsx có 2 lỗi, hãy sửa rồi chạy lại:"
    assert "danh_muc.xlsx: Thiếu trang tính \"ChiSo\"; hãy thêm trang này như trong tệp do lệnh thidua init tạo ra" \
        in messages
    assert any(m.startswith("danh_muc.xlsx, trang DonVi, ô A3:") for m in messages)
    assert (demo_ws / "danh_muc.xlsx").read_bytes() == old
    assert _backups(demo_ws) == []


# --- the forms ----------------------------------------------------------------------------------


def test_forms_zip(demo_ws: Path) -> None:
    data = forms_zip(demo_ws)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert f"input_templates/{BLANK_NAME}" in names
    assert "input_templates/quyet_dinh_hoi_dong.xlsx" in names
    assert "mau_nhap/quyet_dinh_hoi_dong.xlsx" in names
    registry, _ = load_registry(demo_ws / "danh_muc.xlsx")
    for unit in registry.units:
        assert any(n.lower() == f"mau_nhap/{unit.code.lower()}.xlsx" for n in names), unit.code
    assert names == sorted(n for n in names if n.startswith("input_templates/")) + \
        sorted(n for n in names if n.startswith("mau_nhap/"))
    member = zipfile.ZipFile(io.BytesIO(data)).read("mau_nhap/pnv.xlsx")
    assert load_workbook(io.BytesIO(member))["ThongTin"] is not None
    assert forms_zip(demo_ws) == data  # deterministic
    assert not [p for p in demo_ws.iterdir() if p.name.startswith(".input_templates")]


def test_registry_open_in_excel_is_not_replaced(demo_ws: Path) -> None:
    old = (demo_ws / "danh_muc.xlsx").read_bytes()
    (demo_ws / "~$danh_muc.xlsx").write_bytes(b"lock")
    assert replace_registry(demo_ws, old) == [
        "Tệp danh_muc.xlsx đang được mở bằng Excel hoặc LibreOffice (có tệp khóa bên cạnh); hãy lưu và đóng tệp đó "
        "rồi thực hiện lại."]
    assert _backups(demo_ws) == []
