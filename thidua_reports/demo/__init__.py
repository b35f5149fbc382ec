"""`thidua demo`: build a complete sample workspace (registry, history, filled and faulty workbooks)."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from thidua_reports.config import CONFIG_NAME, Settings, load_settings
from thidua_reports.decision.history import AwardHistory, ComponentHistory, UnitHistory, record_year
from thidua_reports.demo import nominees as nominee_data
from thidua_reports.demo import submissions as submission_data
from thidua_reports.demo import texts
from thidua_reports.demo import units as unit_data
from thidua_reports.demo.council import write_demo_council
from thidua_reports.errors import ThiduaError
from thidua_reports.intake.registry import write_registry
from thidua_reports.models import Assignment, Registry, Unit, YearFigures
from thidua_reports.workbooks.unit_form import (
    history_prior_lookup,
    write_all_forms,
    write_unit_form,
)

MARKER = ".thidua_demo"
MARKER_TEXT = "Thư mục mẫu do lệnh \"thidua demo\" tạo; lệnh này có thể xóa và tạo lại toàn bộ thư mục.\n"
REGISTRY_NAME = "danh_muc.xlsx"
NOTES_NAME = "GHI_CHU_DU_LIEU.txt"
LOCAL_TZ = timezone(timedelta(hours=7))
SHORT_LEVELS = {"XS": nominee_data.XS, "T": nominee_data.T, "HT": nominee_data.HT, "KHT": nominee_data.KHT}

NOTES = """GHI CHÚ VỀ DỮ LIỆU MẪU

Thư mục này do lệnh "thidua demo" tạo để minh họa; không phải hồ sơ thật.
- Số liệu thật: danh sách 1 thị trấn và 8 xã; điểm 10 chỉ số thành phần PCI của tỉnh năm 2020 (điểm năm trước)
  và năm 2021 (điểm năm nay), nguồn pcivietnam.vn.
- Số liệu giả định: danh sách các phòng, ban; họ tên người đứng đầu, người được đề nghị khen thưởng, thành viên
  Hội đồng; số biên chế; nội dung thành tích; điểm CCHC; toàn bộ điểm các chỉ số thành phần PAPI, SIPAS và
  PAR INDEX (chưa tìm được số liệu công bố).
- Hộp thư inbox/ cố ý có các tệp lỗi: chữ trong ô số, sai năm, tệp hỏng, tệp khóa của Excel, tệp gửi muộn,
  một đơn vị gửi hai lần, một tệp trong thư mục con và một tệp PDF Tờ trình đã ký đặt tên không theo quy tắc
  (không xác định được đơn vị). Văn bản đã ký gửi kèm: Phòng Nội vụ gửi đủ ba văn bản trong inbox/PNV/;
  UBND thị trấn Phước Dân chỉ gửi Tờ trình (TT-PD_to_trinh.pdf) nên hồ sơ còn thiếu hai văn bản.
- quyet_dinh_hoi_dong.xlsx: thành viên, phiên họp và kết quả biểu quyết của Hội đồng (giả định); UBND xã
  Phước Thuận chỉ được 4/9 thành viên đồng ý nên không được đề nghị khen thưởng. Xóa tệp này để xem danh sách
  đề xuất trước khi Hội đồng họp (biên bản khi đó là mẫu trống).
- lich_su.sqlite: kết quả các năm 2019 và 2020 (điểm CCHC, khen thưởng, số hồ sơ hợp lệ, số tập thể, cá nhân
  đủ điều kiện, số chỉ số thành phần tăng điểm) đều là số liệu giả định, để Báo cáo tổng kết có phần kết quả
  qua các năm.
"""


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def demo_registry() -> Registry:
    """The demo registry: units and assignments from the data tables."""
    units = [Unit(code=c, name=n, kind=k, head_name=h, head_title=t, staffing=s, official_score=_dec(o))
             for c, n, k, h, t, s, o in unit_data.UNITS]
    assignments = [
        Assignment(index_set=s, code=c, name=n, unit_code=u, prior_max=_dec(pm), prior_score=_dec(p),
                   current_max=_dec(cm), current_score=_dec(official))
        for s, c, n, u, pm, p, cm, _reported, official in unit_data.ASSIGNMENTS
    ]
    return Registry(units=units, assignments=assignments, path=REGISTRY_NAME)


def _prepare(target: Path) -> None:
    """Empty `target` if it is a previous demo; refuse to touch any other non-empty folder."""
    if target.exists() and not target.is_dir():
        raise ThiduaError(f"Không thể tạo thư mục mẫu: {target} đã có và là một tệp, không phải thư mục.")
    if target.is_dir() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise ThiduaError(
                f"Thư mục {target} đã có dữ liệu và không phải thư mục mẫu do \"thidua demo\" tạo "
                f"(không có tệp {MARKER}); để an toàn, chương trình không xóa nó. Hãy chọn thư mục khác."
            )
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)


def _record_history(settings: Settings, registry: Registry) -> None:
    """The two campaign years before the demo's (2019 and 2020), so its báo cáo shows the trend."""
    bands = settings.criteria.cchc_bands
    year = settings.campaign.year - 1

    def band(score: Decimal) -> str:
        return next(b.name for b in bands if score >= b.min)

    by_key = {(a.unit_code, a.code): a for a in registry.assignments}
    components = [ComponentHistory(unit, by_key[unit, code].index_set, code, by_key[unit, code].name,
                                   Decimal(score), Decimal(maximum))
                  for unit, code, score, maximum in unit_data.COMPONENTS_2020]
    for y, scores, decision, awarded, comps in (
            (year - 1, unit_data.SCORES_2019, unit_data.DECISION_2019, unit_data.AWARDS_2019, []),
            (year, unit_data.SCORES_2020, unit_data.DECISION_2020, unit_data.AWARDS_2020, components)):
        units = [UnitHistory(u.code, u.name, Decimal(scores[u.code]), band(Decimal(scores[u.code])))
                 for u in registry.units]
        number, (yy, m, d) = decision
        names = {u.code: u.name for u in registry.units}
        awards = [AwardHistory(kind, unit, name, position, number, date(yy, m, d), amount, f"{n:03d}/GK",
                               settings.award.form, names.get(unit, ""))
                  for n, (kind, unit, name, position, amount) in enumerate(awarded, 1)]
        accepted, collectives, individuals, improved, compared = unit_data.FIGURES[y]
        figures = YearFigures(y, len(units), accepted, collectives, individuals, len(awards),
                              sum(a.amount for a in awards), improved, compared)
        record_year(settings.history_path(), y, units, comps, awards, figures)


