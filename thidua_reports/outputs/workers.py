"""Render workers kept by a long-lived process (`thidua serve`).

A run in a fresh process renders in its own thread, or in a pool started for the run when there are
many files (step.py). A server keeps its worker processes from one run to the next instead: the
templates they compiled stay compiled, and a re-run hands them the few files that changed (the
báo cáo tổng kết with its charts, tong_hop.xlsx, a unit's drafts) while the main thread goes on
with the rest of the run: reusing the unchanged files, the manifest, the history.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from thidua_reports.workspace import pool_context

# imported once by the fork server (POSIX), so a worker starts with them loaded
PRELOAD = ["thidua_reports.documents.render", "thidua_reports.workbooks.tables",
           "thidua_reports.workbooks.feedback"]


class RenderWorkers:
    """A pool of render processes started at the first submission and kept until shutdown()."""

    def __init__(self, count: int | None = None) -> None:
        # one core stays with the run itself, which goes on while the workers render
        # two at least, so the longest render (the báo cáo tổng kết) does not hold up the others;
        # one core left to the run itself where there are more (measured on 2 cores: 2 workers gave
        # the best re-runs after a new workbook as after a corrected one, bench/bench_serve.py)
        self.count = count or min(max(2, (os.cpu_count() or 1) - 1), 4)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, function: Any, *args: Any) -> Future:
        """`function(*args)` in a worker; a pool whose worker died is replaced first."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.count, mp_context=pool_context(PRELOAD))
            try:
                return self._pool.submit(function, *args)
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = ProcessPoolExecutor(self.count, mp_context=pool_context(PRELOAD))
                return self._pool.submit(function, *args)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
