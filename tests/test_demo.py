"""The demo workspace: its content, what ingest makes of each inbox file, and the designed outcome."""

from __future__ import annotations

import os
import re
import sqlite3
import zipfile
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from thidua_reports.config import Settings, load_settings
from thidua_reports.decision.history import load_year, prior_component_score
from thidua_reports.demo import MARKER, build_demo, texts
from thidua_reports.errors import ThiduaError
from thidua_reports.intake.ingest import read_workbook
from thidua_reports.intake.registry import load_registry
from thidua_reports.models import InputFile, Registry

WORKBOOKS = {
    "inbox/vp.xlsx", "inbox/pnv.xlsx", "inbox/ptp_ban_cu.xlsx", "inbox/ptp.xlsx", "inbox/ptckh.xlsx",
    "inbox/ptnmt.xlsx", "inbox/pldtbxh.xlsx", "inbox/pvhtt.xlsx", "inbox/pgddt.xlsx", "inbox/ttr.xlsx",
    "inbox/pktht.xlsx", "inbox/pnnptnt.xlsx", "inbox/tt-pd.xlsx", "inbox/xa-ah.xlsx", "inbox/xa-phai.xlsx",
    "inbox/Xa Phuoc Hau/bao_cao_thi_dua_cchc_2021.xlsx", "inbox/xa-phuu.xlsx", "inbox/xa-pthai.xlsx",
    "inbox/xa-pthuan.xlsx", "inbox/Bao cao CCHC - xa Phuoc Vinh.xlsx",
}  # fmt: skip
NOT_WORKBOOKS = {"inbox/~$pnv.xlsx", "inbox/to_trinh_pnv_da_ky.pdf"}
ATTACHMENTS = {"inbox/PNV/to_trinh_da_ky.pdf": ("PNV", "to_trinh"), "inbox/PNV/bien_ban_hop_hoi_dong.pdf": ("PNV", "bien_ban"),
               "inbox/PNV/bao_cao_thanh_tich.pdf": ("PNV", "bao_cao_thanh_tich"),
               "inbox/TT-PD_to_trinh.pdf": ("TT-PD", "to_trinh")}
REJECTED = {"inbox/pgddt.xlsx", "inbox/xa-phuu.xlsx", "inbox/Bao cao CCHC - xa Phuoc Vinh.xlsx"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "ws")


@pytest.fixture(scope="module")
def loaded(demo: Path) -> tuple[Settings, Registry]:
    registry, problems = load_registry(demo / "danh_muc.xlsx")
    assert problems == []
    return load_settings(demo), registry


@pytest.fixture(scope="module")
def read(demo: Path, loaded: tuple[Settings, Registry]) -> dict[str, InputFile]:
    settings, registry = loaded
    return {rel: read_workbook(demo / rel, rel, settings, registry) for rel in sorted(WORKBOOKS)}


def test_workspace_files(demo: Path) -> None:
    top = sorted(p.name for p in demo.iterdir())
    assert top == [MARKER, "GHI_CHU_DU_LIEU.txt", "danh_muc.xlsx", "inbox", "lich_su.sqlite", "mau_nhap",
                   "quyet_dinh_hoi_dong.xlsx", "thidua.toml"]
    inbox = {p.relative_to(demo).as_posix() for p in (demo / "inbox").rglob("*") if p.is_file()}
    assert inbox == WORKBOOKS | NOT_WORKBOOKS | set(ATTACHMENTS)
    assert len(list((demo / "mau_nhap").glob("*.xlsx"))) == 21
    assert (demo / "inbox" / "~$pnv.xlsx").stat().st_size == 165
    assert "giả định" in (demo / "GHI_CHU_DU_LIEU.txt").read_text(encoding="utf-8")


def test_file_times_are_fixed(demo: Path) -> None:
    inbox = demo / "inbox"
    assert date.fromtimestamp(os.stat(inbox / "ptp_ban_cu.xlsx").st_mtime) == date(2021, 11, 19)
    assert date.fromtimestamp(os.stat(inbox / "ptp.xlsx").st_mtime) == date(2021, 11, 26)
    assert os.stat(inbox / "xa-pthai.xlsx").st_mtime == 1638433800.0  # 02/12/2021 15:30 (UTC+7)


