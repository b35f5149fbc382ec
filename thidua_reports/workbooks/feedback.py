"""kiem_tra/<mã đơn vị>.xlsx (SPEC §7): the feedback each unit gets on its file and its criteria."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.models import STATUS_WORDS, IndividualResult, InputFile, Problem, UnitResult
from thidua_reports.vietnamese import short_date, slugify
from thidua_reports.workbooks.tables import (
    UNIT_CRITERIA,
    book_bytes,
    crit,
    people_sheet,
    put,
    severity,
    table,
    yes,
)
from thidua_reports.workbooks.xlsx import TITLE, Book

FEEDBACK_DIR = "kiem_tra"
UNKNOWN_FEEDBACK = "_khong_xac_dinh.xlsx"


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
    rows = [[p.file, p.sheet or "", p.cell or "", severity(p), p.message] for p in problems]
    table(ws, ["Tệp", "Trang", "Ô", "Mức độ", "Nội dung cần sửa"], rows, start=len(lines) + 3,
          widths=[30, 12, 8, 10, 90])
    return wb


@dataclass(frozen=True)
class FeedbackPage:
    """Everything one feedback workbook shows; `reusable`: the previous run's file may be kept when equal."""

    rel: str  # kiem_tra/<file>.xlsx
    title: str
    lines: tuple[str, ...]
    problems: tuple[Problem, ...]
    criteria: tuple[tuple[Any, ...], ...] | None = None
    people: tuple[IndividualResult, ...] | None = None
    reusable: bool = True
    doc_title: str = ""  # the file's title property, when not the heading


def feedback_pages(
    inputs: list[InputFile], unit_results: list[UnitResult] | None, settings: Settings,
    individuals: list[IndividualResult] | None = None, drafts: dict[str, list[str]] | None = None,
) -> list[FeedbackPage]:
    """One page per unit that sent a file, and one for the files whose unit cannot be known;
    `drafts`: unit code → the lines naming the unit's drafts (SPEC §12.1)."""
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
    pages = []
    for code, files in sorted(groups.items()):
        ur = known.get(code) if known else None
        main = next((f for f in files if f.status in ("accepted", "rejected")), files[0])
        name = ur.unit.name if ur else (main.submission.unit_name if main.submission else "") or code
        lines = [f"Tệp: {main.path}", f"Trạng thái: {STATUS_WORDS[main.status]}",
                 _advice(main, settings, settings.office.name)]
        lines += [f"Tệp khác của đơn vị: {f.path} — {STATUS_WORDS[f.status]}"
                  + (f" ({f.note})" if f.note else "") for f in files if f is not main]
        lines += (drafts or {}).get(code, [])
        problems = list(main.problems) + (ur.problems if ur else [])
        criteria: list[tuple[Any, ...]] | None = None
        if ur is not None and ur.accepted:
            if ur.requested:
                criteria = [(label, *crit(ur.criteria.get(k))) for k, label in UNIT_CRITERIA.items()]
                criteria.append(("Đủ điều kiện", yes(ur.eligible), ur.note))
                criteria.append(("Thứ hạng", ur.rank if ur.rank is not None else "", ""))
            else:
                criteria = [("Khen thưởng tập thể", "Không đề nghị", "Đơn vị không đề nghị khen thưởng tập thể")]
        people = people_of.get(code, []) if individuals is not None and criteria is not None else None
        pages.append(FeedbackPage(
            rel=f"{FEEDBACK_DIR}/{slugify(code)}.xlsx", title=f"Kết quả kiểm tra hồ sơ của {name}",
            lines=tuple(lines), problems=tuple(problems),
            criteria=tuple(criteria) if criteria is not None else None,
            people=tuple(people) if people is not None else None))
    if unknown:
        found: list[Problem] = []
        lines = ["Các tệp dưới đây không xác định được đơn vị gửi (thiếu hoặc sai Mã đơn vị), hoặc không "
                 "phải sổ tính Excel. Hãy ghi đúng Mã đơn vị theo danh mục rồi gửi lại."]
        for f in unknown:
            lines.append(f"{f.path}: {STATUS_WORDS[f.status]}" + (f" ({f.note})" if f.note else ""))
            found.extend(f.problems)
        pages.append(FeedbackPage(rel=f"{FEEDBACK_DIR}/{UNKNOWN_FEEDBACK}",
                                  title="Kết quả kiểm tra các tệp không xác định được đơn vị",
                                  lines=tuple(lines), problems=tuple(found), reusable=False,
                                  doc_title="Tệp không xác định được đơn vị"))
    return pages


def render_feedback(page: FeedbackPage, when: date) -> bytes:
    """The feedback workbook of one page: KiemTra, and TieuChi/CaNhan when the criteria are known."""
    wb = _feedback_book(page.title, list(page.lines), list(page.problems))
    if page.criteria is not None:
        table(wb.add_sheet("TieuChi"), ["Tiêu chí", "Kết quả", "Giải thích"], page.criteria,
              widths=[24, 12, 80])
        if page.people is not None:
            people_sheet(wb.add_sheet("CaNhan"), list(page.people), False)
    return book_bytes(wb, page.doc_title or page.title, when)
