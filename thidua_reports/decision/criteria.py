"""Criteria of the plan (SPEC §6.1 collective, §6.2 individual), exact, with Vietnamese details."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from thidua_reports.config import Settings
from thidua_reports.decision.compare import INCREASE, SAME
from thidua_reports.decision.dossier import CRITERION, dossier_criterion
from thidua_reports.dossier import Dossier
from thidua_reports.models import (
    LEVEL_EXCELLENT,
    LEVEL_GOOD,
    ComponentComparison,
    CriterionResult,
    IndividualResult,
    Problem,
    UnitResult,
)
from thidua_reports.vietnamese import format_decimal_vi, format_percent, short_date


def _pct(x: Fraction) -> str:
    """A share as a percentage with one decimal, the ",0" dropped: 1 → "100%", 11/12 → "91,7%"."""
    text = format_percent(x, 1)
    return text.replace(",0%", "%")


def _limit(x: Decimal) -> str:
    """A configured minimum/maximum share as printed: 0.10 → "10%", 0.125 → "12,5%"."""
    return format_decimal_vi((x * 100).normalize()) + "%"


def classify(score: Decimal | None, settings: Settings) -> str | None:
    """Band name of a CCHC score (bands ordered best first, each from its `min`)."""
    if score is None:
        return None
    for band in settings.criteria.cchc_bands:
        if score >= band.min:
            return band.name
    return None


def _band_index(name: str | None, settings: Settings) -> int:
    names = [b.name for b in settings.criteria.cchc_bands]
    return names.index(name) if name in names else len(names)


def _fmt(c: ComponentComparison, value: Decimal | None, max_points: Decimal | None) -> str:
    text = format_decimal_vi(value) if value is not None else "—"
    if c.compared_by_ratio and max_points is not None:
        text += "/" + format_decimal_vi(max_points)
    return text


def _describe(c: ComponentComparison) -> str:
    return f"{c.code} {c.name} {_fmt(c, c.prior, c.prior_max)} → {_fmt(c, c.current, c.current_max)}"


def components_criterion(components: list[ComponentComparison]) -> CriterionResult:
    """chi_so: every component with prior data increased (equal is not an increase)."""
    compared = [c for c in components if c.direction is not None]
    skipped = [c for c in components if c.direction is None]
    if not compared:
        what = "không có chỉ số được giao nào có số liệu năm trước" if components else "không được giao chỉ số nào"
        return CriterionResult(True, f"Không áp dụng: {what}", applicable=False)
    up = [c for c in compared if c.direction == INCREASE]
    parts = [f"{len(up)}/{len(compared)} chỉ số tăng"]
    down = [c for c in compared if c.direction not in (INCREASE, SAME)]
    same = [c for c in compared if c.direction == SAME]
    if down:
        parts.append("giảm: " + ", ".join(_describe(c) for c in down))
    if same:
        parts.append("không đổi: " + ", ".join(_describe(c) for c in same))
    if any(c.compared_by_ratio for c in compared):
        parts.append("chỉ số đổi điểm tối đa được so theo tỷ lệ điểm/điểm tối đa")
    if skipped:
        parts.append("không có số liệu năm trước: " + ", ".join(c.code for c in skipped))
    return CriterionResult(len(up) == len(compared), "; ".join(parts))


def evaluate_unit(ur: UnitResult, settings: Settings, registry_path: str) -> list[Problem]:
    """Fill score, classification, violation ratio, mean improvement and (when requested) criteria."""
    sub = ur.submission
    assert sub is not None and ur.input_file is not None
    problems: list[Problem] = []
    crit = settings.criteria
    if ur.unit.official_score is not None:
        ur.cchc_score, ur.score_source = ur.unit.official_score, "danh_muc"
    else:
        ur.cchc_score, ur.score_source = sub.self_score, "don_vi"
    ur.classification = classify(ur.cchc_score, settings)
    improvements = [c.improvement for c in ur.components if c.improvement is not None]
    ur.mean_improvement = sum(improvements, Fraction(0)) / len(improvements) if improvements else Fraction(0)

    staffing = ur.unit.staffing
    if not staffing:
        staffing = sub.staffing
        problems.append(Problem(
            registry_path, "DonVi", None, "warning",
            f"Đơn vị {ur.unit.code}: danh mục chưa có Số biên chế; tạm dùng số đơn vị tự khai "
            f"({staffing if staffing is not None else 'không có'}) để tính tỷ lệ vi phạm.",
        ))
    if staffing and sub.violators is not None:
        ur.violation_ratio = Fraction(sub.violators, staffing)
    _apply_late(ur, settings)
    if not ur.requested:
        return problems

    criteria: dict[str, CriterionResult] = {}
    if sub.tasks_assigned and sub.tasks_done is not None:
        share = Fraction(sub.tasks_done, sub.tasks_assigned)
        ok = share >= Fraction(crit.task_completion_min)
        text = f"Hoàn thành {sub.tasks_done}/{sub.tasks_assigned} nhiệm vụ ({_pct(share)})"
        if not ok:
            text += f" < {_limit(crit.task_completion_min)}"
        criteria["nhiem_vu"] = CriterionResult(ok, text)
    else:
        criteria["nhiem_vu"] = CriterionResult(False, "Không có số nhiệm vụ CCHC được giao/đã hoàn thành")

    if ur.cchc_score is None:
        criteria["xep_loai"] = CriterionResult(False, "Không có điểm CCHC")
    else:
        ok = _band_index(ur.classification, settings) <= _band_index(crit.cchc_required, settings)
        text = f"Điểm {format_decimal_vi(ur.cchc_score)}"
        if ur.score_source == "danh_muc":
            text += " (điểm chính thức)"
        text += f" → xếp loại {ur.classification or 'không xác định'}"
        if not ok:
            text += f", chưa đạt {crit.cchc_required}"
        criteria["xep_loai"] = CriterionResult(ok, text)

    criteria["chi_so"] = components_criterion(ur.components)

    if ur.violation_ratio is None:
        criteria["ky_luat"] = CriterionResult(False, "Không có số biên chế hoặc số người vi phạm")
    else:
        ok = ur.violation_ratio <= Fraction(crit.discipline_max_ratio)
        sign = "≤" if ok else ">"
        text = (
            f"{sub.violators}/{staffing} = {format_percent(ur.violation_ratio, 1)} "
            f"{sign} {_limit(crit.discipline_max_ratio)}"
        )
        criteria["ky_luat"] = CriterionResult(ok, text)
    if ur.dossier is not None and settings.dossier.policy == "exclude":
        criteria[CRITERION] = dossier_criterion(ur.dossier)  # SPEC §12.2: a fifth criterion
    ur.criteria = criteria
    ur.eligible = all(c.passed for c in criteria.values()) and not ur.excluded_late
    return problems


def late_note(sub_date: date | None, settings: Settings, excluded: bool) -> str:
    """Vietnamese explanation of a late file under the configured policy."""
    deadline = short_date(settings.campaign.submission_deadline)
    sent = f"gửi ngày {short_date(sub_date)}, " if sub_date is not None else ""
    if excluded:
        return (f"Hồ sơ gửi muộn ({sent}hạn {deadline}): không được xét khen thưởng "
                "theo quy định của kế hoạch")
    return f"Hồ sơ gửi muộn ({sent}hạn {deadline}): vẫn được xét, có ghi chú"


def _apply_late(ur: UnitResult, settings: Settings) -> None:
    if not ur.late:
        return
    excluded = settings.campaign.late_policy == "exclude"
    ur.note = late_note(ur.submission.submitted_on if ur.submission else None, settings, excluded)
    if excluded:
        ur.excluded_late = True
        ur.eligible = False


def evaluate_individual(ir: IndividualResult, settings: Settings, dossier: Dossier | None = None) -> None:
    """Fill the four criteria of one nominee (five with the unit's dossier under [dossier] policy =
    "exclude"), eligibility and the late-file exclusion."""
    n = ir.nominee
    crit: dict[str, CriterionResult] = {}
    good = n.level in (LEVEL_EXCELLENT, LEVEL_GOOD)
    crit["hoan_thanh"] = CriterionResult(
        good, n.level if good else f"{n.level} (cần hoàn thành tốt nhiệm vụ trở lên)"
    )
    crit["cchc"] = CriterionResult(
        n.cchc_done, "Có hoàn thành nhiệm vụ CCHC được giao" if n.cchc_done
        else "Không hoàn thành nhiệm vụ CCHC được giao",
    )
    if n.docs_assigned <= 0:
        crit["van_ban"] = CriterionResult(True, "Không được giao văn bản tham mưu", applicable=False)
    else:
        share = Fraction(n.docs_on_time, n.docs_assigned)
        minimum = settings.criteria.directive_on_time_min
        ok = share >= Fraction(minimum)
        text = f"Đúng hạn {n.docs_on_time}/{n.docs_assigned} văn bản ({_pct(share)})"
        if not ok:
            text += f" < {_limit(minimum)}"
        crit["van_ban"] = CriterionResult(ok, text)
    crit["ky_luat"] = CriterionResult(
        not n.violation, "Có vi phạm kỷ luật, kỷ cương" if n.violation else "Không vi phạm kỷ luật, kỷ cương"
    )
    if dossier is not None and settings.dossier.policy == "exclude":
        crit[CRITERION] = dossier_criterion(dossier, of_unit=True)
    ir.criteria = crit
    ir.eligible = all(c.passed for c in crit.values())
    if ir.late:
        excluded = settings.campaign.late_policy == "exclude"
        ir.note = late_note(None, settings, excluded)
        if excluded:
            ir.excluded_late = True
            ir.eligible = False
