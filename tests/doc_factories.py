"""A hand-built CampaignResult + Settings for the document tests (no workbook reading involved)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

from thidua_reports.config import Settings, parse_settings
from thidua_reports.models import (
    COUNCIL_CHAIR,
    COUNCIL_MEMBER,
    COUNCIL_SECRETARY,
    COUNCIL_VICE,
    LEVEL_EXCELLENT,
    LEVEL_GOOD,
    CampaignResult,
    ComponentComparison,
    CouncilMember,
    CouncilResult,
    CriterionResult,
    IndividualResult,
    InputFile,
    Meeting,
    MoneyTerms,
    NomineeEntry,
    Submission,
    Totals,
    Unit,
    UnitResult,
    Vote,
)

NASTY = "Sáng kiến “một cửa” & <liên thông> {{ x }} {% if %} 100%"


def settings(**issuer: object) -> Settings:
    data = {
        "campaign": {
            "year": 2021,
            "title": "phong trào thi đua cải cách hành chính huyện Ninh Phước năm 2021",
            "plan_ref": "Kế hoạch số 26/KH-UBND ngày 03/02/2021 của Ủy ban nhân dân huyện",
            "competition_end": date(2021, 11, 15),
            "submission_deadline": date(2021, 11, 30),
            "appraisal_deadline": date(2021, 12, 5),
            "result_year": 2020,
        },
        "issuer": {
            "level": "huyen",
            "name": "Ủy ban nhân dân huyện Ninh Phước",
            "header_name": "ỦY BAN NHÂN DÂN\nHUYỆN NINH PHƯỚC",
            "abbreviation": "UBND",
            "place": "Ninh Phước",
            "addressee": "Chủ tịch Ủy ban nhân dân huyện",
            "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NINH PHƯỚC",
            "signer_prefix": "KT. CHỦ TỊCH",
            "signer_title": "PHÓ CHỦ TỊCH",
            "signer_name": "Bạch Văn Nguyên",
            "decision_number": "5",
            "decision_date": date(2021, 12, 10),
            **issuer,
        },
        "office": {
            "name": "Phòng Nội vụ",
            "header_name": "UBND HUYỆN NINH PHƯỚC\nPHÒNG NỘI VỤ",
            "abbreviation": "PNV",
            "proposal_date": date(2021, 12, 3),
            "signer_title": "TRƯỞNG PHÒNG",
            "signer_name": "Nguyễn Văn A",
        },
        "quota": {"collectives": 2, "individuals": 3},
        "award": {"individual_coefficient": 0.3, "collective_coefficient": 0.6,
                  "funding": "nguồn kinh phí khen thưởng hàng năm của huyện"},
        "documents": {"decision_recipients": ["Như Điều 3", "TT Huyện ủy", "Lưu: VT, PNV"]},
    }
    return parse_settings(data)


def _crit(passed: bool, detail: str) -> CriterionResult:
    return CriterionResult(passed=passed, detail=detail)


def _unit_criteria(score: str, ratio: str, ok: bool = True) -> dict[str, CriterionResult]:
    return {
        "nhiem_vu": _crit(True, "12/12 nhiệm vụ = 100,0% ≥ 100%"),
        "xep_loai": _crit(ok, f"{score} điểm, xếp loại {'Tốt' if ok else 'Khá'}"),
        "chi_so": _crit(True, "2/2 chỉ số thành phần tăng điểm"),
        "ky_luat": _crit(True, ratio),
    }


def _comp(unit: str, code: str, name: str, prior: str, current: str) -> ComponentComparison:
    p, c = Decimal(prior), Decimal(current)
    change = c - p
    direction = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
    return ComponentComparison(unit_code=unit, index_set="PCI", code=code, name=name, prior=p,
                               prior_max=Decimal(10), current=c, current_max=Decimal(10),
                               change=change, direction=direction,
                               improvement=Fraction(change) / 10)


def _unit(code: str, name: str, **kw: object) -> UnitResult:
    unit = Unit(code=code, name=name, kind="Phòng, ban", head_name=f"Trưởng {code}",
                head_title="Trưởng phòng", staffing=10)
    return UnitResult(unit=unit, **kw)  # type: ignore[arg-type]


def _file(code: str, status: str = "accepted", late: bool = False) -> InputFile:
    return InputFile(path=f"inbox/{code.lower()}.xlsx", status=status, unit_code=code, late=late)  # type: ignore[arg-type]


def _person(name: str, position: str, level: str, text: str = "") -> NomineeEntry:
    return NomineeEntry(row=2, name=name, position=position, level=level, cchc_done=True,
                        violation=False, docs_assigned=5, docs_on_time=5, gender="Nữ",
                        achievements=text)


def _ind_criteria(level_ok: bool = True) -> dict[str, CriterionResult]:
    return {
        "hoan_thanh": _crit(level_ok, "Hoàn thành tốt nhiệm vụ" if level_ok else "Hoàn thành nhiệm vụ"),
        "cchc": _crit(True, "Hoàn thành nhiệm vụ CCHC được giao"),
        "van_ban": _crit(True, "5/5 văn bản đúng hạn"),
        "ky_luat": _crit(True, "Không vi phạm"),
    }


def campaign_result(council: bool = False) -> CampaignResult:
    """Five units: two selected, one tied at the cutoff, one rejected, one late; one missing.

    The two collectives and three individuals selected are the list put to the council's vote.
    With `council`, the council (9 members, 7 present) has voted: Lê Thị Ánh gets 4 of 9 votes
    and is not selected (2 collectives and 2 individuals remain)."""
    pnv_sub = Submission(unit_code="PNV", staffing=10, achievements={
        "tap_the": "Tham mưu ban hành Kế hoạch CCHC đúng hạn.\nTổ chức 4 lớp tập huấn.",
        "cchc": "Hoàn thành 12/12 nhiệm vụ.",
    })
    tckh_sub = Submission(unit_code="TCKH", achievements={"sang_kien": NASTY})
    units = [
        _unit("PNV", "Phòng Nội vụ", submitted=True, accepted=True, requested=True,
              input_file=_file("PNV"), submission=pnv_sub, cchc_score=Decimal("92.5"),
              classification="Tốt", criteria=_unit_criteria("92,5", "0/10 = 0,0% ≤ 10%"),
              components=[_comp("PNV", "PCI-02", "Tiếp cận đất đai", "6.17", "6.87"),
                          _comp("PNV", "PCI-03", "Tính minh bạch", "6.17", "5.47")],
              eligible=True, rank=1, proposed=True, selected=True, amount=900000, list_number=1),
        _unit("TCKH", "Phòng Tài chính - Kế hoạch", submitted=True, accepted=True, requested=True,
              input_file=_file("TCKH"), submission=tckh_sub, cchc_score=Decimal("88"),
              classification="Tốt", criteria=_unit_criteria("88", "1/10 = 10,0% ≤ 10%"),
              components=[_comp("TCKH", "PCI-08", "Hỗ trợ doanh nghiệp", "5.29", "5.29")],
              eligible=True, rank=2, proposed=True, selected=True, tie_at_cutoff=True,
              amount=900000, list_number=2),
        _unit("XA-PH", "UBND xã Phước Hậu", submitted=True, accepted=True, requested=True,
              input_file=_file("XA-PH"), submission=Submission(unit_code="XA-PH"),
              cchc_score=Decimal("88"), classification="Tốt",
              criteria=_unit_criteria("88", "1/10 = 10,0% ≤ 10%"), eligible=True, rank=3,
              tie_at_cutoff=True),
        _unit("XA-PS", "UBND xã Phước Sơn", submitted=True, input_file=_file("XA-PS", "rejected")),
        _unit("TT-PD", "UBND thị trấn Phước Dân", submitted=True, late=True, accepted=True,
              requested=True, input_file=_file("TT-PD", late=True),
              submission=Submission(unit_code="TT-PD"), cchc_score=Decimal("70"),
              classification="Khá", criteria=_unit_criteria("70", "2/10 = 20,0% > 10%", ok=False),
              excluded_late=True),
        _unit("XA-AH", "UBND xã An Hải"),
    ]
    units[4].criteria["ky_luat"] = _crit(False, "2/10 = 20,0% > 10%")
    people = [
        IndividualResult(nominee=_person("Nguyễn Thị Hoa", "Chuyên viên", LEVEL_EXCELLENT,
                                         "Tham mưu 15 văn bản.\n" + NASTY),
                         unit_code="PNV", unit_name="Phòng Nội vụ", criteria=_ind_criteria(),
                         eligible=True, rank=1, proposed=True, selected=True, amount=450000,
                         list_number=1),
        IndividualResult(nominee=_person("Trần Văn Bình", "Phó Trưởng phòng", LEVEL_GOOD),
                         unit_code="TCKH", unit_name="Phòng Tài chính - Kế hoạch",
                         criteria=_ind_criteria(), eligible=True, rank=2, proposed=True,
                         selected=True, amount=450000, list_number=2),
        IndividualResult(nominee=_person("Lê Thị Ánh", "Công chức Văn phòng - Thống kê", LEVEL_GOOD),
                         unit_code="XA-PH", unit_name="UBND xã Phước Hậu", criteria=_ind_criteria(),
                         eligible=True, rank=3, proposed=True, selected=True, amount=450000,
                         list_number=3),
        IndividualResult(nominee=_person("Phạm Văn Cường", "Chuyên viên", "Hoàn thành nhiệm vụ"),
                         unit_code="PNV", unit_name="Phòng Nội vụ",
                         criteria=_ind_criteria(level_ok=False)),
    ]
    money = MoneyTerms(base_salary=1490000, base_salary_basis="Nghị định số 38/2019/NĐ-CP của Chính phủ",
                       individual_coefficient=Decimal("0.3"), collective_coefficient=Decimal("0.6"),
                       rounding="ceil", amount_individual=450000, amount_collective=900000)
    totals = Totals(collectives=2, individuals=3, amount_collective=900000, amount_individual=450000,
                    total=3150000, total_words="Ba triệu một trăm năm mươi nghìn đồng")
    for items in (units, people):
        for n, item in enumerate([i for i in items if i.selected], 1):
            item.ballot_number = n  # type: ignore[union-attr]
    inputs = [u.input_file for u in units if u.input_file is not None]
    result = CampaignResult(year=2021, inputs=inputs, units=units, individuals=people,
                            missing_units=["XA-AH"], money=money, totals=totals)
    if council:
        apply_vote(result)
    return result


COUNCIL_MEMBERS = [  # name, position, role, present
    ("Phan Văn Minh", "Phó Chủ tịch UBND huyện", COUNCIL_CHAIR, True),
    ("Nguyễn Văn A", "Trưởng phòng Nội vụ", COUNCIL_VICE, True),
    ("Đặng Thị Thu", "Chuyên viên Phòng Nội vụ", COUNCIL_SECRETARY, True),
    ("Võ Văn Tám", "Chánh Văn phòng HĐND và UBND huyện", COUNCIL_MEMBER, True),
    ("Huỳnh Thị Mai", "Trưởng phòng Tài chính - Kế hoạch", COUNCIL_MEMBER, True),
    ("Lương Văn Phú", "Chủ tịch Ủy ban MTTQ Việt Nam huyện", COUNCIL_MEMBER, False),
    ("Châu Thị Lan", "Chủ tịch Liên đoàn Lao động huyện", COUNCIL_MEMBER, True),
    ("Mai Văn Sơn", "Bí thư Huyện đoàn", COUNCIL_MEMBER, False),
    ("Tạ Thị Hạnh", "Chủ tịch Hội Liên hiệp Phụ nữ huyện", COUNCIL_MEMBER, True),
]
VOTES = {"PNV": (7, 0), "TCKH": (6, 1), "Nguyễn Thị Hoa": (7, 0), "Trần Văn Bình": (6, 1),
         "Lê Thị Ánh": (4, 3)}


def apply_vote(result: CampaignResult) -> None:
    """The council's meeting and vote, applied as the decision stage does (approval >1/2 of 9)."""
    members = [CouncilMember(name=n, position=p, role=r, present=c, row=i + 2)
               for i, (n, p, r, c) in enumerate(COUNCIL_MEMBERS)]
    meeting = Meeting(start=datetime(2021, 12, 8, 8, 0), end=time(10, 30),
                      place="Hội trường Ủy ban nhân dân huyện Ninh Phước", method="Giơ tay")
    votes = []
    for item in [*result.ballot_units, *result.ballot_individuals]:
        person = isinstance(item, IndividualResult)
        key = item.nominee.name if isinstance(item, IndividualResult) else item.unit.code
        agree, disagree = VOTES[key]
        vote = Vote(kind="ca_nhan" if person else "tap_the",
                    unit_code=item.unit_code if isinstance(item, IndividualResult) else item.unit.code,
                    name=key if person else "", agree=agree, disagree=disagree,
                    other=7 - agree - disagree, base=9, passed=agree * 2 > 9)
        item.vote = vote
        votes.append(vote)
        if not vote.passed:
            item.selected, item.amount, item.list_number = False, 0, None
    result.council = CouncilResult(name="Hội đồng Thi đua - Khen thưởng huyện Ninh Phước",
                                   members=members, meeting=meeting, votes=votes, quorum=">=2/3",
                                   approval=">1/2", approval_of="members")
    result.totals = Totals(collectives=2, individuals=2, amount_collective=900000,
                           amount_individual=450000, total=2700000,
                           total_words="Hai triệu bảy trăm nghìn đồng")


# --- reading generated documents back ---------------------------------------------------------


def docx_text(path: object) -> str:
    """Body text in order: paragraphs, and table rows as cells joined by " | "."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = "\n".join(p.text for p in cell.paragraphs).strip("\n")
                    if not cells or cells[-1] != text:  # merged cells repeat
                        cells.append(text)
                lines.append(" | ".join(cells))
    return "\n".join(lines).strip() + "\n"
