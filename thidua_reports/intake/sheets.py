"""Low-level workbook reading: safety checks before parsing, calamine grids, labels and headers by text."""

from __future__ import annotations

import functools
import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from thidua_reports.vietnamese import ascii_fold, nfc, normalize_label

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_EXTENSIONS = (".xlsx", ".xlsm", ".ods")
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MB = 1024 * 1024

LABEL_SCAN_ROWS = 200  # label/value sheets: labels may sit anywhere in the first rows…
LABEL_SCAN_COLS = 10  # …and first columns
HEADER_SCAN_ROWS = 10  # table sheets: the header row is within the first rows

FIX_RESAVE = "hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi gửi lại"
PASSWORD_PROTECTED = (
    "Tệp được đặt mật khẩu nên không đọc được; hãy gỡ mật khẩu (Excel: Tệp > Thông tin > Bảo vệ sổ làm "
    "việc > Mã hóa bằng mật khẩu, xóa mật khẩu; LibreOffice Calc: Tệp > Lưu thành, bỏ chọn Lưu với mật "
    "khẩu) rồi gửi lại"
)


# Labels, headers and Có/Không words repeat across hundreds of files: remember their normal form.
cached_label = functools.lru_cache(maxsize=8192)(normalize_label)


class BadWorkbook(Exception):
    """The file cannot be read as a workbook at all; `str()` is the Vietnamese message."""


def col_letter(col: int) -> str:
    """0-based column index → "A", "B", …, "AA"."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based (row, col) → an A1 reference such as "B7"."""
    return f"{col_letter(col)}{row + 1}"


def _mb(n: float) -> str:
    """Megabytes for a message: 0.2861 → "0,29", 20.0 → "20"."""
    return f"{n:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def read_limited(path: Path, max_file_mb: float) -> bytes:
    """The whole file, once (every later step reads from memory); refuse empty or oversized files."""
    size = path.stat().st_size
    if size == 0:
        raise BadWorkbook("Tệp rỗng (0 byte); hãy lưu lại bảng tính rồi gửi lại")
    if size > max_file_mb * MB:
        raise BadWorkbook(
            f"Tệp quá lớn ({_mb(size / MB)} MB, giới hạn {_mb(max_file_mb)} MB); "
            "hãy xóa các trang tính, hình ảnh không cần thiết rồi gửi lại"
        )
    return path.read_bytes()


