"""A hand-worked campaign through the decision stage: every expected value reasoned out below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.factories import (
    accepted,
    assignment,
    component,
    make_settings,
    nominee,
    registry,
    rejected,
    submission,
    unit,
)
from thidua_reports.decision.decide import decide
from thidua_reports.decision.history import ComponentHistory, record_year
from thidua_reports.errors import OverrideError
from thidua_reports.models import LEVEL_DONE, LEVEL_GOOD, CampaignResult

# The campaign (year 2021, deadline 30/11/2021, decision 10/12/2021 → base 1.490.000;
# Giấy khen huyện 0,3 × 1.490.000 = 447.000 → ceil 450.000; 0,6 × 1.490.000 = 894.000 → 900.000).
# Quota: 7 collectives (default), 3 individuals.
#
# Unit    staffing(reg) score           tasks  violators  components                        collective verdict
# PNV     30            90 (self)       12/12  3          PAR-01 8→8,5 (reg prior); PAR-02  eligible: 3/30 = 10% is AT the
#                                                          7 (history 2020)→7,5               limit and passes
# TCKH    20 (unit: 40) 86              10/10  3          PCI-02 6→6,5                      ky_luat fails: 3/20 = 15% (the
#                                                                                              unit's 40 would give 7,5%)
# VHTT    25            88              10/10  0          PCI-01 7→7,5; PCI-03 6,17→6,17    chi_so fails: equal is no increase
# TNMT    25            86 official     8/8    0          PAR-03 9/12 → 8/10 (max changed:  eligible: 0,75 → 0,8 by ratio
#                       (self says 95)                     points fall, share rises)
# XA-PH   12            79,5 official   10/10  0          PAPI-01 5,2→5,6 (registry current; xep_loai fails: Khá < Tốt
#                       (self says 85)                     unit wrote 5,4); PAPI-02 no prior
# XA-PT   15            90 (self)       9/9    1          SIPAS-01 no prior → không áp dụng  eligible (1/15 = 6,7%)
# XA-PS   10            95 (self)       5/5    0          PAPI-03 4→4,5                     LATE (sent 02/12/2021)
# TP      20            90 (self)       —      0          none; no collective request        —
# XA-AH   —             rejected file                                                          submitted, not accepted
# TTPD    —             no file at all                                                         missing
#
# Collectives eligible under "exclude": PNV (90, mean improvement 0,05), XA-PT (90, 0),
# TNMT (86). Ranking: score desc, then improvement desc → PNV 1, XA-PT 2 (tie on score broken by
# improvement), TNMT 3. Fewer eligible (3) than the quota (7): all proposed, no filling.
# Under "warn" XA-PS (95) is eligible too and comes first: XA-PS 1, PNV 2, XA-PT 3, TNMT 4.
#
# Individuals (level, place among the unit's ELIGIBLE nominees, unit score, given name):
#   Nguyễn Thị Hoa  PNV   XS  prio 1  → (XS, 1, 90, Hoa)
#   Trần Văn Bình   PNV   Tốt prio 2  → (Tốt, 2, 90)
#   Phạm Văn Dũng   TCKH  XS  prio 1, violation → not eligible
#   Lê Thị Cúc      TCKH  XS  prio 2  → place 1 (Dũng is not eligible) → (XS, 1, 86, Cúc)
#   Đặng Văn An     VHTT  Tốt prio 1, 5/5 văn bản → (Tốt, 1, 88)
#   Hồ Thị Em       VHTT  "Hoàn thành nhiệm vụ" → not eligible
#   Võ Văn Giang    TNMT  XS  blank prio → place 1, unit score 86 (official, not 95) → (XS, 1, 86, Giang)
#   Bùi Thị Hạnh    TNMT  Tốt, 4/5 văn bản → not eligible
#   Ngô Văn Khánh   XA-PT Tốt prio 1 → (Tốt, 1, 90)
#   Châu Thị Lan    XA-PS XS prio 1 → late: excluded under "exclude"; (XS, 1, 95) under "warn"
#   Đỗ Thị Mai      TP    XS prio 1 → (XS, 1, 90, Mai)
# "exclude" order: Hoa, Mai (equal keys, inside the quota: not flagged; Hoa < Mai by given name),
# Cúc, Giang (equal keys (XS, 1, 86) across the cut-off after 3 → both flagged tie_at_cutoff;
# Cúc < Giang by name), then Tốt: Khánh (place 1, 90), An (place 1, 88), Bình (place 2).
# Proposed: Hoa 1, Mai 2, Cúc 3.
# "warn" order: Lan, Hoa, Mai, Cúc, Giang, Khánh, An, Bình; proposed Lan, Hoa, Mai; Mai (90)
# and Cúc (86) differ → no tie flag.

UNITS = [
    unit("PNV", "Phòng Nội vụ", 30),
    unit("TCKH", "Phòng Tài chính - Kế hoạch", 20),
    unit("VHTT", "Phòng Văn hóa và Thông tin", 25),
    unit("TNMT", "Phòng Tài nguyên và Môi trường", 25, official="86"),
    unit("XA-PH", "UBND xã Phước Hậu", 12, official="79.5"),
    unit("XA-PT", "UBND xã Phước Thuận", 15),
    unit("XA-PS", "UBND xã Phước Sơn", 10),
    unit("TP", "Phòng Tư pháp", 20),
    unit("XA-AH", "UBND xã An Hải", 14),
    unit("TTPD", "UBND thị trấn Phước Dân", 40),
]


def build(tmp_path: Path, **settings_sections):  # type: ignore[no-untyped-def]
    reg = registry(
        [unit(u.code, u.name, u.staffing, None if u.official_score is None else str(u.official_score))
         for u in UNITS],
        [
            assignment("PNV", "PAR-01", "Cải cách thủ tục hành chính", prior="8", prior_max="10", index_set="PAR INDEX"),
            assignment("PNV", "PAR-02", "Hiện đại hóa hành chính", index_set="PAR INDEX"),
            assignment("TCKH", "PCI-02", "Tiếp cận đất đai", prior="6"),
            assignment("VHTT", "PCI-01", "Gia nhập thị trường", prior="7"),
            assignment("VHTT", "PCI-03", "Tính minh bạch", prior="6.17"),
            assignment("TNMT", "PAR-03", "Cải cách tổ chức bộ máy", prior="9", prior_max="12", index_set="PAR INDEX"),
            assignment("XA-PH", "PAPI-01", "Tham gia của người dân ở cấp cơ sở", prior="5.2", current="5.6", index_set="PAPI"),
            assignment("XA-PH", "PAPI-02", "Công khai, minh bạch", index_set="PAPI"),
            assignment("XA-PT", "SIPAS-01", "Tiếp cận dịch vụ", current_max="100", index_set="SIPAS"),
            assignment("XA-PS", "PAPI-03", "Trách nhiệm giải trình", prior="4", index_set="PAPI"),
        ],
    )
    quota = {"individuals": 3, **settings_sections.pop("quota", {})}
    settings = make_settings(tmp_path, quota=quota, **settings_sections)
    # History: campaign 2020 recorded PAR-02 of PNV as 7/10 (the registry leaves it blank).
    record_year(tmp_path / "lich_su.sqlite", 2020, [], [
        ComponentHistory("PNV", "PAR INDEX", "PAR-02", "Hiện đại hóa hành chính", Decimal("7"), Decimal("10")),
    ], [])
    inputs = [
        accepted(submission("PNV", score="90", tasks=(12, 12), violators=3, staffing=30,
                            components=[component("PAR-01", "8.5"), component("PAR-02", "7.5", prior="6")],
                            nominees=[nominee("Nguyễn Thị Hoa", 2, priority=1),
                                      nominee("Trần Văn Bình", 3, LEVEL_GOOD, priority=2)])),
        accepted(submission("TCKH", score="86", violators=3, staffing=40,
                            components=[component("PCI-02", "6.5")],
                            nominees=[nominee("Phạm Văn Dũng", 2, priority=1, violation=True),
                                      nominee("Lê Thị Cúc", 3, priority=2)])),
        accepted(submission("VHTT", score="88", components=[component("PCI-01", "7.5"), component("PCI-03", "6.17")],
                            nominees=[nominee("Đặng Văn An", 2, LEVEL_GOOD, priority=1, docs=(5, 5)),
                                      nominee("Hồ Thị Em", 3, LEVEL_DONE, priority=2)])),
        accepted(submission("TNMT", score="95", tasks=(8, 8), components=[component("PAR-03", "8")],
                            nominees=[nominee("Võ Văn Giang", 2),
                                      nominee("Bùi Thị Hạnh", 3, LEVEL_GOOD, docs=(5, 4))])),
        accepted(submission("XA-PH", score="85", components=[component("PAPI-01", "5.4"), component("PAPI-02", "6")])),
        accepted(submission("XA-PT", score="90", tasks=(9, 9), violators=1,
                            components=[component("SIPAS-01", "88.5", max_points="100")],
                            nominees=[nominee("Ngô Văn Khánh", 2, LEVEL_GOOD, priority=1)])),
        accepted(submission("XA-PS", score="95", tasks=(5, 5), components=[component("PAPI-03", "4.5")],
                            nominees=[nominee("Châu Thị Lan", 2, priority=1)], sent=date(2021, 12, 2)),
                 late=True),
        accepted(submission("TP", score="90", request=False, nominees=[nominee("Đỗ Thị Mai", 2, priority=1)])),
        rejected("XA-AH", "inbox/xa-ah.xlsx", "Ô Năm thi đua phải là 2021"),
    ]
    return settings, reg, inputs


def _by_code(result: CampaignResult) -> dict:
    return {u.unit.code: u for u in result.units}


def _people(result: CampaignResult) -> dict:
    return {i.nominee.name: i for i in result.individuals}


def test_exclude_policy_selection(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path)
    result = decide(settings, reg, inputs, tmp_path)
    u = _by_code(result)

    assert [x.unit.code for x in result.units] == [x.code for x in UNITS]
    assert result.missing_units == ["TTPD"]
    assert (u["XA-AH"].submitted, u["XA-AH"].accepted, u["XA-AH"].criteria) == (True, False, {})
    assert (u["TP"].accepted, u["TP"].requested, u["TP"].criteria) == (True, False, {})

    # discipline exactly at the limit passes; registry staffing (20) rules over the unit's 40
    assert u["PNV"].criteria["ky_luat"].passed and u["PNV"].criteria["ky_luat"].detail == "3/30 = 10,0% ≤ 10%"
    assert u["TCKH"].violation_ratio == Fraction(3, 20)
    assert not u["TCKH"].criteria["ky_luat"].passed
    assert u["TCKH"].criteria["ky_luat"].detail == "3/20 = 15,0% > 10%"
    # equal score is not an increase
    assert not u["VHTT"].criteria["chi_so"].passed
    assert u["VHTT"].criteria["chi_so"].detail == "1/2 chỉ số tăng; không đổi: PCI-03 Tính minh bạch 6,17 → 6,17"
    # max points changed: 9/12 = 0,75 → 8/10 = 0,8 is an increase although the points fell
    par03 = u["TNMT"].components[0]
    assert (par03.compared_by_ratio, par03.direction, par03.improvement) == (True, "tăng", Fraction(1, 20))
    assert u["TNMT"].criteria["chi_so"].passed
    # official score overrides the unit's own (86 not 95; 79,5 → Khá fails)
    assert (u["TNMT"].cchc_score, u["TNMT"].score_source) == (Decimal("86"), "danh_muc")
    assert u["XA-PH"].criteria["xep_loai"].detail == "Điểm 79,5 (điểm chính thức) → xếp loại Khá, chưa đạt Tốt"
    assert not u["XA-PH"].criteria["xep_loai"].passed
    # no prior data at all → không áp dụng, passes
    assert u["XA-PT"].criteria["chi_so"].passed and not u["XA-PT"].criteria["chi_so"].applicable
    # history supplies PNV's PAR-02 prior (the unit's own 6 is not used)
    par02 = u["PNV"].components[1]
    assert (par02.prior, par02.prior_source, par02.direction) == (Decimal("7"), "lich_su", "tăng")
    assert u["PNV"].mean_improvement == Fraction(1, 20)
    # late file excluded, with an explanation
    assert u["XA-PS"].late and u["XA-PS"].excluded_late and not u["XA-PS"].eligible
    assert u["XA-PS"].note.startswith("Hồ sơ gửi muộn (gửi ngày 02/12/2021, hạn 30/11/2021)")

    ranks = {c: (x.eligible, x.rank, x.proposed, x.selected, x.tie_at_cutoff, x.amount) for c, x in u.items()}
    assert ranks == {
        "PNV": (True, 1, True, True, False, 900_000),
        "TCKH": (False, None, False, False, False, 0),
        "VHTT": (False, None, False, False, False, 0),
        "TNMT": (True, 3, True, True, False, 900_000),
        "XA-PH": (False, None, False, False, False, 0),
        "XA-PT": (True, 2, True, True, False, 900_000),
        "XA-PS": (False, None, False, False, False, 0),
        "TP": (False, None, False, False, False, 0),
        "XA-AH": (False, None, False, False, False, 0),
        "TTPD": (False, None, False, False, False, 0),
    }
    assert [(x.unit.code, x.list_number) for x in result.units if x.selected] == [("PNV", 1), ("TNMT", 3), ("XA-PT", 2)]

    people = [(i.nominee.name, i.rank, i.proposed, i.tie_at_cutoff, i.amount, i.list_number) for i in result.individuals]
    assert people == [
        ("Nguyễn Thị Hoa", 1, True, False, 450_000, 1),
        ("Đỗ Thị Mai", 2, True, False, 450_000, 2),
        ("Lê Thị Cúc", 3, True, True, 450_000, 3),
        ("Võ Văn Giang", 4, False, True, 0, None),
        ("Ngô Văn Khánh", 5, False, False, 0, None),
        ("Đặng Văn An", 6, False, False, 0, None),
        ("Trần Văn Bình", 7, False, False, 0, None),
        # the rest by unit (registry order) and row
        ("Phạm Văn Dũng", None, False, False, 0, None),
        ("Hồ Thị Em", None, False, False, 0, None),
        ("Bùi Thị Hạnh", None, False, False, 0, None),
        ("Châu Thị Lan", None, False, False, 0, None),
    ]
    p = _people(result)
    assert p["Lê Thị Cúc"].eligible_place == 1
    assert p["Bùi Thị Hạnh"].criteria["van_ban"].detail == "Đúng hạn 4/5 văn bản (80%) < 100%"
    assert p["Châu Thị Lan"].excluded_late and p["Châu Thị Lan"].criteria["hoan_thanh"].passed

    # 3 × 900.000 + 3 × 450.000 = 4.050.000
    t = result.totals
    assert (t.collectives, t.individuals, t.amount_collective, t.amount_individual, t.total) == (
        3, 3, 900_000, 450_000, 4_050_000)
    assert t.total_words == "Bốn triệu không trăm năm mươi nghìn đồng"
    # warnings: registry current differs from the unit's; no prior data (two components)
    messages = [x.message for x in result.problems]
    assert ("Chỉ số PAPI-01 Tham gia của người dân ở cấp cơ sở: đơn vị ghi điểm năm nay 5,4, danh mục ghi 5,6; "
            "dùng điểm của danh mục. Hãy kiểm tra lại số liệu.") in messages
    assert sum("không có số liệu năm trước" in m for m in messages) == 2


def test_warn_policy_keeps_late_file_eligible(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path, campaign={"late_policy": "warn"})
    result = decide(settings, reg, inputs, tmp_path)
    u = _by_code(result)
    assert [(c, u[c].rank) for c in ("XA-PS", "PNV", "XA-PT", "TNMT")] == [
        ("XA-PS", 1), ("PNV", 2), ("XA-PT", 3), ("TNMT", 4)]
    assert u["XA-PS"].selected and u["XA-PS"].note.endswith("vẫn được xét, có ghi chú")
    ranked = [(i.nominee.name, i.rank, i.proposed, i.tie_at_cutoff) for i in result.individuals if i.rank]
    assert ranked[:5] == [
        ("Châu Thị Lan", 1, True, False), ("Nguyễn Thị Hoa", 2, True, False), ("Đỗ Thị Mai", 3, True, False),
        ("Lê Thị Cúc", 4, False, False), ("Võ Văn Giang", 5, False, False),
    ]
    # 4 × 900.000 + 3 × 450.000 = 4.950.000
    assert (result.totals.total, result.totals.total_words) == (4_950_000, "Bốn triệu chín trăm năm mươi nghìn đồng")


def _council(tmp_path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "QuyetDinh"
    ws.append(["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"])
    for r in rows:
        ws.append(list(r))
    wb.save(tmp_path / "quyet_dinh_hoi_dong.xlsx")


def test_council_adds_and_removes(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path)
    _council(tmp_path, [
        ("Tập thể", "VHTT", "", "Chọn", "Có mô hình hay được tỉnh biểu dương"),
        ("Cá nhân", "TCKH", "Lê Thị Cúc", "Loại", "Hội đồng bỏ phiếu"),
        ("Cá nhân", "TNMT", "Võ Văn Giang", "Chọn", "Hội đồng bỏ phiếu"),
        ("Cá nhân", "TP", "đỗ thị  mai", "Loại", "Đã được khen chuyên đề"),
        ("Cá nhân", "VHTT", "Hồ Thị Em", "Chọn", "Có sáng kiến cấp huyện"),
    ])
    result = decide(settings, reg, inputs, tmp_path)
    u = _by_code(result)
    # selected collectives: PNV, XA-PT, TNMT (proposed) + VHTT (non-eligible, chosen) = 4 ≤ 7;
    # the council addition comes after the ranked ones in the list.
    assert [(x.unit.code, x.list_number, x.amount) for x in result.units if x.selected] == [
        ("PNV", 1, 900_000), ("VHTT", 4, 900_000), ("TNMT", 3, 900_000), ("XA-PT", 2, 900_000)]
    assert (u["VHTT"].eligible, u["VHTT"].override, u["VHTT"].override_reason) == (
        False, "Chọn", "Có mô hình hay được tỉnh biểu dương")
    # individuals: Hoa (rank 1) stays; Mai and Cúc removed, no back-fill; Giang (rank 4) and Em
    # (not eligible, no rank) chosen → Hoa 1, Giang 2, Em 3.
    chosen = sorted((i.list_number, i.nominee.name) for i in result.individuals if i.selected)
    assert chosen == [(1, "Nguyễn Thị Hoa"), (2, "Võ Văn Giang"), (3, "Hồ Thị Em")]
    assert _people(result)["Đỗ Thị Mai"].proposed and not _people(result)["Đỗ Thị Mai"].selected
    # 4 × 900.000 + 3 × 450.000 = 4.950.000
    assert (result.totals.collectives, result.totals.individuals, result.totals.total) == (4, 3, 4_950_000)


def test_council_over_quota_is_an_error(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path)
    _council(tmp_path, [("Cá nhân", "TNMT", "Võ Văn Giang", "Chọn", "Hội đồng bỏ phiếu")])
    with pytest.raises(OverrideError) as err:
        decide(settings, reg, inputs, tmp_path)
    assert str(err.value) == (
        "Danh sách cá nhân được chọn có 4, vượt số lượng 3 (quota.individuals); các dòng Chọn cá nhân "
        "trong quyet_dinh_hoi_dong.xlsx, trang QuyetDinh: 2. Hãy bớt dòng Chọn, thêm dòng Loại, "
        "hoặc đặt quota.allow_over = true."
    )
    allowed, reg, inputs = build(tmp_path, quota={"individuals": 3, "allow_over": True})
    assert decide(allowed, reg, inputs, tmp_path).totals.individuals == 4


def test_council_unknown_person_names_the_cell(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path)
    _council(tmp_path, [("Cá nhân", "PNV", "Nguyễn Văn Không Có", "Chọn", ""), ("Tập thể", "XYZ", "", "Chọn", "")])
    with pytest.raises(OverrideError) as err:
        decide(settings, reg, inputs, tmp_path)
    assert str(err.value) == (
        "Tệp quyet_dinh_hoi_dong.xlsx có 2 lỗi, hãy sửa rồi chạy lại:\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô C2: không có cá nhân \"Nguyễn Văn Không Có\" "
        "trong danh sách đề nghị hợp lệ của đơn vị PNV\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô B3: mã đơn vị \"XYZ\" không có trong danh mục"
    )
