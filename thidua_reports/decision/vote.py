"""The council's meeting and vote (SPEC §10): members (ThanhVien), meeting (PhienHop), votes
(BieuQuyet); the quorum and approval thresholds applied exactly, with no back-fill."""

from __future__ import annotations

from decimal import Decimal

from thidua_reports.config import Settings, meets
from thidua_reports.decision.council import person_key
from thidua_reports.decision.council_file import (
    MEETING,
    MEMBERS,
    VOTES,
    CouncilFile,
    TableRow,
    as_datetime,
    as_time,
    find_table,
    labelled_values,
    table_rows,
    text,
    where,
)
from thidua_reports.errors import OverrideError
from thidua_reports.models import (
    COUNCIL_CHAIR,
    COUNCIL_MEMBER,
    COUNCIL_SECRETARY,
    COUNCIL_VICE,
    CouncilMember,
    CouncilResult,
    IndividualResult,
    Meeting,
    UnitResult,
    Vote,
)
from thidua_reports.vietnamese import normalize_label, threshold_words

MEMBER_HEADERS = {"STT": "stt", "Họ và tên": "name", "Chức vụ": "position", "Vai trò": "role",
                  "Có mặt": "present"}
VOTE_HEADERS = {"Loại": "kind", "Mã đơn vị": "unit", "Họ và tên": "name", "Số phiếu đồng ý": "agree",
                "Số phiếu không đồng ý": "disagree"}
MEETING_LABELS = {"start": "Thời gian bắt đầu", "end": "Thời gian kết thúc", "place": "Địa điểm",
                  "method": "Hình thức biểu quyết"}
_ROLES = {normalize_label(w): role for w, role in (
    (COUNCIL_CHAIR, COUNCIL_CHAIR), ("Chủ tịch", COUNCIL_CHAIR),
    (COUNCIL_VICE, COUNCIL_VICE), ("Phó Chủ tịch", COUNCIL_VICE),
    (COUNCIL_MEMBER, COUNCIL_MEMBER), (COUNCIL_SECRETARY, COUNCIL_SECRETARY), ("Thư ký", COUNCIL_SECRETARY))}
_PRESENT = {"có": True, "x": True, "không": False}
_KINDS = {normalize_label("Tập thể"): "tap_the", normalize_label("Cá nhân"): "ca_nhan"}
_METHODS = {normalize_label("Giơ tay"): "Giơ tay", normalize_label("Bỏ phiếu kín"): "Bỏ phiếu kín"}


def _fail(label: str, errors: list[str]) -> None:
    if errors:
        raise OverrideError(f"Tệp {label} có {len(errors)} lỗi, hãy sửa rồi chạy lại:\n"
                            + "\n".join(f"  - {e}" for e in errors))


_MEMBER_REQUIRED = ("name", "role", "present")
_VOTE_REQUIRED = ("kind", "unit", "agree", "disagree")


def _table(cf: CouncilFile, sheet: str, headers: dict[str, str], required: tuple[str, ...]
           ) -> list[TableRow] | None:
    """The data rows under the sheet's header row; None when there is text but no header row."""
    rows = cf.rows(sheet)
    table = find_table(rows, headers, required)
    if table is None:
        return None if cf.has_data(sheet) else []
    return table_rows(rows, *table)


def _meeting_has_data(cf: CouncilFile) -> bool:
    values = labelled_values(cf.rows(MEETING))
    return any(text(values.get(normalize_label(label), (None, ""))[0]) for label in MEETING_LABELS.values())


def read_members(cf: CouncilFile, errors: list[str]) -> list[CouncilMember]:
    """Sheet ThanhVien: one member a row; exactly one Chủ tịch Hội đồng and one Ủy viên thư ký."""
    data = _table(cf, MEMBERS, MEMBER_HEADERS, _MEMBER_REQUIRED)
    if data is None:
        errors.append(f"{where(cf.label, MEMBERS)}: không tìm thấy dòng tiêu đề "
                      "\"STT | Họ và tên | Chức vụ | Vai trò | Có mặt\"")
        return []
    members = []
    roles_seen: list[tuple[str, int]] = []
    for r in data:
        name, role_text, present_text = r.text("name"), r.text("role"), r.text("present")
        if not name:
            errors.append(f"{where(cf.label, MEMBERS, r.cells['name'])}: thiếu họ và tên thành viên")
        role = _ROLES.get(normalize_label(role_text))
        if role is not None:
            roles_seen.append((role, r.row))
        else:
            errors.append(f"{where(cf.label, MEMBERS, r.cells['role'])}: vai trò \"{role_text}\" không hợp lệ; "
                          "ghi Chủ tịch Hội đồng, Phó Chủ tịch Hội đồng, Ủy viên hoặc Ủy viên thư ký")
        present = _PRESENT.get(normalize_label(present_text))
        if present is None:
            errors.append(f"{where(cf.label, MEMBERS, r.cells['present'])}: cột Có mặt ghi "
                          f"\"{present_text}\"; ghi Có hoặc Không")
        if name and role and present is not None:
            members.append(CouncilMember(name, r.text("position"), role, present, r.row))
    for role, word in ((COUNCIL_CHAIR, "Chủ tịch Hội đồng"), (COUNCIL_SECRETARY, "Ủy viên thư ký")):
        holders = [row for seen, row in roles_seen if seen == role]
        if len(holders) > 1:
            cells = ", ".join(f"dòng {row}" for row in holders)
            errors.append(f"{where(cf.label, MEMBERS)}: có {len(holders)} người giữ vai trò {word} ({cells}); "
                          f"Hội đồng chỉ có một {word}")
        elif not holders:
            errors.append(f"{where(cf.label, MEMBERS)}: chưa có {word}; hãy ghi vai trò \"{word}\" "
                          "cho một thành viên")
    return members


