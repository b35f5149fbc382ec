"""Files the officer hands to the web interface (SPEC §13): uploads into inbox/, a new danh_muc.xlsx,
and the unit forms of `thidua templates` as one zip.

Everything here is a plain function of a workspace folder; the web routes call it and show the
Vietnamese messages it returns or raises.

- `safe_name(original)` — the name an uploaded file gets on disk (SPEC §7 rule for names).
- `store_upload(inbox, original_name, source, max_bytes, unit_code=None)` — streams one upload
  into `inbox/` or `inbox/<code>/`, never overwriting ("x (2).xlsx"), refusing oversize files with
  `UploadRefused` before anything is left on disk.
- `replace_registry(workspace, data)` — validates an uploaded registry with the run's reader and
  swaps it in, keeping the old one as `danh_muc.<YYYYmmdd-HHMMSS>.xlsx`.
- `forms_zip(workspace)` — what `thidua templates` writes, then `mau_nhap/` and the standard blank
  forms (`input_templates/`) as one deterministic zip.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from thidua_reports.config import CONFIG_NAME, Limits, load_settings
from thidua_reports.errors import RegistryError, ThiduaError
from thidua_reports.fixed_zip import fixed_zip
from thidua_reports.intake.registry import REGISTRY_NAME, load_registry
from thidua_reports.intake.sheets import MB, BadWorkbook, preflight
from thidua_reports.pipeline import load
from thidua_reports.vietnamese import ascii_fold, slugify
from thidua_reports.workbooks.council_form import COUNCIL_FORM_NAME, write_council_form
from thidua_reports.workbooks.unit_form import (
    BLANK_NAME,
    FORMS_DIR,
    write_all_forms,
    write_blank_form,
)

INBOX = "inbox"
BLANKS_DIR = "input_templates"  # the standard blank forms, as the repository ships them
CHUNK = 1 << 16
NAME_MAX = 120  # characters of the stem, as slugify keeps
_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")
_CODE_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_PART_SUFFIX = ".part"  # `thidua watch` and the inbox's waiting rule ignore these


class UploadRefused(ThiduaError):
    """An upload was not stored; `str(err)` says why, in Vietnamese. Nothing is left on disk."""


# --- names --------------------------------------------------------------------------------------


def safe_name(original: str) -> str:
    """The file name an upload is stored under: `safe_name("Báo cáo CCHC - xã A.XLSX")` →
    `"bao-cao-cchc-xa-a.xlsx"`.

    Only the last part of the name counts (any folder part before "/", "\\" or a drive "C:" is
    dropped, so `../x.xlsx` and `C:\\x` stay inside the inbox). The stem follows SPEC §7 (`slugify`:
    ASCII-folded, lower case, words joined by "-", anything outside [a-z0-9._-] becomes "_", at
    most 120 characters, never starting with "." and never a Windows device name such as CON or
    NUL). The extension is kept, lower-cased. Percent signs are not decoded: "%2e%2e%2f" becomes
    "_2e_2e_2f". Never empty: a name with nothing left becomes "tep" (+ extension).
    """
    name = re.split(r"[/\\]", original.replace("\x00", ""))[-1]
    name = name.rsplit(":", 1)[-1].strip().rstrip(". ")
    stem, ext = name, ""
    dot = name.rfind(".")
    if dot > 0:
        candidate = ascii_fold(name[dot:]).lower()
        if _EXTENSION.fullmatch(candidate):
            stem, ext = name[:dot], candidate
    slug = slugify(stem)
    if not slug.strip("_-."):
        slug = "tep"
    return slug[:NAME_MAX] + ext


def unit_folder(unit_code: str) -> str:
    """The inbox folder of a unit: its code itself when that is a plain name ("PNV", "TT-PD",
    "007"), else the code's slug — the run finds a unit's attachments in a folder named after its
    code, case-insensitively."""
    code = unit_code.strip()
    if _CODE_FOLDER.fullmatch(code) and slugify(code) == code.lower():
        return code
    return slugify(code)


def numbered(name: str, n: int) -> str:
    """"pnv.xlsx", 2 → "pnv (2).xlsx" (SPEC §13.3: an existing name is never overwritten)."""
    if n < 2:
        return name
    dot = name.rfind(".")
    if dot <= 0:
        return f"{name} ({n})"
    return f"{name[:dot]} ({n}){name[dot:]}"


# --- uploads ------------------------------------------------------------------------------------


def _chunks(source: BinaryIO | Iterable[bytes]) -> Iterator[bytes]:
    read = getattr(source, "read", None)
    if read is not None:
        while True:
            chunk = read(CHUNK)
            if not chunk:
                return
            yield chunk
    else:
        for chunk in source:  # type: ignore[union-attr]
            if chunk:
                yield bytes(chunk)


def _mb(n: float) -> str:
    return f"{n:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def too_large_message(original_name: str, max_bytes: int) -> str:
    """The refusal of a file over the limit (the same words as the run's size check)."""
    return (f"Tệp \"{original_name}\" quá lớn (vượt giới hạn {_mb(max_bytes / MB)} MB, khóa [limits] "
            "max_file_mb trong thidua.toml); tệp không được lưu. Hãy xóa các trang tính, hình ảnh không "
            "cần thiết rồi gửi lại")


def _reserve(folder: Path, name: str) -> Path:
    """Create the first free name of name, "name (2)", "name (3)", … exclusively (empty file)."""
    for n in range(1, 10_000):
        target = folder / numbered(name, n)
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return target
    raise UploadRefused(f"Thư mục {folder.name} đã có quá nhiều tệp tên \"{name}\"; hãy dọn bớt rồi gửi lại")


def _replace(source: Path, target: Path) -> None:
    # Windows refuses to replace a file another process (an antivirus, a run reading the inbox)
    # has open for a moment: try again briefly before giving up.
    for attempt in range(20):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == 19:
                raise
            time.sleep(0.05)


def store_upload(inbox: Path, original_name: str, source: BinaryIO | Iterable[bytes], max_bytes: int,
                 unit_code: str | None = None) -> Path:
    """Store one uploaded file into `inbox/` (or `inbox/<unit folder>/`) and return its path.

    The name is `safe_name(original_name)`, followed by " (2)", " (3)", … before the extension when
    taken — an existing file is never overwritten, even by two uploads at the same moment (the
    final name is created with O_CREAT|O_EXCL, then the finished temp file is renamed onto it).
    The data is streamed from `source` (a binary file object or an iterable of bytes) into a
    hidden ".….part" temp file in the target folder; the moment more than `max_bytes` have come,
    the temp file is removed and `UploadRefused` raised (nothing is left in the inbox). An empty
    upload is refused too. `max_bytes` is normally `settings.limits.max_file_mb × 1 048 576`.
    """
    folder = inbox / unit_folder(unit_code) if unit_code else inbox
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(original_name)
    temp = folder / f".{name}.{os.getpid()}-{time.monotonic_ns()}{_PART_SUFFIX}"
    size = 0
    try:
        with open(temp, "xb") as out:
            for chunk in _chunks(source):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused(too_large_message(original_name, max_bytes))
                out.write(chunk)
        if size == 0:
            raise UploadRefused(f"Tệp \"{original_name}\" rỗng (0 byte); tệp không được lưu")
        target = _reserve(folder, name)
        try:
            _replace(temp, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target
    finally:
        temp.unlink(missing_ok=True)


def upload_limit(workspace: Path) -> int:
    """Bytes one uploaded file may have: `[limits] max_file_mb` of the workspace's settings (the
    default limit when thidua.toml cannot be read)."""
    return int(_limits(workspace).max_file_mb * MB)


def _limits(workspace: Path) -> Limits:
    try:
        return load_settings(workspace).limits
    except ThiduaError:
        return Limits()


# --- the registry -------------------------------------------------------------------------------


OPEN_ELSEWHERE = ("Tệp {name} đang được mở bằng Excel hoặc LibreOffice (có tệp khóa bên cạnh); hãy lưu và đóng "
                  "tệp đó rồi thực hiện lại.")


def held_open(path: Path) -> bool:
    """Excel ("~$name") or LibreOffice (".~lock.name#") has the workbook open."""
    return path.with_name("~$" + path.name).exists() or path.with_name(f".~lock.{path.name}#").exists()


def _backup_name(workspace: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        suffix = stamp if n == 1 else f"{stamp}-{n}"
        path = workspace / f"danh_muc.{suffix}.xlsx"
        if not path.exists():
            return path
    raise ThiduaError("Có quá nhiều bản lưu danh_muc.*.xlsx trong cùng một giây")


def replace_registry(workspace: Path, data: bytes) -> list[str]:
    """Replace `danh_muc.xlsx` by `data` when the run's reader (`intake.registry.load_registry`)
    accepts it; return the Vietnamese problems (empty list = replaced).

    The upload is first checked like an inbox file (`[limits]`: size, unpacked size, not a
    workbook, password), then written to a temp folder as danh_muc.xlsx so that the messages name
    the file as the run does ("Tệp danh mục danh_muc.xlsx có 2 lỗi …", then one line per problem with
    sheet and cell). Only when it reads is the old registry copied to
    `danh_muc.<YYYYmmdd-HHMMSS>.xlsx` and the new one renamed in; a refused upload leaves every file
    as it was. Refused too while danh_muc.xlsx is open in Excel or LibreOffice (their lock file beside
it). Registry warnings do not block; read them from the next run.
    """
    workspace = Path(workspace)
    limits = _limits(workspace)
    staging = workspace / f".{REGISTRY_NAME}.upload-{os.getpid()}-{time.monotonic_ns()}"
    staging.mkdir()
    try:
        candidate = staging / REGISTRY_NAME
        candidate.write_bytes(data)
        try:
            package = preflight(candidate, limits.max_file_mb, limits.max_unpacked_mb, data)
            if package is not None:
                package.close()
            if candidate.suffix.lower() != ".xlsx" or data[:4] != b"PK\x03\x04":
                raise BadWorkbook("Tệp tải lên không phải bảng tính .xlsx; hãy mở bằng Excel hoặc LibreOffice "
                                  "Calc, lưu lại dạng .xlsx rồi tải lên lại")
        except BadWorkbook as exc:
            return [f"Không đọc được tệp danh mục {REGISTRY_NAME}: {exc}"]
        try:
            load_registry(candidate)
        except RegistryError as exc:
            head = str(exc).split("\n", 1)[0]
            return [head, *(p.describe() for p in exc.problems)]
        target = workspace / REGISTRY_NAME
        if held_open(target):
            return [OPEN_ELSEWHERE.format(name=REGISTRY_NAME)]
        backup = _backup_name(workspace) if target.exists() else None
        if backup is not None:
            shutil.copy2(target, backup)
        try:
            _replace(candidate, target)
        except PermissionError:  # Windows: the file is open in another program
            if backup is not None:
                backup.unlink(missing_ok=True)
            return [OPEN_ELSEWHERE.format(name=REGISTRY_NAME)]
        return []
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- the forms ----------------------------------------------------------------------------------

ZIP_STAMP = (2021, 1, 1, 0, 0, 0)


def write_forms(workspace: Path) -> list[Path]:
    """What `thidua templates` writes (without --blank): one personalised workbook per registry unit
    in `mau_nhap/` and the blank council form `mau_nhap/quyet_dinh_hoi_dong.xlsx`. Raises
    ThiduaError (ConfigError, RegistryError) when the workspace cannot be loaded."""
    loaded = load(workspace)
    paths = write_all_forms(loaded.workspace, loaded.settings, loaded.registry)
    paths.append(write_council_form(loaded.workspace / FORMS_DIR / COUNCIL_FORM_NAME, loaded.settings))
    return paths


def forms_zip(workspace: Path) -> bytes:
    """Run `thidua templates` on the workspace, then return one zip of `mau_nhap/*` (every file
    there, the unit forms and the council form) and `input_templates/` (the standard blank unit
    workbook and blank council form, written for this campaign). Members are sorted by name and
    stamped with one fixed date, so equal forms give equal bytes. Raises ThiduaError when the
    workspace cannot be loaded (its message is for the officer)."""
    workspace = Path(workspace).resolve()
    write_forms(workspace)
    settings = load_settings(workspace) if (workspace / CONFIG_NAME).is_file() else None
    members: list[tuple[str, bytes]] = []
    forms = workspace / FORMS_DIR
    for path in sorted(p for p in forms.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))):
        members.append((f"{FORMS_DIR}/{path.relative_to(forms).as_posix()}", path.read_bytes()))
    staging = workspace / f".{BLANKS_DIR}.tmp-{os.getpid()}-{time.monotonic_ns()}"
    staging.mkdir()
    try:
        write_blank_form(staging / BLANK_NAME, settings)
        write_council_form(staging / COUNCIL_FORM_NAME, settings)
        for name in sorted((BLANK_NAME, COUNCIL_FORM_NAME)):
            members.append((f"{BLANKS_DIR}/{name}", (staging / name).read_bytes()))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return fixed_zip(sorted(members), ZIP_STAMP)
