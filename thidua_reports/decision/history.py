"""History of results by campaign year in SQLite (SPEC §9): scores, components and awards."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from thidua_reports.errors import ThiduaError

if TYPE_CHECKING:
    from thidua_reports.config import Settings
    from thidua_reports.models import CampaignResult

from thidua_reports.models import AwardRecord, YearFigures
from thidua_reports.vietnamese import ascii_fold
from thidua_reports.workspace import path_stamp

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unit_year (
    year INTEGER NOT NULL, unit_code TEXT NOT NULL, unit_name TEXT NOT NULL,
    cchc_score TEXT, classification TEXT,
    PRIMARY KEY (year, unit_code));
CREATE TABLE IF NOT EXISTS component_year (
    year INTEGER NOT NULL, unit_code TEXT NOT NULL, index_set TEXT NOT NULL,
    component_code TEXT NOT NULL, component_name TEXT NOT NULL,
    score TEXT NOT NULL, max_points TEXT,
    PRIMARY KEY (year, unit_code, component_code));
CREATE TABLE IF NOT EXISTS award_year (
    year INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, unit_code TEXT NOT NULL,
    name TEXT NOT NULL, position TEXT NOT NULL, decision_number TEXT NOT NULL,
    decision_date TEXT, amount INTEGER NOT NULL,
    PRIMARY KEY (year, seq));
CREATE TABLE IF NOT EXISTS year_figures (
    year INTEGER PRIMARY KEY, units INTEGER NOT NULL, accepted INTEGER,
    eligible_collectives INTEGER, eligible_individuals INTEGER,
    awards INTEGER NOT NULL, total_money INTEGER NOT NULL,
    components_improved INTEGER, components_compared INTEGER);
"""
# year_figures (added to schema 1, so older files simply lack rows): the campaign's figures for
# the báo cáo's trend table; years without a row are summed from the other tables.
TREND_YEARS = 5  # earlier years shown at most


@dataclass(frozen=True)
class UnitHistory:
    unit_code: str
    unit_name: str
    cchc_score: Decimal | None
    classification: str | None


@dataclass(frozen=True)
class ComponentHistory:
    unit_code: str
    index_set: str
    component_code: str
    component_name: str
    score: Decimal
    max_points: Decimal | None


@dataclass(frozen=True)
class AwardHistory:
    kind: str  # "tap_the" | "ca_nhan"
    unit_code: str
    name: str
    position: str
    decision_number: str
    decision_date: date | None
    amount: int
    register_number: str | None = None  # số sổ of the certificate
    form: str = ""  # e.g. "Giấy khen"
    unit_name: str = ""


# Columns added to award_year after schema 1 was first written: added (nullable) when missing.
_AWARD_COLUMNS = {"register_number": "TEXT", "form": "TEXT", "unit_name": "TEXT"}
BUSY_TIMEOUT = 30.0  # seconds a run waits for another campaign writing to a shared history


AWARD_FIELDS = ("year, seq, kind, unit_code, name, position, decision_number, decision_date, amount, "
                "register_number, form, unit_name")


