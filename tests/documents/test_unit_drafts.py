"""Each unit's own drafts (SPEC §12.1): who gets a folder, file names, golden text for a phòng/ban and a
commune, header forms (drafts and tóm tắt), dotted placeholders, the feedback lines, the output cache."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from tests.doc_factories import campaign_result, docx_text, settings
from thidua_reports.documents.unit_drafts import (
    drafting_units,
    feedback_lines,
    unit_draft_jobs,
)
from thidua_reports.models import AwardRecord, CampaignResult
from thidua_reports.outputs.memo import OutputMemo
from thidua_reports.outputs.step import OutputStep
from thidua_reports.outputs.write import render_documents, unit_draft_outputs
from thidua_reports.workbooks.feedback import feedback_pages

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PNV, XA = "ho_so_don_vi/pnv", "ho_so_don_vi/xa-ph"
GOLDEN_CASES = {
    "don_vi_phong_to_trinh": f"{PNV}/to_trinh.docx",
    "don_vi_phong_bien_ban_hop": f"{PNV}/bien_ban_hop.docx",
    "don_vi_phong_bao_cao_tap_the": f"{PNV}/bao_cao_thanh_tich_tap_the.docx",
    "don_vi_phong_bao_cao_ca_nhan": f"{PNV}/bao_cao_thanh_tich_01_nguyen-thi-hoa.docx",
    "don_vi_xa_to_trinh": f"{XA}/to_trinh.docx",
    "don_vi_xa_bien_ban_hop": f"{XA}/bien_ban_hop.docx",
    "don_vi_xa_bao_cao_tap_the": f"{XA}/bao_cao_thanh_tich_tap_the.docx",
    "don_vi_xa_bao_cao_ca_nhan": f"{XA}/bao_cao_thanh_tich_01_le-thi-anh.docx",
}
DRAFTS = [
    f"{PNV}/to_trinh.docx", f"{PNV}/bien_ban_hop.docx", f"{PNV}/bao_cao_thanh_tich_tap_the.docx",
    f"{PNV}/bao_cao_thanh_tich_01_nguyen-thi-hoa.docx", f"{PNV}/bao_cao_thanh_tich_02_pham-van-cuong.docx",
    "ho_so_don_vi/tckh/to_trinh.docx", "ho_so_don_vi/tckh/bien_ban_hop.docx",
    "ho_so_don_vi/tckh/bao_cao_thanh_tich_tap_the.docx",
    "ho_so_don_vi/tckh/bao_cao_thanh_tich_01_tran-van-binh.docx",
    f"{XA}/to_trinh.docx", f"{XA}/bien_ban_hop.docx", f"{XA}/bao_cao_thanh_tich_tap_the.docx",
    f"{XA}/bao_cao_thanh_tich_01_le-thi-anh.docx",
    # accepted though late: its drafts are written all the same
    "ho_so_don_vi/tt-pd/to_trinh.docx", "ho_so_don_vi/tt-pd/bien_ban_hop.docx",
    "ho_so_don_vi/tt-pd/bao_cao_thanh_tich_tap_the.docx",
]


def write_drafts(result: CampaignResult, target: Path, memo: OutputMemo | None = None) -> OutputStep:
    step = OutputStep(target, memo)
    step.emit(unit_draft_outputs(result, settings(), None))
    return step


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("drafts")
    write_drafts(campaign_result(), target)
    return target


def header_cell(path: Path) -> list[tuple[str, bool]]:
    """(text, bold) of each line of the header's left cell, down to the rule."""
    cell = Document(str(path)).tables[0].cell(0, 0)
    return [(p.text, all(r.bold for r in p.runs)) for p in cell.paragraphs if p.text]


def test_folders_and_file_names(out: Path) -> None:
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert written == sorted(DRAFTS)  # no folder for the rejected XA-PS or the missing XA-AH


def test_only_units_that_request_or_nominate_get_drafts() -> None:
    result = campaign_result()
    units = {u.unit.code: u for u in result.units}
    units["TCKH"].requested = False  # asks nothing and nominates nobody: no folder
    result.individuals = [p for p in result.individuals if p.unit_code != "TCKH"]
    units["XA-PH"].requested = False  # nominates only: no collective report
    rels = [rel for _t, rel, _c, _a in unit_draft_jobs(result, settings())]
    assert not [r for r in rels if r.startswith("ho_so_don_vi/tckh/")]
    assert [r for r in rels if r.startswith(XA)] == [
        f"{XA}/to_trinh.docx", f"{XA}/bien_ban_hop.docx", f"{XA}/bao_cao_thanh_tich_01_le-thi-anh.docx"]
    assert [u.unit.code for u, _p in drafting_units(result)] == ["PNV", "XA-PH", "TT-PD"]


