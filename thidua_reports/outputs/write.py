"""The outputs of a run, in order, each through the output step: ket_qua.json, tong_hop.xlsx,
kiem_tra/, the Word documents and their print pack, the PDF copies."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from thidua_reports import __version__
from thidua_reports.config import Settings
from thidua_reports.documents.catalog import (
    CONTEXT_KEYS,
    DECISION,
    PRINT_PACK,
    SUMMARY_DIR,
    TEMPLATE_NAMES,
    build_contexts,
)
from thidua_reports.documents.certificate_context import (
    CALIBRATION,
    CERTIFICATES,
    certificate_sheet,
)
from thidua_reports.documents.chart_cache import chart_path
from thidua_reports.documents.context import Chart
from thidua_reports.documents.templates import find_template
from thidua_reports.documents.unit_drafts import (
    UNIT_DRAFT_TEMPLATES,
    draft_inputs,
    feedback_lines,
    unit_jobs,
)
from thidua_reports.models import CampaignResult, IndividualResult, InputFile, UnitResult
from thidua_reports.outputs.memo import content_key
from thidua_reports.outputs.step import Output, OutputStep
from thidua_reports.workbooks.feedback import FEEDBACK_DIR, feedback_pages
from thidua_reports.workbooks.payment import PAYMENT_NAME, payment_book, payment_title
from thidua_reports.workbooks.print_plan import PRINT_LAYOUT
from thidua_reports.workbooks.register import REGISTER_NAME, register_book, register_title
from thidua_reports.workbooks.summary import summary_book, summary_title
from thidua_reports.workspace import sha256_file

RESULTS, SUMMARY, PDF_DIR = "ket_qua.json", "tong_hop.xlsx", "pdf"
RENDER_DOCX = "thidua_reports.documents.render:render"
RENDER_PACK = "thidua_reports.documents.print_pack:compose"
RENDER_BOOK = "thidua_reports.workbooks.tables:book_bytes"
RENDER_FEEDBACK = "thidua_reports.workbooks.feedback:render_feedback"
RENDER_RESULTS = "thidua_reports.outputs.results_json:render_results_json"
RENDER_CERTIFICATES = "thidua_reports.documents.certificates:certificates"
RENDER_CALIBRATION = "thidua_reports.documents.certificates:calibration_sheet"

DRAW_AHEAD = "thidua_reports.documents.docx_template:draw_ahead"

Lap = Callable[[str], None]


def charts_in(value: Any) -> list[Chart]:
    """The charts of a document's context, in order."""
    if isinstance(value, Chart):
        return [value]
    if isinstance(value, dict):
        return [c for v in value.values() for c in charts_in(v)]
    if isinstance(value, list | tuple):
        return [c for v in value for c in charts_in(v)]
    return []