def _award(r: tuple) -> AwardHistory:  # type: ignore[type-arg]
    """An AwardHistory from award_year's columns after year and seq (NULL in older files: "")."""
    return AwardHistory(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]) if r[5] else None, r[6],
                        r[7], r[8] or "", r[9] or "")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _complete(conn: sqlite3.Connection) -> bool:
    """Every table and column of the schema is there (no write needed to open the file)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"meta", "unit_year", "component_year", "award_year", "year_figures"} <= tables:
        return False
    have = {r[1] for r in conn.execute("PRAGMA table_info(award_year)")}
    return set(_AWARD_COLUMNS) <= have and conn.execute("SELECT 1 FROM meta").fetchone() is not None


def _open(db_path: Path) -> sqlite3.Connection:
    """Open (creating when needed) a history database and check its schema version."""
    conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT, isolation_level=None)  # transactions by hand
    try:
        if not _complete(conn):
            with _writing(conn):  # several campaigns may open one history at once: checked again inside
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                have = {r[1] for r in conn.execute("PRAGMA table_info(award_year)")}
                for column, kind in _AWARD_COLUMNS.items():
                    if column not in have:  # older files: new nullable columns, old rows kept
                        conn.execute(f"ALTER TABLE award_year ADD COLUMN {column} {kind}")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row[0] != str(SCHEMA_VERSION):
            raise ThiduaError(
                f"Tệp lịch sử {db_path.name} có phiên bản cấu trúc {row[0]}, chương trình này dùng phiên bản "
                f"{SCHEMA_VERSION}. Hãy dùng đúng phiên bản chương trình hoặc sao lưu rồi đổi tên tệp lịch sử."
            )
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ThiduaError(f"Không đọc được tệp lịch sử {db_path.name}: {exc}") from None
    except ThiduaError:
        conn.close()
        raise
    return conn


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, its lock taken at the start (waiting up to BUSY_TIMEOUT for others)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


# history file → (digest of the rows this process last wrote for a year, the file's stamp just after):
# a long-lived process does not write the same rows again into a file nobody changed since
_RECORDED: dict[str, tuple[str, tuple[int, int, int, int]]] = {}


def record_year(
    db_path: Path,
    year: int,
    units: Iterable[UnitHistory],
    components: Iterable[ComponentHistory],
    awards: Iterable[AwardHistory],
    figures: YearFigures | None = None,
) -> None:
    """Replace every row of campaign `year` with the given ones, in one transaction."""
    f = figures
    figure_row = None if f is None else (
        year, f.units, f.accepted, f.eligible_collectives, f.eligible_individuals, f.awards, f.total_money,
        f.components_improved, f.components_compared)
    unit_rows = [(year, u.unit_code, u.unit_name, _text(u.cchc_score), u.classification) for u in units]
    component_rows = [
        (year, c.unit_code, c.index_set, c.component_code, c.component_name, str(c.score), _text(c.max_points))
        for c in components
    ]
    award_rows = [
        (year, seq, a.kind, a.unit_code, a.name, a.position, a.decision_number,
         a.decision_date.isoformat() if a.decision_date else None, a.amount, a.register_number, a.form, a.unit_name)
        for seq, a in enumerate(awards, start=1)
    ]
    digest = hashlib.sha256(repr((year, figure_row, unit_rows, component_rows, award_rows)).encode(
        "utf-8", "surrogatepass")).hexdigest()
    where = str(Path(db_path).resolve())
    known = _RECORDED.get(where)
    if known is not None and known[0] == digest and path_stamp(where) == known[1]:
        return  # these rows, and the file as this process left it
    with closing(_open(Path(db_path))) as conn, _writing(conn):
        for table in ("unit_year", "component_year", "award_year", "year_figures"):
            conn.execute(f"DELETE FROM {table} WHERE year = ?", (year,))
        if figure_row is not None:
            conn.execute("INSERT INTO year_figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", figure_row)
        conn.executemany("INSERT INTO unit_year VALUES (?, ?, ?, ?, ?)", unit_rows)
        conn.executemany("INSERT INTO component_year VALUES (?, ?, ?, ?, ?, ?, ?)", component_rows)
        conn.executemany(f"INSERT INTO award_year ({AWARD_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         award_rows)
    stamp = path_stamp(where)
    if stamp is None:
        _RECORDED.pop(where, None)
    else:
        _RECORDED[where] = digest, stamp


def prior_component_score(
    db_path: Path, year: int, unit_code: str, component_code: str
) -> tuple[Decimal, Decimal | None] | None:
    """(score, max points) recorded for campaign `year`, or None (also when there is no database)."""
    path = Path(db_path)
    if not path.is_file():
        return None
    with closing(_open(path)) as conn:
        row = conn.execute(
            "SELECT score, max_points FROM component_year WHERE year = ? AND unit_code = ? AND component_code = ?",
            (year, unit_code, component_code),
        ).fetchone()
    if row is None:
        return None
    return Decimal(row[0]), _dec(row[1])


def load_year(
    db_path: Path, year: int
) -> tuple[list[UnitHistory], list[ComponentHistory], list[AwardHistory]]:
    """Everything recorded for campaign `year` (units and components by code, awards in recorded order)."""
    path = Path(db_path)
    if not path.is_file():
        return [], [], []
    with closing(_open(path)) as conn:
        units = [
            UnitHistory(r[0], r[1], _dec(r[2]), r[3])
            for r in conn.execute(
                "SELECT unit_code, unit_name, cchc_score, classification FROM unit_year "
                "WHERE year = ? ORDER BY unit_code", (year,))
        ]
        components = [
            ComponentHistory(r[0], r[1], r[2], r[3], Decimal(r[4]), _dec(r[5]))
            for r in conn.execute(
                "SELECT unit_code, index_set, component_code, component_name, score, max_points "
                "FROM component_year WHERE year = ? ORDER BY unit_code, component_code", (year,))
        ]
        awards = [_award(r[2:]) for r in conn.execute(
            f"SELECT {AWARD_FIELDS} FROM award_year WHERE year = ? ORDER BY seq", (year,))]
    return units, components, awards


def record_result(db_path: Path, result: CampaignResult, settings: Settings) -> None:
    """Record a run's final scores, component scores and selected awards for its campaign year."""
    units = [
        UnitHistory(u.unit.code, u.unit.name, u.cchc_score, u.classification) for u in result.units
    ]
    components = [
        ComponentHistory(c.unit_code, c.index_set, c.code, c.name, c.current, c.current_max)
        for u in result.units
        for c in u.components
        if c.current is not None
    ]
    record_year(db_path, result.year, units, components, awards_of(result, settings), year_figures(result))