def _values(f: submission_data.DemoFile, unit: Unit, year: int) -> dict[str, Any]:
    reported = {(u, c): r for _s, c, _n, u, _pm, _p, _cm, r, _o in unit_data.ASSIGNMENTS}
    people = []
    for name, gender, position, level, cchc, assigned, on_time, violation, priority in (
            nominee_data.NOMINEES.get(f.key, [])):
        people.append({"name": name, "gender": gender, "position": position,
                       "level": SHORT_LEVELS.get(level, level), "cchc_done": cchc, "docs_assigned": assigned,
                       "docs_on_time": on_time, "violation": violation, "priority": priority,
                       "achievements": texts.personal_text(name, year)})
    score: Any = f.self_score if "," in f.self_score else Decimal(f.self_score)
    no_badge, late_hours, violators = f.discipline
    proposal, minutes, report = f.dossier
    values: dict[str, Any] = {
        "self_score": score, "tasks_assigned": f.tasks[0], "tasks_done": f.tasks[1], "no_badge": no_badge,
        "late_hours": late_hours, "violators": violators, "request_collective": True, "preparer": f.preparer,
        "submitted_on": f.sent, "has_proposal": proposal, "has_minutes": minutes, "has_report": report,
        "components": {c: Decimal(r) for (u, c), r in reported.items() if u == unit.code},
        "nominees": people, "achievements": texts.unit_achievements(unit.code, unit.name, year),
    }
    values.update(f.overrides)
    return values


def _stamp(path: Path, day: date) -> None:
    moment = datetime.combine(day, time(15, 30), tzinfo=LOCAL_TZ).timestamp()
    os.utime(path, (moment, moment))


def _write_inbox(target: Path, settings: Settings, registry: Registry) -> list[Path]:

    lookup = history_prior_lookup(settings)  # units fill the form they received, priors pre-filled
    inbox = target / "inbox"
    inbox.mkdir()
    written = []
    year = settings.campaign.year
    for f in submission_data.FILES:
        unit = registry.unit(f.unit)
        assert unit is not None, f.unit
        path = inbox / f.path
        write_unit_form(path, settings, unit, registry.assignments_for(unit.code), _values(f, unit, year),
                        prior_lookup=lookup)
        if f.corrupt:  # a transfer cut short: the first 40% of the zip
            data = path.read_bytes()
            path.write_bytes(data[: len(data) * 2 // 5])
        written.append(path)
    for name, data, _day in (submission_data.LOCK_FILE, submission_data.SIGNED_PDF):
        (inbox / name).write_bytes(data)
        written.append(inbox / name)
    for name, _day in submission_data.DOSSIER_FILES:
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(submission_data.signed_paper(name))
        written.append(inbox / name)
    days = {inbox / f.path: f.mtime for f in submission_data.FILES}
    days.update({inbox / n: d for n, _b, d in (submission_data.LOCK_FILE, submission_data.SIGNED_PDF)})
    days.update({inbox / n: d for n, d in submission_data.DOSSIER_FILES})
    for path in written:
        _stamp(path, days[path])
    return written


def build_demo(target: Path) -> Path:
    """Create (or cleanly rebuild) the demo workspace in `target` and return its path."""

    target = Path(target)
    _prepare(target)
    (target / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    shutil.copyfile(Path(__file__).with_name(CONFIG_NAME), target / CONFIG_NAME)
    (target / NOTES_NAME).write_text(NOTES, encoding="utf-8")
    settings = load_settings(target)
    registry = demo_registry()
    write_registry(target / REGISTRY_NAME, registry)
    _record_history(settings, registry)
    write_all_forms(target, settings, registry)
    _write_inbox(target, settings, registry)
    write_demo_council(target, settings)
    return target
