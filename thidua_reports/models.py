"""Data records passed between the pipeline stages: registry, submissions, problems, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from thidua_reports.dossier import Dossier

Severity = Literal["error", "warning"]
FileStatus = Literal["accepted", "rejected", "superseded", "ignored", "attachment"]

# The four completion levels of SPEC §5 (CaNhan), best first.
LEVEL_EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
LEVEL_GOOD = "Hoàn thành tốt nhiệm vụ"
LEVEL_DONE = "Hoàn thành nhiệm vụ"
LEVEL_NOT_DONE = "Không hoàn thành nhiệm vụ"
COMPLETION_LEVELS = (LEVEL_EXCELLENT, LEVEL_GOOD, LEVEL_DONE, LEVEL_NOT_DONE)

# Vietnamese words for file and unit states used by the summary and `thidua check`.
STATUS_WORDS = {
    "accepted": "Hợp lệ",
    "rejected": "Bị từ chối",
    "superseded": "Bị thay thế",
    "ignored": "Bỏ qua",
    "attachment": "Tệp đính kèm",
}


@dataclass(frozen=True)
class Problem:
    """One finding about an input: file-level when `cell` is None."""

    file: str
    sheet: str | None
    cell: str | None
    severity: Severity
    message: str

    def describe(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"trang {self.sheet}")
        if self.cell:
            where.append(f"ô {self.cell}")
        return f"{', '.join(where)}: {self.message}"

    def as_json(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message}


# --- registry (danh_muc.xlsx) ---------------------------------------------------------------


@dataclass
class Unit:
    code: str
    name: str
    kind: str = ""
    head_name: str = ""
    head_title: str = ""
    staffing: int | None = None
    official_score: Decimal | None = None
    row: int = 0


@dataclass
class Assignment:
    """One index component assigned to one unit (registry sheet ChiSo)."""

    index_set: str
    code: str
    name: str
    unit_code: str
    prior_max: Decimal | None = None
    prior_score: Decimal | None = None
    current_max: Decimal | None = None
    current_score: Decimal | None = None
    row: int = 0


@dataclass
class Registry:
    units: list[Unit]
    assignments: list[Assignment]
    path: str = "danh_muc.xlsx"

    def unit(self, code: str) -> Unit | None:
        for u in self.units:
            if u.code == code:
                return u
        return None

    def assignments_for(self, unit_code: str) -> list[Assignment]:
        return [a for a in self.assignments if a.unit_code == unit_code]


# --- unit workbook (inbox) ------------------------------------------------------------------


@dataclass
class ComponentEntry:
    """One row of the unit's ChiSo sheet."""

    index_set: str
    code: str
    name: str
    max_points: Decimal | None
    prior_score: Decimal | None
    current_score: Decimal | None
    note: str = ""
    row: int = 0


@dataclass
class NomineeEntry:
    """One valid row of the unit's CaNhan sheet."""

    row: int
    name: str
    position: str
    level: str  # one of COMPLETION_LEVELS (full form)
    cchc_done: bool
    violation: bool
    docs_assigned: int = 0
    docs_on_time: int = 0
    priority: int | None = None
    stt: str = ""
    gender: str = ""
    achievements: str = ""


@dataclass
class Submission:
    """Everything read from one accepted-or-not unit workbook."""

    unit_code: str
    unit_name: str = ""
    year: int | None = None
    staffing: int | None = None
    self_score: Decimal | None = None
    tasks_assigned: int | None = None
    tasks_done: int | None = None
    no_badge: int | None = None
    late_hours: int | None = None
    violators: int | None = None
    request_collective: bool = False
    preparer: str = ""
    submitted_on: date | None = None
    dossier: dict[str, bool] = field(default_factory=dict)
    components: list[ComponentEntry] = field(default_factory=list)
    nominees: list[NomineeEntry] = field(default_factory=list)
    # ThanhTich: keys "tap_the", "cchc", "sang_kien"
    achievements: dict[str, str] = field(default_factory=dict)


