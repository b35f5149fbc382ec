"""What the pages show, read from ket_qua.json (or the last check of this process) and kept in memory
until the file changes: the pages never read the inbox."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from thidua_reports import pipeline
from thidua_reports.config import CONFIG_NAME, Settings, load_settings
from thidua_reports.errors import ThiduaError
from thidua_reports.vietnamese import format_money, slugify

STATUS_OK, STATUS_REJECTED, STATUS_MISSING, STATUS_UNCHECKED = "Hợp lệ", "Bị từ chối", "Chưa gửi", "Chưa kiểm tra"
DOSSIER_KINDS = {"to_trinh": "Tờ trình", "bien_ban": "Biên bản", "bao_cao_thanh_tich": "Báo cáo thành tích"}


@dataclass
class UnitRow:
    code: str
    name: str
    status: str
    late: bool = False
    errors: int = 0
    warnings: int = 0
    file: str | None = None
    dossier: str = ""  # "Đủ" | "Thiếu: …" | "" (not judged)
    dossier_complete: bool | None = None
    eligible: bool | None = None
    rank: int | None = None
    selected: bool = False
    outcome: str = ""  # the council's word when it changed the proposal: "Không đạt biểu quyết", "Hội đồng loại"

    @property
    def slug(self) -> str:
        return slugify(self.code)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def dossier_text(dossier: dict | None) -> tuple[str, bool | None]:
    """"Đủ", "Đủ (tự khai)", "Thiếu: Biên bản" — or "" when the unit's papers are not judged (SPEC §12.2)."""
    if not isinstance(dossier, dict) or dossier.get("complete") is None or dossier.get("judged") is False:
        return "", None
    if dossier["complete"]:
        declared = any(dossier.get(k) == "declared" for k in DOSSIER_KINDS)
        return ("Đủ (tự khai)" if declared else "Đủ"), True
    missing = dossier.get("missing")
    if not isinstance(missing, list):
        missing = [k for k in DOSSIER_KINDS if k in dossier and not dossier.get(k)]
    names = [DOSSIER_KINDS.get(k, str(k)) for k in missing]
    return ("Thiếu: " + ", ".join(names)) if names else "Thiếu", False


def _outcome(unit: dict) -> str:
    """What the council did to a unit that is not selected (SPEC §6.4, §10), as Xét chọn says it."""
    if unit.get("selected"):
        return ""
    if unit.get("override") == "Loại":
        return "Hội đồng loại"
    votes = unit.get("votes")
    if isinstance(votes, dict) and votes.get("passed") is False:
        return "Không đạt biểu quyết"
    return ""


