"""`thidua watch`: re-run the pipeline when inbox/ changes, once the changed files stop changing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from thidua_reports.errors import ThiduaError

IGNORED_PREFIXES = ("~$", ".~lock", ".")
IGNORED_NAMES = {"thumbs.db", "desktop.ini"}


def is_relevant(path: Path) -> bool:
    """Lock files, hidden and temporary files do not trigger a run."""
    name = path.name
    if name.lower() in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES):
        return False
    return not name.endswith(("~", ".tmp", ".part", ".crdownload"))


def _snapshot(inbox: Path) -> dict[str, tuple[int, int]]:
    state: dict[str, tuple[int, int]] = {}
    for p in inbox.rglob("*"):
        try:
            if p.is_file() and is_relevant(p):
                st = p.stat()
                state[p.relative_to(inbox).as_posix()] = (st.st_size, st.st_mtime_ns)
        except OSError:
            continue  # vanished while we looked: the next snapshot will tell
    return state


class _Trigger:
    """Set by watchdog events; the main loop waits on it."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def dispatch(self, event: object) -> None:
        src = getattr(event, "src_path", "")
        dest = getattr(event, "dest_path", "") or ""
        if is_relevant(Path(str(src))) or (dest and is_relevant(Path(str(dest)))):
            self.event.set()


def watch(
    workspace: Path,
    run_once: Callable[[], str],
    echo: Callable[[str], None],
    settle_seconds: float = 2.0,
    stop: threading.Event | None = None,
) -> None:
    """Run once, then again after each change to inbox/ once every file has been still for settle_seconds."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    inbox = workspace / "inbox"
    if not inbox.is_dir():
        raise ThiduaError(f"Không có thư mục {inbox}; hãy tạo thư mục inbox/ trong thư mục làm việc.")
    stop = stop or threading.Event()
    trigger = _Trigger()
    handler = FileSystemEventHandler()
    handler.dispatch = trigger.dispatch  # type: ignore[method-assign]
    observer = Observer()
    observer.schedule(handler, str(inbox), recursive=True)
    observer.start()
    try:
        echo(_safe_run(run_once))
        last = _snapshot(inbox)
        echo(f"Đang theo dõi {inbox} — nhấn Ctrl+C để dừng.")
        while not stop.is_set():
            if not trigger.event.wait(timeout=0.5):
                continue
            trigger.event.clear()
            # wait until nothing changes for settle_seconds (a file still being copied keeps changing)
            current = _snapshot(inbox)
            while not stop.is_set():
                if stop.wait(settle_seconds):
                    return
                again = _snapshot(inbox)
                if again == current and not trigger.event.is_set():
                    break
                trigger.event.clear()
                current = again
            if current == last:
                continue
            echo(f"{time.strftime('%H:%M:%S')} {_describe(last, current)}")
            last = current
            echo(_safe_run(run_once))
    finally:
        observer.stop()
        observer.join(timeout=5)


def _describe(before: dict, after: dict) -> str:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(after) & set(before) if after[k] != before[k])
    parts = []
    if added:
        parts.append("thêm " + ", ".join(added))
    if changed:
        parts.append("sửa " + ", ".join(changed))
    if removed:
        parts.append("bớt " + ", ".join(removed))
    return "inbox thay đổi: " + "; ".join(parts)


def _safe_run(run_once: Callable[[], str]) -> str:
    try:
        return run_once()
    except ThiduaError as exc:
        return f"Lượt chạy không hoàn thành: {exc}"


def status_line(summary: object) -> str:
    """One line per run: counts and where the outputs are."""
    s = summary
    return (
        f"{time.strftime('%H:%M:%S')} Đã nhận {s.received}/{s.units_total} đơn vị — "  # type: ignore[attr-defined]
        f"Hợp lệ {s.accepted}, Bị từ chối {s.rejected}, Chưa gửi {s.missing}, Gửi muộn {s.late}; "  # type: ignore[attr-defined]
        f"đề nghị {s.selected_collectives} tập thể, {s.selected_individuals} cá nhân"  # type: ignore[attr-defined]
    )
