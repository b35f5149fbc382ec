"""The decision stage: compare, evaluate, rank, apply council overrides, money → CampaignResult."""

from __future__ import annotations

from pathlib import Path

from thidua_reports.config import Settings
from thidua_reports.decision.compare import compare_units
from thidua_reports.decision.council import apply_overrides, council_file, parse_overrides
from thidua_reports.decision.council_file import read_council_file
from thidua_reports.decision.criteria import evaluate_individual, evaluate_unit
from thidua_reports.decision.dossier import dossier_problem, judge_dossiers
from thidua_reports.decision.history import register, trend
from thidua_reports.decision.money import award_terms
from thidua_reports.decision.ranking import rank_collectives, rank_individuals
from thidua_reports.decision.vote import apply_vote
from thidua_reports.models import (
    CampaignResult,
    IndividualResult,
    InputFile,
    Problem,
    Registry,
    Totals,
    UnitResult,
)
from thidua_reports.vietnamese import money_in_words


def history_db_path(settings: Settings, workspace: Path) -> Path:
    """The history database: `documents.history_db`, relative to the workspace."""
    p = Path(settings.documents.history_db)
    return p if p.is_absolute() else workspace / p


def _unit_results(registry: Registry, inputs: list[InputFile]) -> list[UnitResult]:
    results = []
    files_of: dict[str, list[InputFile]] = {}
    for f in inputs:
        if f.unit_code is not None and f.status not in ("ignored", "attachment"):
            files_of.setdefault(f.unit_code, []).append(f)
    for unit in registry.units:
        files = files_of.get(unit.code, [])
        accepted = next((f for f in files if f.status == "accepted"), None)
        winner = accepted or next((f for f in files if f.status == "rejected"), None)
        ur = UnitResult(unit=unit, submitted=bool(files), input_file=winner)
        if winner is not None:
            ur.late = winner.late
        if accepted is not None and accepted.submission is not None:
            ur.accepted = True
            ur.submission = accepted.submission
            ur.requested = accepted.submission.request_collective
        results.append(ur)
    return results


def _individuals(units: list[UnitResult]) -> list[IndividualResult]:
    out = []
    for ur in units:
        if not ur.accepted or ur.submission is None:
            continue
        for n in sorted(ur.submission.nominees, key=lambda n: n.row):
            out.append(IndividualResult(
                nominee=n, unit_code=ur.unit.code, unit_name=ur.unit.name,
                late=ur.late, unit_score=ur.cchc_score,
            ))
    return out


def _document_order(items: list, rank_of) -> list:  # type: ignore[no-untyped-def]
    """Selected items for the documents: ranked ones by rank, then council additions in list order."""
    chosen = [x for x in items if x.selected]
    ranked = sorted((x for x in chosen if rank_of(x) is not None), key=rank_of)
    return ranked + [x for x in chosen if rank_of(x) is None]


def decide(settings: Settings, registry: Registry, inputs: list[InputFile], workspace: Path,
           council_path: Path | None = None) -> CampaignResult:
    """Run the whole decision stage on ingested inputs (SPEC §6); raises OverrideError/ConfigError.

    `council_path`: read the council's decisions from this file instead of the workspace's
    quyet_dinh_hoi_dong.xlsx (a draft checked before it replaces the real one)."""
    year = settings.campaign.year
    units = _unit_results(registry, inputs)
    judge_dossiers(units, inputs, settings)
    problems: list[Problem] = []

    accepted = [u.input_file for u in units if u.accepted and u.input_file is not None]
    comparisons, found = compare_units(registry, accepted, year, history_db_path(settings, workspace))
    problems.extend(found)
    for ur in units:
        if not ur.accepted:
            continue
        ur.components = comparisons.get(ur.unit.code, [])
        ur.problems = [p for p in found if p.file == ur.input_file.path] + [  # type: ignore[union-attr]
            p for p in found if p.file == registry.path and f"đơn vị {ur.unit.code}:" in p.message
        ]
        unit_problems = evaluate_unit(ur, settings, registry.path)
        ur.problems.extend(unit_problems)
        problems.extend(unit_problems)
        incomplete = dossier_problem(ur, settings)
        if incomplete is not None:
            ur.problems.append(incomplete)

    individuals = _individuals(units)
    dossier_of = {ur.unit.code: ur.dossier for ur in units}
    for ir in individuals:
        evaluate_individual(ir, settings, dossier_of.get(ir.unit_code))

    rank_collectives([u for u in units if u.requested], settings.quota.collectives)
    ranked_people = rank_individuals(individuals, settings.quota.individuals)
    rest = [i for i in individuals if i.rank is None]  # already by unit (registry order) and row
    individuals = ranked_people + rest

    cf = council_file(workspace) if council_path is None else read_council_file(council_path)
    problems.extend(apply_overrides(parse_overrides(cf) if cf else [], units, individuals, settings))
    # the ballot: proposed − Loại + Chọn, in the order of the lists of the Quyết định
    for n, ur in enumerate(_document_order(units, lambda u: u.rank), start=1):
        ur.ballot_number = n
    for n, ir in enumerate(_document_order(individuals, lambda i: i.rank), start=1):
        ir.ballot_number = n
    council = apply_vote(cf, units, individuals, settings) if cf else None  # no back-fill

    money = award_terms(settings)
    for ur in units:
        ur.amount = money.amount_collective if ur.selected else 0
        ur.list_number = None
    for ir in individuals:
        ir.amount = money.amount_individual if ir.selected else 0
        ir.list_number = None
    for n, ur in enumerate(_document_order(units, lambda u: u.rank), start=1):
        ur.list_number = n
    for n, ir in enumerate(_document_order(individuals, lambda i: i.rank), start=1):
        ir.list_number = n
    # số sổ of the certificates: collectives, then individuals, in the order of the QĐ's lists
    cert = settings.certificate
    awarded: list[UnitResult | IndividualResult] = [*_document_order(units, lambda u: u.rank),
                                                    *_document_order(individuals, lambda i: i.rank)]
    everyone: list[UnitResult | IndividualResult] = [*units, *individuals]
    for item in everyone:
        item.register_number = None
    for n, item in enumerate(awarded, start=cert.register_start):
        item.register_number = cert.register_format.format(n=n, year=year)

    selected_units = sum(u.selected for u in units)
    selected_people = sum(i.selected for i in individuals)
    total = selected_units * money.amount_collective + selected_people * money.amount_individual
    totals = Totals(
        collectives=selected_units, individuals=selected_people,
        amount_collective=money.amount_collective, amount_individual=money.amount_individual,
        total=total, total_words=money_in_words(total),
    )
    missing = [u.unit.code for u in units if not u.submitted]
    result = CampaignResult(
        year=year, inputs=inputs, units=units, individuals=individuals, missing_units=missing,
        money=money, totals=totals, problems=problems, council=council,
    )
    result.trend = trend(history_db_path(settings, workspace), result)  # the báo cáo's years
    result.register = register(history_db_path(settings, workspace), result, settings)  # so_khen_thuong.xlsx
    return result
