"""Each unit's own drafts (SPEC §12.1), `ho_so_don_vi/<ma_don_vi>/`: its Tờ trình to the issuer, its
council minutes as a form, the Báo cáo thành tích of the collective and of each nominee.

The unit is the author (header, place, signer: unit_author.py). Everything comes from the unit's
workbook, the registry, the history and the settings — never from the ranking or the council's
choice, so a unit's drafts change only when its own data do and a re-run reuses them. What only the
unit can write (number, date, time, place, members, birth date…) is dotted, never invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.documents.context import count_phrase, punctuate
from thidua_reports.documents.unit_author import (
    is_committee,
    unit_council,
    unit_header,
    unit_signer,
)
from thidua_reports.documents.unit_reports import (
    DOTS,
    LINE,
    collective_report,
    dotted_date,
    first_sentence,
    individual_report,
    subject,
)
from thidua_reports.models import AwardRecord, CampaignResult, IndividualResult, UnitResult
from thidua_reports.vietnamese import doc_number, format_decimal_vi, slugify

DRAFT_DIR = "ho_so_don_vi"
# built-in templates (user copies in mau_van_ban/ by the same names)
UNIT_PROPOSAL, UNIT_MINUTES = "don_vi_to_trinh.docx", "don_vi_bien_ban.docx"
UNIT_REPORT_COLLECTIVE, UNIT_REPORT_INDIVIDUAL = "don_vi_bao_cao_tap_the.docx", "don_vi_bao_cao_ca_nhan.docx"
# output names inside the unit's folder
PROPOSAL_NAME, MINUTES_NAME = "to_trinh.docx", "bien_ban_hop.docx"
UNIT_DRAFT_TEMPLATES = (UNIT_PROPOSAL, UNIT_MINUTES, UNIT_REPORT_COLLECTIVE, UNIT_REPORT_INDIVIDUAL)
REPORT_PREFIX = "bao_cao_thanh_tich"

_HEAD = {"header_lines", "doc_number", "date_line", "summary"}
_REPORT = _HEAD | {"subject", "titles", "awards", "closing"}
UNIT_DRAFT_KEYS: dict[str, set[str]] = {
    UNIT_PROPOSAL: _HEAD | {"addressee", "bases", "intro", "proposal", "groups", "attachments",
                            "closing", "recipients", "signer_prefix", "signer_title", "signer_name"},
    UNIT_MINUTES: _HEAD | {"start_line", "place_line", "attendance", "present", "absent", "chair",
                           "secretary", "report_intro", "report", "discussion", "vote_intro",
                           "collective_votes", "individual_votes", "conclusion", "closing"},
    UNIT_REPORT_COLLECTIVE: _REPORT | {"profile", "duties", "criteria_intro", "criteria",
                                       "components_intro", "prior_label", "current_label",
                                       "components", "achievement_sections", "sign_name"},
    UNIT_REPORT_INDIVIDUAL: _REPORT | {"profile", "duties", "criteria_intro", "criteria",
                                       "achievements", "head_name", "sign_name"},
}


def nominees_in_order(people: Iterable[IndividualResult]) -> list[IndividualResult]:
    """A unit's nominees by Thứ tự đề nghị: numbered ones first, then blanks, row order breaking ties."""
    return sorted(people, key=lambda p: (p.nominee.priority is None, p.nominee.priority or 0, p.nominee.row))


def drafting_units(result: CampaignResult) -> list[tuple[UnitResult, list[IndividualResult]]]:
    """Units with an accepted workbook that request the collective award or nominate anyone, in
    registry order, each with its nominees in Thứ tự đề nghị order."""
    people: dict[str, list[IndividualResult]] = {}
    for p in result.individuals:
        people.setdefault(p.unit_code, []).append(p)
    return [(u, nominees_in_order(people.get(u.unit.code, [])))
            for u in result.units
            if u.accepted and (u.requested or people.get(u.unit.code))]


def draft_folder(u: UnitResult) -> str:
    return f"{DRAFT_DIR}/{slugify(u.unit.code)}"


def report_name(number: int, p: IndividualResult) -> str:
    """"bao_cao_thanh_tich_01_nguyen-thi-hoa.docx": nn = the place in Thứ tự đề nghị order."""
    return f"{REPORT_PREFIX}_{number:02d}_{slugify(p.nominee.name)}.docx"


def draft_files(u: UnitResult, people: list[IndividualResult]) -> list[tuple[str, str, str]]:
    """(template, path under output/<year>, what it is) of each draft of the unit, in order."""
    folder = draft_folder(u)
    files = [(UNIT_PROPOSAL, f"{folder}/{PROPOSAL_NAME}", "Tờ trình đề nghị khen thưởng"),
             (UNIT_MINUTES, f"{folder}/{MINUTES_NAME}", "Biên bản họp Hội đồng Thi đua - Khen thưởng")]
    if u.requested:
        files.append((UNIT_REPORT_COLLECTIVE, f"{folder}/{REPORT_PREFIX}_tap_the.docx",
                      "Báo cáo thành tích của tập thể"))
    files += [(UNIT_REPORT_INDIVIDUAL, f"{folder}/{report_name(n, p)}",
               f"Báo cáo thành tích của {p.nominee.name}") for n, p in enumerate(people, 1)]
    return files