def test_config_and_registry(loaded: tuple[Settings, Registry]) -> None:
    settings, registry = loaded
    assert (settings.campaign.year, settings.quota.collectives, settings.quota.individuals) == (2021, 7, 10)
    assert len(registry.units) == 21 and len(registry.assignments) == 35
    kinds = [u.kind for u in registry.units]
    assert (kinds.count("Phòng, ban"), kinds.count("UBND xã"), kinds.count("UBND thị trấn")) == (12, 8, 1)
    assert registry.unit("XA-PHAU").name == "UBND xã Phước Hậu"
    assert registry.unit("TT-PD").name == "UBND thị trấn Phước Dân"
    assert {u.code: u.official_score for u in registry.units if u.official_score is not None} == {
        "PNV": Decimal("92.5"), "PTCKH": Decimal(88), "TT-PD": Decimal(90), "XA-AH": Decimal(78)}
    sets = [a.index_set for a in registry.assignments]
    assert (sets.count("PCI"), sets.count("PAPI"), sets.count("SIPAS"), sets.count("PAR INDEX")) == (11, 9, 6, 9)
    by_key = {(a.unit_code, a.code): a for a in registry.assignments}
    land = by_key["PTNMT", "PCI-02"]
    assert (land.name, land.prior_score, land.current_score) == ("Tiếp cận đất đai", Decimal("6.17"), Decimal("6.87"))
    assert by_key["PNV", "PAR-04"].prior_score is None
    assert (by_key["XA-PHAI", "PAR-05"].prior_max, by_key["XA-PHAI", "PAR-05"].current_max) == (Decimal("6.5"), Decimal(7))
    assert by_key["PVHTT", "PAR-07"].prior_score is None and by_key["PVHTT", "PAR-07"].prior_max is None
    assert [a.unit_code for a in registry.assignments if a.code == "PCI-10"] == ["PTP", "TTR"]


# "Nguyễn Văn A", "Trần Thị B", "Nguyen Van A": a template's placeholder, not a person
PLACEHOLDER_NAME = re.compile(r"\b(?:Văn|Thị|Van|Thi) [A-ZĐ]\b")


