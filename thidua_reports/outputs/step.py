"""The output step: every output file of a run passes here to be reused from the previous run or
rendered, written into the staging folder, hashed and recorded for the manifest.

Renderers are pure: a renderer is named by "module:function" and called with its arguments to give
the file's bytes. Its module is imported here only when a file really has to be rendered, so a
re-run whose documents are all reused never loads the document libraries.

Many documents are rendered by a pool of worker processes, from PARALLEL_MIN_RENDERS files on.
bench/bench_documents.py on 2 cores, seconds to render N documents of the 500-unit workspace
(báo cáo, Tờ trình, Quyết định, then tóm tắt at about 2 ms each with compiled templates), serial
→ pool, median of 5 fresh processes:

    N                     40           83           100          160          200          640
    fresh `thidua run`    0.51 → 0.60  0.60 → 0.60  0.63 → 0.61  0.70 → 0.61  0.78 → 0.67  1.63 → 1.11
    inside `thidua watch` 0.32 → 0.43  0.41 → 0.43  0.42 → 0.42  0.53 → 0.45  0.62 → 0.51  1.49 → 0.93

The two break even at 85-100 documents; from 160 on the pool is clearly faster (about 10-15 %,
30-35 % at 640).

A long-lived process may give the step its kept workers (outputs/workers.py): then every file to
render goes to them as soon as it is known (but `local` ones), and settle()/finish() write them.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import subprocess
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thidua_reports.outputs.memo import OutputMemo, content_key
from thidua_reports.outputs.workers import RenderWorkers
from thidua_reports.workspace import pool_context, sha256_file

# Below this many files to render, the pool saves too little to be worth it (module docstring).
PARALLEL_MIN_RENDERS = 160
FOLDERS_IN_THREAD = 32  # from this many new folders on, they are made while the content keys are computed


@dataclass(frozen=True)
class Output:
    """One output file: where it goes, how it is rendered, and what its bytes depend on."""

    rel: str  # path under output/<year>, "/"-separated
    renderer: str  # "package.module:function" returning the file's bytes
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    key: tuple[Any, ...] | None = None  # everything the bytes depend on; None: always rendered
    content: str | None = None  # content_key(renderer, key) when already computed
    local: bool = False  # rendered in this process even with kept workers (its arguments cost more to send)
    # ("module:function", args, the file it writes): work kept workers do first, side by side, each
    # filling a cache the renderer reads (the report's charts); without them the renderer does it
    ahead: tuple[tuple[str, tuple[Any, ...], str], ...] = ()


def render(output: Output) -> bytes:
    module, _, function = output.renderer.partition(":")
    return getattr(importlib.import_module(module), function)(*output.args, **output.kwargs)


def call(function: str, *args: Any) -> Any:
    """`function` ("module:function") called with `args` (work done ahead in a worker)."""
    module, _, name = function.partition(":")
    return getattr(importlib.import_module(module), name)(*args)


AHEAD_WAIT = 10.0  # seconds a render waits for the work done ahead before doing it itself


def timed_render_when_ready(output: Output, ready: tuple[str, ...]) -> tuple[bytes, float]:
    """timed_render once the files `ready` exist (written by other workers, whole: they are renamed
    into place), or after AHEAD_WAIT seconds: the renderer does the work of a file still missing."""
    deadline = time.monotonic() + AHEAD_WAIT
    while not all(os.path.exists(path) for path in ready) and time.monotonic() < deadline:
        time.sleep(0.005)
    return timed_render(output)


def timed_render(output: Output) -> tuple[bytes, float]:
    """The bytes and the seconds they took (measured where the rendering happens)."""
    start = time.perf_counter()
    data = render(output)
    return data, time.perf_counter() - start


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 4)


def _render_all(outputs: Sequence[Output], parallel: bool) -> Iterator[tuple[bytes, float]]:
    """Bytes of each output in order, with their render time; in worker processes when there are
    enough outputs to pay off."""
    workers = _worker_count()
    if not parallel or workers < 2 or len(outputs) < PARALLEL_MIN_RENDERS:
        for output in outputs:
            yield timed_render(output)
        return
    context = pool_context(sorted({o.renderer.partition(":")[0] for o in outputs}))
    # outputs of one template stay together, so each worker compiles a template once
    chunk = max(1, len(outputs) // (workers * 4))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(timed_render, outputs, chunksize=chunk)


class OutputStep:
    """Writes outputs into `staged`; `prefix`: the part of `rel` that `staged` already stands for
    (thidua check stages only kiem_tra/)."""

    def __init__(self, staged: Path, memo: OutputMemo | None = None, prefix: str = "",
                 workers: RenderWorkers | None = None) -> None:
        self.staged = staged
        self.memo = memo
        self.prefix = prefix
        self.workers = workers  # kept render processes: files are rendered there while emit goes on
        self._inflight: list[tuple[Output, str | None, Future]] = []  # handed to the workers, not yet written
        self._side: list[Future] = []  # work done ahead for the renderers (charts)
        self.hashes: dict[str, str] = {}  # rel → sha256 of every file written or reused
        self.render_seconds: dict[str, float] = {}  # rel → time its renderer took
        self._folders: set[str] = set()  # folders of `staged` known to exist
        self._claimed: set[str] = set()  # folders of `staged` that outputs went into
        self._ahead: list[str] = []  # folders made ahead by prepare_folders
        self._maker: threading.Thread | subprocess.Popen[bytes] | None = None

    def _dest(self, rel: str) -> str:
        """The file's path in `staged` as a string (os.path is much cheaper than Path for thousands
        of files), its folder created."""
        dest = os.path.join(self.staged, rel.removeprefix(self.prefix))
        folder = os.path.dirname(dest)
        if folder not in self._folders:
            self._make_folders([folder])
        self._claimed.add(folder)
        return dest

    def folder(self, rel: str) -> Path:
        """The folder `rel` of `staged`, created, kept even when no output goes into it."""
        path = self.path(rel)
        path.mkdir(parents=True, exist_ok=True)
        self._claimed.add(str(path))
        return path

    def prepare_folders(self, rels: Iterable[str]) -> None:
        """Start creating the folders of the outputs `rels` (those of the previous run: hundreds of
        unit folders, slow to create on some disks) while the inputs are read and the decision is
        made; finish() removes the ones this run leaves empty.

        On POSIX systems one `mkdir -p` process makes them, on the other core: a thread of this
        process would get the interpreter lock back only every few milliseconds while the run
        computes, one folder at a time (measured: 0.32 s for 495 folders, against 0.07 s alone)."""
        staged = str(self.staged)
        folders: set[str] = set()
        for rel in rels:
            folder = os.path.dirname(os.path.join(staged, rel.removeprefix(self.prefix)))
            while folder != staged and folder not in folders and len(folder) > len(staged):
                folders.add(folder)  # and its parents, which finish() may have to remove as well
                folder = os.path.dirname(folder)
        self._ahead = sorted(folders)  # a parent sorts before its children
        if not self._ahead:
            return
        if os.name == "posix":
            try:
                self._maker = subprocess.Popen(["mkdir", "-p", "--", *self._ahead], stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return
            except OSError:
                pass
        self._maker = threading.Thread(target=self._make_folders, args=(self._ahead,),
                                       name="thidua-output-folders", daemon=True)
        self._maker.start()

    def _await_folders(self) -> None:
        """Wait for the folders made ahead; those made are known to exist from then on."""
        maker, self._maker = self._maker, None
        if maker is None:
            return
        if isinstance(maker, threading.Thread):
            maker.join()
        else:
            maker.wait()
            self._folders.update(f for f in self._ahead if os.path.isdir(f))

    def finish(self, failed: bool = False) -> None:
        """Write what the workers rendered (nothing after a failure: their work is dropped); wait for
        the folders made ahead and remove those that no output went into, children first (a folder
        still holding something stays)."""
        if failed:
            for _output, _key, future in self._inflight:
                future.cancel()
            self._inflight = []
        else:
            self.settle()
        for side in self._side:  # nothing of this run goes on after it
            if not side.cancel():
                side.exception()  # waits; a failure shows again where the renderer does the same work
        self._side = []
        self._await_folders()
        for folder in sorted(set(self._ahead) - self._claimed, key=lambda f: -f.count(os.sep)):
            try:
                os.rmdir(folder)
            except OSError:
                pass
        self._ahead = []

    def _make_folders(self, folders: Sequence[str]) -> None:
        for folder in folders:
            try:
                os.mkdir(folder)  # most often its parent exists already
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            except FileExistsError:
                pass
            self._folders.add(folder)

    def _folders_meanwhile(self, folders: set[str]) -> threading.Thread | None:
        """Start creating the outputs' folders in a thread when there are many (each unit's drafts
        have their own: hundreds of folders, slow to create on some disks), while the content keys
        are computed; None when there are few, made here at once."""
        missing = sorted(folders - self._folders)  # a parent sorts before its children
        if len(missing) < FOLDERS_IN_THREAD:
            self._make_folders(missing)
            return None
        thread = threading.Thread(target=self._make_folders, args=(missing,), name="thidua-output-folders")
        thread.start()
        return thread

    def path(self, rel: str) -> Path:
        return self.staged / rel.removeprefix(self.prefix)

    def emit(self, outputs: Sequence[Output], parallel: bool = False, paths: bool = True) -> list[Path]:
        """Reuse or render every output; returns their paths in the given order (none when `paths`
        is False: thousands of Path objects nobody reads)."""
        pending: list[tuple[Output, str | None]] = []
        self._await_folders()
        staged, prefix = str(self.staged), self.prefix
        dests = [os.path.join(staged, o.rel.removeprefix(prefix)) for o in outputs]
        folders = {os.path.dirname(dest) for dest in dests}
        maker = self._folders_meanwhile(folders)
        self._claimed |= folders
        keys = [(o.content or content_key(o.renderer, o.key)) if o.key is not None and self.memo is not None
                else None for o in outputs]
        if maker is not None:
            maker.join()
        for output, key, dest in zip(outputs, keys, dests, strict=True):
            if key is not None and self.memo is not None:
                sha = self.memo.reuse(output.rel, key, dest)
                if sha is not None:
                    self.hashes[output.rel] = sha
                    continue
            pending.append((output, key))
        if self.workers is not None:
            # the longest chains first (an output with work ahead: the report and its charts)
            pending.sort(key=lambda item: not item[0].ahead)
            for output, key in pending:
                if output.local:
                    self._store(output, key, *timed_render(output))
                elif output.ahead:  # first in the queue, then the render, which waits for their files
                    for function, args, _product in output.ahead:
                        self._side.append(self.workers.submit(call, function, *args))
                    ready = tuple(product for _function, _args, product in output.ahead)
                    self._inflight.append((output, key, self.workers.submit(timed_render_when_ready, output, ready)))
                else:
                    self._inflight.append((output, key, self.workers.submit(timed_render, output)))
        else:
            rendered = _render_all([o for o, _ in pending], parallel)
            for (output, key), (data, seconds) in zip(pending, rendered, strict=True):
                self._store(output, key, data, seconds)
        return [self.path(o.rel) for o in outputs] if paths else []

    def _store(self, output: Output, key: str | None, data: bytes, seconds: float) -> None:
        dest = self._dest(output.rel)
        with open(dest, "wb") as fh:
            fh.write(data)
        sha = hashlib.sha256(data).hexdigest()
        self.hashes[output.rel] = sha
        if key is not None and self.memo is not None:
            self.memo.record(output.rel, key, sha, dest)
        self.render_seconds[output.rel] = seconds

    def settle(self, rels: Collection[str] | None = None) -> None:
        """Write the files the workers rendered (only those of `rels`, when given), waiting for them;
        a file whose worker died is rendered here. A renderer's error is raised here."""
        waiting, self._inflight = self._inflight, []
        for n, (output, key, future) in enumerate(waiting):
            if rels is not None and output.rel not in rels:
                self._inflight.append((output, key, future))
                continue
            try:
                data, seconds = future.result()
            except BrokenProcessPool:
                data, seconds = timed_render(output)
            except BaseException:
                for _output, _key, other in waiting[n + 1:]:
                    other.cancel()
                raise
            self._store(output, key, data, seconds)

    def add(self, rel: str) -> Path:
        """Record a file a renderer wrote into the folder it was given (the PDF copies)."""
        path = self.path(rel)
        self.hashes[rel] = sha256_file(path)
        return path
