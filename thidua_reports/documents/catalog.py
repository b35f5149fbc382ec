"""The Word documents of a run (SPEC §7): their templates, output names and contexts, in print order."""

from __future__ import annotations

from typing import Any

from thidua_reports.config import Settings
from thidua_reports.documents.context import (
    decision_context,
    ordered_people,
    ordered_units,
    proposal_context,
)
from thidua_reports.documents.council_papers import (
    ballot_context,
    minutes_context,
    notice_context,
)
from thidua_reports.documents.dossier_text import dossier_lines
from thidua_reports.documents.summaries import (
    collective_summary,
    individual_summary,
    report_context,
)
from thidua_reports.documents.unit_drafts import UNIT_DRAFT_KEYS
from thidua_reports.models import CampaignResult
from thidua_reports.vietnamese import slugify

DECISION, PROPOSAL, REPORT = "quyet_dinh.docx", "to_trinh.docx", "bao_cao_tong_ket.docx"
SUMMARY_COLLECTIVE, SUMMARY_INDIVIDUAL = "tom_tat_tap_the.docx", "tom_tat_ca_nhan.docx"
NOTICE, BALLOT, MINUTES = "thong_bao_cong_khai.docx", "phieu_bieu_quyet.docx", "bien_ban_hoi_dong.docx"
PRINT_PACK = "in_an.docx"
SUMMARY_DIR = "tom_tat"

_COMMON = {"header_lines", "summary", "signer_prefix", "signer_title", "signer_name", "recipients"}
_NUMBERED = _COMMON | {"doc_number", "date_line"}
_LIST = {"appendix_title", "appendix_subtitle", "appendix_ref", "collectives", "individuals",
         "total_money", "total_words"}
_SUMMARY = {"header_lines", "summary", "subject", "identity", "criteria", "achievement_sections",
            "earlier_awards", "sign_title", "sign_note", "sign_name"}

# The variables each template may use: pre-flight checks user templates against these.
CONTEXT_KEYS: dict[str, set[str]] = {
    DECISION: _NUMBERED | _LIST | {"authority", "bases", "article1", "article2", "article3"},
    PROPOSAL: _NUMBERED | _LIST | {
        "addressee", "bases", "intro", "participation", "appraisal_collective",
        "collective_criteria", "appraisal_individual", "individual_criteria", "proposal",
        "money_line", "ties_intro", "ties", "closing", "has_list", "dossier"},
    SUMMARY_COLLECTIVE: _SUMMARY | {"prior_label", "current_label", "components"},
    SUMMARY_INDIVIDUAL: _SUMMARY | {"confirm_title", "confirm_note", "confirm_name"},
    REPORT: _NUMBERED | {
        "intro", "participation", "criteria_rows", "component_summary", "prior_label",
        "current_label", "component_rows", "chart_index", "classification_lines",
        "chart_classification", "award_line", "awards", "collectives", "individuals",
        "total_money", "total_words", "closing", "has_list", "has_trend", "trend_heading",
        "trend_intro", "trend_rows", "chart_trend", "assessment_heading", "strengths", "weaknesses",
        "next_year_heading", "next_year"},
    NOTICE: _NUMBERED | {"intro", "collectives", "individuals", "publication", "comments"},
    BALLOT: {"header_lines", "summary", "instruction", "collectives", "individuals", "note"},
    MINUTES: {"header_lines", "doc_number", "date_line", "summary", "start_line", "place_line",
              "attendance", "present", "absent", "chair", "secretary", "report_intro", "report",
              "discussion", "vote_intro", "collective_votes", "individual_votes", "conclusion",
              "closing", "secretary_name", "chair_name"},
    **UNIT_DRAFT_KEYS,  # each unit's own drafts (SPEC §12.1)
}
TEMPLATE_NAMES = tuple(CONTEXT_KEYS)


def summary_names(result: CampaignResult) -> dict[int, str]:
    """id(UnitResult/IndividualResult) → path under out_dir of its tóm tắt."""
    names: dict[int, str] = {}
    for u in result.selected_units:
        names[id(u)] = f"{SUMMARY_DIR}/{slugify(u.unit.code)}.docx"
    for n, p in enumerate(ordered_people(result), 1):
        number = p.list_number or n
        names[id(p)] = f"{SUMMARY_DIR}/{slugify(p.unit_code)}_{number:02d}_{slugify(p.nominee.name)}.docx"
    return names


def build_contexts(result: CampaignResult, settings: Settings) -> list[tuple[str, str, dict[str, Any]]]:
    """(template name, output path under output/<year>, context) for every document, in print order."""
    names = summary_names(result)
    heads = {u.unit.code: u.unit.head_name for u in result.units}
    proposal = {**proposal_context(result, settings), "dossier": dossier_lines(result, settings)}  # SPEC §12.2
    jobs = [(PROPOSAL, PROPOSAL, proposal)]
    # the council's papers: the list put to its vote, posted, voted on, and the minutes
    if result.council is not None or result.ballot_units or result.ballot_individuals:
        jobs += [(NOTICE, NOTICE, notice_context(result, settings)),
                 (BALLOT, BALLOT, ballot_context(result, settings)),
                 (MINUTES, MINUTES, minutes_context(result, settings))]
    if result.selected_units or result.selected_individuals:  # no award, no decision to draft
        jobs.append((DECISION, DECISION, decision_context(result, settings)))
    for u in ordered_units(result):
        jobs.append((SUMMARY_COLLECTIVE, names[id(u)], collective_summary(u, settings, result)))
    for p in ordered_people(result):
        jobs.append((SUMMARY_INDIVIDUAL, names[id(p)],
                     individual_summary(p, settings, heads.get(p.unit_code, ""), result)))
    jobs.append((REPORT, REPORT, report_context(result, settings)))
    return jobs
