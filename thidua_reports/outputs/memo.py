"""The output memo: which output files of the previous run can be kept because what they are made
from did not change."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import orjson

from thidua_reports import __version__
from thidua_reports.workspace import CACHE_DIR, sha256_file


def content_key(*parts: object) -> str:
    """A hash of everything an output is made from.

    repr, not pickle: pickle bytes depend on which objects happen to be shared in memory.
    """
    return hashlib.sha256(repr((__version__, parts)).encode("utf-8", "surrogatepass")).hexdigest()


class OutputMemo:
    """Reuse an output file of the previous run when its content key is unchanged.

    The previous file is reused only if it still has the sha256 recorded when it was written; the
    hash is not computed again while the file keeps the size, modification time and inode recorded
    with it (outputs are hard-linked from run to run, never modified in place).
    """

    NAME = "outputs.json"

    def __init__(self, workspace: Path, previous_dir: Path) -> None:
        self.path = workspace / CACHE_DIR / self.NAME
        self.previous_dir = previous_dir
        self._previous = str(previous_dir)
        self.new: dict[str, dict] = {}
        self.reused = 0
        try:
            self.old: dict[str, dict] = orjson.loads(self.path.read_bytes())
        except (OSError, ValueError):
            self.old = {}

    def reuse(self, rel: str, key: str, dest: Path | str) -> str | None:
        """Put the previous run's `rel` at `dest` when its key matches; its sha256, or None."""
        entry = self.old.get(rel)
        if not entry or entry.get("key") != key:
            return None
        previous = os.path.join(self._previous, rel)
        try:
            st = os.stat(previous)
            if not stat.S_ISREG(st.st_mode):
                return None
            if entry.get("stamp") != stamp_of(st) and sha256_file(Path(previous)) != entry.get("sha"):
                return None
            try:
                os.link(previous, dest)  # outputs are never modified in place, so sharing is safe
                copied = st
            except OSError:
                shutil.copyfile(previous, dest)
                copied = os.stat(dest)
        except OSError:
            return None
        self.new[rel] = {"key": key, "sha": entry["sha"], "stamp": stamp_of(copied)}
        self.reused += 1
        return entry["sha"]

    def record(self, rel: str, key: str, sha: str, written: Path | str | None = None) -> None:
        """`written`: the file as written, whose stamp spares hashing it again when it is reused."""
        entry: dict = {"key": key, "sha": sha}
        if written is not None:
            try:
                entry["stamp"] = stamp_of(os.stat(written))
            except OSError:
                pass
        self.new[rel] = entry

    def save(self, only: str | None = None) -> None:
        """Called once the new outputs are in place; `only`: the run replaced just that folder."""
        if only is not None:
            self.new = {**{k: v for k, v in self.old.items() if not k.startswith(only)}, **self.new}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(orjson.dumps(self.new, option=orjson.OPT_SORT_KEYS))
        except OSError:
            pass


def stamp_of(st: os.stat_result) -> list[int]:
    """What tells that a file is still the one recorded: size, modification time (ns) and inode."""
    return [st.st_size, st.st_mtime_ns, st.st_ino]
