"""Every form `thidua templates` writes, filled in as a unit would, comes back accepted with exact values."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from thidua_reports.config import Settings
from thidua_reports.demo import demo_registry
from thidua_reports.intake.ingest import read_workbook
from thidua_reports.models import LEVEL_GOOD, Registry
from thidua_reports.workbooks.unit_form import write_all_forms

INFO = {
    "Tổng số biên chế": 15, "Điểm tự đánh giá CCHC": "84,5", "Số nhiệm vụ CCHC được giao": 10,
    "Số nhiệm vụ CCHC đã hoàn thành": 10, "Số CBCCVC không đeo thẻ": 1, "Số CBCCVC không chấp hành giờ giấc": 1,
    "Tổng số CBCCVC vi phạm (không trùng lặp)": 1, "Đề nghị khen thưởng tập thể": "Có",
    "Người lập biểu": "Phạm Thị Ánh", "Ngày gửi": date(2021, 11, 26), "Đã có Tờ trình": "Có",
    "Đã có Biên bản họp Hội đồng": "Có", "Đã có Báo cáo thành tích": "Có",
}
NOMINEE = ["1", "Trần Văn Đức", "Nam", "Chuyên viên", "Tốt", "Có", 4, 4, "Không", 1, "Hoàn thành tốt nhiệm vụ."]


def current_score(prior: Decimal | None, maximum: Decimal) -> Decimal:
    base = prior if prior is not None else maximum / 2
    return min(maximum, base + Decimal("0.25"))


def fill(path: Path, registry: Registry, code: str) -> dict[str, Decimal]:
    wb = load_workbook(path)
    info = wb["ThongTin"]
    for row in info.iter_rows():
        if row[0].value in INFO:
            row[1].value = INFO[row[0].value]
    expected = {}
    sheet = wb["ChiSo"]
    assigned = {a.code: a for a in registry.assignments_for(code)}
    for row in sheet.iter_rows(min_row=3):
        a = assigned.get(row[1].value)
        if a is not None:
            expected[a.code] = current_score(a.prior_score, a.current_max or Decimal(10))
            row[5].value = str(expected[a.code]).replace(".", ",")  # typed with the decimal comma
    for col, value in enumerate(NOMINEE, start=1):
        wb["CaNhan"].cell(row=3, column=col).value = value
    wb.save(path)
    return expected


def check(path: Path, settings: Settings, registry: Registry, code: str, expected: dict[str, Decimal]) -> None:
    record = read_workbook(path, f"inbox/{path.name}", settings, registry)
    assert record.status == "accepted", (path.name, [p.message for p in record.problems])
    sub = record.submission
    assert sub is not None and record.unit_code == code
    assert sub.self_score == Decimal("84.5") and sub.staffing == 15 and sub.year == 2021
    assert sub.submitted_on == date(2021, 11, 26) and sub.request_collective is True
    assert {c.code: c.current_score for c in sub.components if c.code in expected} == expected
    assert [(n.name, n.level, n.docs_on_time) for n in sub.nominees] == [("Trần Văn Đức", LEVEL_GOOD, 4)]


@pytest.fixture(scope="module")
def filled_forms(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Registry, dict]:
    from tests.conftest import DEMO_TOML
    from thidua_reports.config import load_settings

    ws = tmp_path_factory.mktemp("forms")
    shutil.copy(DEMO_TOML, ws / "thidua.toml")
    registry = demo_registry()
    paths = write_all_forms(ws, load_settings(ws), registry)
    assert len(paths) == len(registry.units) == 21
    expected = {}
    for unit in registry.units:
        path = ws / "mau_nhap" / f"{unit.code.lower()}.xlsx"
        expected[unit.code] = fill(path, registry, unit.code)
    return ws, registry, expected


def test_every_form_filled_with_openpyxl_is_accepted(filled_forms, demo_settings: Settings) -> None:
    ws, registry, expected = filled_forms
    for unit in registry.units:
        check(ws / "mau_nhap" / f"{unit.code.lower()}.xlsx", demo_settings, registry, unit.code, expected[unit.code])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_every_form_resaved_by_libreoffice_is_accepted(filled_forms, demo_settings: Settings,
                                                       tmp_path: Path) -> None:
    ws, registry, expected = filled_forms
    sources = sorted((ws / "mau_nhap").glob("*.xlsx"))
    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    for unit in registry.units:
        check(out / f"{unit.code.lower()}.xlsx", demo_settings, registry, unit.code, expected[unit.code])
