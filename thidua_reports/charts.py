"""Charts of the summary report as deterministic PNG bytes (matplotlib, Agg backend, lazy import)."""

from __future__ import annotations

import io
from typing import Any

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.4, 150


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "thidua"})
    return plt


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    # metadata None drops the "Software" text chunk that carries the matplotlib version.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    _pyplot().close(fig)
    return buffer.getvalue()


def classification_chart(counts: list[tuple[str, int]]) -> bytes:
    """Bar chart: number of units per CCHC classification band."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN))
    names = [n for n, _ in counts]
    values = [v for _, v in counts]
    bars = ax.bar(names, values, color="#2f5d8a", width=0.6)
    ax.bar_label(bars, labels=[str(v) for v in values], padding=2)
    ax.set_ylabel("Số đơn vị")
    ax.set_title("Xếp loại cải cách hành chính của các đơn vị")
    ax.set_ylim(0, max(values + [1]) * 1.25)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def index_change_chart(rows: list[tuple[str, float]]) -> bytes:
    """Horizontal bars: change of each component score (points or share of max), up green/down red."""
    plt = _pyplot()
    height = max(HEIGHT_IN, 0.3 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    labels = [label for label, _ in rows][::-1]
    values = [value for _, value in rows][::-1]
    colors = ["#2e7d32" if v > 0 else "#c62828" if v < 0 else "#9e9e9e" for v in values]
    ax.barh(labels, values, color=colors, height=0.6)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("Thay đổi so với năm trước (điểm)")
    ax.set_title("Thay đổi điểm các chỉ số thành phần")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)