@dataclass
class InputFile:
    """One file found under inbox/, with its fate."""

    path: str  # relative to the workspace, POSIX separators
    sha256: str = ""
    size: int = 0
    mtime: float = 0.0
    status: FileStatus = "rejected"
    unit_code: str | None = None
    late: bool = False
    note: str = ""
    problems: list[Problem] = field(default_factory=list)
    submission: Submission | None = None
    kind: str | None = None  # an attachment's kind (thidua_reports.dossier.KIND_NAMES)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# --- decision results -----------------------------------------------------------------------


@dataclass
class CriterionResult:
    passed: bool
    detail: str
    applicable: bool = True

    def as_json(self) -> dict:
        return {"pass": self.passed, "detail": self.detail}


@dataclass
class ComponentComparison:
    unit_code: str
    index_set: str
    code: str
    name: str
    prior: Decimal | None
    prior_max: Decimal | None
    current: Decimal | None
    current_max: Decimal | None
    prior_source: str | None = None  # "danh_muc" | "lich_su" | "don_vi"
    current_source: str | None = None  # "danh_muc" | "don_vi"
    change: Decimal | None = None  # current - prior, in points (or in share of max when maxima differ)
    direction: str | None = None  # "tăng" | "giảm" | "không đổi"
    improvement: Fraction | None = None  # current/max_current - prior/max_prior
    compared_by_ratio: bool = False


@dataclass
class UnitResult:
    unit: Unit
    submitted: bool = False
    late: bool = False
    accepted: bool = False
    requested: bool = False
    input_file: InputFile | None = None
    submission: Submission | None = None
    cchc_score: Decimal | None = None
    score_source: str | None = None  # "danh_muc" | "don_vi"
    classification: str | None = None
    violation_ratio: Fraction | None = None
    mean_improvement: Fraction = Fraction(0)
    components: list[ComponentComparison] = field(default_factory=list)
    criteria: dict[str, CriterionResult] = field(default_factory=dict)
    eligible: bool = False
    excluded_late: bool = False
    rank: int | None = None
    proposed: bool = False
    selected: bool = False
    tie_at_cutoff: bool = False
    override: str | None = None  # "Chọn" | "Loại"
    override_reason: str = ""
    vote: Vote | None = None  # the council's vote on this unit, when it voted
    ballot_number: int | None = None  # STT on the ballot (proposed − Loại + Chọn), before the vote
    amount: int = 0
    list_number: int | None = None  # STT in list I of the QĐ (1-based) when selected
    register_number: str | None = None  # số sổ of the certificate ([certificate] register_format) when selected
    note: str = ""  # e.g. why a late file is not considered
    problems: list[Problem] = field(default_factory=list)  # decision-stage findings about this unit
    dossier: Dossier | None = None  # its signed papers (SPEC §12.2); None with [dossier] policy = "off"


@dataclass
class IndividualResult:
    nominee: NomineeEntry
    unit_code: str
    unit_name: str
    late: bool = False
    unit_score: Decimal | None = None
    criteria: dict[str, CriterionResult] = field(default_factory=dict)
    eligible: bool = False
    excluded_late: bool = False
    eligible_place: int | None = None  # place among the unit's eligible nominees
    rank: int | None = None
    proposed: bool = False
    selected: bool = False
    tie_at_cutoff: bool = False
    override: str | None = None
    override_reason: str = ""
    vote: Vote | None = None  # the council's vote on this person, when it voted
    ballot_number: int | None = None  # STT on the ballot (proposed − Loại + Chọn), before the vote
    amount: int = 0
    list_number: int | None = None  # STT in list II of the QĐ (1-based) when selected
    register_number: str | None = None  # số sổ of the certificate ([certificate] register_format) when selected
    note: str = ""  # e.g. why a late file is not considered


@dataclass(frozen=True)
class CouncilMember:
    """A row of sheet ThanhVien of quyet_dinh_hoi_dong.xlsx."""

    name: str
    position: str
    role: str  # one of COUNCIL_ROLES
    present: bool
    row: int = 0


COUNCIL_CHAIR, COUNCIL_VICE, COUNCIL_MEMBER, COUNCIL_SECRETARY = (
    "Chủ tịch Hội đồng", "Phó Chủ tịch Hội đồng", "Ủy viên", "Ủy viên thư ký")
COUNCIL_ROLES = (COUNCIL_CHAIR, COUNCIL_VICE, COUNCIL_MEMBER, COUNCIL_SECRETARY)