def feedback_lines(result: CampaignResult) -> dict[str, list[str]]:
    """Unit code → the lines of its feedback file that name its drafts."""
    out = {}
    for u, people in drafting_units(result):
        out[u.unit.code] = (
            ["Dự thảo hồ sơ đề nghị khen thưởng của đơn vị (đơn vị kiểm tra, điền các chỗ để trống "
             "“……”, ký và gửi lại):"]
            + [f"- {rel}: {what}" for _t, rel, what in draft_files(u, people)])
    return out


def _history(result: CampaignResult) -> dict[str, list[AwardRecord]]:
    by_unit: dict[str, list[AwardRecord]] = {}
    for r in result.register:
        if r.year < result.year:
            by_unit.setdefault(r.unit_code, []).append(r)
    return by_unit


def draft_view(u: UnitResult) -> UnitResult:
    """The unit as its drafts see it: its registry row, workbook, request, criteria and index
    comparison; never its rank, selection, vote or amount, which other units' data move."""
    return UnitResult(unit=u.unit, submitted=u.submitted, accepted=u.accepted, requested=u.requested,
                      submission=u.submission, components=u.components, criteria=u.criteria)


def nominee_view(p: IndividualResult) -> IndividualResult:
    """A nominee as the drafts see them: the workbook's row and the criteria, never the ranking."""
    return IndividualResult(nominee=p.nominee, unit_code=p.unit_code, unit_name=p.unit_name, criteria=p.criteria)


def draft_inputs(result: CampaignResult) -> list[tuple[UnitResult, list[IndividualResult], list[AwardRecord]]]:
    """Per drafting unit, everything its drafts are made from besides the settings and templates:
    the unit and its nominees (as draft_view / nominee_view show them) and its earlier awards."""
    history = _history(result)
    return [(draft_view(u), [nominee_view(p) for p in people], history.get(u.unit.code, []))
            for u, people in drafting_units(result)]


def unit_jobs(u: UnitResult, people: list[IndividualResult], earlier: list[AwardRecord],
              settings: Settings) -> list[tuple[str, str, dict[str, Any], str]]:
    """(template, output path, context, author) of one unit's drafts."""
    contexts = [proposal_context(u, people, settings), minutes_context(u, people, settings)]
    if u.requested:
        contexts.append(collective_report(u, settings, earlier))
    contexts += [individual_report(p, u, settings, earlier) for p in people]
    return [(template, rel, context, u.unit.name)
            for (template, rel, _what), context in zip(draft_files(u, people), contexts, strict=True)]


def unit_draft_jobs(result: CampaignResult, settings: Settings) -> list[tuple[str, str, dict[str, Any], str]]:
    """(template, output path, context, author) of every unit's drafts, unit by unit."""
    return [job for u, people, earlier in draft_inputs(result) for job in unit_jobs(u, people, earlier, settings)]


def _work_line(u: UnitResult) -> str:
    """"hoàn thành 12/12 nhiệm vụ cải cách hành chính được giao, điểm tự đánh giá 92,5 điểm"."""
    s = u.submission
    parts = []
    if s is not None and s.tasks_assigned:
        parts.append(f"hoàn thành {s.tasks_done or 0}/{s.tasks_assigned} nhiệm vụ cải cách hành chính "
                     "được giao")
    if s is not None and s.self_score is not None:
        parts.append(f"điểm tự đánh giá cải cách hành chính {format_decimal_vi(s.self_score)} điểm")
    return ", ".join(parts)


def _groups(u: UnitResult, people: list[IndividualResult]) -> list[dict[str, Any]]:
    groups = []
    texts = u.submission.achievements if u.submission else {}
    if u.requested:
        work = _work_line(u)
        line = (first_sentence(texts.get("tap_the", "")) or first_sentence(texts.get("cchc", ""))
                or work[:1].upper() + work[1:] or DOTS)
        groups.append({"heading": "1. Tập thể:",
                       "entries": [{"name": u.unit.name, "detail": f": {line}."}]})
    if people:
        items = [{"name": subject(p), "detail": f", {p.nominee.position}: "
                  f"{first_sentence(p.nominee.achievements) or p.nominee.level}."} for p in people]
        groups.append({"heading": f"{len(groups) + 1}. Cá nhân:", "entries": items})
    return groups


