"""The unit input workbook (SPEC §5): personalised forms, the standard blank form, byte-stable output."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from thidua_reports.decision.history import prior_component_score
from thidua_reports.models import COMPLETION_LEVELS, Assignment, Registry, Unit
from thidua_reports.vietnamese import slugify
from thidua_reports.workbooks.form_print import fit_rows, form_sheet, form_workbook, page_numbers

TEMPLATE_VERSION = "1"
CREATOR = "thidua_reports"
BLANK_STAMP = datetime(2021, 1, 1)  # fixed "created/modified" of the standard blank form
BLANK_NAME = "mau_bao_cao_thi_dua_cchc.xlsx"
FORMS_DIR = "mau_nhap"
DATE_FORMAT = "DD/MM/YYYY"

# (values key, SPEC §5 label, kind, hint) — the order of sheet ThongTin.
INFO_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("unit_code", "Mã đơn vị", "code", "Mã do Phòng Nội vụ cấp, không sửa"),
    ("unit_name", "Tên đơn vị", "text", "Tên đầy đủ của cơ quan, đơn vị"),
    ("year", "Năm thi đua", "year", "Năm của phong trào thi đua, ví dụ 2021"),
    ("staffing", "Tổng số biên chế", "int1", "Số nguyên, từ 1 trở lên"),
    ("self_score", "Điểm tự đánh giá CCHC", "score", "Số từ 0 đến 100, phần thập phân dùng dấu phẩy hoặc dấu chấm"),
    ("tasks_assigned", "Số nhiệm vụ CCHC được giao", "int1", "Số nguyên, từ 1 trở lên"),
    ("tasks_done", "Số nhiệm vụ CCHC đã hoàn thành", "int0", "Số nguyên, không lớn hơn số nhiệm vụ được giao"),
    ("no_badge", "Số CBCCVC không đeo thẻ", "int0", "Số nguyên, từ 0 trở lên"),
    ("late_hours", "Số CBCCVC không chấp hành giờ giấc", "int0", "Số nguyên, từ 0 trở lên"),
    ("violators", "Tổng số CBCCVC vi phạm (không trùng lặp)", "int0",
     "Mỗi người chỉ tính một lần; không nhỏ hơn từng số ở hai dòng trên, không lớn hơn tổng hai số đó"),
    ("request_collective", "Đề nghị khen thưởng tập thể", "yesno", "Chọn Có hoặc Không"),
    ("preparer", "Người lập biểu", "text", "Họ và tên người lập biểu"),
    ("submitted_on", "Ngày gửi", "date", "Ngày gửi hồ sơ, dạng ngày/tháng/năm, ví dụ 25/11/2021"),
    ("has_proposal", "Đã có Tờ trình", "yesno", "Tờ trình đề nghị khen thưởng của đơn vị: Có hoặc Không"),
    ("has_minutes", "Đã có Biên bản họp Hội đồng", "yesno", "Biên bản họp Hội đồng Thi đua - Khen thưởng: Có hoặc Không"),
    ("has_report", "Đã có Báo cáo thành tích", "yesno", "Báo cáo thành tích của tập thể, cá nhân: Có hoặc Không"),
)
COMPONENT_HEADERS = ("Bộ chỉ số", "Mã chỉ số", "Tên chỉ số thành phần", "Điểm tối đa",
                     "Điểm năm trước", "Điểm năm nay", "Ghi chú")
NOMINEE_HEADERS = ("STT", "Họ và tên", "Giới tính", "Chức vụ", "Mức độ hoàn thành nhiệm vụ",
                   "Hoàn thành nhiệm vụ CCHC được giao", "Số văn bản được giao tham mưu",
                   "Số văn bản hoàn thành đúng hạn", "Vi phạm kỷ luật, kỷ cương", "Thứ tự đề nghị",
                   "Tóm tắt thành tích")
# (dict key of a nominee, kind) in NOMINEE_HEADERS order
NOMINEE_KEYS: tuple[tuple[str, str], ...] = (
    ("stt", "text"), ("name", "text"), ("gender", "gender"), ("position", "text"), ("level", "level"),
    ("cchc_done", "yesno"), ("docs_assigned", "int0"), ("docs_on_time", "int0"), ("violation", "yesno"),
    ("priority", "int1"), ("achievements", "text"),
)
ACHIEVEMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("tap_the", "Tóm tắt thành tích của tập thể"),
    ("cchc", "Kết quả thực hiện nhiệm vụ CCHC"),
    ("sang_kien", "Sáng kiến, mô hình, cách làm hay"),
)
BLANK_COMPONENT_ROWS = 12
NOMINEE_ROWS = 15

_FONT = Font(name="Times New Roman", size=12)
_BOLD = Font(name="Times New Roman", size=12, bold=True)
_TITLE = Font(name="Times New Roman", size=14, bold=True)
_INPUT_FILL = PatternFill("solid", fgColor="FFFFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="FFD9E1F2")
_THIN = Side(style="thin", color="FF808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)


def _yes_no(value: Any) -> Any:
    return ("Có" if value else "Không") if isinstance(value, bool) else value


def _put(cell: Cell, value: Any, *, text: bool = False) -> None:
    """Write a value as given (bad values included); text starting with '=' stays text, not a formula."""
    value = _yes_no(value)
    if value is None:
        return
    if isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    if text and not isinstance(value, str):
        value = str(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        cell.number_format = "@" if text else cell.number_format


def _style(cell: Cell, *, font: Font = _FONT, input_cell: bool = False, fill: PatternFill | None = None) -> None:
    cell.font = font
    cell.alignment = _WRAP
    cell.border = _BORDER
    if input_cell:
        cell.fill = _INPUT_FILL
        cell.protection = _UNLOCKED
    else:
        cell.protection = _LOCKED
        if fill is not None:
            cell.fill = fill


class _Validations:
    """Data validations of one sheet, one rule object per distinct rule."""

    def __init__(self, ws: Worksheet, year: int | None) -> None:
        self.ws = ws
        self.year = year
        self.rules: dict[tuple, DataValidation] = {}

    def _rule(self, key: tuple, **kw: Any) -> DataValidation:
        if key not in self.rules:
            dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                                errorTitle="Giá trị không hợp lệ", **kw)
            self.rules[key] = dv
            self.ws.add_data_validation(dv)
        return self.rules[key]

    def add(self, kind: str, ref: str, maximum: Decimal | None = None) -> None:
        dv = self._make(kind, maximum)
        if dv is not None:
            dv.add(ref)

    def _make(self, kind: str, maximum: Decimal | None) -> DataValidation | None:
        if kind == "yesno":
            return self._rule((kind,), type="list", formula1='"Có,Không"', error="Chỉ chọn Có hoặc Không.")
        if kind == "gender":
            return self._rule((kind,), type="list", formula1='"Nam,Nữ"', error="Chỉ chọn Nam hoặc Nữ.")
        if kind == "level":
            return self._rule((kind,), type="list", formula1='"' + ",".join(COMPLETION_LEVELS) + '"',
                              error="Chọn một trong bốn mức hoàn thành nhiệm vụ trong danh sách.")
        if kind in ("int0", "int1", "year"):
            low = {"int0": 0, "int1": 1, "year": 2000}[kind]
            high = 2100 if kind == "year" else 100000
            return self._rule((kind,), type="whole", operator="between", formula1=str(low),
                              formula2=str(high), error=f"Nhập số nguyên từ {low} đến {high}.")
        if kind in ("score", "points"):
            top = maximum if maximum is not None else Decimal(100)
            return self._rule((kind, top), type="decimal", operator="between", formula1="0", formula2=str(top),
                              error=f"Nhập số từ 0 đến {str(top).replace('.', ',')}.")
        if kind == "date":
            first = date(self.year, 1, 1) if self.year else date(2000, 1, 1)
            last = date(self.year + 1, 12, 31) if self.year else date(2100, 12, 31)
            return self._rule((kind,), type="date", operator="between",
                              formula1=str(int(to_excel(first))), formula2=str(int(to_excel(last))),
                              error=f"Nhập ngày dạng ngày/tháng/năm, từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}.")
        return None


def _title(ws: Worksheet, text: str) -> None:
    ws["A1"] = text
    ws["A1"].font = _TITLE


def _head_row(ws: Worksheet, headers: tuple[str, ...]) -> None:
    """Column headers in row 2, under the sheet's title."""
    for col, head in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=col, value=head)
        _style(cell, font=_BOLD, fill=_HEAD_FILL)
        cell.alignment = _HEAD