def read_meeting(cf: CouncilFile, errors: list[str]) -> Meeting:
    """Sheet PhienHop, label/value: start (date and time), end (time), place, voting method."""
    values = labelled_values(cf.rows(MEETING))

    def get(key: str) -> tuple[object, str]:
        return values.get(normalize_label(MEETING_LABELS[key]), (None, ""))

    start_value, start_cell = get("start")
    start = as_datetime(start_value) if text(start_value) else None
    if text(start_value) and start is None:
        errors.append(f"{where(cf.label, MEETING, start_cell)}: \"{text(start_value)}\" không phải ngày giờ; "
                      "ghi dạng dd/mm/yyyy hh:mm, ví dụ 10/12/2021 14:00")
    end_value, end_cell = get("end")
    end = as_time(end_value) if text(end_value) else None
    if text(end_value) and end is None:
        errors.append(f"{where(cf.label, MEETING, end_cell)}: \"{text(end_value)}\" không phải giờ; "
                      "ghi dạng hh:mm, ví dụ 16:30")
    method_value, method_cell = get("method")
    method = _METHODS.get(normalize_label(text(method_value)), "") if text(method_value) else ""
    if text(method_value) and not method:
        errors.append(f"{where(cf.label, MEETING, method_cell)}: hình thức biểu quyết \"{text(method_value)}\" "
                      "không hợp lệ; ghi Giơ tay hoặc Bỏ phiếu kín")
    return Meeting(start=start, end=end, place=text(get("place")[0]), method=method)


def _count(r: TableRow, key: str, word: str, label: str, errors: list[str]) -> int | None:
    value = r.values.get(key)
    raw = text(value).replace(".", ",") if isinstance(value, float) else text(value)
    cell = where(label, VOTES, r.cells[key])
    if not raw:
        errors.append(f"{cell}: thiếu số phiếu {word}; ghi số nguyên từ 0 trở lên")
        return None
    try:
        number = Decimal(raw.replace(",", ".")) if not isinstance(value, int | float) else Decimal(str(value))
    except ArithmeticError:
        number = None
    if number is None or number != number.to_integral_value():
        errors.append(f"{cell}: số phiếu {word} \"{raw}\" không phải số nguyên; ghi số nguyên từ 0 trở lên")
        return None
    if number < 0:
        errors.append(f"{cell}: số phiếu {word} {raw} là số âm; ghi số nguyên từ 0 trở lên")
        return None
    return int(number)


def read_votes(cf: CouncilFile, present: int | None, errors: list[str]) -> list[Vote]:
    """Sheet BieuQuyet: one row per candidate put to the vote (`present`: None when the members'
    list has errors, so the votes cannot be checked against it)."""
    data = _table(cf, VOTES, VOTE_HEADERS, _VOTE_REQUIRED)
    if data is None:
        errors.append(f"{where(cf.label, VOTES)}: không tìm thấy dòng tiêu đề \"Loại (Tập thể/Cá nhân) | "
                      "Mã đơn vị | Họ và tên | Số phiếu đồng ý | Số phiếu không đồng ý\"")
        return []
    votes = []
    for r in data:
        kind = _KINDS.get(normalize_label(r.text("kind")))
        if kind is None:
            errors.append(f"{where(cf.label, VOTES, r.cells['kind'])}: loại \"{r.text('kind')}\" không hợp lệ; "
                          "ghi Tập thể hoặc Cá nhân")
        if kind == "ca_nhan" and not r.text("name"):
            errors.append(f"{where(cf.label, VOTES, r.cells.get('name', r.cells['unit']))}: thiếu họ và tên cá nhân")
        agree = _count(r, "agree", "đồng ý", cf.label, errors)
        disagree = _count(r, "disagree", "không đồng ý", cf.label, errors)
        if present is not None and agree is not None and disagree is not None and agree + disagree > present:
            errors.append(f"{where(cf.label, VOTES)}, dòng {r.row}: {agree} phiếu đồng ý và {disagree} phiếu không "
                          f"đồng ý, tổng {agree + disagree} vượt số thành viên dự họp ({present}); hãy kiểm tra lại")
        if kind and agree is not None and disagree is not None:
            votes.append(Vote(kind, r.text("unit"), r.text("name") if kind == "ca_nhan" else "", agree, disagree,
                              other=max((present or 0) - agree - disagree, 0), row=r.row))
    return votes


