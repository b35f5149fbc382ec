"""tong_hop.xlsx and kiem_tra feedback workbooks: sheets, values, text-not-formula, determinism."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from tests.decision.test_decide_campaign import build
from tests.factories import accepted, rejected, submission
from thidua_reports.config import Settings
from thidua_reports.decision.decide import decide
from thidua_reports.models import CampaignResult, IndividualResult, InputFile, Problem, UnitResult
from thidua_reports.outputs import write
from thidua_reports.outputs.step import OutputStep, render
from thidua_reports.vietnamese import slugify


def write_summary_workbook(result: CampaignResult, settings: Settings, path: Path) -> None:
    path.write_bytes(render(write.summary_output(result, settings)))


def write_feedback(out: Path, inputs: list[InputFile], units: list[UnitResult] | None, settings: Settings,
                   individuals: list[IndividualResult] | None = None) -> list[Path]:
    """The feedback files through the output step, into `out` standing for kiem_tra/."""
    return write.write_feedback(OutputStep(out, prefix="kiem_tra/"), inputs, units, settings, individuals)


def _result(tmp_path: Path):  # type: ignore[no-untyped-def]
    settings, reg, inputs = build(tmp_path)
    # a unit name and a warning that look like formulas must stay text
    reg.units[0].name = "=1+1"
    inputs[0].problems.append(Problem(inputs[0].path, "CaNhan", "K3", "warning", "@SUM(A1:A2) +cmd"))
    return settings, decide(settings, reg, inputs, tmp_path)


def _rows(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_summary_workbook(tmp_path: Path) -> None:
    settings, result = _result(tmp_path)
    path = tmp_path / "tong_hop.xlsx"
    write_summary_workbook(result, settings, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["TongQuan", "DonVi", "ChiSo", "CaNhan", "DeNghi", "Loi"]
    overview = dict(_rows(wb["TongQuan"])[1:])
    assert overview["Tổng số đơn vị"] == 10
    assert (overview["Đã nhận"], overview["Hợp lệ"], overview["Bị từ chối"], overview["Chưa gửi"]) == (9, 8, 1, 1)
    assert (overview["Gửi muộn"], overview["Tập thể đủ điều kiện"], overview["Cá nhân đủ điều kiện"]) == (1, 3, 7)
    assert (overview["Tập thể được chọn"], overview["Cá nhân được chọn"]) == (3, 3)
    assert overview["Tổng tiền thưởng (đồng)"] == 4_050_000

    units = wb["DonVi"]
    assert units.freeze_panes == "A2" and units.auto_filter.ref.startswith("A1:")
    assert units["A1"].font.b and units["A1"].value == "Mã đơn vị"
    # widths from the content (print_plan.py), the caller's 34 at most
    assert 6 <= units.column_dimensions["B"].width <= 34
    cell = units["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")  # text, not a formula
    header = _rows(units)[0]
    pnv = dict(zip(header, _rows(units)[1], strict=True))
    assert pnv["Kỷ luật, kỷ cương"] == "Đạt"
    assert pnv["Kỷ luật, kỷ cương - giải thích"] == "3/30 = 10,0% ≤ 10%"
    assert (pnv["Thứ hạng"], pnv["Được chọn"], pnv["Số tiền (đồng)"]) == (1, "Có", 900000)
    assert dict(zip(header, _rows(units)[10], strict=True))["Tình trạng hồ sơ"] == "Chưa gửi"

    comps = _rows(wb["ChiSo"])
    vhtt = [r for r in comps if r[1] == "PCI-03"][0]
    assert (vhtt[6], vhtt[9], vhtt[10], vhtt[11]) == (6.17, 6.17, 0, "=")
    par02 = [r for r in comps if r[1] == "PAR-02"][0]
    assert (par02[7], par02[11]) == ("Lịch sử", "↑")

    proposal = _rows(wb["DeNghi"])
    assert proposal[1][:3] == (1, "Tập thể", "=1+1")
    assert [r[2] for r in proposal[4:7]] == ["Nguyễn Thị Hoa", "Đỗ Thị Mai", "Lê Thị Cúc"]
    assert proposal[7][2] == "Tổng cộng" and proposal[7][7] == 4_050_000
    assert proposal[8][2] == "Bằng chữ: Bốn triệu không trăm năm mươi nghìn đồng"

    loi = wb["Loi"]
    bad = [c for c in loi["E"] if c.value == "@SUM(A1:A2) +cmd"][0]
    assert bad.data_type == "s"
    assert ("inbox/xa-ah.xlsx", "ThongTin", "B5", "Lỗi", "Ô Năm thi đua phải là 2021") in _rows(loi)
    assert (wb.properties.creator, wb.properties.created) == ("thidua_reports", datetime(2021, 12, 10))

    again = tmp_path / "again.xlsx"
    write_summary_workbook(result, settings, again)
    assert again.read_bytes() == path.read_bytes()


def test_feedback_files(tmp_path: Path) -> None:
    settings, result = _result(tmp_path)
    old = accepted(submission("PNV"), path="inbox/cu/pnv.xlsx")
    old.status = "superseded"
    lost = rejected(None, "inbox/khong_ro.xlsx", "Không tìm thấy trang ThongTin", sheet=None, cell=None)
    lock = InputFile(path="inbox/~$a.xlsx", status="ignored", note="Tệp khóa tạm của Excel")
    inputs = [*result.inputs, old, lost, lock]
    out = tmp_path / "kiem_tra"
    written = write_feedback(out, inputs, result.units, settings, result.individuals)
    assert sorted(p.name for p in written) == sorted(
        ["pnv.xlsx", "tckh.xlsx", "vhtt.xlsx", "tnmt.xlsx", "xa-ph.xlsx", "xa-pt.xlsx", "xa-ps.xlsx",
         "tp.xlsx", "xa-ah.xlsx", "_khong_xac_dinh.xlsx"])

    ah = load_workbook(out / "xa-ah.xlsx")["KiemTra"]
    assert ah["A1"].value == "Kết quả kiểm tra hồ sơ của UBND xã An Hải"
    assert ah["A3"].value == "Trạng thái: Bị từ chối"
    assert ah["A4"].value == ("Hồ sơ bị từ chối do có 1 lỗi. Hãy sửa các ô được nêu dưới đây rồi gửi lại "
                              "tệp cho Phòng Nội vụ.")
    assert ("inbox/xa-ah.xlsx", "ThongTin", "B5", "Lỗi", "Ô Năm thi đua phải là 2021") in _rows(ah)

    pnv = load_workbook(out / "pnv.xlsx")
    lines = [r[0] for r in _rows(pnv["KiemTra"])]
    assert "Tệp khác của đơn vị: inbox/cu/pnv.xlsx — Bị thay thế" in lines
    assert ("Kỷ luật, kỷ cương", "Đạt", "3/30 = 10,0% ≤ 10%") in _rows(pnv["TieuChi"])
    assert [r[0] for r in _rows(pnv["CaNhan"])[1:]] == ["Nguyễn Thị Hoa", "Trần Văn Bình"]
    ph = _rows(load_workbook(out / "xa-ph.xlsx")["KiemTra"])
    assert any("danh mục ghi 5,6" in (r[4] or "") for r in ph)

    unknown = _rows(load_workbook(out / "_khong_xac_dinh.xlsx")["KiemTra"])
    assert ("inbox/khong_ro.xlsx: Bị từ chối",) == unknown[2][:1]
    assert ("inbox/~$a.xlsx: Bỏ qua (Tệp khóa tạm của Excel)",) == unknown[3][:1]


def test_feedback_before_decision(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path)
    written = write_feedback(tmp_path / "kt", inputs, None, settings)
    assert len(written) == 9
    assert load_workbook(tmp_path / "kt" / "pnv.xlsx").sheetnames == ["KiemTra"]


def test_control_characters_in_user_text_are_dropped(tmp_path: Path) -> None:
    # a cell written as "_x0001_" reaches us as "\x01", which openpyxl refuses to store
    settings, result = _result(tmp_path)
    result.units[0].unit.name = "Phòng\x01 Nội vụ\x07"
    result.inputs[0].problems.append(Problem("inbox/a\x1b.xlsx", "CaNhan", "B3", "error", 'Ô B3: "x\x02" sai'))
    write_summary_workbook(result, settings, tmp_path / "tong_hop.xlsx")
    written = write_feedback(tmp_path / "kt", result.inputs, result.units, settings, result.individuals)
    wb = load_workbook(tmp_path / "tong_hop.xlsx")
    assert (wb["DonVi"]["B2"].value, wb["DonVi"]["B2"].data_type) == ("Phòng Nội vụ", "s")
    assert ("inbox/a.xlsx", "CaNhan", "B3", "Lỗi", 'Ô B3: "x" sai') in _rows(wb["Loi"])
    code = slugify(result.units[0].unit.code)
    feedback = load_workbook(next(p for p in written if p.stem == code))["KiemTra"]
    assert feedback["A1"].value == "Kết quả kiểm tra hồ sơ của Phòng Nội vụ"


def test_saved_workbooks_carry_the_decision_date_stamp(tmp_path: Path) -> None:
    import zipfile

    settings, result = _result(tmp_path)
    write_summary_workbook(result, settings, tmp_path / "tong_hop.xlsx")
    stamps = {info.filename: info.date_time for info in zipfile.ZipFile(tmp_path / "tong_hop.xlsx").infolist()}
    assert "xl/worksheets/sheet1.xml" in stamps and "xl/worksheets/sheet6.xml" in stamps
    assert set(stamps.values()) == {(2021, 12, 10, 0, 0, 0)}
