"""docxtpl, as the tool uses it: the template class, the pre-flight check of a template, the plain
render of a context to deterministic .docx bytes, and the steps it shares with the compiled render
(documents/render.py): cleaning the context, charts as pictures, fixed properties, fixed zip.

This module loads jinja2, python-docx and docxtpl: the output step imports it only when a document
really has to be rendered.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import meta
from lxml import etree

from thidua_reports.documents import chart_cache
from thidua_reports.documents.context import Chart
from thidua_reports.documents.templates import template_label
from thidua_reports.errors import TemplateError
from thidua_reports.fixed_zip import Stamp, fixed_zip

FIXED_TIME: Stamp = (1980, 1, 1, 0, 0, 0)

_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'"}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# Characters XML 1.0 cannot carry, plus \a and \f that docxtpl would turn into paragraphs/pages.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What docxtpl's resolve_listing turns into tabs, line breaks, paragraphs and page breaks.
_LISTING = re.compile(r"[\t\n\a\f]")
# docxtpl's cell-level tags, which change the number of cells in a row: column loops and merges.
_CELL_TAGS = re.compile(r"\{%-?\s*(?:tc|hm|vm)\b")
_XML_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as docxtpl's resolve_listing


def fix_quotes(xml: str) -> str:
    """Word's curly quotes inside {{ }} / {% %} tags become straight quotes."""
    return _TAG.sub(lambda m: "".join(_QUOTES.get(c, c) for c in m.group(0)), xml)


class WordTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl, with Word's curly quotes fixed inside tags and two post-passes skipped when idle.

    docxtpl re-parses every paragraph of the rendered XML for \\t \\n \\a \\f, and re-counts
    the grid of every table for column loops; on the 1 500-row table of the summary report those
    two passes took half the render. Only paragraphs holding such a character are resolved, and the
    grid is re-counted only when the template has cell-level tags.
    """

    cell_tags = False

    def patch_xml(self, src_xml: str) -> str:  # type: ignore[override]
        if _CELL_TAGS.search(_XML_TAG.sub("", src_xml)):
            self.cell_tags = True
        return fix_quotes(super().patch_xml(src_xml))

    def resolve_listing(self, xml: str) -> str:  # type: ignore[override]
        # docxtpl's own pass, applied only to the paragraphs that hold such a character
        positions = [m.start() for m in _LISTING.finditer(xml)]
        if not positions:
            return xml
        resolve = super().resolve_listing
        out, last, i = [], 0, 0
        for m in _PARAGRAPH.finditer(xml):
            start, end = m.span()
            while i < len(positions) and positions[i] < start:
                i += 1
            if i == len(positions):
                break
            if positions[i] < end:
                out += [xml[last:start], resolve(m.group(0))]
                last = end
        out.append(xml[last:])
        return "".join(out)

    def fix_tables(self, xml: str) -> Any:
        if self.cell_tags:
            return super().fix_tables(xml)
        return etree.fromstring(xml, parser=etree.XMLParser(recover=True))


def jinja_env() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def open_template(path: Path) -> WordTemplate:
    """The template, its package loaded; TemplateError when it is not a Word document."""
    try:
        tpl = WordTemplate(str(path))
        tpl.init_docx()
        return tpl
    except Exception as exc:  # not a zip, not a Word document
        raise TemplateError(
            f"Không mở được mẫu văn bản {template_label(path)}: tệp không phải tài liệu Word "
            f".docx hợp lệ ({exc.__class__.__name__}). Hãy lưu lại bằng Word dạng .docx hoặc xóa "
            "tệp để dùng mẫu có sẵn."
        ) from None


def _parts_xml(tpl: Any) -> list[str]:
    """The patched XML of the body, headers and footers, one paragraph per line."""
    doc = tpl.get_docx()
    parts = [tpl.xml_to_string(doc._element.body)]
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and not rel.is_external:
            parts.append(rel.target_part.blob.decode("utf-8"))
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(x)) for x in parts]


def _snippet(xml: str, lineno: int | None) -> str:
    lines = xml.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return text if len(text) <= 120 else text[:117] + "…"


def check_template(path: Path, keys: set[str]) -> None:
    """Parse a template and compare its variables with the context keys; TemplateError if wrong."""
    tpl = open_template(path)
    env = jinja_env()
    found: set[str] = set()
    for xml in _parts_xml(tpl):
        try:
            found |= meta.find_undeclared_variables(env.parse(xml))
        except jinja2.TemplateSyntaxError as exc:
            snippet = _snippet(xml, exc.lineno)
            raise TemplateError(
                f"Mẫu văn bản {template_label(path)} sai cú pháp ở đoạn «{snippet}» "
                f"(chi tiết: {exc.message}). Hãy kiểm tra các cặp {{{{ … }}}} và {{% … %}} (gõ liền một lần, "
                "đóng đủ ngoặc) rồi chạy lại; chưa có văn bản nào được ghi."
            ) from None
    unknown = sorted(found - keys)
    if unknown:
        names = ", ".join(f"«{n}»" for n in unknown)
        raise TemplateError(
            f"Mẫu văn bản {template_label(path)} dùng biến không có trong dữ liệu: {names}. "
            f"Các biến dùng được: {', '.join(sorted(keys))}. Chưa có văn bản nào được ghi."
        )


def clean(value: Any) -> Any:
    """User text made safe as data: NFC, no control characters (recursively)."""
    if isinstance(value, str):
        return _CONTROL.sub("", unicodedata.normalize("NFC", value))
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def with_images(tpl: Any, value: Any, chart_dir: Path | None = None) -> Any:
    """Charts of the context become pictures (drawn, or taken from `chart_dir` when drawn before)."""
    if isinstance(value, Chart):
        png = chart_cache.cached(chart_dir, value.kind, value.data, lambda: _draw(value))
        return InlineImage(tpl, io.BytesIO(png), width=Cm(value.width_cm))
    if isinstance(value, dict):
        return {k: with_images(tpl, v, chart_dir) for k, v in value.items()}
    if isinstance(value, list):
        return [with_images(tpl, v, chart_dir) for v in value]
    return value


def _draw(chart: Chart) -> bytes:
    from thidua_reports.documents import charts  # matplotlib: only when a chart must be drawn

    return charts.draw(chart.kind, chart.data)


def draw_ahead(cache_dir: Path, kind: str, data: tuple) -> None:
    """Draw a chart into `cache_dir` unless it is there, for the document that will read it (work
    done ahead by kept render workers: outputs.step.Output.ahead)."""
    chart_cache.cached(cache_dir, kind, data, lambda: _draw(Chart(kind, data, 0.0)))


def render_error(template: Path, exc: jinja2.TemplateError) -> TemplateError:
    """The message for a template that fails while a context is rendered into it."""
    return TemplateError(
        f"Không tạo được văn bản từ mẫu {template_label(template)}: {exc.message or exc}. "
        "Hãy kiểm tra tên biến và thuộc tính trong các thẻ {{ … }}."
    )


def render_plain(template: Path, context: dict[str, Any], *, author: str, title: str, when: date,
                 chart_dir: Path | None = None) -> bytes:
    """One template rendered with `context` (autoescaped, strict) by docxtpl, start to end:
    byte-deterministic .docx bytes.

    The reference for documents/render.py, which gives the same bytes faster when one template
    serves many documents. `chart_dir`: a folder where drawn charts are kept by their data, so an
    unchanged chart is not drawn again.
    """
    tpl = open_template(template)
    ctx = with_images(tpl, clean(context), chart_dir)
    try:
        tpl.render(ctx, jinja_env=jinja_env(), autoescape=True)
    except jinja2.TemplateError as exc:
        raise render_error(template, exc) from None
    set_properties(tpl.docx, author=author, title=title, when=when)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return fixed_docx(buffer.getvalue())


def set_properties(doc: Any, *, author: str, title: str, when: date | None = None) -> None:
    """Core properties fixed from the campaign (no clock time, no machine user name)."""
    moment = datetime.combine(when or date(2000, 1, 1), datetime.min.time())
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = title
    props.created = moment
    props.modified = moment
    props.revision = 1
    props.comments = ""


def docx_bytes(doc: Any, *, author: str, title: str, when: date | None = None) -> bytes:
    """A python-docx Document as .docx bytes with fixed properties and a deterministic zip."""
    set_properties(doc, author=author, title=title, when=when)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_docx(buffer.getvalue())


def fixed_docx(data: bytes) -> bytes:
    """A .docx zip rewritten with fixed timestamps and attributes, members in their given order."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return fixed_zip(((info.filename, src.read(info)) for info in src.infolist()), FIXED_TIME)
