"""The council's actions written into quyet_dinh_hoi_dong.xlsx (SPEC §13.4, §6.4, §10), read back by the run."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.web.demo_fixture import copy_demo
from thidua_reports import pipeline
from thidua_reports.decision.council import read_overrides
from thidua_reports.decision.council_file import read_council_file
from thidua_reports.decision.vote import read_meeting, read_members, read_votes
from thidua_reports.web.council_edit import (
    Member,
    VoteEntry,
    clear_decision,
    council_problems,
    council_state,
    set_decision,
    set_meeting,
    set_members,
    set_vote,
    set_votes,
)

FILE = "quyet_dinh_hoi_dong.xlsx"


@pytest.fixture
def demo_ws(tmp_path: Path) -> Path:
    return copy_demo(tmp_path)


@pytest.fixture
def fresh_ws(demo_ws: Path) -> Path:
    """The demo without its council file."""
    (demo_ws / FILE).unlink()
    return demo_ws


def _proposal(ws: Path) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(proposed unit codes, accepted requesting units not proposed, proposed (unit, person))."""
    loaded = pipeline.load(ws)
    result = pipeline.decide(loaded, pipeline.gather(loaded))
    proposed = [u.unit.code for u in result.units if u.proposed]
    others = [u.unit.code for u in result.units if u.accepted and u.requested and not u.proposed]
    people = [(i.unit_code, i.nominee.name) for i in result.individuals if i.proposed]
    return proposed, others, people