def _guide_lines(settings: Any | None) -> list[str]:
    if settings is not None:
        c, o = settings.campaign, settings.office
        deadline = f"chậm nhất ngày {c.submission_deadline:%d/%m/%Y}"
        send_to = f"{settings.issuer.name} (qua {o.name})"
        plan = f"Thực hiện {c.plan_ref} về {c.title}."
    else:
        deadline = "chậm nhất vào ngày ghi trong Kế hoạch phát động phong trào thi đua"
        send_to = "cơ quan thường trực Hội đồng Thi đua - Khen thưởng (Phòng Nội vụ)"
        plan = "Thực hiện Kế hoạch phát động phong trào thi đua cải cách hành chính (CCHC)."
    levels = "; ".join(COMPLETION_LEVELS)
    return [
        "HƯỚNG DẪN ĐIỀN BÁO CÁO KẾT QUẢ THI ĐUA CẢI CÁCH HÀNH CHÍNH",
        plan,
        "Chỉ nhập vào các ô nền vàng nhạt; các ô khác đã được khóa. Không đổi tên, không xóa các trang tính và tiêu đề cột.",
        "Không gõ công thức (dấu = ở đầu ô); chỉ nhập giá trị. Số thập phân dùng dấu phẩy hoặc dấu chấm, ví dụ 86,5.",
        "Trang ThongTin: nhập kết quả của đơn vị ở cột Giá trị, theo hướng dẫn ở cột bên phải. Ngày gửi nhập dạng ngày/tháng/năm.",
        "Trang ChiSo: mỗi dòng là một chỉ số thành phần được giao; nhập Điểm năm nay (từ 0 đến Điểm tối đa). "
        "Điểm năm trước đã điền sẵn theo kết quả chính thức (nếu có); nếu trống, đơn vị ghi điểm năm trước mà đơn vị biết.",
        "Trang CaNhan: mỗi dòng một cá nhân được đề nghị khen thưởng; bỏ trống các dòng không dùng. "
        f"Mức độ hoàn thành nhiệm vụ chọn một trong: {levels}. "
        "Các cột Hoàn thành nhiệm vụ CCHC được giao và Vi phạm kỷ luật, kỷ cương chọn Có hoặc Không. "
        "Thứ tự đề nghị: 1 là ưu tiên cao nhất.",
        "Trang ThanhTich: tóm tắt thành tích của tập thể, kết quả thực hiện nhiệm vụ CCHC và sáng kiến, mô hình, cách làm hay.",
        f"Hồ sơ (tệp này, kèm Tờ trình, Biên bản họp Hội đồng Thi đua - Khen thưởng, Báo cáo thành tích) gửi về {send_to}, {deadline}.",
        "Văn bản đã ký gửi kèm (bản chụp, PDF hoặc Word): đặt tên tệp bắt đầu bằng Mã đơn vị và dấu gạch dưới, "
        "ví dụ PNV_to_trinh.pdf, PNV_bien_ban.pdf, PNV_bao_cao_thanh_tich.pdf, để văn bản được ghi nhận đúng "
        "đơn vị và đúng loại.",
        "Hồ sơ gửi sau thời hạn không được xét khen thưởng.",
    ]


