"""End to end (SPEC §12.2): `thidua run` on a generated workspace with attachments and bad ones, under
the warn and exclude policies; the outputs that show an attachment change when one arrives."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from tests.builders import (
    default_components,
    default_info,
    default_nominees,
    write_registry_file,
    write_unit_workbook,
)
from tests.doc_factories import docx_text
from thidua_reports import pipeline
from thidua_reports.cli.main import main

from .conftest import DEMO_TOML

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def set_policy(ws: Path, policy: str) -> None:
    path = ws / "thidua.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?m)^policy = "\w+"', f'policy = "{policy}"', text), encoding="utf-8")


def workspace(root: Path) -> Path:
    ws = root / "ws"
    ws.mkdir()
    shutil.copy(DEMO_TOML, ws / "thidua.toml")
    write_registry_file(ws / "danh_muc.xlsx")
    inbox = ws / "inbox"
    # PNV declares all three papers but sends two: the attachments count, not the declaration
    write_unit_workbook(inbox / "PNV" / "pnv.xlsx", default_info("PNV"))
    (inbox / "PNV" / "to_trinh.pdf").write_bytes(PDF + b"tt")
    (inbox / "PNV" / "to_trinh (2).pdf").write_bytes(PDF + b"tt")  # the same paper twice
    (inbox / "pnv - bien ban hop.pdf").write_bytes(PDF + b"bb")
    (inbox / "PNV" / "bao_cao.pdf").write_bytes(b"")  # zero bytes: does not count
    # TCKH sends no attachment that counts: its declarations do ("Biên bản" = Không)
    info = default_info("TCKH")
    info.update({"Tên đơn vị": "Phòng Tài chính - Kế hoạch", "Tổng số biên chế": 9, "Số CBCCVC không đeo thẻ": 0,
                 "Số CBCCVC không chấp hành giờ giấc": 0, "Tổng số CBCCVC vi phạm (không trùng lặp)": 0,
                 "Biên bản họp Hội đồng": "Không"})
    nominee = dict(default_nominees()[0], **{"Họ và tên": "Trần Thị Thu"})
    book = write_unit_workbook(inbox / "tckh.xlsx", info, [dict(default_components()[1], **{"Điểm năm nay": 7})],
                               [nominee])
    shutil.copy(book, inbox / "TCKH_bao_cao.pdf")  # a workbook renamed .pdf
    # 007 sends only a paper, no workbook; ABC is no unit of the registry
    (inbox / "007_bctt.pdf").write_bytes(PDF + b"007")
    (inbox / "ABC_to_trinh.pdf").write_bytes(PDF + b"abc")
    return ws


@pytest.fixture(scope="module")
def warned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = workspace(tmp_path_factory.mktemp("dossier"))
    result = CliRunner().invoke(main, ["run", "-w", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Tệp đính kèm của đơn vị (văn bản đã ký) │ 3" in flat
    assert ("Hồ sơ gửi kèm chưa đủ ở 2 đơn vị: PNV: thiếu Báo cáo thành tích; TCKH: thiếu Biên bản họp Hội "
            "đồng." in flat)
    return ws


def test_ket_qua_json_dossier_and_attachment_inputs(warned: Path) -> None:
    data = json.loads((warned / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    inputs = {f["file"]: f for f in data["inputs"]}
    assert {f: (i["status"], i["unit_code"], i["kind"]) for f, i in inputs.items()} == {
        "inbox/007_bctt.pdf": ("attachment", "007", "bao_cao_thanh_tich"),
        "inbox/ABC_to_trinh.pdf": ("ignored", None, None),
        "inbox/PNV/bao_cao.pdf": ("ignored", "PNV", "bao_cao_thanh_tich"),
        "inbox/PNV/pnv.xlsx": ("accepted", "PNV", None),
        "inbox/PNV/to_trinh (2).pdf": ("ignored", "PNV", "to_trinh"),
        "inbox/PNV/to_trinh.pdf": ("attachment", "PNV", "to_trinh"),
        "inbox/TCKH_bao_cao.pdf": ("ignored", "TCKH", "bao_cao_thanh_tich"),
        "inbox/pnv - bien ban hop.pdf": ("attachment", "PNV", "bien_ban"),
        "inbox/tckh.xlsx": ("accepted", "TCKH", None),
    }
    assert inputs["inbox/PNV/to_trinh.pdf"]["size"] == len(PDF) + 2
    assert len(inputs["inbox/PNV/to_trinh.pdf"]["sha256"]) == 64
    assert inputs["inbox/ABC_to_trinh.pdf"]["note"].startswith(
        'Tệp đính kèm không xác định được đơn vị gửi (phần đầu tên tệp "ABC" không phải mã đơn vị nào')
    assert inputs["inbox/PNV/to_trinh (2).pdf"]["note"].startswith("Trùng nội dung với tệp inbox/PNV/to_trinh.pdf")
    assert "0 byte" in inputs["inbox/PNV/bao_cao.pdf"]["note"]
    assert "thực chất là bảng tính bị đổi tên" in inputs["inbox/TCKH_bao_cao.pdf"]["note"]

    units = {u["code"]: u for u in data["units"]}
    required = ["to_trinh", "bien_ban", "bao_cao_thanh_tich"]
    assert units["PNV"]["dossier"] == {
        "to_trinh": "attachment", "bien_ban": "attachment", "bao_cao_thanh_tich": None, "complete": False,
        "judged": True, "required": required, "missing": ["bao_cao_thanh_tich"],
        "attachments": ["inbox/PNV/to_trinh.pdf", "inbox/pnv - bien ban hop.pdf"]}
    assert units["TCKH"]["dossier"] == {
        "to_trinh": "declared", "bien_ban": None, "bao_cao_thanh_tich": "declared", "complete": False,
        "judged": True, "required": required, "missing": ["bien_ban"], "attachments": []}
    assert units["007"]["dossier"]["complete"] is None and units["007"]["dossier"]["bao_cao_thanh_tich"] == "attachment"
    assert units["007"]["submitted"] is False and data["missing_units"] == ["007"]  # a paper is not the workbook
    # warn: reported only
    assert set(units["PNV"]["criteria"]) == {"nhiem_vu", "xep_loai", "chi_so", "ky_luat"}
    assert units["PNV"]["selected"] and units["TCKH"]["selected"]


def test_tong_hop_feedback_and_to_trinh(warned: Path) -> None:
    year = warned / "output" / "2021"
    ws = load_workbook(year / "tong_hop.xlsx")["DonVi"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    cells = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    columns = ("Tờ trình", "Biên bản họp Hội đồng", "Báo cáo thành tích", "Hồ sơ đầy đủ", "Hồ sơ đầy đủ - giải thích")
    assert [cells["PNV"][c] for c in columns] == ["Có (tệp)", "Có (tệp)", "Thiếu", "Không", "Thiếu Báo cáo thành tích"]
    assert [cells["TCKH"][c] for c in columns] == ["Tự khai", "Thiếu", "Tự khai", "Không",
                                                   "Thiếu Biên bản họp Hội đồng"]
    assert [cells["007"][c] for c in columns] == ["", "", "Có (tệp)", "", ""]
    overview = dict(list(load_workbook(year / "tong_hop.xlsx")["TongQuan"].iter_rows(values_only=True))[1:])
    assert overview["Đơn vị đề nghị khen thưởng có hồ sơ chưa đủ"] == 2
    assert overview["Tệp đính kèm đã nhận"] == 3

    pnv = load_workbook(year / "kiem_tra" / "pnv.xlsx")
    assert pnv.sheetnames[-1] == "HoSo"
    lines = [r[0] for r in pnv["KiemTra"].iter_rows(values_only=True)]
    assert "Hồ sơ gửi kèm chưa đủ: thiếu Báo cáo thành tích (chi tiết ở trang HoSo)" in lines
    hoso = list(pnv["HoSo"].iter_rows(values_only=True))
    assert [r[0] for r in hoso[1:5]] == ["Tờ trình: Có (tệp)", "Biên bản họp Hội đồng: Có (tệp)",
                                         "Báo cáo thành tích: Thiếu", "Hồ sơ gửi kèm chưa đủ: thiếu Báo cáo thành tích"]
    table = {r[0]: r for r in hoso if r[0] and r[0].startswith("inbox/")}
    assert table["inbox/PNV/to_trinh.pdf"][1:3] == ("Tờ trình", "0,1 KB")
    assert table["inbox/PNV/to_trinh.pdf"][4] == "Được tính"
    assert table["inbox/PNV/bao_cao.pdf"][4] == "Không được tính" and "0 byte" in table["inbox/PNV/bao_cao.pdf"][5]
    messages = [r[4] for r in pnv["KiemTra"].iter_rows(values_only=True) if r[4]]
    assert any(m.startswith("Hồ sơ đề nghị khen thưởng thiếu Báo cáo thành tích; hãy gửi bản đã ký") for m in messages)

    unit007 = [r[0] for r in load_workbook(year / "kiem_tra" / "007.xlsx")["KiemTra"].iter_rows(values_only=True)]
    assert unit007[1].startswith("Chưa nhận được phiếu số liệu (tệp bảng tính theo mẫu) của đơn vị")
    assert "Chưa xét hồ sơ gửi kèm: chưa có phiếu số liệu hợp lệ của đơn vị (chi tiết ở trang HoSo)" in unit007
    hoso007 = [r[0] for r in load_workbook(year / "kiem_tra" / "007.xlsx")["HoSo"].iter_rows(values_only=True)]
    assert "inbox/007_bctt.pdf" in hoso007
    unknown = [r[0] for r in load_workbook(year / "kiem_tra" / "_khong_xac_dinh.xlsx")["KiemTra"].iter_rows(
        values_only=True)]
    assert any(line and line.startswith("inbox/ABC_to_trinh.pdf: Bỏ qua (Tệp đính kèm không xác định") for line in unknown)

    text = docx_text(year / "to_trinh.docx")
    assert ("3. Về hồ sơ đề nghị khen thưởng (Tờ trình, Biên bản họp Hội đồng, Báo cáo thành tích): 0/2 đơn vị đề "
            "nghị khen thưởng có hồ sơ đầy đủ; 2 đơn vị có hồ sơ chưa đầy đủ:") in text
    assert "- Phòng Nội vụ: thiếu Báo cáo thành tích;\n- Phòng Tài chính - Kế hoạch: thiếu Biên bản họp Hội đồng." in text
    assert "Các đơn vị trên cần bổ sung văn bản còn thiếu theo quy định của Kế hoạch." in text


def test_exclude_then_the_missing_paper_arrives(warned: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(warned, ws)
    set_policy(ws, "exclude")
    result = CliRunner().invoke(main, ["run", "-w", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    year = ws / "output" / "2021"
    data = json.loads((year / "ket_qua.json").read_text(encoding="utf-8"))
    units = {u["code"]: u for u in data["units"]}
    assert units["PNV"]["criteria"]["ho_so"] == {
        "pass": False, "detail": "Thiếu Báo cáo thành tích; đã có: Tờ trình (tệp), Biên bản họp Hội đồng (tệp)"}
    assert not units["PNV"]["eligible"] and not units["TCKH"]["eligible"]
    people = {i["name"]: i for i in data["individuals"]}
    assert people["Trần Thị Thu"]["criteria"]["ho_so"]["detail"] == (
        "Hồ sơ của đơn vị thiếu Biên bản họp Hội đồng; đã có: Tờ trình (tự khai), Báo cáo thành tích (tự khai)")
    assert data["totals"]["collectives"] == 0 and data["totals"]["individuals"] == 0
    assert ("Theo Kế hoạch, tập thể và cá nhân của các đơn vị có hồ sơ chưa đầy đủ không được xét khen thưởng."
            in docx_text(year / "to_trinh.docx"))
    tieu_chi = list(load_workbook(year / "kiem_tra" / "pnv.xlsx")["TieuChi"].iter_rows(values_only=True))
    assert ("Hồ sơ đầy đủ", "Không đạt", "Thiếu Báo cáo thành tích; đã có: Tờ trình (tệp), Biên bản họp Hội đồng "
            "(tệp)") in tieu_chi

    # the paper arrives: the outputs that show it are made again, PNV becomes eligible
    (ws / "inbox" / "PNV" / "bao_cao_thanh_tich.pdf").write_bytes(PDF + b"bctt")
    summary = pipeline.run(ws)
    assert {"tong_hop.xlsx", "kiem_tra/pnv.xlsx", "to_trinh.docx"} <= set(summary.render_seconds)
    data = json.loads((year / "ket_qua.json").read_text(encoding="utf-8"))
    pnv = next(u for u in data["units"] if u["code"] == "PNV")
    assert pnv["dossier"]["complete"] is True and pnv["criteria"]["ho_so"]["pass"] and pnv["selected"]
    # nothing changed: every output is kept but those always written
    again = pipeline.run(ws)
    assert set(again.render_seconds) <= {"ket_qua.json", "kiem_tra/_khong_xac_dinh.xlsx"}


def test_off_judges_nothing_but_lists_attachments(warned: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(warned, ws)
    set_policy(ws, "off")
    result = CliRunner().invoke(main, ["run", "-w", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    year = ws / "output" / "2021"
    data = json.loads((year / "ket_qua.json").read_text(encoding="utf-8"))
    assert all(u["dossier"] is None for u in data["units"])
    assert sum(f["status"] == "attachment" for f in data["inputs"]) == 3
    header = next(load_workbook(year / "tong_hop.xlsx")["DonVi"].iter_rows(values_only=True))
    assert "Hồ sơ đầy đủ" not in header and "Tờ trình" not in header
    assert "Về hồ sơ đề nghị khen thưởng" not in docx_text(year / "to_trinh.docx")
    assert load_workbook(year / "kiem_tra" / "pnv.xlsx").sheetnames[-1] == "HoSo"  # still listed
