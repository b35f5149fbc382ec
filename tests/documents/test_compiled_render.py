"""The compiled render gives exactly the bytes of docxtpl's plain render (docx_template.render_plain),
for every built-in template, hostile text, charts, errors; and compiles a template again when it
changes."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.doc_factories import campaign_result, settings
from thidua_reports.documents import render as compiled_render
from thidua_reports.documents.catalog import build_contexts
from thidua_reports.documents.context import Chart
from thidua_reports.documents.docx_template import render_plain
from thidua_reports.documents.templates import BUILTIN_DIR
from thidua_reports.documents.unit_drafts import unit_draft_jobs
from thidua_reports.errors import TemplateError

WHEN = date(2021, 12, 10)
HOSTILE = [
    "dòng một\ndòng hai\r\nba",
    "cột\tcột\t",
    "a < b & c > d \"quoted\" 'single' ]]> <w:p/> {{ not_a_tag }} {% if %}",
    "chuông\x07 trang\x0c hết\x00 điều khiển\x1b\x7f",
    "Nguyễn Văn A\u0301 \u201ccong\u201d \u2018đơn\u2019 \u201etrích\u201d",
    "  khoảng trắng đầu và cuối  ",
]


@pytest.fixture(scope="module")
def jobs() -> list[tuple[str, str, dict[str, Any]]]:
    result, config = campaign_result(), settings()
    drafts = [(template, rel, context) for template, rel, context, _author in unit_draft_jobs(result, config)]
    return build_contexts(result, config) + drafts


@pytest.fixture(scope="module")
def chart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Charts drawn once for the whole module (both paths read the same PNG bytes)."""
    return tmp_path_factory.mktemp("charts")


def _both(template: Path, context: dict[str, Any], chart_dir: Path | None = None,
          title: str = "t") -> tuple[bytes, bytes]:
    kwargs: dict[str, Any] = {"author": "Phòng Nội vụ", "title": title, "when": WHEN,
                              "chart_dir": chart_dir}
    return (compiled_render.render(template, context, **kwargs),
            render_plain(template, context, **kwargs))


def _appended(value: Any, text: str) -> Any:
    """Every string of the context with `text` appended (charts and other values kept)."""
    if isinstance(value, str):
        return value + text
    if isinstance(value, dict):
        return {k: _appended(v, text) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_appended(v, text) for v in value)
    return value


def _first_per_template(jobs: list[tuple[str, str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    first: dict[str, dict[str, Any]] = {}
    for template, _rel, context in jobs:
        first.setdefault(template, context)
    return first


def test_every_builtin_document_has_the_plain_bytes(jobs: list[tuple[str, str, dict[str, Any]]],
                                                    chart_dir: Path) -> None:
    for template, rel, context in jobs:
        fast, plain = _both(BUILTIN_DIR / template, context, chart_dir, Path(rel).stem)
        assert fast == plain, rel
    assert {t for t, _r, _c in jobs} == {p.name for p in BUILTIN_DIR.glob("*.docx")}


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_has_the_plain_bytes(jobs: list[tuple[str, str, dict[str, Any]]],
                                          chart_dir: Path, text: str) -> None:
    for template, context in _first_per_template(jobs).items():
        fast, plain = _both(BUILTIN_DIR / template, _appended(context, text), chart_dir)
        assert fast == plain, (template, text)


def test_charts_added_and_removed_leave_the_template_as_it_was(
        jobs: list[tuple[str, str, dict[str, Any]]], chart_dir: Path) -> None:
    report = _first_per_template(jobs)["bao_cao_tong_ket.docx"]
    charts = [k for k, v in report.items() if isinstance(v, Chart)]
    assert len(charts) == 2
    first, second = charts
    variants = {
        "swapped": {**report, first: report[second], second: report[first]},
        "one chart twice": {**report, second: report[first]},
        "no chart": {**report, first: "", second: ""},
        "original again": report,
    }
    for label, context in variants.items():
        fast, plain = _both(BUILTIN_DIR / "bao_cao_tong_ket.docx", context, chart_dir)
        assert fast == plain, label
    with zipfile.ZipFile(io.BytesIO(fast)) as archive:
        assert sum(n.startswith("word/media/") for n in archive.namelist()) == 2


def _error(fn: Any, template: Path, context: dict[str, Any]) -> str:
    with pytest.raises(TemplateError) as caught:
        fn(template, context, author="a", title="t", when=WHEN)
    return str(caught.value)


def _edited(source: Path, out: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(old.encode(), new.encode(), 1)
            dst.writestr(info, data)
    return out


def test_errors_are_the_plain_errors(jobs: list[tuple[str, str, dict[str, Any]]],
                                     tmp_path: Path) -> None:
    source = BUILTIN_DIR / "tom_tat_ca_nhan.docx"
    context = _first_per_template(jobs)["tom_tat_ca_nhan.docx"]
    missing = dict(context)
    missing.pop(next(iter(missing)))
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    cases = [(source, missing),
             (_edited(source, tmp_path / "syntax.docx", "}}", ")}}"), context),
             (_edited(source, tmp_path / "attribute.docx", "}}", ".no_such.x }}"), context),
             (junk, context)]
    for template, ctx in cases:
        assert _error(compiled_render.render, template, ctx) == _error(render_plain, template, ctx)
    # a failed render leaves the compiled template whole
    fast, plain = _both(source, context)
    assert fast == plain


def test_compiled_again_when_the_file_changes(jobs: list[tuple[str, str, dict[str, Any]]],
                                              tmp_path: Path) -> None:
    context = _first_per_template(jobs)["tom_tat_tap_the.docx"]
    path = _edited(BUILTIN_DIR / "tom_tat_tap_the.docx", tmp_path / "mau.docx", "", "")
    first = compiled_render.compiled(path)
    assert compiled_render.compiled(path) is first  # unchanged: the same compiled template
    before = compiled_render.render(path, context, author="a", title="t", when=WHEN)

    # the same name rewritten with another title, its modification time kept
    stat = path.stat()
    _edited(BUILTIN_DIR / "tom_tat_tap_the.docx", tmp_path / "new.docx", "TÓM TẮT THÀNH TÍCH", "TÓM TẮT THÀNH TÍCH SỬA")
    os.replace(tmp_path / "new.docx", path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert compiled_render.compiled(path) is not first
    after, plain = _both(path, context)
    assert after == plain != before
    with zipfile.ZipFile(io.BytesIO(after)) as archive:
        assert "THÀNH TÍCH SỬA" in archive.read("word/document.xml").decode()
