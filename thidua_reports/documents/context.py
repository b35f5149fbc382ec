"""Context of the Quyết định and the Tờ trình: preformatted Vietnamese strings from the result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.decision.money import formula_text, legal_basis
from thidua_reports.documents.votes import (
    approval_words,
    council_name,
    has_votes,
    minutes_basis,
    vote_share,
)
from thidua_reports.models import CampaignResult, IndividualResult, UnitResult
from thidua_reports.vietnamese import (
    date_words,
    doc_number,
    doc_ref,
    format_decimal_vi,
    format_money,
    format_percent,
    money_in_words,
    nd30_date,
    short_date,
)


@dataclass(frozen=True)
class Chart:
    """A chart of a document, as its data: the renderer draws it (PNG) at the given width."""

    kind: str  # "chi_so" (index changes per set), "xep_loai" (units per classification), "xu_huong" (by year)
    data: tuple[tuple[Any, ...], ...]
    width_cm: float

COLLECTIVE_CRITERIA = ("nhiem_vu", "xep_loai", "chi_so", "ky_luat")
INDIVIDUAL_CRITERIA = ("hoan_thanh", "cchc", "van_ban", "ky_luat")


def criterion_labels(settings: Settings) -> dict[str, dict[str, str]]:
    """Short Vietnamese names of the criteria of SPEC §6.1 / §6.2 (plan §II.2)."""
    ratio = format_percent(settings.criteria.discipline_max_ratio, 0)
    return {
        "collective": {
            "nhiem_vu": "Hoàn thành tốt các nhiệm vụ được giao trong Kế hoạch cải cách hành chính",
            "xep_loai": f"Kết quả đánh giá cải cách hành chính xếp loại {settings.criteria.cchc_required}",
            "chi_so": "Chỉ số thành phần được giao tăng điểm so với năm trước",
            "ky_luat": f"Vi phạm kỷ luật, kỷ cương hành chính không quá {ratio} biên chế",
        },
        "individual": {
            "hoan_thanh": "Hoàn thành tốt các nhiệm vụ được giao",
            "cchc": "Triển khai tốt các nhiệm vụ trong Kế hoạch cải cách hành chính",
            "van_ban": "Thực hiện các văn bản chỉ đạo đúng thời gian quy định",
            "ky_luat": "Không vi phạm kỷ luật, kỷ cương hành chính",
        },
    }


def punctuate(items: list[str], sep: str = ";", last: str = ".") -> list[str]:
    """Each item ends with `sep`, the last one with `last` (Căn cứ lines, Nơi nhận list)."""
    bare = [i.strip().lstrip("-").strip().rstrip(";.,").rstrip() for i in items if i.strip()]
    return [f"{b}{last if n == len(bare) - 1 else sep}" for n, b in enumerate(bare)]


def dashed(items: list[str]) -> list[str]:
    """"- item;" lines of a list inside the body, the last one ending with "."."""
    return [f"- {i}" for i in punctuate(items)]


def header_lines(text: str, parent: str = "", office: bool = False) -> list[dict[str, Any]]:
    """The issuer lines of the header, bold per line.

    Rule: `parent` (issuer.parent_name, the cơ quan chủ quản) is not bold and every line of the
    issuer's header_name is bold (it is the issuing body, e.g. "ỦY BAN NHÂN DÂN / HUYỆN …").
    For the office (a phòng/sở under the committee) a two-or-more-line header_name starts with
    its chủ quản ("UBND HUYỆN …"), so the first line is not bold and the others are.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = [{"text": p.strip(), "bold": False} for p in parent.split("\n") if p.strip()]
    for n, line in enumerate(lines):
        out.append({"text": line, "bold": not (office and n == 0 and len(lines) > 1)})
    return out


def office_head(settings: Settings) -> str:
    """"Trưởng phòng Nội vụ" from office.name ("Phòng Nội vụ"); "Giám đốc Sở …" for a Sở."""
    return settings.office_head


def council_lines(result: CampaignResult) -> list[str]:
    """The council's Chọn/Loại decisions (quyet_dinh_hoi_dong.xlsx), one line each, with the reason."""
    words = {"Chọn": "chọn", "Loại": "không đề nghị"}
    lines = []
    for u in result.units:
        if u.override in words:
            lines.append(f"Tập thể: {words[u.override]} {u.unit.name}"
                         + (f"; lý do: {u.override_reason}" if u.override_reason else ""))
    for p in result.individuals:
        if p.override in words:
            lines.append(f"Cá nhân: {words[p.override]} {p.nominee.name} ({p.unit_name})"
                         + (f"; lý do: {p.override_reason}" if p.override_reason else ""))
    return lines


