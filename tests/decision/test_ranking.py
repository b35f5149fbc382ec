"""Ranking (SPEC §6.3): exact keys, eligible places, quota, ties at the cut-off, no filling."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tests.factories import nominee, unit
from thidua_reports.decision.ranking import (
    assign_eligible_places,
    rank_collectives,
    rank_individuals,
)
from thidua_reports.models import LEVEL_EXCELLENT, LEVEL_GOOD, IndividualResult, UnitResult


def _u(code: str, score: str, improvement: Fraction = Fraction(0), ratio: Fraction = Fraction(0),
       eligible: bool = True) -> UnitResult:
    return UnitResult(unit=unit(code, code), accepted=True, requested=True, cchc_score=Decimal(score),
                      mean_improvement=improvement, violation_ratio=ratio, eligible=eligible)


def _state(items: list) -> dict:  # type: ignore[type-arg]
    return {(x.unit.code if isinstance(x, UnitResult) else x.nominee.name): (x.rank, x.proposed, x.tie_at_cutoff)
            for x in items}


def test_collective_keys_in_order() -> None:
    units = [
        _u("A", "90", Fraction(1, 30)),
        _u("B", "90.0", Fraction(1, 20)),   # same score, larger improvement → before A
        _u("C", "95"),
        _u("D", "90", Fraction(1, 30), Fraction(1, 10)),  # same as A but more violations → after A
        _u("E", "99", eligible=False),
        _u("F", "90", Fraction(1, 30)),     # equal to A on every key but the code → after A
    ]
    ranked = rank_collectives(units, 7)
    assert [u.unit.code for u in ranked] == ["C", "B", "A", "F", "D"]
    assert _state(units)["E"] == (None, False, False)  # fewer eligible than the quota: never filled
    assert all(u.proposed for u in ranked) and not any(u.tie_at_cutoff for u in units)


def test_tie_at_cutoff_flags_all_equal() -> None:
    units = [_u("A", "90", Fraction(1, 30)), _u("F", "90", Fraction(1, 30)), _u("G", "90", Fraction(1, 30)),
             _u("C", "95"), _u("H", "80")]
    rank_collectives(units, 2)
    assert _state(units) == {
        "C": (1, True, False), "A": (2, True, True), "F": (3, False, True), "G": (4, False, True),
        "H": (5, False, False)}
    # equality inside the quota, not at the cut-off, is not flagged
    rank_collectives(units, 4)
    assert [u.tie_at_cutoff for u in units] == [False] * 5
    rank_collectives(units, 0)
    assert not any(u.proposed or u.tie_at_cutoff for u in units)


def _p(name: str, code: str, row: int, priority: int | None, level: str = LEVEL_EXCELLENT,
       score: str = "90", eligible: bool = True) -> IndividualResult:
    return IndividualResult(nominee=nominee(name, row, level, priority), unit_code=code, unit_name=code,
                            unit_score=Decimal(score), eligible=eligible)


def test_eligible_places_blanks_and_duplicates() -> None:
    people = [_p("A", "X", 2, None), _p("B", "X", 3, 2), _p("C", "X", 4, 1), _p("D", "X", 5, 1),
              _p("E", "X", 6, None), _p("Z", "Y", 2, 3)]
    assign_eligible_places(people)
    assert [p.eligible_place for p in people] == [4, 3, 1, 2, 5, 1]
    people[2].eligible = False  # C drops out: D becomes the unit's first eligible choice
    assign_eligible_places(people)
    assert [p.eligible_place for p in people] == [3, 2, None, 1, 4, 1]


def test_individual_order_and_cutoff() -> None:
    people = [
        _p("Trần Văn Dũng", "X", 2, 1, score="85"),
        _p("Lê Văn Đức", "Y", 2, 1, score="85"),          # Đ after D in the Vietnamese alphabet
        _p("Nguyễn Thị Ánh", "X", 3, 2, score="85"),      # second choice of X → after every first choice
        _p("Phạm Thị Bình", "Z", 2, 1, LEVEL_GOOD, "99"),  # tốt after every xuất sắc
        _p("Hoàng Văn Anh", "W", 2, 1, score="95"),       # higher unit score first
        _p("Vũ Thị Yến", "W", 3, None, eligible=False),
    ]
    ranked = rank_individuals(people, 2)
    assert [p.nominee.name for p in ranked] == [
        "Hoàng Văn Anh", "Trần Văn Dũng", "Lê Văn Đức", "Nguyễn Thị Ánh", "Phạm Thị Bình"]
    # Dũng (2nd, proposed) and Đức (3rd) differ only by name → both flagged
    assert _state(people) == {
        "Hoàng Văn Anh": (1, True, False), "Trần Văn Dũng": (2, True, True), "Lê Văn Đức": (3, False, True),
        "Nguyễn Thị Ánh": (4, False, False), "Phạm Thị Bình": (5, False, False), "Vũ Thị Yến": (None, False, False)}
