"""PDF copies for printing: one LibreOffice (soffice) call per batch, own profile, with a timeout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from thidua_reports.errors import ThiduaError

SOFFICE_NAMES = ("soffice", "libreoffice")
SERIF_FONTS = ("Times New Roman", "Liberation Serif")


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
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


def convert_to_pdf(docx_paths: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    """Convert all documents with ONE soffice call; return the PDF paths in the given order."""
    if not docx_paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise ThiduaError(
            "Không tìm thấy LibreOffice (lệnh soffice/libreoffice) để tạo bản PDF. Hãy cài LibreOffice "
            "(ví dụ gói libreoffice-writer) hoặc chạy lại không có tùy chọn --pdf; các tệp Word vẫn dùng được."
        )
    names = [p.stem for p in docx_paths]
    if len(set(names)) != len(names):
        raise ThiduaError("Có hai văn bản trùng tên, không thể tạo PDF cho cả hai trong cùng một thư mục.")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thidua-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
               *[str(p) for p in docx_paths]]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice forks a worker: end the whole session it started, not just the launcher.
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # Windows: no process groups here
                proc.kill()
            proc.communicate()
            raise ThiduaError(
                f"LibreOffice không chuyển xong sang PDF sau {timeout} giây và đã bị dừng. Hãy đóng các "
                "cửa sổ LibreOffice đang mở rồi chạy lại, hoặc chạy không có tùy chọn --pdf."
            ) from None
    pdfs = [out_dir / f"{name}.pdf" for name in names]
    missing = [p.name for p in pdfs if not p.is_file()]
    if proc.returncode != 0 or missing:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise ThiduaError(
            "LibreOffice không tạo được bản PDF cho: " + ", ".join(missing or names)
            + (f" ({detail[0]})" if detail else "") + "."
        )
    return pdfs
