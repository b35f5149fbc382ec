"""The print pack in_an.docx: the Quyết định with its list, then every tóm tắt, each on a new page."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from thidua_reports.documents.composer import PackComposer
from thidua_reports.documents.docx_template import docx_bytes


def compose(parts: list[Path], *, author: str, when: date) -> bytes:
    """`parts` appended after the first one, each from a new page, as deterministic .docx bytes.

    The document docxcompose gives (documents/composer.py skips only work that changes nothing).
    """
    master = Document(str(parts[0]))
    composer = PackComposer(master)
    for part in parts[1:]:
        section_break(master)
        composer.append_part(part)
    composer.finish()
    return docx_bytes(master, author=author, title="in_an", when=when)


def section_break(master: DocumentObject) -> None:
    """End the current section on a new-page break; the next part starts its own numbering.

    A copy of the document's final section properties is put in a new paragraph, so each appended
    document keeps ND 30 page numbering (none on its first page, counted from 1).
    """
    body = master.element.body
    final = body.find(qn("w:sectPr"))
    sect = deepcopy(final)
    kind = sect.find(qn("w:type"))
    if kind is None:
        kind = OxmlElement("w:type")
        sect.insert(0, kind)
    kind.set(qn("w:val"), "nextPage")
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(sect)
    p.append(ppr)
    final.addprevious(p)
    num = final.find(qn("w:pgNumType"))
    if num is None:
        num = OxmlElement("w:pgNumType")
        final.find(qn("w:pgMar")).addnext(num)
    num.set(qn("w:start"), "1")
