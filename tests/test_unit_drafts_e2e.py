"""End to end: `thidua run` on the demo writes each unit's drafts (SPEC §12.1), names them in the unit's
feedback, and a re-run reuses every draft whose unit did not change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from thidua_reports import pipeline
from thidua_reports.demo import build_demo

# accepted workbooks of the demo, all requesting the collective award (PVHTT is made to ask nothing)
DRAFTING = ["pktht", "pldtbxh", "pnnptnt", "pnv", "ptckh", "ptnmt", "ptp", "tt-pd", "ttr", "vp",
            "xa-ah", "xa-phai", "xa-phau", "xa-pthai", "xa-pthuan"]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = build_demo(tmp_path_factory.mktemp("drafts_e2e") / "demo")
    path = ws / "inbox" / "pvhtt.xlsx"  # no collective award asked, nobody nominated
    wb = load_workbook(path)
    for row in wb["ThongTin"].iter_rows():
        if row[0].value == "Đề nghị khen thưởng tập thể":
            row[1].value = "Không"
    sheet = wb["CaNhan"]
    sheet.delete_rows(3, sheet.max_row)
    wb.save(path)
    done = subprocess.run([sys.executable, "-m", "thidua_reports", "run", "-w", str(ws)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return ws


def header(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).tables[0].cell(0, 0).paragraphs if p.text]


def feedback(path: Path) -> list[str]:
    return [str(r[0]) for r in load_workbook(path)["KiemTra"].iter_rows(values_only=True) if r[0]]


def test_a_folder_per_unit_that_asks(ws: Path) -> None:
    drafts = ws / "output" / "2021" / "ho_so_don_vi"
    assert sorted(p.name for p in drafts.iterdir()) == DRAFTING  # not PVHTT, nor rejected or missing units
    assert sorted(p.name for p in (drafts / "pnv").iterdir()) == [
        "bao_cao_thanh_tich_01_nguyen-thi-hoa.docx", "bao_cao_thanh_tich_02_le-van-khanh.docx",
        "bao_cao_thanh_tich_03_tran-thi-mai.docx", "bao_cao_thanh_tich_04_pham-van-loc.docx",
        "bao_cao_thanh_tich_tap_the.docx", "bien_ban_hop.docx", "to_trinh.docx"]
    assert header(drafts / "pnv" / "to_trinh.docx") == ["UBND HUYỆN NINH PHƯỚC", "PHÒNG NỘI VỤ"]
    assert header(drafts / "xa-phau" / "to_trinh.docx") == ["UBND XÃ PHƯỚC HẬU"]
    assert header(drafts / "tt-pd" / "bien_ban_hop.docx") == ["UBND THỊ TRẤN PHƯỚC DÂN"]
    assert header(ws / "output" / "2021" / "tom_tat" / "xa-phau.docx") == ["UBND XÃ PHƯỚC HẬU"]


def test_feedback_names_the_drafts(ws: Path) -> None:
    lines = feedback(ws / "output" / "2021" / "kiem_tra" / "xa-phau.xlsx")
    i = lines.index("Dự thảo hồ sơ đề nghị khen thưởng của đơn vị (đơn vị kiểm tra, điền các chỗ để trống "
                    "“……”, ký và gửi lại):")
    assert lines[i + 1:i + 4] == [
        "- ho_so_don_vi/xa-phau/to_trinh.docx: Tờ trình đề nghị khen thưởng",
        "- ho_so_don_vi/xa-phau/bien_ban_hop.docx: Biên bản họp Hội đồng Thi đua - Khen thưởng",
        "- ho_so_don_vi/xa-phau/bao_cao_thanh_tich_tap_the.docx: Báo cáo thành tích của tập thể"]
    assert all(ln.startswith("- ho_so_don_vi/xa-phau/bao_cao_thanh_tich_0") for ln in lines[i + 4:i + 7])
    assert not [ln for ln in feedback(ws / "output" / "2021" / "kiem_tra" / "pvhtt.xlsx")
                if "ho_so_don_vi" in ln]


def test_drafts_are_in_the_manifest(ws: Path) -> None:
    import json

    manifest = json.loads((ws / "output" / "2021" / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest, ensure_ascii=False)
    assert "ho_so_don_vi/pnv/to_trinh.docx" in text


def test_rerun_reuses_the_drafts_of_unchanged_units(ws: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ws"
    shutil.copytree(ws, copy)
    path = copy / "inbox" / "ptp.xlsx"
    wb = load_workbook(path)
    for row in wb["ThongTin"].iter_rows():
        if row[0].value == "Điểm tự đánh giá CCHC":
            row[1].value = 89.5
    wb.save(path)
    summary = pipeline.run(copy)
    rendered = sorted(rel for rel in summary.render_seconds if rel.startswith("ho_so_don_vi/"))
    # the score is in the Tờ trình and the minutes; the criteria table of the collective's report
    assert rendered == ["ho_so_don_vi/ptp/bao_cao_thanh_tich_tap_the.docx",
                        "ho_so_don_vi/ptp/bien_ban_hop.docx", "ho_so_don_vi/ptp/to_trinh.docx"]
    again = pipeline.run(copy)
    assert not [rel for rel in again.render_seconds if rel.startswith("ho_so_don_vi/")]