def count_phrase(collectives: int, individuals: int) -> str:
    """"07 tập thể và 10 cá nhân" (two digits, as the plan writes quotas)."""
    parts = []
    if collectives or not individuals:
        parts.append(f"{collectives:02d} tập thể")
    if individuals or not collectives:
        parts.append(f"{individuals:02d} cá nhân")
    return " và ".join(parts)


def ordered_units(result: CampaignResult) -> list[UnitResult]:
    key = {id(u): n for n, u in enumerate(result.units)}
    return sorted(result.selected_units,
                  key=lambda u: (u.list_number or 10**6, u.rank or 10**6, key[id(u)]))


def ordered_people(result: CampaignResult) -> list[IndividualResult]:
    key = {id(p): n for n, p in enumerate(result.individuals)}
    return sorted(result.selected_individuals,
                  key=lambda p: (p.list_number or 10**6, p.rank or 10**6, key[id(p)]))


def person_detail(p: IndividualResult) -> str:
    return f", {p.nominee.position}, {p.unit_name}"


def award_lists(result: CampaignResult) -> dict[str, Any]:
    collectives = [{"stt": str(n), "name": u.unit.name, "amount": format_money(u.amount)}
                   for n, u in enumerate(ordered_units(result), 1)]
    individuals = [{"stt": str(p.list_number or n), "name": p.nominee.name,
                    "detail": person_detail(p), "amount": format_money(p.amount)}
                   for n, p in enumerate(ordered_people(result), 1)]
    total = result.totals.total
    return {"collectives": collectives, "individuals": individuals,
            "total_money": format_money(total),
            "total_words": result.totals.total_words or money_in_words(total)}


def signer(prefix: str, title: str, name: str) -> dict[str, str]:
    return {"signer_prefix": prefix.strip(), "signer_title": title.strip(), "signer_name": name.strip()}


def default_bases(settings: Settings) -> list[str]:
    """Căn cứ lines when [documents] decision_bases is not set: law, decree, plan."""
    if settings.issuer.decision_date.year >= 2024:
        law = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    else:
        law = ("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung "
               "một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013")
    return [law, f"Căn cứ {legal_basis(settings)}",
            f"Căn cứ {settings.campaign.plan_ref} về việc phát động {settings.campaign.title}"]


def decision_context(result: CampaignResult, settings: Settings) -> dict[str, Any]:
    iss, camp, form = settings.issuer, settings.campaign, settings.award.form
    nc, ni = len(result.selected_units), len(result.selected_individuals)
    proposal_ref = doc_ref(settings.office.proposal_number, settings.proposal_symbol)
    bases = list(settings.documents.decision_bases or default_bases(settings))
    bases.append(f"Theo đề nghị của {office_head(settings)} tại Tờ trình số {proposal_ref} "
                 f"{date_words(settings.proposal_date)}")
    return {
        "header_lines": header_lines(iss.header_name, iss.parent_name),
        "doc_number": doc_number(iss.decision_number, settings.decision_symbol),
        "date_line": nd30_date(iss.decision_date, iss.place, iss.date_blank),
        "summary": f"Về việc tặng {form} cho các tập thể, cá nhân đã có thành tích xuất sắc trong {camp.title}",
        "authority": iss.authority,
        "bases": punctuate(bases),
        "article1": f"Tặng {form} của {settings.issuer_head} cho {count_phrase(nc, ni)} "
                    f"(có danh sách kèm theo) đã có thành tích xuất sắc trong {camp.title}.",
        "article2": article2(result, settings),
        "article3": f"{settings.decision_executors} chịu trách nhiệm thi hành Quyết định này./.",
        "recipients": punctuate(settings.decision_recipients),
        **signer(iss.signer_prefix, iss.signer_title, iss.signer_name),
        "appendix_title": f"TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG {form.upper()}",
        "appendix_subtitle": f"Đã có thành tích xuất sắc trong {camp.title}",
        "appendix_ref": f"(Kèm theo Quyết định số {doc_ref(iss.decision_number, settings.decision_symbol)} "
                        f"{date_words(iss.decision_date, iss.date_blank)} của {settings.issuer_head})",
        **award_lists(result),
    }


def short_basis(text: str) -> str:
    """"Nghị định số 91/2017/NĐ-CP" out of the full citation (already quoted in the Căn cứ)."""
    m = re.match(r"\s*(.+? số \S+?)[,;]?(?:\s|$)", text)
    return m.group(1) if m else text.strip()




