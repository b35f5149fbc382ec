"""Drawn charts kept in a folder by their data, so a re-run whose figures did not change reads the
PNG back and never imports matplotlib (charts.py, about 0.3 s)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.4, 150  # the figure charts.py draws; part of the key


def chart_path(cache_dir: Path, name: str, data: object) -> Path:
    """Where the chart drawn from `data` is kept."""
    key = hashlib.sha256(repr((name, data, WIDTH_IN, HEIGHT_IN, DPI)).encode()).hexdigest()[:32]
    return cache_dir / f"{name}-{key}.png"


def cached(cache_dir: Path | None, name: str, data: object, draw: Callable[[], bytes]) -> bytes:
    """The chart drawn from `data`, from `cache_dir` when the same data was drawn before."""
    if cache_dir is None:
        return draw()
    path = chart_path(cache_dir, name, data)
    try:
        return path.read_bytes()
    except OSError:
        pass
    png = draw()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        tmp.write_bytes(png)
        os.replace(tmp, path)  # another process may be reading it: whole or not there
    except OSError:
        pass
    return png
