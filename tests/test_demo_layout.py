"""The demo's documents as printed (LibreOffice's PDF): every Bản tóm tắt thành tích on one page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua_reports.cli.main import main
from thidua_reports.documents import pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(pdf.find_soffice() is None or shutil.which("pdfinfo") is None,
                       reason="LibreOffice (soffice) or pdfinfo is not installed"),
]


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_every_demo_summary_fits_one_page(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summaries = sorted((ws / "output" / "2021" / "tom_tat").glob("*.docx"))
    # 6 collectives and 10 individuals awarded; the longest is Phòng Nội vụ's (3 components, 2 awards)
    assert len(summaries) == 16 and ws / "output" / "2021" / "tom_tat" / "pnv.docx" in summaries
    pdfs = pdf.convert_to_pdf(summaries, tmp_path / "pdf", timeout=300)  # one soffice call
    assert {p.stem: _pages(p) for p in pdfs} == {p.stem: 1 for p in summaries}
