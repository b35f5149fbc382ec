"""manifest.json (SPEC §7): every input file (path, sha256, status) and every output file of a run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson

from thidua_reports.models import InputFile
from thidua_reports.workspace import sha256_file

MANIFEST = "manifest.json"


def write_manifest(out_dir: Path, workspace: Path, inputs: list[InputFile], final_dir: Path,
                   known: dict[str, str] | None = None) -> Path:
    """Write out_dir/manifest.json, listing every file under out_dir as it will be under final_dir.

    `known`: sha256 already computed by the output step (path under out_dir → hash).
    """
    known = known or {}
    base = final_dir.relative_to(workspace).as_posix()
    outputs = [{"path": f"{base}/{inside}", "sha256": known.get(inside) or sha256_file(out_dir / inside)}
               for inside in files_under(out_dir) if inside != MANIFEST]
    data = {
        "schema": "thidua.manifest/1",
        "inputs": [{"path": f.path, "sha256": f.sha256, "status": f.status} for f in inputs],
        "outputs": outputs,
    }
    path = out_dir / MANIFEST
    path.write_bytes(manifest_bytes(data))
    return path


def manifest_bytes(data: dict) -> bytes:
    """json.dumps(data, ensure_ascii=False, indent=2) + newline in UTF-8, by orjson (the same text,
    tested; the standard library indents in pure Python). A name that is not valid Unicode (a lone
    surrogate from an undecodable file name) takes the standard library's way."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    except orjson.JSONEncodeError:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "surrogateescape")


def files_under(folder: Path | str) -> list[str]:
    """"/"-separated paths of the files under `folder`, in the order of sorted(folder.rglob("*"))
    (by path parts: each folder's entries by name, a subfolder's files where its name sorts),
    without building a Path per file."""
    found: list[str] = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not entered
                walk(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                found.append(prefix + entry.name)

    walk(os.fspath(folder), "")
    return found
