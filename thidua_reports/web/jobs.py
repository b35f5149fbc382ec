"""One run at a time per workspace, in a background thread, with progress for the page.

The run takes the same workspace lock as the CLI and `watch` (workspace.workspace_lock, inside the
pipeline); before starting, the lock file says who holds it (process, host, command, since when).
The process stays warm between runs: imports, parsed-file cache and unchanged outputs are reused.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from thidua_reports import pipeline
from thidua_reports.documents.pdf import find_soffice
from thidua_reports.errors import LockError, ThiduaError
from thidua_reports.outputs.workers import RenderWorkers
from thidua_reports.workspace import LOCK_NAME, pid_alive

KINDS = {"check": "Kiểm tra hồ sơ", "run": "Chạy toàn bộ", "pdf": "Chạy toàn bộ và tạo PDF"}


SETTLE_DELAY = 0.3  # seconds after a job before the collector's housekeeping (pipeline.idle_settle)


@dataclass
class Job:
    id: int
    kind: str
    origin: str  # who asked: "nút" (a button), "tải lên" (an upload), "tự động" (files arrived)
    started: float = field(default_factory=time.time)
    done: int = 0
    total: int = 0
    finished: float | None = None
    ok: bool | None = None
    message: str = ""
    summary: pipeline.Summary | None = None

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def running(self) -> bool:
        return self.finished is None

    def phase(self) -> str:
        if not self.running:
            return "Đã xong" if self.ok else "Không hoàn thành"
        if self.total and self.done < self.total:
            return f"Đang đọc hồ sơ {self.done}/{self.total}"
        if self.kind == "check":
            return "Đang ghi phiếu kiểm tra"
        if self.total:
            return "Đang xét chọn và soạn văn bản"
        return "Đang chuẩn bị"

    def as_json(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "label": self.label, "origin": self.origin,
            "started": time.strftime("%H:%M:%S", time.localtime(self.started)),
            "done": self.done, "total": self.total, "phase": self.phase(), "running": self.running,
            "ok": self.ok, "message": self.message,
            "seconds": round((self.finished or time.time()) - self.started, 1),
        }


def lock_holder(workspace: Path) -> dict | None:
    """The record of whoever holds the workspace lock, or None when it is free (or left by a dead process)."""
    try:
        holder = json.loads((workspace / LOCK_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    if not isinstance(holder, dict):
        return {}
    pid = holder.get("pid")
    if holder.get("host") == socket.gethostname() and isinstance(pid, int) and not pid_alive(pid):
        return None
    return holder


def holder_message(holder: dict) -> str:
    """"Thư mục làm việc đang được dùng: lệnh `thidua run` (tiến trình 123 …) từ …"."""
    command = holder.get("command") or "thidua"
    return (f"Thư mục làm việc đang có một lượt chạy khác: lệnh \u201c{command}\u201d (tiến trình "
            f"{holder.get('pid', '?')} của người dùng {holder.get('user', '?')} trên máy "
            f"{holder.get('host', '?')}), bắt đầu lúc {holder.get('started', '?')}. Hãy đợi lượt đó "
            "xong rồi bấm lại.")


class Jobs:
    """The runner of one workspace: at most one job; the last finished one stays for the page."""

    def __init__(self, workspace: Path, on_finish: Callable[[Job], None] | None = None,
                 debug: bool = False) -> None:
        self.workspace = workspace
        self.on_finish = on_finish
        self.debug = debug
        self.workers = RenderWorkers()  # kept from run to run; shut down with the server
        self._lock = threading.Lock()
        self._current: Job | None = None
        self._last: dict[str, Job] = {}  # the last finished job of each kind
        self._count = 0
        self._idle = threading.Event()
        self._idle.set()

    @property
    def current(self) -> Job | None:
        return self._current

    @property
    def idle(self) -> bool:
        """No job runs, and the last one's results are in place for the pages."""
        return self._idle.is_set()

    def last(self, kind: str | None = None) -> Job | None:
        if kind is not None:
            return self._last.get(kind)
        done = [j for j in self._last.values()]
        return max(done, key=lambda j: j.id) if done else None

    def busy_message(self) -> str | None:
        """Why a job cannot start now (a job of this page, or another process holding the lock)."""
        job = self._current
        if job is not None and job.running:
            return (f"Đang có lượt \u201c{job.label}\u201d chạy từ "
                    f"{time.strftime('%H:%M:%S', time.localtime(job.started))} (khởi động từ trang web này, "
                    f"{job.origin}). Hãy đợi lượt đó xong.")
        holder = lock_holder(self.workspace)
        return None if holder is None else holder_message(holder)

    def start(self, kind: str, origin: str = "nút") -> tuple[Job | None, str | None]:
        """Start a job; (None, reason) when another run holds the workspace."""
        if kind == "pdf" and find_soffice() is None:
            return None, "Không tìm thấy LibreOffice trên máy này nên không tạo được PDF."
        with self._lock:
            reason = self.busy_message()
            if reason:
                return None, reason
            self._count += 1
            job = Job(self._count, kind, origin)
            self._current = job
            self._idle.clear()
        threading.Thread(target=self._work, args=(job,), name=f"thidua-{kind}", daemon=True).start()
        return job, None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no job runs (for tests and the in-process server)."""
        return self._idle.wait(timeout)

    def _progress(self, job: Job) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            job.done, job.total = done, total

        return update

    def _work(self, job: Job) -> None:
        try:
            if job.kind == "check":
                job.summary = pipeline.check(self.workspace, self._progress(job), workers=self.workers)
            else:
                job.summary = pipeline.run(self.workspace, pdf=job.kind == "pdf", progress=self._progress(job),
                                           workers=self.workers)
            job.ok = True
        except LockError as exc:
            holder = lock_holder(self.workspace)
            job.ok, job.message = False, holder_message(holder) if holder else str(exc)
        except ThiduaError as exc:
            job.ok, job.message = False, str(exc)
        except Exception as exc:  # a bug: say so in Vietnamese; the details only with --debug
            job.ok = False
            job.message = ("Lỗi ngoài dự kiến, lượt chạy không hoàn thành. Kết quả cũ (nếu có) vẫn được giữ "
                           "nguyên. Hãy chạy lại với --debug và gửi nội dung hiển thị cho người hỗ trợ kỹ thuật.")
            if self.debug:
                job.message += "\n" + "".join(traceback.format_exception(exc))
        finally:
            job.finished = time.time()
            with self._lock:
                self._last[job.kind] = job
            try:
                if self.on_finish is not None:
                    self.on_finish(job)
            finally:
                self._idle.set()
            # the collector's housekeeping, once the page has been told (it holds the interpreter for
            # tens of milliseconds, which would hold back the answer that the job has ended)
            settle = threading.Timer(SETTLE_DELAY, pipeline.idle_settle)
            settle.daemon = True
            settle.start()