def preflight(path: Path, max_file_mb: float, max_unpacked_mb: float, data: bytes | None = None) -> zipfile.ZipFile | None:
    """Refuse empty, oversized, encrypted, non-workbook and zip-bomb files before any parsing.

    `data` is the file's content when already read. Returns the open zip package of an
    .xlsx/.xlsm/.ods (the caller closes it), else None.
    """
    if data is None:
        data = read_limited(path, max_file_mb)
    if not data:
        raise BadWorkbook("Tệp rỗng (0 byte); hãy lưu lại bảng tính rồi gửi lại")
    head = data[:8]
    ext = path.suffix.lower()
    if head == CFB_SIGNATURE:
        if ext == ".xls":
            return None
        if _ENCRYPTED_STREAM in data[: 4 * MB]:
            raise BadWorkbook(PASSWORD_PROTECTED)
        raise BadWorkbook(f"Tệp có đuôi {ext} nhưng thực chất là định dạng Excel cũ (.xls); {FIX_RESAVE}")
    if ext not in ZIP_EXTENSIONS:
        return None
    if head[:4] != ZIP_SIGNATURE:
        raise BadWorkbook(f"Tệp không phải là bảng tính (nội dung không đúng định dạng {ext}); {FIX_RESAVE}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BadWorkbook(f"Tệp bị hỏng (không giải nén được); {FIX_RESAVE}") from None
    unpacked = sum(info.file_size for info in zf.infolist())  # from the central directory
    if unpacked <= max_unpacked_mb * MB:
        return zf
    zf.close()
    raise BadWorkbook(
            f"Tệp khi giải nén quá lớn ({_mb(unpacked / MB)} MB, giới hạn {_mb(max_unpacked_mb)} MB) "
            "nên bị từ chối; hãy xóa các dữ liệu, hình ảnh không cần thiết rồi gửi lại"
        )


@dataclass
class Grid:
    """One sheet as a rectangle of raw calamine values ("" for empty), indexed from A1."""

    name: str
    rows: list[list[Any]]
    _norm: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def value(self, row: int, col: int) -> Any:
        try:
            return self.rows[row][col] if row >= 0 and col >= 0 else ""
        except IndexError:
            return ""

    def norm(self, row: int, col: int) -> str:
        """Normalised text of a cell (for matching labels and headers)."""
        key = (row, col)
        cached = self._norm.get(key)
        if cached is None:
            v = self.value(row, col)
            cached = cached_label(v) if isinstance(v, str) and v else ""
            self._norm[key] = cached
        return cached

    def find_labels(self, labels: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Position of the first cell whose normalised text equals each (normalised) label."""
        wanted = set(labels)
        found: dict[str, tuple[int, int]] = {}
        for r in range(min(len(self.rows), LABEL_SCAN_ROWS)):
            row = self.rows[r]
            for c in range(min(len(row), LABEL_SCAN_COLS)):
                v = row[c]
                if isinstance(v, str) and v:
                    n = self.norm(r, c)
                    if n in wanted and n not in found:
                        found[n] = (r, c)
        return found

    def find_header(self, headers: Iterable[str], required: Iterable[str]) -> tuple[int, dict[str, int]] | None:
        """The first row in the first HEADER_SCAN_ROWS holding every required header.

        Returns (row, {normalised header: column}) for all headers of `headers` found in that row.
        """
        wanted = set(headers)
        need = set(required)
        for r in range(min(len(self.rows), HEADER_SCAN_ROWS)):
            cols: dict[str, int] = {}
            for c, v in enumerate(self.rows[r]):
                if isinstance(v, str) and v:
                    n = self.norm(r, c)
                    if n in wanted and n not in cols:
                        cols[n] = c
            if need <= cols.keys():
                return r, cols
        return None


def open_workbook(path: Path, data: bytes | None = None) -> pc.CalamineWorkbook:
    """Open with calamine (from `data` when given); every library failure becomes a BadWorkbook."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if data is not None:
                return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
            return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise BadWorkbook(PASSWORD_PROTECTED) from None
    except pc.ZipError:
        raise BadWorkbook(f"Tệp bị hỏng (không giải nén được); {FIX_RESAVE}") from None
    except Exception:  # calamine raises many kinds (XmlError, CalamineError, ValueError…)
        # From memory calamine cannot tell an encrypted .xls or .ods ("Cannot detect file format");
        # opened by path it can, so ask again before giving the general message.
        if data is not None and _password_protected(path):
            raise BadWorkbook(PASSWORD_PROTECTED) from None
        raise BadWorkbook(f"Tệp không đọc được như một bảng tính; {FIX_RESAVE}") from None


def _password_protected(path: Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pc.CalamineWorkbook.from_path(str(path)).close()
    except pc.PasswordError:
        return True
    except Exception:  # noqa: BLE001 - any other failure: not known to be a password
        return False
    return False


def sheet_key(name: str) -> str:
    """A sheet name reduced for matching: "Thông tin" and "ThongTin" both give "thongtin"."""
    return ascii_fold(cached_label(name)).replace(" ", "")


def sheet_lookup(workbook: pc.CalamineWorkbook) -> dict[str, str]:
    """sheet_key → the sheet's real name: a name without "(" wins over a copy such as "ThongTin (2)"
    (which Excel puts before the original), else the first wins."""
    names: dict[str, str] = {}
    for name in sorted(workbook.sheet_names, key=lambda n: "(" in n):
        names.setdefault(sheet_key(name), name)
    return names


def read_grid(workbook: pc.CalamineWorkbook, name: str, max_rows: int) -> Grid:
    """Read one sheet; refuse it above `max_rows` rows."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet = workbook.get_sheet_by_name(name)
            end = sheet.end
            height = end[0] + 1 if end else 0
            if height > max_rows:
                raise BadWorkbook(
                    f'Trang tính "{name}" có {height} dòng, vượt giới hạn {max_rows} dòng; '
                    "hãy xóa các dòng thừa rồi gửi lại"
                )
            rows = sheet.to_python(skip_empty_area=False)
    except BadWorkbook:
        raise
    except Exception:
        raise BadWorkbook(f'Trang tính "{name}" không đọc được; {FIX_RESAVE}') from None
    return Grid(nfc(name), rows)


_CELL_RE = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def formula_cells_without_value(zf: zipfile.ZipFile | None, sheet_name: str) -> set[str]:
    """A1 refs of formula cells with no cached value in one sheet of an .xlsx/.xlsm package.

    Calamine returns "" for them; the sheet XML tells a never-calculated formula from a blank.
    (.ods and .xls always store the value of a formula, so they need no check.)
    """
    if zf is None or "xl/workbook.xml" not in zf.NameToInfo:
        return set()
    try:
        target = _sheet_part(zf, sheet_name)
        if target is None:
            return set()
        xml = zf.read(target)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return set()
    if b"<f" not in xml:
        return set()
    refs: set[str] = set()
    for m in _CELL_RE.finditer(xml):
        body = m.group(3) or b""
        if b"<f" in body and (b"<v>" not in body or b"<v></v>" in body):
            ref = _REF_RE.search(m.group(1))
            if ref:
                refs.add(ref.group(1).decode())
    return refs


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        attrs = m.group(1)
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', attrs)
        if not name or not rid or _xml_unescape(name.group(1)) != sheet_name:
            continue
        wanted = rid.group(1) or rid.group(2)
        for rel in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
            if f'Id="{wanted}"' in rel.group(1):
                target = re.search(r'Target="([^"]*)"', rel.group(1))
                if target:
                    t = target.group(1)
                    return t.lstrip("/") if t.startswith("/") else "xl/" + t
    return None


def _xml_unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