def apply_vote(cf: CouncilFile, units: list[UnitResult], individuals: list[IndividualResult],
               settings: Settings) -> CouncilResult | None:
    """Members, meeting and votes of the council file; candidates failing approval are not selected.

    None when the file has none of ThanhVien, PhienHop, BieuQuyet. Raises OverrideError for bad
    rows, a failed quorum, a candidate without a vote row or a vote row for no candidate.
    """
    has_members = _table(cf, MEMBERS, MEMBER_HEADERS, _MEMBER_REQUIRED) != []
    voting = _table(cf, VOTES, VOTE_HEADERS, _VOTE_REQUIRED) != []
    if not (has_members or voting or _meeting_has_data(cf)):
        return None
    council = settings.council
    errors: list[str] = []
    members = read_members(cf, errors) if has_members else []
    if voting and not has_members:
        errors.append(f"{where(cf.label, MEMBERS)}: chưa có danh sách thành viên Hội đồng; trang {MEMBERS} "
                      f"bắt buộc khi đã có trang {VOTES}")
    members_ok = not errors
    meeting = read_meeting(cf, errors)
    present = sum(m.present for m in members)
    quorum_ok = meets(present, len(members), council.quorum)
    if voting and members_ok and not quorum_ok:  # without a quorum no vote counts: said on its own
        raise OverrideError(f"Phiên họp không đủ số thành viên dự họp ({present}/{len(members)}, cần "
                            f"{threshold_words(council.quorum)})")
    votes = read_votes(cf, present if members_ok else None, errors) if voting else []
    _fail(cf.label, errors)
    result = CouncilResult(settings.council_name, members, meeting, votes, council.quorum, council.approval,
                           council.approval_of, quorum_ok=quorum_ok)
    if not voting:
        return result
    base = len(members) if council.approval_of == "members" else present
    _match_votes(cf.label, votes, units, individuals)
    for vote in votes:
        vote.base = base
        vote.passed = meets(vote.agree, base, council.approval)
    whom = "thành viên" if council.approval_of == "members" else "thành viên dự họp"
    candidates: list[UnitResult | IndividualResult] = [*units, *individuals]
    for item in candidates:
        if item.vote is not None and not item.vote.passed:
            item.selected = False
            reason = (f"Không đủ tỷ lệ phiếu đồng ý: {item.vote.agree}/{base} {whom}, cần "
                      f"{threshold_words(council.approval)}")
            item.note = f"{item.note}; {reason}" if item.note else reason
    return result


def _match_votes(label: str, votes: list[Vote], units: list[UnitResult],
                 individuals: list[IndividualResult]) -> None:
    """Every candidate on the ballot has exactly one vote row, and every vote row a candidate."""
    ballot_units = {u.unit.code: u for u in units if u.ballot_number is not None}
    ballot_people = {(i.unit_code, person_key(i.nominee.name)): i for i in individuals
                     if i.ballot_number is not None}
    errors = []
    for vote in votes:
        target: UnitResult | IndividualResult | None
        if vote.kind == "tap_the":
            target = ballot_units.get(vote.unit_code)
            who = f"tập thể {vote.unit_code}"
        else:
            target = ballot_people.get((vote.unit_code, person_key(vote.name)))
            who = f"cá nhân \"{vote.name}\" ({vote.unit_code})"
        if target is None:
            errors.append(f"{where(label, VOTES)}, dòng {vote.row}: {who} không có trong danh sách đưa ra biểu "
                          "quyết (đề nghị − Loại + Chọn)")
        elif target.vote is not None:
            errors.append(f"{where(label, VOTES)}, dòng {vote.row}: {who} đã có dòng biểu quyết ở dòng "
                          f"{target.vote.row}")
        else:
            target.vote = vote
    for u in ballot_units.values():
        if u.vote is None:
            errors.append(f"{where(label, VOTES)}: thiếu dòng biểu quyết của tập thể {u.unit.code} ({u.unit.name})")
    for i in ballot_people.values():
        if i.vote is None:
            errors.append(f"{where(label, VOTES)}: thiếu dòng biểu quyết của cá nhân {i.nominee.name} "
                          f"({i.unit_code})")
    _fail(label, errors)
