"""Context of the council's papers (SPEC §10): the Thông báo công khai of the proposed list, the
ballot (Phiếu biểu quyết) and the minutes of the meeting (Biên bản, ND 30 Mẫu 1.9)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.documents.context import (
    count_phrase,
    header_lines,
    punctuate,
    signer,
)
from thidua_reports.documents.votes import (
    approval_words,
    council_name,
    vote_base,
    vote_share,
)
from thidua_reports.models import (
    COUNCIL_CHAIR,
    COUNCIL_SECRETARY,
    CampaignResult,
    CouncilMember,
    CouncilResult,
    IndividualResult,
    UnitResult,
    Vote,
)
from thidua_reports.vietnamese import date_words, doc_number, nd30_date, threshold_words

# Blanks the secretary fills in by hand. A "…" is 1 em wide in Times New Roman (0,49 cm at 14 pt):
# 32 fill a line of the text width (16,5 cm), 25 the rest of a line after a label.
DOTS = "……"
LINE, REST = "…" * 32, "…" * 25
COUNCIL_HEADER = "Hội đồng Thi đua - Khen thưởng"
MINUTES_SYMBOL = "BB-HĐTĐKT"


def _office_parent(settings: Settings) -> str:
    """The chủ quản line of the council's header: the office's first header line ("UBND HUYỆN …")."""
    lines = [ln.strip() for ln in settings.office.header_name.split("\n") if ln.strip()]
    return lines[0] if len(lines) > 1 else settings.issuer.header_name


def council_header(result: CampaignResult, settings: Settings) -> list[dict[str, Any]]:
    """"UBND HUYỆN NINH PHƯỚC" (not bold) above "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" (bold): the place
    part of the council's name is dropped when the chủ quản line already says it."""
    parent = _office_parent(settings)
    name = council_name(result, settings)
    if name.startswith(COUNCIL_HEADER):
        rest = name[len(COUNCIL_HEADER):].strip()
        lines = ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"]  # one line would not fit the 6 cm column
        if rest and not parent.upper().replace("\n", " ").endswith(rest.upper()):
            lines.append(rest.upper())
        return header_lines("\n".join(lines), parent)
    return header_lines(name.upper(), parent)


def _unit_rows(units: list[UnitResult]) -> list[dict[str, str]]:
    return [{"stt": str(u.ballot_number or n), "name": u.unit.name} for n, u in enumerate(units, 1)]


def _person_rows(people: list[IndividualResult]) -> list[dict[str, str]]:
    return [{"stt": str(p.ballot_number or n), "name": p.nominee.name,
             "position": p.nominee.position, "unit": p.unit_name}
            for n, p in enumerate(people, 1)]


def _subject(settings: Settings) -> str:
    return f"{settings.award.form} của {settings.issuer_head}"


def notice_context(result: CampaignResult, settings: Settings) -> dict[str, Any]:
    """Thông báo (Mẫu 1.4) of the office: the list put to the council, posted for comments."""
    off, camp = settings.office, settings.campaign
    council = council_name(result, settings)
    days = settings.council.publication_days
    return {
        "header_lines": header_lines(off.header_name, office=True),
        "doc_number": doc_number("", f"TB-{off.abbreviation}"),
        "date_line": nd30_date(settings.proposal_date, settings.issuer.place, blank_day=True),
        "summary": f"Công khai danh sách tập thể, cá nhân đề nghị tặng {_subject(settings)} "
                   f"trong {camp.title}",
        "intro": f"Thực hiện {camp.plan_ref} về việc phát động {camp.title}; căn cứ hồ sơ đề nghị "
                 f"của các cơ quan, đơn vị và kết quả thẩm định, {off.name} thông báo danh sách tập "
                 f"thể, cá nhân đề nghị tặng {_subject(settings)}, trình {council} xét, như sau:",
        "collectives": _unit_rows(result.ballot_units),
        "individuals": _person_rows(result.ballot_individuals),
        "publication": f"Danh sách trên được niêm yết công khai trong thời gian {days} ngày kể từ "
                       f"ngày ký Thông báo này tại trụ sở {off.name} và trên Trang thông tin điện tử "
                       f"của {settings.issuer.name}.",
        "comments": f"Ý kiến phản ánh về các tập thể, cá nhân có tên trong danh sách (nếu có) đề nghị "
                    f"gửi bằng văn bản về {off.name} (cơ quan thường trực của {council}) trong thời "
                    f"gian niêm yết để tổng hợp, báo cáo Hội đồng xem xét trước khi biểu quyết./.",
        "recipients": punctuate(["Các cơ quan, đơn vị tham gia phong trào",
                                 f"Thành viên {council}", f"Lưu: VT, {off.abbreviation}"]),
        **signer(off.signer_prefix, off.signer_title, off.signer_name),
    }


