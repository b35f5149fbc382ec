"""ket_qua.json (SPEC §7.1): the machine-readable result, deterministic (sorted keys, no timestamps)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import orjson

from thidua_reports.config import Settings
from thidua_reports.decision.ranking import rank_keys_json
from thidua_reports.dossier import Dossier
from thidua_reports.models import (
    CampaignResult,
    ComponentComparison,
    CouncilResult,
    IndividualResult,
    InputFile,
    Problem,
    UnitResult,
)

SCHEMA = "thidua.ket_qua/1"


def _exact(x: Decimal | Fraction | None) -> str | None:
    """Exact numbers as text ("86.5", "1/20") so nothing is lost to binary floats."""
    return None if x is None else str(x)


def _problem(p: Problem) -> dict[str, Any]:
    return p.as_json()


def _input(f: InputFile) -> dict[str, Any]:
    return {
        "file": f.path,
        "sha256": f.sha256,
        "unit_code": f.unit_code,
        "status": f.status,
        "kind": f.kind,  # an attachment's kind (SPEC §12.2), null for a workbook
        "size": f.size,
        "late": f.late,
        "note": f.note,
        "errors": [_problem(p) for p in f.errors],
        "warnings": [_problem(p) for p in f.warnings],
    }


def _component(c: ComponentComparison) -> dict[str, Any]:
    return {
        "index_set": c.index_set, "code": c.code, "name": c.name,
        "prior": _exact(c.prior), "prior_max": _exact(c.prior_max), "prior_source": c.prior_source,
        "current": _exact(c.current), "current_max": _exact(c.current_max), "current_source": c.current_source,
        "change": _exact(c.change), "direction": c.direction, "improvement": _exact(c.improvement),
        "compared_by_ratio": c.compared_by_ratio,
    }


def _unit(u: UnitResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": u.unit.code,
        "name": u.unit.name,
        "submitted": u.submitted,
        "accepted": u.accepted,
        "late": u.late,
        "requested": u.requested,
        "eligible": u.eligible,
        "excluded_late": u.excluded_late,
        "rank": u.rank,
        "proposed": u.proposed,
        "selected": u.selected,
        "tie_at_cutoff": u.tie_at_cutoff,
        "amount": int(u.amount),
        "list_number": u.list_number,
        "cchc_score": _exact(u.cchc_score),
        "score_source": u.score_source,
        "classification": u.classification,
        "override": u.override,
        "override_reason": u.override_reason,
        "note": u.note,
        "components": [_component(c) for c in u.components],
        "file": u.input_file.path if u.input_file else None,
    }
    if u.accepted and u.requested:
        out["criteria"] = {k: c.as_json() for k, c in u.criteria.items()}
        out["rank_keys"] = rank_keys_json(u)
    out["votes"] = u.vote.as_json() if u.vote is not None else None
    out["dossier"] = _dossier(u.dossier)
    return out


def _dossier(d: Dossier | None) -> dict[str, Any] | None:
    """SPEC §12.2: per kind "attachment" | "declared" | null, and complete (null when not judged)."""
    if d is None:
        return None
    return {**d.sent, "complete": d.complete, "judged": d.judged, "required": list(d.required),
            "missing": d.missing, "attachments": list(d.attachments)}


def _individual(i: IndividualResult) -> dict[str, Any]:
    return {
        "votes": i.vote.as_json() if i.vote is not None else None,
        "name": i.nominee.name,
        "unit_code": i.unit_code,
        "unit_name": i.unit_name,
        "position": i.nominee.position,
        "level": i.nominee.level,
        "row": i.nominee.row,
        "criteria": {k: c.as_json() for k, c in i.criteria.items()},
        "eligible": i.eligible,
        "excluded_late": i.excluded_late,
        "late": i.late,
        "rank": i.rank,
        "proposed": i.proposed,
        "selected": i.selected,
        "tie_at_cutoff": i.tie_at_cutoff,
        "amount": int(i.amount),
        "list_number": i.list_number,
        "override": i.override,
        "override_reason": i.override_reason,
        "note": i.note,
        "rank_keys": rank_keys_json(i),
    }


def results_dict(result: CampaignResult, settings: Settings) -> dict[str, Any]:
    """The ket_qua.json content as plain Python data."""
    t = result.totals
    money = result.money
    return {
        "schema": SCHEMA,
        "year": result.year,
        "issuer": settings.issuer.name,
        "inputs": [_input(f) for f in sorted(result.inputs, key=lambda f: f.path)],
        "units": [_unit(u) for u in result.units],
        "individuals": [_individual(i) for i in result.individuals],
        "missing_units": list(result.missing_units),
        "totals": {
            "collectives": t.collectives,
            "individuals": t.individuals,
            "amount_collective": int(t.amount_collective),
            "amount_individual": int(t.amount_individual),
            "total": int(t.total),
            "total_words": t.total_words,
        },
        "money": None if money is None else {
            "base_salary": money.base_salary,
            "base_salary_basis": money.base_salary_basis,
            "individual_coefficient": str(money.individual_coefficient),
            "collective_coefficient": str(money.collective_coefficient),
            "rounding": money.rounding,
        },
        "problems": [
            {"file": p.file, "sheet": p.sheet, "cell": p.cell, "severity": p.severity, "message": p.message}
            for p in result.problems
        ],
        "council": _council(result.council),
    }


def _council(council: CouncilResult | None) -> dict[str, Any] | None:
    if council is None:
        return None
    return {"members": len(council.members), "present": len(council.present), "quorum_ok": council.quorum_ok,
            "votes": [v.as_json() for v in council.votes]}


def render_results_json(result: CampaignResult, settings: Settings) -> bytes:
    """ket_qua.json: UTF-8, sorted keys, indent 2, Vietnamese kept as is.

    orjson writes the same text as json.dumps(ensure_ascii=False, indent=2, sort_keys=True) (tested),
    about 20 times faster: the standard library falls back to pure Python when indenting.
    """
    data = orjson.dumps(results_dict(result, settings), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    return data + b"\n"
