"""A re-run inside one process (`thidua watch`, `thidua serve`) gives the same bytes as a cold `thidua run`.

Each test runs the demo workspace once in this process, makes one kind of change, copies the
workspace as it is then (with the previous outputs and the history of the first run), re-runs the
original in this process (memory kept: parsed submissions, the registry) and the copy in a fresh
process without any cache, and compares every output file.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import weakref
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from thidua_reports import pipeline
from thidua_reports.demo import build_demo
from thidua_reports.intake import cache as submission_cache
from thidua_reports.intake import registry as registry_module
from thidua_reports.outputs.workers import RenderWorkers
from thidua_reports.workspace import CACHE_DIR

OUT = ("output", "2021")


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("warm") / "demo")


def outputs(ws: Path) -> dict[str, bytes]:
    out = ws.joinpath(*OUT)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def results(ws: Path) -> dict:
    return json.loads(ws.joinpath(*OUT, "ket_qua.json").read_text(encoding="utf-8"))


def input_sha(ws: Path, rel: str) -> str | None:
    return next((f["sha256"] for f in results(ws)["inputs"] if f["file"] == rel), None)


def unit(ws: Path, code: str) -> dict:
    return next(u for u in results(ws)["units"] if u["code"] == code)


def set_cell(path: Path, sheet: str, label: str, value: object, column: int = 1) -> None:
    """The cell `column` of the row whose first cell is `label` (the file's mtime moves on)."""
    wb = load_workbook(path)
    row = next(r for r in wb[sheet].iter_rows() if r[0].value == label)
    row[column].value = value
    wb.save(path)


def pad_to(path: Path, size: int) -> None:
    """Append a zip comment so the file has exactly `size` bytes (the content read is unchanged)."""
    with zipfile.ZipFile(path, "a") as zf:
        zf.comment = b" " * (size - path.stat().st_size)
    assert path.stat().st_size == size


def warm_and_cold(source: Path, tmp_path: Path, change: Callable[[Path], None],
                  before: Callable[[Path], None] | None = None, hits: bool = True,
                  workers: RenderWorkers | None = None) -> tuple[Path, Path, dict[str, bytes]]:
    """(warm workspace, cold workspace, outputs before the change), both re-runs compared byte by byte."""
    ws, cold = tmp_path / "warm", tmp_path / "cold"
    shutil.copytree(source, ws)
    if before is not None:
        before(ws)
    pipeline.run(ws, workers=workers)
    previous = outputs(ws)
    change(ws)
    shutil.copytree(ws, cold)
    shutil.rmtree(cold / CACHE_DIR)
    second = pipeline.run(ws, workers=workers)
    # the re-run really took the unchanged files from the caches (none when the settings or the
    # registry changed: every file is checked against them again)
    assert (second.cache_hits > 0) == hits
    done = subprocess.run([sys.executable, "-m", "thidua_reports", "run", "-w", str(cold)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    warm_out, cold_out = outputs(ws), outputs(cold)
    assert sorted(warm_out) == sorted(cold_out)
    assert [rel for rel in warm_out if warm_out[rel] != cold_out[rel]] == []
    assert results(ws) == results(cold)
    assert warm_out != previous
    return ws, cold, previous


def no_council(ws: Path) -> None:
    """Without the council's file, so that a unit may come and go without a vote missing."""
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink()


def test_new_file(demo_source: Path, tmp_path: Path) -> None:
    held = tmp_path / "held.xlsx"

    def hold(ws: Path) -> None:
        no_council(ws)
        shutil.move(ws / "inbox" / "pvhtt.xlsx", held)

    ws, _cold, _ = warm_and_cold(demo_source, tmp_path, lambda ws: shutil.move(held, ws / "inbox" / "pvhtt.xlsx"),
                                 before=hold)
    assert input_sha(ws, "inbox/pvhtt.xlsx") == hashlib.sha256((ws / "inbox" / "pvhtt.xlsx").read_bytes()).hexdigest()
    assert unit(ws, "PVHTT")["submitted"]


def test_kept_workers_render_the_same_bytes(demo_source: Path, tmp_path: Path) -> None:
    """A server's kept render processes (the báo cáo tổng kết and its charts, tong_hop, the new
    unit's drafts and feedback rendered there) give a cold run's bytes, run after run."""
    held = tmp_path / "held.xlsx"

    def hold(ws: Path) -> None:
        no_council(ws)
        shutil.move(ws / "inbox" / "pvhtt.xlsx", held)

    workers = RenderWorkers()
    try:
        ws, _cold, _ = warm_and_cold(demo_source, tmp_path, lambda ws: shutil.move(held, ws / "inbox" / "pvhtt.xlsx"),
                                     before=hold, workers=workers)
        summary = pipeline.run(ws, workers=workers)  # nothing changed: everything reused
        assert summary.render_seconds.keys() <= {"ket_qua.json", "kiem_tra/_khong_xac_dinh.xlsx"}  # never kept
    finally:
        workers.shutdown()
    assert unit(ws, "PVHTT")["submitted"]


def test_a_servers_run_after_its_check_takes_the_checks_decision(demo_source: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Upload, check, run: the run takes the files, decision and feedback pages of the check made
    from the same files (a cold run's bytes all the same); after a change since the check it reads
    and decides again."""
    held = tmp_path / "held.xlsx"
    decided: list[int] = []
    real = pipeline.decide_stage

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        decided.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "decide_stage", counting)

    def hold(ws: Path) -> None:
        no_council(ws)
        shutil.move(ws / "inbox" / "pvhtt.xlsx", held)

    def arrive_and_check(ws: Path) -> None:
        shutil.move(held, ws / "inbox" / "pvhtt.xlsx")
        pipeline.check(ws, workers=workers)
        decided.clear()

    workers = RenderWorkers()
    try:
        ws, _cold, _ = warm_and_cold(demo_source, tmp_path, arrive_and_check, before=hold, workers=workers)
        assert decided == []  # the check's decision, taken
        pipeline.check(ws, workers=workers)
        set_cell(ws / "inbox" / "pvhtt.xlsx", "ThongTin", "Điểm tự đánh giá CCHC", 91)
        decided.clear()
        pipeline.run(ws, workers=workers)
        assert decided == [1] and unit(ws, "PVHTT")["cchc_score"] == "91"
        decided.clear()
        pipeline.run(ws, workers=workers)  # taken once: a second run decides again
        assert decided == [1]
    finally:
        workers.shutdown()


def test_changed_file(demo_source: Path, tmp_path: Path) -> None:
    ws, _cold, _ = warm_and_cold(demo_source, tmp_path,
                                 lambda ws: set_cell(ws / "inbox" / "pvhtt.xlsx", "ThongTin", "Điểm tự đánh giá CCHC", 91),
                                 before=no_council)
    assert input_sha(ws, "inbox/pvhtt.xlsx") == hashlib.sha256((ws / "inbox" / "pvhtt.xlsx").read_bytes()).hexdigest()
    assert (unit(ws, "PVHTT")["score_source"], unit(ws, "PVHTT")["cchc_score"]) == ("don_vi", "91")
    assert unit(ws, "PVHTT")["classification"] == "Tốt"  # Khá before: the ranking moves


def test_deleted_file(demo_source: Path, tmp_path: Path) -> None:
    ws, _cold, _ = warm_and_cold(demo_source, tmp_path, lambda ws: (ws / "inbox" / "pvhtt.xlsx").unlink(),
                                 before=no_council)
    assert input_sha(ws, "inbox/pvhtt.xlsx") is None and not unit(ws, "PVHTT")["submitted"]


def test_changed_registry(demo_source: Path, tmp_path: Path) -> None:
    ws, _cold, _ = warm_and_cold(demo_source, tmp_path,
                                 lambda ws: set_cell(ws / "danh_muc.xlsx", "DonVi", "PNV", "Phòng Nội vụ huyện"), hits=False)
    assert unit(ws, "PNV")["name"] == "Phòng Nội vụ huyện"


def test_changed_settings(demo_source: Path, tmp_path: Path) -> None:
    def other_signer(ws: Path) -> None:
        toml = ws / "thidua.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(re.sub(r'(?m)^signer_name = "Bạch Văn Nguyên"$', 'signer_name = "Nguyễn Văn Ký"', text),
                        encoding="utf-8")

    ws, _cold, _ = warm_and_cold(demo_source, tmp_path, other_signer, hits=False)
    decision = Document(str(ws.joinpath(*OUT, "quyet_dinh.docx")))
    assert "Nguyễn Văn Ký" in [p.text for p in decision.paragraphs] + [
        p.text for t in decision.tables for c in t._cells for p in c.paragraphs]


def test_changed_council_file(demo_source: Path, tmp_path: Path) -> None:
    def vote_down(ws: Path) -> None:
        path = ws / "quyet_dinh_hoi_dong.xlsx"
        wb = load_workbook(path)
        row = next(r for r in wb["BieuQuyet"].iter_rows() if r[1].value == "PNV")
        row[3].value, row[4].value = 3, 5
        wb.save(path)

    ws, _cold, _ = warm_and_cold(demo_source, tmp_path, vote_down)
    assert not unit(ws, "PNV")["selected"] and unit(ws, "PNV")["votes"]["agree"] == 3


def test_same_size_and_time_other_content_is_read_again(demo_source: Path, tmp_path: Path) -> None:
    """Files are recognised by their sha256, never by size and modification time alone."""
    original = tmp_path / "original.xlsx"
    changed = tmp_path / "changed.xlsx"

    def prepare(ws: Path) -> None:
        path = ws / "inbox" / "pvhtt.xlsx"
        shutil.copy2(path, original)
        shutil.copy2(path, changed)
        set_cell(changed, "ThongTin", "Điểm tự đánh giá CCHC", 77)
        size = max(original.stat().st_size, changed.stat().st_size) + 16
        pad_to(original, size)
        pad_to(changed, size)
        shutil.copy2(original, path)

    def swap(ws: Path) -> None:
        path = ws / "inbox" / "pvhtt.xlsx"
        st = path.stat()
        path.write_bytes(changed.read_bytes())
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)

    ws, _cold, _ = warm_and_cold(demo_source, tmp_path, swap, before=prepare)
    assert input_sha(ws, "inbox/pvhtt.xlsx") == hashlib.sha256(changed.read_bytes()).hexdigest()
    assert (unit(ws, "PVHTT")["score_source"], unit(ws, "PVHTT")["cchc_score"]) == ("don_vi", "77")


def test_kept_records_are_not_changed_by_a_run(demo_source: Path, tmp_path: Path) -> None:
    """What the memory keeps for the next run (parsed submissions, the registry) is the same after
    a run as when it was read: later stages mark superseded files on copies and only read the rest."""
    ws = tmp_path / "ws"
    shutil.copytree(demo_source, ws)
    pipeline.run(ws)  # fills the memory
    kept = {k: pickle.dumps(v) for k, v in submission_cache._MEMORY.items() if k[0].startswith(str(ws))}
    registry = {k: pickle.dumps(v) for k, v in registry_module._MEMORY.items()}
    assert len(kept) >= 20 and len(registry) == 1
    summary = pipeline.run(ws)
    assert summary.files.get("superseded", 0) >= 1  # ptp_ban_cu.xlsx: a record that gets marked
    assert {k: pickle.dumps(v) for k, v in submission_cache._MEMORY.items() if k in kept} == kept
    assert {k: pickle.dumps(v) for k, v in registry_module._MEMORY.items()} == registry


def test_old_outputs_are_removed_in_the_background(tmp_path: Path) -> None:
    from thidua_reports import workspace

    target, trash = tmp_path / "output" / "2021", tmp_path / CACHE_DIR / "trash"
    left = trash / "999999999-1"  # left by a process that was killed while removing
    (left / "x").mkdir(parents=True)
    for n in range(2):
        staged = workspace.staging_dir(target)
        (staged / "ho_so").mkdir()
        (staged / "ho_so" / "a.txt").write_text(str(n), encoding="utf-8")
        workspace.swap_in(staged, target, trash=trash)
    for thread in workspace._REMOVALS:
        thread.join()
    assert (target / "ho_so" / "a.txt").read_text(encoding="utf-8") == "1"
    assert sorted(p.name for p in target.parent.iterdir()) == ["2021"]
    assert list(trash.iterdir()) == []


def test_a_rerun_sets_aside_what_lives_and_later_collects_it() -> None:
    """Before a re-run the cycle collector stops looking at what is alive (the records kept for
    re-runs), but nothing set aside stays uncollected past the next re-run."""

    class Node:
        pass

    node = Node()
    node.itself = node  # type: ignore[attr-defined]
    ref = weakref.ref(node)
    try:
        pipeline.settle_collector()
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        del node
        gc.collect()
        assert ref() is not None  # set aside: the collector's passes skip it
        pipeline.settle_collector()
        assert ref() is None
    finally:
        gc.unfreeze()


def test_unit_drafts_are_built_again_only_for_units_whose_data_changed(
        demo_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-run in the same process builds the contexts of a unit's drafts only when what they are
    made from changed: the unit's workbook yes, the council's vote or another unit's rank no, the
    settings for every unit. (The bytes against a cold run: test_changed_file and the others.)"""
    from thidua_reports.outputs import write

    built: list[str] = []
    real = write.unit_jobs

    def counting(u, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(u.unit.code)
        return real(u, *args, **kwargs)

    monkeypatch.setattr(write, "unit_jobs", counting)
    monkeypatch.setattr(pipeline, "_RUNS", 1)  # a process that has run before, as `thidua watch` (no kept workers)
    ws = tmp_path / "ws"
    shutil.copytree(demo_source, ws)
    pipeline.run(ws)
    drafting = sorted(p.name.upper() for p in ws.joinpath(*OUT, "ho_so_don_vi").iterdir())
    assert sorted(built) == drafting and "PVHTT" in drafting

    built.clear()
    wb = load_workbook(ws / "quyet_dinh_hoi_dong.xlsx")
    row = next(r for r in wb["BieuQuyet"].iter_rows() if r[1].value == "PNV")
    row[3].value, row[4].value = 3, 5
    wb.save(ws / "quyet_dinh_hoi_dong.xlsx")
    pipeline.run(ws)
    assert not unit(ws, "PNV")["selected"] and built == []

    no_council(ws)  # the ballot would no longer match the ranking
    set_cell(ws / "inbox" / "pvhtt.xlsx", "ThongTin", "Điểm tự đánh giá CCHC", 91)  # its rank moves too
    pipeline.run(ws)
    assert built == ["PVHTT"]

    built.clear()
    toml = ws / "thidua.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('signer_name = "Bạch Văn Nguyên"',
                                                            'signer_name = "Nguyễn Văn Ký"'), encoding="utf-8")
    pipeline.run(ws)
    assert sorted(built) == drafting


def test_a_run_in_a_fresh_process_keeps_no_draft_digests(demo_source: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`thidua run` neither computes nor keeps what only a next run of the same process would use."""
    from thidua_reports.outputs import write

    monkeypatch.setattr(pipeline, "_RUNS", 0)
    monkeypatch.setattr(write, "_DRAFTS_SEEN", {})
    ws = tmp_path / "ws"
    shutil.copytree(demo_source, ws)
    pipeline.run(ws)
    assert write._DRAFTS_SEEN == {}
    pipeline.run(ws)  # the process runs again: from now on it keeps them
    assert "PVHTT" in write._DRAFTS_SEEN


def test_the_collector_is_settled_once_between_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server settles the collector when a job has ended (idle_settle); the next run then does
    not do it again, and a run after a check or after another run without that settles first."""
    settled: list[str] = []
    monkeypatch.setattr(pipeline, "_run", lambda *_args: "ran")
    monkeypatch.setattr(pipeline, "gc", type("G", (), {"unfreeze": staticmethod(lambda: None),
                                                      "collect": staticmethod(lambda: settled.append("collect")),
                                                      "freeze": staticmethod(lambda: None)}))
    monkeypatch.setattr(pipeline, "_RUNS", 0)
    monkeypatch.setattr(pipeline, "_SETTLED", False)
    pipeline.run(Path("ws"))
    assert settled == []  # the first run of a process has nothing to set aside
    pipeline.idle_settle()
    pipeline.run(Path("ws"))
    assert settled == ["collect"]  # after the job, not again before the second run
    pipeline.run(Path("ws"))
    assert settled == ["collect", "collect"]  # no job end in between: before the run
    pipeline.idle_settle()
    pipeline.idle_settle()
    assert settled == ["collect"] * 3


def test_the_decision_basis_sees_every_file_the_decision_reads(demo_source: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(demo_source, ws)
    pipeline.run(ws)

    def basis() -> tuple:
        return pipeline.decision_basis(pipeline.load(ws), pipeline.config_stamps(ws.resolve()))

    first = basis()
    assert basis() == first
    changes = {
        "settings": lambda: (ws / "thidua.toml").write_text((ws / "thidua.toml").read_text(encoding="utf-8").replace(
            'signer_name = "Bạch Văn Nguyên"', 'signer_name = "Nguyễn Văn Ký"'), encoding="utf-8"),
        "registry": lambda: set_cell(ws / "danh_muc.xlsx", "DonVi", "PNV", "Phòng Nội vụ huyện"),
        "council file": lambda: (ws / "quyet_dinh_hoi_dong.xlsx").unlink(),
        "history": lambda: pipeline.run(ws),  # records the year's rows again (the council file is gone)
        "inbox": lambda: (ws / "inbox" / "pvhtt.xlsx").unlink(),
        "inbox file": lambda: set_cell(ws / "inbox" / "pnv.xlsx", "ThongTin", "Điểm tự đánh giá CCHC", 91),
        "attachment": lambda: (ws / "inbox" / "PNV_to_trinh.pdf").write_bytes(b"%PDF-1.4\n"),
    }
    seen = [first]
    for what, change in changes.items():
        change()
        now = basis()
        assert now not in seen, what
        seen.append(now)