def _write_guide(wb: Workbook, settings: Any | None) -> None:
    ws = form_sheet(wb, "HuongDan", [82])
    for row, line in enumerate(_guide_lines(settings), start=1):
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = _TITLE if row == 1 else _FONT
        cell.alignment = _WRAP
    fit_rows(ws, [1], spacing=6)
    fit_rows(ws, range(2, ws.max_row + 1), minimum=20)  # a little air between the paragraphs


def _write_info(wb: Workbook, year: int | None, unit: Unit | None, data: dict[str, Any]) -> None:
    ws = form_sheet(wb, "ThongTin", [30, 24, 28])
    _title(ws, "THÔNG TIN CHUNG CỦA ĐƠN VỊ")
    _head_row(ws, ("Nội dung", "Giá trị", "Hướng dẫn nhập"))
    dv = _Validations(ws, year)
    for row, (key, label, kind, hint) in enumerate(INFO_FIELDS, start=3):
        _style(ws.cell(row=row, column=1, value=label), font=_BOLD)
        _style(ws.cell(row=row, column=3, value=hint))
        cell = ws.cell(row=row, column=2)
        fixed = unit is not None and key in ("unit_code", "unit_name")
        _style(cell, input_cell=not fixed)
        if kind in ("code", "text"):
            cell.number_format = "@"
        elif kind == "date":
            cell.number_format = DATE_FORMAT
        _put(cell, data.get(key), text=kind in ("code", "text"))
        dv.add(kind, cell.coordinate)
    ws.print_title_rows = "2:2"
    fit_rows(ws)


