"""The print pack's composer gives exactly the bytes of plain docxcompose."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docxcompose.composer import Composer

from tests.doc_factories import campaign_result, settings
from thidua_reports.documents.docx_template import docx_bytes
from thidua_reports.documents.print_pack import compose, section_break
from thidua_reports.outputs.write import render_documents

WHEN = date(2021, 12, 10)


def _plain(parts: list[Path]) -> bytes:
    """The print pack as plain docxcompose builds it (every part opened by python-docx)."""
    master = Document(str(parts[0]))
    composer = Composer(master)
    for part in parts[1:]:
        section_break(master)
        composer.append(Document(str(part)))
    return docx_bytes(master, author="a", title="in_an", when=WHEN)


def _ours(parts: list[Path]) -> bytes:
    return compose(parts, author="a", when=WHEN)


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("docs")
    written = render_documents(campaign_result(), settings(), None, out)
    found = [p for p in written if p.name == "quyet_dinh.docx" or p.parent.name == "tom_tat"]
    assert len(found) >= 4
    return found


def test_print_pack_equals_plain_docxcompose(parts: list[Path]) -> None:
    for count in (1, 2, len(parts)):
        assert _ours(parts[:count]) == _plain(parts[:count]), count


def test_long_print_pack_equals_plain_docxcompose(parts: list[Path]) -> None:
    many = parts + parts[1:] * 4  # the same files appended again: bookmarks, ids renumbered
    assert _ours(many) == _plain(many)


def _png() -> bytes:
    """A 2 × 2 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _foreign_part(path: Path) -> Path:
    """A part not made from our templates, with what makes docxcompose do real work: a style of
    its own, style ids the master gives other styles, a numbered list, a bookmark, a picture."""
    doc = Document()
    doc.add_heading("Phần khác", level=1)
    doc.styles.add_style("Riêng Của Phần", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("kiểu riêng", style="Riêng Của Phần")
    quote = doc.add_paragraph("trích dẫn", style="Quote")
    doc.styles["Quote"].element.styleId = "Zitat"  # same name, another id (a German Word)
    quote.style = "Quote"
    swapped = doc.add_paragraph("ids swapped")  # an id the master has, for another style
    doc.styles["Heading 9"].element.styleId = "IntenseQuote"
    doc.styles["Intense Quote"].element.styleId = "Heading9"
    swapped.style = "Intense Quote"
    bullet = doc.add_paragraph("gạch đầu dòng", style="List Bullet")
    num_id = doc.styles["List Bullet"].element.xpath(".//w:numId/@w:val")[0]
    numbered = doc.add_paragraph("số thứ tự riêng")
    num_pr = numbered._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)
    bullet._p.insert(0, parse_xml(
        f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="dau"/>'))
    bullet._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>'))
    doc.add_picture(io.BytesIO(_png()))
    doc.add_table(rows=1, cols=2).style = "Light Grid Accent 1"
    doc.save(str(path))
    return path


def test_parts_with_other_styles_equal_plain_docxcompose(parts: list[Path], tmp_path: Path) -> None:
    foreign = _foreign_part(tmp_path / "khac.docx")
    mixed = [parts[0], foreign, parts[1], foreign, *parts[2:]]
    random.seed(7)  # docxcompose draws a random nsid for each numbering it copies
    ours = _ours(mixed)
    random.seed(7)
    plain = _plain(mixed)
    assert ours == plain
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        styles = archive.read("word/styles.xml").decode()
        document = archive.read("word/document.xml").decode()
    assert 'w:styleId="RiêngCủaPhần"' in styles and "Zitat" not in styles + document
    assert document.count('<w:pStyle w:val="IntenseQuote"/>') == 2
    assert document.count("<w:bookmarkStart") == 2 and 'w:id="1"' in document
    assert document.count("<wp:docPr") == 2
