"""Context of the Bản tóm tắt thành tích (per nominee) and of the Báo cáo tổng kết."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.decision.history import earlier_awards
from thidua_reports.documents.context import (
    COLLECTIVE_CRITERIA,
    INDIVIDUAL_CRITERIA,
    Chart,
    award_lists,
    count_phrase,
    criteria_counts,
    criterion_labels,
    header_lines,
    participation,
    punctuate,
    signer,
)
from thidua_reports.documents.report_parts import year_end_parts
from thidua_reports.documents.unit_author import unit_header
from thidua_reports.models import (
    CampaignResult,
    ComponentComparison,
    IndividualResult,
    Unit,
    UnitResult,
)
from thidua_reports.vietnamese import (
    doc_number,
    format_decimal_vi,
    format_money,
    format_percent,
    money_in_words,
    nd30_date,
    short_date,
)

ACHIEVEMENT_TITLES = (
    ("tap_the", "Tóm tắt thành tích của tập thể"),
    ("cchc", "Kết quả thực hiện nhiệm vụ cải cách hành chính"),
    ("sang_kien", "Sáng kiến, mô hình, cách làm hay"),
)
SIGN_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def score_text(value: Decimal | None, maximum: Decimal | None) -> str:
    if value is None:
        return "—"
    return format_decimal_vi(value) + (f"/{format_decimal_vi(maximum)}" if maximum else "")


def change_text(c: ComponentComparison) -> str:
    if c.change is None or c.direction is None:
        return "chưa có số liệu năm trước"
    if c.direction == "không đổi":
        return "không đổi"
    if c.compared_by_ratio:
        # maxima differ: the change of score/maximum, in percentage points of the maximum
        return f"{c.direction} {format_percent(abs(c.change), 2)} (tỷ lệ điểm)"
    return f"{c.direction} {format_decimal_vi(abs(c.change))}"


def criteria_rows(criteria: dict, keys: tuple[str, ...], labels: dict[str, str]) -> list[dict]:
    rows = []
    for n, key in enumerate([k for k in keys if k in criteria], 1):
        c = criteria[key]
        result = "Không áp dụng" if not c.applicable else "Đạt" if c.passed else "Không đạt"
        rows.append({"stt": str(n), "name": labels[key], "detail": c.detail, "result": result})
    return rows


def _unit_of(p: IndividualResult, result: CampaignResult | None) -> Unit:
    """The registry unit of a nominee (its kind decides the header), or one made from its name."""
    found = next((u.unit for u in result.units if u.unit.code == p.unit_code), None) if result else None
    return found or Unit(code=p.unit_code, name=p.unit_name)


def _subject(settings: Settings) -> str:
    return f"Đề nghị tặng {settings.award.form} của {settings.issuer_head}"


def earlier_lines(result: CampaignResult | None, unit_code: str, name: str | None = None) -> list[str]:
    """"Các hình thức khen thưởng đã nhận": the recipient's awards of earlier years in the history
    (a collective by unit code, a person by unit code and name), newest first; ["Chưa có."] if none."""
    found = earlier_awards(result.register, result.year, unit_code, name) if result else []
    lines = []
    for r in found:
        decision = f"Quyết định số {r.decision_number}" if r.decision_number.strip() else "Quyết định"
        if r.decision_date:
            decision += f" ngày {short_date(r.decision_date)}"
        lines.append(f"Năm {r.year}: {r.form or 'Khen thưởng'} ({decision}).")
    return lines or ["Chưa có."]


def component_rows(u: UnitResult) -> list[dict[str, str]]:
    """The index comparison table: each component assigned to the unit, last year against this year."""
    return [{"index_set": c.index_set, "name": c.name, "prior": score_text(c.prior, c.prior_max),
             "current": score_text(c.current, c.current_max), "change": change_text(c)}
            for c in u.components]


def collective_summary(u: UnitResult, settings: Settings, result: CampaignResult | None = None) -> dict[str, Any]:
    # one paragraph; the score and class are in the criteria table below
    identity = [f"Tên tập thể: {u.unit.name}"]
    if u.unit.head_name:
        identity.append(f"người đứng đầu: {u.unit.head_name}"
                        + (f", {u.unit.head_title}" if u.unit.head_title else ""))
    if u.unit.staffing:
        identity.append(f"tổng số biên chế: {u.unit.staffing} người")
    texts = u.submission.achievements if u.submission else {}
    sections = [{"title": f"{n}. {title}", "paragraphs": paragraphs(texts[key])}
                for n, (key, title) in enumerate(
                    [(k, t) for k, t in ACHIEVEMENT_TITLES if paragraphs(texts.get(k, ""))], 1)]
    if not sections:
        sections = [{"title": "", "paragraphs": ["Đơn vị chưa gửi nội dung thành tích."]}]
    return {
        "header_lines": unit_header(settings, u.unit),
        "summary": _subject(settings),
        "subject": u.unit.name,
        "identity": ["; ".join(identity) + "."],
        "criteria": criteria_rows(u.criteria, COLLECTIVE_CRITERIA, criterion_labels(settings)["collective"]),
        "prior_label": "Điểm năm trước",
        "current_label": "Điểm năm nay",
        "components": component_rows(u),
        "achievement_sections": sections,
        "earlier_awards": earlier_lines(result, u.unit.code),
        "sign_title": "THỦ TRƯỞNG ĐƠN VỊ",
        "sign_note": SIGN_NOTE,
        "sign_name": u.unit.head_name,
    }


def individual_summary(p: IndividualResult, settings: Settings, head_name: str,
                       result: CampaignResult | None = None) -> dict[str, Any]:
    n = p.nominee
    identity = [f"Họ và tên: {n.name}."]
    if n.gender:
        identity.append(f"Giới tính: {n.gender}.")
    identity += [f"Chức vụ: {n.position}.", f"Đơn vị công tác: {p.unit_name}.",
                 f"Mức độ hoàn thành nhiệm vụ năm {settings.campaign.year}: {n.level}."]
    texts = paragraphs(n.achievements) or ["Đơn vị chưa gửi nội dung thành tích."]
    return {
        "header_lines": unit_header(settings, _unit_of(p, result)),
        "summary": _subject(settings),
        "subject": n.name,
        "identity": identity,
        "criteria": criteria_rows(p.criteria, INDIVIDUAL_CRITERIA, criterion_labels(settings)["individual"]),
        "achievement_sections": [{"title": "", "paragraphs": texts}],
        "earlier_awards": earlier_lines(result, p.unit_code, n.name),
        "confirm_title": "THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ",
        "confirm_note": SIGN_NOTE,
        "confirm_name": head_name,
        "sign_title": "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "sign_note": "(Ký, ghi rõ họ tên)",
        "sign_name": n.name,
    }


def _component_rows(result: CampaignResult) -> list[ComponentComparison]:
    return [c for u in result.units if u.accepted for c in u.components]


def report_context(result: CampaignResult, settings: Settings, charts: bool = True) -> dict[str, Any]:
    iss, camp = settings.issuer, settings.campaign
    labels = criterion_labels(settings)
    evaluated = [u for u in result.units if u.criteria]
    people = [p for p in result.individuals if p.criteria]
    rows: list[dict[str, str]] = []
    for kind, items, keys, word in (("collective", evaluated, COLLECTIVE_CRITERIA, "Tập thể"),
                                    ("individual", people, INDIVIDUAL_CRITERIA, "Cá nhân")):
        for key, (passed, total) in criteria_counts(items, keys).items():
            rows.append({"stt": str(len(rows) + 1), "name": f"{word}: {labels[kind][key]}",
                         "total": str(total), "passed": str(passed), "failed": str(total - passed)})
    comps = _component_rows(result)
    names = {u.unit.code: u.unit.name for u in result.units}
    up = sum(1 for c in comps if c.direction == "tăng")
    down = sum(1 for c in comps if c.direction == "giảm")
    same = sum(1 for c in comps if c.direction == "không đổi")
    summary = (f"Có {len(comps)} chỉ số thành phần được giao cho các đơn vị có hồ sơ hợp lệ: {up} chỉ số "
               f"tăng điểm, {down} chỉ số giảm điểm, {same} chỉ số không đổi")
    if len(comps) - up - down - same:
        summary += f", {len(comps) - up - down - same} chỉ số chưa có số liệu năm trước"
    bands = [b.name for b in settings.criteria.cchc_bands]
    classified = [u for u in result.units if u.accepted and u.classification]
    counts = [(b, sum(1 for u in classified if u.classification == b)) for b in bands]
    class_lines = punctuate([f"Xếp loại {b}: {n} đơn vị" for b, n in counts]
                            + [f"Chưa có kết quả đánh giá: {len(result.units) - len(classified)} đơn vị"])
    chart_index = chart_class = None
    if charts:
        sets = sorted({c.index_set for c in comps if c.direction})

        def moved(index_set: str, direction: str) -> int:
            return sum(1 for c in comps if c.index_set == index_set and c.direction == direction)

        counts_by_set = [(s, moved(s, "tăng"), moved(s, "giảm"), moved(s, "không đổi")) for s in sets]
        if sets:
            chart_index = Chart("chi_so", tuple(counts_by_set), 15.0)
        if classified:
            chart_class = Chart("xep_loai", tuple(counts), 15.0)
    lists = award_lists(result)
    awards = ([{"stt": "I", "name": "Tập thể", "amount": ""}] + lists["collectives"]
              + [{"stt": "II", "name": "Cá nhân", "amount": ""}]
              + [{**i, "name": i["name"] + i["detail"]} for i in lists["individuals"]]
              + [{"stt": "", "name": "Tổng cộng", "amount": lists["total_money"]}])
    total = result.totals.total
    nc, ni = len(result.selected_units), len(result.selected_individuals)
    recipients = [r for r in settings.decision_recipients if not r.strip().startswith("Như Điều")]
    return {
        "header_lines": header_lines(iss.header_name, iss.parent_name),
        "doc_number": doc_number("", f"BC-{iss.abbreviation}"),
        "date_line": nd30_date(iss.decision_date, iss.place, blank_day=True),
        "summary": f"Tổng kết {camp.title}",
        "intro": f"Thực hiện {camp.plan_ref} về việc phát động {camp.title}, {iss.name} "
                 "báo cáo kết quả như sau:",
        "participation": participation(result, settings),
        "criteria_rows": rows,
        "component_summary": summary + ".",
        "prior_label": "Năm trước",
        "current_label": "Năm nay",
        "component_rows": [{"unit": names.get(c.unit_code, c.unit_code), "index_set": c.index_set,
                            "name": c.name,
                            "prior": score_text(c.prior, c.prior_max if c.compared_by_ratio else None),
                            "current": score_text(c.current,
                                                  c.current_max if c.compared_by_ratio else None),
                            "change": change_text(c)}
                           for c in comps],
        "chart_index": chart_index,
        "classification_lines": class_lines,
        "chart_classification": chart_class,
        "award_line": (f"{settings.issuer_head} tặng {settings.award.form} cho {count_phrase(nc, ni)}; "
                       f"tổng số tiền thưởng {format_money(total)} đồng (bằng chữ: "
                       f"{result.totals.total_words or money_in_words(total)}), gồm:" if nc or ni else
                       f"Không có tập thể, cá nhân nào đủ điều kiện được tặng {settings.award.form} "
                       "trong phong trào."),
        "has_list": bool(nc or ni),
        "awards": awards,
        "closing": f"Trên đây là báo cáo tổng kết {camp.title}./.",
        "recipients": punctuate(recipients or [f"Lưu: VT, {settings.office.abbreviation}"]),
        **year_end_parts(result, settings, charts),
        **collective_signer(settings),
        **{k: lists[k] for k in ("collectives", "individuals", "total_money", "total_words")},
    }


def collective_signer(settings: Settings) -> dict[str, str]:
    """A report of the People's Committee is signed for the collective (ND 30 Phụ lục I, II.7):
    "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" (or above "CHỦ TỊCH")."""
    iss = settings.issuer
    body = "ỦY BAN NHÂN DÂN"
    prefix = iss.signer_prefix.strip()
    name = iss.name.strip().casefold().replace("uỷ", "ủy")
    if name.startswith(body.casefold()) and not prefix.startswith("TM."):
        prefix = f"TM. {body}" + (f"\n{prefix}" if prefix else "")
    return signer(prefix, iss.signer_title, iss.signer_name)
