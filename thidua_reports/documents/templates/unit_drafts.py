"""Templates of each unit's own drafts (SPEC §12.1): its Tờ trình (ND 30 Mẫu 1.4 with Kính gửi), its
council minutes as a form (Mẫu 1.9), the Báo cáo thành tích of the collective and of a nominee.
Built by `python -m thidua_reports.documents.templates.build`."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.table import Table

from thidua_reports.documents.templates.blocks import (
    TEXT_WIDTH,
    WITH_SIGNATURE,
    ParaStyle,
    grid_table,
    header_table,
    italic_lines,
    keep_row_whole,
    layout_table,
    loop,
    new_document,
    page_numbers,
    paragraph,
    signature_table,
    signer_cell,
    style,
    table_row,
    tag,
    title_block,
    two_signers,
)
from thidua_reports.documents.templates.council import minutes_body

HEADING: ParaStyle = {"bold": True, "keep_next": True, "before": 6}
CENTRE: ParaStyle = {"align": "center", "indent": None, "after": 0, "line": 1.0}
TABLE = 13
REPORT_TABLE = 12  # the reports' tables, as dense as the tóm tắt's
VOTE_CELLS = ["center", "left", "center", "center", "center", "center"]


def _for_rows(table: object, var: str, cells: list, aligns: list[str], size: float = TABLE,
              pad: float = 3) -> None:
    """A row repeated for each item of `var` (docxtpl {%tr %}), between its two tag rows."""
    table_row(table, [f"{{%tr for row in {var} %}}"], merge=True, aligns=["left"])  # type: ignore[arg-type]
    table_row(table, cells, aligns=aligns, size=size, pad=pad)  # type: ignore[arg-type]
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])  # type: ignore[arg-type]


def _opening(doc: DocumentObject, type_name: str) -> None:
    page_numbers(doc.sections[0])
    header_table(doc)
    title_block(doc, type_name)


def proposal() -> DocumentObject:
    """The unit's Tờ trình: Kính gửi, Căn cứ, its results, the proposal (collective, then nominees in
    Thứ tự đề nghị order, one line each), Nơi nhận and the head's signature."""
    doc = new_document()
    _opening(doc, "TỜ TRÌNH")
    paragraph(doc, "Kính gửi: {{ addressee }}", **style(CENTRE, before=6, after=12))
    italic_lines(doc, "bases")
    paragraph(doc, "{{ intro }}")
    paragraph(doc, "{{ proposal }}")
    tag(doc, "{%p for group in groups %}")
    paragraph(doc, "{{ group.heading }}", bold=True, keep_next=True)
    tag(doc, "{%p for item in group.entries %}")
    paragraph(doc, ["- ", ("{{ item.name }}", {"bold": True}), "{{ item.detail }}"])
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    paragraph(doc, "{{ attachments }}", italic=True)
    paragraph(doc, "{{ closing }}", **WITH_SIGNATURE)
    signature_table(doc)
    return doc


def _vote_table(doc: DocumentObject, var: str, head: str, person: bool) -> None:
    table = grid_table(doc, [1.4, 6.3, 1.9, 2.2, 2.2, 2.5])
    table_row(table, ["STT", head, "Đồng ý", "Không đồng ý", "Tỷ lệ đồng ý", "Kết quả"], bold=True,
              header=True, size=TABLE)
    name = [("{{ row.name }}", {"bold": True}), ", {{ row.position }}"] if person else "{{ row.name }}"
    _for_rows(table, var, ["{{ row.stt }}", name, "", "", "", ""], VOTE_CELLS)


def minutes() -> DocumentObject:
    """The unit's council minutes as a form (Mẫu 1.9): dotted time, place and members; its results
    in figures; the nominees with empty vote columns; conclusion; THƯ KÝ and CHỦ TỊCH HỘI ĐỒNG."""
    doc = new_document()
    _opening(doc, "BIÊN BẢN")
    minutes_body(doc, _vote_table, "Họ và tên, chức vụ",
                 "{% if collective_votes %}b{% else %}a{% endif %}) Cá nhân:", {})
    two_signers(doc, ("THƯ KÝ", "(Ký, ghi rõ họ tên)", ""), ("CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", ""))
    return doc


def _report_opening(doc: DocumentObject) -> None:
    _opening(doc, "BÁO CÁO THÀNH TÍCH")
    paragraph(doc, "{{ subject }}", **style(CENTRE, bold=True, after=6))


def _criteria_table(doc: DocumentObject) -> None:
    table = grid_table(doc, [1.2, 7.5, 5.7, 2.1])
    table_row(table, ["STT", "Tiêu chí", "Kết quả", "Đánh giá"], bold=True, header=True,
              size=REPORT_TABLE, pad=2)
    _for_rows(table, "criteria", ["{{ row.stt }}", "{{ row.name }}", "{{ row.detail }}", "{{ row.result }}"],
              ["center", "left", "left", "center"], REPORT_TABLE, 2)


