"""Templates of the council's papers (SPEC §10): Thông báo công khai (ND 30 Mẫu 1.4), Phiếu biểu
quyết, Biên bản họp Hội đồng (Mẫu 1.9). Built by `python -m thidua_reports.documents.templates.build`."""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from thidua_reports.documents.templates.blocks import (
    WITH_SIGNATURE,
    ParaStyle,
    grid_table,
    header_table,
    loop,
    new_document,
    page_numbers,
    paragraph,
    signature_table,
    table_row,
    tag,
    title_block,
    two_signers,
)

HEADING: ParaStyle = {"bold": True, "keep_next": True, "before": 6}
PLAIN: ParaStyle = {"indent": None}  # dotted lines and list items start at the margin
CELLS = ["center", "left", "center", "center", "center", "center"]
SIZE, BALLOT = 13, 12  # table text; the ballot's tables are denser


def _for_rows(table: object, var: str, cells: list, aligns: list[str], size: float = SIZE,
              pad: float = 3) -> None:
    """A row repeated for each item of `var` (docxtpl {%tr %}), between its two tag rows."""
    table_row(table, [f"{{%tr for row in {var} %}}"], merge=True, aligns=["left"])  # type: ignore[arg-type]
    table_row(table, cells, aligns=aligns, size=size, pad=pad)  # type: ignore[arg-type]
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])  # type: ignore[arg-type]


def _room_to_mark(table: object) -> None:
    """The data row (between the two tag rows) at least 0,7 cm high: room for a hand-drawn X."""
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), "397")
    height.set(qn("w:hRule"), "atLeast")
    table.rows[-2]._tr.get_or_add_trPr().append(height)  # type: ignore[attr-defined]


def _list_part(doc: DocumentObject, heading: str, var: str, empty: str) -> None:
    """"I. TẬP THỂ" and what follows it when the list is empty; the caller adds the table."""
    paragraph(doc, heading, **HEADING)
    tag(doc, f"{{%p if not {var} %}}")
    paragraph(doc, empty)
    tag(doc, "{%p endif %}")


def notice() -> DocumentObject:
    """Thông báo công khai: the proposed list, how long it is posted, where comments go."""
    doc = new_document()
    page_numbers(doc.sections[0])
    header_table(doc)
    title_block(doc, "THÔNG BÁO")
    paragraph(doc, "{{ intro }}", before=6)
    _list_part(doc, "I. TẬP THỂ", "collectives", "Không có tập thể được đề nghị.")
    tag(doc, "{%p if collectives %}")
    table = grid_table(doc, [1.4, 15.1])
    table_row(table, ["STT", "Tên tập thể"], bold=True, header=True, size=SIZE)
    _for_rows(table, "collectives", ["{{ row.stt }}", "{{ row.name }}"], ["center", "left"])
    tag(doc, "{%p endif %}")
    _list_part(doc, "II. CÁ NHÂN", "individuals", "Không có cá nhân được đề nghị.")
    tag(doc, "{%p if individuals %}")
    table = grid_table(doc, [1.4, 4.9, 4.5, 5.7])
    table_row(table, ["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác"], bold=True, header=True,
              size=SIZE)
    _for_rows(table, "individuals", ["{{ row.stt }}", "{{ row.name }}", "{{ row.position }}",
                                     "{{ row.unit }}"], ["center", "left", "left", "left"])
    tag(doc, "{%p endif %}")
    paragraph(doc, "{{ publication }}", before=6)
    paragraph(doc, "{{ comments }}", **WITH_SIGNATURE)
    signature_table(doc)
    return doc


