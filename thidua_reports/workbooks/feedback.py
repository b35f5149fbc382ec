"""kiem_tra/<mã đơn vị>.xlsx (SPEC §7): the feedback each unit gets on its file and its criteria."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.dossier import DOSSIER_KINDS, KIND_NAMES, SOURCE_WORDS
from thidua_reports.models import STATUS_WORDS, IndividualResult, InputFile, Problem, UnitResult
from thidua_reports.vietnamese import format_decimal_vi, short_date, slugify
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
    dossier: tuple[str, ...] = ()  # SPEC §12.2: completeness, one line per required paper
    attachments: tuple[tuple[Any, ...], ...] = ()  # the unit's attachments: file, kind, size, sha256, status, note


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
    for code, all_files in sorted(groups.items()):
        ur = known.get(code) if known else None
        papers = [f for f in all_files if f.kind is not None]  # attachments, counted or not (SPEC §12.2)
        files = [f for f in all_files if f.kind is None]
        main = next((f for f in files if f.status in ("accepted", "rejected")), files[0] if files else None)
        name = ur.unit.name if ur else (main.submission.unit_name if main and main.submission else "") or code
        if main is not None:
            lines = [f"Tệp: {main.path}", f"Trạng thái: {STATUS_WORDS[main.status]}",
                     _advice(main, settings, settings.office.name)]
        else:
            lines = [f"Chưa nhận được phiếu số liệu (tệp bảng tính theo mẫu) của đơn vị; hãy gửi phiếu cho "
                     f"{settings.office.name}. Các văn bản gửi kèm được liệt kê ở trang HoSo."]
        lines += [f"Tệp khác của đơn vị: {f.path} — {STATUS_WORDS[f.status]}"
                  + (f" ({f.note})" if f.note else "") for f in files if f is not main]
        dossier = _dossier_lines(ur, bool(papers))
        if dossier:
            lines.append(f"{dossier[-1]} (chi tiết ở trang HoSo)")
        lines += (drafts or {}).get(code, [])
        problems = (list(main.problems) if main else []) + (ur.problems if ur else [])
        criteria: list[tuple[Any, ...]] | None = None
        if ur is not None and ur.accepted:
            if ur.requested:
                criteria = [(label, *crit(ur.criteria.get(k))) for k, label in UNIT_CRITERIA.items()]
                if "ho_so" in ur.criteria:
                    criteria.append(("Hồ sơ đầy đủ", *crit(ur.criteria["ho_so"])))
                criteria.append(("Đủ điều kiện", yes(ur.eligible), ur.note))
                criteria.append(("Thứ hạng", ur.rank if ur.rank is not None else "", ""))
            else:
                criteria = [("Khen thưởng tập thể", "Không đề nghị", "Đơn vị không đề nghị khen thưởng tập thể")]
        people = people_of.get(code, []) if individuals is not None and criteria is not None else None
        pages.append(FeedbackPage(
            rel=f"{FEEDBACK_DIR}/{slugify(code)}.xlsx", title=f"Kết quả kiểm tra hồ sơ của {name}",
            lines=tuple(lines), problems=tuple(problems),
            criteria=tuple(criteria) if criteria is not None else None,
            people=tuple(people) if people is not None else None,
            dossier=tuple(dossier), attachments=tuple(_attachment_row(f) for f in papers)))
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


def _dossier_lines(ur: UnitResult | None, has_papers: bool) -> list[str]:
    """"Tờ trình: Có (tệp)" per required paper, then the verdict; why it is not judged when the unit
    sent papers anyway; nothing with [dossier] policy = "off" or before the decision."""
    d = ur.dossier if ur is not None else None
    if ur is None or d is None:
        return []
    if not d.judged:
        why = "đơn vị không đề nghị khen thưởng" if ur.accepted else "chưa có phiếu số liệu hợp lệ của đơn vị"
        return [f"Chưa xét hồ sơ gửi kèm: {why}"] if has_papers else []
    lines = [f"{DOSSIER_KINDS[k]}: {SOURCE_WORDS[d.sent.get(k)]}" for k in d.required]
    lines.append(f"Hồ sơ gửi kèm chưa đủ: thiếu {d.missing_names()}" if d.missing else "Hồ sơ gửi kèm đầy đủ")
    return lines


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{format_decimal_vi(n / 1024, 1)} KB"
    return f"{format_decimal_vi(n / 1024 / 1024, 1)} MB"


def _attachment_row(f: InputFile) -> tuple[Any, ...]:
    status = "Được tính" if f.status == "attachment" else "Không được tính"
    return (f.path, KIND_NAMES.get(f.kind or "", ""), _size(f.size), f.sha256, status, f.note)


def _dossier_sheet(wb: Book, page: FeedbackPage) -> None:
    """HoSo: the completeness lines, then the table of attachments (never opened, only listed)."""
    ws = wb.add_sheet("HoSo")
    ws.put(1, 1, "Hồ sơ gửi kèm (Tờ trình, Biên bản họp Hội đồng, Báo cáo thành tích)", TITLE)
    lines = list(page.dossier) or ["Danh sách tệp đính kèm của đơn vị"]
    for n, line in enumerate(lines, start=2):
        put(ws, n, 1, line)
    rows = page.attachments or (("Chưa có tệp đính kèm", "", "", "", "", ""),)
    table(ws, ["Tệp", "Loại văn bản", "Dung lượng", "SHA-256", "Tình trạng", "Ghi chú"], rows,
          start=len(lines) + 3, widths=[40, 22, 12, 40, 16, 60])


def render_feedback(page: FeedbackPage, when: date) -> bytes:
    """The feedback workbook of one page: KiemTra, and TieuChi/CaNhan when the criteria are known."""
    wb = _feedback_book(page.title, list(page.lines), list(page.problems))
    if page.criteria is not None:
        table(wb.add_sheet("TieuChi"), ["Tiêu chí", "Kết quả", "Giải thích"], page.criteria,
              widths=[24, 12, 80])
        if page.people is not None:
            people_sheet(wb.add_sheet("CaNhan"), list(page.people), False)
    if page.dossier or page.attachments:
        _dossier_sheet(wb, page)
    return book_bytes(wb, page.doc_title or page.title, when)
