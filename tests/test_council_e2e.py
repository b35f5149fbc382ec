"""The council's vote end to end: `thidua run` on the demo workspace with a council file (SPEC §10)."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import Workbook, load_workbook

from thidua_reports.cli.main import main

MEMBERS = [["STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt"],
           [1, "Nguyễn Văn Chủ", "Chủ tịch UBND huyện", "Chủ tịch Hội đồng", "Có"],
           [2, "Trần Thị Phó", "Trưởng phòng Nội vụ", "Phó Chủ tịch Hội đồng", "Có"],
           [3, "Lê Văn Ký", "Chuyên viên Phòng Nội vụ", "Thư ký", "Có"]] + [
    [k, f"Ủy viên số {k}", "Trưởng phòng", "Ủy viên", "Không" if k == 9 else "Có"] for k in range(4, 10)]


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("council") / "demo"
    result = CliRunner().invoke(main, ["demo", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return ws


def _cli(ws: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua_reports", *args, "-w", str(ws)], capture_output=True,
                          text=True, timeout=300)


def _ballot(ws: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, name) of the collectives and individuals put to the vote by the previous run."""
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    units = [(u["code"], u["name"]) for u in data["units"] if u["selected"] or u.get("votes")]
    people = [(i["unit_code"], i["name"]) for i in data["individuals"] if i["selected"] or i.get("votes")]
    return units, people


def _council_file(ws: Path, members: list[list[object]], agree: dict[str, object],
                  units: list[str] | None = None, decisions: list[list[object]] | None = None,
                  default: int = 8) -> None:
    """quyet_dinh_hoi_dong.xlsx with ThanhVien, PhienHop and BieuQuyet: `default` votes for each candidate
    unless `agree` says otherwise (by unit code or person name). `units`: the collectives to vote on,
    when not the previous run's ballot; `decisions`: rows of sheet QuyetDinh."""
    ballot_units, people = _ballot(ws)
    codes = units if units is not None else [code for code, _name in ballot_units]
    wb = Workbook()
    wb.remove(wb.active)
    if decisions:
        sheet = wb.create_sheet("QuyetDinh")
        sheet.append(["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"])
        for row in decisions:
            sheet.append(row)
    for title, rows in (
        ("ThanhVien", members),
        ("PhienHop", [["Thời gian bắt đầu", "10/12/2021 14:00"], ["Thời gian kết thúc", "16:30"],
                      ["Địa điểm", "Phòng họp UBND huyện"], ["Hình thức biểu quyết", "Bỏ phiếu kín"]]),
        ("BieuQuyet", [["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Số phiếu đồng ý",
                        "Số phiếu không đồng ý"]]
         + [["Tập thể", code, "", agree.get(code, default), 0] for code in codes]
         + [["Cá nhân", code, name, agree.get(name, default), 0] for code, name in people]),
    ):
        ws_ = wb.create_sheet(title)
        for r in rows:
            ws_.append(r)
    wb.save(ws / "quyet_dinh_hoi_dong.xlsx")


