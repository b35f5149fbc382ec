"""No page carries a signature alone: in every built-in template and every document made from one,
the paragraph before the signature goes to the signature's page whole, and the signature's row never
splits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests.doc_factories import campaign_result, settings
from thidua_reports.documents.templates import BUILTIN_DIR
from thidua_reports.documents.templates.build import BUILDERS
from thidua_reports.outputs.write import render_documents

SIGNERS = ("{{ signer_name }}", "{{ sign_name }}", "{{ chair_name }}",
           "(Ký, ghi rõ họ tên)")  # a unit's minutes: names left for the unit to write
TAG_ONLY = re.compile(r"\s*\{%p .*%\}\s*")  # a docxtpl paragraph tag: gone from the document
NO_SIGNATURE = {"phieu_bieu_quyet.docx"}  # a ballot is not signed
# the last paragraph before the signature, as the template writes it
LAST_BEFORE = {
    "quyet_dinh.docx": "Điều 3. {{ article3 }}",
    "to_trinh.docx": "{{ closing }}",
    "tom_tat_tap_the.docx": "{{ line }}",  # the earlier awards, after their heading
    "tom_tat_ca_nhan.docx": "{{ line }}",
    "bao_cao_tong_ket.docx": "{{ closing }}",
    "thong_bao_cong_khai.docx": "{{ comments }}",
    "bien_ban_hoi_dong.docx": "{{ closing }}",
    "don_vi_to_trinh.docx": "{{ closing }}",  # each unit's own drafts (SPEC §12.1)
    "don_vi_bien_ban.docx": "{{ closing }}",
    "don_vi_bao_cao_tap_the.docx": "{{ closing }}",
    "don_vi_bao_cao_ca_nhan.docx": "{{ closing }}",
}


def _signature_tables(doc) -> list[Table]:  # noqa: ANN001
    return [t for t in doc.tables
            if any(s in c.text for s in SIGNERS for row in t.rows for c in row.cells)]


def _before(table: Table, doc, skip_tags: bool) -> list[Paragraph]:  # noqa: ANN001
    """The paragraphs before `table` back to the first that stays in the document."""
    found = []
    element = table._tbl.getprevious()
    while element is not None and element.tag == qn("w:p"):
        p = Paragraph(element, doc._body)
        found.append(p)
        if not (skip_tags and TAG_ONLY.fullmatch(p.text)):
            break
        element = element.getprevious()
    return found


def _assert_kept(table: Table, last: Paragraph) -> None:
    fmt = last.paragraph_format
    assert (fmt.keep_with_next, fmt.keep_together) == (True, True), last.text
    for row in table.rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        for cell in row.cells:
            assert all(p.paragraph_format.keep_together for p in cell.paragraphs if p.text
                       and not TAG_ONLY.fullmatch(p.text)), cell.text


def test_every_builder_is_covered() -> None:
    assert set(BUILDERS) == set(LAST_BEFORE) | NO_SIGNATURE


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_template_keeps_the_last_paragraph_with_the_signature(name: str) -> None:
    doc = Document(str(BUILTIN_DIR / name))
    tables = _signature_tables(doc)
    if name in NO_SIGNATURE:
        assert tables == []
        return
    [table] = tables
    paragraphs = _before(table, doc, skip_tags=True)
    assert paragraphs[-1].text == LAST_BEFORE[name]
    for p in paragraphs:  # the tag paragraphs in between too (a user's copy may keep them)
        assert p.paragraph_format.keep_with_next, (name, p.text)
    _assert_kept(table, paragraphs[-1])


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("keep")
    render_documents(campaign_result(), settings(), None, target)
    render_documents(campaign_result(council=True), settings(), None, target / "voted")
    return target


@pytest.mark.parametrize("rel", ["quyet_dinh.docx", "to_trinh.docx", "tom_tat/pnv.docx",
                                 "tom_tat/pnv_01_nguyen-thi-hoa.docx", "bao_cao_tong_ket.docx",
                                 "voted/thong_bao_cong_khai.docx", "voted/bien_ban_hoi_dong.docx"])
def test_document_keeps_the_last_paragraph_with_the_signature(out: Path, rel: str) -> None:
    doc = Document(str(out / rel))
    [table] = _signature_tables_rendered(doc)
    [last] = _before(table, doc, skip_tags=False)
    assert last.text.strip()
    _assert_kept(table, last)


def _signature_tables_rendered(doc) -> list[Table]:  # noqa: ANN001
    """Layout tables after the header: the ones with a bold name at the bottom of a cell."""
    return [t for t in doc.tables[1:] if t.style is None or t.style.name != "Table Grid"]
