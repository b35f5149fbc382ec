"""Charts drawn once are read back from the chart folder, without loading matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from thidua_reports.documents.chart_cache import cached

CHILD = """
import sys
from pathlib import Path
from tests.doc_factories import campaign_result, settings
from thidua_reports.documents.catalog import build_contexts
from thidua_reports.documents.render import render
from thidua_reports.documents.templates import BUILTIN_DIR
template, _rel, context = next(j for j in build_contexts(campaign_result(), settings())
                               if j[0] == "bao_cao_tong_ket.docx")
render(BUILTIN_DIR / template, context, author="a", title="t", when=None, chart_dir=Path(sys.argv[1]))
print("matplotlib" in sys.modules)
"""


def test_cached_draws_once(tmp_path: Path) -> None:
    drawn: list[int] = []

    def draw() -> bytes:
        drawn.append(1)
        return b"png"

    assert cached(tmp_path, "xep_loai", (("Tốt", 3),), draw) == b"png"
    assert cached(tmp_path, "xep_loai", (("Tốt", 3),), draw) == b"png"
    assert cached(tmp_path, "xep_loai", (("Tốt", 4),), draw) == b"png"
    assert len(drawn) == 2 and len(list(tmp_path.iterdir())) == 2
    assert cached(None, "xep_loai", (("Tốt", 3),), draw) == b"png" and len(drawn) == 3


def test_report_with_drawn_charts_does_not_load_matplotlib(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]

    def run() -> str:
        return subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()

    assert run() == "True"  # the charts are drawn
    assert len(list(tmp_path.glob("*.png"))) == 2
    assert run() == "False"  # and read back
