"""Files arriving in inbox/: once every file has stopped changing (the waiting rule of `watch`),
the inbox is run again so the pages show them; the pages then refresh by themselves."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from thidua_reports.web.jobs import Jobs

IGNORED_PREFIXES = ("~$", ".~lock", ".")
IGNORED_NAMES = {"thumbs.db", "desktop.ini"}
PARTIAL_SUFFIXES = ("~", ".tmp", ".part", ".crdownload")


def is_relevant(name: str) -> bool:
    """Lock files, hidden and half-downloaded files do not count as arrivals."""
    low = name.lower()
    return not (low in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES) or low.endswith(PARTIAL_SUFFIXES))


def inbox_snapshot(workspace: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every relevant file under inbox/."""
    state: dict[str, tuple[int, int]] = {}
    inbox = workspace / "inbox"
    if not inbox.is_dir():
        return state
    for p in inbox.rglob("*"):
        try:
            if is_relevant(p.name) and p.is_file():
                st = p.stat()
                state[p.relative_to(inbox).as_posix()] = (st.st_size, st.st_mtime_ns)
        except OSError:
            continue  # vanished while we looked: the next look will tell
    return state


class InboxMonitor:
    """Polls inbox/ every `interval` seconds; starts a run when a change has been still for `settle`."""

    def __init__(self, workspace: Path, jobs: Jobs, interval: float = 2.0, settle: float = 2.0) -> None:
        self.workspace = workspace
        self.jobs = jobs
        self.interval = interval
        self.settle = settle
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.baseline = inbox_snapshot(workspace)
        self.pending_since: float | None = None
        self._seen: dict[str, tuple[int, int]] = self.baseline

    def accept_current(self) -> None:
        """The inbox as it is now is known (e.g. the page itself just stored and checked files)."""
        self.baseline = self._seen = inbox_snapshot(self.workspace)
        self.pending_since = None

    def tick(self, now: float | None = None) -> bool:
        """One look at the inbox; True when a run was started."""
        now = time.monotonic() if now is None else now
        current = inbox_snapshot(self.workspace)
        if current != self._seen:
            self._seen, self.pending_since = current, now  # still changing: wait again
            return False
        if current == self.baseline or self.pending_since is None:
            return False
        if now - self.pending_since < self.settle:
            return False
        job, _reason = self.jobs.start("run", origin="tự động khi có tệp mới")
        if job is None:
            return False  # another run holds the workspace: try again on a later tick
        self.baseline, self.pending_since = current, None
        return True

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="thidua-inbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # never let the watcher die: the next tick tries again
                continue
