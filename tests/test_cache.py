"""Re-runs reuse work: parsed submissions by sha256, unchanged feedback files by content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from thidua_reports import pipeline
from thidua_reports.demo import build_demo
from thidua_reports.intake.cache import CACHE_DIR, SubmissionCache
from thidua_reports.models import InputFile, Problem


@pytest.fixture(scope="module")
def demo_copy_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("cache") / "demo")


def spreadsheets(ws: Path) -> int:
    from thidua_reports.intake.inbox import ignore_reason

    files = [p for p in (ws / "inbox").rglob("*") if p.is_file()]
    return sum(1 for p in files if ignore_reason(p, p.relative_to(ws / "inbox").parts) is None)


def test_rerun_reads_only_the_changed_file(demo_copy_source: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(demo_copy_source, ws)
    n = spreadsheets(ws)
    first = pipeline.run(ws)
    assert first.cache_hits == 0 and first.outputs_reused == 0
    out = ws / "output" / "2021"
    feedback_count = len(list((out / "kiem_tra").glob("*.xlsx")))
    documents = len(list(out.rglob("*.docx")))
    drafts = len(list((out / "ho_so_don_vi").rglob("*.docx")))
    # 18 units + unknown; QĐ, TTr, BC, print pack, 16 tóm tắt (one collective voted down), 3 council papers,
    # the certificates and their calibration sheet; the 89 drafts of the 16 units with an accepted file
    assert (feedback_count, documents - drafts, drafts) == (19, 25, 89)
    before = {p: p.read_bytes() for p in out.rglob("*.docx")}

    summary_book = (out / "tong_hop.xlsx").read_bytes()
    second = pipeline.run(ws)
    assert second.cache_hits == n
    # every per-unit feedback file, every document, tong_hop.xlsx, chi_tien_thuong.xlsx and
    # so_khen_thuong.xlsx (the run's own year is not read back from the history); _khong_xac_dinh.xlsx
    # is always rewritten
    assert second.outputs_reused == feedback_count - 1 + documents + 3
    assert (out / "tong_hop.xlsx").read_bytes() == summary_book
    assert {p: p.read_bytes() for p in out.rglob("*.docx")} == before

    # PVHTT sends a corrected file (self-assessed 76 → 77, still Khá): only that file is read again,
    # only its feedback rewritten
    path = ws / "inbox" / "pvhtt.xlsx"
    wb = load_workbook(path)
    for row in wb["ThongTin"].iter_rows():
        if row[0].value == "Điểm tự đánh giá CCHC":
            assert row[1].value == 76
            row[1].value = 77
    wb.save(path)
    third = pipeline.run(ws)
    assert third.cache_hits == n - 1
    # PVHTT stays "Khá" and not selected: no document, payment list or register changes, only its
    # feedback, tong_hop.xlsx (which shows the score) and the three drafts of PVHTT that show its score
    # (Tờ trình, minutes, the collective's report) are rewritten
    assert third.outputs_reused == feedback_count - 2 + documents + 2 - 3
    assert (out / "tong_hop.xlsx").read_bytes() != summary_book
    assert third.accepted == first.accepted and third.selected_collectives == first.selected_collectives


def test_cache_survives_a_rename_and_names_the_new_file(tmp_path: Path) -> None:
    cache = SubmissionCache(tmp_path, "f" * 64)
    record = InputFile(path="inbox/a.xlsx", sha256="a" * 64, status="rejected",
                       problems=[Problem("inbox/a.xlsx", "ThongTin", "B4", "error", "Lỗi")])
    cache.put(record)
    again = SubmissionCache(tmp_path, "f" * 64).get("a" * 64, "inbox/sub/b.xlsx", 5.0)
    assert again is not None and again.path == "inbox/sub/b.xlsx" and again.mtime == 5.0
    assert again.problems[0].file == "inbox/sub/b.xlsx" and again.problems[0].cell == "B4"


def test_other_settings_do_not_share_a_cache(tmp_path: Path) -> None:
    SubmissionCache(tmp_path, "a" * 64).put(InputFile(path="inbox/a.xlsx", sha256="1" * 64))
    (tmp_path / CACHE_DIR / "charts").mkdir()
    (tmp_path / CACHE_DIR / "outputs.json").write_text("{}", encoding="utf-8")
    other = SubmissionCache(tmp_path, "b" * 64)
    assert other.get("1" * 64, "inbox/a.xlsx", 0.0) is None
    other.prune()
    assert list((tmp_path / CACHE_DIR / "submissions").iterdir()) == []  # the other settings' entries are gone
    assert (tmp_path / CACHE_DIR / "charts").is_dir() and (tmp_path / CACHE_DIR / "outputs.json").is_file()


def test_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = SubmissionCache(tmp_path, "c" * 64)
    cache.root.mkdir(parents=True)
    (cache.root / ("9" * 64 + ".pickle")).write_bytes(b"not a pickle")
    assert cache.get("9" * 64, "inbox/x.xlsx", 0.0) is None and cache.misses == 1


def test_changed_unit_gets_its_documents_rendered_again(demo_copy_source: Path, tmp_path: Path) -> None:
    from docx import Document

    ws = tmp_path / "ws"
    shutil.copytree(demo_copy_source, ws)
    pipeline.run(ws)
    out = ws / "output" / "2021"
    decision = (out / "quyet_dinh.docx").read_bytes()
    summary = (out / "tom_tat" / "ptp.docx").read_bytes()
    path = ws / "inbox" / "ptp.xlsx"
    wb = load_workbook(path)
    for row in wb["ThongTin"].iter_rows():
        if row[0].value == "Điểm tự đánh giá CCHC":
            assert row[1].value == 89
            row[1].value = 89.5  # PTP stays third (TT-PD 90, XA-PHAU 87): the list of the QĐ is the same
    wb.save(path)
    pipeline.run(ws)
    assert (out / "quyet_dinh.docx").read_bytes() == decision
    assert (out / "tom_tat" / "ptp.docx").read_bytes() != summary
    text = "\n".join(c.text for t in Document(str(out / "tom_tat" / "ptp.docx")).tables
                     for r in t.rows for c in r.cells)
    assert "Điểm 89,5 → xếp loại Tốt" in text


def test_check_keeps_the_documents_memo_and_adds_criteria(demo_copy_source: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(demo_copy_source, ws)
    pipeline.run(ws)
    pipeline.check(ws)
    again = pipeline.run(ws)
    documents = len(list((ws / "output" / "2021").rglob("*.docx")))
    assert again.outputs_reused >= documents  # check did not drop what run had recorded
    sheets = load_workbook(ws / "output" / "2021" / "kiem_tra" / "pnv.xlsx").sheetnames
    assert sheets == ["KiemTra", "TieuChi", "CaNhan", "HoSo"]  # HoSo: its signed papers (SPEC §12.2)


def test_check_writes_the_feedback_a_run_writes(demo_copy_source: Path, tmp_path: Path) -> None:
    """A check between two runs (what the web page does after an upload) gives each unit the feedback
    file the run gives, drafts named: neither has to render the other's 20 files again."""
    ws = tmp_path / "ws"
    shutil.copytree(demo_copy_source, ws)
    pipeline.run(ws)
    feedback = ws / "output" / "2021" / "kiem_tra"
    after_run = {p.name: p.read_bytes() for p in feedback.iterdir()}
    checked = pipeline.check(ws)
    assert checked.outputs_reused == len(after_run) - 1  # all but the page of files of no known unit
    assert {p.name: p.read_bytes() for p in feedback.iterdir()} == after_run
    lines = [c.value for c in load_workbook(feedback / "pnv.xlsx")["KiemTra"]["A"] if c.value]
    assert any(line.startswith("- ho_so_don_vi/pnv/to_trinh.docx: ") for line in lines)


def test_unchanged_rerun_loads_no_document_or_workbook_library(demo_copy_source: Path, tmp_path: Path) -> None:
    # every document is taken from the previous run, so python-docx, docxtpl, jinja2, docxcompose,
    # matplotlib and openpyxl (no council file here) are never imported: they cost ~0.25 s of start-up
    import json
    import subprocess
    import sys

    ws = tmp_path / "ws"
    shutil.copytree(demo_copy_source, ws)
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink(missing_ok=True)
    pipeline.run(ws)
    code = ("import json, sys; from pathlib import Path; from thidua_reports import pipeline; "
            "s = pipeline.run(Path(sys.argv[1])); "
            "print(json.dumps([s.outputs_reused, sorted(m for m in ('docx', 'docxtpl', 'jinja2', 'docxcompose', "
            "'matplotlib', 'openpyxl') if m in sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code, str(ws)], capture_output=True, text=True, check=True)
    reused, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert reused > 30
    assert loaded == []
