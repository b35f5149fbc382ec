"""The certificates in a run of the demo: written after the Word documents, not in the print pack,
drafts until the decision has its number (SPEC §11, §11.1)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from thidua_reports import pipeline
from thidua_reports.demo import build_demo

DRAFT = "Giấy khen là bản nháp: chưa có số Quyết định (issuer.decision_number)"


def framed_pages(path: Path) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for p in Document(str(path)).paragraphs:
        ppr = p._p.pPr
        if ppr is not None and ppr.find(qn("w:framePr")) is not None:
            pages[-1].append(p.text)
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            pages.append([])
    return pages


def test_demo_run_writes_the_certificates_then_numbers_them(tmp_path: Path) -> None:
    ws = build_demo(tmp_path / "demo")
    first = pipeline.run(ws)
    out = ws / "output" / "2021"
    assert DRAFT in first.notes
    pages = framed_pages(out / "giay_khen.docx")
    assert len(pages) == first.selected_collectives + first.selected_individuals == 16
    assert pages[0][0] == "Phòng Nội vụ" and "Số sổ:      " in pages[0]
    assert (out / "giay_khen_can_chinh.docx").is_file()
    pack = "\n".join(p.text for p in Document(str(out / "in_an.docx")).paragraphs)
    assert "Số sổ" not in pack

    config = ws / "thidua.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r'(?m)^decision_number = ""', 'decision_number = "125"', text), encoding="utf-8")
    second = pipeline.run(ws)
    assert DRAFT not in second.notes
    pages = framed_pages(out / "giay_khen.docx")
    assert "Số sổ: 001/GK" in pages[0] and "Số sổ: 016/GK" in pages[-1]
    assert any(line.startswith("Quyết định số 125/QĐ-UBND ngày ") for line in pages[0])
    assert pages[-1][0].startswith(("Ông ", "Bà "))
