"""Output workbooks: tong_hop.xlsx (consolidated) and kiem_tra/<mã đơn vị>.xlsx (feedback per unit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.intake.cache import OutputMemo
from thidua_reports.models import (
    STATUS_WORDS,
    CampaignResult,
    CriterionResult,
    IndividualResult,
    InputFile,
    Problem,
    UnitResult,
)
from thidua_reports.vietnamese import short_date, slugify
from thidua_reports.workbooks.xlsx import (
    BOLD,
    HEADER,
    NORMAL,
    TITLE,
    WRAP,
    Book,
    Sheet,
    column_letter,
)

UNIT_CRITERIA = {"nhiem_vu": "Nhiệm vụ CCHC", "xep_loai": "Xếp loại CCHC",
                 "chi_so": "Chỉ số thành phần", "ky_luat": "Kỷ luật, kỷ cương"}
PERSON_CRITERIA = {"hoan_thanh": "Mức độ hoàn thành", "cchc": "Nhiệm vụ CCHC",
                   "van_ban": "Văn bản đúng hạn", "ky_luat": "Kỷ luật, kỷ cương"}
SOURCES = {"danh_muc": "Danh mục", "lich_su": "Lịch sử", "don_vi": "Đơn vị tự ghi"}
ARROWS = {"tăng": "↑", "giảm": "↓", "không đổi": "="}
UNKNOWN_FEEDBACK = "_khong_xac_dinh.xlsx"
WRAP_WIDTH = 40


def _yes(flag: bool) -> str:
    return "Có" if flag else "Không"


def _crit(c: CriterionResult | None) -> list[str]:
    if c is None:
        return ["", ""]
    return ["Đạt" if c.passed else "Không đạt", c.detail]


def _severity(p: Problem) -> str:
    return "Lỗi" if p.severity == "error" else "Cảnh báo"


def put(ws: Sheet, row: int, col: int, value: Any, bold: bool = False) -> None:
    """Write a value; text always as text, so user text like "=1+1" never becomes a formula.

    Control characters, which a worksheet cannot hold (a cell may carry them as "_x0001_"), are dropped.
    """
    ws.put(row, col, value, BOLD if bold else NORMAL)


def table(ws: Sheet, headers: Sequence[str], rows: Iterable[Sequence[Any]], start: int = 1,
          widths: Sequence[int] | None = None) -> int:
    """A bold header row at `start`, frozen, with a filter over the data; returns the last row."""
    for c, h in enumerate(headers, start=1):
        ws.put(start, c, h, HEADER)
    last = start
    for last, values in enumerate(rows, start=start + 1):
        ws.put_row(last, values)
    ws.freeze_rows = start
    ws.filter_ref = f"A{start}:{column_letter(len(headers))}{max(last, start)}"
    for c, h in enumerate(headers, start=1):
        width = widths[c - 1] if widths and c <= len(widths) else max(10, min(40, len(h) + 4))
        ws.widths[c] = width
        if width >= WRAP_WIDTH:  # long explanations wrap inside their column, on screen and on paper
            for row in range(start + 1, last + 1):
                ws.restyle(row, c, WRAP)
    ws.print_title_rows = (start, start)
    return last


def save_workbook(wb: Book, path: Path, settings: Settings, title: str) -> None:
    """Save with fixed properties and zip timestamps (the decision date), so equal inputs give equal bytes.

    Every sheet prints as it is: A4 landscape, every column on the page width.
    """
    when = datetime.combine(settings.issuer.decision_date, time(0, 0))
    wb.save(path, title=title, creator="thidua_reports", when=when)


def unit_status(u: UnitResult) -> str:
    if not u.submitted:
        return "Chưa gửi"
    return STATUS_WORDS["accepted"] if u.accepted else STATUS_WORDS["rejected"]


# --- tong_hop.xlsx ---------------------------------------------------------------------------


def _overview(ws: Sheet, result: CampaignResult) -> None:
    units = result.units
    people = result.individuals
    rows = [
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
    table(ws, ["Chỉ tiêu", "Số lượng"], rows, widths=[36, 16])


def _units(ws: Sheet, result: CampaignResult) -> None:
    headers = ["Mã đơn vị", "Tên đơn vị", "Tình trạng hồ sơ", "Gửi muộn", "Đề nghị khen tập thể",
               "Điểm CCHC", "Xếp loại"]
    for label in UNIT_CRITERIA.values():
        headers += [label, f"{label} - giải thích"]
    headers += ["Đủ điều kiện", "Thứ hạng", "Được đề nghị", "Được chọn", "Ngang điểm tại ngưỡng",
                "Quyết định Hội đồng", "Số tiền (đồng)", "Ghi chú"]
    rows = []
    for u in result.units:
        row: list[Any] = [u.unit.code, u.unit.name, unit_status(u), _yes(u.late),
                          _yes(u.requested) if u.accepted else "", u.cchc_score, u.classification or ""]
        for key in UNIT_CRITERIA:
            row += _crit(u.criteria.get(key))
        row += [_yes(u.eligible) if u.criteria else "", u.rank, _yes(u.proposed), _yes(u.selected),
                _yes(u.tie_at_cutoff), " - ".join(x for x in (u.override or "", u.override_reason) if x),
                u.amount, u.note]
        rows.append(row)
    table(ws, headers, rows, widths=[12, 34, 14, 10, 12, 10, 12] + [10, 40] * 4 + [12] * 6 + [14, 40])


def _components(ws: Sheet, result: CampaignResult) -> None:
    headers = ["Bộ chỉ số", "Mã chỉ số", "Tên chỉ số thành phần", "Mã đơn vị", "Tên đơn vị",
               "Điểm tối đa năm trước", "Điểm năm trước", "Nguồn số liệu năm trước", "Điểm tối đa năm nay",
               "Điểm năm nay", "Thay đổi", "Xu hướng", "So theo tỷ lệ điểm/điểm tối đa"]
    rows = [
        [c.index_set, c.code, c.name, u.unit.code, u.unit.name, c.prior_max, c.prior,
         SOURCES.get(c.prior_source or "", "Không có"), c.current_max, c.current,
         c.change, ARROWS.get(c.direction or "", ""), _yes(c.compared_by_ratio)]
        for u in result.units for c in u.components
    ]
    table(ws, headers, rows, widths=[12, 12, 34, 12, 30, 12, 12, 16, 12, 12, 12, 10, 14])


def _people(ws: Sheet, people: list[IndividualResult], with_unit: bool = True) -> None:
    headers = ["Họ và tên", "Mã đơn vị", "Tên đơn vị", "Chức vụ", "Thứ tự đề nghị"] if with_unit else [
        "Họ và tên", "Chức vụ", "Thứ tự đề nghị"]
    for label in PERSON_CRITERIA.values():
        headers += [label, f"{label} - giải thích"]
    headers += ["Đủ điều kiện", "Thứ hạng", "Được đề nghị", "Được chọn", "Ngang điểm tại ngưỡng",
                "Quyết định Hội đồng", "Số tiền (đồng)", "Ghi chú"]
    rows = []
    for i in people:
        n = i.nominee
        row: list[Any] = ([n.name, i.unit_code, i.unit_name, n.position, n.priority] if with_unit
                          else [n.name, n.position, n.priority])
        for key in PERSON_CRITERIA:
            row += _crit(i.criteria.get(key))
        row += [_yes(i.eligible), i.rank, _yes(i.proposed), _yes(i.selected), _yes(i.tie_at_cutoff),
                " - ".join(x for x in (i.override or "", i.override_reason) if x), i.amount, i.note]
        rows.append(row)
    table(ws, headers, rows, widths=([26, 12, 30, 20, 10] if with_unit else [26, 20, 10]) + [10, 36] * 4)


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
    return [[p.file, p.sheet or "", p.cell or "", _severity(p), p.message] for p in found]


def write_summary_workbook(result: CampaignResult, settings: Settings, path: Path,
                           memo: OutputMemo | None = None) -> None:
    """tong_hop.xlsx: TongQuan, DonVi, ChiSo, CaNhan, DeNghi, Loi.

    With a memo, the previous run's file is reused when every cell is unchanged.
    """
    wb = Book()
    _overview(wb.add_sheet("TongQuan"), result)
    _units(wb.add_sheet("DonVi"), result)
    _components(wb.add_sheet("ChiSo"), result)
    _people(wb.add_sheet("CaNhan"), result.individuals)
    _proposal(wb.add_sheet("DeNghi"), result)
    table(wb.add_sheet("Loi"), ["Tệp", "Trang", "Ô", "Mức độ", "Nội dung"], _problems_rows(result),
          widths=[30, 12, 8, 10, 90])
    title = f"Tổng hợp kết quả thi đua năm {result.year}"
    key = None
    if memo is not None:
        key = OutputMemo.key(title, settings.issuer.decision_date, [
            (s.title, s.cells, s.styles, s.widths, s.freeze_rows, s.filter_ref, s.print_title_rows)
            for s in wb.sheets])
        if memo.reuse(path.name, key, path):
            return
    save_workbook(wb, path, settings, title)
    if memo is not None and key is not None:
        memo.record(path.name, key, path)


# --- kiem_tra/<code>.xlsx --------------------------------------------------------------------


def _advice(f: InputFile, settings: Settings, office: str) -> str:
    if f.status == "rejected":
        return (f"Hồ sơ bị từ chối do có {len(f.errors)} lỗi. Hãy sửa các ô được nêu dưới đây rồi gửi lại "
                f"tệp cho {office}.")
    text = "Hồ sơ hợp lệ."
    if f.warnings:
        text += f" Có {len(f.warnings)} cảnh báo, đề nghị kiểm tra lại các ô được nêu dưới đây."
    if f.late:
        text += f" Hồ sơ gửi muộn so với hạn {short_date(settings.campaign.submission_deadline)}."
    return text


def _feedback_book(title: str, lines: list[str], problems: list[Problem]) -> Book:
    wb = Book()
    ws = wb.add_sheet("KiemTra")
    ws.put(1, 1, title, TITLE)
    for n, line in enumerate(lines, start=2):
        put(ws, n, 1, line)
    rows = [[p.file, p.sheet or "", p.cell or "", _severity(p), p.message] for p in problems]
    table(ws, ["Tệp", "Trang", "Ô", "Mức độ", "Nội dung cần sửa"], rows, start=len(lines) + 3,
          widths=[30, 12, 8, 10, 90])
    return wb


def write_feedback(
    out_dir: Path, inputs: list[InputFile], unit_results: list[UnitResult] | None, settings: Settings,
    individuals: list[IndividualResult] | None = None, memo: OutputMemo | None = None,
) -> list[Path]:
    """One feedback workbook per unit that sent a file, in `out_dir` (the kiem_tra folder).

    With a memo, a unit whose feedback content is unchanged gets the previous run's file back.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    known = {u.unit.code: u for u in unit_results} if unit_results is not None else None
    groups: dict[str, list[InputFile]] = {}
    unknown: list[InputFile] = []
    for f in sorted(inputs, key=lambda f: f.path):
        if f.unit_code and (known is None or f.unit_code in known):
            groups.setdefault(f.unit_code, []).append(f)
        else:
            unknown.append(f)
    people_of: dict[str, list[IndividualResult]] = {}
    for person in individuals or []:
        people_of.setdefault(person.unit_code, []).append(person)
    written = []
    for code, files in sorted(groups.items()):
        ur = known.get(code) if known else None
        main = next((f for f in files if f.status in ("accepted", "rejected")), files[0])
        name = ur.unit.name if ur else (main.submission.unit_name if main.submission else "") or code
        lines = [f"Tệp: {main.path}", f"Trạng thái: {STATUS_WORDS[main.status]}",
                 _advice(main, settings, settings.office.name)]
        lines += [f"Tệp khác của đơn vị: {f.path} — {STATUS_WORDS[f.status]}"
                  + (f" ({f.note})" if f.note else "") for f in files if f is not main]
        problems = list(main.problems) + (ur.problems if ur else [])
        criteria: list[list[Any]] | None = None
        if ur is not None and ur.accepted:
            if ur.requested:
                criteria = [[label, *_crit(ur.criteria.get(k))] for k, label in UNIT_CRITERIA.items()]
                criteria.append(["Đủ điều kiện", _yes(ur.eligible), ur.note])
                criteria.append(["Thứ hạng", ur.rank if ur.rank is not None else "", ""])
            else:
                criteria = [["Khen thưởng tập thể", "Không đề nghị", "Đơn vị không đề nghị khen thưởng tập thể"]]
        people = people_of.get(code, []) if individuals is not None and criteria is not None else None
        path = out_dir / f"{slugify(code)}.xlsx"
        title = f"Kết quả kiểm tra hồ sơ của {name}"
        key = OutputMemo.key(title, lines, problems, criteria, people, settings.issuer.decision_date)
        rel = f"kiem_tra/{path.name}"  # relative to output/<year>, whatever folder is being staged
        if memo is None or not memo.reuse(rel, key, path):
            wb = _feedback_book(title, lines, problems)
            if criteria is not None:
                table(wb.add_sheet("TieuChi"), ["Tiêu chí", "Kết quả", "Giải thích"], criteria,
                      widths=[24, 12, 80])
                if people is not None:
                    _people(wb.add_sheet("CaNhan"), people, False)
            save_workbook(wb, path, settings, title)
            if memo is not None:
                memo.record(rel, key, path)
        written.append(path)
    if unknown:
        found: list[Problem] = []
        lines = ["Các tệp dưới đây không xác định được đơn vị gửi (thiếu hoặc sai Mã đơn vị), hoặc không "
                 "phải sổ tính Excel. Hãy ghi đúng Mã đơn vị theo danh mục rồi gửi lại."]
        for f in unknown:
            lines.append(f"{f.path}: {STATUS_WORDS[f.status]}" + (f" ({f.note})" if f.note else ""))
            found.extend(f.problems)
        wb = _feedback_book("Kết quả kiểm tra các tệp không xác định được đơn vị", lines, found)
        path = out_dir / UNKNOWN_FEEDBACK
        save_workbook(wb, path, settings, "Tệp không xác định được đơn vị")
        written.append(path)
    return written
