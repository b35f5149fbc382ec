"""Builders of settings, registry and ingested-input records for decision-stage tests (no Excel)."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from thidua_reports.config import Settings, parse_settings
from thidua_reports.models import (
    LEVEL_EXCELLENT,
    Assignment,
    ComponentEntry,
    InputFile,
    NomineeEntry,
    Problem,
    Registry,
    Submission,
    Unit,
)

DEMO_TOML = Path(__file__).resolve().parent.parent / "thidua_reports" / "demo" / "thidua.toml"


def D(x: str | int | None) -> Decimal | None:  # noqa: N802 - reads like the literal it builds
    return None if x is None else Decimal(str(x))


def make_settings(workspace: Path | None = None, **sections: dict[str, Any]) -> Settings:
    """Demo settings with some keys replaced, e.g. make_settings(quota={"individuals": 3})."""
    data = tomllib.loads(DEMO_TOML.read_text(encoding="utf-8"))
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    return parse_settings(data, workspace=workspace)


def unit(code: str, name: str, staffing: int | None = 30, official: str | None = None, row: int = 0) -> Unit:
    return Unit(code=code, name=name, kind="", head_name="", head_title="", staffing=staffing,
                official_score=D(official), row=row)


def assignment(
    unit_code: str, code: str, name: str, prior: str | None = None, current_max: str = "10",
    prior_max: str | None = None, current: str | None = None, index_set: str = "PCI",
) -> Assignment:
    return Assignment(index_set=index_set, code=code, name=name, unit_code=unit_code,
                      prior_max=D(prior_max), prior_score=D(prior), current_max=D(current_max),
                      current_score=D(current))


def registry(units: list[Unit], assignments: list[Assignment]) -> Registry:
    for n, u in enumerate(units, start=2):
        u.row = u.row or n
    for n, a in enumerate(assignments, start=2):
        a.row = a.row or n
    return Registry(units=units, assignments=assignments, path="danh_muc.xlsx")


def component(code: str, current: str | None, prior: str | None = None, max_points: str | None = "10",
              name: str = "", index_set: str = "PCI", row: int = 0) -> ComponentEntry:
    return ComponentEntry(index_set=index_set, code=code, name=name, max_points=D(max_points),
                          prior_score=D(prior), current_score=D(current), row=row)


def nominee(name: str, row: int, level: str = LEVEL_EXCELLENT, priority: int | None = None,
            cchc: bool = True, violation: bool = False, docs: tuple[int, int] = (0, 0),
            position: str = "Chuyên viên") -> NomineeEntry:
    return NomineeEntry(row=row, name=name, position=position, level=level, cchc_done=cchc,
                        violation=violation, docs_assigned=docs[0], docs_on_time=docs[1],
                        priority=priority)


def submission(
    code: str, name: str = "", score: str = "90", tasks: tuple[int, int] = (10, 10),
    violators: int = 0, staffing: int = 30, request: bool = True,
    components: list[ComponentEntry] | None = None, nominees: list[NomineeEntry] | None = None,
    sent: date = date(2021, 11, 25),
) -> Submission:
    return Submission(
        unit_code=code, unit_name=name, year=2021, staffing=staffing, self_score=D(score),
        tasks_assigned=tasks[0], tasks_done=tasks[1], no_badge=violators, late_hours=0,
        violators=violators, request_collective=request, preparer="Người lập", submitted_on=sent,
        components=components or [], nominees=nominees or [],
    )


def accepted(sub: Submission, late: bool = False, path: str | None = None) -> InputFile:
    return InputFile(path=path or f"inbox/{sub.unit_code.lower()}.xlsx", sha256="0" * 64, status="accepted",
                     unit_code=sub.unit_code, late=late, submission=sub)


def rejected(unit_code: str | None, path: str, message: str, sheet: str = "ThongTin",
             cell: str | None = "B5") -> InputFile:
    return InputFile(path=path, sha256="1" * 64, status="rejected", unit_code=unit_code,
                     problems=[Problem(path, sheet, cell, "error", message)])