def awards_of(result: CampaignResult, settings: Settings) -> list[AwardHistory]:
    """A run's selected awards as the history keeps them: collectives, then individuals, in list order."""
    number, when, form = settings.issuer.decision_number, settings.issuer.decision_date, settings.award.form
    return [
        AwardHistory("tap_the", u.unit.code, u.unit.name, "", number, when, u.amount, u.register_number,
                     form, u.unit.name)
        for u in sorted(result.selected_units, key=lambda u: (u.list_number or 0, u.unit.code))
    ] + [
        AwardHistory("ca_nhan", i.unit_code, i.nominee.name, i.nominee.position, number, when, i.amount,
                     i.register_number, form, i.unit_name)
        for i in sorted(result.selected_individuals, key=lambda i: i.list_number or 0)
    ]


def _record(year: int, a: AwardHistory, unit_names: dict[tuple[int, str], str]) -> AwardRecord:
    unit_name = a.unit_name or unit_names.get((year, a.unit_code)) or (a.name if a.kind == "tap_the" else "")
    return AwardRecord(year, a.kind == "tap_the", a.unit_code, unit_name or a.unit_code, a.name, a.position,
                       a.decision_number, a.decision_date, a.form, a.amount, a.register_number)


def load_register(db_path: Path, skip_year: int | None = None) -> list[AwardRecord]:
    """Every award in the history, newest year first and in recorded order within a year (but those
    of `skip_year`); read only: [] when there is no database."""
    path = Path(db_path)
    if not path.is_file():
        return []
    with closing(_open(path)) as conn:
        names = {(r[0], r[1]): r[2] for r in conn.execute("SELECT year, unit_code, unit_name FROM unit_year")}
        rows = conn.execute(f"SELECT {AWARD_FIELDS} FROM award_year WHERE year IS NOT ? "
                            "ORDER BY year DESC, seq", (skip_year,)).fetchall()
    return [_record(r[0], _award(r[2:]), names) for r in rows]


def register(db_path: Path, result: CampaignResult, settings: Settings) -> list[AwardRecord]:
    """The register as it stands once the run is recorded: its own awards replace its year's."""
    earlier = load_register(db_path, skip_year=result.year)
    names = {(result.year, u.unit.code): u.unit.name for u in result.units}
    own = [_record(result.year, a, names) for a in awards_of(result, settings)]
    newer = [r for r in earlier if r.year > result.year]
    return newer + own + [r for r in earlier if r.year < result.year]


