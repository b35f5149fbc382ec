"""The register across years (SPEC §11.3): new award columns, older files, shared history files,
so_khen_thuong.xlsx, the filters of `thidua history`, earlier awards of a recipient."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from tests.decision.test_decide_campaign import build
from thidua_reports.decision.decide import decide
from thidua_reports.decision.history import (
    earlier_awards,
    filter_register,
    load_register,
    load_year,
    record_result,
    register,
)
from thidua_reports.documents.catalog import SUMMARY_COLLECTIVE, SUMMARY_INDIVIDUAL, build_contexts
from thidua_reports.workbooks.register import HEADER_ROW, HEADERS, REGISTER_SHEET, register_book
from thidua_reports.workbooks.tables import book_bytes

ROOT = Path(__file__).resolve().parents[2]


def _three_years(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Campaigns 2019, 2020 and 2021 recorded (the same awards under three decisions), then a 2022 run."""
    settings, reg, inputs = build(tmp_path, issuer={"decision_number": "125"})
    result = decide(settings, reg, inputs, tmp_path)
    db = tmp_path / "lich_su.sqlite"
    for year, number in ((2019, "10"), (2020, "55"), (2021, "125")):
        issuer = settings.issuer.model_copy(update={"decision_number": number})
        result.year = year
        record_result(db, result, settings.model_copy(update={"issuer": issuer}))
    result.year = 2022
    result.register = register(db, result, settings)
    return settings, result, db


def test_awards_keep_register_number_form_and_title(tmp_path: Path) -> None:
    settings, result, db = _three_years(tmp_path)
    awards = load_year(db, 2020)[2]
    assert [(a.register_number, a.form, a.unit_name) for a in awards[:1]] == [
        ("001/GK", settings.award.form, "Phòng Nội vụ")]
    hoa = next(a for a in awards if a.name == "Nguyễn Thị Hoa")
    assert (hoa.kind, hoa.register_number, hoa.decision_number, hoa.position) == (
        "ca_nhan", "004/GK", "55", "Chuyên viên")
    assert [r.year for r in result.register] == [2022] * 6 + [2021] * 6 + [2020] * 6 + [2019] * 6


def test_register_workbook_lists_every_award_newest_first(tmp_path: Path) -> None:
    settings, result, _db = _three_years(tmp_path)
    data = book_bytes(register_book(result), "Sổ", date(2022, 12, 1))
    ws = load_workbook(io.BytesIO(data))[REGISTER_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    assert len(rows) == 24
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
    assert rows[6] == [2021, "125", "10/12/2021", settings.award.form, "Tập thể", "Phòng Nội vụ", None, None,
                       900000, "001/GK"]
    assert rows[9][4:] == ["Cá nhân", "Phòng Nội vụ", "Nguyễn Thị Hoa", "Chuyên viên", 450000, "004/GK"]
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_filters_and_earlier_awards(tmp_path: Path) -> None:
    _settings, result, _db = _three_years(tmp_path)
    rows = result.register
    assert {r.name for r in filter_register(rows, name="nguyen thi hoa")} == {"Nguyễn Thị Hoa"}
    assert len(filter_register(rows, name="  NGUYỄN thi  HOA ")) == 4
    assert {r.unit_code for r in filter_register(rows, unit="pnv")} == {"PNV"}
    assert [r.year for r in filter_register(rows, unit="PNV", year=2020)] == [2020, 2020]
    assert filter_register(rows, name="không có ai") == []
    assert [r.year for r in earlier_awards(rows, 2021, "PNV")] == [2020, 2019]  # the collective only
    assert [r.name for r in earlier_awards(rows, 2021, "PNV", "nguyễn thị hoa")] == ["Nguyễn Thị Hoa"] * 2
    assert earlier_awards(rows, 2019, "PNV") == []


def test_older_history_files_gain_the_new_columns(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema_version', '1');
            CREATE TABLE award_year (
                year INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, unit_code TEXT NOT NULL,
                name TEXT NOT NULL, position TEXT NOT NULL, decision_number TEXT NOT NULL,
                decision_date TEXT, amount INTEGER NOT NULL, PRIMARY KEY (year, seq));
            INSERT INTO award_year VALUES (2019, 1, 'ca_nhan', 'PNV', 'Trần Văn An', 'Trưởng phòng', '12',
                                           '2019-12-05', 400000);
            CREATE TABLE unit_year (year INTEGER NOT NULL, unit_code TEXT NOT NULL, unit_name TEXT NOT NULL,
                cchc_score TEXT, classification TEXT, PRIMARY KEY (year, unit_code));
            INSERT INTO unit_year VALUES (2019, 'PNV', 'Phòng Nội vụ', NULL, NULL);
        """)
    [old] = load_register(db)
    assert (old.year, old.name, old.unit_name, old.register_number, old.form) == (
        2019, "Trần Văn An", "Phòng Nội vụ", None, "")
    with closing(sqlite3.connect(db)) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(award_year)")}
    assert {"register_number", "form", "unit_name"} <= columns


WRITER = textwrap.dedent("""
    import sys
    from datetime import date
    from decimal import Decimal
    from thidua_reports.decision.history import AwardHistory, UnitHistory, record_year
    db, year = sys.argv[1], int(sys.argv[2])
    for n in range(25):
        units = [UnitHistory(f"U{i}", f"Đơn vị {i}", Decimal(n), None) for i in range(30)]
        awards = [AwardHistory("ca_nhan", f"U{i}", f"Người {i}", "", str(year), date(year, 12, 1), 1000, f"{i}/GK",
                               "Giấy khen", f"Đơn vị {i}") for i in range(30)]
        record_year(db, year, units, [], awards)
""")


def test_two_campaigns_write_one_history_at_once(tmp_path: Path) -> None:
    db = tmp_path / "lich_su.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(year)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for year in (2020, 2021)]
    for p in procs:
        _out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for year in (2020, 2021):
        units, _comps, awards = load_year(db, year)
        assert len(units) == 30 and len(awards) == 30
        assert awards[0].register_number == "0/GK"


def test_summaries_list_the_earlier_awards(tmp_path: Path) -> None:
    settings, result, _db = _three_years(tmp_path)
    result.year = 2021  # the 2021 run: its own awards are not "earlier"
    contexts = {(name, ctx["subject"]): ctx for name, _rel, ctx in build_contexts(result, settings)
                if name in (SUMMARY_COLLECTIVE, SUMMARY_INDIVIDUAL)}
    form = settings.award.form
    assert contexts[SUMMARY_COLLECTIVE, "Phòng Nội vụ"]["earlier_awards"] == [
        f"Năm 2020: {form} (Quyết định số 55 ngày 10/12/2021).",
        f"Năm 2019: {form} (Quyết định số 10 ngày 10/12/2021).",
    ]
    assert contexts[SUMMARY_INDIVIDUAL, "Nguyễn Thị Hoa"]["earlier_awards"][0] == (
        f"Năm 2020: {form} (Quyết định số 55 ngày 10/12/2021).")
    result.year = 2019  # nothing before the first campaign
    first = [ctx for name, _rel, ctx in build_contexts(result, settings)
             if name in (SUMMARY_COLLECTIVE, SUMMARY_INDIVIDUAL)]
    assert first and all(ctx["earlier_awards"] == ["Chưa có."] for ctx in first)
