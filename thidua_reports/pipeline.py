"""Runs the stages in order: gather (read, validate), decide, then write into a folder swapped in at the end."""

from __future__ import annotations

import gc
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from thidua_reports.config import CONFIG_NAME, Settings, load_settings, settings_warnings
from thidua_reports.decision.council_file import OVERRIDE_FILE
from thidua_reports.decision.decide import decide as decide_stage
from thidua_reports.decision.decide import history_db_path
from thidua_reports.decision.dossier import incomplete_note
from thidua_reports.decision.history import filter_register, load_register, record_result
from thidua_reports.decision.money import award_terms
from thidua_reports.documents import pdf as pdf_module
from thidua_reports.documents.certificate_context import certificate_notes
from thidua_reports.documents.report_parts import placeholder_note
from thidua_reports.documents.unit_drafts import feedback_lines
from thidua_reports.errors import ThiduaError
from thidua_reports.intake.arrivals import snapshot
from thidua_reports.intake.cache import SubmissionCache
from thidua_reports.intake.inbox import INBOX, scan_inbox
from thidua_reports.intake.registry import load_registry
from thidua_reports.models import (
    AwardRecord,
    CampaignResult,
    IndividualResult,
    InputFile,
    Registry,
    UnitResult,
)
from thidua_reports.outputs.manifest import write_manifest
from thidua_reports.outputs.memo import OutputMemo
from thidua_reports.outputs.step import Output, OutputStep
from thidua_reports.outputs.workers import RenderWorkers
from thidua_reports.outputs.write import feedback_outputs, preflight, write_feedback, write_run
from thidua_reports.workbooks.feedback import FEEDBACK_DIR
from thidua_reports.workspace import CACHE_DIR, path_stamp, staging_dir, swap_in, workspace_lock

Progress = Callable[[int, int], None]
REGISTRY_NAME = "danh_muc.xlsx"


@dataclass
class UnitStatus:
    code: str
    name: str
    status: str  # "Hợp lệ" | "Bị từ chối" | "Chưa gửi"
    late: bool = False
    file: str | None = None
    errors: int = 0
    warnings: int = 0


@dataclass
class Summary:
    workspace: Path
    year: int
    units_total: int = 0
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    missing: int = 0
    late: int = 0
    files: dict[str, int] = field(default_factory=dict)
    unknown_files: int = 0
    unit_rows: list[UnitStatus] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    eligible_collectives: int | None = None
    eligible_individuals: int | None = None
    selected_collectives: int | None = None
    selected_individuals: int | None = None
    total_money: int | None = None
    output_dir: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    cache_hits: int = 0  # inbox files taken from the cache instead of being read again
    outputs_reused: int = 0  # output files of the previous run kept because their content was unchanged
    render_seconds: dict[str, float] = field(default_factory=dict)  # output path → time to render it
    council_lines: list[str] = field(default_factory=list)  # the council's meeting and vote, in words
    inputs: list[InputFile] = field(default_factory=list)  # every inbox file with its fate (for the web)


@dataclass
class Loaded:
    workspace: Path
    settings: Settings
    registry: Registry
    notes: list[str]
    cache_hits: int = 0


def load(workspace: Path) -> Loaded:
    """Settings and registry; raises ThiduaError (ConfigError/RegistryError) when unusable."""
    workspace = workspace.resolve()
    settings = load_settings(workspace)
    registry, reg_warnings = load_registry(workspace / REGISTRY_NAME)
    notes = settings_warnings(settings) + [p.describe() for p in reg_warnings]
    return Loaded(workspace, settings, registry, notes)


def output_dir(loaded: Loaded) -> Path:
    return loaded.workspace / "output" / str(loaded.settings.campaign.year)


def gather(loaded: Loaded, progress: Progress | None = None, use_cache: bool = True) -> list[InputFile]:
    """Read and validate every inbox file; unchanged files come from the workspace cache."""
    cache = None
    if use_cache:
        ws = loaded.workspace
        fingerprint = SubmissionCache.fingerprint(
            (ws / CONFIG_NAME).read_bytes(), (ws / REGISTRY_NAME).read_bytes()
        )
        cache = SubmissionCache(ws, fingerprint)
    inputs = scan_inbox(loaded.workspace, loaded.settings, loaded.registry, progress, cache)
    if cache is not None:
        cache.prune()
        loaded.cache_hits = cache.hits
    return inputs


