"""The council's vote (SPEC §10): members, meeting, votes; exact thresholds; no back-fill; errors."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.decision.test_council import _candidates
from tests.factories import make_settings
from thidua_reports.config import Settings, meets, parse_threshold
from thidua_reports.decision.council import apply_overrides, parse_overrides
from thidua_reports.decision.council_file import read_council_file
from thidua_reports.decision.vote import apply_vote
from thidua_reports.errors import ConfigError, OverrideError
from thidua_reports.models import CouncilResult, IndividualResult, UnitResult

MEMBER_HEADER = ["STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt"]
VOTE_HEADER = ["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Số phiếu đồng ý", "Số phiếu không đồng ý"]
ROLES = ["Chủ tịch Hội đồng", "Phó Chủ tịch Hội đồng", "Ủy viên thư ký"] + ["Ủy viên"] * 7


def _settings(**council: object) -> Settings:
    return make_settings(quota={"collectives": 2, "individuals": 2}, council=council)


def _members(n: int = 9, present: int = 9) -> list[list[object]]:
    return [MEMBER_HEADER] + [[k, f"Thành viên {k}", "Trưởng phòng", ROLES[k - 1], "Có" if k <= present else "Không"]
                              for k in range(1, n + 1)]


def _meeting() -> list[list[object]]:
    return [["Thời gian bắt đầu", "10/12/2021 14:00"], ["Thời gian kết thúc", "16:30"],
            ["Địa điểm", "Phòng họp số 1"], ["Hình thức biểu quyết", "Bỏ phiếu kín"]]


def _votes(*rows: list[object]) -> list[list[object]]:
    return [VOTE_HEADER, *rows]


def _write(path: Path, **sheets: list[list[object]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _decide(path: Path, settings: Settings) -> tuple[CouncilResult | None, list[UnitResult], list[IndividualResult]]:
    """What the decision stage does with a council file: overrides, the ballot, then the vote."""
    units, people = _candidates()
    cf = read_council_file(path)
    apply_overrides(parse_overrides(cf), units, people, settings)
    for n, u in enumerate([u for u in units if u.selected], 1):
        u.ballot_number = n
    for n, i in enumerate([i for i in people if i.selected], 1):
        i.ballot_number = n
    return apply_vote(cf, units, people, settings), units, people


def _all_votes(a: int, b: int, hoa: int, binh: int, against: int = 0) -> list[list[object]]:
    return _votes(["Tập thể", "A", "", a, against], ["Tập thể", "B", None, b, against],
                  ["Cá nhân", "A", "Nguyễn Thị Hoa", hoa, against], ["Cá nhân", "A", "trần văn  bình", binh, against])


def test_thresholds_are_exact() -> None:
    assert parse_threshold(">=2/3") == (False, __import__("fractions").Fraction(2, 3))
    assert meets(6, 9, ">=2/3") and not meets(5, 9, ">=2/3")
    assert not meets(5, 10, ">50%") and meets(6, 10, ">50%")
    assert meets(5, 10, ">=50%") and not meets(5, 10, ">1/2")
    assert parse_threshold("2/3") is None and parse_threshold(">3/2") is None and parse_threshold(">1/0") is None


def test_bad_threshold_in_settings_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="council.approval"):
        _settings(approval="hơn nửa")


def test_pass_and_fail_at_the_boundary_without_backfill(tmp_path: Path) -> None:
    # approval ">=2/3" of all 9 members: 6 passes, 5 does not; C (next in rank) is not brought in
    path = _write(tmp_path / "q.xlsx", ThanhVien=_members(9, 8), PhienHop=_meeting(),
                  BieuQuyet=_all_votes(6, 5, 7, 5, against=1))
    council, units, people = _decide(path, _settings(approval=">=2/3"))
    assert council is not None and council.quorum_ok
    assert (len(council.members), len(council.present)) == (9, 8)
    assert council.meeting.start == datetime(2021, 12, 10, 14, 0) and council.meeting.end == time(16, 30)
    assert (council.meeting.place, council.meeting.method) == ("Phòng họp số 1", "Bỏ phiếu kín")
    assert [u.unit.code for u in units if u.selected] == ["A"]
    assert [i.nominee.name for i in people if i.selected] == ["Nguyễn Thị Hoa"]
    b = units[1]
    assert b.vote is not None and (b.vote.agree, b.vote.disagree, b.vote.other, b.vote.passed) == (5, 1, 2, False)
    assert b.note == "Không đủ tỷ lệ phiếu đồng ý: 5/9 thành viên, cần từ 2/3 trở lên"
    assert not units[2].selected and units[2].vote is None  # no back-fill
    assert people[1].vote is not None and people[1].vote.name == "trần văn  bình"  # matched ignoring case/spaces


def test_half_of_ten_fails_more_than_half(tmp_path: Path) -> None:
    path = _write(tmp_path / "q.xlsx", ThanhVien=_members(10, 10), BieuQuyet=_all_votes(5, 6, 6, 6))
    council, units, _people = _decide(path, _settings(approval=">50%"))
    assert [u.unit.code for u in units if u.selected] == ["B"]
    assert units[0].note == "Không đủ tỷ lệ phiếu đồng ý: 5/10 thành viên, cần trên 50%"


def test_approval_of_members_present(tmp_path: Path) -> None:
    # 6 present of 9: 4 votes are 4/6 > 1/2 of those present, but 4/9 of all members is not
    path = _write(tmp_path / "q.xlsx", ThanhVien=_members(9, 6), BieuQuyet=_all_votes(4, 4, 4, 4))
    _council, units, _ = _decide(path, _settings(approval_of="present", quorum=">=2/3"))
    assert all(u.selected for u in units[:2])
    _council, units, _ = _decide(path, _settings(approval_of="members", quorum=">=2/3"))
    assert not any(u.selected for u in units)
    assert units[0].note == "Không đủ tỷ lệ phiếu đồng ý: 4/9 thành viên, cần trên 1/2"


def test_quorum_not_met_stops_the_run(tmp_path: Path) -> None:
    path = _write(tmp_path / "q.xlsx", ThanhVien=_members(9, 5), BieuQuyet=_all_votes(5, 5, 5, 5))
    with pytest.raises(OverrideError) as err:
        _decide(path, _settings())
    assert str(err.value) == "Phiên họp không đủ số thành viên dự họp (5/9, cần từ 2/3 trở lên)"


def test_missing_and_extra_vote_rows(tmp_path: Path) -> None:
    rows = _votes(["Tập thể", "A", "", 9, 0], ["Tập thể", "C", "", 9, 0],
                  ["Cá nhân", "A", "Nguyễn Thị Hoa", 9, 0], ["Cá nhân", "A", "Trần Văn Bình", 9, 0])
    path = _write(tmp_path / "quyet_dinh_hoi_dong.xlsx", ThanhVien=_members(), BieuQuyet=rows)
    with pytest.raises(OverrideError) as err:
        _decide(path, _settings())
    assert str(err.value) == (
        "Tệp quyet_dinh_hoi_dong.xlsx có 2 lỗi, hãy sửa rồi chạy lại:\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, dòng 3: tập thể C không có trong danh sách đưa ra biểu "
        "quyết (đề nghị − Loại + Chọn)\n"
        "  - quyet_dinh_hoi_dong.xlsx, trang BieuQuyet: thiếu dòng biểu quyết của tập thể B (Đơn vị B)"
    )


def test_choose_and_drop_rows_decide_who_is_put_to_the_vote(tmp_path: Path) -> None:
    decisions = [["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"],
                 ["Tập thể", "B", "", "Loại", "Hồ sơ chưa đủ"], ["Tập thể", "C", "", "Chọn", "Mô hình hay"]]
    votes = _votes(["Tập thể", "A", "", 9, 0], ["Tập thể", "C", "", 3, 6],
                   ["Cá nhân", "A", "Nguyễn Thị Hoa", 9, 0], ["Cá nhân", "A", "Trần Văn Bình", 9, 0])
    path = _write(tmp_path / "q.xlsx", QuyetDinh=decisions, ThanhVien=_members(), BieuQuyet=votes)
    _council, units, _ = _decide(path, _settings())
    assert [u.unit.code for u in units if u.selected] == ["A"]  # C was chosen by the council, then voted down
    assert units[1].vote is None and units[2].vote is not None and not units[2].vote.passed


def test_bad_input_gets_cell_named_messages(tmp_path: Path) -> None:
    members = [MEMBER_HEADER, [1, "Chủ tịch A", "Chủ tịch UBND", "Chủ tịch", "Có"],
               [2, "", "Phó Chủ tịch", "Phó Chủ tịch", "x"], [3, "Ông C", "Trưởng phòng", "Chủ tịch Hội đồng", "Vắng"],
               [4, "Bà D", "Chuyên viên", "Ủy viên", "Không"]]
    meeting = [["Thời gian bắt đầu", "chiều thứ sáu"], ["Thời gian kết thúc", "9 rưỡi"]]
    votes = _votes(["Tập thể", "A", "", 2.5, 0], ["Tập thể", "B", "", -1, 0], ["Cá nhân", "A", "Nguyễn Thị Hoa", 3, 2])
    path = _write(tmp_path / "quyet_dinh_hoi_dong.xlsx", ThanhVien=members, PhienHop=meeting, BieuQuyet=votes)
    with pytest.raises(OverrideError) as err:
        _decide(path, _settings())
    lines = str(err.value).splitlines()
    assert lines[0] == "Tệp quyet_dinh_hoi_dong.xlsx có 8 lỗi, hãy sửa rồi chạy lại:"
    assert lines[1:] == [
        "  - quyet_dinh_hoi_dong.xlsx, trang ThanhVien, ô B3: thiếu họ và tên thành viên",
        "  - quyet_dinh_hoi_dong.xlsx, trang ThanhVien, ô E4: cột Có mặt ghi \"Vắng\"; ghi Có hoặc Không",
        "  - quyet_dinh_hoi_dong.xlsx, trang ThanhVien: có 2 người giữ vai trò Chủ tịch Hội đồng (dòng 2, dòng 4); "
        "Hội đồng chỉ có một Chủ tịch Hội đồng",
        "  - quyet_dinh_hoi_dong.xlsx, trang ThanhVien: chưa có Ủy viên thư ký; hãy ghi vai trò \"Ủy viên thư ký\" "
        "cho một thành viên",
        "  - quyet_dinh_hoi_dong.xlsx, trang PhienHop, ô B1: \"chiều thứ sáu\" không phải ngày giờ; ghi dạng "
        "dd/mm/yyyy hh:mm, ví dụ 10/12/2021 14:00",
        "  - quyet_dinh_hoi_dong.xlsx, trang PhienHop, ô B2: \"9 rưỡi\" không phải giờ; ghi dạng hh:mm, ví dụ 16:30",
        "  - quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, ô D2: số phiếu đồng ý \"2,5\" không phải số nguyên; ghi số "
        "nguyên từ 0 trở lên",
        "  - quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, ô D3: số phiếu đồng ý -1 là số âm; ghi số nguyên từ 0 "
        "trở lên",
    ]  # with the members' list wrong, the votes are not compared with the members present


def test_votes_over_the_members_present(tmp_path: Path) -> None:
    path = _write(tmp_path / "quyet_dinh_hoi_dong.xlsx", ThanhVien=_members(9, 6),
                  BieuQuyet=_all_votes(5, 5, 5, 5, against=2))
    with pytest.raises(OverrideError) as err:
        _decide(path, _settings())
    assert str(err.value).splitlines()[1] == (
        "  - quyet_dinh_hoi_dong.xlsx, trang BieuQuyet, dòng 2: 5 phiếu đồng ý và 2 phiếu không đồng ý, tổng 7 "
        "vượt số thành viên dự họp (6); hãy kiểm tra lại")


def test_two_chairs_are_refused(tmp_path: Path) -> None:
    members = _members(4, 4)
    members[2][3] = "Chủ tịch"
    path = _write(tmp_path / "quyet_dinh_hoi_dong.xlsx", ThanhVien=members, BieuQuyet=_all_votes(4, 4, 4, 4))
    with pytest.raises(OverrideError) as err:
        _decide(path, _settings())
    assert "trang ThanhVien: có 2 người giữ vai trò Chủ tịch Hội đồng (dòng 2, dòng 3); Hội đồng chỉ có một " \
           "Chủ tịch Hội đồng" in str(err.value)


def test_empty_council_sheets_count_as_absent(tmp_path: Path) -> None:
    path = _write(tmp_path / "q.xlsx", QuyetDinh=[["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên",
                                                    "Quyết định (Chọn/Loại)", "Lý do"]],
                  ThanhVien=[MEMBER_HEADER], PhienHop=[["Thời gian bắt đầu", None]], BieuQuyet=[VOTE_HEADER])
    council, units, people = _decide(path, _settings())
    assert council is None
    assert [u.unit.code for u in units if u.selected] == ["A", "B"]
    assert sum(i.selected for i in people) == 2


def test_members_without_votes_are_kept_for_the_minutes(tmp_path: Path) -> None:
    path = _write(tmp_path / "q.xlsx", ThanhVien=_members(9, 4), PhienHop=_meeting())
    council, units, _ = _decide(path, _settings())
    assert council is not None and council.votes == [] and not council.quorum_ok  # no vote yet: nothing stops
    assert [u.unit.code for u in units if u.selected] == ["A", "B"]
