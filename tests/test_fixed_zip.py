"""The deterministic zip writer gives exactly the bytes of zipfile's writestr, and leaves ZIP64 to it."""

from __future__ import annotations

import io
import zipfile

import pytest

from thidua_reports.fixed_zip import Stamp, deflate, fixed_zip, needs_zip64, zip_entries

STAMP: Stamp = (1980, 1, 1, 0, 0, 0)


def _zipfile(members: list[tuple[str, bytes]], stamp: Stamp = STAMP) -> bytes:
    """What zipfile itself writes for the same members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            archive.writestr(info, data)
    return buffer.getvalue()


CASES = {
    "ascii name": [("word/document.xml", b"<w:document>" + b"x" * 5000 + b"</w:document>")],
    "utf-8 name": [("tóm tắt/Nguyễn Văn Ân.xml", "Quyết định khen thưởng".encode())],
    "empty member": [("empty", b"")],
    "several members": [("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<Relationships/>"),
                        ("docProps/core.xml", bytes(range(256)) * 40), ("đ/ă.bin", b""),
                        ("word/media/image1.png", b"\x89PNG" + bytes(3000))],
    "no member": [],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_bytes_as_zipfile(name: str) -> None:
    members = CASES[name]
    assert fixed_zip(members, STAMP) == _zipfile(members)


def test_other_stamp_and_reused_entries() -> None:
    stamp: Stamp = (2021, 12, 10, 13, 45, 58)
    members = CASES["several members"]
    entries = [deflate(n, d, stamp) for n, d in members]
    assert zip_entries(entries, stamp) == _zipfile(members, stamp)
    # an entry deflated once goes into several archives unchanged
    again = [entries[0], deflate("other.xml", b"<other/>", stamp), entries[2]]
    assert zip_entries(again, stamp) == _zipfile(
        [members[0], ("other.xml", b"<other/>"), members[2]], stamp)


def test_archive_reads_back() -> None:
    members = CASES["several members"]
    with zipfile.ZipFile(io.BytesIO(fixed_zip(members, STAMP))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == members


def test_zip64_decision() -> None:
    limit = zipfile.ZIP64_LIMIT
    assert not needs_zip64([])
    assert not needs_zip64([0, 10, 1 << 20])
    assert needs_zip64([limit])  # one member zipfile would give ZIP64 headers
    assert needs_zip64([int(limit / 1.05) + 1])
    assert not needs_zip64([limit // 8] * 3)
    assert needs_zip64([limit // 2 - 10, 10])  # offsets could pass the limit
    assert not needs_zip64([0] * 0xFFFE)
    assert needs_zip64([0] * 0xFFFF)  # too many members for the plain end record


def test_zip64_left_to_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a tiny ZIP64 limit, zipfile writes ZIP64 headers, and so does fixed_zip."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000)
    members = [("big.bin", bytes(range(256)) * 8), ("small", b"abc")]
    assert needs_zip64([len(d) for _n, d in members])
    expected = _zipfile(members)
    assert fixed_zip(members, STAMP) == expected
    assert zip_entries([deflate(n, d, STAMP) for n, d in members], STAMP) != expected