def summarize(loaded: Loaded, inputs: list[InputFile]) -> Summary:
    s = Summary(workspace=loaded.workspace, year=loaded.settings.campaign.year)
    s.units_total = len(loaded.registry.units)
    s.inputs = inputs
    for inp in inputs:
        s.files[inp.status] = s.files.get(inp.status, 0) + 1
    codes = {u.code for u in loaded.registry.units}
    winners = {f.unit_code: f for f in inputs if f.status in ("accepted", "rejected") and f.unit_code in codes}
    s.unknown_files = sum(1 for f in inputs if f.status in ("accepted", "rejected") and f.unit_code not in codes)
    for unit in loaded.registry.units:
        f = winners.get(unit.code)
        if f is None:
            row = UnitStatus(unit.code, unit.name, "Chưa gửi")
            s.missing += 1
        else:
            row = UnitStatus(
                unit.code,
                unit.name,
                "Hợp lệ" if f.status == "accepted" else "Bị từ chối",
                late=f.late,
                file=f.path,
                errors=len(f.errors),
                warnings=len(f.warnings),
            )
            s.received += 1
            s.accepted += f.status == "accepted"
            s.rejected += f.status == "rejected"
            s.late += f.late
        s.unit_rows.append(row)
    s.notes = list(loaded.notes)
    return s


# what a server's last check read and decided: the run that follows it (an upload, its check, then
# "Chạy toàn bộ") takes its files, decision and feedback pages when nothing changed since
@dataclass
class Checked:
    basis: tuple
    inputs: list[InputFile]
    result: CampaignResult
    feedback: list[Output]


_CHECKED: Checked | None = None


def inbox_listing(workspace: Path) -> tuple:
    """(path, file_stamp) of every file under inbox/, sorted (those the waiting rule ignores too:
    the reading records them)."""
    return tuple(sorted(snapshot(workspace / INBOX, every=True, full=True).items()))


def config_stamps(workspace: Path) -> tuple:
    """Stamps of the settings and the registry: taken before `load` reads them."""
    return path_stamp(workspace / CONFIG_NAME), path_stamp(workspace / REGISTRY_NAME)


def decision_basis(loaded: Loaded, config: tuple) -> tuple:
    """Stamps of every file the reading and the decision stages read, each taken before it is read:
    the settings and registry (`config`, before load), the council file, the history and every inbox
    file (before they are read). The same basis means the same inputs, decision and feedback."""
    ws = loaded.workspace
    return (str(ws), config, path_stamp(ws / OVERRIDE_FILE), path_stamp(history_db_path(loaded.settings, ws)),
            inbox_listing(ws))


def check(workspace: Path, progress: Progress | None = None, workers: RenderWorkers | None = None) -> Summary:
    """`thidua check`: read and validate; replace only output/<year>/kiem_tra/."""
    global _SETTLED, _CHECKED
    _SETTLED = False  # what it leaves alive is set aside by the next settle_collector
    config = config_stamps(workspace.resolve()) if workers is not None else ()
    loaded = load(workspace)
    with workspace_lock(loaded.workspace):
        basis = decision_basis(loaded, config) if workers is not None else None
        inputs = gather(loaded, progress)
        target = output_dir(loaded) / FEEDBACK_DIR
        staged = staging_dir(target)
        memo = OutputMemo(loaded.workspace, output_dir(loaded))
        drafts = None
        result: CampaignResult | None = None
        try:  # each unit also sees its criteria results, as far as the files received so far allow
            result = decide(loaded, inputs)
            units, people = result.units, result.individuals
            # the same pages as a run writes (its drafts named), so check and run reuse each other's
            drafts = feedback_lines(result)
        except ThiduaError as exc:
            units, people = None, None
            loaded.notes.append(f"Phiếu kiểm tra chưa có kết quả xét tiêu chí: {exc}")
        feedback = feedback_outputs(inputs, units, loaded.settings, people, drafts)
        _CHECKED = Checked(basis, inputs, result, feedback) if basis is not None and result is not None else None
        step = OutputStep(staged, memo, prefix=f"{FEEDBACK_DIR}/", workers=workers)
        try:
            write_feedback(step, inputs, units, loaded.settings, people, drafts, outputs=feedback, paths=False)
            step.finish()
        except BaseException:
            step.finish(failed=True)
            shutil.rmtree(staged, ignore_errors=True)
            raise
        swap_in(staged, target)
        memo.save(only=f"{FEEDBACK_DIR}/")
    summary = summarize(loaded, inputs)
    summary.output_dir = target
    summary.outputs_reused = memo.reused
    return summary


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._last
        self._last = now


