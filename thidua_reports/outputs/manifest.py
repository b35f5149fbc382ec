"""manifest.json (SPEC §7): every input file (path, sha256, status) and every output file of a run."""

from __future__ import annotations

import json
from pathlib import Path

from thidua_reports.models import InputFile
from thidua_reports.workspace import sha256_file

MANIFEST = "manifest.json"


def write_manifest(out_dir: Path, workspace: Path, inputs: list[InputFile], final_dir: Path,
                   known: dict[str, str] | None = None) -> Path:
    """Write out_dir/manifest.json, listing every file under out_dir as it will be under final_dir.

    `known`: sha256 already computed by the output step (path under out_dir → hash).
    """
    known = known or {}
    outputs = []
    for p in sorted(out_dir.rglob("*")):
        if p.is_file() and p.name != MANIFEST:
            inside = p.relative_to(out_dir)
            rel = (final_dir / inside).relative_to(workspace)
            outputs.append({"path": rel.as_posix(), "sha256": known.get(inside.as_posix()) or sha256_file(p)})
    data = {
        "schema": "thidua.manifest/1",
        "inputs": [{"path": f.path, "sha256": f.sha256, "status": f.status} for f in inputs],
        "outputs": outputs,
    }
    path = out_dir / MANIFEST
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
