"""A synthetic workspace of N units (registry, filled unit workbooks) for the benchmarks."""

from __future__ import annotations

import random
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from thidua_reports.config import load_settings
from thidua_reports.intake.registry import write_registry
from thidua_reports.models import Assignment, Registry, Unit
from thidua_reports.workbooks.unit_form import write_unit_form

ROOT = Path(__file__).resolve().parent.parent
DEMO_TOML = ROOT / "thidua_reports" / "demo" / "thidua.toml"
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Đức", "Giang", "Hoa", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Tâm", "Vy"]
FAMILY = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Đặng Thị", "Võ Văn", "Huỳnh Thị"]
LEVELS = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ"]


def synth_registry(n: int, rng: random.Random) -> Registry:
    units = [
        Unit(code=f"DV{i:04d}", name=f"Đơn vị số {i}", kind="Phòng, ban", head_name="Nguyễn Văn A",
             head_title="Trưởng phòng", staffing=rng.randint(8, 40), row=i + 2)
        for i in range(1, n + 1)
    ]
    assignments = []
    for u in units:
        for k in range(3):
            prior = Decimal(rng.randint(500, 950)) / 100
            assignments.append(Assignment(
                index_set="PCI", code=f"PCI-{k + 1:02d}", name=f"Chỉ số thành phần {k + 1}", unit_code=u.code,
                prior_max=Decimal(10), prior_score=prior, current_max=Decimal(10),
            ))
    return Registry(units=units, assignments=assignments)


def unit_values(unit: Unit, assignments: list[Assignment], rng: random.Random) -> dict:
    staffing = unit.staffing or 10
    tasks = rng.randint(8, 15)
    nominees = []
    for j in range(rng.randint(1, 3)):
        nominees.append({
            "stt": j + 1, "name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}", "gender": rng.choice(["Nam", "Nữ"]),
            "position": "Chuyên viên", "level": rng.choice(LEVELS), "cchc_done": "Có", "docs_assigned": 10,
            "docs_on_time": rng.choice([9, 10, 10]), "violation": "Không", "priority": j + 1,
            "achievements": "Tham mưu thực hiện tốt nhiệm vụ cải cách hành chính được giao.",
        })
    return {
        "unit_code": unit.code, "unit_name": unit.name, "year": 2021, "staffing": staffing,
        "self_score": Decimal(rng.randint(700, 990)) / 10, "tasks_assigned": tasks,
        "tasks_done": tasks - rng.choice([0, 0, 0, 1]), "no_badge": 0, "late_hours": 1, "violators": 1,
        "request_collective": "Có", "preparer": "Người lập biểu", "submitted_on": date(2021, 11, rng.randint(15, 30)),
        "has_proposal": "Có", "has_minutes": "Có", "has_report": "Có",
        "components": {a.code: (a.prior_score or Decimal(5)) + Decimal(rng.randint(-30, 60)) / 100 for a in assignments},
        "nominees": nominees,
        "achievements": {"tap_the": "Hoàn thành tốt nhiệm vụ.", "cchc": "Hoàn thành 100% nhiệm vụ.", "sang_kien": ""},
    }


def build_workspace(target: Path, n: int, seed: int = 2021) -> Path:
    """Write (or reuse, when already complete) a workspace of n units under target."""
    done = target / ".complete"
    if done.is_file() and done.read_text() == str(n):
        return target
    if target.exists():
        shutil.rmtree(target)
    (target / "inbox").mkdir(parents=True)
    shutil.copy(DEMO_TOML, target / "thidua.toml")
    settings = load_settings(target)
    rng = random.Random(seed)
    registry = synth_registry(n, rng)
    write_registry(target / "danh_muc.xlsx", registry)
    for unit in registry.units:
        assigned = registry.assignments_for(unit.code)
        write_unit_form(target / "inbox" / f"{unit.code.lower()}.xlsx", settings, unit, assigned,
                        unit_values(unit, assigned, rng))
    done.write_text(str(n))
    return target
