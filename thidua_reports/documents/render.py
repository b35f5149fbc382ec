"""Rendering a context into a .docx template (the renderer the output step names)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from thidua_reports.documents.docx_template import render_plain


def render(template: Path, context: dict[str, Any], *, author: str, title: str, when: date,
           chart_dir: Path | None = None) -> bytes:
    """One template rendered with `context` (autoescaped, strict): byte-deterministic .docx bytes."""
    return render_plain(template, context, author=author, title=title, when=when,
                        chart_dir=chart_dir)
