"""Cache of parsed submissions by file sha256, so a re-run reads only the files that changed."""

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
        try:
            with self._path(sha).open("rb") as fh:
                record = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            self.misses += 1
            return None
        if not isinstance(record, InputFile):
            self.misses += 1
            return None
        self.hits += 1
        # the same content may sit under another name: problems name the file as it is now
        problems = [replace(p, file=rel) for p in record.problems]
        return replace(record, path=rel, mtime=mtime, problems=problems)

    def put(self, record: InputFile) -> None:
        self._used.add(record.sha256)
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
        if parent.is_dir():
            for other in parent.iterdir():
                if other != self.root:
                    shutil.rmtree(other, ignore_errors=True)
        if self.root.is_dir():
            for p in self.root.iterdir():
                if p.stem not in self._used:
                    p.unlink(missing_ok=True)
