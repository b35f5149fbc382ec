"""Criteria of SPEC §6.1–6.2: exact thresholds, Vietnamese details, late-file policies."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tests.factories import accepted, make_settings, nominee, submission, unit
from thidua_reports.decision.criteria import (
    classify,
    components_criterion,
    evaluate_individual,
    evaluate_unit,
)
from thidua_reports.models import (
    LEVEL_DONE,
    LEVEL_GOOD,
    LEVEL_NOT_DONE,
    ComponentComparison,
    IndividualResult,
    UnitResult,
)

SETTINGS = make_settings()


def _unit(reg_staffing=30, official=None, late=False, settings=SETTINGS, **sub):  # type: ignore[no-untyped-def]
    f = accepted(submission("PNV", **sub), late=late)
    ur = UnitResult(unit=unit("PNV", "Phòng Nội vụ", reg_staffing, official), submitted=True, accepted=True,
                    requested=True, input_file=f, submission=f.submission, late=late)
    problems = evaluate_unit(ur, settings, "danh_muc.xlsx")
    return ur, problems


def _comp(code, name, prior, current, pmax="10", cmax="10", direction=None):  # type: ignore[no-untyped-def]
    c = ComponentComparison("PNV", "PCI", code, name, Decimal(prior) if prior else None, Decimal(pmax),
                            Decimal(current), Decimal(cmax), direction=direction,
                            compared_by_ratio=pmax != cmax)
    return c


@pytest.mark.parametrize(("violators", "passed", "detail"), [
    (3, True, "3/30 = 10,0% ≤ 10%"),
    (4, False, "4/30 = 13,3% > 10%"),
    (0, True, "0/30 = 0,0% ≤ 10%"),
])
def test_discipline_exact(violators: int, passed: bool, detail: str) -> None:
    ur, _ = _unit(violators=violators)
    assert (ur.criteria["ky_luat"].passed, ur.criteria["ky_luat"].detail) == (passed, detail)
    assert ur.violation_ratio == Fraction(violators, 30)


def test_staffing_missing_in_registry_uses_unit_with_warning() -> None:
    ur, problems = _unit(reg_staffing=None, violators=3, staffing=20)
    assert ur.criteria["ky_luat"].detail == "3/20 = 15,0% > 10%"
    assert [p.message for p in problems] == [
        "Đơn vị PNV: danh mục chưa có Số biên chế; tạm dùng số đơn vị tự khai (20) để tính tỷ lệ vi phạm."]


def test_tasks_and_classification() -> None:
    ur, _ = _unit(tasks=(12, 12), score="86.5")
    assert ur.criteria["nhiem_vu"].detail == "Hoàn thành 12/12 nhiệm vụ (100%)"
    assert ur.criteria["xep_loai"].detail == "Điểm 86,5 → xếp loại Tốt"
    assert ur.eligible
    ur, _ = _unit(tasks=(12, 11), score="80")
    assert ur.criteria["nhiem_vu"].detail == "Hoàn thành 11/12 nhiệm vụ (91,7%) < 100%"
    assert not ur.criteria["nhiem_vu"].passed and ur.criteria["xep_loai"].passed  # 80 is exactly Tốt
    ur, _ = _unit(score="79.99")
    assert ur.criteria["xep_loai"].detail == "Điểm 79,99 → xếp loại Khá, chưa đạt Tốt"
    relaxed = make_settings(criteria={"cchc_required": "Khá", "task_completion_min": 0.9})
    ur, _ = _unit(tasks=(12, 11), score="70", settings=relaxed)
    assert ur.criteria["nhiem_vu"].passed and ur.criteria["xep_loai"].passed
    assert classify(Decimal("49.9"), SETTINGS) == "Yếu" and classify(None, SETTINGS) is None


def test_official_score_wins() -> None:
    ur, _ = _unit(official="78", score="95")
    assert (ur.cchc_score, ur.score_source, ur.classification) == (Decimal("78"), "danh_muc", "Khá")
    assert ur.criteria["xep_loai"].detail == "Điểm 78 (điểm chính thức) → xếp loại Khá, chưa đạt Tốt"


def test_components_criterion() -> None:
    up = _comp("PCI-01", "Gia nhập thị trường", "7", "7.5", direction="tăng")
    down = _comp("PCI-03", "Tính minh bạch", "6.17", "5.47", direction="giảm")
    same = _comp("PCI-04", "Chi phí thời gian", "6", "6", direction="không đổi")
    ratio = _comp("PAR-01", "Chỉ đạo", "9", "8", pmax="12", direction="tăng")
    none = _comp("PCI-05", "Chi phí không chính thức", None, "5")
    r = components_criterion([up, down, none])
    assert (r.passed, r.detail) == (False, "1/2 chỉ số tăng; giảm: PCI-03 Tính minh bạch 6,17 → 5,47; "
                                          "không có số liệu năm trước: PCI-05")
    r = components_criterion([up, same])
    assert (r.passed, r.detail) == (False, "1/2 chỉ số tăng; không đổi: PCI-04 Chi phí thời gian 6 → 6")
    r = components_criterion([up, ratio])
    assert (r.passed, r.detail) == (True, "2/2 chỉ số tăng; chỉ số đổi điểm tối đa được so theo tỷ lệ điểm/điểm tối đa")
    r = components_criterion([none])
    assert (r.passed, r.applicable, r.detail) == (
        True, False, "Không áp dụng: không có chỉ số được giao nào có số liệu năm trước")
    assert components_criterion([]).detail == "Không áp dụng: không được giao chỉ số nào"


def test_late_policies() -> None:
    ur, _ = _unit(late=True)
    assert (ur.eligible, ur.excluded_late) == (False, True)
    assert ur.note == ("Hồ sơ gửi muộn (gửi ngày 25/11/2021, hạn 30/11/2021): không được xét khen thưởng "
                       "theo quy định của kế hoạch")
    ur, _ = _unit(late=True, settings=make_settings(campaign={"late_policy": "warn"}))
    assert (ur.eligible, ur.excluded_late) == (True, False)


def _person(late=False, settings=SETTINGS, **kw):  # type: ignore[no-untyped-def]
    ir = IndividualResult(nominee=nominee("Nguyễn Thị Hoa", 2, **kw), unit_code="PNV", unit_name="Phòng Nội vụ",
                          late=late)
    evaluate_individual(ir, settings)
    return ir


def test_individual_criteria() -> None:
    ir = _person()
    assert ir.eligible
    assert {k: (c.passed, c.detail) for k, c in ir.criteria.items()} == {
        "hoan_thanh": (True, "Hoàn thành xuất sắc nhiệm vụ"),
        "cchc": (True, "Có hoàn thành nhiệm vụ CCHC được giao"),
        "van_ban": (True, "Không được giao văn bản tham mưu"),
        "ky_luat": (True, "Không vi phạm kỷ luật, kỷ cương"),
    }
    assert _person(level=LEVEL_GOOD, docs=(4, 4)).criteria["van_ban"].detail == "Đúng hạn 4/4 văn bản (100%)"
    for kw in ({"level": LEVEL_DONE}, {"level": LEVEL_NOT_DONE}, {"cchc": False}, {"violation": True},
               {"docs": (3, 2)}):
        assert not _person(**kw).eligible, kw
    assert _person(level=LEVEL_DONE).criteria["hoan_thanh"].detail == (
        "Hoàn thành nhiệm vụ (cần hoàn thành tốt nhiệm vụ trở lên)")
    late = _person(late=True)
    assert (late.eligible, late.excluded_late) == (False, True)
    assert _person(late=True, settings=make_settings(campaign={"late_policy": "warn"})).eligible