def _demo_texts(demo: Path) -> list[tuple[str, str]]:
    """(where, text) for every text the demo writes: text files, the lock file, every cell of every
    workbook (but the truncated one) and every text in the history database."""
    found = []
    for path in sorted(p for p in demo.rglob("*") if p.is_file()):
        rel = path.relative_to(demo).as_posix()
        if path.suffix in ("", ".toml", ".txt") or path.name.startswith("~$"):
            found.append((rel, path.read_bytes().decode("utf-8", errors="replace")))
        elif path.suffix == ".xlsx":
            try:
                book = load_workbook(path)
            except zipfile.BadZipFile:
                continue
            found += [(f"{rel}!{sheet.title}!{cell.coordinate}", cell.value) for sheet in book.worksheets
                      for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        elif path.suffix == ".sqlite":
            with closing(sqlite3.connect(path)) as db:
                for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                    for row in db.execute(f'SELECT * FROM "{table}"'):
                        found += [(f"{rel}!{table}", v) for v in row if isinstance(v, str)]
    return found


def test_demo_people_and_texts_read_as_real(demo: Path) -> None:
    found = _demo_texts(demo)
    # marker, notes, config, lock file, history, registry, council file, 21 blank and 19 readable forms
    assert len({where.split("!")[0] for where, _t in found}) == 47
    assert [(w, t) for w, t in found if PLACEHOLDER_NAME.search(t)] == []
    assert [(w, t) for w, t in found if "{{" in t or "{%" in t] == []
    registry, _ = load_registry(demo / "danh_muc.xlsx")
    assert registry.unit("PNV").head_name == load_settings(demo).office.signer_name == "Trần Quốc Hùng"
    heads = {u.code: u.head_name for u in registry.units}
    assert len(set(heads.values())) == len(heads)  # one person heads one unit
    assert len(set(texts.PEOPLE.values())) == len(texts.PEOPLE)
    assert len({t for unit in texts.UNITS.values() for t in unit}) == 3 * len(texts.UNITS)


def test_history_2020(demo: Path) -> None:
    db = demo / "lich_su.sqlite"
    assert prior_component_score(db, 2020, "PNV", "PAR-04") == (Decimal("5.90"), Decimal(7))
    assert prior_component_score(db, 2020, "PVHTT", "PAR-07") is None
    units, components, awards = load_year(db, 2020)
    assert len(units) == 21 and len(components) == 1
    assert {u.unit_code: (u.cchc_score, u.classification) for u in units}["PVHTT"] == (Decimal(74), "Khá")
    assert [(a.kind, a.unit_code) for a in awards].count(("tap_the", "PNV")) == 1
    assert {(a.decision_number, a.decision_date) for a in awards} == {("98", date(2020, 12, 8))}
    assert sum(a.amount for a in awards) == 5 * 900000 + 5 * 450000


def test_ingest_accepts_the_good_and_rejects_the_faulty(read: dict[str, InputFile]) -> None:
    assert {rel for rel, r in read.items() if r.status == "rejected"} == REJECTED
    assert all(r.status == "accepted" for rel, r in read.items() if rel not in REJECTED)
    errors = {rel: [(p.sheet, p.cell) for p in r.errors] for rel, r in read.items() if rel in REJECTED}
    assert errors == {"inbox/pgddt.xlsx": [("ThongTin", "B6")], "inbox/xa-phuu.xlsx": [("ThongTin", "B5")],
                      "inbox/Bao cao CCHC - xa Phuoc Vinh.xlsx": [(None, None)]}
    assert [rel for rel, r in read.items() if r.late] == ["inbox/xa-pthai.xlsx"]
    ttr = read["inbox/ttr.xlsx"]
    assert [(p.severity, p.sheet, p.cell) for p in ttr.problems] == [("warning", "ChiSo", "F3")]


def test_values_read_from_the_demo(read: dict[str, InputFile]) -> None:
    accepted = [r for r in read.values() if r.status == "accepted"]
    assert sum(len(r.submission.nominees) for r in accepted) == 43  # 41 + 2 in PTP's older file
    subs = {r.path: r.submission for r in accepted}
    assert subs["inbox/ptnmt.xlsx"].self_score == Decimal("86.5")
    assert subs["inbox/xa-pthuan.xlsx"].self_score == Decimal("85.5")  # typed "85,5"
    assert subs["inbox/Xa Phuoc Hau/bao_cao_thi_dua_cchc_2021.xlsx"].submitted_on == date(2021, 11, 24)
    pnv = subs["inbox/pnv.xlsx"]
    assert pnv.nominees[0].achievements.startswith("Tham mưu Kế hoạch CCHC năm 2021 và 12 văn bản hướng dẫn")
    assert pnv.achievements["tap_the"] == texts.UNITS["PNV"][0]
    assert subs["inbox/vp.xlsx"].nominees[1].achievements == texts.personal_text("Nguyễn Văn Đạt", 2021)
    assert [(c.code, c.prior_score) for c in pnv.components][-1] == ("PAR-04", Decimal("5.9"))


def test_designed_outcome(demo: Path) -> None:
    from thidua_reports import pipeline

    state = pipeline.load(demo)
    inputs = pipeline.gather(state)
    statuses = {i.path: i.status for i in inputs}
    assert {p for p, s in statuses.items() if s == "ignored"} == NOT_WORKBOOKS
    assert {i.path: (i.unit_code, i.kind) for i in inputs if i.status == "attachment"} == ATTACHMENTS
    assert [p for p, s in statuses.items() if s == "superseded"] == ["inbox/ptp_ban_cu.xlsx"]
    result = pipeline.decide(state, inputs)
    assert result.missing_units == ["PYT", "XA-PSON", "XA-PVINH"]
    eligible = [(u.rank, u.unit.code) for u in sorted(result.units, key=lambda u: u.rank or 99) if u.eligible]
    assert eligible == [(1, "PNV"), (2, "TT-PD"), (3, "PTP"), (4, "XA-PHAU"), (5, "PTNMT"), (6, "XA-PTHUAN"),
                        (7, "PKTHT"), (8, "PNNPTNT"), (9, "TTR")]
    assert [u.unit.code for u in result.units if u.tie_at_cutoff] == ["PKTHT", "PNNPTNT"]
    failed = {u.unit.code: sorted(k for k, c in u.criteria.items() if not c.passed)
              for u in result.units if u.criteria and not u.eligible}
    assert failed == {"VP": ["chi_so", "nhiem_vu"], "PTCKH": ["chi_so"], "PLDTBXH": ["ky_luat"],
                      "PVHTT": ["xep_loai"], "XA-AH": ["xep_loai"], "XA-PHAI": ["chi_so"], "XA-PTHAI": []}
    people = [i for i in result.individuals if i.eligible]
    assert len(result.individuals) == 41 and len(people) == 30
    assert [i.nominee.name for i in result.individuals if i.tie_at_cutoff] == [
        "Huỳnh Thị Ngọc Ánh", "Nguyễn Thị Bích Ngân"]
    # dossiers (policy "warn"): reported, nothing excluded
    dossiers = {u.unit.code: u.dossier for u in result.units if u.dossier is not None and u.dossier.judged}
    assert {c: d.missing for c, d in dossiers.items() if d.missing} == {
        "PVHTT": ["bien_ban"], "TT-PD": ["bien_ban", "bao_cao_thanh_tich"]}
    assert set(dossiers["PNV"].sent.values()) == {"attachment"} and set(dossiers["PTP"].sent.values()) == {"declared"}


def test_rebuild_and_refusal(tmp_path: Path) -> None:
    target = build_demo(tmp_path / "ws")
    (target / "inbox" / "rac.xlsx").write_bytes(b"x")
    build_demo(target)
    assert not (target / "inbox" / "rac.xlsx").exists() and (target / "danh_muc.xlsx").is_file()
    other = tmp_path / "tai_lieu"
    other.mkdir()
    (other / "quan_trong.docx").write_bytes(b"keep")
    with pytest.raises(ThiduaError, match="không phải thư mục mẫu"):
        build_demo(other)
    assert (other / "quan_trong.docx").read_bytes() == b"keep"
