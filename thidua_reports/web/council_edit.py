"""The council's actions of `thidua serve` (SPEC §13.4) written into `quyet_dinh_hoi_dong.xlsx`
(SPEC §6.4, §10), the file the run reads:

- `set_decision(ws, kind, unit_code, name, decision, reason)` / `clear_decision(ws, kind, unit_code,
  name)` — a Chọn/Loại row of sheet QuyetDinh for a collective (unit code; name "") or an
  individual (unit code + name); a row for the same candidate is replaced in place.
- `set_members(ws, members)` — the whole ThanhVien table (STT numbered 1…n).
- `set_meeting(ws, start=…, end=…, place=…, method=…)` — sheet PhienHop.
- `set_votes(ws, votes)` (the whole BieuQuyet table) and `set_vote(ws, …)` (one candidate's row).
- `council_state(ws)` — the rows of each sheet for the page, with the reader's problems;
  `council_problems(ws)` — what a run would say about the file (unknown units, quota, quorum,
  missing vote rows), for the page to show; it never blocks a save.

Every write returns a list of Vietnamese messages; an empty list means saved. The file is
created from the blank council form when absent; other sheets, rows and formats are kept
(openpyxl load + save). The new workbook is written to a hidden temp file beside the real one,
read back with the run's own readers (`decision.council_file`, `council.parse_overrides`,
`vote.read_members/read_meeting/read_votes`: same messages as `thidua run`), and only then renamed
over it; Chọn/Loại changes are also checked against the campaign as the run decides it (unknown
unit or person, quota: `council.apply_overrides`). Nothing is written while the workbook is open
in Excel or LibreOffice (their lock file "~$quyet_dinh_hoi_dong.xlsx" / ".~lock.…#" lies beside it).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from thidua_reports.config import load_settings
from thidua_reports.decision.council import person_key
from thidua_reports.decision.council_file import (
    DECISIONS,
    MEETING,
    MEMBERS,
    OVERRIDE_FILE,
    VOTES,
    CouncilFile,
    as_datetime,
    as_time,
    find_table,
    labelled_values,
    read_council_file,
    table_rows,
    text,
)
from thidua_reports.decision.vote import (
    MEETING_LABELS,
    MEMBER_HEADERS,
    VOTE_HEADERS,
)
from thidua_reports.errors import OverrideError, ThiduaError
from thidua_reports.vietnamese import normalize_label
from thidua_reports.web.council_checks import (
    MEMBER_REQUIRED,
    VOTE_REQUIRED,
    decide_problems,
    decisions_only,
    lines,
    reader_problems,
)
from thidua_reports.web.council_sheets import Table, set_labelled, sheet
from thidua_reports.web.uploads import OPEN_ELSEWHERE, held_open
from thidua_reports.workbooks import council_form as form

DECISION_KEYS = {"Loại": "kind", "Mã đơn vị": "unit", "Họ và tên": "name", "Quyết định": "decision", "Lý do": "reason"}
_KIND_WORDS = {"tap_the": "Tập thể", "ca_nhan": "Cá nhân"}
_KINDS = {normalize_label(w): w for w in ("Tập thể", "Cá nhân")} | {k: w for k, w in _KIND_WORDS.items()}
_DECISIONS = {normalize_label(w): w for w in ("Chọn", "Loại")}
_EDIT_LOCK = threading.Lock()  # one edit at a time in this process (two browser tabs)


@dataclass(frozen=True)
class Member:
    """A row of ThanhVien: role as the reader accepts it ("Chủ tịch Hội đồng", "Thư ký"…)."""

    name: str
    position: str
    role: str
    present: bool | str  # True/False, or the text "Có"/"Không"/"x"


@dataclass(frozen=True)
class VoteEntry:
    """A row of BieuQuyet: kind "tap_the"/"ca_nhan" (or "Tập thể"/"Cá nhân"); name "" for a collective."""

    kind: str
    unit_code: str
    name: str
    agree: int | str
    disagree: int | str


@dataclass
class CouncilState:
    """What quyet_dinh_hoi_dong.xlsx holds, as texts, for the page (row: the sheet's row number)."""

    exists: bool
    open_elsewhere: bool  # Excel/LibreOffice has it open: writes are refused
    decisions: list[dict[str, Any]] = field(default_factory=list)  # kind, unit_code, name, decision, reason, row
    members: list[dict[str, Any]] = field(default_factory=list)  # stt, name, position, role, present, row
    meeting: dict[str, str] = field(default_factory=dict)  # start, end, place, method
    votes: list[dict[str, Any]] = field(default_factory=list)  # kind, unit_code, name, agree, disagree, row
    problems: list[str] = field(default_factory=list)  # the reader's own messages about the file


def council_path(workspace: Path) -> Path:
    return Path(workspace) / OVERRIDE_FILE


def open_elsewhere(workspace: Path) -> bool:
    """Excel ("~$name") or LibreOffice (".~lock.name#") holds the council workbook open."""
    return held_open(council_path(workspace))


def _edit(workspace: Path, change: Callable[[Any], list[str]], check_decisions: bool = False) -> list[str]:
    """Load (or create) the workbook, apply `change`, save to a temp file, validate, replace."""
    workspace = Path(workspace)
    path = council_path(workspace)
    if open_elsewhere(workspace):
        return [OPEN_ELSEWHERE.format(name=OVERRIDE_FILE)]
    with _EDIT_LOCK:
        stamp = f"{os.getpid()}-{time.monotonic_ns()}"
        temp = path.with_name(f".{path.stem}.edit-{stamp}.xlsx")
        extra = path.with_name(f".{path.stem}.check-{stamp}.xlsx")
        try:
            if path.is_file():
                try:
                    wb = load_workbook(path)
                except Exception as exc:  # noqa: BLE001 - any unreadable file is the officer's to fix
                    return [f"Không đọc được tệp {OVERRIDE_FILE}: {exc}. Hãy lưu lại tệp dạng .xlsx."]
            else:
                try:
                    settings = load_settings(workspace)
                except ThiduaError:
                    settings = None
                form.write_council_form(temp, settings)
                wb = load_workbook(temp)
            problems = change(wb)
            if problems:
                return problems
            wb.save(temp)
            try:
                problems = reader_problems(read_council_file(temp, OVERRIDE_FILE))
            except OverrideError as exc:
                problems = lines(exc)
            if not problems and check_decisions:
                problems = decide_problems(workspace, decisions_only(temp, extra))
            if problems:
                return problems
            try:
                os.replace(temp, path)
            except PermissionError:  # Windows: open in a program that left no lock file
                return [OPEN_ELSEWHERE.format(name=OVERRIDE_FILE)]
            return []
        finally:
            temp.unlink(missing_ok=True)
            extra.unlink(missing_ok=True)


# --- QuyetDinh --------------------------------------------------------------------------------


def _kind_word(kind: str) -> str | None:
    return _KINDS.get(kind) or _KINDS.get(normalize_label(kind))


def _decision_table(wb: Any) -> Table:
    return Table(sheet(wb, DECISIONS, form.DECISION_HEADERS), DECISION_KEYS, ("kind", "unit", "name", "decision"),
                 form.DECISION_HEADERS)


def _same_candidate(values: dict[str, Any], kind: str, unit_code: str, name: str) -> bool:
    if _kind_word(text(values.get("kind"))) != kind or text(values.get("unit")) != unit_code.strip():
        return False
    return kind == "Tập thể" or person_key(text(values.get("name"))) == person_key(name)


def _missing_table(sheet_name: str) -> list[str]:
    return [f"Tệp {OVERRIDE_FILE}, trang {sheet_name}: không tìm thấy dòng tiêu đề của bảng; hãy sửa dòng tiêu "
            "đề như mẫu mau_nhap/quyet_dinh_hoi_dong.xlsx (thidua templates)."]


def set_decision(workspace: Path, kind: str, unit_code: str, name: str, decision: str, reason: str,
                 drop_vote: bool = False) -> list[str]:
    """Chọn or Loại a candidate: `kind` "tap_the"/"ca_nhan" (or "Tập thể"/"Cá nhân"), `unit_code`
    from the registry, `name` the individual's full name ("" for a collective), `decision`
    "Chọn"/"Loại", `reason` free text (recorded in the result). The candidate's existing row (same
    kind, unit and name, name compared without case/extra spaces) is replaced in place; otherwise
    a row is added after the last one. Refused with the run's messages when a row is malformed, the
    unit or person is unknown to the campaign, or the quota would be exceeded (unless
    quota.allow_over)."""
    word, verdict = _kind_word(kind), _DECISIONS.get(normalize_label(decision))
    if word is None:
        return [f"Loại \"{kind}\" không hợp lệ; chọn Tập thể hoặc Cá nhân"]
    if verdict is None:
        return [f"Quyết định \"{decision}\" không hợp lệ; chọn Chọn hoặc Loại"]
    if not unit_code.strip():
        return ["Thiếu mã đơn vị"]
    if word == "Cá nhân" and not name.strip():
        return ["Thiếu họ và tên cá nhân"]

    def change(wb: Any) -> list[str]:
        table = _decision_table(wb)
        if not table.found:
            return _missing_table(DECISIONS)
        rows = [r for r, values in table.data_rows() if _same_candidate(values, word, unit_code, name)]
        row = rows[0] if rows else table.free_row()
        table.write(row, {"kind": word, "unit": unit_code.strip(), "name": name.strip() if word == "Cá nhân" else None,
                          "decision": verdict, "reason": reason.strip()}, text_keys=("unit", "name"))
        for extra in rows[1:]:  # one row per candidate: a second one would contradict the first
            table.clear(extra)
        if drop_vote:
            _drop_vote_rows(wb, word, unit_code, name)
        return []

    return _edit(workspace, change, check_decisions=True)


def clear_decision(workspace: Path, kind: str, unit_code: str, name: str = "", drop_vote: bool = False
                   ) -> list[str]:
    """Remove the council's Chọn/Loại for the candidate (its row is blanked, not deleted, so the
    sheet keeps its dropdowns). Nothing to remove is not an error. `drop_vote` also removes the
    candidate's BieuQuyet row (a Chọn withdrawn for a candidate outside the proposal)."""
    word = _kind_word(kind)
    if word is None:
        return [f"Loại \"{kind}\" không hợp lệ; chọn Tập thể hoặc Cá nhân"]
    if not council_path(workspace).is_file():
        return []

    def change(wb: Any) -> list[str]:
        table = _decision_table(wb)
        for row, values in table.data_rows():
            if _same_candidate(values, word, unit_code, name):
                table.clear(row)
        if drop_vote:
            _drop_vote_rows(wb, word, unit_code, name)
        return []

    return _edit(workspace, change, check_decisions=True)


# --- ThanhVien, PhienHop, BieuQuyet ------------------------------------------------------------


def _presence(value: bool | str) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value.strip()


def set_members(workspace: Path, members: Sequence[Member]) -> list[str]:
    """The council's members, in order (STT 1…n): exactly one Chủ tịch Hội đồng and one Ủy viên thư
    ký, Có mặt Có/Không — checked with the run's messages. An empty list empties the table."""
    records = [{"stt": n, "name": m.name.strip(), "position": m.position.strip(), "role": m.role.strip(),
                "present": _presence(m.present)} for n, m in enumerate(members, start=1)]

    def change(wb: Any) -> list[str]:
        table = Table(sheet(wb, MEMBERS, form.MEMBER_HEADERS), MEMBER_HEADERS, MEMBER_REQUIRED,
                      form.MEMBER_HEADERS)
        if not table.found:
            return _missing_table(MEMBERS)
        table.replace_all(records, text_keys=("name", "position"))
        return []

    return _edit(workspace, change)


def set_meeting(workspace: Path, *, start: datetime | str | None = None, end: str | None = None,
                place: str | None = None, method: str | None = None) -> list[str]:
    """The meeting (sheet PhienHop): `start` a datetime or "dd/mm/yyyy hh:mm", `end` "hh:mm",
    `place`, `method` "Giơ tay"/"Bỏ phiếu kín". None leaves a value as it is; "" empties it."""
    given = {"start": start, "end": end, "place": place, "method": method}

    def change(wb: Any) -> list[str]:
        ws = sheet(wb, MEETING, form.MEETING_HEADERS)
        for key, value in given.items():
            if value is None:
                continue
            if key == "start":
                moment = _moment(value) if text(value) else None
                set_labelled(ws, MEETING_LABELS[key], moment or text(value), "DD/MM/YYYY HH:MM")
            elif key == "end":
                moment_t = as_time(value) if text(value) else None
                set_labelled(ws, MEETING_LABELS[key], moment_t.strftime("%H:%M") if moment_t else text(value))
            else:
                set_labelled(ws, MEETING_LABELS[key], text(value))
        return []

    return _edit(workspace, change)


def _moment(value: datetime | str) -> datetime | None:
    """A datetime, "dd/mm/yyyy hh:mm" (as the reader takes it) or ISO "yyyy-mm-ddThh:mm" (a browser's)."""
    found = as_datetime(value)
    if found is None:
        try:
            found = datetime.fromisoformat(text(value))
        except ValueError:
            return None
    return found.replace(second=0, microsecond=0, tzinfo=None)


def _vote_record(v: VoteEntry) -> dict[str, Any]:
    word = _kind_word(v.kind) or v.kind

    def count(x: int | str) -> int | str:
        return int(x) if isinstance(x, int) or text(x).isdigit() else text(x)

    return {"kind": word, "unit": v.unit_code.strip(), "name": v.name.strip() if word == "Cá nhân" else None,
            "agree": count(v.agree), "disagree": count(v.disagree)}


def _vote_table(wb: Any) -> Table:
    return Table(sheet(wb, VOTES, form.VOTE_HEADERS), VOTE_HEADERS, VOTE_REQUIRED,
                 form.VOTE_HEADERS)


def _drop_vote_rows(wb: Any, word: str, unit_code: str, name: str) -> None:
    """Blank the candidate's rows of BieuQuyet, if the sheet and its table exist."""
    if not any(normalize_label(t) == normalize_label(VOTES) for t in wb.sheetnames):
        return
    table = _vote_table(wb)
    if table.found:
        for row, values in table.data_rows():
            if _same_candidate(values, word, unit_code, name):
                table.clear(row)


def set_votes(workspace: Path, votes: Sequence[VoteEntry]) -> list[str]:
    """The whole BieuQuyet table (one row per candidate put to the vote), checked with the run's
    messages (whole numbers ≥ 0, agree + disagree ≤ members present)."""
    records = [_vote_record(v) for v in votes]

    def change(wb: Any) -> list[str]:
        table = _vote_table(wb)
        if not table.found:
            return _missing_table(VOTES)
        table.replace_all(records, text_keys=("unit", "name"))
        return []

    return _edit(workspace, change)


def set_vote(workspace: Path, kind: str, unit_code: str, name: str, agree: int | str, disagree: int | str
             ) -> list[str]:
    """One candidate's votes: its row of BieuQuyet replaced in place, or added after the last one."""
    record = _vote_record(VoteEntry(kind, unit_code, name, agree, disagree))
    word = record["kind"]

    def change(wb: Any) -> list[str]:
        table = _vote_table(wb)
        if not table.found:
            return _missing_table(VOTES)
        rows = [r for r, values in table.data_rows() if _same_candidate(values, word, unit_code, name)]
        table.write(rows[0] if rows else table.free_row(), record, text_keys=("unit", "name"))
        return []

    return _edit(workspace, change)


# --- reading for the page ----------------------------------------------------------------------


def _records(cf: CouncilFile, sheet_name: str, headers: dict[str, str], required: tuple[str, ...],
             names: dict[str, str]) -> list[dict[str, Any]]:
    rows = cf.rows(sheet_name)
    found = find_table(rows, headers, required)
    if found is None:
        return []
    return [{names.get(k, k): r.text(k) for k in headers.values()} | {"row": r.row}
            for r in table_rows(rows, *found)]


def council_state(workspace: Path) -> CouncilState:
    """The current rows of the council file (texts as the reader sees them) and the reader's
    problems; an absent file gives an empty state."""
    path = council_path(workspace)
    state = CouncilState(exists=path.is_file(), open_elsewhere=open_elsewhere(workspace))
    if not state.exists:
        return state
    try:
        cf = read_council_file(path, OVERRIDE_FILE)
    except OverrideError as exc:
        state.problems = lines(exc)
        return state
    unit = {"unit": "unit_code"}
    state.decisions = _records(cf, DECISIONS, DECISION_KEYS, ("kind", "unit", "name", "decision"), unit)
    state.members = _records(cf, MEMBERS, MEMBER_HEADERS, MEMBER_REQUIRED, {})
    state.votes = _records(cf, VOTES, VOTE_HEADERS, VOTE_REQUIRED, unit)
    labelled = labelled_values(cf.rows(MEETING))
    for key, label in MEETING_LABELS.items():
        value = labelled.get(normalize_label(label), (None, ""))[0]
        if key == "start" and as_datetime(value) is not None and text(value):
            state.meeting[key] = as_datetime(value).strftime("%d/%m/%Y %H:%M")  # type: ignore[union-attr]
        elif key == "end" and as_time(value) is not None and text(value):
            state.meeting[key] = as_time(value).strftime("%H:%M")  # type: ignore[union-attr]
        else:
            state.meeting[key] = text(value)
    state.problems = reader_problems(cf)
    return state


def council_problems(workspace: Path) -> list[str]:
    """What `thidua run` would say about the council file against the campaign (unknown unit or
    person, quota, quorum, candidates without a vote row…), as lines; [] when it has nothing to say
    or the campaign cannot be decided yet. Reads the inbox (through the run's cache)."""
    if not council_path(workspace).is_file():
        return []
    return decide_problems(Path(workspace), None)
