"""Regenerate the built-in .docx templates: `python -m thidua_reports.documents.templates.build`."""

from __future__ import annotations

import sys
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.text import WD_COLOR_INDEX

from thidua_reports.documents.docx_template import docx_bytes
from thidua_reports.documents.templates import council, unit_drafts
from thidua_reports.documents.templates.blocks import (
    SIGN_LEFT,
    SIGN_RIGHT,
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
    new_section,
    page_numbers,
    paragraph,
    rule,
    signature_table,
    signer_cell,
    style,
    table_row,
    tag,
    title_block,
)

HERE = Path(__file__).resolve().parent
HEADING: ParaStyle = {"bold": True, "keep_next": True}
CENTRE: ParaStyle = {"align": "center", "indent": None, "after": 0, "line": 1.0}
DECISION_BODY = 13
# A tóm tắt fits one page: single-spaced 13 pt text (ND 30: 13–14) with 6 pt between paragraphs
# (the least ND 30 allows), 11 pt tables (the size of the Nơi nhận list) without cell padding (as
# Word's own tables), the title 6 pt under the header, the signature at 13 pt right under the text.
SUMMARY: ParaStyle = {"line": 1.0, "size": 13}
SUMMARY_TABLE, SUMMARY_PAD = 11, 0


def award_list(doc: DocumentObject) -> None:
    """Appendix list (Mẫu 2.1): title, reference line, I. TẬP THỂ / II. CÁ NHÂN table, total."""
    paragraph(doc, "DANH SÁCH", **style(CENTRE, bold=True))
    paragraph(doc, "{{ appendix_title }}", **style(CENTRE, bold=True))
    paragraph(doc, "{{ appendix_subtitle }}", **style(CENTRE, bold=True))
    # 13 pt (ND 30: 13–14) keeps "(Kèm theo … của …)" on one or two full lines
    paragraph(doc, "{{ appendix_ref }}", **style(CENTRE, italic=True, size=13))
    rule(doc, 5.0, TEXT_WIDTH)
    paragraph(doc, "", size=6, indent=None, after=0)
    award_table(doc)
    paragraph(doc, "Bằng chữ: {{ total_words }}./.", italic=True, before=6)


def award_table(doc: DocumentObject) -> None:
    """STT | name | amount, with bold I. TẬP THỂ / II. CÁ NHÂN rows and the total."""
    widths = [1.3, 11.2, 3.8]
    table = grid_table(doc, widths)
    left3 = ["center", "left", "right"]
    table_row(table, ["STT", "Tên tập thể, cá nhân (họ và tên, chức vụ, đơn vị)", "Số tiền (đồng)"],
              bold=True, header=True)
    table_row(table, ["I. TẬP THỂ"], bold=True, merge=True, aligns=["left"])
    table_row(table, ["{%tr for item in collectives %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ item.stt }}", "{{ item.name }}", "{{ item.amount }}"], aligns=left3)
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])
    table_row(table, ["II. CÁ NHÂN"], bold=True, merge=True, aligns=["left"])
    table_row(table, ["{%tr for item in individuals %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ item.stt }}", [("{{ item.name }}", {"bold": True}), "{{ item.detail }}"],
                      "{{ item.amount }}"], aligns=left3)
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])
    table_row(table, ["", "Tổng cộng", "{{ total_money }}"], bold=True, aligns=left3)


def decision() -> DocumentObject:
    doc = new_document()
    page_numbers(doc.sections[0])
    header_table(doc)
    title_block(doc, "QUYẾT ĐỊNH")
    # Căn cứ and Điều at 13 pt, single-spaced, 6 pt after (ND 30: 13–14 pt, single to 1.5 lines,
    # at least 6 pt) keep a usual decision and its signature on page 1.
    paragraph(doc, "{{ authority }}", **style(CENTRE, bold=True, before=6, after=6))
    italic_lines(doc, "bases", line=1.0, size=DECISION_BODY)
    paragraph(doc, "QUYẾT ĐỊNH:", **style(CENTRE, bold=True, after=6))
    for n in (1, 2, 3):  # the last article goes with the signature, never the signature alone
        paragraph(doc, [(f"Điều {n}. ", {"bold": True}), f"{{{{ article{n} }}}}"],
                  **style(WITH_SIGNATURE if n == 3 else {}, line=1.0, size=DECISION_BODY))
    signature_table(doc, before=6)
    new_section(doc)
    award_list(doc)
    return doc