def _component_rows(assignments: list[Assignment], data: dict[str, Any], prior_lookup: Any) -> list[dict]:
    given = dict(data.get("components") or {})
    rows = []
    for a in assignments:
        entry = given.pop(a.code, None)
        spec = entry if isinstance(entry, dict) else {"current": entry}
        prior = a.prior_score if a.prior_score is not None else prior_lookup(a)
        rows.append({"index_set": a.index_set, "code": a.code, "name": a.name, "max": a.current_max,
                     "prior": spec.get("prior", prior), "current": spec.get("current"),
                     "note": spec.get("note")})
    for code, entry in given.items():  # rows for components not assigned (to produce warnings)
        spec = entry if isinstance(entry, dict) else {"current": entry}
        rows.append({"index_set": spec.get("index_set", ""), "code": code, "name": spec.get("name", ""),
                     "max": spec.get("max"), "prior": spec.get("prior"), "current": spec.get("current"),
                     "note": spec.get("note")})
    return rows


def _write_components(wb: Workbook, rows: list[dict], personal: bool) -> None:
    ws = form_sheet(wb, "ChiSo", [12, 10, 42, 9, 10, 10, 29], landscape=True)
    _title(ws, "KẾT QUẢ CÁC CHỈ SỐ THÀNH PHẦN ĐƯỢC GIAO PHỤ TRÁCH")
    _head_row(ws, COMPONENT_HEADERS)
    dv = _Validations(ws, None)
    count = len(rows) if personal else max(len(rows), BLANK_COMPONENT_ROWS)
    for i in range(count):
        r = rows[i] if i < len(rows) else {}
        row = 3 + i
        keys = ("index_set", "code", "name", "max", "prior", "current", "note")
        for col, key in enumerate(keys, start=1):
            cell = ws.cell(row=row, column=col)
            editable = not personal or key in ("current", "note") or (key == "prior" and r.get("prior") is None)
            _style(cell, input_cell=editable)
            _put(cell, r.get(key), text=key in ("index_set", "code", "name", "note"))
        dv.add("points", f"F{row}", r.get("max"))
        if r.get("prior") is None:
            dv.add("points", f"E{row}", r.get("max"))
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    page_numbers(ws)
    fit_rows(ws)


def _write_nominees(wb: Workbook, nominees: list[dict]) -> None:
    ws = form_sheet(wb, "CaNhan", [5, 17, 6, 13, 13, 10, 9, 9, 8, 7, 25], landscape=True)
    _title(ws, "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG")
    _head_row(ws, NOMINEE_HEADERS)
    dv = _Validations(ws, None)
    for i in range(max(NOMINEE_ROWS, len(nominees))):
        person = nominees[i] if i < len(nominees) else {}
        row = 3 + i
        for col, (key, kind) in enumerate(NOMINEE_KEYS, start=1):
            cell = ws.cell(row=row, column=col)
            _style(cell, input_cell=True)
            value = person.get(key)
            if key == "stt" and value is None and person:
                value = i + 1
            _put(cell, value, text=kind == "text" and key != "stt")
            dv.add(kind, cell.coordinate)
    ws.freeze_panes = "C3"
    ws.print_title_rows = "2:2"
    page_numbers(ws)
    fit_rows(ws)


def _write_achievements(wb: Workbook, texts: dict[str, Any]) -> None:
    ws = form_sheet(wb, "ThanhTich", [22, 60])
    _title(ws, "THÀNH TÍCH CỦA TẬP THỂ")
    for row, (key, label) in enumerate(ACHIEVEMENT_FIELDS, start=2):
        _style(ws.cell(row=row, column=1, value=label), font=_BOLD)
        cell = ws.cell(row=row, column=2)
        _style(cell, input_cell=True)
        _put(cell, texts.get(key), text=True)
    fit_rows(ws, [1])
    fit_rows(ws, range(2, ws.max_row + 1), minimum=150)  # room to type, or to write by hand


