"""Files arriving in inbox/: once every file has stopped changing (the waiting rule of `watch`),
the inbox is run again so the pages show them; the pages then refresh by themselves."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from thidua_reports.intake.arrivals import INBOX, SETTLE_SECONDS, Snapshot, snapshot
from thidua_reports.web.jobs import Jobs


def inbox_snapshot(workspace: Path) -> Snapshot:
    """(size, mtime) of every file under inbox/ that counts for `watch` (the same rule)."""
    return snapshot(workspace / INBOX)


class InboxMonitor:
    """Polls inbox/ every `interval` seconds; starts a run when a change has been still for `settle`."""

    def __init__(self, workspace: Path, jobs: Jobs, interval: float = 2.0, settle: float = SETTLE_SECONDS) -> None:
        self.workspace = workspace
        self.jobs = jobs
        self.interval = interval
        self.settle = settle
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.baseline = inbox_snapshot(workspace)
        self.pending_since: float | None = None
        self._seen: Snapshot = self.baseline

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
