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

CACHE_DIR = ".thidua_cache"


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


class OutputMemo:
    """Reuse an output file of the previous run when everything it is made from is unchanged.

    `key` is a hash of the file's full content description (computed by the writer); the previous
    file is reused only if it still has the sha256 recorded when it was written.
    """

    NAME = "outputs.json"

    def __init__(self, workspace: Path, previous_dir: Path) -> None:
        import json

        self.path = workspace / CACHE_DIR / self.NAME
        self.previous_dir = previous_dir
        self.new: dict[str, dict[str, str]] = {}
        self.reused = 0
        try:
            self.old: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}

    @staticmethod
    def key(*parts: object) -> str:
        # repr, not pickle: pickle bytes depend on which objects happen to be shared in memory
        return hashlib.sha256(repr((__version__, parts)).encode("utf-8", "surrogatepass")).hexdigest()

    def reuse(self, rel: str, key: str, dest: Path) -> bool:
        from thidua_reports.workspace import sha256_file

        entry = self.old.get(rel)
        previous = self.previous_dir / rel
        if not entry or entry.get("key") != key or not previous.is_file():
            return False
        try:
            if sha256_file(previous) != entry.get("sha"):
                return False
            try:
                os.link(previous, dest)  # outputs are never modified in place, so sharing is safe
            except OSError:
                shutil.copyfile(previous, dest)
        except OSError:
            return False
        self.new[rel] = entry
        self.reused += 1
        return True

    def record(self, rel: str, key: str, path: Path) -> None:
        from thidua_reports.workspace import sha256_file

        self.new[rel] = {"key": key, "sha": sha256_file(path)}

    def save(self, only: str | None = None) -> None:
        """Called once the new outputs are in place; `only`: the run replaced just that folder."""
        import json

        if only is not None:
            self.new = {**{k: v for k, v in self.old.items() if not k.startswith(only)}, **self.new}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.new, sort_keys=True), encoding="utf-8")
        except OSError:
            pass
