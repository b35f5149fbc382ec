"""manifest.json: every input and every output file with its sha256."""

from __future__ import annotations

import json
from pathlib import Path

from thidua_reports.models import InputFile
from thidua_reports.outputs.manifest import manifest_bytes, write_manifest
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


def test_manifest_text_is_the_standard_librarys() -> None:
    """The fast writer gives exactly json.dumps(ensure_ascii=False, indent=2) + newline, also for
    names with marks, quotes, controls, line separators, astral characters, and undecodable bytes."""
    names = ["inbox/Phòng Nội vụ.xlsx", 'inbox/a"b\\c.xlsx', "inbox/tab\there\x01.xlsx", "inbox/\u2028\x7f.xlsx",
             "inbox/😀.xlsx", "inbox/mẫu (2).xlsx"]
    data = {"schema": "thidua.manifest/1", "inputs": [{"path": n, "sha256": "0" * 64, "status": "accepted"}
                                                      for n in names], "outputs": []}
    assert manifest_bytes(data) == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    odd = {"inputs": [{"path": "inbox/\udcff.xlsx"}]}  # a byte no encoding could decode
    assert manifest_bytes(odd) == (json.dumps(odd, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8", "surrogateescape")
