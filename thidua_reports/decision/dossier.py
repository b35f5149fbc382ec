"""Dossier completeness (SPEC §12.2): which required papers each requesting unit has sent, and under
`[dossier] policy = "exclude"` the criterion "Hồ sơ đầy đủ" of the unit and of its nominees."""

from __future__ import annotations

from thidua_reports.config import Settings
from thidua_reports.dossier import ATTACHMENT, DECLARED, DOSSIER_KINDS, Dossier
from thidua_reports.intake.rules import DOSSIER_LABELS, send_advice
from thidua_reports.models import CampaignResult, CriterionResult, InputFile, Problem, UnitResult

# The workbook's "Đã có …" label (Submission.dossier key) of each kind, in the same order.
LABEL_OF_KIND = dict(zip(DOSSIER_KINDS, DOSSIER_LABELS, strict=True))
CRITERION = "ho_so"
CRITERION_NAME = "Hồ sơ đầy đủ"
_HOW = {ATTACHMENT: "tệp", DECLARED: "tự khai"}


def judge_dossiers(units: list[UnitResult], inputs: list[InputFile], settings: Settings) -> None:
    """Fill `UnitResult.dossier` of every unit (None when the policy is "off").

    A kind counts as sent when an attachment of that kind exists, or — only while the unit has no
    attachment at all — when its accepted workbook's "Đã có …" label says Có ("tự khai").
    """
    if settings.dossier.policy == "off":
        for ur in units:
            ur.dossier = None
        return
    files_of: dict[str, list[InputFile]] = {}
    workbooks_of: dict[str, list[InputFile]] = {}
    for f in inputs:
        if f.status == "attachment" and f.unit_code is not None:
            files_of.setdefault(f.unit_code, []).append(f)
        elif f.status == "accepted" and f.unit_code is not None:
            workbooks_of.setdefault(f.unit_code, []).append(f)
    required = tuple(k for k in DOSSIER_KINDS if k in settings.dossier.required)
    for ur in units:
        files = sorted(files_of.get(ur.unit.code, []), key=lambda f: f.path)
        sent: dict[str, str | None] = dict.fromkeys(DOSSIER_KINDS)
        for f in files:
            if f.kind in sent:
                sent[f.kind] = ATTACHMENT
        sub = ur.submission if ur.accepted else None
        if not files and sub is not None:
            for kind, label in LABEL_OF_KIND.items():
                if sub.dossier.get(label):
                    sent[kind] = DECLARED
        judged = sub is not None and (sub.request_collective or bool(sub.nominees))
        ur.dossier = Dossier(sent, required, judged, [f.path for f in files], declared_only=not files)
        if sub is not None:
            arrived = [LABEL_OF_KIND[k] for k, how in sent.items() if how == ATTACHMENT]
            for f in workbooks_of.get(ur.unit.code, []):
                _drop_stale_advice(f, arrived)


def _drop_stale_advice(f: InputFile, arrived: list[str]) -> None:
    """The workbook says "Đã có Biên bản: Không" but the signed minutes came as an attachment: the
    warning asking for them is no longer true. A new list, so a record kept for re-runs is not changed."""
    stale = tuple(send_advice(label) for label in arrived)
    if stale and any(p.severity == "warning" and p.message.endswith(stale) for p in f.problems):
        f.problems = [p for p in f.problems if not (p.severity == "warning" and p.message.endswith(stale))]


def sent_words(dossier: Dossier) -> str:
    """"Tờ trình (tệp), Báo cáo thành tích (tự khai)": the required papers that count as sent."""
    return ", ".join(f"{DOSSIER_KINDS[k]} ({_HOW[s]})" for k in dossier.required
                     if (s := dossier.sent.get(k)) is not None)


def dossier_criterion(dossier: Dossier, of_unit: bool = False) -> CriterionResult:
    """"Hồ sơ đầy đủ" with the missing kinds named; `of_unit`: said of a nominee (the unit's dossier)."""
    whose = "Hồ sơ của đơn vị " if of_unit else ""
    if not dossier.required:
        return CriterionResult(True, "Không yêu cầu văn bản gửi kèm", applicable=False)
    if dossier.missing:
        text = f"{whose}thiếu {dossier.missing_names()}" if whose else f"Thiếu {dossier.missing_names()}"
        have = sent_words(dossier)
        return CriterionResult(False, text + (f"; đã có: {have}" if have else ""))
    return CriterionResult(True, f"{whose}đủ: {sent_words(dossier)}" if whose else f"Đủ: {sent_words(dossier)}")


def dossier_problem(ur: UnitResult, settings: Settings) -> Problem | None:
    """The unit's feedback line when its dossier is incomplete: what is missing and how to send it."""
    d = ur.dossier
    if d is None or not d.missing or ur.input_file is None:
        return None
    code = ur.unit.code
    example = f"{code}_{d.missing[0]}.pdf"
    text = (f"Hồ sơ đề nghị khen thưởng thiếu {d.missing_names()}; hãy gửi bản đã ký (PDF, ảnh chụp hoặc Word) "
            f"vào thư mục inbox/{code}/ hoặc đặt tên tệp bắt đầu bằng mã đơn vị, ví dụ {example}")
    if d.declared_only and any(d.sent.get(k) == DECLARED for k in d.required):
        text += " (các văn bản khác đang tính theo phần tự khai \"Đã có …\" của phiếu)"
    if settings.dossier.policy == "exclude":
        text += "; theo quy định, tập thể và cá nhân của đơn vị chưa được xét khen thưởng khi hồ sơ chưa đủ"
    return Problem(ur.input_file.path, None, None, "warning", text)


def incomplete_note(result: CampaignResult, settings: Settings) -> str | None:
    """The run summary's line on incomplete dossiers, naming the units and what they lack."""
    short = [u for u in result.units if u.dossier is not None and u.dossier.missing]
    if not short:
        return None
    who = "; ".join(f"{u.unit.code}: thiếu {u.dossier.missing_names()}" for u in short if u.dossier)
    effect = (" (không được xét khen thưởng: [dossier] policy = \"exclude\")"
              if settings.dossier.policy == "exclude" else "")
    return f"Hồ sơ gửi kèm chưa đủ ở {len(short)} đơn vị{effect}: {who}."
