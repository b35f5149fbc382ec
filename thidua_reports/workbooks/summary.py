"""tong_hop.xlsx (SPEC §7): the consolidated workbook of a run, as a Book of six sheets."""

from __future__ import annotations

from typing import Any

from thidua_reports.dossier import ATTACHMENT, DOSSIER_KINDS, SOURCE_WORDS, Dossier
from thidua_reports.models import STATUS_WORDS, CampaignResult, UnitResult
from thidua_reports.workbooks.tables import (
    UNIT_CRITERIA,
    crit,
    people_sheet,
    put,
    severity,
    table,
    yes,
)
from thidua_reports.workbooks.xlsx import Book, Sheet

SOURCES = {"danh_muc": "Danh mục", "lich_su": "Lịch sử", "don_vi": "Đơn vị tự ghi"}
ARROWS = {"tăng": "↑", "giảm": "↓", "không đổi": "="}


def unit_status(u: UnitResult) -> str:
    if not u.submitted:
        return "Chưa gửi"
    return STATUS_WORDS["accepted"] if u.accepted else STATUS_WORDS["rejected"]


def required_kinds(result: CampaignResult) -> tuple[str, ...] | None:
    """The kinds of [dossier] required, None when the policy is "off" (no unit has a dossier)."""
    return next((u.dossier.required for u in result.units if u.dossier is not None), None)


def dossier_cells(d: Dossier | None, kinds: tuple[str, ...]) -> list[str]:
    """Per required kind "Có (tệp)" / "Tự khai" / "Thiếu", then complete and what is missing; for a
    unit whose dossier is not judged only the attachments it did send are shown."""
    if d is None:
        return [""] * (len(kinds) + 2)
    if not d.judged:
        return [SOURCE_WORDS[ATTACHMENT] if d.sent.get(k) == ATTACHMENT else "" for k in kinds] + ["", ""]
    return ([SOURCE_WORDS[d.sent.get(k)] for k in kinds]
            + [yes(bool(d.complete)), f"Thiếu {d.missing_names()}" if d.missing else ""])



def _overview(ws: Sheet, result: CampaignResult) -> None:
    units = result.units
    people = result.individuals
    rows: list[tuple[str, int]] = [
        ("Tổng số đơn vị", len(units)),
        ("Đã nhận", sum(u.submitted for u in units)),
        ("Hợp lệ", sum(u.accepted for u in units)),
        ("Bị từ chối", sum(u.submitted and not u.accepted for u in units)),
        ("Chưa gửi", len(result.missing_units)),
        ("Gửi muộn", sum(u.late for u in units)),
        ("Tập thể đề nghị xét", sum(u.requested for u in units)),
        ("Tập thể đủ điều kiện", sum(u.eligible for u in units)),
        ("Tập thể được đề nghị", sum(u.proposed for u in units)),
        ("Tập thể được chọn", result.totals.collectives),
        ("Cá nhân được đơn vị đề nghị", len(people)),
        ("Cá nhân đủ điều kiện", sum(i.eligible for i in people)),
        ("Cá nhân được đề nghị", sum(i.proposed for i in people)),
        ("Cá nhân được chọn", result.totals.individuals),
        ("Tổng tiền thưởng (đồng)", result.totals.total),
    ]
    judged = [u.dossier for u in units if u.dossier is not None and u.dossier.judged]
    if required_kinds(result) is not None:
        rows += [("Đơn vị đề nghị khen thưởng có hồ sơ đầy đủ", sum(bool(d.complete) for d in judged)),
                 ("Đơn vị đề nghị khen thưởng có hồ sơ chưa đủ", sum(not d.complete for d in judged)),
                 ("Tệp đính kèm đã nhận", sum(f.status == "attachment" for f in result.inputs))]
    table(ws, ["Chỉ tiêu", "Số lượng"], rows, widths=[36, 16])