def article2(result: CampaignResult, settings: Settings) -> str:
    """Điều 2 in three facts: the amount per award (how it is reached, legal basis), the total
    in figures and words, the funding source."""
    form, terms, funding = settings.award.form, result.money, settings.award.funding
    if terms is None:
        return f"Kèm theo {form} là tiền thưởng theo quy định hiện hành, chi từ {funding}."
    nc, ni = len(result.selected_units), len(result.selected_individuals)
    used = []
    if nc or not ni:
        used.append((terms.amount_collective, terms.collective_coefficient, "tập thể"))
    if ni or not nc:
        used.append((terms.amount_individual, terms.individual_coefficient, "cá nhân"))
    amounts = ", ".join(f"mỗi {who} {format_money(amount)} đồng" for amount, _c, who in used)
    coefs = " và ".join(format_decimal_vi(c) for _a, c, _w in used)
    rounded = any(Decimal(c) * terms.base_salary != amount for amount, c, _w in used)
    how = ", làm tròn theo quy định" if rounded else ""
    total = result.totals.total
    words = result.totals.total_words or money_in_words(total)
    return (
        f"Kèm theo {form} là tiền thưởng theo {short_basis(legal_basis(settings))}: {amounts} "
        f"(hệ số {coefs} × mức lương cơ sở {format_money(terms.base_salary)} đồng{how}); "
        f"tổng cộng {format_money(total)} đồng ({words}), chi từ {funding}."
    )


def participation(result: CampaignResult, settings: Settings) -> list[str]:
    """Units received/total, accepted/rejected, missing and late, with names."""
    units = result.units
    total = len(units)
    received = [u for u in units if u.submitted]
    accepted = [u for u in received if u.accepted]
    late = [u for u in received if u.late]
    missing = [u for u in units if u.unit.code in set(result.missing_units)]
    requested = [u for u in accepted if u.requested]
    nominees = len(result.individuals)
    lines = [
        f"Tổng số cơ quan, đơn vị tham gia phong trào: {total} đơn vị. Đã nhận hồ sơ của "
        f"{len(received)}/{total} đơn vị, trong đó {len(accepted)} hồ sơ hợp lệ, "
        f"{len(received) - len(accepted)} hồ sơ bị từ chối do chưa đúng quy định.",
    ]
    if missing:
        lines.append(f"Đơn vị chưa gửi hồ sơ ({len(missing)}): {', '.join(u.unit.name for u in missing)}.")
    else:
        lines.append("Tất cả các đơn vị đã gửi hồ sơ.")
    if late:
        policy = (" (không đưa vào xét khen thưởng theo Kế hoạch)"
                  if settings.campaign.late_policy == "exclude" else "")
        lines.append(f"Đơn vị gửi hồ sơ sau ngày {short_date(settings.campaign.submission_deadline)} "
                     f"({len(late)}): {', '.join(u.unit.name for u in late)}{policy}.")
    lines.append(f"Số tập thể đề nghị xét khen thưởng: {len(requested)}; số cá nhân được các đơn vị "
                 f"đề nghị: {nominees}.")
    return lines


