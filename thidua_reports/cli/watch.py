"""`thidua watch`: re-run the pipeline when inbox/ changes, once the changed files stop changing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from thidua_reports.errors import ThiduaError
from thidua_reports.intake.arrivals import describe, is_relevant, settle, snapshot

__all__ = ["is_relevant", "status_line", "watch"]


class _Trigger:
    """Set by watchdog events; the main loop waits on it."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def dispatch(self, event: object) -> None:
        src = getattr(event, "src_path", "")
        dest = getattr(event, "dest_path", "") or ""
        if is_relevant(Path(str(src))) or (dest and is_relevant(Path(str(dest)))):
            self.event.set()

    def seen_again(self) -> bool:
        """An event came while waiting for the inbox to settle (cleared for the next wait)."""
        seen = self.event.is_set()
        self.event.clear()
        return seen


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
        last = snapshot(inbox)
        echo(f"Đang theo dõi {inbox} — nhấn Ctrl+C để dừng.")
        while not stop.is_set():
            if not trigger.event.wait(timeout=0.5):
                continue
            trigger.event.clear()
            # wait until nothing changes for settle_seconds (a file still being copied keeps changing)
            current = settle(inbox, settle_seconds, stop, trigger.seen_again)
            if current is None:
                return
            if current == last:
                continue
            echo(f"{time.strftime('%H:%M:%S')} {describe(last, current)}")
            last = current
            echo(_safe_run(run_once))
    finally:
        observer.stop()
        observer.join(timeout=5)


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
