"""Workspace plumbing: the run lock, atomic replacement of output folders, file hashes."""

from __future__ import annotations

import getpass
import hashlib
import json
import multiprocessing
import multiprocessing.context
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from thidua_reports.errors import LockError, OutputBusy

LOCK_NAME = ".thidua.lock"
CACHE_DIR = ".thidua_cache"  # caches of a workspace: parsed submissions, output keys


# Windows has no fork: worker processes start fresh ("spawn") and import what they need themselves.
POOL_START_METHOD = "spawn" if os.name == "nt" else "forkserver"


def pool_context(preload: list[str]) -> multiprocessing.context.BaseContext:
    """The start method for worker pools; with a fork server, the modules the workers need are
    imported once in the server rather than in every worker."""
    context = multiprocessing.get_context(POOL_START_METHOD)
    if POOL_START_METHOD == "forkserver":
        context.set_forkserver_preload(preload)  # type: ignore[attr-defined]
    return context


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


T = TypeVar("T")
# (what, path) → (the file's stamp, what was learnt from its bytes): a long-lived process (`thidua
# serve`, `thidua watch`) does not hash the unchanged inbox files again at each run
_LEARNT: dict[tuple[str, str], tuple[tuple[int, int, int, int], Any]] = {}
LEARNT_MAX = 100_000


def file_stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    """What tells that a file is still the one seen before: size, modification and change times (ns),
    inode. Writing to a file or replacing it changes its change time (POSIX) or modification time
    (Windows), which no copying tool preserves on both."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def path_stamp(path: Path | str) -> tuple[int, int, int, int] | None:
    """file_stamp of the file at `path`; None when there is none or it cannot be looked at."""
    try:
        return file_stamp(os.stat(path))
    except OSError:
        return None


def remembered(what: str, path: Path, st: os.stat_result, learn: Callable[[], T]) -> T:
    """`learn()` (something read from the file's bytes), or what it gave when this process last
    called it for the file, if the file's stamp has not changed since."""
    key, stamp = (what, str(path)), file_stamp(st)
    known = _LEARNT.get(key)
    if known is not None and known[0] == stamp:
        return cast(T, known[1])
    value = learn()
    if len(_LEARNT) >= LEARNT_MAX:
        _LEARNT.clear()
    _LEARNT[key] = stamp, value
    return value


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine still exists."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    """Windows: os.kill(pid, 0) would terminate the process, so ask the kernel for its exit code."""
    if sys.platform != "win32":
        raise OSError("Windows only")
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: the process exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _lock_holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@contextmanager
def workspace_lock(workspace: Path) -> Iterator[None]:
    """One run at a time per workspace; a lock left by a dead process on this host is taken over."""
    path = workspace / LOCK_NAME
    me = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": getpass.getuser(),
        "started": time.strftime("%d/%m/%Y %H:%M:%S"),
        "command": " ".join(["thidua", *sys.argv[1:]]),  # shown to whoever finds the lock taken
    }
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _lock_holder(path)
            stale = holder.get("host") == me["host"] and isinstance(holder.get("pid"), int)
            if stale and not pid_alive(holder["pid"]):
                path.unlink(missing_ok=True)
                continue
            raise LockError(
                "Thư mục làm việc đang được một lượt chạy khác sử dụng "
                f"(tiến trình {holder.get('pid', '?')} của người dùng {holder.get('user', '?')} "
                f"trên máy {holder.get('host', '?')}, bắt đầu lúc {holder.get('started', '?')}). "
                "Hãy đợi lượt đó chạy xong rồi chạy lại; nếu chắc chắn không còn lượt nào đang chạy, "
                f"hãy xóa tệp {path.name} trong thư mục làm việc."
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(me, fh, ensure_ascii=False)
        break
    try:
        yield
    finally:
        if _lock_holder(path).get("pid") == me["pid"]:
            path.unlink(missing_ok=True)


def _aside(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def recover(target: Path) -> None:
    """Undo what a killed swap left behind: restore the old folder, drop half-written ones."""
    old = _aside(target)
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(target)
    parent = target.parent
    if parent.is_dir():
        for tmp in parent.glob(f".{target.name}.tmp-*"):
            pid = tmp.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not pid_alive(int(pid)) or int(pid) == os.getpid():
                shutil.rmtree(tmp, ignore_errors=True)


def staging_dir(target: Path) -> Path:
    """A fresh empty folder beside `target` to render into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


RENAME_ATTEMPTS = 5


def _rename(src: Path, dst: Path) -> None:
    """Rename, retrying a moment on Windows, where a folder holding an open file (or one a virus
    scanner is reading) cannot be renamed until the file is closed."""
    for attempt in range(RENAME_ATTEMPTS):
        try:
            src.rename(dst)
            return
        except PermissionError:
            if attempt == RENAME_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def swap_in(staged: Path, target: Path, trash: Path | None = None) -> None:
    """Replace `target` by `staged`: old renamed aside, new renamed in, old removed.

    When the old folder cannot be moved (on Windows: a file in it is open in Excel, Word or a PDF
    viewer), the old folder stays as it was, the new one is dropped and OutputBusy says what to do.
    `trash`: a folder of the workspace's cache where the old folder is moved and removed in the
    background (thousands of files and folders), while the caller goes on.
    """
    old = _aside(target)
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        try:
            _rename(target, old)
        except PermissionError:
            shutil.rmtree(staged, ignore_errors=True)
            shown = f"{target.parent.name}/{target.name}"
            raise OutputBusy(
                f"Không thay được thư mục kết quả {shown} vì có tệp trong đó đang mở (bảng tính trong "
                "Excel, văn bản trong Word hoặc tệp PDF đang xem). Hãy đóng các tệp đó rồi chạy lại; "
                "kết quả cũ vẫn được giữ nguyên."
            ) from None
    try:
        _rename(staged, target)
    except OSError:
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    if old.exists() and not (trash is not None and _remove_later(old, trash)):
        shutil.rmtree(old, ignore_errors=True)


_REMOVALS: list[threading.Thread] = []  # this process's background removals, not yet finished


def _remove_later(folder: Path, trash: Path) -> bool:
    """Move `folder` into `trash` and remove it in a thread (the process waits for it before it
    exits, and before it empties the trash again); False when it cannot be moved there."""
    for thread in _REMOVALS:
        thread.join()
    _REMOVALS.clear()
    try:
        trash.mkdir(parents=True, exist_ok=True)
        for left in trash.iterdir():  # left by a process that was killed (or by this one)
            pid = left.name.split("-")[0]
            if not pid.isdigit() or int(pid) == os.getpid() or not pid_alive(int(pid)):
                shutil.rmtree(left, ignore_errors=True)
        moved = trash / f"{os.getpid()}-{time.monotonic_ns()}"
        folder.rename(moved)
    except OSError:
        return False
    thread = threading.Thread(target=shutil.rmtree, args=(moved,), kwargs={"ignore_errors": True},
                              name="thidua-remove-old-outputs")
    thread.start()
    _REMOVALS.append(thread)
    return True
