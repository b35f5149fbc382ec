"""A unit's signed papers in inbox/ (SPEC §12.2): whose they are, what kind, and whether they can count.

An attachment is never opened as a document. Besides its hash, the only bytes looked at are its
signature: the first few kilobytes, and for a zip its last 16 KiB (the list of its parts) or for an
old Office file the 512-byte directory sector its header points to — enough to say that a ".pdf"
is really a workbook renamed, without parsing anything.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath
from typing import Any

from thidua_reports.dossier import DOSSIER_KINDS, KIND_NAMES, OTHER_KIND
from thidua_reports.intake.sheets import CFB_SIGNATURE, MB, ZIP_SIGNATURE
from thidua_reports.models import InputFile, Registry
from thidua_reports.vietnamese import ascii_fold, format_decimal_vi
from thidua_reports.workspace import remembered

ATTACHMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".doc", ".docx", ".odt")
SHOWN_EXTENSIONS = ", ".join(ATTACHMENT_EXTENSIONS)
HEAD_BYTES = 8192
TAIL_BYTES = 16384
_SEP = r"[\s_.\-]*"
# (kind, pattern) on the ASCII-folded, lower-cased name; the earliest match in the name decides.
_KIND_PATTERNS = (
    ("to_trinh", re.compile(rf"to{_SEP}trinh|ttr")),
    ("bien_ban", re.compile(rf"bien{_SEP}ban|(?<![a-z0-9])bb(?![a-z0-9])")),
    ("bao_cao_thanh_tich", re.compile(rf"bao{_SEP}cao|thanh{_SEP}tich|bctt")),
)
# What a file's first bytes say it is (before any extension is believed).
_CONTENT_NAMES = {
    "pdf": "tệp PDF", "jpeg": "ảnh JPEG", "png": "ảnh PNG", "tiff": "ảnh TIFF",
    "word": "văn bản Word", "odt": "văn bản OpenDocument", "office": "tệp Office cũ (.doc/.xls)",
    "zip": "tệp nén ZIP", "spreadsheet": "bảng tính", "rtf": "văn bản RTF",
}
_EXPECTED = {".pdf": {"pdf"}, ".jpg": {"jpeg"}, ".jpeg": {"jpeg"}, ".png": {"png"}, ".tif": {"tiff"},
             ".tiff": {"tiff"}, ".doc": {"word", "office", "rtf"}, ".docx": {"word", "zip"}, ".odt": {"odt", "zip"}}


def is_attachment_name(path: Path | PurePosixPath) -> bool:
    return path.suffix.lower() in ATTACHMENT_EXTENSIONS


def _fold(text: str) -> str:
    return ascii_fold(text).casefold()


def kind_of(name: str) -> str:
    """The kind of a paper from its file name (without the unit's code): "to_trinh", "bien_ban",
    "bao_cao_thanh_tich", or "khac" (Tài liệu khác)."""
    text = _fold(PurePosixPath(name).stem)
    found = [(m.start(), kind) for kind, pattern in _KIND_PATTERNS if (m := pattern.search(text))]
    return min(found)[1] if found else OTHER_KIND


def code_index(registry: Registry) -> dict[str, str]:
    """Folded unit code → code, built once per scan (a name is then matched in a few lookups)."""
    return {_fold(u.code): u.code for u in registry.units if u.code.strip()}


def leading_code(name: str, codes: dict[str, str]) -> tuple[str, str] | None:
    """(code, rest) when `name` starts with a unit code followed by a separator ("_", " - ", "-", a
    space) or is the code alone; the longest code wins ("XA-AH" over "XA"). Case-insensitive, marks
    ignored; the rest is folded too."""
    folded = _fold(name)
    ends = [len(folded)] + [i for i in range(len(folded) - 1, 0, -1) if folded[i] in "_- "]
    for end in ends:
        code = codes.get(folded[:end])
        if code is not None:
            return code, folded[end:].lstrip("_- ")
    return None


def owner(rel: str, codes: dict[str, str]) -> tuple[str | None, str]:
    """(unit code, name left to classify) of an inbox file: the innermost folder named after a unit
    (its code, alone or followed by a separator), else the file name's leading code."""
    parts = PurePosixPath(rel).parts[1:]  # below inbox/
    stem = PurePosixPath(parts[-1]).stem
    for folder in reversed(parts[:-1]):
        found = leading_code(folder, codes)
        if found is not None:
            named = leading_code(stem, codes)
            return found[0], named[1] if named is not None and named[0] == found[0] else stem
    named = leading_code(stem, codes)
    return (named[0], named[1]) if named is not None else (None, stem)


def naming_rule(registry: Registry) -> str:
    example = registry.units[0].code if registry.units else "PNV"
    return (f'Quy tắc: đặt tệp trong thư mục mang mã đơn vị (ví dụ inbox/{example}/…) hoặc đặt tên tệp bắt đầu '
            f'bằng mã đơn vị và dấu phân cách "_", "-", " - " hoặc dấu cách (ví dụ {example}_to_trinh.pdf, '
            f"{example} - bien ban.pdf)")


def _unknown_note(rel: str, registry: Registry) -> str:
    stem = PurePosixPath(rel).stem
    first = re.match(r"[^\s_]+", stem)
    shown = f' (phần đầu tên tệp "{first.group(0)}" không phải mã đơn vị nào trong danh mục)' if first else ""
    return (f"Tệp đính kèm không xác định được đơn vị gửi{shown}; bỏ qua. {naming_rule(registry)}")


def facts(path: Path) -> tuple[str, int, float, bytes]:
    """(sha256, size, mtime, first bytes) of a file, read once in chunks."""
    st = path.stat()

    def read() -> tuple[str, bytes]:
        digest, head = hashlib.sha256(), b""
        with path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                if not head:
                    head = chunk[:HEAD_BYTES]
                digest.update(chunk)
        return digest.hexdigest(), head

    sha, head = remembered("sha256+head", path, st, read)
    return sha, st.st_size, st.st_mtime, head


def _office_kind(path: Path, head: bytes) -> str:
    """An old Office file (CFB) is a workbook when its first directory sector names a "Workbook" or
    "Book" stream, a Word document when it names "WordDocument"."""
    try:
        shift = int.from_bytes(head[30:32], "little")
        sector = int.from_bytes(head[48:52], "little")
        size = 1 << shift if 7 <= shift <= 12 else 512
        with path.open("rb") as fh:
            fh.seek((sector + 1) * size)
            directory = fh.read(512)
    except (OSError, ValueError, OverflowError):
        return "office"
    if "WordDocument".encode("utf-16-le") in directory:
        return "word"
    if "Workbook".encode("utf-16-le") in directory or "Book\x00".encode("utf-16-le") in directory:
        return "spreadsheet"
    return "office"


def content_kind(path: Path, head: bytes) -> str | None:
    """What the signature says the file is; None when it is none of the known formats."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"{\\rtf"):  # Word also saves RTF under .doc
        return "rtf"
    if head.startswith(CFB_SIGNATURE):
        return _office_kind(path, head)
    if head.startswith(ZIP_SIGNATURE):
        if b"mimetype" in head[:64] and b"opendocument.spreadsheet" in head[:256]:
            return "spreadsheet"
        if b"mimetype" in head[:64] and b"opendocument.text" in head[:256]:
            return "odt"
        names = head + _tail(path)  # the zip's central directory, at its end, names every part
        if b"xl/workbook" in names:
            return "spreadsheet"
        return "word" if b"word/document" in names else "zip"
    return None


def _tail(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - TAIL_BYTES))
            return fh.read(TAIL_BYTES)
    except OSError:
        return b""


def read_attachment(path: Path, rel: str, settings: Any, registry: Registry,
                    codes: dict[str, str] | None = None) -> InputFile:
    """One attachment as an InputFile: status "attachment" with its unit and kind, or "ignored"
    with a note (unknown unit, empty, too large, a workbook renamed). `codes`: code_index(registry)."""
    codes = code_index(registry) if codes is None else codes
    code, rest = owner(rel, codes)
    record = InputFile(path=rel, status="attachment", unit_code=code)
    try:
        record.sha256, record.size, record.mtime, head = facts(path)
    except OSError:
        record.status = "ignored"
        record.note = ("Không mở được tệp đính kèm để đọc (tệp đang bị khóa hoặc không có quyền đọc); "
                       "hãy đóng tệp rồi chạy lại")
        return record
    if code is None:
        record.status, record.note = "ignored", _unknown_note(rel, registry)
        return record
    record.kind = kind_of(rest)
    what = KIND_NAMES[record.kind]
    limit = settings.limits.max_file_mb
    ext = path.suffix.lower()
    if record.size == 0:
        record.status = "ignored"
        record.note = (f"Tệp đính kèm ({what}) rỗng, dung lượng 0 byte; không được tính vào hồ sơ. "
                       "Hãy gửi lại bản scan hoặc tệp PDF của văn bản")
        return record
    if record.size > limit * MB:
        record.status = "ignored"
        record.note = (f"Tệp đính kèm ({what}) dung lượng {format_decimal_vi(record.size / MB, 1)} MB, vượt giới hạn "
                       f"{format_decimal_vi(limit)} MB ([limits] max_file_mb); không được tính vào hồ sơ. Hãy scan "
                       "lại ở độ phân giải thấp hơn (150–200 dpi) hoặc nén tệp rồi gửi lại")
        return record
    found = content_kind(path, head)
    if found == "spreadsheet":
        record.status = "ignored"
        record.note = (f"Tệp có đuôi {ext} nhưng thực chất là bảng tính bị đổi tên; không được tính là văn bản "
                       "đính kèm. Nếu đây là phiếu số liệu của đơn vị, hãy đổi lại đuôi .xlsx (hoặc .xls, .ods); "
                       "văn bản đã ký phải gửi dạng PDF, ảnh chụp hoặc Word")
    elif found is None:
        record.note = (f"Nội dung tệp không giống tệp {ext} (có thể tệp bị hỏng); vẫn được tính là {what}, "
                       "đề nghị kiểm tra tệp mở được")
    elif found not in _EXPECTED[ext]:
        record.note = (f"Tệp có đuôi {ext} nhưng nội dung là {_CONTENT_NAMES[found]}; vẫn được tính là {what}, "
                       "đề nghị đơn vị gửi đúng định dạng")
    named = leading_code(PurePosixPath(rel).stem, codes)
    if named is not None and named[0] != code and named[1]:  # in one unit's folder, named for another
        text = (f"Tên tệp bắt đầu bằng mã {named[0]} nhưng tệp nằm trong thư mục của đơn vị {code}; tệp được "
                f"tính cho đơn vị {code} (theo thư mục), hãy kiểm tra lại")
        record.note = f"{record.note}. {text}" if record.note else text
    return record


def note_repeats(records: list[InputFile]) -> None:
    """The same paper sent twice: an identical copy (same sha256) of one unit is ignored, naming the
    one kept — the shortest file name, as copies gain a suffix ("to_trinh (2).pdf"), then the path;
    several different files of one required kind are all kept, each noted."""
    first_by_hash: dict[tuple[str | None, str], InputFile] = {}
    by_kind: dict[tuple[str, str], list[InputFile]] = {}
    for record in sorted(records, key=lambda r: (len(PurePosixPath(r.path).name), r.path)):
        if record.status != "attachment" or record.unit_code is None:
            continue
        first = first_by_hash.setdefault((record.unit_code, record.sha256), record)
        if first is not record:
            record.status = "ignored"
            record.note = (f"Trùng nội dung với tệp {first.path} (cùng mã SHA-256) của đơn vị {record.unit_code}; "
                           "bản trùng được bỏ qua, văn bản chỉ tính một lần")
            continue
        if record.kind in DOSSIER_KINDS:
            by_kind.setdefault((record.unit_code, record.kind), []).append(record)
    for (code, kind), group in by_kind.items():
        if len(group) < 2:
            continue
        names = ", ".join(sorted(r.path for r in group))
        for record in group:
            text = (f"Đơn vị {code} gửi {len(group)} tệp {DOSSIER_KINDS[kind]} khác nhau ({names}); tất cả được "
                    "liệt kê, hồ sơ tính một lần; đề nghị kiểm tra bản nào là bản chính thức")
            record.note = f"{record.note}. {text}" if record.note else text
