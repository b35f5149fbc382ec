"""The checks a council file passes before it replaces quyet_dinh_hoi_dong.xlsx: the run's own readers
(`council_file`, `council.parse_overrides`, `vote.read_members/read_meeting/read_votes`) and, for the
Chọn/Loại rows, the decision stage itself (`decide(..., council_path=…)`): the same messages as
`thidua run`, as lines (the heading "Tệp … có N lỗi, hãy sửa rồi chạy lại:", then one per problem)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from thidua_reports import pipeline
from thidua_reports.decision.council import parse_overrides
from thidua_reports.decision.council_file import (
    DECISIONS,
    MEMBERS,
    VOTES,
    CouncilFile,
    find_table,
    table_rows,
)
from thidua_reports.decision.decide import decide
from thidua_reports.decision.vote import (
    MEMBER_HEADERS,
    VOTE_HEADERS,
    read_meeting,
    read_members,
    read_votes,
)
from thidua_reports.errors import OverrideError, ThiduaError
from thidua_reports.vietnamese import normalize_label

MEMBER_REQUIRED = ("name", "role", "present")
VOTE_REQUIRED = ("kind", "unit", "agree", "disagree")


def lines(exc: ThiduaError) -> list[str]:
    """An error message of the run as lines: its heading, then one line per problem."""
    return [line.removeprefix("  - ") for line in str(exc).split("\n") if line.strip()]


def reader_problems(cf: CouncilFile) -> list[str]:
    """Every problem the run's readers find in the file's rows (not yet compared with the campaign)."""
    try:
        parse_overrides(cf)
        overrides: list[str] = []
    except OverrideError as exc:
        overrides = lines(exc)
    errors: list[str] = []
    members_table = find_table(cf.rows(MEMBERS), MEMBER_HEADERS, MEMBER_REQUIRED)
    if members_table is not None and table_rows(cf.rows(MEMBERS), *members_table) or \
            members_table is None and cf.has_data(MEMBERS):
        members = read_members(cf, errors)
        present: int | None = sum(m.present for m in members) if not errors else None
    else:
        present = None
    read_meeting(cf, errors)
    votes_table = find_table(cf.rows(VOTES), VOTE_HEADERS, VOTE_REQUIRED)
    if votes_table is not None and table_rows(cf.rows(VOTES), *votes_table) or \
            votes_table is None and cf.has_data(VOTES):
        read_votes(cf, present, errors)
    if errors:
        errors = [f"Tệp {cf.label} có {len(errors)} lỗi, hãy sửa rồi chạy lại:", *errors]
    return overrides + errors


def decide_problems(workspace: Path, candidate: Path | None) -> list[str]:
    """What the run's decision stage says about the council file (`candidate`, or the workspace's);
    nothing when the campaign itself cannot be decided yet (settings, registry, money rules)."""
    try:
        loaded = pipeline.load(workspace)
        inputs = pipeline.gather(loaded)
    except ThiduaError:
        return []
    try:
        decide(loaded.settings, loaded.registry, inputs, loaded.workspace, council_path=candidate)
    except OverrideError as exc:
        return lines(exc)
    except ThiduaError:
        return []
    return []


def decisions_only(source: Path, target: Path) -> Path:
    """A copy of the file's QuyetDinh sheet alone: the Chọn/Loại rules checked without the vote."""
    wb = load_workbook(source)
    out = Workbook()
    out.remove(out.active)
    copy = out.create_sheet(DECISIONS)
    for name in wb.sheetnames:
        if normalize_label(name) == normalize_label(DECISIONS):
            for row in wb[name].iter_rows(values_only=True):
                copy.append(list(row))
    out.save(target)
    return target
