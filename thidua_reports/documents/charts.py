"""Charts of the summary report as deterministic PNG bytes (matplotlib, Agg backend).

Importing this module loads matplotlib (about 0.3 s): the renderer imports it only to draw a chart
that chart_cache does not already hold.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

from thidua_reports.documents.chart_cache import DPI, HEIGHT_IN, WIDTH_IN

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

TREND_HEIGHT_IN = 2.6
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "thidua"})


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


def trend_chart(rows: list[tuple[int, int, int]]) -> bytes:
    """Line chart by year: the share of compared components that improved, (year, improved, compared)."""
    # lower than the bar charts: a few points need little height, and the report keeps its signature
    fig, ax = plt.subplots(figsize=(WIDTH_IN, TREND_HEIGHT_IN))
    years = [str(r[0]) for r in rows]
    shares = [100 * r[1] / r[2] for r in rows]
    ax.plot(years, shares, color="#2e7d32", marker="o", linewidth=2)
    for x, y, r in zip(years, shares, rows, strict=True):
        label = f"{y:.1f}".replace(".", ",") + f"% ({r[1]}/{r[2]})"
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 8), ha="center")
    ax.set_ylabel("Tỷ lệ chỉ số tăng điểm (%)")
    ax.set_title("Tỷ lệ chỉ số thành phần được giao tăng điểm so với năm trước")
    ax.set_ylim(0, 115)
    ax.margins(x=0.15)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def draw(kind: str, data: Any) -> bytes:
    """The chart `kind` ("chi_so", "xep_loai" or "xu_huong") drawn from its data."""
    if kind == "xu_huong":
        return trend_chart(data)
    if kind == "chi_so":
        return index_change_chart(data)
    if kind == "xep_loai":
        return classification_chart(data)
    raise ValueError(f"unknown chart {kind!r}")
