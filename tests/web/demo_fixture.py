"""The demo workspace (Ninh Phước 2021, built but not run) for the tests of the web stage: built once
per session, copied fresh for each test."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from thidua_reports.demo import build_demo


@cache
def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="thidua_web_demo_"))
    atexit.register(shutil.rmtree, folder, True)
    return build_demo(folder / "demo")


def copy_demo(tmp_path: Path) -> Path:
    """A private copy of the demo workspace in tmp_path/ws."""
    target = tmp_path / "ws"
    shutil.copytree(_template(), target)
    return target