def criteria_counts(items: list[Any], keys: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """(passed, evaluated) per criterion key over items that carry `criteria`."""
    out = {}
    for key in keys:
        judged = [i.criteria[key] for i in items if key in i.criteria]
        out[key] = (sum(1 for c in judged if c.passed), len(judged))
    return out


def vote_outcome(result: CampaignResult, settings: Settings) -> str:
    """The council's vote in the Tờ trình: who passed, out of whom; who did not, with the share."""
    council = result.council
    if council is None or not has_votes(result):
        return ""
    units, people = result.ballot_units, result.ballot_individuals
    passed = []
    for items, word in ((units, "tập thể"), (people, "cá nhân")):
        if items:
            ok = sum(1 for i in items if i.vote is not None and i.vote.passed)
            passed.append(f"{ok:02d}/{len(items):02d} {word}")
    failed = [(u.unit.name, u.vote) for u in units if u.vote is not None and not u.vote.passed]
    failed += [(f"{p.nominee.name} ({p.unit_name})", p.vote) for p in people
               if p.vote is not None and not p.vote.passed]
    start = council.meeting.start
    text = (f"Tại phiên họp{f' ngày {short_date(start.date())}' if start else ''}, "
            f"{council_name(result, settings)} đã biểu quyết: {' và '.join(passed)} đạt tỷ lệ phiếu "
            f"đồng ý {approval_words(council)}")
    if failed:
        text += "; không đạt: " + "; ".join(f"{who}, {vote_share(council, v)} phiếu đồng ý"
                                           for who, v in failed)
    return text + ". "


def proposal_context(result: CampaignResult, settings: Settings) -> dict[str, Any]:
    off, camp, form = settings.office, settings.campaign, settings.award.form
    labels = criterion_labels(settings)
    evaluated = [u for u in result.units if u.criteria]
    people = [p for p in result.individuals if p.criteria]
    nc, ni = len(result.selected_units), len(result.selected_individuals)
    coll = criteria_counts(evaluated, COLLECTIVE_CRITERIA)
    ind = criteria_counts(people, INDIVIDUAL_CRITERIA)
    terms = result.money
    ties = [f"Tập thể: {u.unit.name}" for u in result.units if u.tie_at_cutoff]
    ties += [f"Cá nhân: {p.nominee.name} ({p.unit_name})" for p in result.individuals if p.tie_at_cutoff]
    ties_intro = ("Các trường hợp sau có kết quả xét chọn bằng nhau tại vị trí cuối cùng của số lượng "
                  "khen thưởng, đề nghị Hội đồng Thi đua - Khen thưởng xem xét, quyết định:")
    decided = council_lines(result)
    if decided:  # the council has met: its decisions replace the open questions
        ties, ties_intro = decided, "Hội đồng Thi đua - Khen thưởng đã xem xét và quyết định:"
    elif has_votes(result):  # the council voted on the list: no tie is left open
        ties = []
    money = f"Tổng số tiền thưởng: {format_money(result.totals.total)} đồng (bằng chữ: " \
            f"{result.totals.total_words or money_in_words(result.totals.total)})"
    if terms is not None:
        parts = []
        if nc:
            parts.append(f"{nc:02d} tập thể, mỗi tập thể {format_money(terms.amount_collective)} đồng "
                         f"({formula_text(terms, collective=True)})")
        if ni:
            parts.append(f"{ni:02d} cá nhân, mỗi cá nhân {format_money(terms.amount_individual)} đồng "
                         f"({formula_text(terms)})")
        if parts:
            money += f", gồm {' và '.join(parts)}; mức lương cơ sở theo {terms.base_salary_basis}"
    ref = doc_ref(off.proposal_number, settings.proposal_symbol)
    grounds = ("kết quả thẩm định và kết quả biểu quyết của Hội đồng" if has_votes(result)
               else "kết quả thẩm định")
    return {
        "header_lines": header_lines(off.header_name, office=True),
        "doc_number": doc_number(off.proposal_number, settings.proposal_symbol),
        "date_line": nd30_date(settings.proposal_date, settings.issuer.place),
        "summary": f"Về việc đề nghị tặng {form} cho các tập thể, cá nhân đã có thành tích xuất sắc "
                   f"trong {camp.title}",
        "addressee": settings.addressee,
        "bases": punctuate([f"Căn cứ {camp.plan_ref} về việc phát động {camp.title}",
                            "Căn cứ hồ sơ đề nghị khen thưởng của các cơ quan, đơn vị",
                            minutes_basis(result, settings)]),
        "intro": f"{off.name} báo cáo kết quả phong trào thi đua và đề nghị khen thưởng như sau:",
        "participation": participation(result, settings),
        "appraisal_collective": f"1. Đối với tập thể: {sum(1 for u in evaluated if u.eligible)}/"
                                f"{len(evaluated)} tập thể đạt đủ các tiêu chí thi đua; kết quả từng tiêu chí:",
        "collective_criteria": dashed([f"{labels['collective'][k]}: {coll[k][0]}/{coll[k][1]} tập thể đạt"
                                          for k in COLLECTIVE_CRITERIA]),
        "appraisal_individual": f"2. Đối với cá nhân: {sum(1 for p in people if p.eligible)}/"
                                f"{len(people)} cá nhân đạt đủ các tiêu chí thi đua; kết quả từng tiêu chí:",
        "individual_criteria": dashed([f"{labels['individual'][k]}: {ind[k][0]}/{ind[k][1]} cá nhân đạt"
                                          for k in INDIVIDUAL_CRITERIA]),
        "proposal": vote_outcome(result, settings) + (
                     f"Căn cứ {grounds}, {off.name} kính đề nghị {settings.addressee} tặng {form} "
                     f"cho {count_phrase(nc, ni)} đã có thành tích xuất sắc trong {camp.title} "
                     "(có danh sách kèm theo)." if nc or ni else
                     f"Căn cứ {grounds}, không có tập thể, cá nhân nào đủ điều kiện để {off.name} "
                     f"đề nghị tặng {form} trong {camp.title}."),
        "money_line": money + "." if nc or ni else "",
        "has_list": bool(nc or ni),
        "ties_intro": ties_intro,
        "ties": dashed(ties),
        "closing": (f"Kính trình {settings.addressee} xem xét, quyết định./." if nc or ni
                    else f"Kính báo cáo {settings.addressee} xem xét, chỉ đạo./."),
        "recipients": punctuate(settings.proposal_recipients),
        **signer(off.signer_prefix, off.signer_title, off.signer_name),
        "appendix_title": f"TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ TẶNG {form.upper()}",
        "appendix_subtitle": f"Đã có thành tích xuất sắc trong {camp.title}",
        "appendix_ref": f"(Kèm theo Tờ trình số {ref} {date_words(settings.proposal_date)} của {off.name})",
        **award_lists(result),
    }
