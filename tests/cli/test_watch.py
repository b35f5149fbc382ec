"""`thidua watch`: a change in inbox/ triggers one run after the file settles; lock files do not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from thidua_reports.cli.watch import is_relevant, watch


def test_relevant_files() -> None:
    assert is_relevant(Path("inbox/pnv.xlsx"))
    assert is_relevant(Path("inbox/xa/phuoc-hau.ods"))
    for name in ("~$pnv.xlsx", ".~lock.pnv.xlsx#", ".DS_Store", "Thumbs.db", "pnv.xlsx.part", "a.tmp"):
        assert not is_relevant(Path("inbox") / name), name


def _wait_for(cond, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


def test_watch_reruns_after_change_and_ignores_lock_files(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    runs: list[int] = []
    lines: list[str] = []
    stop = threading.Event()

    def run_once() -> str:
        runs.append(1)
        return f"lượt {len(runs)}"

    t = threading.Thread(target=watch, args=(tmp_path, run_once, lines.append, 0.3, stop), daemon=True)
    t.start()
    try:
        assert _wait_for(lambda: len(lines) >= 2)  # first run + "Đang theo dõi"
        assert lines[0] == "lượt 1"
        assert lines[1].startswith("Đang theo dõi ")

        (tmp_path / "inbox" / "~$pnv.xlsx").write_bytes(b"lock")
        time.sleep(1.2)
        assert len(runs) == 1  # a lock file alone triggers nothing

        target = tmp_path / "inbox" / "pnv.xlsx"
        with target.open("wb") as fh:  # a file copied in several pieces
            for _ in range(3):
                fh.write(b"x" * 1000)
                fh.flush()
                time.sleep(0.1)
        assert _wait_for(lambda: len(runs) == 2)
        time.sleep(0.8)
        assert len(runs) == 2  # one run for the whole copy
        assert any(line.endswith("inbox thay đổi: thêm pnv.xlsx") for line in lines)
        assert lines[-1] == "lượt 2"
    finally:
        stop.set()
        t.join(timeout=5)
    assert not t.is_alive()


def test_watch_command_reruns_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    import os
    import shutil
    import signal
    import subprocess
    import sys

    from thidua_reports.demo import build_demo

    ws = build_demo(tmp_path / "ws")
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink()  # its vote is on the full proposal; here PTP's file is late
    spare = tmp_path / "ptp.xlsx"
    shutil.move(ws / "inbox" / "ptp.xlsx", spare)  # PTP's newer file arrives while watching
    proc = subprocess.Popen([sys.executable, "-u", "-m", "thidua_reports", "watch", "-w", str(ws)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Đang theo dõi"):
                break
        assert "Đã nhận 18/21 đơn vị" in lines[0]
        shutil.copy(spare, ws / "inbox" / "ptp.xlsx")
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if "Đã nhận" in line and len(lines) > 2:
                break
        assert any(line.endswith(" inbox thay đổi: thêm ptp.xlsx") for line in lines), lines
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Đã dừng theo dõi." in out
    assert "Traceback" not in err
