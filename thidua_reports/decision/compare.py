"""Prior-year comparison of each unit's assigned index components (pandas join, exact values)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import pandas as pd

from thidua_reports.decision.history import prior_component_score
from thidua_reports.models import Assignment, ComponentComparison, InputFile, Problem, Registry
from thidua_reports.vietnamese import format_decimal_vi

INCREASE, DECREASE, SAME = "tăng", "giảm", "không đổi"


def _num(x: Decimal | None) -> str:
    return "—" if x is None else format_decimal_vi(x)


def _assignment_frame(assignments: list[Assignment]) -> pd.DataFrame:
    rows = [
        {
            "unit_code": a.unit_code, "code": a.code, "index_set": a.index_set, "name": a.name,
            "reg_prior": a.prior_score, "reg_prior_max": a.prior_max,
            "reg_current": a.current_score, "reg_current_max": a.current_max, "reg_row": a.row,
        }
        for a in assignments
    ]
    return pd.DataFrame(rows, columns=[
        "unit_code", "code", "index_set", "name", "reg_prior", "reg_prior_max",
        "reg_current", "reg_current_max", "reg_row",
    ], dtype=object)


def _unit_frame(files: list[InputFile]) -> pd.DataFrame:
    rows = [
        {
            "unit_code": f.submission.unit_code, "code": c.code, "own_prior": c.prior_score,
            "own_current": c.current_score, "own_max": c.max_points, "own_row": c.row, "file": f.path,
        }
        for f in files
        if f.submission is not None
        for c in f.submission.components
    ]
    return pd.DataFrame(rows, columns=[
        "unit_code", "code", "own_prior", "own_current", "own_max", "own_row", "file",
    ], dtype=object)


def _value(v: object) -> Decimal | None:
    """A cell of the joined frame: pandas leaves NaN where the unit had no row."""
    return v if isinstance(v, Decimal) else None


def compare_units(
    registry: Registry, accepted: list[InputFile], campaign_year: int, history_db: Path | None
) -> tuple[dict[str, list[ComponentComparison]], list[Problem]]:
    """Comparisons per unit code (registry ChiSo order) for every accepted file, and warnings."""
    codes = {f.submission.unit_code for f in accepted if f.submission is not None}
    files = {f.submission.unit_code: f.path for f in accepted if f.submission is not None}
    frame = _assignment_frame([a for a in registry.assignments if a.unit_code in codes])
    joined = frame.merge(_unit_frame(accepted), on=["unit_code", "code"], how="left", sort=False)
    result: dict[str, list[ComponentComparison]] = {code: [] for code in sorted(codes)}
    problems: list[Problem] = []
    for rec in joined.to_dict("records"):
        comp, found = _compare_row(rec, registry.path, files[rec["unit_code"]], campaign_year, history_db)
        result[rec["unit_code"]].append(comp)
        problems.extend(found)
    return result, problems


def _compare_row(
    rec: dict, registry_path: str, file: str, campaign_year: int, history_db: Path | None
) -> tuple[ComponentComparison, list[Problem]]:
    problems: list[Problem] = []
    label = f"{rec['code']} {rec['name']}"
    reg_current, own_current = _value(rec["reg_current"]), _value(rec["own_current"])
    own_row = rec["own_row"] if isinstance(rec["own_row"], int) else None
    where = f" (dòng {own_row})" if own_row else ""

    current: Decimal | None
    current_source: str | None
    if reg_current is not None:
        current, current_source = reg_current, "danh_muc"
        if own_current is not None and own_current != reg_current:
            problems.append(Problem(
                file, "ChiSo", None, "warning",
                f"Chỉ số {label}{where}: đơn vị ghi điểm năm nay {_num(own_current)}, danh mục ghi "
                f"{_num(reg_current)}; dùng điểm của danh mục. Hãy kiểm tra lại số liệu.",
            ))
    else:
        current, current_source = own_current, ("don_vi" if own_current is not None else None)

    current_max = _value(rec["reg_current_max"]) or _value(rec["own_max"])
    prior, prior_max, prior_source = _value(rec["reg_prior"]), _value(rec["reg_prior_max"]), None
    if prior is not None:
        prior_source = "danh_muc"
    else:
        found = (
            prior_component_score(history_db, campaign_year - 1, rec["unit_code"], rec["code"])
            if history_db is not None else None
        )
        if found is not None:
            prior, prior_source = found[0], "lich_su"
            prior_max = prior_max or found[1]
        elif _value(rec["own_prior"]) is not None:
            prior, prior_source = _value(rec["own_prior"]), "don_vi"
            problems.append(Problem(
                file, "ChiSo", None, "warning",
                f"Chỉ số {label}{where}: danh mục và lịch sử không có điểm năm trước; dùng điểm do đơn vị "
                f"tự ghi ({_num(prior)}). Phòng Nội vụ nên bổ sung cột Điểm năm trước trong danh mục.",
            ))
        else:
            problems.append(Problem(
                registry_path, "ChiSo", None, "warning",
                f"Chỉ số {label} của đơn vị {rec['unit_code']}: không có số liệu năm trước; "
                "chỉ số này không được so sánh.",
            ))
    if prior_max is None:
        prior_max = current_max  # unknown prior maximum: assume the methodology did not change

    comp = ComponentComparison(
        unit_code=rec["unit_code"], index_set=rec["index_set"], code=rec["code"], name=rec["name"],
        prior=prior, prior_max=prior_max, current=current, current_max=current_max,
        prior_source=prior_source, current_source=current_source,
    )
    _fill_change(comp)
    if comp.compared_by_ratio:
        problems.append(Problem(
            registry_path, "ChiSo", None, "warning",
            f"Chỉ số {label} của đơn vị {rec['unit_code']}: điểm tối đa thay đổi "
            f"({_num(prior_max)} → {_num(current_max)}); so sánh theo tỷ lệ điểm/điểm tối đa.",
        ))
    return comp, problems


@lru_cache(maxsize=1 << 16)
def share(score: Decimal, max_points: Decimal | None) -> Fraction:
    """Score as an exact share of the maximum (the score itself when the maximum is unknown).

    Cached: the same few score/maximum pairs come back for thousands of components, and equal
    Decimals (1.0 and 1.00) give the same Fraction."""
    if not max_points:
        return Fraction(score)
    return Fraction(score) / Fraction(max_points)


def _fill_change(c: ComponentComparison) -> None:
    """change, direction, improvement and compared_by_ratio of one comparison, exactly."""
    if c.prior is None or c.current is None:
        return
    c.compared_by_ratio = (
        c.prior_max is not None and c.current_max is not None and c.prior_max != c.current_max
    )
    if c.current_max and c.prior_max:
        c.improvement = share(c.current, c.current_max) - share(c.prior, c.prior_max)
    if c.compared_by_ratio:
        assert c.improvement is not None
        delta = c.improvement
        c.change = Decimal(delta.numerator) / Decimal(delta.denominator)  # display only
        c.direction = INCREASE if delta > 0 else DECREASE if delta < 0 else SAME
    else:
        c.change = c.current - c.prior  # the sign of this exact difference, no Fraction needed
        c.direction = INCREASE if c.change > 0 else DECREASE if c.change < 0 else SAME


def comparison_frame(comparisons: list[ComponentComparison]) -> pd.DataFrame:
    """All comparisons as one frame (object columns keep Decimal/Fraction exact), for summaries."""
    cols = [
        "unit_code", "index_set", "code", "name", "prior", "prior_max", "current", "current_max",
        "prior_source", "current_source", "change", "direction", "improvement", "compared_by_ratio",
    ]
    return pd.DataFrame([{k: getattr(c, k) for k in cols} for c in comparisons], columns=cols, dtype=object)