def fold(text: str) -> str:
    """Text compared without marks, case or extra spaces: "Nguyễn  Thị Hoa" → "nguyen thi hoa"."""
    return " ".join(ascii_fold(text).casefold().split())


def filter_register(rows: list[AwardRecord], unit: str | None = None, name: str | None = None,
                    year: int | None = None) -> list[AwardRecord]:
    """`thidua history`'s filters: unit code (any case), part of the name (without marks), year."""
    wanted = fold(name) if name else ""
    return [r for r in rows
            if (not unit or r.unit_code.casefold() == unit.strip().casefold())
            and (year is None or r.year == year)
            and (not wanted or wanted in fold(r.name))]


def earlier_awards(rows: list[AwardRecord], year: int, unit_code: str,
                   name: str | None = None) -> list[AwardRecord]:
    """A recipient's awards before `year`: a collective's by unit code, a person's by unit code and name."""
    return [r for r in rows if r.year < year and r.unit_code == unit_code
            and (r.collective if name is None else not r.collective and fold(r.name) == fold(name))]


def year_figures(result: CampaignResult) -> YearFigures:
    """The figures of a run's campaign year (components: those of accepted units)."""
    comps = [c for u in result.units if u.accepted for c in u.components]
    return YearFigures(
        year=result.year, units=len(result.units), accepted=sum(1 for u in result.units if u.accepted),
        eligible_collectives=sum(1 for u in result.units if u.eligible),
        eligible_individuals=sum(1 for i in result.individuals if i.eligible),
        awards=len(result.selected_units) + len(result.selected_individuals),
        total_money=result.totals.total,
        components_improved=sum(1 for c in comps if c.direction == "tăng"),
        components_compared=sum(1 for c in comps if c.direction is not None),
    )


def _ratio(score: Decimal, maximum: Decimal | None) -> Decimal:
    return score / maximum if maximum else score


def _summed_figures(conn: sqlite3.Connection, year: int) -> YearFigures:
    """A year recorded without its figures row: what the other tables tell (no files, no eligibility)."""
    units = conn.execute("SELECT COUNT(*) FROM unit_year WHERE year = ?", (year,)).fetchone()[0]
    awards, money = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM award_year WHERE year = ?", (year,)).fetchone()
    pairs = conn.execute(
        "SELECT c.score, c.max_points, p.score, p.max_points FROM component_year c JOIN component_year p "
        "ON p.year = c.year - 1 AND p.unit_code = c.unit_code AND p.component_code = c.component_code "
        "WHERE c.year = ?", (year,)).fetchall()
    improved = compared = None
    if pairs:
        compared = len(pairs)
        improved = 0
        for score, maximum, prior, prior_max in pairs:
            now, before = Decimal(score), Decimal(prior)
            if _dec(maximum) != _dec(prior_max):  # maxima differ: compare score/maximum
                now, before = _ratio(now, _dec(maximum)), _ratio(before, _dec(prior_max))
            improved += now > before
    return YearFigures(year, units, None, None, None, awards, money, improved, compared)


def earlier_figures(db_path: Path, year: int, limit: int = TREND_YEARS) -> list[YearFigures]:
    """The figures of the (at most `limit`) latest campaign years before `year`, oldest first;
    read only: [] when there is no database."""
    path = Path(db_path)
    if not path.is_file():
        return []
    with closing(_open(path)) as conn:
        years = [r[0] for r in conn.execute(
            "SELECT year FROM unit_year WHERE year < ? UNION SELECT year FROM year_figures WHERE year < ? "
            "ORDER BY year DESC LIMIT ?", (year, year, limit))]
        found = []
        for y in sorted(years):
            row = conn.execute("SELECT * FROM year_figures WHERE year = ?", (y,)).fetchone()
            found.append(YearFigures(*row) if row else _summed_figures(conn, y))
    return found


def trend(db_path: Path, result: CampaignResult) -> list[YearFigures]:
    """Earlier years from the history, then the run's own year."""
    return [*earlier_figures(db_path, result.year), year_figures(result)]