class State:
    """Settings, the last result and the unit table of one workspace, cached by file stamps."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self._lock = threading.Lock()
        self._settings: tuple[Any, Settings | None, str | None] = (object(), None, None)
        self._results: tuple[Any, dict | None] = (object(), None)
        self._registry: tuple[Any, list[tuple[str, str]]] = (object(), [])
        self.check_summary: pipeline.Summary | None = None  # the last `check` of this process
        self.check_time = 0.0

    # --- settings -----------------------------------------------------------------------------

    def settings(self) -> tuple[Settings | None, str | None]:
        """(settings, None) or (None, the Vietnamese message of the CLI)."""
        stamp = _stamp(self.workspace / CONFIG_NAME)
        with self._lock:
            if self._settings[0] != stamp:
                try:
                    self._settings = (stamp, load_settings(self.workspace), None)
                except ThiduaError as exc:
                    self._settings = (stamp, None, str(exc))
            return self._settings[1], self._settings[2]

    @property
    def year(self) -> int | None:
        settings, _ = self.settings()
        return settings.campaign.year if settings else None

    def output_dir(self) -> Path | None:
        year = self.year
        return None if year is None else self.workspace / "output" / str(year)

    # --- results ------------------------------------------------------------------------------

    def results(self) -> dict | None:
        out = self.output_dir()
        if out is None:
            return None
        path = out / "ket_qua.json"
        stamp = _stamp(path)
        with self._lock:
            if self._results[0] != stamp:
                gc.unfreeze()  # the previous result can be collected again
                try:
                    data = orjson.loads(path.read_bytes()) if stamp else None
                except (OSError, orjson.JSONDecodeError):
                    data = None
                self._results = (stamp, data)
                # kept until the file changes: out of the cyclic collector's way, whose full passes
                # over a 2 000-unit result took 150–400 ms in the middle of a page
                gc.freeze()
            return self._results[1]

    def results_time(self) -> float:
        out = self.output_dir()
        try:
            return (out / "ket_qua.json").stat().st_mtime if out else 0.0
        except OSError:
            return 0.0

    def registry_units(self) -> list[tuple[str, str]]:
        """(code, name) of the registry, for a workspace that has not been checked yet."""
        stamp = (_stamp(self.workspace / CONFIG_NAME), _stamp(self.workspace / pipeline.REGISTRY_NAME))
        with self._lock:
            if self._registry[0] != stamp:
                try:
                    loaded = pipeline.load(self.workspace)
                    units = [(u.code, u.name) for u in loaded.registry.units]
                except ThiduaError:
                    units = []
                self._registry = (stamp, units)
            return self._registry[1]

    def use_check(self) -> bool:
        """True when this process checked the inbox after the last full run."""
        return self.check_summary is not None and self.check_time > self.results_time()

    def unit_rows(self) -> list[UnitRow]:
        if self.use_check():
            assert self.check_summary is not None
            return [UnitRow(r.code, r.name, r.status, r.late, r.errors, r.warnings, r.file)
                    for r in self.check_summary.unit_rows]
        data = self.results()
        if data is None:
            return [UnitRow(code, name, STATUS_UNCHECKED) for code, name in self.registry_units()]
        by_file = {f["file"]: f for f in data.get("inputs", [])}
        rows = []
        for u in data.get("units", []):
            f = by_file.get(u.get("file") or "")
            status = STATUS_OK if u.get("accepted") else STATUS_REJECTED if u.get("submitted") else STATUS_MISSING
            text, complete = dossier_text(u.get("dossier"))
            rows.append(UnitRow(
                u["code"], u["name"], status, bool(u.get("late")),
                len(f["errors"]) if f else 0, len(f["warnings"]) if f else 0, u.get("file"),
                text, complete, u.get("eligible") if u.get("requested") and u.get("accepted") else None,
                u.get("rank"), bool(u.get("selected")), _outcome(u)))
        return rows

    def inputs(self) -> list[dict]:
        """Every inbox file with its fate, as in ket_qua.json (or from the last check)."""
        if self.use_check():
            assert self.check_summary is not None
            return [_input_json(f) for f in self.check_summary.inputs]
        data = self.results()
        return list(data.get("inputs", [])) if data else []


def _input_json(f: Any) -> dict:
    return {"file": f.path, "unit_code": f.unit_code, "status": f.status, "late": f.late, "note": f.note,
            "errors": [p.as_json() for p in f.errors], "warnings": [p.as_json() for p in f.warnings],
            "kind": getattr(f, "kind", None)}


def counts(rows: list[UnitRow]) -> dict[str, int]:
    return {
        "total": len(rows),
        "received": sum(r.status in (STATUS_OK, STATUS_REJECTED) for r in rows),
        "accepted": sum(r.status == STATUS_OK for r in rows),
        "rejected": sum(r.status == STATUS_REJECTED for r in rows),
        "missing": sum(r.status == STATUS_MISSING for r in rows),
        "late": sum(r.late for r in rows),
    }


def days_left(deadline: date, today: date | None = None) -> str:
    """"còn 5 ngày", "hôm nay là hạn cuối", "đã quá hạn 3 ngày"."""
    delta = (deadline - (today or date.today())).days
    if delta > 0:
        return f"còn {format_money(delta)} ngày"
    if delta == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {format_money(-delta)} ngày"
