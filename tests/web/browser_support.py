"""What the browser tests share: headless Chromium found on the machine (Playwright never downloads one),
the demo workspace prepared with a hostile unit name, a broken workbook to upload, the real server in a
thread, and page screenshots when THIDUA_SCREENSHOTS names a folder."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.web.demo_fixture import copy_demo

VIEWPORT = {"width": 1366, "height": 768}
HOSTILE_NAME = '<script>alert("x")</script> UBND xã Phước Sơn'
BROKEN_CODE = "PYT"  # a unit of the demo that has sent nothing yet


def chromium_path() -> str | None:
    """Debian's chromium (or another Chromium-family browser on the PATH); None when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_workspace(tmp_path: Path) -> Path:
    """The demo workspace (not run yet) whose registry names one unit with a <script> element."""
    ws = copy_demo(tmp_path)
    wb = load_workbook(ws / "danh_muc.xlsx")
    for row in wb["DonVi"].iter_rows(min_row=2):
        if row[0].value == "XA-PSON":
            row[1].value = HOSTILE_NAME
    wb.save(ws / "danh_muc.xlsx")
    return ws


def broken_workbook(ws: Path, target: Path) -> Path:
    """The demo's workbook of PNV rewritten as the unit PYT's, with words where a number belongs (B8)."""
    wb = load_workbook(ws / "inbox" / "pnv.xlsx")
    info = wb["ThongTin"]
    info["B3"] = BROKEN_CODE
    info["B4"] = "Phòng Y tế"
    info["B8"] = "mười hai"
    meta = wb["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "unit_code":
            row[1].value = BROKEN_CODE
    wb.save(target)
    return target


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under folder by relative path, with its SHA-256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def results(ws: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    return data


def wait_idle(page: Any, timeout: float = 120.0) -> dict[str, Any]:
    """Ask the status endpoint from the page (its cookie, its origin) until no job runs; the last job."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            job = page.evaluate("() => fetch('/api/trang-thai').then(r => r.json()).then(d => d.job)")
        except Exception as exc:  # the page reloaded itself (the job ended) while asking: ask again
            if "context was destroyed" not in str(exc):
                raise
            page.wait_for_load_state()
            continue
        if job is None or not job["running"]:
            return dict(job or {})
        time.sleep(0.25)
    raise AssertionError("the job did not finish")


def shot(page: Any, name: str) -> None:
    """A screenshot of the whole page into $THIDUA_SCREENSHOTS/<name>.png (nothing when unset)."""
    folder = os.environ.get("THIDUA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def plain(text: str) -> str:
    """Spaces collapsed (inner_text keeps the table's tabs and line breaks)."""
    return re.sub(r"\s+", " ", text).strip()