def test_nominees_numbered_in_thu_tu_de_nghi_order() -> None:
    result = campaign_result()
    pnv = [p for p in result.individuals if p.unit_code == "PNV"]
    pnv[0].nominee.priority, pnv[1].nominee.priority = 2, 1  # Phạm Văn Cường asked first
    rels = [rel for _t, rel, _c, _a in unit_draft_jobs(result, settings()) if rel.startswith(f"{PNV}/bao")]
    assert rels == [f"{PNV}/bao_cao_thanh_tich_tap_the.docx",
                    f"{PNV}/bao_cao_thanh_tich_01_pham-van-cuong.docx",
                    f"{PNV}/bao_cao_thanh_tich_02_nguyen-thi-hoa.docx"]


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_text(out: Path, name: str) -> None:
    text = docx_text(out / GOLDEN_CASES[name])
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", DRAFTS)
def test_header_form_of_the_author(out: Path, rel: str) -> None:
    lines = header_cell(out / rel)
    if rel.startswith(("ho_so_don_vi/xa-", "ho_so_don_vi/tt-")):  # a People's Committee: no chủ quản
        area = "XÃ PHƯỚC HẬU" if rel.startswith(XA) else "THỊ TRẤN PHƯỚC DÂN"
        assert lines == [(f"UBND {area}", True)]
    else:
        name = "PHÒNG NỘI VỤ" if rel.startswith(PNV) else "PHÒNG TÀI CHÍNH - KẾ HOẠCH"
        assert lines == [("UBND HUYỆN NINH PHƯỚC", False), (name, True)]


def test_summary_header_of_a_commune_has_no_parent_line(tmp_path: Path) -> None:
    render_documents(campaign_result(), settings(), None, tmp_path)
    assert header_cell(tmp_path / "tom_tat/xa-ph_03_le-thi-anh.docx") == [("UBND XÃ PHƯỚC HẬU", True)]
    assert header_cell(tmp_path / "tom_tat/pnv_01_nguyen-thi-hoa.docx") == [
        ("UBND HUYỆN NINH PHƯỚC", False), ("PHÒNG NỘI VỤ", True)]


def test_number_and_date_are_dotted_never_invented(out: Path) -> None:
    for folder, number, date_line in (
            (PNV, "Số: ……/TTr-……", "Ninh Phước, ngày …… tháng …… năm 2021"),
            (XA, "Số: ……/TTr-UBND", "Phước Hậu, ngày …… tháng …… năm 2021")):
        proposal = docx_text(out / f"{folder}/to_trinh.docx").splitlines()
        assert f"{number} | {date_line}" in proposal
        minutes = docx_text(out / f"{folder}/bien_ban_hop.docx").splitlines()
        assert f"Số: ……/BB-…… | {date_line}" in minutes
        assert "Thời gian bắt đầu: …… giờ …… phút, ngày …… tháng …… năm ……." in minutes
        report = docx_text(out / f"{folder}/bao_cao_thanh_tich_tap_the.docx").splitlines()
        assert f" | {date_line}" in report  # a report has no number
    # the office's and the issuer's numbers and dates never leak into a unit's papers
    for rel in DRAFTS:
        text = docx_text(out / rel)
        assert "05/QĐ" not in text and "10/12/2021" not in text and "03/12/2021" not in text, rel


def test_signers(out: Path) -> None:
    """A commune signs for the committee, whatever head title the registry holds; a phòng's head
    signs with the registry's title."""
    commune = docx_text(out / f"{XA}/to_trinh.docx")
    assert "Nơi nhận:\n- Như trên;\n- Lưu: VT. | TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n" in commune
    assert commune.rstrip().endswith("Trưởng XA-PH")
    office = docx_text(out / f"{PNV}/to_trinh.docx")
    assert "Nơi nhận:\n- Như trên;\n- Lưu: VT. | TRƯỞNG PHÒNG\n" in office
    assert office.rstrip().endswith("Trưởng PNV")


def test_feedback_names_the_drafts() -> None:
    result = campaign_result()
    lines = feedback_lines(result)
    assert sorted(lines) == ["PNV", "TCKH", "TT-PD", "XA-PH"]
    assert lines["XA-PH"] == [
        "Dự thảo hồ sơ đề nghị khen thưởng của đơn vị (đơn vị kiểm tra, điền các chỗ để trống “……”, "
        "ký và gửi lại):",
        "- ho_so_don_vi/xa-ph/to_trinh.docx: Tờ trình đề nghị khen thưởng",
        "- ho_so_don_vi/xa-ph/bien_ban_hop.docx: Biên bản họp Hội đồng Thi đua - Khen thưởng",
        "- ho_so_don_vi/xa-ph/bao_cao_thanh_tich_tap_the.docx: Báo cáo thành tích của tập thể",
        "- ho_so_don_vi/xa-ph/bao_cao_thanh_tich_01_le-thi-anh.docx: Báo cáo thành tích của Lê Thị Ánh",
    ]
    pages = {p.rel: p for p in feedback_pages(result.inputs, result.units, settings(), result.individuals,
                                              lines)}
    assert pages["kiem_tra/xa-ph.xlsx"].lines[-5:] == tuple(lines["XA-PH"])
    assert not [ln for ln in pages["kiem_tra/xa-ps.xlsx"].lines if "ho_so_don_vi" in ln]