def ballot_context(result: CampaignResult, settings: Settings) -> dict[str, Any]:
    """One ballot, printed once per member: the list put to the vote with empty boxes."""
    return {
        "header_lines": council_header(result, settings),
        "summary": f"Đề nghị tặng {_subject(settings)} trong {settings.campaign.title}",
        "instruction": "Hướng dẫn: Đánh dấu X vào ô Đồng ý hoặc Không đồng ý đối với từng tập thể, "
                       "cá nhân dưới đây (mỗi dòng chỉ đánh dấu một ô).",
        "collectives": _unit_rows(result.ballot_units),
        "individuals": _person_rows(result.ballot_individuals),
        "note": "Trường hợp đánh dấu X vào cả hai ô hoặc không đánh dấu ô nào là phiếu không hợp lệ "
                "đối với tập thể, cá nhân đó.",
    }


def _clock(t: time | datetime | None) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút" if t is not None else f"{DOTS} giờ {DOTS} phút"


def _day(d: date | None) -> str:
    return date_words(d) if d is not None else f"ngày {DOTS} tháng {DOTS} năm {DOTS}"


def _member_line(m: CouncilMember) -> str:
    return ", ".join(x for x in (m.name, m.position, m.role) if x)


def _vote_cells(council: CouncilResult | None, vote: Vote | None) -> dict[str, str]:
    if council is None or vote is None:
        return {"agree": "", "disagree": "", "share": "", "result": ""}
    return {"agree": str(vote.agree), "disagree": str(vote.disagree),
            "share": vote_share(council, vote), "result": "Đạt" if vote.passed else "Không đạt"}


def _attendance(council: CouncilResult | None) -> dict[str, Any]:
    if council is None or not council.members:
        return {"attendance": f"Thành phần tham dự: có mặt {DOTS}/{DOTS} thành viên Hội đồng, gồm:",
                "present": [f"- {REST}{DOTS}"] * 4, "absent": f"Vắng mặt: {REST}",
                "chair": f"Chủ trì: {DOTS * 6}, Chủ tịch Hội đồng.",
                "secretary": f"Thư ký: {DOTS * 6}, Ủy viên thư ký."}
    present, absent = council.present, council.absent
    chair, secretary = council.member(COUNCIL_CHAIR), council.member(COUNCIL_SECRETARY)
    return {
        "attendance": f"Thành phần tham dự: có mặt {len(present)}/{len(council.members)} thành viên "
                      "Hội đồng, gồm:",
        "present": [f"- {line}" for line in punctuate([_member_line(m) for m in present])],
        "absent": (f"Vắng mặt {len(absent)} thành viên: "
                   + "; ".join(f"{m.name} ({m.role})" for m in absent) + "."
                   if absent else "Vắng mặt: không."),
        "chair": f"Chủ trì: {chair.name}, {chair.position}, {chair.role}." if chair
                 else f"Chủ trì: {DOTS * 6}.",
        "secretary": f"Thư ký: {secretary.name}, {secretary.position}, {secretary.role}." if secretary
                     else f"Thư ký: {DOTS * 6}.",
    }


