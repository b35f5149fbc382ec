"""Context of a unit's Báo cáo thành tích (SPEC §12.1, DOMAIN §3.4): the collective's (Mẫu 01/ND 91
headings) and each nominee's (Mẫu 02), filled from the workbook, the registry and the history; what
only the unit or the person knows is left dotted."""

from __future__ import annotations

import math
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.decision.history import earlier_awards
from thidua_reports.documents.context import (
    COLLECTIVE_CRITERIA,
    INDIVIDUAL_CRITERIA,
    criterion_labels,
)
from thidua_reports.documents.summaries import (
    ACHIEVEMENT_TITLES,
    component_rows,
    criteria_rows,
    paragraphs,
)
from thidua_reports.documents.unit_author import unit_header, unit_place
from thidua_reports.models import AwardRecord, IndividualResult, Unit, UnitResult
from thidua_reports.vietnamese import short_date

# What the unit fills in by hand. A "…" is 1 em wide in Times New Roman (0,49 cm at 14 pt): about
# 29 fill a body line after its 1,27 cm first-line indent; a text character is about half of one.
DOTS = "……"
LINE_DOTS = 29
LINE = "…" * LINE_DOTS
SIGN_NOTE = "(Ký, đóng dấu)"


def fill(label: str) -> str:
    """`label` followed by dots to about the end of the line ("Quê quán: ……………")."""
    return label + "…" * max(6, LINE_DOTS - math.ceil(len(label) / 2) - 1)


def dotted_date(settings: Settings, unit: Unit) -> str:
    """"Ninh Phước, ngày …… tháng …… năm 2021": the unit dates it when it signs (the year of the
    submission deadline)."""
    year = settings.campaign.submission_deadline.year
    return f"{unit_place(settings, unit)}, ngày {DOTS} tháng {DOTS} năm {year}"


def first_sentence(text: str) -> str:
    """The first sentence of the first non-empty line, without its final stop ("" for no text)."""
    line = next((raw.strip() for raw in (text or "").splitlines() if raw.strip()), "").lstrip("-+• ").strip()
    head, dot, _rest = line.partition(". ")
    return (head if dot else line).rstrip(" .;,:")


def subject(p: IndividualResult) -> str:
    """"Bà Nguyễn Thị Hoa" / "Ông …" from Giới tính, the bare name when it is blank."""
    title = {"nam": "Ông", "nữ": "Bà"}.get(p.nominee.gender.strip().casefold(), "")
    return f"{title} {p.nominee.name}".strip()


def _award_rows(earlier: list[AwardRecord]) -> list[dict[str, str]]:
    """Table rows of III.2 (Hình thức khen thưởng): the awards in the history, then a dotted row for
    the ones the history does not know."""
    rows = []
    for r in earlier:
        decision = f"Quyết định số {r.decision_number}" if r.decision_number.strip() else "Quyết định"
        if r.decision_date:
            decision += f" ngày {short_date(r.decision_date)}"
        rows.append({"year": str(r.year), "name": r.form or "Khen thưởng", "decision": decision})
    return rows + [{"year": DOTS, "name": DOTS, "decision": DOTS}]


def _common(settings: Settings, unit: Unit, subject_line: str) -> dict[str, Any]:
    return {
        "header_lines": unit_header(settings, unit),
        "doc_number": "",  # a Báo cáo thành tích carries no number
        "date_line": dotted_date(settings, unit),
        "summary": f"Đề nghị tặng {settings.award.form} của {settings.issuer_head}",
        "subject": subject_line,
        "titles": [{"year": DOTS, "name": DOTS, "decision": DOTS}],
    }


def _closing(settings: Settings, who: str) -> str:
    return (f"Trên đây là báo cáo thành tích của {who} trong {settings.campaign.title}, kính đề nghị "
            f"{settings.addressee} xem xét, tặng {settings.award.form}./.")


def collective_report(u: UnitResult, settings: Settings, earlier: list[AwardRecord]) -> dict[str, Any]:
    """The collective's report: I. Sơ lược đặc điểm, tình hình; II. Thành tích (criteria, index
    comparison, the unit's texts); III. Earlier awards; signatures."""
    unit, s = u.unit, u.submission
    staffing = unit.staffing or (s.staffing if s else None)
    head = f"{unit.head_name}, {unit.head_title}" if unit.head_name and unit.head_title else unit.head_name
    texts = s.achievements if s else {}
    sections = []
    for n, (key, title) in enumerate(ACHIEVEMENT_TITLES, 3):
        sections.append({"title": f"{n}. {title}:", "paragraphs": paragraphs(texts.get(key, "")) or [LINE]})
    return {
        **_common(settings, unit, unit.name),
        "profile": [f"- Tên tập thể: {unit.name}.",
                    fill("- Trụ sở, điện thoại, thư điện tử: "),
                    f"- Người đứng đầu: {head}." if head else fill("- Người đứng đầu: "),
                    f"- Tổng số biên chế: {staffing} người." if staffing else fill("- Tổng số biên chế: "),
                    fill("- Quá trình thành lập, cơ cấu tổ chức, cơ sở vật chất: ")],
        "duties": [LINE, LINE],
        "criteria_intro": f"1. Kết quả thực hiện các tiêu chí thi đua năm {settings.campaign.year}:",
        "criteria": criteria_rows(u.criteria, COLLECTIVE_CRITERIA, criterion_labels(settings)["collective"]),
        "components_intro": "2. Chỉ số thành phần được giao so với năm trước:",
        "prior_label": "Điểm năm trước",
        "current_label": "Điểm năm nay",
        "components": component_rows(u),
        "achievement_sections": sections,
        "awards": _award_rows(earlier_awards(earlier, 10**6, unit.code)),
        "closing": _closing(settings, unit.name),
        "sign_name": unit.head_name,
    }


def individual_report(p: IndividualResult, u: UnitResult, settings: Settings,
                      earlier: list[AwardRecord]) -> dict[str, Any]:
    """A nominee's report: I. Sơ lược lý lịch; II. Nhiệm vụ and thành tích (criteria with the
    figures, the workbook's text); III. Earlier awards; signatures."""
    n = p.nominee
    gender = f" Giới tính: {n.gender}." if n.gender.strip() else f" Giới tính: {DOTS}."
    return {
        **_common(settings, u.unit, n.name),
        "profile": [f"- Họ và tên: {n.name}.",
                    f"- Sinh ngày, tháng, năm: {DOTS * 4}.{gender}",
                    fill("- Quê quán: "),
                    fill("- Trú quán: "),
                    f"- Đơn vị công tác: {u.unit.name}.",
                    f"- Chức vụ (Đảng, chính quyền, đoàn thể): {n.position}.",
                    fill("- Trình độ chuyên môn, nghiệp vụ: "),
                    fill("- Học hàm, học vị, danh hiệu, giải thưởng: ")],
        "duties": [LINE, LINE],
        "criteria_intro": f"2. Thành tích đạt được năm {settings.campaign.year}:",
        "criteria": criteria_rows(p.criteria, INDIVIDUAL_CRITERIA, criterion_labels(settings)["individual"]),
        "achievements": paragraphs(n.achievements) or [LINE],
        "awards": _award_rows(earlier_awards(earlier, 10**6, u.unit.code, n.name)),
        "closing": _closing(settings, "cá nhân"),
        "head_name": u.unit.head_name,
        "sign_name": n.name,
    }
