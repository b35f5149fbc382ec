"""Cache of parsed submissions by file sha256, so a re-run reads only the files that changed.

A process that runs the pipeline more than once (`thidua watch`, `thidua serve`) also keeps the
entries in memory, so its re-runs do not unpickle every submission again. A memory entry is used
only while its file is on disk, so removing the cache folder has the same effect with or without
it. Records are handed out as copies of the kept one (the inbox scan marks superseded files, the
rest of the pipeline only reads them).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

from thidua_reports import __version__
from thidua_reports.models import InputFile
from thidua_reports.workspace import CACHE_DIR

# (cache folder, sha256) -> the record as read; shared by every SubmissionCache of this process
_MEMORY: dict[tuple[str, str], InputFile] = {}


class SubmissionCache:
    """One pickle per (file content, settings + registry fingerprint); stale entries are pruned."""

    def __init__(self, workspace: Path, fingerprint: str) -> None:
        # one folder per fingerprint under submissions/, so pruning never touches the other caches
        self.root = workspace / CACHE_DIR / "submissions" / fingerprint[:16]
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()

    @staticmethod
    def fingerprint(*parts: bytes) -> str:
        h = hashlib.sha256(__version__.encode())
        for part in parts:
            h.update(hashlib.sha256(part).digest())
        return h.hexdigest()

    def _path(self, sha: str) -> Path:
        return self.root / f"{sha}.pickle"

    def get(self, sha: str, rel: str, mtime: float) -> InputFile | None:
        self._used.add(sha)
        path = self._path(sha)
        record = _MEMORY.get((str(self.root), sha))
        if record is None or not os.path.isfile(path):
            record = None
            try:
                with path.open("rb") as fh:
                    record = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
                pass
            if not isinstance(record, InputFile):
                self.misses += 1
                return None
            _MEMORY[(str(self.root), sha)] = record
        self.hits += 1
        return _copy(record, rel, mtime)

    def put(self, record: InputFile) -> None:
        self._used.add(record.sha256)
        _MEMORY[(str(self.root), record.sha256)] = _copy(record, record.path, record.mtime)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self._path(record.sha256).with_suffix(f".tmp-{os.getpid()}")
            with tmp.open("wb") as fh:
                pickle.dump(record, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self._path(record.sha256))
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self) -> None:
        """Drop entries of files no longer in the inbox and caches of other fingerprints."""
        parent = self.root.parent
        for key in [k for k in _MEMORY if Path(k[0]).parent == parent]:
            if key[0] != str(self.root) or key[1] not in self._used:
                del _MEMORY[key]
        if parent.is_dir():
            for other in parent.iterdir():
                if other != self.root:
                    shutil.rmtree(other, ignore_errors=True)
        if self.root.is_dir():
            for p in self.root.iterdir():
                if p.stem not in self._used:
                    p.unlink(missing_ok=True)


def _copy(record: InputFile, rel: str, mtime: float) -> InputFile:
    """A record of its own for one run; the same content may sit under another name, and problems
    name the file as it is now."""
    problems = [p if p.file == rel else replace(p, file=rel) for p in record.problems]
    return replace(record, path=rel, mtime=mtime, problems=problems)