def _units(ws: Sheet, result: CampaignResult) -> None:
    headers = ["Mã đơn vị", "Tên đơn vị", "Tình trạng hồ sơ", "Gửi muộn", "Đề nghị khen tập thể",
               "Điểm CCHC", "Xếp loại"]
    for label in UNIT_CRITERIA.values():
        headers += [label, f"{label} - giải thích"]
    kinds = required_kinds(result)  # SPEC §12.2: one column per required paper
    if kinds is not None:
        headers += [DOSSIER_KINDS[k] for k in kinds] + ["Hồ sơ đầy đủ", "Hồ sơ đầy đủ - giải thích"]
    headers += ["Đủ điều kiện", "Thứ hạng", "Được đề nghị", "Được chọn", "Ngang điểm tại ngưỡng",
                "Quyết định Hội đồng", "Số tiền (đồng)", "Ghi chú"]
    rows = []
    for u in result.units:
        row: list[Any] = [u.unit.code, u.unit.name, unit_status(u), yes(u.late),
                          yes(u.requested) if u.accepted else "", u.cchc_score, u.classification or ""]
        for key in UNIT_CRITERIA:
            row += crit(u.criteria.get(key))
        if kinds is not None:
            row += dossier_cells(u.dossier, kinds)
        row += [yes(u.eligible) if u.criteria else "", u.rank, yes(u.proposed), yes(u.selected),
                yes(u.tie_at_cutoff), " - ".join(x for x in (u.override or "", u.override_reason) if x),
                u.amount, u.note]
        rows.append(row)
    dossier_widths = [] if kinds is None else [12] * len(kinds) + [10, 40]
    table(ws, headers, rows, widths=[12, 34, 14, 10, 12, 10, 12] + [10, 40] * 4 + dossier_widths + [12] * 6
          + [14, 40])


def _components(ws: Sheet, result: CampaignResult) -> None:
    headers = ["Bộ chỉ số", "Mã chỉ số", "Tên chỉ số thành phần", "Mã đơn vị", "Tên đơn vị",
               "Điểm tối đa năm trước", "Điểm năm trước", "Nguồn số liệu năm trước", "Điểm tối đa năm nay",
               "Điểm năm nay", "Thay đổi", "Xu hướng", "So theo tỷ lệ điểm/điểm tối đa"]
    rows = [
        [c.index_set, c.code, c.name, u.unit.code, u.unit.name, c.prior_max, c.prior,
         SOURCES.get(c.prior_source or "", "Không có"), c.current_max, c.current,
         c.change, ARROWS.get(c.direction or "", ""), yes(c.compared_by_ratio)]
        for u in result.units for c in u.components
    ]
    table(ws, headers, rows, widths=[12, 12, 34, 12, 30, 12, 12, 16, 12, 12, 12, 10, 14])


def _proposal(ws: Sheet, result: CampaignResult) -> None:
    headers = ["STT", "Hình thức", "Tên tập thể / Họ và tên", "Chức vụ", "Đơn vị", "Thứ hạng",
               "Ghi chú", "Số tiền (đồng)"]
    rows: list[list[Any]] = []
    for u in sorted(result.selected_units, key=lambda u: u.list_number or 0):
        rows.append([u.list_number, "Tập thể", u.unit.name, "", u.unit.code, u.rank,
                     u.override_reason if u.override == "Chọn" else "", u.amount])
    for i in sorted(result.selected_individuals, key=lambda i: i.list_number or 0):
        rows.append([i.list_number, "Cá nhân", i.nominee.name, i.nominee.position, i.unit_name, i.rank,
                     i.override_reason if i.override == "Chọn" else "", i.amount])
    last = table(ws, headers, rows, widths=[6, 10, 34, 22, 30, 10, 30, 16])
    put(ws, last + 1, 3, "Tổng cộng", bold=True)
    put(ws, last + 1, 8, result.totals.total, bold=True)
    put(ws, last + 2, 3, f"Bằng chữ: {result.totals.total_words}")


def _problems_rows(result: CampaignResult) -> list[list[Any]]:
    found = [p for f in sorted(result.inputs, key=lambda f: f.path) for p in f.problems] + result.problems
    return [[p.file, p.sheet or "", p.cell or "", severity(p), p.message] for p in found]


def summary_title(result: CampaignResult) -> str:
    return f"Tổng hợp kết quả thi đua năm {result.year}"


def summary_book(result: CampaignResult) -> Book:
    """tong_hop.xlsx: TongQuan, DonVi, ChiSo, CaNhan, DeNghi, Loi."""
    wb = Book()
    _overview(wb.add_sheet("TongQuan"), result)
    _units(wb.add_sheet("DonVi"), result)
    _components(wb.add_sheet("ChiSo"), result)
    people_sheet(wb.add_sheet("CaNhan"), result.individuals)
    _proposal(wb.add_sheet("DeNghi"), result)
    table(wb.add_sheet("Loi"), ["Tệp", "Trang", "Ô", "Mức độ", "Nội dung"], _problems_rows(result),
          widths=[30, 12, 8, 10, 90])
    return wb
