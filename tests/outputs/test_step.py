"""The output step's worker pool writes the same files as rendering in the main process."""

from __future__ import annotations

import os
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
