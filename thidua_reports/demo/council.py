"""Demo council file: the Hội đồng's members, its meeting and its vote on the demo's proposal, in
which one proposed collective does not get enough votes (synthetic people and figures)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from thidua_reports.config import Settings
from thidua_reports.workbooks.council_form import (
    COUNCIL_FORM_NAME,
    MEETING_SHEET,
    MEMBER_SHEET,
    VOTE_SHEET,
    write_council_form,
)
from thidua_reports.workbooks.unit_form import _save_stable

# (name, position, role, present): the heads of offices are those of the registry (units.py)
MEMBERS = [
    ("Nguyễn Văn Thành", "Chủ tịch UBND huyện", "Chủ tịch Hội đồng", "Có"),
    ("Bạch Văn Nguyên", "Phó Chủ tịch UBND huyện", "Phó Chủ tịch Hội đồng", "Có"),
    ("Trần Quốc Hùng", "Trưởng phòng Nội vụ", "Phó Chủ tịch Hội đồng", "Có"),
    ("Trần Văn Bình", "Chánh Văn phòng HĐND và UBND huyện", "Ủy viên", "Có"),
    ("Phạm Minh Tuấn", "Trưởng phòng Tài chính - Kế hoạch", "Ủy viên", "Có"),
    ("Lê Thị Thu Hà", "Trưởng phòng Tư pháp", "Ủy viên", "Không"),
    ("Đặng Văn Phúc", "Chủ tịch Liên đoàn Lao động huyện", "Ủy viên", "Có"),
    ("Huỳnh Văn Sáu", "Trưởng phòng Văn hóa và Thông tin", "Ủy viên", "Có"),
    ("Ngô Thị Hồng", "Phó Trưởng phòng Nội vụ", "Ủy viên thư ký", "Có"),
]
MEETING = [("Thời gian bắt đầu", datetime(2021, 12, 2, 14, 0)), ("Thời gian kết thúc", "16:30"),
           ("Địa điểm", "Phòng họp số 1, UBND huyện Ninh Phước"), ("Hình thức biểu quyết", "Bỏ phiếu kín")]
# (kind, unit code, name, agree, disagree): the demo's proposal, 8 members present
VOTES = [
    ("Tập thể", "PNV", "", 8, 0),
    ("Tập thể", "PTP", "", 7, 1),
    ("Tập thể", "PTNMT", "", 8, 0),
    ("Tập thể", "PKTHT", "", 6, 2),
    ("Tập thể", "TT-PD", "", 7, 0),
    ("Tập thể", "XA-PHAU", "", 8, 0),
    ("Tập thể", "XA-PTHUAN", "", 4, 3),  # 4 of 9 members: not more than half, not awarded
    ("Cá nhân", "PNV", "Nguyễn Thị Hoa", 8, 0),
    ("Cá nhân", "XA-PHAU", "Trần Thị Kim Cúc", 8, 0),
    ("Cá nhân", "PTNMT", "Đặng Thị Thanh Tâm", 7, 1),
    ("Cá nhân", "XA-PTHUAN", "Võ Thị Ngọc Hân", 8, 0),
    ("Cá nhân", "PKTHT", "Nguyễn Văn Hưng", 6, 1),
    ("Cá nhân", "TTR", "Đỗ Thị Hạnh", 8, 0),
    ("Cá nhân", "PNV", "Lê Văn Khánh", 7, 0),
    ("Cá nhân", "TT-PD", "Phan Thị Thùy Trang", 8, 0),
    ("Cá nhân", "PTP", "Đoàn Thị Kim Liên", 8, 0),
    ("Cá nhân", "VP", "Huỳnh Thị Ngọc Ánh", 7, 1),
]


def write_demo_council(target: Path, settings: Settings) -> Path:
    """quyet_dinh_hoi_dong.xlsx in the workspace root: the blank form, filled in as an officer would."""
    path = target / COUNCIL_FORM_NAME
    write_council_form(path, settings)
    wb = load_workbook(path)
    members = wb[MEMBER_SHEET]
    for n, (name, position, role, present) in enumerate(MEMBERS, start=1):
        for col, value in enumerate((n, name, position, role, present), start=1):
            members.cell(row=n + 1, column=col, value=value)
    meeting = wb[MEETING_SHEET]
    for row in range(2, meeting.max_row + 1):
        label = meeting.cell(row=row, column=1).value
        for wanted, value in MEETING:
            if label == wanted:
                meeting.cell(row=row, column=2, value=value)
    votes = wb[VOTE_SHEET]
    for n, vote in enumerate(VOTES, start=2):
        for col, value in enumerate(vote, start=1):
            votes.cell(row=n, column=col, value=None if value == "" else value)
    _save_stable(wb, path, datetime(settings.campaign.year, 12, 2))
    return path
