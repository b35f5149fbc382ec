"""PDF copies for printing: one LibreOffice (soffice) call per batch, own profile, with a timeout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from thidua_reports.errors import ThiduaError

SOFFICE_NAMES = ("soffice", "libreoffice")
IS_WINDOWS = os.name == "nt"
SERIF_FONTS = ("Times New Roman", "Liberation Serif")


def windows_soffice_paths() -> list[Path]:
    """Where the LibreOffice installer puts soffice.exe on Windows (it does not add it to PATH)."""
    roots = [os.environ.get(v) for v in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432")]
    return [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if IS_WINDOWS:
        for path in windows_soffice_paths():
            if path.is_file():
                return str(path)
    return None


def font_warning() -> str | None:
    """A Vietnamese warning when neither Times New Roman nor Liberation Serif is installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=30,
                             check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    if any(font.lower() in out.lower() for font in SERIF_FONTS):
        return None
    return ("Máy chưa cài phông Times New Roman hoặc Liberation Serif: bản PDF sẽ dùng phông khác, "
            "dàn trang có thể sai lệch. Hãy cài phông (ví dụ gói fonts-liberation) rồi chạy lại.")


def convert_to_pdf(docx_paths: list[Path], out_dir: Path, timeout: int = 300,
                   names: list[str] | None = None) -> list[Path]:
    """Convert all documents with ONE soffice call; return the PDF paths in the given order.

    `names`: where each PDF goes under `out_dir` ("tom_tat/x.pdf"), so the PDF folder mirrors the
    documents' folders; by default each PDF is named after its document, side by side.
    """
    if not docx_paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise ThiduaError(
            "Không tìm thấy LibreOffice (lệnh soffice/libreoffice) để tạo bản PDF. Hãy cài LibreOffice "
            "(ví dụ gói libreoffice-writer) hoặc chạy lại không có tùy chọn --pdf; các tệp Word vẫn dùng được."
        )
    targets = names or [f"{p.stem}.pdf" for p in docx_paths]
    if len(set(targets)) != len(targets):
        raise ThiduaError("Có hai văn bản trùng tên, không thể tạo PDF cho cả hai trong cùng một thư mục.")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as work:
        # LibreOffice names each PDF after its document and writes them all into one folder: the
        # documents are given numbered names there, and the PDFs are moved to their places after.
        sources = Path(work) / "in"
        sources.mkdir()
        batch = []
        for n, path in enumerate(docx_paths):
            copy = sources / f"{n:05d}.docx"
            shutil.copyfile(path, copy)
            batch.append(copy)
        made_dir = Path(work) / "out"
        err = _soffice(soffice, batch, made_dir, timeout)
        made = [made_dir / f"{n:05d}.pdf" for n in range(len(batch))]
        missing = [docx_paths[n].name for n, p in enumerate(made) if not p.is_file()]
        if missing:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise ThiduaError(
                "LibreOffice không tạo được bản PDF cho: " + ", ".join(missing)
                + (f" ({detail[0]})" if detail else "") + "."
            )
        pdfs = []
        for pdf, target in zip(made, targets, strict=True):
            dest = out_dir / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(pdf, dest)
            pdfs.append(dest)
    return pdfs


def _kill_tree(proc: subprocess.Popen) -> None:
    """End soffice and the worker it started: its process group on POSIX, its process tree
    (taskkill /T) on Windows, which has no process groups to signal."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(proc.pid)], capture_output=True, check=False)
        proc.kill()
    else:
        os.killpg(proc.pid, signal.SIGKILL)


def _soffice(soffice: str, docs: list[Path], out_dir: Path, timeout: int) -> bytes:
    """Run one headless soffice conversion with its own profile; its stderr."""
    with tempfile.TemporaryDirectory(prefix="thidua-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
               *[str(p) for p in docs]]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice forks a worker: end the whole session it started, not just the launcher.
            _kill_tree(proc)
            proc.communicate()
            raise ThiduaError(
                f"LibreOffice không chuyển xong sang PDF sau {timeout} giây và đã bị dừng. Hãy đóng các "
                "cửa sổ LibreOffice đang mở rồi chạy lại, hoặc chạy không có tùy chọn --pdf."
            ) from None
    return err or b""
