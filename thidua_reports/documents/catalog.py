"""The Word documents of a run (SPEC §7): pre-flight of every template, then render into out_dir."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.documents.render import check_template, find_template, render
from thidua_reports.intake.cache import OutputMemo
from thidua_reports.models import CampaignResult
from thidua_reports.vietnamese import slugify
from thidua_reports.workspace import sha256_file

DECISION, PROPOSAL, REPORT = "quyet_dinh.docx", "to_trinh.docx", "bao_cao_tong_ket.docx"
SUMMARY_COLLECTIVE, SUMMARY_INDIVIDUAL = "tom_tat_tap_the.docx", "tom_tat_ca_nhan.docx"
PRINT_PACK = "in_an.docx"
SUMMARY_DIR = "tom_tat"

_COMMON = {"header_lines", "summary", "signer_prefix", "signer_title", "signer_name", "recipients"}
_NUMBERED = _COMMON | {"doc_number", "date_line"}
_LIST = {"appendix_title", "appendix_subtitle", "appendix_ref", "collectives", "individuals",
         "total_money", "total_words"}
_SUMMARY = {"header_lines", "summary", "subject", "identity", "criteria", "achievement_sections",
            "sign_title", "sign_note", "sign_name"}

# The variables each template may use: pre-flight checks user templates against these.
CONTEXT_KEYS: dict[str, set[str]] = {
    DECISION: _NUMBERED | _LIST | {"authority", "bases", "article1", "article2", "article3"},
    PROPOSAL: _NUMBERED | _LIST | {
        "addressee", "bases", "intro", "participation", "appraisal_collective",
        "collective_criteria", "appraisal_individual", "individual_criteria", "proposal",
        "money_line", "ties_intro", "ties", "closing", "has_list"},
    SUMMARY_COLLECTIVE: _SUMMARY | {"prior_label", "current_label", "components"},
    SUMMARY_INDIVIDUAL: _SUMMARY | {"confirm_title", "confirm_note", "confirm_name"},
    REPORT: _NUMBERED | {
        "intro", "participation", "criteria_rows", "component_summary", "prior_label",
        "current_label", "component_rows", "chart_index", "classification_lines",
        "chart_classification", "award_line", "awards", "collectives", "individuals",
        "total_money", "total_words", "closing", "has_list"},
}
TEMPLATE_NAMES = tuple(CONTEXT_KEYS)


def preflight(workspace: Path | None, remember: Path | None = None) -> None:
    """Check every template (user copy first, else built-in) before anything is rendered.

    `remember`: a JSON file that keeps the keys (template bytes, allowed variables, version) of
    templates that passed, so a re-run does not parse an unchanged template again.
    """
    import json

    passed: set[str] = set()
    if remember is not None:
        try:
            passed = set(json.loads(remember.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            passed = set()
    keys = []
    for name in TEMPLATE_NAMES:
        path = find_template(name, workspace)
        key = OutputMemo.key(sha256_file(path), sorted(CONTEXT_KEYS[name]))
        if key not in passed:
            check_template(path, CONTEXT_KEYS[name])
        keys.append(key)
    if remember is not None and set(keys) != passed:
        try:
            remember.parent.mkdir(parents=True, exist_ok=True)
            remember.write_text(json.dumps(sorted(keys)), encoding="utf-8")
        except OSError:
            pass  # only a shortcut for the next run


def summary_names(result: CampaignResult) -> dict[int, str]:
    """id(UnitResult/IndividualResult) → path under out_dir of its tóm tắt."""
    names: dict[int, str] = {}
    for u in result.selected_units:
        names[id(u)] = f"{SUMMARY_DIR}/{slugify(u.unit.code)}.docx"
    for n, p in enumerate(_people(result), 1):
        number = p.list_number or n
        names[id(p)] = f"{SUMMARY_DIR}/{slugify(p.unit_code)}_{number:02d}_{slugify(p.nominee.name)}.docx"
    return names


def _people(result: CampaignResult) -> list[Any]:
    from thidua_reports.documents.context import ordered_people

    return ordered_people(result)


def build_contexts(result: CampaignResult, settings: Settings,
                   chart_cache: Path | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(template name, output path under out_dir, context) for every document, in print order."""
    from thidua_reports.documents.context import decision_context, ordered_units, proposal_context
    from thidua_reports.documents.summaries import (
        collective_summary,
        individual_summary,
        report_context,
    )

    names = summary_names(result)
    heads = {u.unit.code: u.unit.head_name for u in result.units}
    jobs = [(PROPOSAL, PROPOSAL, proposal_context(result, settings))]
    if result.selected_units or result.selected_individuals:  # no award, no decision to draft
        jobs.append((DECISION, DECISION, decision_context(result, settings)))
    for u in ordered_units(result):
        jobs.append((SUMMARY_COLLECTIVE, names[id(u)], collective_summary(u, settings)))
    for p in _people(result):
        jobs.append((SUMMARY_INDIVIDUAL, names[id(p)],
                     individual_summary(p, settings, heads.get(p.unit_code, ""))))
    jobs.append((REPORT, REPORT, report_context(result, settings, chart_cache=chart_cache)))
    return jobs


def render_documents(result: CampaignResult, settings: Settings, workspace: Path | None,
                     out_dir: Path, memo: OutputMemo | None = None, checked: bool = False) -> list[Path]:
    """Pre-flight, then write every .docx (and the print pack) into out_dir; return the paths.

    With a memo, a document whose template and context are unchanged since the previous run is
    taken from that run instead of being rendered again. `checked`: the caller already ran preflight().
    """
    if not checked:
        preflight(workspace)
    author = settings.office.name
    when = settings.issuer.decision_date
    chart_cache = memo.path.parent / "charts" if memo is not None else None
    written: list[Path] = []
    for template, rel, context in build_contexts(result, settings, chart_cache):
        title = Path(rel).stem
        source = find_template(template, workspace)
        out = out_dir / rel
        key = OutputMemo.key(sha256_file(source), context, author, title, when)
        if memo is None or not _reuse(memo, rel, key, out):
            render(source, context, out, author=author, title=title, when=when)
            if memo is not None:
                memo.record(rel, key, out)
        written.append(out)
    pack = [p for p in written if p.name == DECISION or p.parent.name == SUMMARY_DIR]
    if not pack:
        return written
    out = out_dir / PRINT_PACK
    key = OutputMemo.key([sha256_file(p) for p in pack], author, when)
    if memo is None or not _reuse(memo, PRINT_PACK, key, out):
        from thidua_reports.documents.print_pack import compose

        compose(pack, out, author=author, when=when)
        if memo is not None:
            memo.record(PRINT_PACK, key, out)
    written.append(out)
    return written


def _reuse(memo: OutputMemo, rel: str, key: str, out: Path) -> bool:
    out.parent.mkdir(parents=True, exist_ok=True)
    return memo.reuse(rel, key, out)
