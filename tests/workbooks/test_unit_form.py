"""The unit input workbook: sheets, labels, validations, protection, determinism, round trip via ingest."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from thidua_reports.config import Settings
from thidua_reports.decision.history import ComponentHistory, record_year
from thidua_reports.intake.ingest import read_workbook
from thidua_reports.models import LEVEL_EXCELLENT, LEVEL_GOOD, Assignment, Registry, Unit
from thidua_reports.workbooks.unit_form import (
    BLANK_NAME,
    history_prior_lookup,
    write_all_forms,
    write_blank_form,
    write_unit_form,
)

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_BLANK = ROOT / "input_templates" / BLANK_NAME

INFO_LABELS = [
    "Mã đơn vị", "Tên đơn vị", "Năm thi đua", "Tổng số biên chế", "Điểm tự đánh giá CCHC",
    "Số nhiệm vụ CCHC được giao", "Số nhiệm vụ CCHC đã hoàn thành", "Số CBCCVC không đeo thẻ",
    "Số CBCCVC không chấp hành giờ giấc", "Tổng số CBCCVC vi phạm (không trùng lặp)",
    "Đề nghị khen thưởng tập thể", "Người lập biểu", "Ngày gửi", "Đã có Tờ trình",
    "Đã có Biên bản họp Hội đồng", "Đã có Báo cáo thành tích",
]  # fmt: skip
COMPONENT_HEADERS = ["Bộ chỉ số", "Mã chỉ số", "Tên chỉ số thành phần", "Điểm tối đa", "Điểm năm trước",
                     "Điểm năm nay", "Ghi chú"]
NOMINEE_HEADERS = [
    "STT", "Họ và tên", "Giới tính", "Chức vụ", "Mức độ hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ CCHC được giao",
    "Số văn bản được giao tham mưu", "Số văn bản hoàn thành đúng hạn", "Vi phạm kỷ luật, kỷ cương",
    "Thứ tự đề nghị", "Tóm tắt thành tích",
]  # fmt: skip
INPUT_FILL = "FFFFF2CC"

UNIT = Unit(code="007", name="UBND xã Thử Nghiệm", kind="UBND xã", staffing=20)
ASSIGNMENTS = [
    Assignment("PCI", "PCI-02", "Tiếp cận đất đai", "007", Decimal(10), Decimal("6.17"), Decimal(10)),
    Assignment("PAR INDEX", "PAR-05", "Xây dựng đội ngũ", "007", Decimal("6.5"), None, Decimal(7)),
]
REGISTRY = Registry(units=[UNIT, Unit(code="PNV", name="Phòng Nội vụ", staffing=9)], assignments=ASSIGNMENTS)


def _write(tmp_path: Path, settings: Settings, values: dict | None = None, name: str = "f.xlsx") -> Path:
    return write_unit_form(tmp_path / name, settings, UNIT, ASSIGNMENTS, values)


def _label_rows(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value}


def _validation_for(ws, ref: str):
    return [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]


def test_sheets_labels_and_headers(tmp_path: Path, demo_settings: Settings) -> None:
    wb = load_workbook(_write(tmp_path, demo_settings))
    assert wb.sheetnames == ["HuongDan", "ThongTin", "ChiSo", "CaNhan", "ThanhTich", "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    assert [[c.value for c in row] for row in wb["_meta"].iter_rows()] == [
        ["template_version", "1"], ["unit_code", "007"], ["year", "2021"], ["generator", "thidua_reports"]]
    info = wb["ThongTin"]
    assert [info.cell(row=r, column=1).value for r in range(3, 3 + len(INFO_LABELS))] == INFO_LABELS
    assert [info.cell(row=r, column=2).value for r in range(3, 6)] == ["007", "UBND xã Thử Nghiệm", 2021]
    assert info["B3"].data_type == "s" and info["B6"].value == 20
    assert [c.value for c in wb["ChiSo"][2]] == COMPONENT_HEADERS
    assert [[c.value for c in row] for row in wb["ChiSo"].iter_rows(min_row=3)] == [
        ["PCI", "PCI-02", "Tiếp cận đất đai", 10, 6.17, None, None],
        ["PAR INDEX", "PAR-05", "Xây dựng đội ngũ", 7, None, None, None],
    ]
    nominees = wb["CaNhan"]
    assert [c.value for c in nominees[2]] == NOMINEE_HEADERS
    assert nominees.max_row == 2 + 15 and all(c.value is None for row in nominees.iter_rows(min_row=3) for c in row)
    assert [wb["ThanhTich"].cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "Tóm tắt thành tích của tập thể", "Kết quả thực hiện nhiệm vụ CCHC", "Sáng kiến, mô hình, cách làm hay"]
    guide = " ".join(c.value for c in wb["HuongDan"]["A"] if c.value)
    assert "chậm nhất ngày 30/11/2021" in guide and f"{demo_settings.issuer.name} (qua Phòng Nội vụ)" in guide
    assert "Không gõ công thức" in guide
    assert info["A3"].font.name == "Times New Roman"


def test_validations(tmp_path: Path, demo_settings: Settings) -> None:
    wb = load_workbook(_write(tmp_path, demo_settings))
    info = wb["ThongTin"]
    rows = _label_rows(info)
    (yes_no,) = _validation_for(info, f"B{rows['Đề nghị khen thưởng tập thể']}")
    assert (yes_no.type, yes_no.formula1) == ("list", '"Có,Không"')
    assert f"B{rows['Đã có Báo cáo thành tích']}" in yes_no.sqref
    (score,) = _validation_for(info, f"B{rows['Điểm tự đánh giá CCHC']}")
    assert (score.type, score.formula1, score.formula2) == ("decimal", "0", "100")
    (staff,) = _validation_for(info, f"B{rows['Tổng số biên chế']}")
    assert (staff.type, staff.formula1) == ("whole", "1")
    sent = f"B{rows['Ngày gửi']}"
    (when,) = _validation_for(info, sent)
    assert (when.type, when.operator, when.formula1, when.formula2) == ("date", "between", "44197", "44926")
    assert info[sent].number_format == "DD/MM/YYYY"
    chiso = wb["ChiSo"]
    assert [(dv.type, dv.formula2) for dv in _validation_for(chiso, "F3")] == [("decimal", "10")]
    assert [(dv.type, dv.formula2) for dv in _validation_for(chiso, "F4")] == [("decimal", "7")]
    assert [(dv.type, dv.formula2) for dv in _validation_for(chiso, "E4")] == [("decimal", "7")]
    assert _validation_for(chiso, "E3") == []  # prior known: no input there
    nominees = wb["CaNhan"]
    (level,) = _validation_for(nominees, "E17")
    assert level.formula1 == ('"Hoàn thành xuất sắc nhiệm vụ,Hoàn thành tốt nhiệm vụ,'
                              'Hoàn thành nhiệm vụ,Không hoàn thành nhiệm vụ"')
    assert [dv.formula1 for dv in _validation_for(nominees, "I3")] == ['"Có,Không"']
    assert [dv.formula1 for dv in _validation_for(nominees, "C3")] == ['"Nam,Nữ"']
    assert [(dv.type, dv.formula1) for dv in _validation_for(nominees, "G3")] == [("whole", "0")]


def test_protection_and_input_cells(tmp_path: Path, demo_settings: Settings) -> None:
    wb = load_workbook(_write(tmp_path, demo_settings))
    for name in ("ThongTin", "ChiSo", "CaNhan", "ThanhTich"):
        assert wb[name].protection.sheet is True and not wb[name].protection.password
    info = wb["ThongTin"]
    rows = _label_rows(info)
    for label, row in rows.items():
        if label not in INFO_LABELS:
            continue
        assert info.cell(row=row, column=1).protection.locked is True
        value = info.cell(row=row, column=2)
        personal = label in ("Mã đơn vị", "Tên đơn vị")
        assert value.protection.locked is personal, label
        assert (value.fill.fgColor.rgb == INPUT_FILL) is not personal, label
    chiso = wb["ChiSo"]
    assert [chiso.cell(row=3, column=c).protection.locked for c in range(1, 8)] == [True] * 5 + [False, False]
    assert chiso["E4"].protection.locked is False  # no prior known: the unit may give its own figure
    assert wb["CaNhan"]["B3"].protection.locked is False and wb["CaNhan"]["B2"].protection.locked is True
    assert wb["ThanhTich"]["B2"].protection.locked is False and wb["ThanhTich"]["B2"].alignment.wrap_text
    assert wb["CaNhan"].page_setup.orientation == "landscape" and wb["CaNhan"].page_setup.paperSize == 9
    blank = load_workbook(write_blank_form(tmp_path / "blank.xlsx"))
    assert blank["ThongTin"]["B3"].protection.locked is False and blank["ThongTin"]["B3"].value is None
    assert blank["ThongTin"]["B5"].value is None
    assert blank["ChiSo"].max_row == 2 + 12 and blank["ChiSo"]["B3"].protection.locked is False


def test_values_written_as_given(tmp_path: Path, demo_settings: Settings) -> None:
    values = {"staffing": "năm", "year": 2020, "submitted_on": "24/11/2021", "request_collective": True,
              "components": {"PCI-02": "6,87", "PCI-99": {"current": Decimal("1.5"), "name": "Lạ"}},
              "nominees": [{"name": "Nguyễn Thị Hoa", "achievements": "=SUM(A1) & <b> {{ x }} 100%"}]}
    wb = load_workbook(_write(tmp_path, demo_settings, values))
    info = wb["ThongTin"]
    assert [info[f"B{r}"].value for r in (5, 6, 13, 15)] == [2020, "năm", "Có", "24/11/2021"]
    assert [c.value for c in wb["ChiSo"][3]][5] == "6,87"
    assert [c.value for c in wb["ChiSo"][5]] == [None, "PCI-99", "Lạ", None, None, 1.5, None]
    cell = wb["CaNhan"]["K3"]
    assert (cell.value, cell.data_type) == ("=SUM(A1) & <b> {{ x }} 100%", "s")
    assert wb["CaNhan"]["A3"].value == 1


def test_prior_from_history(tmp_path: Path, demo_settings: Settings) -> None:
    record_year(demo_settings.history_path(), 2020, [], [
        ComponentHistory("007", "PAR INDEX", "PAR-05", "Xây dựng đội ngũ", Decimal("5.85"), Decimal("6.5"))], [])
    path = write_unit_form(tmp_path / "h.xlsx", demo_settings, UNIT, ASSIGNMENTS,
                           prior_lookup=history_prior_lookup(demo_settings))
    assert load_workbook(path)["ChiSo"]["E4"].value == 5.85
    paths = write_all_forms(tmp_path, demo_settings, REGISTRY)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["mau_nhap/007.xlsx", "mau_nhap/pnv.xlsx"]
    assert load_workbook(paths[0])["ChiSo"]["E4"].value == 5.85


def test_output_is_byte_stable(tmp_path: Path, demo_settings: Settings) -> None:
    first = _write(tmp_path, demo_settings, {"self_score": Decimal("86.5")}, "a.xlsx").read_bytes()
    second = _write(tmp_path, demo_settings, {"self_score": Decimal("86.5")}, "b.xlsx").read_bytes()
    assert first == second
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.creator == "thidua_reports"
    assert wb.properties.created.isoformat() == wb.properties.modified.isoformat() == "2021-01-01T00:00:00"


def test_committed_blank_equals_generated(tmp_path: Path) -> None:
    generated = write_blank_form(tmp_path / BLANK_NAME)
    assert generated.read_bytes() == COMMITTED_BLANK.read_bytes(), (
        "input_templates/ is stale: regenerate it with workbook_form.write_blank_form")


# --- round trip: fill like a unit would, read back with ingest ----------------------------------

NOMINEES = [
    ("Nguyễn Thị Hoa", "Nữ", "Chuyên viên", LEVEL_EXCELLENT, "Có", 12, 12, "Không", 1, "Tham mưu & <đúng hạn> {{ 100% }}"),
    ("Lê Văn Khánh", "Nam", "Công chức Văn phòng - Thống kê", LEVEL_GOOD, "Có", 0, 0, "Không", 2, "=Hoàn thành"),
]
INFO_VALUES = {
    "Tổng số biên chế": 20, "Điểm tự đánh giá CCHC": 86.5, "Số nhiệm vụ CCHC được giao": 12,
    "Số nhiệm vụ CCHC đã hoàn thành": 12, "Số CBCCVC không đeo thẻ": 2, "Số CBCCVC không chấp hành giờ giấc": 1,
    "Tổng số CBCCVC vi phạm (không trùng lặp)": 2, "Đề nghị khen thưởng tập thể": "Có",
    "Người lập biểu": "Trần Thị Mai", "Ngày gửi": date(2021, 11, 25), "Đã có Tờ trình": "Có",
    "Đã có Biên bản họp Hội đồng": "Không", "Đã có Báo cáo thành tích": "Có",
}


def _fill(path: Path) -> None:
    wb = load_workbook(path)
    info = wb["ThongTin"]
    rows = _label_rows(info)
    for label, value in INFO_VALUES.items():
        cell = info.cell(row=rows[label], column=2)
        assert cell.protection.locked is False, label
        cell.value = value
    chiso = wb["ChiSo"]
    by_code = {chiso.cell(row=r, column=2).value: r for r in range(3, chiso.max_row + 1)}
    chiso.cell(row=by_code["PCI-02"], column=6).value = 6.87
    chiso.cell(row=by_code["PAR-05"], column=5).value = 5.85
    chiso.cell(row=by_code["PAR-05"], column=6).value = 6.2
    for i, person in enumerate(NOMINEES):
        for col, value in enumerate(person, start=2):
            wb["CaNhan"].cell(row=3 + i, column=col).value = value
        wb["CaNhan"].cell(row=3 + i, column=11).data_type = "s"
    wb["ThanhTich"]["B2"] = "Tập thể đoàn kết"
    wb.save(path)


def _assert_read_back(path: Path, settings: Settings) -> None:
    record = read_workbook(path, "inbox/f.xlsx", settings, REGISTRY)
    assert record.status == "accepted", [p.message for p in record.problems]
    sub = record.submission
    assert sub is not None
    assert (sub.unit_code, sub.unit_name, sub.year, sub.staffing) == ("007", "UBND xã Thử Nghiệm", 2021, 20)
    assert sub.self_score == Decimal("86.5")
    assert (sub.tasks_assigned, sub.tasks_done, sub.no_badge, sub.late_hours, sub.violators) == (12, 12, 2, 1, 2)
    assert (sub.request_collective, sub.preparer, sub.submitted_on) == (True, "Trần Thị Mai", date(2021, 11, 25))
    assert [(c.code, c.max_points, c.prior_score, c.current_score) for c in sub.components] == [
        ("PCI-02", Decimal(10), Decimal("6.17"), Decimal("6.87")),
        ("PAR-05", Decimal(7), Decimal("5.85"), Decimal("6.2")),
    ]
    assert [(n.name, n.gender, n.position, n.level, n.cchc_done, n.docs_assigned, n.docs_on_time, n.violation,
             n.priority, n.achievements) for n in sub.nominees] == [
        ("Nguyễn Thị Hoa", "Nữ", "Chuyên viên", LEVEL_EXCELLENT, True, 12, 12, False, 1,
         "Tham mưu & <đúng hạn> {{ 100% }}"),
        ("Lê Văn Khánh", "Nam", "Công chức Văn phòng - Thống kê", LEVEL_GOOD, True, 0, 0, False, 2, "=Hoàn thành"),
    ]
    assert sub.achievements["tap_the"] == "Tập thể đoàn kết"
    assert sub.dossier["Đã có Tờ trình"] is True


def test_round_trip_openpyxl(tmp_path: Path, demo_settings: Settings) -> None:
    path = _write(tmp_path, demo_settings)
    _fill(path)
    _assert_read_back(path, demo_settings)


def test_round_trip_dossier_labels(tmp_path: Path, demo_settings: Settings) -> None:
    path = _write(tmp_path, demo_settings)
    _fill(path)
    record = read_workbook(path, "inbox/f.xlsx", demo_settings, REGISTRY)
    assert record.submission is not None and len(record.submission.dossier) == 3
    assert sorted(record.submission.dossier.values()) == [False, True, True]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_round_trip_libreoffice(tmp_path: Path, demo_settings: Settings) -> None:
    source = tmp_path / "src" / "f.xlsx"
    source.parent.mkdir()
    write_unit_form(source, demo_settings, UNIT, ASSIGNMENTS)
    _fill(source)
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    _assert_read_back(out / "f.xlsx", demo_settings)