def _outputs(ws: Path) -> dict[str, bytes]:
    out = ws / "output" / "2021"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_candidate_voted_down_is_not_awarded(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "vote"
    shutil.copytree(demo_ws, ws)
    _council_file(ws, MEMBERS, {"PTP": 4, "Lê Văn Khánh": 5})  # 4/9 fails ">1/2", 5/9 passes
    result = _cli(ws, "run")
    assert result.returncode == 0, result.stderr
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    units = {u["code"]: u for u in data["units"]}
    assert not units["PTP"]["selected"]
    assert units["PTP"]["note"].endswith("Không đủ tỷ lệ phiếu đồng ý: 4/9 thành viên, cần trên 1/2")
    assert units["PTP"]["votes"] == {"kind": "tap_the", "unit_code": "PTP", "name": None, "agree": 4,
                                     "disagree": 0, "other": 4, "passed": False}
    khanh = next(i for i in data["individuals"] if i["name"] == "Lê Văn Khánh")
    assert khanh["selected"] and khanh["votes"]["passed"]
    assert (data["council"]["members"], data["council"]["present"], data["council"]["quorum_ok"]) == (9, 8, True)
    assert len(data["council"]["votes"]) == sum(1 for u in units.values() if u["votes"]) + sum(
        1 for i in data["individuals"] if i["votes"])
    assert data["totals"]["collectives"] == 6 and data["totals"]["individuals"] == 10
    amount_c, amount_i = data["totals"]["amount_collective"], data["totals"]["amount_individual"]
    assert data["totals"]["total"] == 6 * amount_c + 10 * amount_i
    out = ws / "output" / "2021"
    assert not (out / "tom_tat" / "ptp.docx").exists()
    decision = "\n".join(p.text for p in Document(io.BytesIO((out / "quyet_dinh.docx").read_bytes())).paragraphs)
    assert "06 tập thể" in decision
    proposal = load_workbook(out / "tong_hop.xlsx")["DeNghi"]
    collectives = [r[2] for r in proposal.iter_rows(min_row=2, values_only=True) if r[1] == "Tập thể"]
    assert "Phòng Tư pháp" not in collectives and len(collectives) == 6
    with sqlite3.connect(ws / "lich_su.sqlite") as db:
        awarded = [r[0] for r in db.execute(
            "SELECT unit_code FROM award_year WHERE year = 2021 AND kind = 'tap_the'")]
    assert len(awarded) == 6 and "PTP" not in awarded
    report = "\n".join(p.text for p in Document(io.BytesIO((out / "bao_cao_tong_ket.docx").read_bytes())).paragraphs)
    assert "06 tập thể" in report
    proposal_text = "\n".join(p.text for p in Document(io.BytesIO((out / "to_trinh.docx").read_bytes())).paragraphs)
    assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng huyện Ninh Phước ngày 10/12/2021" in proposal_text


def test_quorum_not_met_stops_and_keeps_previous_outputs(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "quorum"
    shutil.copytree(demo_ws, ws)
    before = _outputs(ws)
    absent = [row[:4] + ["Không"] if isinstance(row[0], int) and row[0] >= 6 else row for row in MEMBERS]
    _council_file(ws, absent, {})  # 5 of 9 present
    result = _cli(ws, "run")
    assert result.returncode == 1
    assert "Phiên họp không đủ số thành viên dự họp (5/9, cần từ 2/3 trở lên)" in result.stderr
    assert _outputs(ws) == before


def test_bad_council_file_writes_nothing(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "bad"
    shutil.copytree(demo_ws, ws)
    before = _outputs(ws)
    _council_file(ws, MEMBERS, {"PNV": "bảy"})
    result = _cli(ws, "run")
    assert result.returncode == 1
    assert ("quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, ô D2: số phiếu đồng ý \"bảy\" không phải số nguyên; "
            "ghi số nguyên từ 0 trở lên") in result.stderr
    assert _outputs(ws) == before


def _set(ws: Path, old: str, new: str) -> None:
    toml = ws / "thidua.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")


def _selected(ws: Path) -> list[str]:
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    return sorted(u["code"] for u in data["units"] if u["selected"])


def test_missing_and_extra_vote_rows_stop_the_run(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "rows"
    shutil.copytree(demo_ws, ws)
    before = _outputs(ws)
    ballot = [code for code, _name in _ballot(ws)[0]]
    _council_file(ws, MEMBERS, {}, units=[c for c in ballot if c != "PTNMT"] + ["PNNPTNT"])
    result = _cli(ws, "run")
    assert result.returncode == 1
    assert ("tập thể PNNPTNT không có trong danh sách đưa ra biểu quyết (đề nghị − Loại + Chọn)"
            in result.stderr)
    assert ("quyet_dinh_hoi_dong.xlsx, trang BieuQuyet: thiếu dòng biểu quyết của tập thể PTNMT "
            "(Phòng Tài nguyên và Môi trường)") in result.stderr
    assert _outputs(ws) == before


def test_approval_of_members_present(demo_ws: Path, tmp_path: Path) -> None:
    """6 of 9 present: 4 votes are 4/6 of those present (passes) but 4/9 of all members (fails)."""
    ws = tmp_path / "present"
    shutil.copytree(demo_ws, ws)
    three_absent = [row[:4] + ["Không"] if isinstance(row[0], int) and row[0] >= 7 else row for row in MEMBERS]
    _council_file(ws, three_absent, {"PTP": 4}, default=6)
    _set(ws, 'approval_of = "members"', 'approval_of = "present"')
    assert _cli(ws, "run").returncode == 0
    assert "PTP" in _selected(ws)
    _set(ws, 'approval_of = "present"', 'approval_of = "members"')
    assert _cli(ws, "run").returncode == 0
    assert "PTP" not in _selected(ws)


def test_council_choices_and_allow_over_then_the_vote(demo_ws: Path, tmp_path: Path) -> None:
    """Loại PKTHT, Chọn PNNPTNT and TTR over the quota (allow_over): the three council choices are put
    to the vote with the rest of the proposal; TTR is voted down and nobody takes its place."""
    ws = tmp_path / "choices"
    shutil.copytree(demo_ws, ws)
    proposal = ["PNV", "TT-PD", "PTP", "XA-PHAU", "PTNMT", "XA-PTHUAN", "PKTHT"]
    decisions = [["Tập thể", "PKTHT", None, "Loại", "Hồ sơ chưa đủ"],
                 ["Tập thể", "PNNPTNT", None, "Chọn", "Mô hình hay"],
                 ["Tập thể", "TTR", None, "Chọn", "Đề nghị của Hội đồng"]]
    ballot = [c for c in proposal if c != "PKTHT"] + ["PNNPTNT", "TTR"]
    _council_file(ws, MEMBERS, {"TTR": 3}, units=ballot, decisions=decisions)
    refused = _cli(ws, "run")  # 8 collectives on the ballot: over the quota of 7
    assert refused.returncode == 1 and "vượt số lượng 7 (quota.collectives)" in refused.stderr
    _set(ws, "allow_over = false", "allow_over = true")
    result = _cli(ws, "run")
    assert result.returncode == 0, result.stderr
    assert _selected(ws) == sorted(c for c in ballot if c != "TTR")
