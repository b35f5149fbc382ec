"""Tóm tắt as printed (LibreOffice's PDF): every one of the demo on one page; a longer one never
leaves its signature alone on a page."""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.doc_factories import campaign_result, settings
from thidua_reports.cli.main import main
from thidua_reports.documents import pdf
from thidua_reports.documents.catalog import build_contexts
from thidua_reports.documents.render import render
from thidua_reports.documents.templates import BUILTIN_DIR

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


EXTRA_FROM = 3  # 3 to 12 lines more: from one page to two (at 5 lines)
LINE = "Tổ chức tập huấn nghiệp vụ cải cách hành chính cho cán bộ, công chức."  # one line at 13 pt


def _text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_a_long_summary_takes_its_last_part_to_the_signature(tmp_path: Path) -> None:
    """A tóm tắt grown line by line past its page: whatever the length, the signature never stands
    alone on page 2; the earlier awards (the last part, with its heading) go with it."""
    [context] = [c for _t, rel, c in build_contexts(campaign_result(), settings()) if rel == "tom_tat/pnv.docx"]
    docs = []
    for extra in range(EXTRA_FROM, EXTRA_FROM + 10):
        grown = copy.deepcopy(context)
        grown["achievement_sections"][-1]["paragraphs"] += [LINE] * extra
        path = tmp_path / f"pnv_{extra:02d}.docx"
        path.write_bytes(render(BUILTIN_DIR / "tom_tat_tap_the.docx", grown, author="", title="",
                                when=date(2021, 12, 3)))
        docs.append(path)
    pages = {}
    for path in pdf.convert_to_pdf(docs, tmp_path / "pdf", timeout=300):
        pages[path.stem] = _pages(path)
        last = " ".join(_text(path, pages[path.stem]).split())
        assert "THỦ TRƯỞNG ĐƠN VỊ" in last and "Trưởng PNV" in last, path.stem
        if pages[path.stem] == 2:
            assert "V. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ NHẬN Chưa có. THỦ TRƯỞNG ĐƠN VỊ" in last, path.stem
    assert sorted(set(pages.values())) == [1, 2], pages  # the lengths cross the page's end
