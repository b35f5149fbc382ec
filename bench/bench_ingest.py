"""Benchmark: read_workbook against the floor (raw python-calamine read of every sheet), ms per file.

Usage: .venv/bin/python bench/bench_ingest.py [N]   (default N = 500; target: ratio ≤ 3)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import python_calamine as pc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders import default_info, write_registry_file, write_unit_workbook  # noqa: E402
from thidua_reports.config import load_settings  # noqa: E402
from thidua_reports.intake.ingest import read_workbook  # noqa: E402
from thidua_reports.intake.registry import load_registry  # noqa: E402


def raw_read(path: Path) -> int:
    """The floor: open with calamine and materialise every sheet as Python values."""
    wb = pc.CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in wb.sheet_names:
        cells += sum(len(row) for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
    wb.close()
    return cells


def main(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        shutil.copy(ROOT / "thidua_reports" / "demo" / "thidua.toml", work / "thidua.toml")
        settings = load_settings(work)
        registry, _ = load_registry(write_registry_file(work / "danh_muc.xlsx"))
        t0 = time.perf_counter()
        paths = []
        for i in range(n):
            info = default_info()
            info["Người lập biểu"] = f"Người lập {i}"
            paths.append(write_unit_workbook(work / "inbox" / f"unit_{i:04d}.xlsx", info))
        print(f"generated {n} workbooks in {time.perf_counter() - t0:.1f} s")
        for p in paths[:20]:  # warm the OS cache and the imports
            raw_read(p)
            read_workbook(p, p.name, settings, registry)

        t0 = time.perf_counter()
        for p in paths:
            raw_read(p)
        floor = (time.perf_counter() - t0) / n * 1000

        t0 = time.perf_counter()
        records = [read_workbook(p, f"inbox/{p.name}", settings, registry) for p in paths]
        ours = (time.perf_counter() - t0) / n * 1000

        bad = [r for r in records if r.status != "accepted"]
        if bad:
            print(f"unexpected: {len(bad)} files not accepted, e.g. {bad[0].problems[:2]}")
        print(f"raw calamine read, all sheets : {floor:6.2f} ms/file")
        print(f"read_workbook                 : {ours:6.2f} ms/file")
        print(f"ratio                         : {ours / floor:6.2f} x (target ≤ 3)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