def proposal() -> DocumentObject:
    doc = new_document()
    page_numbers(doc.sections[0])
    header_table(doc)
    title_block(doc, "TỜ TRÌNH")
    paragraph(doc, "Kính gửi: {{ addressee }}", **style(CENTRE, before=6, after=12))
    italic_lines(doc, "bases")
    paragraph(doc, "{{ intro }}")
    paragraph(doc, "I. KẾT QUẢ PHONG TRÀO THI ĐUA", **HEADING)
    loop(doc, "participation")
    paragraph(doc, "II. KẾT QUẢ THẨM ĐỊNH", **HEADING)
    paragraph(doc, "{{ appraisal_collective }}")
    loop(doc, "collective_criteria")
    paragraph(doc, "{{ appraisal_individual }}")
    loop(doc, "individual_criteria")
    loop(doc, "dossier")  # 3. Về hồ sơ đề nghị khen thưởng (SPEC §12.2); nothing when not judged
    paragraph(doc, "III. ĐỀ NGHỊ KHEN THƯỞNG", **HEADING)
    paragraph(doc, "{{ proposal }}")
    paragraph(doc, "{{ money_line }}")
    tag(doc, "{%p if ties %}")
    paragraph(doc, "{{ ties_intro }}")
    loop(doc, "ties")
    tag(doc, "{%p endif %}")
    paragraph(doc, "{{ closing }}", **WITH_SIGNATURE)
    signature_table(doc)
    tag(doc, "{%p if has_list %}")  # no attached list (and no blank page) when nobody is proposed
    new_section(doc)
    award_list(doc)
    tag(doc, "{%p endif %}")
    return doc


def criteria_table(doc: DocumentObject) -> None:
    table = grid_table(doc, [1.2, 7.5, 5.7, 2.1])
    table_row(table, ["STT", "Tiêu chí", "Kết quả", "Đánh giá"], bold=True, header=True,
              size=SUMMARY_TABLE, pad=SUMMARY_PAD)
    table_row(table, ["{%tr for row in criteria %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ row.stt }}", "{{ row.name }}", "{{ row.detail }}", "{{ row.result }}"],
              aligns=["center", "left", "left", "center"], size=SUMMARY_TABLE, pad=SUMMARY_PAD)
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])


def achievements(doc: DocumentObject) -> None:
    """Each section's title runs into its first paragraph ("1. Title: text"), saving a line."""
    tag(doc, "{%p for section in achievement_sections %}")
    tag(doc, "{%p for text in section.paragraphs %}")
    paragraph(doc, [("{% if loop.first and section.title %}{{ section.title }}: {% endif %}",
                     {"bold": True}), "{{ text }}"], **SUMMARY)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def earlier_awards(doc: DocumentObject, number: str) -> None:
    """The recipient's awards of earlier years from the history, one line each, or "Chưa có."."""
    paragraph(doc, f"{number}. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ NHẬN", **style(HEADING, SUMMARY))
    loop(doc, "earlier_awards", **style(SUMMARY, WITH_SIGNATURE))  # the last part goes with the signature


def summary_header(doc: DocumentObject) -> None:
    page_numbers(doc.sections[0])
    header_table(doc, number_and_date=False)
    title_block(doc, "BẢN TÓM TẮT THÀNH TÍCH", before=6)
    paragraph(doc, "{{ subject }}", **style(CENTRE, bold=True, after=6))
    paragraph(doc, "I. THÔNG TIN CHUNG", **style(HEADING, SUMMARY))
    loop(doc, "identity", **SUMMARY)
    paragraph(doc, "II. KẾT QUẢ THEO TIÊU CHÍ THI ĐUA", **style(HEADING, SUMMARY))
    criteria_table(doc)


