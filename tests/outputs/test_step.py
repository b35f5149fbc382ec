"""The output step's worker pool writes the same files as rendering in the main process."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from tests.doc_factories import campaign_result, settings
from thidua_reports.outputs import step as step_module
from thidua_reports.outputs.step import OutputStep
from thidua_reports.outputs.write import document_outputs


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool needs two cores")
@pytest.mark.parametrize("start_method", ["forkserver", "spawn"])  # spawn: what Windows uses
def test_pool_renders_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_method: str) -> None:
    import thidua_reports.workspace as workspace_module

    monkeypatch.setattr(workspace_module, "POOL_START_METHOD", start_method)
    documents = document_outputs(campaign_result(), settings(), None, tmp_path / "charts")
    serial = OutputStep(tmp_path / "serial")
    serial.emit(documents, parallel=False)
    monkeypatch.setattr(step_module, "PARALLEL_MIN_RENDERS", 0)
    pooled = OutputStep(tmp_path / "pool")
    pooled.emit(documents, parallel=True)
    assert pooled.hashes == serial.hashes and len(serial.hashes) == len(documents)
    assert set(pooled.render_seconds) == set(serial.render_seconds)


def _emit_one(step: OutputStep, rel: str) -> None:
    step.emit([step_module.Output(rel, "builtins:bytes", (b"x",))])


@pytest.mark.parametrize("maker", ["process", "thread"])
def test_folders_made_ahead_that_no_output_needs_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             maker: str) -> None:
    """The previous run's folders are made ahead; those this run leaves empty are gone at the end,
    a folder kept on purpose (kiem_tra/ with no file) stays."""
    if maker == "thread":  # as on Windows, or where no mkdir program can be started
        def no_process(*_args: object, **_kwargs: object) -> None:
            raise OSError("no mkdir")
        monkeypatch.setattr(step_module.subprocess, "Popen", no_process)
    staged = tmp_path / "staged"
    staged.mkdir()
    step = OutputStep(staged)
    step.prepare_folders(["ket_qua.json", "ho_so_don_vi/a/to_trinh.docx", "ho_so_don_vi/b/to_trinh.docx",
                          "ho_so_don_vi/b/sub/x.docx", "kiem_tra/a.xlsx", "cu/y.docx"])
    step.folder("kiem_tra/")
    _emit_one(step, "ho_so_don_vi/a/to_trinh.docx")
    step.finish()
    folders = sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_dir())
    assert folders == ["ho_so_don_vi", "ho_so_don_vi/a", "kiem_tra"]
    assert (staged / "ho_so_don_vi" / "a" / "to_trinh.docx").is_file()


def test_no_folder_is_made_ahead_into_a_removed_staging_folder(tmp_path: Path) -> None:
    """finish() waits for the folder maker, so a failed run's staging folder, once removed, stays
    removed (`mkdir -p` would make it again)."""
    staged = tmp_path / "staged"
    staged.mkdir()
    step = OutputStep(staged)
    step.prepare_folders([f"ho_so_don_vi/u{i:04d}/to_trinh.docx" for i in range(300)])
    step.finish()
    assert not (staged / "ho_so_don_vi").exists()  # made ahead, then removed as unused
    shutil.rmtree(staged)
    time.sleep(0.3)
    assert not staged.exists()


class FakeWorkers:
    """Kept workers whose futures the test resolves: the result, an error, or a dead worker."""

    def __init__(self, outcome: str = "ok") -> None:
        self.outcome = outcome
        self.submitted: list[str] = []

    def submit(self, function, output):  # type: ignore[no-untyped-def]
        self.submitted.append(output.rel)
        future: Future = Future()
        if self.outcome == "broken":
            future.set_exception(BrokenProcessPool("a worker died"))
        elif self.outcome == "error" and output.rel == "b.txt":
            future.set_exception(ValueError("renderer failed"))
        else:
            future.set_result(function(output))
        return future


def _outputs() -> list[step_module.Output]:
    return [step_module.Output(rel, "builtins:bytes", (rel.encode(),)) for rel in ("a.txt", "b.txt")] + [
        step_module.Output("ket_qua.json", "builtins:bytes", (b"{}",), local=True)]


def test_kept_workers_render_and_settle_writes(tmp_path: Path) -> None:
    workers = FakeWorkers()
    step = OutputStep(tmp_path, workers=workers)  # type: ignore[arg-type]
    step.emit(_outputs())
    assert workers.submitted == ["a.txt", "b.txt"]  # the local one was rendered here
    assert (tmp_path / "ket_qua.json").read_bytes() == b"{}" and not (tmp_path / "a.txt").exists()
    step.settle(["b.txt"])
    assert (tmp_path / "b.txt").read_bytes() == b"b.txt" and not (tmp_path / "a.txt").exists()
    step.finish()
    assert (tmp_path / "a.txt").read_bytes() == b"a.txt"
    assert set(step.hashes) == {"a.txt", "b.txt", "ket_qua.json"}


def test_a_dead_worker_is_replaced_by_rendering_here(tmp_path: Path) -> None:
    step = OutputStep(tmp_path, workers=FakeWorkers("broken"))  # type: ignore[arg-type]
    step.emit(_outputs())
    step.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "ket_qua.json"]


def test_a_renderer_error_in_a_worker_stops_the_run(tmp_path: Path) -> None:
    step = OutputStep(tmp_path, workers=FakeWorkers("error"))  # type: ignore[arg-type]
    step.emit(_outputs())
    with pytest.raises(ValueError, match="renderer failed"):
        step.finish()
    step.finish(failed=True)
    assert "b.txt" not in step.hashes


def test_kept_workers_started_by_spawn_as_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua_reports import workspace
    from thidua_reports.outputs.workers import RenderWorkers

    monkeypatch.setattr(workspace, "POOL_START_METHOD", "spawn")
    workers = RenderWorkers(2)
    try:
        for round_ in range(2):  # the same processes serve the second run
            step = OutputStep(tmp_path / str(round_), workers=workers)
            step.staged.mkdir()
            step.emit(_outputs())
            step.finish()
            assert sorted(p.read_bytes() for p in step.staged.iterdir()) == [b"a.txt", b"b.txt", b"{}"]
            pool = workers._pool
            assert pool is not None and pool._mp_context.get_start_method() == "spawn"
    finally:
        workers.shutdown()
    assert workers._pool is None


def test_work_ahead_runs_in_the_workers_before_the_render_that_reads_it(tmp_path: Path) -> None:
    """An output's `ahead` calls (the report's charts) run side by side in the kept workers, and the
    renderer, queued right after them, starts once their files are there (here: reads them back)."""
    from thidua_reports.outputs.workers import RenderWorkers

    parts = [tmp_path / "one.bin", tmp_path / "two.bin"]
    ahead = tuple(("tests.outputs.test_step:write_name", (p,), str(p)) for p in parts)
    joined = step_module.Output("joined.txt", "tests.outputs.test_step:read_all", (parts,), ahead=ahead)
    staged = tmp_path / "staged"
    staged.mkdir()
    workers = RenderWorkers(2)
    try:
        step = OutputStep(staged, workers=workers)
        step.emit([joined])
        step.finish()
    finally:
        workers.shutdown()
    assert (staged / "joined.txt").read_bytes() == b"one.bin+two.bin"


def write_name(path: Path) -> None:
    time.sleep(0.2)  # the render would find nothing if it did not wait
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(path.name.encode())
    os.replace(tmp, path)  # whole or not there, as the chart cache writes


def read_all(paths: list[Path]) -> bytes:
    return b"+".join(p.read_bytes() for p in paths)
