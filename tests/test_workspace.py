"""Run lock, atomic folder swap with crash recovery."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from thidua_reports.errors import LockError, OutputBusy
from thidua_reports.workspace import (
    LOCK_NAME,
    recover,
    staging_dir,
    swap_in,
    workspace_lock,
)


def test_lock_refuses_second_holder_and_names_it(tmp_path: Path) -> None:
    with workspace_lock(tmp_path):
        holder = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        with pytest.raises(LockError) as exc:
            with workspace_lock(tmp_path):
                pass
        msg = str(exc.value)
        assert msg.startswith("Thư mục làm việc đang được một lượt chạy khác sử dụng (tiến trình ")
        assert f"tiến trình {os.getpid()} của người dùng {holder['user']}" in msg
        assert "hãy xóa tệp .thidua.lock trong thư mục làm việc." in msg
    assert not (tmp_path / LOCK_NAME).exists()


def test_stale_lock_of_dead_process_is_taken_over(tmp_path: Path) -> None:
    import socket

    dead = 2**22 + 12345  # above the default pid_max, so no such process
    (tmp_path / LOCK_NAME).write_text(
        json.dumps({"pid": dead, "host": socket.gethostname(), "user": "x", "started": "?"}), encoding="utf-8"
    )
    with workspace_lock(tmp_path):
        assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()


def test_swap_replaces_whole_folder(tmp_path: Path) -> None:
    target = tmp_path / "output" / "2021"
    target.mkdir(parents=True)
    (target / "old.txt").write_text("cũ", encoding="utf-8")
    staged = staging_dir(target)
    (staged / "new.txt").write_text("mới", encoding="utf-8")
    swap_in(staged, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["2021"]


def test_recover_after_crash_between_renames(tmp_path: Path) -> None:
    """Killed after the old folder was renamed aside but before the new one came in."""
    target = tmp_path / "2021"
    aside = tmp_path / ".2021.old"
    aside.mkdir()
    (aside / "ket_qua.json").write_text("{}", encoding="utf-8")
    half = tmp_path / ".2021.tmp-999999999"
    half.mkdir()
    recover(target)
    assert (target / "ket_qua.json").read_text(encoding="utf-8") == "{}"
    assert not aside.exists() and not half.exists()


def _fail_renames(monkeypatch: pytest.MonkeyPatch, source_name: str, times: int) -> list[str]:
    """Path.rename of `source_name` raises PermissionError `times` times, as Windows does while a
    file inside the folder is open in Excel."""
    calls: list[str] = []
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:  # type: ignore[override]
        if self.name == source_name and len(calls) < times:
            calls.append(self.name)
            raise PermissionError(13, "The process cannot access the file")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr("thidua_reports.workspace.time.sleep", lambda _s: None)
    return calls


def test_swap_retries_a_folder_held_for_a_moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "output" / "2021"
    target.mkdir(parents=True)
    (target / "old.txt").write_text("cũ", encoding="utf-8")
    staged = staging_dir(target)
    (staged / "new.txt").write_text("mới", encoding="utf-8")
    calls = _fail_renames(monkeypatch, "2021", times=2)
    swap_in(staged, target)
    assert calls == ["2021", "2021"]
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]


def test_swap_with_an_open_file_keeps_old_output_and_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "output" / "2021"
    target.mkdir(parents=True)
    (target / "tong_hop.xlsx").write_text("cũ", encoding="utf-8")
    staged = staging_dir(target)
    (staged / "tong_hop.xlsx").write_text("mới", encoding="utf-8")
    _fail_renames(monkeypatch, "2021", times=100)
    with pytest.raises(OutputBusy) as exc:
        swap_in(staged, target)
    assert str(exc.value) == (
        "Không thay được thư mục kết quả output/2021 vì có tệp trong đó đang mở (bảng tính trong Excel, "
        "văn bản trong Word hoặc tệp PDF đang xem). Hãy đóng các tệp đó rồi chạy lại; kết quả cũ vẫn "
        "được giữ nguyên.")
    assert (target / "tong_hop.xlsx").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in target.parent.iterdir()) == ["2021"]
