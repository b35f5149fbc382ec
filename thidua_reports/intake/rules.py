"""SPEC §5 rules for the four sheets of a unit workbook: ThongTin, ChiSo, CaNhan, ThanhTich."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from thidua_reports.intake import cell_values as cv
from thidua_reports.intake.check_context import Check
from thidua_reports.intake.sheets import Grid, a1
from thidua_reports.models import ComponentEntry, Registry, Severity, Submission
from thidua_reports.vietnamese import normalize_label

# label, Submission attribute, parser, fix for a blank value (None: optional)
INFO_FIELDS: tuple[tuple[str, str, Any, str | None], ...] = (
    ("Mã đơn vị", "unit_code", cv.text, "nhập mã đơn vị do Phòng Nội vụ cấp"),
    ("Tên đơn vị", "unit_name", cv.text, None),
    ("Năm thi đua", "year", partial(cv.integer, example="2021"), "nhập năm thi đua, ví dụ 2021"),
    ("Tổng số biên chế", "staffing", cv.integer, "nhập số nguyên, ví dụ 12"),
    ("Điểm tự đánh giá CCHC", "self_score", cv.decimal, "nhập điểm từ 0 đến 100, ví dụ 86,5"),
    ("Số nhiệm vụ CCHC được giao", "tasks_assigned", cv.integer, "nhập số nguyên, ví dụ 12"),
    ("Số nhiệm vụ CCHC đã hoàn thành", "tasks_done", cv.integer, "nhập số nguyên, ví dụ 12"),
    ("Số CBCCVC không đeo thẻ", "no_badge", partial(cv.integer, example="0"), "nhập số nguyên, ví dụ 0"),
    ("Số CBCCVC không chấp hành giờ giấc", "late_hours", partial(cv.integer, example="0"), "nhập số nguyên, ví dụ 0"),
    ("Tổng số CBCCVC vi phạm (không trùng lặp)", "violators", partial(cv.integer, example="0"), "nhập số nguyên, ví dụ 0"),
    ("Đề nghị khen thưởng tập thể", "request_collective", cv.yes_no, "chọn Có hoặc Không"),
    ("Người lập biểu", "preparer", cv.text, None),
    ("Ngày gửi", "submitted_on", cv.to_date, f"nhập ngày gửi dạng ngày/tháng/năm, ví dụ {cv.DATE_EXAMPLE}"),
)
DOSSIER_LABELS = ("Đã có Tờ trình", "Biên bản họp Hội đồng", "Báo cáo thành tích")
_INFO_KEYS = {label: normalize_label(label) for label in [f[0] for f in INFO_FIELDS] + list(DOSSIER_LABELS)}
# The dossier labels are also read with or without the leading "Đã có" (the generated form writes it on all three).
_DOSSIER_KEYS = {
    label: (normalize_label(label), normalize_label(label.removeprefix("Đã có ")), normalize_label("Đã có " + label))
    for label in DOSSIER_LABELS
}
ACHIEVEMENT_LABELS = {
    "tap_the": "Tóm tắt thành tích của tập thể",
    "cchc": "Kết quả thực hiện nhiệm vụ CCHC",
    "sang_kien": "Sáng kiến, mô hình, cách làm hay",
}
COMPONENT_COLUMNS = {
    "index_set": "Bộ chỉ số", "code": "Mã chỉ số", "name": "Tên chỉ số thành phần", "max_points": "Điểm tối đa",
    "prior_score": "Điểm năm trước", "current_score": "Điểm năm nay", "note": "Ghi chú",
}  # fmt: skip
NOMINEE_COLUMNS = {
    "stt": "STT", "name": "Họ và tên", "gender": "Giới tính", "position": "Chức vụ",
    "level": "Mức độ hoàn thành nhiệm vụ", "cchc_done": "Hoàn thành nhiệm vụ CCHC được giao",
    "docs_assigned": "Số văn bản được giao tham mưu", "docs_on_time": "Số văn bản hoàn thành đúng hạn",
    "violation": "Vi phạm kỷ luật, kỷ cương", "priority": "Thứ tự đề nghị", "achievements": "Tóm tắt thành tích",
}  # fmt: skip
NOMINEE_REQUIRED = ("name", "position", "level", "cchc_done", "violation")
_COMPONENT_KEYS = {normalize_label(h): k for k, h in COMPONENT_COLUMNS.items()}
_COMPONENT_REQUIRED = [normalize_label("Mã chỉ số"), normalize_label("Điểm năm nay")]


def missing_label(check: Check, grid: Grid, label: str) -> None:
    check.add(grid.name, None, f'Trang {grid.name} thiếu dòng "{label}"; hãy thêm nhãn "{label}" vào một ô '
              "và nhập giá trị vào ô ngay bên phải")


def read_info(check: Check, grid: Grid, sub: Submission, settings: Any, registry: Registry) -> None:
    """ThongTin: label/value pairs."""
    found = grid.find_labels(list(_INFO_KEYS.values()) + [k for keys in _DOSSIER_KEYS.values() for k in keys])
    pos: dict[str, tuple[int, int]] = {}
    for label, attr, parser, blank in INFO_FIELDS:
        at = found.get(_INFO_KEYS[label])
        if at is None:
            if blank is not None:
                missing_label(check, grid, label)
            continue
        r, c = at[0], at[1] + 1
        pos[attr] = (r, c)
        value = check.read(grid, r, c, label.split(" (")[0], parser, blank)
        if value is not None and value != "":
            setattr(sub, attr, value)
    _info_rules(check, grid, sub, pos, settings, registry)
    for label in DOSSIER_LABELS:
        at = next((found[k] for k in _DOSSIER_KEYS[label] if k in found), None)
        if at is None:
            continue
        value = check.read(grid, at[0], at[1] + 1, label, cv.yes_no)
        if value is not None:
            sub.dossier[label] = value
            if not value:
                check.cell(grid, at[0], at[1] + 1, label, 'hồ sơ đề nghị khen thưởng chưa đủ theo mục III.2 của Kế hoạch; '
                           + send_advice(label), "warning")


def send_advice(label: str) -> str:
    """The end of the warning given when a "Đã có …" label says Không (dropped by the decision stage
    once the paper itself has arrived as an attachment)."""
    return f'hãy bổ sung "{label}" và gửi kèm'


def _info_rules(check: Check, grid: Grid, sub: Submission, pos: dict, settings: Any, registry: Registry) -> None:
    def bad(attr: str, field: str, message: str) -> None:
        check.cell(grid, pos[attr][0], pos[attr][1], field, message)
        setattr(sub, attr, None)

    def warn(attr: str, field: str, message: str, severity: Severity = "warning") -> None:
        check.cell(grid, pos[attr][0], pos[attr][1], field, message, severity)

    unit = None
    if sub.unit_code:
        unit = registry.unit(sub.unit_code) or next((u for u in registry.units if u.code.casefold() == sub.unit_code.casefold()), None)
        if unit is None:
            warn("unit_code", "Mã đơn vị", f'mã "{sub.unit_code}" không có trong danh mục đơn vị; '
                 "hãy nhập đúng mã do Phòng Nội vụ cấp (in sẵn trên phiếu mẫu của đơn vị)", "error")
        else:
            sub.unit_code = unit.code
            if sub.unit_name and normalize_label(sub.unit_name) != normalize_label(unit.name):
                warn("unit_name", "Tên đơn vị", f'"{sub.unit_name}" khác tên trong danh mục '
                     f'"{unit.name}"; hãy kiểm tra lại mã đơn vị (tên trong danh mục được dùng)')
    year = settings.campaign.year
    if sub.year is not None and sub.year != year:
        bad("year", "Năm thi đua", f"năm {sub.year} khác năm thi đua {year}; hãy dùng phiếu của năm {year} và nhập {year}")
    if sub.staffing is not None and sub.staffing < 1:
        bad("staffing", "Tổng số biên chế", f"{sub.staffing} không hợp lệ; hãy nhập số nguyên từ 1 trở lên")
    elif sub.staffing is not None and unit is not None and unit.staffing and sub.staffing != unit.staffing:
        warn("staffing", "Tổng số biên chế", f"{sub.staffing} khác số biên chế trong danh mục ({unit.staffing}); "
             "số của danh mục được dùng để tính tỷ lệ vi phạm, hãy kiểm tra lại")
    if sub.self_score is not None and not Decimal(0) <= sub.self_score <= Decimal(100):
        bad("self_score", "Điểm tự đánh giá CCHC", f"{cv.show(grid.value(*pos['self_score']))} nằm ngoài khoảng 0–100; "
            "hãy nhập điểm từ 0 đến 100")
    if sub.tasks_assigned is not None and sub.tasks_assigned < 1:
        bad("tasks_assigned", "Số nhiệm vụ CCHC được giao", f"{sub.tasks_assigned} không hợp lệ; hãy nhập số nguyên từ 1 trở lên")
    if sub.tasks_done is not None:
        if sub.tasks_done < 0:
            bad("tasks_done", "Số nhiệm vụ CCHC đã hoàn thành", f"{sub.tasks_done} không hợp lệ; hãy nhập số nguyên từ 0 trở lên")
        elif sub.tasks_assigned is not None and sub.tasks_done > sub.tasks_assigned:
            bad("tasks_done", "Số nhiệm vụ CCHC đã hoàn thành", f"{sub.tasks_done} lớn hơn số nhiệm vụ được giao "
                f"({sub.tasks_assigned}); hãy nhập số không vượt quá {sub.tasks_assigned}")
    for attr, field in (("no_badge", "Số CBCCVC không đeo thẻ"), ("late_hours", "Số CBCCVC không chấp hành giờ giấc"),
                        ("violators", "Tổng số CBCCVC vi phạm")):
        v = getattr(sub, attr)
        if v is not None and v < 0:
            bad(attr, field, f"{v} không hợp lệ; hãy nhập số nguyên từ 0 trở lên")
    v, a, b = sub.violators, sub.no_badge, sub.late_hours
    if v is not None and a is not None and b is not None:
        if not max(a, b) <= v <= a + b:
            bad("violators", "Tổng số CBCCVC vi phạm", f"{v} không khớp: phải từ {max(a, b)} (số lớn hơn của hai loại vi phạm) "
                f"đến {a + b} (tổng hai loại); hãy đếm lại số người vi phạm, mỗi người tính một lần")
    if v is not None and unit is not None and unit.staffing is not None and v > unit.staffing:
        bad("violators", "Tổng số CBCCVC vi phạm", f"{v} lớn hơn số biên chế trong danh mục ({unit.staffing}); "
            f"hãy kiểm tra lại, số người vi phạm không vượt quá {unit.staffing}")


def read_components(check: Check, grid: Grid, sub: Submission, registry: Registry, known_unit: bool) -> None:
    """ChiSo: one row per assigned component, matched to the registry by Mã chỉ số."""
    labels = _COMPONENT_KEYS
    header = grid.find_header(labels, _COMPONENT_REQUIRED)
    if header is None:
        missing_header(check, grid, COMPONENT_COLUMNS, ("code", "current_score"))
        return
    hr, found = header
    cols = {labels[n]: c for n, c in found.items()}
    assigned = {a.code.casefold(): a for a in registry.assignments_for(sub.unit_code)} if known_unit else {}
    seen: dict[str, str] = {}
    for r in range(hr + 1, len(grid.rows)):
        raw = {k: grid.value(r, c) for k, c in cols.items()}
        if all(cv.is_blank(v) for v in raw.values()):
            continue
        code = cv.text(raw["code"])
        code_ref = a1(r, cols["code"])
        if not code:
            check.cell(grid, r, cols["code"], "Mã chỉ số", "dòng có dữ liệu nhưng thiếu mã chỉ số; hãy nhập mã, ví dụ PCI-02")
            continue
        if code.casefold() in seen:
            check.cell(grid, r, cols["code"], "Mã chỉ số", f'chỉ số "{code}" đã có ở ô {seen[code.casefold()]}; hãy xóa dòng trùng')
            continue
        seen[code.casefold()] = code_ref
        assignment = assigned.get(code.casefold())
        if known_unit and assignment is None:
            check.cell(grid, r, cols["code"], "Mã chỉ số", f'chỉ số "{code}" không được giao cho đơn vị trong danh mục nên '
                       "không được xét; hãy kiểm tra lại mã chỉ số hoặc xóa dòng này", "warning")
            continue
        max_points = check.read(grid, r, cols["max_points"], "Điểm tối đa", cv.decimal, severity="warning") if "max_points" in cols else None
        prior = check.read(grid, r, cols["prior_score"], "Điểm năm trước", cv.decimal) if "prior_score" in cols else None
        entry = ComponentEntry(index_set=cv.text(raw.get("index_set")), code=assignment.code if assignment else code,
                               name=cv.text(raw.get("name")), max_points=max_points, prior_score=prior,
                               current_score=None, note=cv.text(raw.get("note")), row=r + 1)
        top = assignment.current_max if assignment else None
        fix = f"nhập điểm từ 0 đến {cv.fmt(top)}" if top is not None else "nhập điểm, ví dụ 8,5"
        score = check.read(grid, r, cols["current_score"], "Điểm năm nay", cv.decimal, fix)
        if score is not None and (score < 0 or (top is not None and score > top)):
            check.cell(grid, r, cols["current_score"], "Điểm năm nay", f"{cv.show(grid.value(r, cols['current_score']))} "
                       f"nằm ngoài khoảng cho phép; hãy {fix}")
            score = None
        if entry.prior_score is not None and entry.prior_score < 0:
            check.cell(grid, r, cols["prior_score"], "Điểm năm trước", "điểm âm không hợp lệ; hãy nhập điểm từ 0 trở lên")
            entry.prior_score = None
        entry.current_score = score
        if assignment and assignment.current_score is not None and score is not None and score != assignment.current_score:
            check.cell(grid, r, cols["current_score"], "Điểm năm nay", f"khác điểm chính thức trong danh mục "
                       f"({cv.fmt(assignment.current_score)}); điểm của danh mục được dùng, hãy kiểm tra lại", "warning")
        sub.components.append(entry)
    for key, assignment in assigned.items():
        if key not in seen:
            check.add(grid.name, None, f'Thiếu dòng chỉ số "{assignment.code}" ({assignment.name}) được giao cho đơn vị; '
                      f"hãy thêm dòng có Mã chỉ số {assignment.code} và nhập Điểm năm nay")


def missing_header(check: Check, grid: Grid, columns: dict[str, str], required: tuple[str, ...]) -> None:
    names = ", ".join(f'"{columns[k]}"' for k in required)
    check.add(grid.name, None, f"Trang {grid.name} không có dòng tiêu đề với các cột {names} trong 10 dòng đầu; "
              "hãy dùng đúng mẫu phiếu và giữ nguyên tiêu đề các cột")