def summary_collective() -> DocumentObject:
    doc = new_document()
    summary_header(doc)
    paragraph(doc, "III. CHỈ SỐ THÀNH PHẦN ĐƯỢC GIAO", **style(HEADING, SUMMARY, before=4))
    tag(doc, "{%p if components %}")
    # the index set in a column of its own: "PAR INDEX" never breaks over two lines
    table = grid_table(doc, [6.5, 2.6, 2.3, 2.3, 2.8])
    table_row(table, ["Chỉ số thành phần", "Bộ chỉ số", "{{ prior_label }}", "{{ current_label }}",
                      "Tăng/giảm"], bold=True, header=True, size=SUMMARY_TABLE, pad=SUMMARY_PAD)
    table_row(table, ["{%tr for row in components %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ row.name }}", "{{ row.index_set }}", "{{ row.prior }}", "{{ row.current }}",
                      "{{ row.change }}"], aligns=["left", "center", "center", "center", "center"],
              size=SUMMARY_TABLE, pad=SUMMARY_PAD)
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])
    tag(doc, "{%p else %}")
    paragraph(doc, "Đơn vị không được giao chỉ số thành phần.", **SUMMARY)
    tag(doc, "{%p endif %}")
    paragraph(doc, "IV. THÀNH TÍCH ĐẠT ĐƯỢC", **style(HEADING, SUMMARY, before=4))
    achievements(doc)
    earlier_awards(doc, "V")
    one_signer(doc, "{{ sign_title }}", "{{ sign_note }}", "{{ sign_name }}")
    return doc


def one_signer(doc: DocumentObject, title: str, note: str, name: str, left: bool = False) -> None:
    """Signer(s) of a tóm tắt in one unsplittable row; two signers get equal halves and their
    cells are bottom-aligned, so the names stay level even when one title wraps."""
    table = layout_table(doc, [TEXT_WIDTH / 2] * 2 if left else [SIGN_LEFT, SIGN_RIGHT])
    targets = [(1, title, note, name)]
    if left:
        targets.insert(0, (0, "{{ confirm_title }}", "{{ confirm_note }}", "{{ confirm_name }}"))
    for col, t, n, who in targets:
        signer_cell(table.cell(0, col), t, n, who, title_before=0, size=13)
    keep_row_whole(table)


def summary_individual() -> DocumentObject:
    doc = new_document()
    summary_header(doc)
    paragraph(doc, "III. THÀNH TÍCH ĐẠT ĐƯỢC", **style(HEADING, SUMMARY, before=4))
    achievements(doc)
    earlier_awards(doc, "IV")
    one_signer(doc, "{{ sign_title }}", "{{ sign_note }}", "{{ sign_name }}", left=True)
    return doc


def report() -> DocumentObject:
    doc = new_document()
    page_numbers(doc.sections[0])
    header_table(doc)
    title_block(doc, "BÁO CÁO")
    paragraph(doc, "{{ intro }}", before=6)
    paragraph(doc, "I. TÌNH HÌNH THAM GIA", **HEADING)
    loop(doc, "participation")
    paragraph(doc, "II. KẾT QUẢ THEO TIÊU CHÍ THI ĐUA", **HEADING)
    table = grid_table(doc, [1.4, 8.9, 2.0, 2.1, 2.1])
    table_row(table, ["STT", "Tiêu chí", "Số xét", "Đạt", "Không đạt"], bold=True, header=True)
    table_row(table, ["{%tr for row in criteria_rows %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ row.stt }}", "{{ row.name }}", "{{ row.total }}", "{{ row.passed }}",
                      "{{ row.failed }}"], aligns=["center", "left", "center", "center", "center"])
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])
    paragraph(doc, "III. CHỈ SỐ THÀNH PHẦN SO VỚI NĂM TRƯỚC", **style(HEADING, before=6))
    paragraph(doc, "{{ component_summary }}")
    tag(doc, "{%p if component_rows %}")
    # 11 pt (as the tóm tắt's tables): unit names on two lines at most, "PAR INDEX" on one
    table = grid_table(doc, [3.7, 2.6, 4.5, 1.8, 1.8, 2.1])
    table_row(table, ["Đơn vị", "Bộ chỉ số", "Chỉ số thành phần", "{{ prior_label }}",
                      "{{ current_label }}", "Tăng/giảm"], bold=True, size=11, header=True)
    table_row(table, ["{%tr for row in component_rows %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ row.unit }}", "{{ row.index_set }}", "{{ row.name }}", "{{ row.prior }}",
                      "{{ row.current }}", "{{ row.change }}"],
              aligns=["left", "center", "left", "center", "center", "center"], size=11)
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if chart_index %}")
    paragraph(doc, "{{ chart_index }}", **style(CENTRE, before=12))
    tag(doc, "{%p endif %}")
    paragraph(doc, "IV. XẾP LOẠI CẢI CÁCH HÀNH CHÍNH", **style(HEADING, before=6))
    loop(doc, "classification_lines")
    tag(doc, "{%p if chart_classification %}")
    paragraph(doc, "{{ chart_classification }}", **style(CENTRE, before=12))
    tag(doc, "{%p endif %}")
    paragraph(doc, "V. KẾT QUẢ KHEN THƯỞNG", **style(HEADING, before=6))
    paragraph(doc, "{{ award_line }}")
    tag(doc, "{%p if has_list %}")
    award_table(doc)
    tag(doc, "{%p endif %}")
    report_year_end(doc)
    paragraph(doc, "{{ closing }}", **style(WITH_SIGNATURE, before=6))
    signature_table(doc)
    return doc


