"""Run lock, atomic folder swap with crash recovery."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from thidua_reports.errors import LockError, OutputBusy
from thidua_reports.workspace import (
    LOCK_NAME,
    recover,
    remembered,
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


def test_remembered_learns_again_only_when_the_file_changed(tmp_path: Path) -> None:
    """What was read from a file's bytes is kept while its stamp (size, modification and change
    times, inode) holds; an in-place write of as many bytes with the old modification time put
    back, and a replacement, are both seen."""
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"first content")
    calls: list[bytes] = []

    def learn() -> str:
        calls.append(path.read_bytes())
        return hashlib.sha256(calls[-1]).hexdigest()

    first = remembered("sha256", path, path.stat(), learn)
    assert remembered("sha256", path, path.stat(), learn) == first and len(calls) == 1
    st = path.stat()
    time.sleep(0.01)
    path.write_bytes(b"other content")  # as many bytes
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert remembered("sha256", path, path.stat(), learn) == hashlib.sha256(b"other content").hexdigest()
    replacement = tmp_path / "b.xlsx"
    replacement.write_bytes(b"third content")
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(replacement, path)
    assert remembered("sha256", path, path.stat(), learn) == hashlib.sha256(b"third content").hexdigest()
    assert len(calls) == 3
    assert remembered("other", path, path.stat(), lambda: "x") == "x"  # each kind of fact on its own