def test_rerun_reuses_unchanged_drafts(tmp_path: Path) -> None:
    first = OutputMemo(tmp_path, tmp_path / "none")
    step = write_drafts(campaign_result(), tmp_path / "run1", first)
    first.save()
    assert len(step.render_seconds) == len(DRAFTS)
    # same data, but another ranking and selection: the units' drafts do not depend on them
    result = campaign_result(council=True)
    pnv = next(u for u in result.units if u.unit.code == "PNV")
    pnv.submission.achievements["sang_kien"] = "Một sáng kiến mới."  # type: ignore[union-attr]
    second = OutputMemo(tmp_path, tmp_path / "run1")
    step = write_drafts(result, tmp_path / "run2", second)
    assert sorted(step.render_seconds) == [f"{PNV}/bao_cao_thanh_tich_tap_the.docx"]
    assert second.reused == len(DRAFTS) - 1
    assert sorted(p.relative_to(tmp_path / "run2").as_posix() for p in (tmp_path / "run2").rglob("*.docx")) \
        == sorted(DRAFTS)
    assert "Một sáng kiến mới." in docx_text(tmp_path / "run2" / PNV / "bao_cao_thanh_tich_tap_the.docx")


def test_earlier_awards_from_the_history(tmp_path: Path) -> None:
    result = campaign_result()
    result.register = [
        AwardRecord(2021, True, "PNV", "Phòng Nội vụ", "Phòng Nội vụ", "", "5", date(2021, 12, 10),
                    "Giấy khen", 900000, "001/GK"),  # this year's: not an earlier award
        AwardRecord(2020, True, "PNV", "Phòng Nội vụ", "Phòng Nội vụ", "", "98", date(2020, 12, 8),
                    "Giấy khen", 900000, "001/GK"),
        AwardRecord(2020, False, "PNV", "Phòng Nội vụ", "Nguyen Thi Hoa", "Chuyên viên", "98",
                    date(2020, 12, 8), "Giấy khen", 450000, "005/GK"),
        AwardRecord(2019, False, "TCKH", "Phòng Tài chính - Kế hoạch", "Nguyễn Thị Hoa", "Chuyên viên",
                    "112", date(2019, 12, 10), "Giấy khen", 450000, "003/GK"),  # another unit's
    ]
    write_drafts(result, tmp_path)
    collective = docx_text(tmp_path / PNV / "bao_cao_thanh_tich_tap_the.docx").splitlines()
    person = docx_text(tmp_path / PNV / "bao_cao_thanh_tich_01_nguyen-thi-hoa.docx").splitlines()
    for lines in (collective, person):
        i = lines.index("Năm | Hình thức khen thưởng | Số, ngày của quyết định; cơ quan ban hành")
        assert lines[i + 1:i + 3] == ["2020 | Giấy khen | Quyết định số 98 ngày 08/12/2020", "……"]
    other = docx_text(tmp_path / PNV / "bao_cao_thanh_tich_02_pham-van-cuong.docx")
    assert "Quyết định số" not in other


def test_figures_from_the_workbook_when_the_unit_wrote_no_text(tmp_path: Path) -> None:
    result = campaign_result()
    town = next(u for u in result.units if u.unit.code == "TT-PD")
    town.submission.tasks_assigned, town.submission.tasks_done = 10, 9  # type: ignore[union-attr]
    town.submission.self_score, town.submission.violators = Decimal("70.5"), 2  # type: ignore[union-attr]
    write_drafts(result, tmp_path)
    proposal = docx_text(tmp_path / "ho_so_don_vi/tt-pd/to_trinh.docx").splitlines()
    assert ("- UBND thị trấn Phước Dân: Hoàn thành 9/10 nhiệm vụ cải cách hành chính được giao, điểm tự "
            "đánh giá cải cách hành chính 70,5 điểm.") in proposal
    minutes = docx_text(tmp_path / "ho_so_don_vi/tt-pd/bien_ban_hop.docx").splitlines()
    i = minutes.index("1. Thông qua kết quả thực hiện phong trào thi đua cải cách hành chính huyện Ninh "
                      "Phước năm 2021 của UBND thị trấn Phước Dân:")
    assert minutes[i + 1:i + 5] == [
        "- Hoàn thành 9/10 nhiệm vụ trong Kế hoạch cải cách hành chính được giao;",
        "- Điểm tự đánh giá cải cách hành chính: 70,5 điểm;",
        "- Số cán bộ, công chức, viên chức vi phạm kỷ luật, kỷ cương hành chính: 2/10 người;",
        "- Đề nghị xét tặng Giấy khen cho 01 tập thể (danh sách tại mục 3)."]
