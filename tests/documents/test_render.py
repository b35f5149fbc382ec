"""The docxtpl subclass: its skipped post-passes change nothing, and run when they have work to do."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

from tests.doc_factories import campaign_result, settings
from thidua_reports.documents.catalog import build_contexts
from thidua_reports.documents.docx_template import clean, jinja_env, with_images
from thidua_reports.documents.render import render
from thidua_reports.documents.templates import BUILTIN_DIR

WHEN = date(2021, 12, 10)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _document_xml(path_or_bytes: Path | bytes) -> bytes:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with zipfile.ZipFile(source) as z:
        return z.read("word/document.xml")


def _plain_docxtpl(template: Path, context: dict[str, object]) -> bytes:
    """The same render through docxtpl itself, without our shortcuts."""
    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    tpl.render(with_images(tpl, clean(context)), jinja_env=jinja_env(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return _document_xml(buffer.getvalue())


def test_every_builtin_document_equals_plain_docxtpl(tmp_path: Path) -> None:
    jobs = build_contexts(campaign_result(), settings())
    rendered = set()
    for template, _rel, context in jobs:
        if template in rendered:
            continue
        rendered.add(template)
        out = render(BUILTIN_DIR / template, context, author="a", title="t", when=WHEN)
        assert _document_xml(out) == _plain_docxtpl(BUILTIN_DIR / template, context), template
    assert len(rendered) == 8


def _template(tmp_path: Path, paragraphs: list[str], cells: list[str] | None = None) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if cells:
        table = doc.add_table(rows=1, cols=len(cells))
        for cell, text in zip(table.rows[0].cells, cells, strict=True):
            cell.text = text
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def test_line_breaks_and_tabs_in_values_still_resolved(tmp_path: Path) -> None:
    path = _template(tmp_path, ["Trước", "{{ many }}", "Sau"])
    out = render(path, {"many": "Dòng một\nDòng hai\tcột"}, author="a", title="t", when=WHEN)
    xml = _document_xml(out).decode()
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    body = [p.text for p in Document(io.BytesIO(out)).paragraphs]
    assert body == ["Trước", "Dòng một\nDòng hai\tcột", "Sau"]
    assert xml.encode() == _plain_docxtpl(path, {"many": "Dòng một\nDòng hai\tcột"})


def test_column_loop_still_widens_the_table_grid(tmp_path: Path) -> None:
    path = _template(tmp_path, ["Bảng"], ["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"])
    out = render(path, {"cols": ["A", "B", "C", "D"]}, author="a", title="t", when=WHEN)
    table = Document(io.BytesIO(out)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["A", "B", "C", "D"]
    grid = table._tbl.find(f"{W}tblGrid")
    assert len(grid.findall(f"{W}gridCol")) == 4
