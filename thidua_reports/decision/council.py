"""Council overrides from quyet_dinh_hoi_dong.xlsx (SPEC §6.4): selected = proposed − Loại + Chọn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thidua_reports.config import Settings
from thidua_reports.decision.council_file import (
    DECISIONS,
    OVERRIDE_FILE,
    CouncilFile,
    find_table,
    read_council_file,
    table_rows,
    where,
)
from thidua_reports.errors import OverrideError
from thidua_reports.models import IndividualResult, Problem, UnitResult
from thidua_reports.vietnamese import nfc, normalize_label

SHEET = DECISIONS
KIND, UNIT, NAME, DECISION, REASON = "loai", "unit", "name", "decision", "reason"
_KINDS = {normalize_label("Tập thể"): "tap_the", normalize_label("Cá nhân"): "ca_nhan"}
_DECISIONS = {normalize_label("Chọn"): "Chọn", normalize_label("Loại"): "Loại"}


@dataclass(frozen=True)
class OverrideRow:
    kind: str  # "tap_the" | "ca_nhan"
    unit_code: str
    name: str
    decision: str  # "Chọn" | "Loại"
    reason: str
    row: int
    cells: dict[str, str]  # column key -> A1 ref, for messages


def _where(file: str, cell: str) -> str:
    return where(file, SHEET, cell)


def read_overrides(path: Path, label: str = OVERRIDE_FILE) -> list[OverrideRow]:
    """Rows of the QuyetDinh sheet of the file; raise OverrideError listing every malformed row."""
    return parse_overrides(read_council_file(path, label))


def parse_overrides(cf: CouncilFile) -> list[OverrideRow]:
    """Rows of the QuyetDinh sheet (none when the sheet is absent or empty)."""
    label = cf.label
    if not cf.has_data(SHEET):
        return []
    rows = cf.rows(SHEET)
    table = find_table(rows, {"Loại": KIND, "Mã đơn vị": UNIT, "Họ và tên": NAME, "Quyết định": DECISION,
                              "Lý do": REASON}, (KIND, UNIT, NAME, DECISION))
    if table is None:
        raise OverrideError(
            f"Tệp {label}, trang {SHEET}: không tìm thấy dòng tiêu đề "
            "\"Loại (Tập thể/Cá nhân) | Mã đơn vị | Họ và tên | Quyết định (Chọn/Loại) | Lý do\"."
        )
    header_at, columns = table
    out: list[OverrideRow] = []
    errors: list[str] = []
    for r in table_rows(rows, header_at, columns):
        n, cells = r.row, r.cells
        get = {k: r.text(k) for k in columns}
        kind = _KINDS.get(normalize_label(get[KIND]))
        decision = _DECISIONS.get(normalize_label(get[DECISION]))
        if kind is None:
            errors.append(f"{_where(label, cells[KIND])}: loại \"{get[KIND]}\" không hợp lệ; ghi Tập thể hoặc Cá nhân")
        if decision is None:
            errors.append(f"{_where(label, cells[DECISION])}: quyết định \"{get[DECISION]}\" không hợp lệ; ghi Chọn hoặc Loại")
        if kind == "ca_nhan" and not get[NAME]:
            errors.append(f"{_where(label, cells[NAME])}: thiếu họ và tên cá nhân")
        if kind and decision:
            out.append(OverrideRow(kind, get[UNIT], get[NAME], decision, get.get(REASON, ""), n, cells))
    if errors:
        raise OverrideError(f"Tệp {label} có {len(errors)} lỗi, hãy sửa rồi chạy lại:\n" + "\n".join(f"  - {e}" for e in errors))
    return out


def person_key(name: str) -> str:
    return " ".join(nfc(name).casefold().split())


def apply_overrides(
    rows: list[OverrideRow],
    units: list[UnitResult],
    individuals: list[IndividualResult],
    settings: Settings,
    label: str = OVERRIDE_FILE,
) -> list[Problem]:
    """Set `selected` from `proposed` and the council rows; raise OverrideError on unknown or over-quota."""
    for u in units:
        u.selected = u.proposed
    for i in individuals:
        i.selected = i.proposed
    by_code = {u.unit.code: u for u in units}
    people = {(i.unit_code, person_key(i.nominee.name)): i for i in individuals}
    errors: list[str] = []
    notes: list[Problem] = []
    for r in rows:
        target: UnitResult | IndividualResult | None = None
        unit = by_code.get(r.unit_code)
        if unit is None:
            errors.append(f"{_where(label, r.cells[UNIT])}: mã đơn vị \"{r.unit_code}\" không có trong danh mục")
            continue
        if r.kind == "tap_the":
            if not unit.accepted:
                errors.append(f"{_where(label, r.cells[UNIT])}: đơn vị {r.unit_code} không có hồ sơ hợp lệ để xét")
                continue
            target = unit
        else:
            target = people.get((r.unit_code, person_key(r.name)))
            if target is None:
                errors.append(
                    f"{_where(label, r.cells[NAME])}: không có cá nhân \"{r.name}\" trong danh sách đề nghị "
                    f"hợp lệ của đơn vị {r.unit_code}"
                )
                continue
        already = target.selected == (r.decision == "Chọn")
        target.selected = r.decision == "Chọn"
        target.override, target.override_reason = r.decision, r.reason
        if already:
            notes.append(Problem(label, SHEET, r.cells[DECISION], "warning",
                                 f"Dòng {r.row}: \"{r.decision}\" không làm thay đổi danh sách đề nghị"))
    if errors:
        raise OverrideError(f"Tệp {label} có {len(errors)} lỗi, hãy sửa rồi chạy lại:\n" + "\n".join(f"  - {e}" for e in errors))
    if not settings.quota.allow_over:
        _check_quota(rows, units, individuals, settings, label)
    return notes


def _check_quota(
    rows: list[OverrideRow], units: list[UnitResult], individuals: list[IndividualResult],
    settings: Settings, label: str,
) -> None:
    problems = []
    for kind, word, chosen, quota, key in (
        ("tap_the", "tập thể", sum(u.selected for u in units), settings.quota.collectives, "quota.collectives"),
        ("ca_nhan", "cá nhân", sum(i.selected for i in individuals), settings.quota.individuals, "quota.individuals"),
    ):
        if chosen > quota:
            added = [str(r.row) for r in rows if r.kind == kind and r.decision == "Chọn"]
            problems.append(
                f"Danh sách {word} được chọn có {chosen}, vượt số lượng {quota} ({key}); "
                f"các dòng Chọn {word} trong {label}, trang {SHEET}: {', '.join(added)}. "
                "Hãy bớt dòng Chọn, thêm dòng Loại, hoặc đặt quota.allow_over = true."
            )
    if problems:
        raise OverrideError("\n".join(problems))


def council_file(workspace: Path) -> CouncilFile | None:
    """The workspace's quyet_dinh_hoi_dong.xlsx, read; None when there is none."""
    path = workspace / OVERRIDE_FILE
    return read_council_file(path) if path.is_file() else None


def load_and_apply(
    workspace: Path, units: list[UnitResult], individuals: list[IndividualResult], settings: Settings
) -> list[Problem]:
    """Apply the council file of the workspace when present; without it selected = proposed."""
    cf = council_file(workspace)
    return apply_overrides(parse_overrides(cf) if cf else [], units, individuals, settings)