def test_decision_creates_the_file_and_the_run_follows_it(fresh_ws: Path) -> None:
    proposed, _others, people = _proposal(fresh_ws)
    unit_code, (person_unit, person) = proposed[0], people[0]
    assert set_decision(fresh_ws, "tap_the", unit_code, "", "Loại", "Bị xử lý kỷ luật trong năm") == []
    assert set_decision(fresh_ws, "Cá nhân", person_unit, f"  {person.upper()} ", "Loại", "Chuyển công tác") == []
    wb = load_workbook(fresh_ws / FILE)
    assert wb.sheetnames == ["HuongDan", "QuyetDinh", "ThanhVien", "PhienHop", "BieuQuyet"]  # the blank form
    rows = read_overrides(fresh_ws / FILE)
    assert [(r.kind, r.unit_code, r.name, r.decision, r.reason, r.row) for r in rows] == [
        ("tap_the", unit_code, "", "Loại", "Bị xử lý kỷ luật trong năm", 2),
        ("ca_nhan", person_unit, person.upper(), "Loại", "Chuyển công tác", 3)]
    summary = pipeline.run(fresh_ws)
    assert summary.selected_collectives == len(proposed) - 1
    data = json.loads((fresh_ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    unit = next(u for u in data["units"] if u["code"] == unit_code)
    assert unit["proposed"] is True and unit["selected"] is False
    nominee = next(i for i in data["individuals"] if i["unit_code"] == person_unit and i["name"] == person)
    assert nominee["selected"] is False


def test_a_candidates_row_is_replaced_in_place_and_cleared(fresh_ws: Path) -> None:
    proposed, others, _people = _proposal(fresh_ws)
    assert set_decision(fresh_ws, "tap_the", proposed[0], "", "Loại", "Lý do một") == []
    assert set_decision(fresh_ws, "tap_the", proposed[1], "", "Loại", "Lý do hai") == []
    assert set_decision(fresh_ws, "tap_the", proposed[0], "", "Loại", "Lý do mới") == []
    state = council_state(fresh_ws)
    assert [(d["unit_code"], d["reason"], d["row"]) for d in state.decisions] == [
        (proposed[0], "Lý do mới", 2), (proposed[1], "Lý do hai", 3)]
    assert clear_decision(fresh_ws, "tap_the", proposed[0]) == []
    assert [(d["unit_code"], d["row"]) for d in council_state(fresh_ws).decisions] == [(proposed[1], 3)]
    # the cleared row keeps its dropdown (the blank form's validation still covers it)
    ws = load_workbook(fresh_ws / FILE)["QuyetDinh"]
    assert any("A2" in str(dv.sqref) for dv in ws.data_validations.dataValidation)
    if others:
        assert set_decision(fresh_ws, "tap_the", others[0], "", "Chọn", "Thành tích đột xuất") == []
        assert council_state(fresh_ws).decisions[-1]["row"] == 4  # after the last row, so the order is kept


def test_refused_with_the_runs_messages_and_file_untouched(fresh_ws: Path) -> None:
    proposed, _others, _people = _proposal(fresh_ws)
    assert set_decision(fresh_ws, "tap_the", proposed[0], "", "Loại", "") == []
    before = (fresh_ws / FILE).read_bytes()
    assert set_decision(fresh_ws, "tap_the", "KHONGCO", "", "Chọn", "") == [
        "Tệp quyet_dinh_hoi_dong.xlsx có 1 lỗi, hãy sửa rồi chạy lại:",
        "quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô B3: mã đơn vị \"KHONGCO\" không có trong danh mục"]
    assert set_decision(fresh_ws, "ca_nhan", proposed[0], "Người Không Có", "Chọn", "") == [
        "Tệp quyet_dinh_hoi_dong.xlsx có 1 lỗi, hãy sửa rồi chạy lại:",
        f"quyet_dinh_hoi_dong.xlsx, trang QuyetDinh, ô C3: không có cá nhân \"Người Không Có\" trong danh sách đề "
        f"nghị hợp lệ của đơn vị {proposed[0]}"]
    assert set_decision(fresh_ws, "tap_the", proposed[0], "", "Khen", "") == [
        "Quyết định \"Khen\" không hợp lệ; chọn Chọn hoặc Loại"]
    assert (fresh_ws / FILE).read_bytes() == before
    assert not [p.name for p in fresh_ws.iterdir() if p.name.startswith(".quyet_dinh")]


def test_quota_exceeded_is_refused(fresh_ws: Path) -> None:
    text = (fresh_ws / "thidua.toml").read_text(encoding="utf-8")
    proposed, others, _people = _proposal(fresh_ws)
    (fresh_ws / "thidua.toml").write_text(text.replace("collectives = 7", f"collectives = {len(proposed)}"),
                                          encoding="utf-8")
    if not others:
        pytest.skip("the demo has no eligible-but-not-proposed unit")
    messages = set_decision(fresh_ws, "tap_the", others[0], "", "Chọn", "Đề xuất của Hội đồng")
    assert messages == [
        f"Danh sách tập thể được chọn có {len(proposed) + 1}, vượt số lượng {len(proposed)} (quota.collectives); "
        "các dòng Chọn tập thể trong quyet_dinh_hoi_dong.xlsx, trang QuyetDinh: 2. Hãy bớt dòng Chọn, thêm dòng "
        "Loại, hoặc đặt quota.allow_over = true."]
    assert not (fresh_ws / FILE).exists()


def test_other_sheets_and_rows_preserved(demo_ws: Path) -> None:
    wb = load_workbook(demo_ws / FILE)
    notes = wb.create_sheet("GhiChu")
    notes["A1"] = "Ghi chú của văn thư"
    notes["B7"] = 42
    wb.save(demo_ws / FILE)
    members_before = [list(r) for r in load_workbook(demo_ws / FILE)["ThanhVien"].iter_rows(values_only=True)]
    assert set_meeting(demo_ws, place="Hội trường UBND huyện") == []
    wb = load_workbook(demo_ws / FILE)
    assert wb["GhiChu"]["A1"].value == "Ghi chú của văn thư" and wb["GhiChu"]["B7"].value == 42
    assert [list(r) for r in wb["ThanhVien"].iter_rows(values_only=True)] == members_before
    cf = read_council_file(demo_ws / FILE)
    errors: list[str] = []
    meeting = read_meeting(cf, errors)
    assert errors == []
    assert (meeting.place, meeting.start, meeting.method) == (
        "Hội trường UBND huyện", datetime(2021, 12, 2, 14, 0), "Bỏ phiếu kín")


def test_excel_lock_refuses_writes(demo_ws: Path) -> None:
    before = (demo_ws / FILE).read_bytes()
    (demo_ws / f"~${FILE}").write_bytes(b"lock")
    assert council_state(demo_ws).open_elsewhere
    assert set_meeting(demo_ws, place="X") == [
        "Tệp quyet_dinh_hoi_dong.xlsx đang được mở bằng Excel hoặc LibreOffice (có tệp khóa bên cạnh); hãy lưu "
        "và đóng tệp đó rồi thực hiện lại."]
    (demo_ws / f"~${FILE}").unlink()
    (demo_ws / f".~lock.{FILE}#").write_text("x", encoding="utf-8")
    assert set_vote(demo_ws, "tap_the", "PNV", "", 8, 0)[0].startswith("Tệp quyet_dinh_hoi_dong.xlsx đang được mở")
    assert (demo_ws / FILE).read_bytes() == before


def test_members_meeting_and_votes_read_back_by_the_run(fresh_ws: Path) -> None:
    members = [Member("Nguyễn Văn Chủ", "Chủ tịch UBND huyện", "Chủ tịch", True),
               Member("Lê Văn Ký", "Chuyên viên", "Thư ký", "Có"),
               Member("Trần Thị Ba", "Trưởng phòng", "Ủy viên", False)]
    assert set_members(fresh_ws, members) == []
    assert set_meeting(fresh_ws, start="2021-12-15T08:00", end="10:30", place="Phòng họp số 1",
                       method="Giơ tay") == []
    proposed, _others, people = _proposal(fresh_ws)
    votes = [VoteEntry("tap_the", code, "", 2, 0) for code in proposed]
    votes += [VoteEntry("ca_nhan", unit, name, 1, 1) for unit, name in people]
    assert set_votes(fresh_ws, votes) == []
    cf = read_council_file(fresh_ws / FILE)
    errors: list[str] = []
    read_members_ = read_members(cf, errors)
    assert [(m.name, m.role, m.present) for m in read_members_] == [
        ("Nguyễn Văn Chủ", "Chủ tịch Hội đồng", True), ("Lê Văn Ký", "Ủy viên thư ký", True),
        ("Trần Thị Ba", "Ủy viên", False)]
    meeting = read_meeting(cf, errors)
    assert (meeting.start, meeting.end.strftime("%H:%M") if meeting.end else None, meeting.method) == (
        datetime(2021, 12, 15, 8, 0), "10:30", "Giơ tay")
    assert len(read_votes(cf, 2, errors)) == len(votes) and errors == []
    assert council_problems(fresh_ws) == []
    # 1 of 3 members agreeing fails ">1/2": every individual is left out of the final list
    summary = pipeline.run(fresh_ws)
    assert summary.selected_collectives == len(proposed)
    assert summary.selected_individuals == 0
    # shorter lists blank the rows left over
    assert set_members(fresh_ws, members[:2]) == []
    assert len(council_state(fresh_ws).members) == 2


def test_vote_rows_checked_with_the_runs_messages(demo_ws: Path) -> None:
    before = (demo_ws / FILE).read_bytes()
    assert set_vote(demo_ws, "tap_the", "PNV", "", "nhiều", 0) == [
        "Tệp quyet_dinh_hoi_dong.xlsx có 1 lỗi, hãy sửa rồi chạy lại:",
        "quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, ô D2: số phiếu đồng ý \"nhiều\" không phải số nguyên; ghi số "
        "nguyên từ 0 trở lên"]
    assert set_vote(demo_ws, "tap_the", "PNV", "", 9, 3) == [
        "Tệp quyet_dinh_hoi_dong.xlsx có 1 lỗi, hãy sửa rồi chạy lại:",
        "quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, dòng 2: 9 phiếu đồng ý và 3 phiếu không đồng ý, tổng 12 vượt số "
        "thành viên dự họp (8); hãy kiểm tra lại"]
    assert (demo_ws / FILE).read_bytes() == before
    assert set_vote(demo_ws, "tap_the", "PNV", "", 4, 4) == []
    state = council_state(demo_ws)
    assert state.votes[0] == {"kind": "Tập thể", "unit_code": "PNV", "name": "", "agree": "4", "disagree": "4",
                              "row": 2}
    assert state.problems == []


def test_problems_against_the_campaign_do_not_block(demo_ws: Path) -> None:
    # the demo's council has voted on PNV: a Loại makes that vote row one for no candidate
    assert council_problems(demo_ws) == []
    assert set_decision(demo_ws, "tap_the", "PNV", "", "Loại", "Thử") == []
    assert council_problems(demo_ws) == [
        "Tệp quyet_dinh_hoi_dong.xlsx có 1 lỗi, hãy sửa rồi chạy lại:",
        "quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, dòng 2: tập thể PNV không có trong danh sách đưa ra biểu quyết "
        "(đề nghị − Loại + Chọn)"]