def _write_meta(wb: Workbook, unit_code: str, year: int | None) -> None:
    ws = wb.create_sheet("_meta")
    for row, (key, value) in enumerate(
        (("template_version", TEMPLATE_VERSION), ("unit_code", unit_code),
         ("year", "" if year is None else str(year)), ("generator", CREATOR)), start=1):
        ws.cell(row=row, column=1, value=key)
        _put(ws.cell(row=row, column=2), value, text=True)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _save_stable(wb: Workbook, path: Path, stamp: datetime) -> None:
    """Save so that the same workbook gives the same bytes: fixed properties and zip timestamps."""
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps `modified` with the clock and zip entries with the time of day
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + iso + rb"\g<2>", data)
            item = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o644 << 16
            dst.writestr(item, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(out.getvalue())
    os.replace(tmp, path)


def _no_prior(_: Assignment) -> Decimal | None:
    return None


def write_unit_form(path: Path, settings: Any, unit: Unit | None, assignments: list[Assignment],
                    values: dict | None = None, *, prior_lookup: Any = None) -> Path:
    """Write one unit workbook (personalised when `unit` is given) and return its path.

    `values` fills the input cells, as given — wrong types included, to produce faulty samples:
      - ThongTin keys (see INFO_FIELDS): unit_code, unit_name, year, staffing, self_score,
        tasks_assigned, tasks_done, no_badge, late_hours, violators, request_collective (bool or text),
        preparer, submitted_on (date, or text such as "25/11/2021"), has_proposal, has_minutes, has_report;
      - "components": {component code: current score} or {code: {"current", "prior", "note",
        "index_set", "name", "max"}}; codes not in `assignments` become extra rows;
      - "nominees": list of dicts with keys stt, name, gender, position, level, cchc_done (bool),
        docs_assigned, docs_on_time, violation (bool), priority, achievements;
      - "achievements": {"tap_the": text, "cchc": text, "sang_kien": text}.
    Booleans are written Có/Không, dates as date cells (dd/mm/yyyy), text starting with "=" as text.
    `prior_lookup(assignment)` supplies a prior-year score when the registry has none.
    The same call always gives the same bytes (properties dated 1 January of the campaign year).
    """
    year = settings.campaign.year if settings is not None else None
    data: dict[str, Any] = dict(values or {})
    if unit is not None:
        defaults = {"unit_code": unit.code, "unit_name": unit.name, "year": year, "staffing": unit.staffing}
        data = {**{k: v for k, v in defaults.items() if v is not None}, **data}
    stamp = datetime(year, 1, 1) if year is not None else BLANK_STAMP
    return _build(path, settings, unit, assignments, data, year, stamp, prior_lookup or _no_prior)


def write_blank_form(path: Path, settings: Any | None = None) -> Path:
    """Write the standard blank workbook: no unit, year blank, 12 empty ChiSo rows, 15 CaNhan rows.

    `settings` only fills the instructions (deadline, where to send); the year stays blank.
    """
    return _build(path, settings, None, [], {}, None, BLANK_STAMP, _no_prior)


def _build(path: Path, settings: Any | None, unit: Unit | None, assignments: list[Assignment],
           data: dict[str, Any], year: int | None, stamp: datetime, prior_lookup: Any) -> Path:
    wb = form_workbook()
    _write_guide(wb, settings)
    _write_info(wb, year, unit, data)
    _write_components(wb, _component_rows(assignments, data, prior_lookup), personal=unit is not None)
    _write_nominees(wb, list(data.get("nominees") or []))
    _write_achievements(wb, dict(data.get("achievements") or {}))
    _write_meta(wb, unit.code if unit is not None else "", year)
    wb.active = 0
    _save_stable(wb, path, stamp)
    return path


def history_prior_lookup(settings: Any) -> Any:
    """Prior-year lookup in the history DB (the previous campaign's recorded component scores)."""
    db = settings.history_path()
    previous = settings.campaign.year - 1

    def lookup(a: Assignment) -> Decimal | None:
        found = prior_component_score(db, previous, a.unit_code, a.code)
        return None if found is None else found[0]

    return lookup


def write_all_forms(workspace: Path, settings: Any, registry: Registry) -> list[Path]:
    """Write mau_nhap/<slug of code>.xlsx for every registry unit; return the paths written."""
    lookup = history_prior_lookup(settings)
    paths = []
    for unit in registry.units:
        target = workspace / FORMS_DIR / f"{slugify(unit.code)}.xlsx"
        paths.append(write_unit_form(target, settings, unit, registry.assignments_for(unit.code),
                                     prior_lookup=lookup))
    return paths
