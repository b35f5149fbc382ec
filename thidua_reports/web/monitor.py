"""Files arriving in inbox/: once every file has stopped changing (the waiting rule of `watch`),
the inbox is run again so the pages show them; the pages then refresh by themselves."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from thidua_reports.intake.arrivals import SETTLE_SECONDS, Arrivals
from thidua_reports.web.jobs import Jobs


class InboxMonitor:
    """Polls inbox/ every `interval` seconds; starts a run when a change has been still for `settle`
    (the waiting rule of `thidua watch`, intake.arrivals)."""

    def __init__(self, workspace: Path, jobs: Jobs, interval: float = 2.0, settle: float = SETTLE_SECONDS) -> None:
        self.workspace = workspace
        self.jobs = jobs
        self.interval = interval
        self._now = 0.0
        self.arrivals = Arrivals(workspace, settle, clock=lambda: self._now)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def accept_current(self) -> None:
        """The inbox as it is now is known (e.g. the page itself just stored and checked files)."""
        self.arrivals.accept()

    def tick(self, now: float | None = None) -> bool:
        """One look at the inbox; True when a run was started. A change stays pending while another
        run holds the workspace, so a later tick tries again."""
        self._now = time.monotonic() if now is None else now
        found = self.arrivals.settled()
        if found is None:
            return False
        job, _reason = self.jobs.start("run", origin="tự động khi có tệp mới")
        if job is None:
            return False
        self.arrivals.accept(found[1])
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