def _report_lines(result: CampaignResult, settings: Settings) -> list[str]:
    """The office's report in figures: files received/valid, eligible, put to the vote."""
    units = result.units
    received = [u for u in units if u.submitted]
    valid = [u for u in received if u.accepted]
    judged_u = [u for u in units if u.criteria]
    judged_p = [p for p in result.individuals if p.criteria]
    bu, bi = len(result.ballot_units), len(result.ballot_individuals)
    return [
        f"Đã nhận hồ sơ của {len(received)}/{len(units)} cơ quan, đơn vị; {len(valid)} hồ sơ hợp lệ.",
        f"Kết quả thẩm định: {sum(1 for u in judged_u if u.eligible)}/{len(judged_u)} tập thể và "
        f"{sum(1 for p in judged_p if p.eligible)}/{len(judged_p)} cá nhân đạt đủ các tiêu chí thi đua.",
        f"{settings.office.name} đề nghị Hội đồng xét, biểu quyết đề nghị tặng {_subject(settings)} "
        f"cho {count_phrase(bu, bi)} (danh sách đã được niêm yết công khai).",
    ]


def minutes_context(result: CampaignResult, settings: Settings) -> dict[str, Any]:
    """Biên bản họp Hội đồng (Mẫu 1.9); a blank form to fill in by hand before the council's vote."""
    council, camp, place = result.council, settings.campaign, settings.issuer.place
    start = council.meeting.start if council else None
    name = council_name(result, settings)
    chair = council.member(COUNCIL_CHAIR) if council else None
    secretary = council.member(COUNCIL_SECRETARY) if council else None
    if council is not None and council.votes:
        base = vote_base(council, council.votes[0])
        method = council.meeting.method.lower() or DOTS * 2
        vote_intro = (f"Có {len(council.present)}/{len(council.members)} thành viên dự họp "
                      f"({threshold_words(council.quorum)} theo quy định). Hội đồng biểu quyết bằng "
                      f"hình thức {method}; tập thể, cá nhân được đề nghị khen thưởng khi có số phiếu "
                      f"đồng ý {approval_words(council)} ({base} thành viên). Kết quả:")
        nc, ni = len(result.selected_units), len(result.selected_individuals)
        conclusion = f"{count_phrase(nc, ni)} (có danh sách kèm theo)"
        end = council.meeting.end
        closing = (f"Cuộc họp kết thúc lúc {_clock(end)}, {_day(start.date() if start else None)}./.")
    else:
        vote_intro = f"Có {DOTS}/{DOTS} thành viên dự họp. Hội đồng biểu quyết bằng hình thức {DOTS * 2}. Kết quả:"
        conclusion = f"{DOTS} tập thể và {DOTS} cá nhân (có danh sách kèm theo)"
        closing = f"Cuộc họp kết thúc lúc {_clock(None)}, {_day(None)}./."
    return {
        "header_lines": council_header(result, settings),
        "doc_number": doc_number("", MINUTES_SYMBOL),
        "date_line": (nd30_date(start.date(), place) if start else
                      nd30_date(settings.proposal_date, place, blank_day=True)),
        "summary": f"Họp {name} xét tặng {settings.award.form} trong {camp.title}",
        "start_line": f"Thời gian bắt đầu: {_clock(start)}, {_day(start.date() if start else None)}.",
        "place_line": f"Địa điểm: {council.meeting.place}." if council and council.meeting.place
                      else f"Địa điểm: {REST}",
        **_attendance(council),
        "report_intro": f"1. {settings.office.name} báo cáo kết quả tiếp nhận, thẩm định hồ sơ đề nghị "
                        f"khen thưởng trong {camp.title}:",
        "report": [f"- {line}" for line in _report_lines(result, settings)],
        "discussion": [LINE] * 3,
        "vote_intro": f"3. Biểu quyết: {vote_intro}",
        "collective_votes": [{**row, **_vote_cells(council, u.vote)}
                             for row, u in zip(_unit_rows(result.ballot_units), result.ballot_units,
                                               strict=True)],
        "individual_votes": [{**row, **_vote_cells(council, p.vote)}
                             for row, p in zip(_person_rows(result.ballot_individuals),
                                               result.ballot_individuals, strict=True)],
        "conclusion": f"4. Kết luận: Hội đồng thống nhất đề nghị {settings.issuer_head} tặng "
                      f"{settings.award.form} cho {conclusion} đã có thành tích xuất sắc trong "
                      f"{camp.title}.",
        "closing": closing,
        "secretary_name": secretary.name if secretary else "",
        "chair_name": chair.name if chair else "",
    }
