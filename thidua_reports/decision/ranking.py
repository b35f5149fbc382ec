"""Ranking of eligible candidates, quota and ties at the cut-off (SPEC §6.3), exact keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, TypeVar

from thidua_reports.models import LEVEL_EXCELLENT, LEVEL_GOOD, IndividualResult, UnitResult
from thidua_reports.vietnamese import vi_sort_key

T = TypeVar("T", UnitResult, IndividualResult)

_LEVEL_ORDER = {LEVEL_EXCELLENT: 0, LEVEL_GOOD: 1}


def collective_tie_key(u: UnitResult) -> tuple[Any, ...]:
    """Keys before the final code tie-breaker: CCHC score desc, mean improvement desc, violation ratio asc."""
    score = Fraction(u.cchc_score) if u.cchc_score is not None else None
    ratio = u.violation_ratio if u.violation_ratio is not None else Fraction(10**9)
    return (score is None, -(score or 0), -u.mean_improvement, ratio)


def collective_key(u: UnitResult) -> tuple[Any, ...]:
    return (*collective_tie_key(u), u.unit.code)


def individual_tie_key(i: IndividualResult) -> tuple[Any, ...]:
    """Keys before name/code: level, place among the unit's eligible nominees, unit CCHC score desc."""
    score = Fraction(i.unit_score) if i.unit_score is not None else None
    place = i.eligible_place if i.eligible_place is not None else 10**9
    return (_LEVEL_ORDER.get(i.nominee.level, 9), place, score is None, -(score or 0))


def individual_key(i: IndividualResult) -> tuple[Any, ...]:
    return (*individual_tie_key(i), vi_sort_key(i.nominee.name), i.unit_code)


def assign_eligible_places(individuals: Sequence[IndividualResult]) -> None:
    """Place of each eligible nominee within its unit: by Thứ tự đề nghị, blanks after, then row."""
    by_unit: dict[str, list[IndividualResult]] = {}
    for i in individuals:
        i.eligible_place = None
        if i.eligible:
            by_unit.setdefault(i.unit_code, []).append(i)
    for group in by_unit.values():
        group.sort(key=lambda i: (i.nominee.priority is None, i.nominee.priority or 0, i.nominee.row))
        for place, i in enumerate(group, start=1):
            i.eligible_place = place


def rank_and_propose(
    candidates: Sequence[T],
    quota: int,
    key: Callable[[T], tuple[Any, ...]],
    tie_key: Callable[[T], tuple[Any, ...]],
) -> list[T]:
    """Rank the eligible candidates, propose the first `quota`, flag ties at the cut-off.

    Returns the eligible candidates in rank order. Non-eligible ones get rank None and are
    never proposed (no filling of the quota with them).
    """
    for c in candidates:
        c.rank, c.proposed, c.tie_at_cutoff = None, False, False
    ranked = sorted((c for c in candidates if c.eligible), key=key)
    for n, c in enumerate(ranked, start=1):
        c.rank = n
        c.proposed = n <= quota
    if 0 < quota < len(ranked):
        boundary = tie_key(ranked[quota])
        if tie_key(ranked[quota - 1]) == boundary:
            for c in ranked:
                if tie_key(c) == boundary:
                    c.tie_at_cutoff = True
    return ranked


def rank_collectives(units: Sequence[UnitResult], quota: int) -> list[UnitResult]:
    """Collectives that requested the award, ranked (SPEC §6.3)."""
    return rank_and_propose(units, quota, collective_key, collective_tie_key)


def rank_individuals(individuals: Sequence[IndividualResult], quota: int) -> list[IndividualResult]:
    """Individuals ranked after computing each one's place among its unit's eligible nominees."""
    assign_eligible_places(individuals)
    return rank_and_propose(individuals, quota, individual_key, individual_tie_key)


def rank_keys_json(item: UnitResult | IndividualResult) -> dict[str, Any]:
    """The ranking keys as exact text, for ket_qua.json (fractions as "p/q")."""
    if isinstance(item, UnitResult):
        return {
            "cchc_score": None if item.cchc_score is None else str(item.cchc_score),
            "mean_improvement": str(item.mean_improvement),
            "violation_ratio": None if item.violation_ratio is None else str(item.violation_ratio),
            "unit_code": item.unit.code,
        }
    return {
        "level": item.nominee.level,
        "eligible_place": item.eligible_place,
        "unit_score": None if item.unit_score is None else str(item.unit_score),
        "name": item.nominee.name,
        "unit_code": item.unit_code,
    }
