"""The inbox waiting rule shared by `thidua watch` and the web interface (intake/arrivals.py)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from thidua_reports.cli import watch as watch_module
from thidua_reports.intake.arrivals import (
    Arrivals,
    describe,
    inbox_signature,
    is_relevant,
    settle,
    snapshot,
)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _touch(path: Path, data: bytes, mtime_ns: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_which_files_count(tmp_path: Path) -> None:
    for name in ("pnv.xlsx", "PNV/to_trinh.pdf", "~$pnv.xlsx", ".~lock.pnv.xlsx#", ".pnv.xlsx.123.part",
                 "x.tmp", "Thumbs.db", "desktop.ini", "bao cao.xlsx~", "a.crdownload"):
        _touch(tmp_path / "inbox" / name, b"x", 10**18)
    assert sorted(snapshot(tmp_path / "inbox")) == ["PNV/to_trinh.pdf", "pnv.xlsx"]
    assert not is_relevant(Path("inbox/.pnv (2).xlsx.99-1.part"))  # an upload in progress
    assert watch_module.is_relevant is is_relevant  # `thidua watch` uses the same rule


def test_signature_changes_with_any_relevant_change(tmp_path: Path) -> None:
    assert inbox_signature(tmp_path) == ()
    _touch(tmp_path / "inbox" / "a.xlsx", b"one", 10**18)
    first = inbox_signature(tmp_path)
    assert first == (("a.xlsx", 3, 10**18),)
    _touch(tmp_path / "inbox" / "~$a.xlsx", b"lock", 10**18)
    assert inbox_signature(tmp_path) == first
    _touch(tmp_path / "inbox" / "a.xlsx", b"two", 10**18 + 1)
    assert inbox_signature(tmp_path) != first


def test_a_change_counts_once_still_for_the_settle_time(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _touch(inbox / "a.xlsx", b"a", 10**18)
    clock = _Clock()
    arrivals = Arrivals(tmp_path, settle_seconds=2.0, clock=clock)
    assert arrivals.poll() is None and not arrivals.settling
    _touch(inbox / "b.xlsx", b"b", 10**18)  # a file arrives …
    assert arrivals.poll() is None and arrivals.settling
    clock.now += 1.5
    _touch(inbox / "b.xlsx", b"bb", 10**18 + 5)  # … and is still being written
    assert arrivals.poll() is None
    clock.now += 1.9
    assert arrivals.poll() is None  # 1.9 s still: not yet
    clock.now += 0.2
    before, after = arrivals.poll()  # type: ignore[misc]
    assert sorted(before) == ["a.xlsx"] and sorted(after) == ["a.xlsx", "b.xlsx"]
    assert describe(before, after) == "inbox thay đổi: thêm b.xlsx"
    assert arrivals.poll() is None and not arrivals.settling
    # a change undone before it settled is no change
    _touch(inbox / "c.xlsx", b"c", 10**18)
    assert arrivals.poll() is None
    (inbox / "c.xlsx").unlink()
    clock.now += 5
    assert arrivals.poll() is None and not arrivals.settling


def test_settle_waits_for_stillness_and_stops(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _touch(inbox / "a.xlsx", b"a", 10**18)
    stop = threading.Event()
    assert settle(inbox, 0.05, stop) == {"a.xlsx": (1, 10**18)}
    events = iter([True, False])  # one file-system event while waiting restarts the wait once
    assert settle(inbox, 0.05, stop, lambda: next(events)) == {"a.xlsx": (1, 10**18)}
    stop.set()
    assert settle(inbox, 10, stop) is None
    assert describe({"a": (1, 1), "b": (1, 1)}, {"a": (2, 2), "c": (1, 1)}) == \
        "inbox thay đổi: thêm c; sửa a; bớt b"
