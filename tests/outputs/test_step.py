"""The output step's worker pool writes the same files as rendering in the main process."""

from __future__ import annotations

import os
import shutil
import time
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
