"""Prior-year comparison: sources of the prior score, official current score, changed maxima."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from tests.factories import accepted, assignment, component, registry, submission, unit
from thidua_reports.decision.compare import compare_units, comparison_frame
from thidua_reports.decision.history import ComponentHistory, record_year


def _compare(tmp_path: Path, assignments, components):  # type: ignore[no-untyped-def]
    reg = registry([unit("PNV", "Phòng Nội vụ")], assignments)
    files = [accepted(submission("PNV", components=components))]
    result, problems = compare_units(reg, files, 2021, tmp_path / "lich_su.sqlite")
    return result["PNV"], [p.message for p in problems]


def test_registry_prior_and_points(tmp_path: Path) -> None:
    (c,), msgs = _compare(tmp_path, [assignment("PNV", "PCI-03", "Tính minh bạch", prior="6.17")],
                          [component("PCI-03", "5.47", row=4)])
    assert (c.prior, c.prior_source, c.current, c.current_source) == (Decimal("6.17"), "danh_muc", Decimal("5.47"), "don_vi")
    assert (c.change, c.direction, c.compared_by_ratio) == (Decimal("-0.70"), "giảm", False)
    assert c.improvement == Fraction(-70, 1000)
    assert msgs == []


def test_official_current_wins_with_warning(tmp_path: Path) -> None:
    (c,), msgs = _compare(tmp_path, [assignment("PNV", "PCI-03", "Tính minh bạch", prior="6", current="6.5")],
                          [component("PCI-03", "6.4", row=4)])
    assert (c.current, c.current_source, c.direction) == (Decimal("6.5"), "danh_muc", "tăng")
    assert msgs == ["Chỉ số PCI-03 Tính minh bạch (dòng 4): đơn vị ghi điểm năm nay 6,4, danh mục ghi 6,5; "
                    "dùng điểm của danh mục. Hãy kiểm tra lại số liệu."]


def test_history_then_unit_then_nothing(tmp_path: Path) -> None:
    record_year(tmp_path / "lich_su.sqlite", 2020, [], [
        ComponentHistory("PNV", "PCI", "PCI-01", "Gia nhập thị trường", Decimal("7"), Decimal("8"))], [])
    comps, msgs = _compare(tmp_path, [
        assignment("PNV", "PCI-01", "Gia nhập thị trường"),
        assignment("PNV", "PCI-02", "Tiếp cận đất đai"),
        assignment("PNV", "PCI-04", "Chi phí thời gian"),
    ], [component("PCI-01", "8"), component("PCI-02", "6", prior="5", row=5), component("PCI-04", "6")])
    hist, own, none = comps
    # history max 8 differs from this year's 10: 7/8 = 0,875 → 8/10 = 0,8 is a decrease
    assert (hist.prior, hist.prior_max, hist.prior_source) == (Decimal("7"), Decimal("8"), "lich_su")
    assert (hist.compared_by_ratio, hist.direction, hist.improvement) == (True, "giảm", Fraction(-3, 40))
    assert (own.prior, own.prior_source, own.direction) == (Decimal("5"), "don_vi", "tăng")
    assert (none.prior, none.direction, none.improvement) == (None, None, None)
    assert msgs == [
        "Chỉ số PCI-01 Gia nhập thị trường của đơn vị PNV: điểm tối đa thay đổi (8 → 10); "
        "so sánh theo tỷ lệ điểm/điểm tối đa.",
        "Chỉ số PCI-02 Tiếp cận đất đai (dòng 5): danh mục và lịch sử không có điểm năm trước; dùng điểm do "
        "đơn vị tự ghi (5). Phòng Nội vụ nên bổ sung cột Điểm năm trước trong danh mục.",
        "Chỉ số PCI-04 Chi phí thời gian của đơn vị PNV: không có số liệu năm trước; chỉ số này không được so sánh.",
    ]


def test_unknown_prior_max_assumed_same_and_frame(tmp_path: Path) -> None:
    (c,), _ = _compare(tmp_path, [assignment("PNV", "PAR-01", "Chỉ đạo", prior="8", current_max="10")],
                       [component("PAR-01", "8")])
    assert (c.prior_max, c.compared_by_ratio, c.direction, c.change) == (Decimal("10"), False, "không đổi", Decimal("0"))
    frame = comparison_frame([c])
    assert frame.loc[0, "prior"] == Decimal("8") and frame.loc[0, "improvement"] == Fraction(0)


def test_unit_without_row_and_unassigned(tmp_path: Path) -> None:
    reg = registry([unit("PNV", "Phòng Nội vụ"), unit("TP", "Phòng Tư pháp")],
                   [assignment("PNV", "PCI-01", "Gia nhập thị trường", prior="7", current="7.5"),
                    assignment("TP", "PCI-02", "Tiếp cận đất đai", prior="6")])
    files = [accepted(submission("PNV", components=[]))]
    result, _ = compare_units(reg, files, 2021, None)
    assert list(result) == ["PNV"]
    assert result["PNV"][0].current == Decimal("7.5")