def run(workspace: Path, pdf: bool = False, progress: Progress | None = None,
        workers: RenderWorkers | None = None) -> Summary:
    """`thidua run`: the whole pipeline, outputs swapped in atomically, history recorded.
    `workers`: render processes a long-lived process keeps from run to run (`thidua serve`)."""
    global _RUNS, _SETTLED
    with _SETTLING:
        if _RUNS and not _SETTLED:
            settle_collector()
        _RUNS += 1
        _SETTLED = False
    return _run(workspace, pdf, progress, workers)


_RUNS = 0  # runs of this process so far
_SETTLED = False  # settle_collector ran since the last run started
_SETTLING = threading.Lock()


def settle_collector() -> None:
    """Before a re-run in a long-lived process (`thidua watch`, `thidua serve`): one full collection
    (what was set aside last time included, so nothing stays uncollected longer than until the
    next re-run), then every object still alive (the parsed submissions and the registry kept for
    re-runs, the modules) is set aside from the cycle collector. Its passes over them during a
    run otherwise cost a third of a re-run. A run in a fresh process (`thidua run`) pays nothing.
    A server calls it when a job has ended (idle_settle), so the next run need not."""
    global _SETTLED
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _SETTLED = True


def idle_settle() -> None:
    """settle_collector after a job of a long-lived process, while the user reads its result; a run
    starting meanwhile waits for it rather than doing it again."""
    with _SETTLING:
        if _RUNS and not _SETTLED:
            settle_collector()


def _run(workspace: Path, pdf: bool, progress: Progress | None, workers: RenderWorkers | None = None) -> Summary:
    clock = _Clock()
    config = config_stamps(workspace.resolve()) if workers is not None else ()
    loaded = load(workspace)
    clock.lap("load")
    with workspace_lock(loaded.workspace):
        _preflight(loaded, pdf)
        clock.lap("preflight")
        target = output_dir(loaded)
        staged = staging_dir(target)
        memo = OutputMemo(loaded.workspace, target)
        step = OutputStep(staged, memo, workers=workers)
        try:
            step.prepare_folders(memo.old)  # made while the files are read
            checked = _take_checked(loaded, config) if workers is not None else None
            feedback = None
            if checked is not None:  # the check's files, decision and pages: nothing changed since
                inputs, result, feedback = checked.inputs, checked.result, checked.feedback
                loaded.cache_hits = sum(f.status != "ignored" for f in inputs)
                if progress is not None:
                    progress(len(inputs), len(inputs))  # every file looked at, by the check
                clock.lap("read")
            else:
                inputs = gather(loaded, progress)
                clock.lap("read")
                result = decide(loaded, inputs)
            clock.lap("decide")
            write_run(result, loaded.settings, loaded.workspace, step, pdf, clock.lap,
                      chart_dir=loaded.workspace / CACHE_DIR / "charts",
                      remember=workers is not None or _RUNS > 1,  # a process that runs again
                      feedback=feedback)
            step.finish()
            write_manifest(staged, loaded.workspace, result.inputs, target, step.hashes)
            clock.lap("write_manifest")
        except BaseException:
            step.finish(failed=True)  # no folder is made after the staging folder is gone
            shutil.rmtree(staged, ignore_errors=True)
            raise
        swap_in(staged, target, trash=loaded.workspace / CACHE_DIR / "trash")
        memo.save()
        record_result(loaded.settings.history_path(), result, loaded.settings)
        clock.lap("history")
    summary = summarize(loaded, inputs)
    summary.timings = clock.timings
    summary.cache_hits = loaded.cache_hits
    summary.outputs_reused = memo.reused
    summary.render_seconds = step.render_seconds
    _add_decision(summary, result, loaded.settings)
    report_note = placeholder_note(loaded.settings)  # the báo cáo's parts left for the office
    if report_note:
        summary.notes.append(report_note)
    summary.output_dir = target
    return summary


