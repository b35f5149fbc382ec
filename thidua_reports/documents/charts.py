"""Charts of the summary report as deterministic PNG bytes (matplotlib, Agg backend).

Importing this module loads matplotlib (about 0.3 s): the renderer imports it only for a context
that holds a chart.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.4, 150
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "thidua"})


def cached(cache_dir: Path | None, name: str, data: object, draw: Callable[[], bytes]) -> bytes:
    """The chart drawn from `data`, from `cache_dir` when the same data was drawn before.

    A re-run whose figures did not change then never imports matplotlib.
    """
    if cache_dir is None:
        return draw()
    key = hashlib.sha256(repr((name, data, WIDTH_IN, HEIGHT_IN, DPI)).encode()).hexdigest()[:32]
    path = cache_dir / f"{name}-{key}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    png = draw()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    except OSError:
        pass
    return png


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    # metadata None drops the "Software" text chunk that carries the matplotlib version.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def classification_chart(counts: list[tuple[str, int]]) -> bytes:
    """Bar chart: number of units per CCHC classification band."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    names = [n for n, _ in counts]
    values = [v for _, v in counts]
    bars = ax.bar(names, values, color="#2f5d8a", width=0.6)
    ax.bar_label(bars, labels=[str(v) for v in values], padding=2)
    ax.set_ylabel("Số đơn vị")
    ax.set_title("Xếp loại cải cách hành chính của các đơn vị")
    ax.set_ylim(0, max(values + [1]) * 1.25)
    ax.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def index_change_chart(rows: list[tuple[str, int, int, int]]) -> bytes:
    """Stacked horizontal bars per index set: components up (green), unchanged (grey), down (red).

    Counts rather than one bar per component, so the chart stays readable for a province of
    thousands of units and costs the same at any size.
    """
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.2, 0.45 * len(rows) + 1.3)))
    labels = [r[0] for r in rows][::-1]
    up = [r[1] for r in rows][::-1]
    down = [r[2] for r in rows][::-1]
    same = [r[3] for r in rows][::-1]
    left_same = up
    left_down = [a + b for a, b in zip(up, same, strict=True)]
    for values, left, color, name in ((up, [0] * len(up), "#2e7d32", "Tăng"),
                                      (same, left_same, "#9e9e9e", "Không đổi"),
                                      (down, left_down, "#c62828", "Giảm")):
        bars = ax.barh(labels, values, left=left, color=color, height=0.6, label=name)
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", color="white")
    ax.set_xlabel("Số chỉ số thành phần (đơn vị × chỉ số)")
    ax.set_title("Chỉ số thành phần tăng, giảm so với năm trước")
    ax.legend(loc="lower right", frameon=False, ncols=3, bbox_to_anchor=(1, 1.08))
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def draw(kind: str, data: Any) -> bytes:
    """The chart `kind` ("chi_so" or "xep_loai") drawn from its data."""
    if kind == "chi_so":
        return index_change_chart(data)
    if kind == "xep_loai":
        return classification_chart(data)
    raise ValueError(f"unknown chart {kind!r}")
