"""Dossier attachments in inbox/ (SPEC §12.2): whose, what kind, listed with size and hash, bad input noted."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from tests.builders import default_info, write_registry_file, write_unit_workbook
from thidua_reports.config import Settings
from thidua_reports.intake.attachments import code_index, kind_of, owner
from thidua_reports.intake.inbox import scan_inbox
from thidua_reports.intake.registry import load_registry
from thidua_reports.models import Registry, Unit

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
TIFF = b"II*\x00" + b"\x00" * 40


def _cfb(stream: str) -> bytes:
    """An old Office file's header (512-byte sectors, directory in sector 0) and directory sector."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[30:32] = (9).to_bytes(2, "little")
    header[48:52] = (0).to_bytes(4, "little")
    directory = bytearray(512)
    name = "Root Entry".encode("utf-16-le")
    directory[: len(name)] = name
    name = stream.encode("utf-16-le")
    directory[128: 128 + len(name)] = name
    return bytes(header + directory)


def _zip(first: tuple[str, bytes], *parts: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in parts:
            z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOC = _cfb("WordDocument")
DOCX = _zip(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"))
ODT = _zip(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office/>"))
SAMPLES = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".tif": TIFF, ".tiff": TIFF, ".doc": DOC,
           ".docx": DOCX, ".odt": ODT}

RULE = ('Quy tắc: đặt tệp trong thư mục mang mã đơn vị (ví dụ inbox/PNV/…) hoặc đặt tên tệp bắt đầu bằng mã '
        'đơn vị và dấu phân cách "_", "-", " - " hoặc dấu cách (ví dụ PNV_to_trinh.pdf, PNV - bien ban.pdf)')


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return load_registry(write_registry_file(tmp_path / "danh_muc.xlsx"))[0]


def codes_registry() -> dict[str, str]:
    codes = ("PNV", "XA", "XA-AH", "TTR", "TCKH")
    return code_index(Registry([Unit(code, f"Đơn vị {code}") for code in codes], []))


def put(ws: Path, rel: str, data: bytes) -> Path:
    path = ws / "inbox" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("rel", "code"), [
    ("inbox/PNV/scan.pdf", "PNV"),
    ("inbox/pnv/scan.pdf", "PNV"),
    ("inbox/2021/Pnv/ky/scan 01.jpg", "PNV"),  # any depth, case-insensitive
    ("inbox/PNV - Phong Noi vu/a.pdf", "PNV"),
    ("inbox/XA/XA-AH/a.pdf", "XA-AH"),  # the innermost folder
    ("inbox/PNV_to_trinh.pdf", "PNV"),
    ("inbox/pnv - bien ban.pdf", "PNV"),
    ("inbox/PNV-bb.pdf", "PNV"),
    ("inbox/Pnv bao cao thanh tich.pdf", "PNV"),
    ("inbox/PNV.pdf", "PNV"),
    ("inbox/XA-AH_to_trinh.pdf", "XA-AH"),  # the longest code, not "XA" followed by "-"
    ("inbox/xa_to_trinh.pdf", "XA"),
    ("inbox/sub/xa-ah bb.pdf", "XA-AH"),
    ("inbox/PNVX_to_trinh.pdf", None),  # no separator after the code
    ("inbox/to_trinh_pnv.pdf", None),
    ("inbox/Ho so/scan.pdf", None),
])
def test_unit_by_folder_or_name_prefix(rel: str, code: str | None) -> None:
    assert owner(rel, codes_registry())[0] == code


@pytest.mark.parametrize(("name", "kind"), [
    ("to_trinh.pdf", "to_trinh"), ("Tờ trình đề nghị khen thưởng.pdf", "to_trinh"), ("TO TRINH.PDF", "to_trinh"),
    ("TTr 12-2021.pdf", "to_trinh"), ("totrinh.docx", "to_trinh"),
    ("bien_ban.pdf", "bien_ban"), ("Biên bản họp Hội đồng TĐKT.pdf", "bien_ban"), ("bb.pdf", "bien_ban"),
    ("hop-BB-2021.jpg", "bien_ban"), ("BienBanHop.docx", "bien_ban"),
    ("bao_cao.pdf", "bao_cao_thanh_tich"), ("Báo cáo thành tích tập thể.pdf", "bao_cao_thanh_tich"),
    ("thanh tich ca nhan.pdf", "bao_cao_thanh_tich"), ("BCTT_Nguyen Van A.doc", "bao_cao_thanh_tich"),
    ("to trinh kem bao cao.pdf", "to_trinh"),  # the earliest name in the file name decides
    ("bien ban xet bao cao thanh tich.pdf", "bien_ban"),
    ("abba.pdf", "khac"), ("bbox.png", "khac"), ("giay moi hop.pdf", "khac"), ("scan0001.tif", "khac"),
])
def test_kind_from_the_name(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_unit_code_is_not_read_as_a_kind() -> None:
    """TTR is a unit code and "ttr" also means Tờ trình: the code prefix is cut before the kind is read."""
    reg = codes_registry()
    assert owner("inbox/TTR_bien_ban.pdf", reg) == ("TTR", "bien_ban")
    assert kind_of(owner("inbox/TTR/TTR - bao cao.pdf", reg)[1]) == "bao_cao_thanh_tich"
    assert kind_of(owner("inbox/PNV/ttr.pdf", reg)[1]) == "to_trinh"


@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_every_extension_is_an_attachment_listed_with_size_and_hash(
        tmp_path: Path, demo_settings: Settings, registry: Registry, ext: str) -> None:
    data = SAMPLES[ext]
    put(tmp_path, f"PNV/to_trinh{ext.upper() if ext == '.pdf' else ext}", data)
    [record] = scan_inbox(tmp_path, demo_settings, registry)
    assert (record.status, record.unit_code, record.kind, record.note) == ("attachment", "PNV", "to_trinh", "")
    assert record.size == len(data) and record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.problems == [] and record.submission is None


def test_attachments_beside_the_workbook(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    write_unit_workbook(tmp_path / "inbox/PNV/pnv.xlsx", default_info("PNV"))
    put(tmp_path, "PNV/to_trinh.pdf", PDF)
    put(tmp_path, "PNV - bien ban hop.jpg", JPEG)
    put(tmp_path, "pnv_BCTT.docx", DOCX)
    put(tmp_path, "PNV/phu luc.pdf", PDF + b"phu luc")
    put(tmp_path, "PNV/~$to_trinh.docx", b"\x0cNguyen Van A")
    put(tmp_path, "PNV/.to_trinh.pdf", PDF)
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    assert {p: (r.status, r.unit_code, r.kind) for p, r in records.items()} == {
        "inbox/PNV - bien ban hop.jpg": ("attachment", "PNV", "bien_ban"),
        "inbox/PNV/.to_trinh.pdf": ("ignored", None, None),
        "inbox/PNV/phu luc.pdf": ("attachment", "PNV", "khac"),
        "inbox/PNV/pnv.xlsx": ("accepted", "PNV", None),  # an attachment never supersedes the workbook
        "inbox/PNV/to_trinh.pdf": ("attachment", "PNV", "to_trinh"),
        "inbox/PNV/~$to_trinh.docx": ("ignored", None, None),
        "inbox/pnv_BCTT.docx": ("attachment", "PNV", "bao_cao_thanh_tich"),
    }
    assert records["inbox/PNV/~$to_trinh.docx"].note == (
        "Tệp khóa tạm do Word tạo khi đang mở văn bản, không phải hồ sơ; bỏ qua")
    assert records["inbox/PNV/.to_trinh.pdf"].note == "Tệp ẩn (hoặc nằm trong thư mục ẩn), không phải hồ sơ; bỏ qua"


def test_unknown_unit_is_ignored_with_the_naming_rule(tmp_path: Path, demo_settings: Settings,
                                                      registry: Registry) -> None:
    put(tmp_path, "ABC_to_trinh.pdf", PDF)
    put(tmp_path, "Ho so ky/scan0001.pdf", PDF + b"1")
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    abc, scan = records["inbox/ABC_to_trinh.pdf"], records["inbox/Ho so ky/scan0001.pdf"]
    assert (abc.status, abc.unit_code, abc.kind) == ("ignored", None, None)
    assert abc.note == ('Tệp đính kèm không xác định được đơn vị gửi (phần đầu tên tệp "ABC" không phải mã đơn vị '
                        f"nào trong danh mục); bỏ qua. {RULE}")
    assert scan.note == ('Tệp đính kèm không xác định được đơn vị gửi (phần đầu tên tệp "scan0001" không phải mã '
                         f"đơn vị nào trong danh mục); bỏ qua. {RULE}")
    assert len(abc.sha256) == 64 and abc.size == len(PDF)


def test_empty_and_huge_attachments_do_not_count(tmp_path: Path, demo_settings: Settings,
                                                 registry: Registry) -> None:
    demo_settings.limits.max_file_mb = 1
    put(tmp_path, "PNV/to_trinh.pdf", b"")
    put(tmp_path, "PNV/bien_ban.pdf", PDF + b"0" * (3 * 1024 * 1024 // 2))
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    empty, huge = records["inbox/PNV/to_trinh.pdf"], records["inbox/PNV/bien_ban.pdf"]
    assert (empty.status, empty.unit_code, empty.kind, empty.size) == ("ignored", "PNV", "to_trinh", 0)
    assert empty.note == ("Tệp đính kèm (Tờ trình) rỗng, dung lượng 0 byte; không được tính vào hồ sơ. "
                          "Hãy gửi lại bản scan hoặc tệp PDF của văn bản")
    assert (huge.status, huge.unit_code, huge.kind) == ("ignored", "PNV", "bien_ban")
    assert huge.note == ("Tệp đính kèm (Biên bản họp Hội đồng) dung lượng 1,5 MB, vượt giới hạn 1 MB ([limits] "
                         "max_file_mb); không được tính vào hồ sơ. Hãy scan lại ở độ phân giải thấp hơn "
                         "(150–200 dpi) hoặc nén tệp rồi gửi lại")
    assert len(huge.sha256) == 64


def test_workbook_renamed_pdf_is_noted_not_counted(tmp_path: Path, demo_settings: Settings,
                                                   registry: Registry) -> None:
    book = write_unit_workbook(tmp_path / "x.xlsx", default_info("PNV"))
    put(tmp_path, "PNV/to_trinh.pdf", book.read_bytes())
    put(tmp_path, "PNV_bien_ban.doc", _cfb("Workbook"))  # an old .xls renamed
    put(tmp_path, "PNV/bao_cao.odt", _zip(("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")))
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    note = ("Tệp có đuôi {} nhưng thực chất là bảng tính bị đổi tên; không được tính là văn bản đính kèm. "
            "Nếu đây là phiếu số liệu của đơn vị, hãy đổi lại đuôi .xlsx (hoặc .xls, .ods); văn bản đã ký phải "
            "gửi dạng PDF, ảnh chụp hoặc Word")
    for rel, ext, kind in (("inbox/PNV/to_trinh.pdf", ".pdf", "to_trinh"), ("inbox/PNV_bien_ban.doc", ".doc", "bien_ban"),
                           ("inbox/PNV/bao_cao.odt", ".odt", "bao_cao_thanh_tich")):
        r = records[rel]
        assert (r.status, r.unit_code, r.kind, r.note) == ("ignored", "PNV", kind, note.format(ext)), rel


def test_other_content_under_a_paper_extension_still_counts_with_a_note(
        tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    put(tmp_path, "PNV/to_trinh.pdf", JPEG)  # a photo saved as .pdf
    put(tmp_path, "PNV/bien_ban.pdf", b"not a pdf at all")
    put(tmp_path, "PNV/bao_cao.doc", b"{\\rtf1\\ansi Bao cao}")  # Word's RTF under .doc: no note
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    assert (records["inbox/PNV/bao_cao.doc"].status, records["inbox/PNV/bao_cao.doc"].note) == ("attachment", "")
    photo, broken = records["inbox/PNV/to_trinh.pdf"], records["inbox/PNV/bien_ban.pdf"]
    assert (photo.status, photo.kind) == ("attachment", "to_trinh")
    assert photo.note == ("Tệp có đuôi .pdf nhưng nội dung là ảnh JPEG; vẫn được tính là Tờ trình, đề nghị đơn vị "
                          "gửi đúng định dạng")
    assert (broken.status, broken.kind) == ("attachment", "bien_ban")
    assert broken.note == ("Nội dung tệp không giống tệp .pdf (có thể tệp bị hỏng); vẫn được tính là Biên bản họp "
                           "Hội đồng, đề nghị kiểm tra tệp mở được")


def test_same_paper_sent_twice(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    put(tmp_path, "PNV/to_trinh.pdf", PDF)
    put(tmp_path, "PNV_to_trinh (1).pdf", PDF)  # the identical file again
    put(tmp_path, "PNV/bien_ban.pdf", PDF + b"scan 1")
    put(tmp_path, "PNV/bien_ban_ky.pdf", PDF + b"scan 2")  # another file of the same kind
    records = {r.path: r for r in scan_inbox(tmp_path, demo_settings, registry)}
    copy = records["inbox/PNV_to_trinh (1).pdf"]
    assert (copy.status, copy.unit_code, copy.kind) == ("ignored", "PNV", "to_trinh")
    assert copy.note == ("Trùng nội dung với tệp inbox/PNV/to_trinh.pdf (cùng mã SHA-256) của đơn vị PNV; bản trùng "
                         "được bỏ qua, văn bản chỉ tính một lần")
    assert records["inbox/PNV/to_trinh.pdf"].status == "attachment" and records["inbox/PNV/to_trinh.pdf"].note == ""
    for rel in ("inbox/PNV/bien_ban.pdf", "inbox/PNV/bien_ban_ky.pdf"):
        assert records[rel].status == "attachment"
        assert records[rel].note == ("Đơn vị PNV gửi 2 tệp Biên bản họp Hội đồng khác nhau (inbox/PNV/bien_ban.pdf, "
                                     "inbox/PNV/bien_ban_ky.pdf); tất cả được liệt kê, hồ sơ tính một lần; đề nghị "
                                     "kiểm tra bản nào là bản chính thức")


def test_folder_wins_over_another_units_code_in_the_name(tmp_path: Path, demo_settings: Settings,
                                                          registry: Registry) -> None:
    put(tmp_path, "PNV/TCKH_to_trinh.pdf", PDF)
    [record] = scan_inbox(tmp_path, demo_settings, registry)
    assert (record.status, record.unit_code, record.kind) == ("attachment", "PNV", "to_trinh")
    assert record.note == ("Tên tệp bắt đầu bằng mã TCKH nhưng tệp nằm trong thư mục của đơn vị PNV; tệp được tính "
                           "cho đơn vị PNV (theo thư mục), hãy kiểm tra lại")