def history(workspace: Path, unit: str | None = None, name: str | None = None,
            year: int | None = None) -> list[AwardRecord]:
    """`thidua history`: the awards of the workspace's history (SPEC §11.3), filtered, newest first."""
    settings = load_settings(workspace.resolve())
    return filter_register(load_register(settings.history_path()), unit, name, year)


def _preflight(loaded: Loaded, pdf: bool = False) -> None:
    """Everything that can stop the run is checked before any file is read or written."""
    award_terms(loaded.settings)  # stops early when the money rules are not known for the date
    preflight(loaded.workspace, loaded.workspace / CACHE_DIR / "templates_checked.json")
    if pdf:
        if pdf_module.find_soffice() is None:
            raise ThiduaError(
                "Không tìm thấy LibreOffice (lệnh soffice/libreoffice) để tạo bản PDF. Hãy cài LibreOffice "
                "(ví dụ gói libreoffice-writer) hoặc chạy lại không có tùy chọn --pdf."
            )
        warning = pdf_module.font_warning()
        if warning:
            loaded.notes.append(warning)


def _take_checked(loaded: Loaded, config: tuple) -> Checked | None:
    """The last check's reading and decision when every file is as it was then (taken once)."""
    global _CHECKED
    checked, _CHECKED = _CHECKED, None
    if checked is not None and checked.basis == decision_basis(loaded, config):
        return checked
    return None


def decide(loaded: Loaded, inputs: list[InputFile]) -> CampaignResult:
    return decide_stage(loaded.settings, loaded.registry, inputs, loaded.workspace)


def _add_decision(summary: Summary, result: CampaignResult, settings: Settings) -> None:
    summary.eligible_collectives = sum(1 for u in result.units if u.eligible)
    summary.eligible_individuals = sum(1 for i in result.individuals if i.eligible)
    summary.selected_collectives = len(result.selected_units)
    summary.selected_individuals = len(result.selected_individuals)
    summary.total_money = result.totals.total
    summary.notes.extend(p.describe() for p in result.problems if p.severity == "warning")
    dossier_note = incomplete_note(result, settings)
    if dossier_note:
        summary.notes.append(dossier_note)
    summary.notes.extend(certificate_notes(settings))
    summary.council_lines = council_lines(result)


def council_lines(result: CampaignResult) -> list[str]:
    """The council's vote in a few Vietnamese lines (empty before the vote)."""
    council = result.council
    if council is None or not council.votes:
        return []
    when = council.meeting.start.strftime(" ngày %d/%m/%Y") if council.meeting.start else ""
    passed = sum(v.passed for v in council.votes)
    lines = [f"{council.name} họp{when}: {len(council.present)}/{len(council.members)} thành viên dự họp; "
             f"{passed}/{len(council.votes)} tập thể, cá nhân đạt tỷ lệ phiếu đồng ý."]
    failed: list[UnitResult | IndividualResult] = [
        *(u for u in result.units if u.vote is not None and not u.vote.passed),
        *(i for i in result.individuals if i.vote is not None and not i.vote.passed)]
    for item in failed:
        assert item.vote is not None
        who = (f"tập thể {item.unit.name}" if isinstance(item, UnitResult)
               else f"cá nhân {item.nominee.name} ({item.unit_name})")
        lines.append(f"Không đạt: {who}, {item.vote.agree}/{item.vote.base} phiếu đồng ý; không được đề nghị "
                     "khen thưởng.")
    return lines