def _keep_with_next(table: Table) -> None:
    """Every paragraph of the table keeps with the next one: the last table of a report stays on
    the page of its closing line and signatures (never signatures alone on a page)."""
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _earlier(doc: DocumentObject) -> None:
    """III. Danh hiệu thi đua and Hình thức khen thưởng: Năm | name | Số, ngày của quyết định."""
    paragraph(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", **HEADING)
    for heading, var, head in (("1. Danh hiệu thi đua:", "titles", "Danh hiệu thi đua"),
                               ("2. Hình thức khen thưởng:", "awards", "Hình thức khen thưởng")):
        paragraph(doc, heading, bold=True, keep_next=True, before=6 if var == "awards" else 0)
        table = grid_table(doc, [2.0, 6.0, 8.5])
        table_row(table, ["Năm", head, "Số, ngày của quyết định; cơ quan ban hành"], bold=True,
                  header=True, size=REPORT_TABLE, pad=2)
        _for_rows(table, var, ["{{ row.year }}", "{{ row.name }}", "{{ row.decision }}"],
                  ["center", "left", "left"], REPORT_TABLE, 2)
    _keep_with_next(table)
    paragraph(doc, "{{ closing }}", **style(WITH_SIGNATURE, before=6))


def report_collective() -> DocumentObject:
    """Báo cáo thành tích of the collective (Mẫu 01/ND 91 headings)."""
    doc = new_document()
    _report_opening(doc)
    paragraph(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", **HEADING)
    paragraph(doc, "1. Đặc điểm, tình hình:", bold=True, keep_next=True)
    loop(doc, "profile")
    paragraph(doc, "2. Chức năng, nhiệm vụ:", bold=True, keep_next=True)
    loop(doc, "duties")
    paragraph(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", **HEADING)
    paragraph(doc, "{{ criteria_intro }}", bold=True, keep_next=True)
    _criteria_table(doc)
    paragraph(doc, "{{ components_intro }}", **HEADING)
    tag(doc, "{%p if components %}")
    table = grid_table(doc, [8.4, 2.3, 2.3, 3.5])
    table_row(table, ["Chỉ số thành phần (bộ chỉ số)", "{{ prior_label }}", "{{ current_label }}",
                      "Tăng/giảm"], bold=True, header=True, size=REPORT_TABLE, pad=2)
    _for_rows(table, "components", ["{{ row.name }} ({{ row.index_set }})", "{{ row.prior }}",
                                    "{{ row.current }}", "{{ row.change }}"],
              ["left", "center", "center", "center"], REPORT_TABLE, 2)
    tag(doc, "{%p else %}")
    paragraph(doc, "Đơn vị không được giao chỉ số thành phần.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for section in achievement_sections %}")
    paragraph(doc, "{{ section.title }}", **HEADING)
    tag(doc, "{%p for text in section.paragraphs %}")
    paragraph(doc, "{{ text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    _earlier(doc)
    two_signers(doc, ("XÁC NHẬN CỦA CẤP TRÌNH\nKHEN THƯỞNG", "(Ký, đóng dấu)", ""),
                 ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)", "{{ sign_name }}"))
    return doc


def report_individual() -> DocumentObject:
    """Báo cáo thành tích of a nominee (Mẫu 02/ND 91 headings)."""
    doc = new_document()
    _report_opening(doc)
    paragraph(doc, "I. SƠ LƯỢC LÝ LỊCH", **HEADING)
    loop(doc, "profile")
    paragraph(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", **HEADING)
    paragraph(doc, "1. Quyền hạn, nhiệm vụ được giao:", bold=True, keep_next=True)
    loop(doc, "duties")
    paragraph(doc, "{{ criteria_intro }}", bold=True, keep_next=True)
    _criteria_table(doc)
    paragraph(doc, "", size=6, indent=None, after=0)
    loop(doc, "achievements")
    _earlier(doc)
    two_signers(doc, ("THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)", "{{ head_name }}"),
                 ("NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ tên)", "{{ sign_name }}"))
    table = layout_table(doc, [TEXT_WIDTH])
    signer_cell(table.cell(0, 0), "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)", "",
                title_before=12)
    keep_row_whole(table)
    return doc


BUILDERS = {
    "don_vi_to_trinh.docx": proposal,
    "don_vi_bien_ban.docx": minutes,
    "don_vi_bao_cao_tap_the.docx": report_collective,
    "don_vi_bao_cao_ca_nhan.docx": report_individual,
}
