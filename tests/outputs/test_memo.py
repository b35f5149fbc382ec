"""Reuse of a previous run's output: shared by a hard link, or copied where links are not possible
(FAT/exFAT USB drives, some Windows network shares)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from thidua_reports.outputs import memo as memo_module
from thidua_reports.outputs.memo import OutputMemo


def _previous_run(tmp_path: Path) -> tuple[Path, str]:
    previous = tmp_path / "output" / "2021"
    previous.mkdir(parents=True)
    data = "Tờ trình".encode()
    (previous / "to_trinh.docx").write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    first = OutputMemo(tmp_path, tmp_path / "none")
    first.record("to_trinh.docx", "k1", sha)
    first.save()
    return previous, sha


@pytest.mark.parametrize("links", [True, False])
def test_an_unchanged_output_is_reused_by_link_or_by_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    previous, sha = _previous_run(tmp_path)
    if not links:
        def no_link(_src: object, _dst: object) -> None:
            raise OSError(1, "Operation not permitted")  # what a FAT drive answers

        monkeypatch.setattr(memo_module.os, "link", no_link)
    staged = tmp_path / "staged"
    staged.mkdir()
    memo = OutputMemo(tmp_path, previous)
    assert memo.reuse("to_trinh.docx", "k1", staged / "to_trinh.docx") == sha
    assert (staged / "to_trinh.docx").read_bytes() == "Tờ trình".encode()
    assert os.path.samefile(staged / "to_trinh.docx", previous / "to_trinh.docx") is links
    assert memo.reused == 1
    assert memo.reuse("to_trinh.docx", "k2", staged / "other.docx") is None  # another key: render again
