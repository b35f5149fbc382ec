"""Content of the generated Word documents: file names, golden text, literal user text, determinism."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.doc_factories import NASTY, campaign_result, docx_text, settings
from thidua_reports.documents.catalog import CONTEXT_KEYS, build_contexts
from thidua_reports.outputs.write import render_documents

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EXPECTED_FILES = [
    "to_trinh.docx",
    "thong_bao_cong_khai.docx",
    "phieu_bieu_quyet.docx",
    "bien_ban_hoi_dong.docx",
    "quyet_dinh.docx",
    "tom_tat/pnv.docx",
    "tom_tat/tckh.docx",
    "tom_tat/pnv_01_nguyen-thi-hoa.docx",
    "tom_tat/tckh_02_tran-van-binh.docx",
    "tom_tat/xa-ph_03_le-thi-anh.docx",
    "bao_cao_tong_ket.docx",
    "in_an.docx",
]
GOLDEN_CASES = {
    "to_trinh": "to_trinh.docx",
    "quyet_dinh": "quyet_dinh.docx",
    "tom_tat_tap_the": "tom_tat/pnv.docx",
    "tom_tat_ca_nhan": "tom_tat/pnv_01_nguyen-thi-hoa.docx",
    "bao_cao_tong_ket": "bao_cao_tong_ket.docx",
    "thong_bao_cong_khai": "thong_bao_cong_khai.docx",
    "phieu_bieu_quyet": "phieu_bieu_quyet.docx",
    "bien_ban_hoi_dong_mau_trong": "bien_ban_hoi_dong.docx",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docs")
    render_documents(campaign_result(), settings(), None, target)
    return target


def test_files_written_with_spec_names(out: Path) -> None:
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert written == sorted(EXPECTED_FILES)


def test_render_documents_returns_paths_in_print_order(tmp_path: Path) -> None:
    paths = render_documents(campaign_result(), settings(), tmp_path, tmp_path / "o")
    assert [p.relative_to(tmp_path / "o").as_posix() for p in paths] == EXPECTED_FILES


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_text(out: Path, name: str) -> None:
    text = docx_text(out / GOLDEN_CASES[name])
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_context_keys_match_declared_keys() -> None:
    for template, _rel, context in build_contexts(campaign_result(), settings()):
        assert set(context) == CONTEXT_KEYS[template], template


def test_user_text_appears_literally(out: Path) -> None:
    collective = docx_text(out / "tom_tat/tckh.docx")
    person = docx_text(out / "tom_tat/pnv_01_nguyen-thi-hoa.docx")
    # a section title runs into its first paragraph
    assert f"1. Sáng kiến, mô hình, cách làm hay: {NASTY}" in collective.splitlines()
    assert "Tham mưu 15 văn bản." in person.splitlines()
    assert NASTY in person.splitlines()


@pytest.mark.parametrize("rel", EXPECTED_FILES)
def test_no_template_tags_left(out: Path, rel: str) -> None:
    text = docx_text(out / rel).replace(NASTY, "")
    for tag in ("{{", "}}", "{%", "%}", "{#"):
        assert tag not in text, (rel, tag)


def test_same_inputs_give_identical_bytes(out: Path, tmp_path: Path) -> None:
    render_documents(campaign_result(), settings(), None, tmp_path)
    for rel in EXPECTED_FILES:
        assert (tmp_path / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_print_pack_holds_decision_then_every_summary(out: Path) -> None:
    text = docx_text(out / "in_an.docx")
    starts = [text.index(marker) for marker in (
        "QUYẾT ĐỊNH:", "DANH SÁCH", "Tên tập thể: Phòng Nội vụ;",
        "Tên tập thể: Phòng Tài chính - Kế hoạch;", "Họ và tên: Nguyễn Thị Hoa.",
        "Họ và tên: Trần Văn Bình.", "Họ và tên: Lê Thị Ánh.")]
    assert starts == sorted(starts)
    assert "TỜ TRÌNH" not in text and "BÁO CÁO\n" not in text


def test_print_pack_starts_each_part_on_a_new_page(out: Path) -> None:
    from docx import Document

    doc = Document(str(out / "in_an.docx"))
    # QĐ body, its appendix, then one section per tóm tắt (5), each from a new page.
    assert len(doc.sections) == 7
    assert all(s.start_type == 2 for s in doc.sections[1:])  # WD_SECTION.NEW_PAGE


def test_ties_are_named_for_the_council(out: Path) -> None:
    lines = docx_text(out / "to_trinh.docx").splitlines()
    i = lines.index("Các trường hợp sau có kết quả xét chọn bằng nhau tại vị trí cuối cùng của số "
                    "lượng khen thưởng, đề nghị Hội đồng Thi đua - Khen thưởng xem xét, quyết định:")
    assert lines[i + 1: i + 3] == ["- Tập thể: Phòng Tài chính - Kế hoạch;", "- Tập thể: UBND xã Phước Hậu."]


def test_no_ties_paragraph_when_none() -> None:
    result = campaign_result()
    for u in result.units:
        u.tie_at_cutoff = False
    context = dict(build_contexts(result, settings())[0][2])
    assert context["ties"] == []


def test_decision_number_blank_for_the_clerk(tmp_path: Path) -> None:
    s = settings(decision_number="", date_blank=True)
    render_documents(campaign_result(), s, None, tmp_path)
    lines = docx_text(tmp_path / "quyet_dinh.docx").splitlines()
    assert "Số:      /QĐ-UBND | Ninh Phước, ngày      tháng 12 năm 2021" in lines
    assert ("(Kèm theo Quyết định số      /QĐ-UBND ngày      tháng 12 năm 2021 của Chủ tịch "
            "Ủy ban nhân dân huyện Ninh Phước)") in lines


def _context(template: str) -> dict:
    return next(c for t, _r, c in build_contexts(campaign_result(), settings()) if t == template)


def test_decision_article2_states_amounts_basis_total_and_funding() -> None:
    assert _context("quyet_dinh.docx")["article2"] == (
        "Kèm theo Giấy khen là tiền thưởng theo Nghị định số 91/2017/NĐ-CP: mỗi tập thể 900.000 "
        "đồng, mỗi cá nhân 450.000 đồng (hệ số 0,6 và 0,3 × mức lương cơ sở 1.490.000 đồng, làm "
        "tròn theo quy định); tổng cộng 3.150.000 đồng (Ba triệu một trăm năm mươi nghìn đồng), "
        "chi từ nguồn kinh phí khen thưởng hàng năm của huyện.")


def test_decision_article2_names_only_the_kinds_awarded() -> None:
    result = campaign_result()
    for p in result.individuals:
        p.selected = False
    context = next(c for t, _r, c in build_contexts(result, settings()) if t == "quyet_dinh.docx")
    assert "mỗi tập thể 900.000 đồng (hệ số 0,6 × mức lương cơ sở" in context["article2"]
    assert "cá nhân" not in context["article2"]


def test_proposal_money_line_shows_the_computation() -> None:
    assert _context("to_trinh.docx")["money_line"].endswith(
        "gồm 02 tập thể, mỗi tập thể 900.000 đồng (0,6 × 1.490.000 = 894.000 đồng, làm tròn lên "
        "900.000 đồng) và 03 cá nhân, mỗi cá nhân 450.000 đồng (0,3 × 1.490.000 = 447.000 đồng, "
        "làm tròn lên 450.000 đồng); mức lương cơ sở theo Nghị định số 38/2019/NĐ-CP của Chính phủ.")


def test_report_signed_for_the_committee() -> None:
    context = _context("bao_cao_tong_ket.docx")
    assert (context["signer_prefix"], context["signer_title"]) == (
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_report_of_a_department_keeps_its_own_signer() -> None:
    s = settings(name="Sở Nội vụ tỉnh Ninh Thuận", header_name="SỞ NỘI VỤ", signer_prefix="",
                 signer_title="GIÁM ĐỐC")
    context = next(c for t, _r, c in build_contexts(campaign_result(), s)
                   if t == "bao_cao_tong_ket.docx")
    assert (context["signer_prefix"], context["signer_title"]) == ("", "GIÁM ĐỐC")


def test_change_by_ratio_is_rounded_percentage_points() -> None:
    from decimal import Decimal

    from thidua_reports.documents.summaries import change_text
    from thidua_reports.models import ComponentComparison

    c = ComponentComparison(unit_code="XA", index_set="PAR INDEX", code="PAR-05", name="x",
                            prior=Decimal("5.85"), prior_max=Decimal("6.5"), current=Decimal("6.2"),
                            current_max=Decimal("7"), change=Decimal("6.2") / 7 - Decimal("0.9"),
                            direction="giảm", compared_by_ratio=True)
    assert change_text(c) == "giảm 1,43% (tỷ lệ điểm)"


def test_nobody_selected_gives_a_report_not_an_empty_decision(tmp_path: Path) -> None:
    result = campaign_result()
    for item in [*result.units, *result.individuals]:
        item.selected = item.proposed = False
        item.amount, item.ballot_number = 0, None  # nothing to put to the council either
    result.totals.collectives = result.totals.individuals = result.totals.total = 0
    result.totals.total_words = "Không đồng"
    paths = render_documents(result, settings(), None, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == ["bao_cao_tong_ket.docx", "to_trinh.docx"]
    assert not (tmp_path / "quyet_dinh.docx").exists() and not (tmp_path / "in_an.docx").exists()
    text = docx_text(tmp_path / "to_trinh.docx")
    assert ("Căn cứ kết quả thẩm định, không có tập thể, cá nhân nào đủ điều kiện để Phòng Nội vụ đề nghị "
            "tặng Giấy khen trong phong trào thi đua cải cách hành chính huyện Ninh Phước năm 2021.") in text
    assert "Kính báo cáo Chủ tịch Ủy ban nhân dân huyện xem xét, chỉ đạo./." in text
    assert "DANH SÁCH" not in text and "00 tập thể" not in text
    from docx import Document

    assert len(Document(str(tmp_path / "to_trinh.docx")).sections) == 1  # no blank appendix page
    report = docx_text(tmp_path / "bao_cao_tong_ket.docx")
    assert "Không có tập thể, cá nhân nào đủ điều kiện được tặng Giấy khen trong phong trào." in report
    assert "I. TẬP THỂ" not in report and "Tổng cộng" not in report
