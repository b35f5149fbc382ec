"""manifest.json: every input and every output file with its sha256."""

from __future__ import annotations

import json
from pathlib import Path

from thidua_reports.models import InputFile
from thidua_reports.outputs.manifest import write_manifest
from thidua_reports.workspace import sha256_file


def test_manifest_lists_inputs_and_outputs(tmp_path: Path) -> None:
    ws = tmp_path
    out = ws / "output" / ".2021.tmp-1"
    (out / "kiem_tra").mkdir(parents=True)
    (out / "kiem_tra" / "PNV.xlsx").write_bytes(b"abc")
    inputs = [InputFile(path="inbox/pnv.xlsx", sha256="f" * 64, status="accepted")]
    path = write_manifest(out, ws, inputs, ws / "output" / "2021")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["inputs"] == [{"path": "inbox/pnv.xlsx", "sha256": "f" * 64, "status": "accepted"}]
    assert data["outputs"] == [
        {"path": "output/2021/kiem_tra/PNV.xlsx", "sha256": sha256_file(out / "kiem_tra" / "PNV.xlsx")}
    ]
    assert data["outputs"][0]["sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