def preflight(workspace: Path | None, remember: Path | None = None) -> None:
    """Check every template (user copy first, else built-in) before anything is rendered.

    `remember`: a JSON file that keeps the keys (template bytes, allowed variables, version) of
    templates that passed, so a re-run neither parses an unchanged template again nor loads docxtpl.
    """
    passed: set[str] = set()
    if remember is not None:
        try:
            passed = set(json.loads(remember.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            passed = set()
    keys = []
    for name in TEMPLATE_NAMES:
        path = find_template(name, workspace)
        key = content_key(sha256_file(path), sorted(CONTEXT_KEYS[name]))
        if key not in passed:
            from thidua_reports.documents.docx_template import (
                check_template,  # docxtpl: only when checking
            )

            check_template(path, CONTEXT_KEYS[name])
        keys.append(key)
    if remember is not None and set(keys) != passed:
        try:
            remember.parent.mkdir(parents=True, exist_ok=True)
            remember.write_text(json.dumps(sorted(keys)), encoding="utf-8")
        except OSError:
            pass  # only a shortcut for the next run


def results_output(result: CampaignResult, settings: Settings) -> Output:
    return Output(RESULTS, RENDER_RESULTS, (result, settings), local=True)  # the whole result: cheaper here


def summary_output(result: CampaignResult, settings: Settings) -> Output:
    book, title, when = summary_book(result), summary_title(result), settings.issuer.decision_date
    return Output(SUMMARY, RENDER_BOOK, (book, title, when), key=(title, when, book.content()))


def payment_output(result: CampaignResult, settings: Settings) -> Output:
    """chi_tien_thuong.xlsx (SPEC §11.2), a draft until the decision has its number."""
    book, title, when = payment_book(result, settings), payment_title(result), settings.issuer.decision_date
    return Output(PAYMENT_NAME, RENDER_BOOK, (book, title, when), key=(title, when, book.content()))


def register_output(result: CampaignResult, settings: Settings) -> Output:
    """so_khen_thuong.xlsx (SPEC §11.3): every award of the history, this run's included."""
    book, title, when = register_book(result), register_title(result), settings.issuer.decision_date
    return Output(REGISTER_NAME, RENDER_BOOK, (book, title, when), key=(title, when, book.content()))


def feedback_outputs(inputs: list[InputFile], units: list[UnitResult] | None, settings: Settings,
                     individuals: list[IndividualResult] | None = None,
                     drafts: dict[str, list[str]] | None = None) -> list[Output]:
    """The feedback pages (kiem_tra/), their content keys computed (a server's check hands them to
    the run that follows it)."""
    when = settings.issuer.decision_date
    outputs = []
    for page in feedback_pages(inputs, units, settings, individuals, drafts):
        key = (page, when, PRINT_LAYOUT) if page.reusable else None
        outputs.append(Output(page.rel, RENDER_FEEDBACK, (page, when), key=key,
                              content=content_key(RENDER_FEEDBACK, key) if key is not None else None))
    return outputs


def document_outputs(result: CampaignResult, settings: Settings, workspace: Path | None,
                     chart_dir: Path | None = None) -> list[Output]:
    """Every .docx of the run but the print pack, in print order."""
    author, when = settings.office.name, settings.issuer.decision_date
    shas: dict[Path, str] = {}
    outputs = []
    for template, rel, context in build_contexts(result, settings):
        source = find_template(template, workspace)
        if source not in shas:
            shas[source] = sha256_file(source)
        title = Path(rel).stem
        ahead = tuple((DRAW_AHEAD, (chart_dir, c.kind, c.data), str(chart_path(chart_dir, c.kind, c.data)))
                      for c in charts_in(context)) if chart_dir else ()
        outputs.append(Output(rel, RENDER_DOCX, (source, context),
                              {"author": author, "title": title, "when": when, "chart_dir": chart_dir},
                              key=(shas[source], context, author, title, when), ahead=ahead))
    return outputs


# Unit code → (digest of everything its drafts are made from, their outputs with content keys), from
# the previous run of this process: a long-lived process (`thidua serve`, `thidua watch`) skips building
# and hashing the contexts of the units whose inputs did not change. Kept only when asked (`remember`):
# a run in a fresh process would pay for the digests without ever using them.
_DRAFTS_SEEN: dict[str, tuple[str, list[Output]]] = {}


def unit_draft_outputs(result: CampaignResult, settings: Settings, workspace: Path | None,
                       remember: bool = False) -> list[Output]:
    """Each unit's own drafts (SPEC §12.1), authored by the unit; keyed by the unit's own data only,
    so a re-run re-renders just the drafts of the units whose data changed."""
    global _DRAFTS_SEEN
    when = settings.issuer.decision_date
    sources: dict[str, tuple[Path, str]] = {}  # template name → (its file, its sha256)
    for template in UNIT_DRAFT_TEMPLATES:
        found = find_template(template, workspace)
        sources[template] = found, sha256_file(found)
    # the drafts are a pure function of these and of (unit, nominees, earlier awards): unit_jobs
    common = hashlib.sha256(repr((__version__, settings, sorted(sources.items()))).encode("utf-8", "surrogatepass")
                            if remember else b"")
    seen, _DRAFTS_SEEN = _DRAFTS_SEEN, {}
    outputs = []
    for u, people, earlier in draft_inputs(result):
        inputs = ""
        if remember:
            digest = common.copy()
            digest.update(repr((u, people, earlier)).encode("utf-8", "surrogatepass"))
            inputs = digest.hexdigest()
        previous = seen.get(u.unit.code)
        if previous is not None and previous[0] == inputs and inputs:
            made = previous[1]
        else:
            made = []
            for template, rel, context, author in unit_jobs(u, people, earlier, settings):
                source, sha = sources[template]
                title = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                key = (sha, context, author, title, when)
                made.append(Output(rel, RENDER_DOCX, (source, context), {"author": author, "title": title, "when": when},
                                   key=key, content=content_key(RENDER_DOCX, key)))
        if remember:
            _DRAFTS_SEEN[u.unit.code] = (inputs, made)
        outputs += made
    return outputs


def print_pack_output(step: OutputStep, documents: list[Output], settings: Settings) -> Output | None:
    """in_an.docx from the Quyết định and every tóm tắt already written by `step`; None without them."""
    parts = [o.rel for o in documents if o.rel == DECISION or o.rel.startswith(f"{SUMMARY_DIR}/")]
    if not parts:
        return None
    step.settle(parts)  # written, when kept workers render them
    author, when = settings.office.name, settings.issuer.decision_date
    return Output(PRINT_PACK, RENDER_PACK, ([step.path(rel) for rel in parts],),
                  {"author": author, "when": when},
                  key=([step.hashes[rel] for rel in parts], author, when))


def write_documents(result: CampaignResult, settings: Settings, workspace: Path | None,
                    step: OutputStep, chart_dir: Path | None = None) -> list[Path]:
    """The Word documents, then the print pack; their paths in print order."""
    documents = document_outputs(result, settings, workspace, chart_dir)
    written = step.emit(documents, parallel=True)
    pack = print_pack_output(step, documents, settings)
    if pack is not None:
        written += step.emit([pack])
    return written


def certificate_outputs(result: CampaignResult, settings: Settings) -> list[Output]:
    """giay_khen.docx and its calibration sheet (SPEC §11.1); not part of the print pack."""
    sheet = certificate_sheet(result, settings)
    emblem = sha256_file(Path(sheet.emblem)) if sheet.emblem else None
    author, when = settings.office.name, settings.issuer.decision_date
    return [Output(rel, renderer, (sheet,), {"author": author, "title": Path(rel).stem, "when": when},
                   key=(sheet, emblem, author, Path(rel).stem, when))
            for rel, renderer in ((CERTIFICATES, RENDER_CERTIFICATES), (CALIBRATION, RENDER_CALIBRATION))]


def write_pdf(step: OutputStep, documents: list[Path]) -> list[Path]:
    """PDF copies of `documents` under pdf/, in the same folders as the documents."""
    from thidua_reports.documents.pdf import convert_to_pdf  # LibreOffice: only with --pdf

    rels = [p.relative_to(step.staged).with_suffix(".pdf").as_posix() for p in documents]
    convert_to_pdf(documents, step.staged / PDF_DIR, names=rels)
    return [step.add(f"{PDF_DIR}/{rel}") for rel in rels]


def write_feedback(step: OutputStep, inputs: list[InputFile], units: list[UnitResult] | None,
                   settings: Settings, individuals: list[IndividualResult] | None = None,
                   drafts: dict[str, list[str]] | None = None, outputs: list[Output] | None = None,
                   paths: bool = True) -> list[Path]:
    """The feedback pages (their paths when `paths`); `outputs`: those feedback_outputs gave for the
    same arguments."""
    step.folder(f"{FEEDBACK_DIR}/")
    if outputs is None:
        outputs = feedback_outputs(inputs, units, settings, individuals, drafts)
    return step.emit(outputs, paths=paths)


def write_run(result: CampaignResult, settings: Settings, workspace: Path, step: OutputStep,
              pdf: bool = False, lap: Lap | None = None, chart_dir: Path | None = None,
              remember: bool = False, feedback: list[Output] | None = None) -> None:
    """Every output of `thidua run` but the manifest, timed per stage by `lap`; `remember`: a
    long-lived process keeps what spares work at its next run (unit_draft_outputs); `feedback`: the
    feedback pages of a check that made this very result (feedback_outputs)."""
    lap = lap or (lambda _stage: None)
    # the documents first: with kept workers (`thidua serve`) the longest renders (the báo cáo tổng
    # kết and its charts) go on there while this thread writes the rest
    documents = document_outputs(result, settings, workspace, chart_dir)
    written = step.emit(documents, parallel=True)
    written += step.emit(certificate_outputs(result, settings))
    lap("write_documents")
    step.emit([results_output(result, settings), summary_output(result, settings)])
    step.emit([payment_output(result, settings), register_output(result, settings)])
    lap("write_summary")
    if feedback is None:
        feedback = feedback_outputs(result.inputs, result.units, settings, result.individuals, feedback_lines(result))
    write_feedback(step, result.inputs, result.units, settings, result.individuals, outputs=feedback, paths=False)
    lap("write_feedback")
    step.emit(unit_draft_outputs(result, settings, workspace, remember), parallel=True, paths=False)  # no PDF copies
    lap("write_unit_drafts")
    pack = print_pack_output(step, documents, settings)
    if pack is not None:
        written += step.emit([pack])
    lap("write_print_pack")
    if pdf:
        step.settle()
        write_pdf(step, [d for d in written if d.suffix == ".docx"])
        lap("write_pdf")


def render_documents(result: CampaignResult, settings: Settings, workspace: Path | None,
                     out_dir: Path) -> list[Path]:
    """Pre-flight, then every document and the print pack into out_dir, nothing reused."""
    preflight(workspace)
    return write_documents(result, settings, workspace, OutputStep(out_dir))