def ballot() -> DocumentObject:
    """One A4 ballot: the list put to the vote with an empty Đồng ý / Không đồng ý box each.

    Tables at 12 pt with 0,7 cm rows keep about 20 candidates on one page."""
    doc = new_document()
    page_numbers(doc.sections[0])  # a long list runs over: pages 2… are numbered
    header_table(doc, number_and_date=False)
    title_block(doc, "PHIẾU BIỂU QUYẾT")
    paragraph(doc, "{{ instruction }}", before=6)
    widths = [1.3, 10.2, 2.0, 3.0]
    heads = ["Đồng ý", "Không đồng ý"]
    aligns = ["center", "left", "center", "center"]
    _list_part(doc, "I. TẬP THỂ", "collectives", "Không có tập thể được đề nghị.")
    tag(doc, "{%p if collectives %}")
    table = grid_table(doc, widths)
    table_row(table, ["STT", "Tên tập thể", *heads], bold=True, header=True, size=BALLOT, pad=2)
    _for_rows(table, "collectives", ["{{ row.stt }}", "{{ row.name }}", "", ""], aligns, BALLOT, 2)
    _room_to_mark(table)
    tag(doc, "{%p endif %}")
    _list_part(doc, "II. CÁ NHÂN", "individuals", "Không có cá nhân được đề nghị.")
    tag(doc, "{%p if individuals %}")
    table = grid_table(doc, widths)
    table_row(table, ["STT", "Họ và tên, chức vụ, đơn vị công tác", *heads], bold=True,
              header=True, size=BALLOT, pad=2)
    _for_rows(table, "individuals", [
        "{{ row.stt }}", [("{{ row.name }}", {"bold": True}), ", {{ row.position }}, {{ row.unit }}"],
        "", ""], aligns, BALLOT, 2)
    _room_to_mark(table)
    tag(doc, "{%p endif %}")
    paragraph(doc, "{{ note }}", italic=True, before=6, size=13)
    return doc


def _vote_table(doc: DocumentObject, var: str, head: str, person: bool) -> None:
    table = grid_table(doc, [1.4, 6.3, 1.9, 2.2, 2.2, 2.5])
    table_row(table, ["STT", head, "Đồng ý", "Không đồng ý", "Tỷ lệ đồng ý", "Kết quả"], bold=True,
              header=True, size=SIZE)
    name = ([("{{ row.name }}", {"bold": True}), ", {{ row.position }}, {{ row.unit }}"]
            if person else "{{ row.name }}")
    _for_rows(table, var, ["{{ row.stt }}", name, "{{ row.agree }}", "{{ row.disagree }}",
                           "{{ row.share }}", "{{ row.result }}"], CELLS)


VoteTable = Callable[[DocumentObject, str, str, bool], None]


def minutes_body(doc: DocumentObject, vote_table: VoteTable, people_head: str, people_label: str,
                 discussion: ParaStyle) -> None:
    """Mẫu 1.9 from the time line to the closing, both for the district council's minutes and for a
    unit's minutes form: `vote_table(doc, var, head, person)` draws a vote table."""
    paragraph(doc, "{{ start_line }}", before=6)
    paragraph(doc, "{{ place_line }}")
    paragraph(doc, "{{ attendance }}")
    loop(doc, "present", after=3)
    paragraph(doc, "{{ absent }}", before=3)
    paragraph(doc, "{{ chair }}")
    paragraph(doc, "{{ secretary }}")
    paragraph(doc, "Nội dung:", **HEADING)
    paragraph(doc, "{{ report_intro }}")
    loop(doc, "report")
    paragraph(doc, "2. Ý kiến thảo luận của các thành viên Hội đồng:", keep_next=True)
    loop(doc, "discussion", **discussion)
    paragraph(doc, "{{ vote_intro }}", keep_next=True)
    tag(doc, "{%p if collective_votes %}")
    paragraph(doc, "a) Tập thể:", keep_next=True)
    vote_table(doc, "collective_votes", "Tên tập thể", False)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if individual_votes %}")
    paragraph(doc, people_label, before=6, keep_next=True)
    vote_table(doc, "individual_votes", people_head, True)
    tag(doc, "{%p endif %}")
    paragraph(doc, "{{ conclusion }}", before=6)
    paragraph(doc, "{{ closing }}", **WITH_SIGNATURE)


def minutes() -> DocumentObject:
    """Biên bản họp Hội đồng (Mẫu 1.9): time, place, who, the report, the vote, the conclusion."""
    doc = new_document()
    page_numbers(doc.sections[0])
    header_table(doc)
    title_block(doc, "BIÊN BẢN")
    minutes_body(doc, _vote_table, "Họ và tên, chức vụ, đơn vị công tác", "b) Cá nhân:", PLAIN)
    two_signers(doc, ("THƯ KÝ", "(Ký, ghi rõ họ tên)", "{{ secretary_name }}"),
                ("CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", "{{ chair_name }}"))
    return doc


BUILDERS = {
    "thong_bao_cong_khai.docx": notice,
    "phieu_bieu_quyet.docx": ballot,
    "bien_ban_hoi_dong.docx": minutes,
}