@dataclass(frozen=True)
class Meeting:
    """Sheet PhienHop: when and where the council met, and how it voted."""

    start: datetime | None = None
    end: time | None = None
    place: str = ""
    method: str = ""  # "Giơ tay" | "Bỏ phiếu kín" | ""


@dataclass
class Vote:
    """A row of sheet BieuQuyet, with its result against the approval threshold."""

    kind: str  # "tap_the" | "ca_nhan"
    unit_code: str
    name: str  # blank for a collective
    agree: int
    disagree: int
    other: int = 0  # blank or spoiled ballots: members present − agree − disagree
    base: int = 0  # members counted by the approval threshold (all members, or those present)
    passed: bool = False
    row: int = 0

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "unit_code": self.unit_code, "name": self.name or None,
                "agree": self.agree, "disagree": self.disagree, "other": self.other, "passed": self.passed}


@dataclass
class CouncilResult:
    """The council's meeting and vote, when quyet_dinh_hoi_dong.xlsx has sheet BieuQuyet."""

    name: str
    members: list[CouncilMember]
    meeting: Meeting
    votes: list[Vote]
    quorum: str  # the thresholds as configured, e.g. ">=2/3"
    approval: str
    approval_of: str  # "members" | "present"
    quorum_ok: bool = True

    @property
    def present(self) -> list[CouncilMember]:
        return [m for m in self.members if m.present]

    @property
    def absent(self) -> list[CouncilMember]:
        return [m for m in self.members if not m.present]

    def member(self, role: str) -> CouncilMember | None:
        return next((m for m in self.members if m.role == role), None)


@dataclass
class MoneyTerms:
    base_salary: int
    base_salary_basis: str
    individual_coefficient: Decimal
    collective_coefficient: Decimal
    rounding: str
    amount_individual: int
    amount_collective: int


@dataclass
class Totals:
    collectives: int = 0
    individuals: int = 0
    amount_collective: int = 0
    amount_individual: int = 0
    total: int = 0
    total_words: str = ""


@dataclass(frozen=True)
class YearFigures:
    """One campaign year in figures, for the báo cáo's trend table (None: not recorded that year)."""

    year: int
    units: int  # units in the registry
    accepted: int | None  # files accepted
    eligible_collectives: int | None
    eligible_individuals: int | None
    awards: int
    total_money: int
    components_improved: int | None
    components_compared: int | None


@dataclass(frozen=True)
class AwardRecord:
    """One award of the register across years (SPEC §11.3), as the history holds it."""

    year: int
    collective: bool
    unit_code: str
    unit_name: str
    name: str  # the collective's or the person's name
    position: str  # the person's title ("" for a collective)
    decision_number: str
    decision_date: date | None
    form: str
    amount: int
    register_number: str | None


@dataclass
class CampaignResult:
    """The decision of one run: what the documents, workbooks and history are made from."""

    year: int
    inputs: list[InputFile]
    units: list[UnitResult]
    individuals: list[IndividualResult]
    missing_units: list[str]
    money: MoneyTerms | None
    totals: Totals
    problems: list[Problem] = field(default_factory=list)  # run-level findings (registry, overrides)
    council: CouncilResult | None = None  # the council's meeting and vote (sheet BieuQuyet)
    trend: list[YearFigures] = field(default_factory=list)  # earlier years (history) then this one
    register: list[AwardRecord] = field(default_factory=list)  # every award in the history, newest first

    @property
    def selected_units(self) -> list[UnitResult]:
        return [u for u in self.units if u.selected]

    @property
    def selected_individuals(self) -> list[IndividualResult]:
        return [i for i in self.individuals if i.selected]

    @property
    def ballot_units(self) -> list[UnitResult]:
        """Collectives put to the council's vote (proposed − Loại + Chọn), in ballot order."""
        return sorted((u for u in self.units if u.ballot_number is not None),
                      key=lambda u: u.ballot_number or 0)

    @property
    def ballot_individuals(self) -> list[IndividualResult]:
        """Individuals put to the council's vote, in ballot order."""
        return sorted((i for i in self.individuals if i.ballot_number is not None),
                      key=lambda i: i.ballot_number or 0)
