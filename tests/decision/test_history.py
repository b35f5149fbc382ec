"""History database: exact round-trip, replace-on-rerun, prior lookups, record_result, schema version."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.decision.test_decide_campaign import build
from thidua_reports.decision.decide import decide
from thidua_reports.decision.history import (
    AwardHistory,
    ComponentHistory,
    UnitHistory,
    load_year,
    prior_component_score,
    record_result,
    record_year,
)
from thidua_reports.errors import ThiduaError

UNITS = [UnitHistory("PNV", "Phòng Nội vụ", Decimal("86.50"), "Tốt"), UnitHistory("XA-AH", "UBND xã An Hải", None, None)]
COMPS = [ComponentHistory("PNV", "PCI", "PCI-03", "Tính minh bạch", Decimal("6.170"), Decimal("10")),
         ComponentHistory("PNV", "SIPAS", "SIPAS-01", "Tiếp cận dịch vụ", Decimal("88.5"), None)]
AWARDS = [AwardHistory("tap_the", "PNV", "Phòng Nội vụ", "", "125", date(2021, 12, 10), 900000),
          AwardHistory("ca_nhan", "PNV", "Nguyễn Thị Hoa", "Chuyên viên", "125", None, 450000)]


def test_round_trip_is_exact(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    record_year(db, 2020, UNITS, COMPS, AWARDS)
    units, comps, awards = load_year(db, 2020)
    assert units == UNITS
    assert comps == COMPS
    assert str(comps[0].score) == "6.170"  # stored as text: not even the trailing zero is lost
    assert awards == AWARDS
    assert prior_component_score(db, 2020, "PNV", "PCI-03") == (Decimal("6.170"), Decimal("10"))
    assert prior_component_score(db, 2020, "PNV", "SIPAS-01") == (Decimal("88.5"), None)
    assert prior_component_score(db, 2019, "PNV", "PCI-03") is None
    assert prior_component_score(tmp_path / "none.sqlite", 2020, "PNV", "PCI-03") is None
    assert not (tmp_path / "none.sqlite").exists()


def test_rerun_replaces_only_that_year(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    record_year(db, 2020, UNITS, COMPS, AWARDS)
    record_year(db, 2021, UNITS[:1], COMPS[:1], AWARDS[:1])
    record_year(db, 2021, [], [ComponentHistory("PNV", "PCI", "PCI-03", "Tính minh bạch", Decimal("7"), Decimal("10"))], [])
    assert load_year(db, 2021) == ([], [ComponentHistory("PNV", "PCI", "PCI-03", "Tính minh bạch", Decimal("7"),
                                                         Decimal("10"))], [])
    assert load_year(db, 2020) == (UNITS, COMPS, AWARDS)
    with closing(sqlite3.connect(db)) as conn, conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)


def test_failed_write_keeps_old_rows(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    record_year(db, 2020, UNITS, COMPS, AWARDS)
    with pytest.raises(sqlite3.IntegrityError):
        record_year(db, 2020, [UNITS[0], UNITS[0]], [], [])  # duplicate key → whole transaction rolls back
    assert load_year(db, 2020) == (UNITS, COMPS, AWARDS)


def test_other_schema_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    record_year(db, 2020, UNITS, [], [])
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ThiduaError, match="phiên bản cấu trúc 99"):
        load_year(db, 2020)


def test_record_result_then_next_year_uses_it(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path, issuer={"decision_number": "125"})
    result = decide(settings, reg, inputs, tmp_path)
    db = tmp_path / "lich_su.sqlite"
    record_result(db, result, settings)
    units, comps, awards = load_year(db, 2021)
    assert len(units) == 10
    assert UnitHistory("TNMT", "Phòng Tài nguyên và Môi trường", Decimal("86"), "Tốt") in units
    assert UnitHistory("TTPD", "UBND thị trấn Phước Dân", None, None) in units
    # the registry's current score (5,6), not the unit's 5,4, is what history keeps
    assert prior_component_score(db, 2021, "XA-PH", "PAPI-01") == (Decimal("5.6"), Decimal("10"))
    assert [(a.kind, a.unit_code, a.name, a.decision_number, a.decision_date, a.amount) for a in awards] == [
        ("tap_the", "PNV", "Phòng Nội vụ", "125", date(2021, 12, 10), 900000),
        ("tap_the", "XA-PT", "UBND xã Phước Thuận", "125", date(2021, 12, 10), 900000),
        ("tap_the", "TNMT", "Phòng Tài nguyên và Môi trường", "125", date(2021, 12, 10), 900000),
        ("ca_nhan", "PNV", "Nguyễn Thị Hoa", "125", date(2021, 12, 10), 450000),
        ("ca_nhan", "TP", "Đỗ Thị Mai", "125", date(2021, 12, 10), 450000),
        ("ca_nhan", "TCKH", "Lê Thị Cúc", "125", date(2021, 12, 10), 450000),
    ]
    # re-running the same year replaces, never duplicates
    record_result(db, result, settings)
    assert len(load_year(db, 2021)[2]) == 6
    assert len(load_year(db, 2020)[1]) == 1  # the 2020 row written by the fixture is untouched


def test_same_rows_into_an_unchanged_file_are_not_written_again(tmp_path: Path) -> None:
    """A long-lived process re-running a campaign whose history rows did not change leaves the file
    alone; rows that changed, or a file another process wrote meanwhile, are written."""
    db = tmp_path / "lich_su.sqlite"
    record_year(db, 2020, UNITS, COMPS, AWARDS)
    before = db.stat()
    record_year(db, 2020, UNITS, COMPS, AWARDS)
    after = db.stat()
    assert (after.st_mtime_ns, after.st_ctime_ns) == (before.st_mtime_ns, before.st_ctime_ns)
    with closing(sqlite3.connect(db)) as conn, conn:  # another process empties the year
        conn.execute("DELETE FROM award_year WHERE year = 2020")
    record_year(db, 2020, UNITS, COMPS, AWARDS)
    assert load_year(db, 2020) == (UNITS, COMPS, AWARDS)
    record_year(db, 2020, UNITS, COMPS, AWARDS[:1])
    assert load_year(db, 2020) == (UNITS, COMPS, AWARDS[:1])
