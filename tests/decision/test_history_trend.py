"""The figures of each campaign year in the history, and the trend the báo cáo is given (SPEC §11.4)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.decision.test_decide_campaign import build
from thidua_reports.decision.decide import decide
from thidua_reports.decision.history import (
    AwardHistory,
    ComponentHistory,
    UnitHistory,
    earlier_figures,
    load_year,
    record_result,
    record_year,
    year_figures,
)
from thidua_reports.documents.report_parts import trend_rows
from thidua_reports.models import YearFigures

UNITS = [UnitHistory("PNV", "Phòng Nội vụ", Decimal("86"), "Tốt"),
         UnitHistory("TCKH", "Phòng Tài chính - Kế hoạch", Decimal("81"), "Tốt")]


def _par02(score: str, maximum: str = "10") -> ComponentHistory:
    return ComponentHistory("PNV", "PAR INDEX", "PAR-02", "Hiện đại hóa hành chính", Decimal(score), Decimal(maximum))


def _award(year: int, kind: str = "tap_the", name: str = "Phòng Nội vụ", amount: int = 900000) -> AwardHistory:
    return AwardHistory(kind, "PNV", name, "", "98", date(year, 12, 8), amount)


def test_trend_across_three_campaign_years_from_a_history_file(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path, issuer={"decision_number": "125"})
    db = tmp_path / "lich_su.sqlite"
    # 2019 and 2020 recorded without their figures (as before SPEC §11.4): summed from the other tables
    record_year(db, 2019, UNITS, [_par02("6")], [_award(2019)])
    record_year(db, 2020, UNITS, [_par02("7")],
                [_award(2020), _award(2020, "ca_nhan", "Nguyễn Thị Hoa", 450000)])
    result = decide(settings, reg, inputs, tmp_path)
    assert [f.year for f in result.trend] == [2019, 2020, 2021]
    this_year = year_figures(result)
    assert result.trend == [
        YearFigures(2019, 2, None, None, None, 1, 900000, None, None),  # nothing before 2019 to compare
        YearFigures(2020, 2, None, None, None, 2, 1350000, 1, 1),  # PAR-02: 6 → 7
        this_year,
    ]
    assert this_year == YearFigures(2021, 10, 8, 3, 7, 6, 4050000, 7, 8)
    assert trend_rows(result.trend) == [
        {"year": "2019", "units": "2", "accepted": "—", "collectives": "—", "individuals": "—",
         "awards": "1", "money": "900.000", "components": "—"},
        {"year": "2020", "units": "2", "accepted": "—", "collectives": "—", "individuals": "—",
         "awards": "2", "money": "1.350.000", "components": "1/1"},
        {"year": "2021", "units": "10", "accepted": "8", "collectives": "3", "individuals": "7",
         "awards": "6", "money": "4.050.000", "components": "7/8"},
    ]
    # the run records its figures; the next campaign reads them back as they were
    record_result(db, result, settings)
    assert earlier_figures(db, 2022) == result.trend
    assert earlier_figures(db, 2022, limit=2) == result.trend[1:]
    # a re-run of 2021 takes its own year from the run, never twice
    again = decide(settings, reg, inputs, tmp_path)
    assert [f.year for f in again.trend] == [2019, 2020, 2021]


def test_components_whose_maximum_changed_are_compared_by_ratio(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    record_year(db, 2019, UNITS, [_par02("6.5", "6.5")], [])
    record_year(db, 2020, UNITS, [_par02("6.8", "7")], [])  # 6.5/6.5 = 100 % → 6.8/7 ≈ 97 %: not improved
    assert earlier_figures(db, 2021)[-1].components_improved == 0


def test_no_history_no_trend(tmp_path: Path) -> None:
    assert earlier_figures(tmp_path / "none.sqlite", 2021) == []
    assert not (tmp_path / "none.sqlite").exists()


def test_a_history_file_of_the_earlier_layout_gains_the_figures_table(tmp_path: Path) -> None:
    """Files written before year_figures existed open as before (schema 1) and keep their rows."""
    db = tmp_path / "lich_su.sqlite"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema_version', '1');
            CREATE TABLE unit_year (year INTEGER NOT NULL, unit_code TEXT NOT NULL, unit_name TEXT NOT NULL,
                cchc_score TEXT, classification TEXT, PRIMARY KEY (year, unit_code));
            CREATE TABLE component_year (year INTEGER NOT NULL, unit_code TEXT NOT NULL,
                index_set TEXT NOT NULL, component_code TEXT NOT NULL, component_name TEXT NOT NULL,
                score TEXT NOT NULL, max_points TEXT, PRIMARY KEY (year, unit_code, component_code));
            CREATE TABLE award_year (year INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
                unit_code TEXT NOT NULL, name TEXT NOT NULL, position TEXT NOT NULL,
                decision_number TEXT NOT NULL, decision_date TEXT, amount INTEGER NOT NULL,
                PRIMARY KEY (year, seq));
            INSERT INTO unit_year VALUES (2020, 'PNV', 'Phòng Nội vụ', '86', 'Tốt');
            INSERT INTO award_year VALUES (2020, 1, 'tap_the', 'PNV', 'Phòng Nội vụ', '', '98', NULL, 900000);
        """)
    assert earlier_figures(db, 2021) == [YearFigures(2020, 1, None, None, None, 1, 900000, None, None)]
    figures = YearFigures(2021, 1, 1, 1, 0, 1, 900000, 0, 1)
    record_year(db, 2021, UNITS[:1], [], [_award(2021)], figures)
    assert earlier_figures(db, 2022)[-1] == figures
    assert len(load_year(db, 2020)[2]) == 1
    record_year(db, 2021, UNITS[:1], [], [])  # re-recorded without figures: the old row goes too
    assert earlier_figures(db, 2022)[-1].accepted is None