def proposal_context(u: UnitResult, people: list[IndividualResult], settings: Settings) -> dict[str, Any]:
    """The unit's Tờ trình to the issuer's head, through the office (DOMAIN §3.2)."""
    camp, form, name = settings.campaign, settings.award.form, u.unit.name
    council = unit_council(u.unit)
    work = _work_line(u)
    return {
        "header_lines": unit_header(settings, u.unit),
        "doc_number": doc_number(DOTS, "TTr-" + ("UBND" if is_committee(u.unit) else DOTS)),
        "date_line": dotted_date(settings, u.unit),
        "summary": f"Về việc đề nghị tặng {form} của {settings.issuer_head}",
        "addressee": f"{settings.addressee} (qua {settings.office.name})",
        "bases": punctuate([f"Căn cứ {camp.plan_ref} về việc phát động {camp.title}",
                            f"Căn cứ Biên bản họp {council} ngày {DOTS} tháng {DOTS} năm {DOTS}"]),
        "intro": f"Thực hiện {camp.plan_ref}, {name} đã triển khai thực hiện {camp.title}"
                 + (f"; kết quả: {work}." if work else "."),
        "proposal": f"Căn cứ kết quả xét, biểu quyết của {council}, {name} kính đề nghị "
                    f"{settings.addressee} xem xét, tặng {form} cho "
                    f"{count_phrase(int(u.requested), len(people))} đã có thành tích xuất sắc trong "
                    f"{camp.title}, gồm:",
        "groups": _groups(u, people),
        "attachments": "(Có báo cáo thành tích của từng tập thể, cá nhân và biên bản họp Hội đồng kèm theo.)",
        "closing": f"Kính trình {settings.addressee} xem xét, quyết định./.",
        "recipients": punctuate(["Như trên", "Lưu: VT"]),
        **unit_signer(u.unit),
    }


def _report_lines(u: UnitResult, people: list[IndividualResult], settings: Settings) -> list[str]:
    """The unit's results in figures, from its workbook and the registry, for the minutes."""
    s, lines = u.submission, []
    if s is not None and s.tasks_assigned:
        lines.append(f"Hoàn thành {s.tasks_done or 0}/{s.tasks_assigned} nhiệm vụ trong Kế hoạch cải cách "
                     "hành chính được giao")
    if s is not None and s.self_score is not None:
        lines.append(f"Điểm tự đánh giá cải cách hành chính: {format_decimal_vi(s.self_score)} điểm")
    staffing = u.unit.staffing or (s.staffing if s else None)
    if s is not None and s.violators is not None and staffing:
        lines.append(f"Số cán bộ, công chức, viên chức vi phạm kỷ luật, kỷ cương hành chính: "
                     f"{s.violators}/{staffing} người")
    lines.append(f"Đề nghị xét tặng {settings.award.form} cho {count_phrase(int(u.requested), len(people))} "
                 "(danh sách tại mục 3)")
    return [f"- {line}" for line in punctuate(lines)]


def minutes_context(u: UnitResult, people: list[IndividualResult], settings: Settings) -> dict[str, Any]:
    """The unit's council minutes (Mẫu 1.9) as a form: the nominees listed, everything else dotted."""
    camp, name = settings.campaign, u.unit.name
    council = unit_council(u.unit)
    when = f"ngày {DOTS} tháng {DOTS} năm {DOTS}"
    counts = (f"{DOTS} tập thể và " if u.requested else "") + f"{DOTS} cá nhân"
    return {
        "header_lines": unit_header(settings, u.unit),
        "doc_number": doc_number(DOTS, f"BB-{DOTS}"),
        "date_line": dotted_date(settings, u.unit),
        "summary": f"Họp {council} xét đề nghị tặng {settings.award.form} của {settings.issuer_head}",
        "start_line": f"Thời gian bắt đầu: {DOTS} giờ {DOTS} phút, {when}.",
        "place_line": f"Địa điểm: {LINE[:-7]}",
        "attendance": f"Thành phần tham dự: có mặt {DOTS}/{DOTS} thành viên {council}, gồm:",
        "present": [f"- {LINE[:-2]}"] * 4,
        "absent": f"Vắng mặt: {LINE[:-6]}",
        "chair": f"Chủ trì: {DOTS * 6}, Chủ tịch Hội đồng.",
        "secretary": f"Thư ký: {DOTS * 6}, Thư ký Hội đồng.",
        "report_intro": f"1. Thông qua kết quả thực hiện {camp.title} của {name}:",
        "report": _report_lines(u, people, settings),
        "discussion": [LINE] * 3,
        "vote_intro": f"3. Biểu quyết: có {DOTS}/{DOTS} thành viên dự họp; Hội đồng biểu quyết bằng "
                      f"hình thức {DOTS * 2}. Kết quả:",
        "collective_votes": [{"stt": "1", "name": name}] if u.requested else [],
        "individual_votes": [{"stt": str(n), "name": p.nominee.name, "position": p.nominee.position}
                             for n, p in enumerate(people, 1)],
        "conclusion": f"4. Kết luận: Hội đồng thống nhất đề nghị {settings.addressee} tặng "
                      f"{settings.award.form} cho {counts} có tên tại mục 3 đạt tỷ lệ phiếu đồng ý "
                      "theo quy định.",
        "closing": f"Cuộc họp kết thúc lúc {DOTS} giờ {DOTS} phút, {when}./.",
    }