def office_texts(doc: DocumentObject, var: str) -> None:
    """The office's paragraphs of `var`; a placeholder (text still to write) is highlighted yellow."""
    tag(doc, f"{{%p for item in {var} %}}")
    tag(doc, "{%p if item.placeholder %}")
    marked = paragraph(doc, "{{ item.text }}")
    for run in marked.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    tag(doc, "{%p else %}")
    paragraph(doc, "{{ item.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def report_year_end(doc: DocumentObject) -> None:
    """Results over the years (when the history has them), Đánh giá chung, Phương hướng năm sau."""
    tag(doc, "{%p if has_trend %}")
    paragraph(doc, "{{ trend_heading }}", **style(HEADING, before=6))
    paragraph(doc, "{{ trend_intro }}", keep_next=True)
    table = grid_table(doc, [1.4, 1.8, 1.8, 2.0, 2.0, 1.9, 2.8, 2.8])
    table_row(table, ["Năm", "Số đơn vị", "Hồ sơ hợp lệ", "Tập thể đủ điều kiện",
                      "Cá nhân đủ điều kiện", "Số được khen", "Tiền thưởng (đồng)",
                      "Chỉ số tăng/ so sánh được"], bold=True, size=12, header=True, pad=2)
    table_row(table, ["{%tr for row in trend_rows %}"], merge=True, aligns=["left"])
    table_row(table, ["{{ row.year }}", "{{ row.units }}", "{{ row.accepted }}", "{{ row.collectives }}",
                      "{{ row.individuals }}", "{{ row.awards }}", "{{ row.money }}",
                      "{{ row.components }}"],
              aligns=["center"] * 6 + ["right", "center"], size=12, pad=2)
    table_row(table, ["{%tr endfor %}"], merge=True, aligns=["left"])
    tag(doc, "{%p if chart_trend %}")
    paragraph(doc, "{{ chart_trend }}", **style(CENTRE, before=12))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    paragraph(doc, "{{ assessment_heading }}", **style(HEADING, before=6))
    paragraph(doc, "1. Ưu điểm", **style(HEADING, italic=False))
    office_texts(doc, "strengths")
    paragraph(doc, "2. Hạn chế, tồn tại và nguyên nhân", **HEADING)
    office_texts(doc, "weaknesses")
    paragraph(doc, "{{ next_year_heading }}", **style(HEADING, before=6))
    office_texts(doc, "next_year")


BUILDERS = {
    "quyet_dinh.docx": decision,
    "to_trinh.docx": proposal,
    "tom_tat_tap_the.docx": summary_collective,
    "tom_tat_ca_nhan.docx": summary_individual,
    "bao_cao_tong_ket.docx": report,
    **council.BUILDERS,
    **unit_drafts.BUILDERS,
}


def build(target: Path = HERE) -> list[Path]:
    """Write every built-in template into `target` (deterministically zipped)."""
    written = []
    for name, builder in BUILDERS.items():
        path = target / name
        path.write_bytes(docx_bytes(builder(), author="", title=""))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
