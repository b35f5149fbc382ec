"""Benchmark of `thidua run`: per-stage time, per-file cost, re-run after one change, peak memory.

Usage: .venv/bin/python bench/bench_run.py [N ...]   (default: 25 500 2000)
Synthetic workspaces are kept in bench/out/ws_<N>/ and reused when complete.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import build_workspace  # noqa: E402

OUT = ROOT / "bench" / "out"
CHILD = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from thidua_reports import pipeline
s = pipeline.run(Path(sys.argv[1]))
print(json.dumps({"wall": time.perf_counter() - t0, "timings": s.timings, "cache_hits": s.cache_hits,
                  "accepted": s.accepted, "selected": [s.selected_collectives, s.selected_individuals]}))
"""


def run_child(ws: Path) -> dict:
    """One `thidua run` in a fresh process (imports included), with its peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(ws)], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - t0
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["process"] = elapsed
    data["max_rss_mb"] = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return data


def floor_ms(ws: Path) -> float:
    """Raw python-calamine read of every sheet of every inbox file, ms per file."""
    import python_calamine as pc

    files = sorted((ws / "inbox").glob("*.xlsx"))
    t0 = time.perf_counter()
    for p in files:
        wb = pc.CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        wb.close()
    return (time.perf_counter() - t0) / len(files) * 1000


def touch_one(ws: Path) -> None:
    """A unit re-sends its workbook with a corrected self-assessed score (same name, new content),
    so its feedback, the consolidated workbook and the report really change."""
    from openpyxl import load_workbook

    path = sorted((ws / "inbox").glob("*.xlsx"))[0]
    wb = load_workbook(path)
    for row in wb["ThongTin"].iter_rows():
        if row[0].value == "Điểm tự đánh giá CCHC":
            row[1].value = float(row[1].value) + (0.5 if float(row[1].value) < 99 else -0.5)
    wb.save(path)


def bench(n: int) -> dict:
    ws = OUT / f"ws_{n}"
    t0 = time.perf_counter()
    build_workspace(ws, n)
    print(f"\n== N = {n} units (workspace ready in {time.perf_counter() - t0:.1f} s)")
    shutil.rmtree(ws / ".thidua_cache", ignore_errors=True)
    shutil.rmtree(ws / "output", ignore_errors=True)
    floor = floor_ms(ws)
    full = run_child(ws)
    touch_one(ws)
    rerun = run_child(ws)
    read_ms = full["timings"]["read"] / n * 1000
    print(f"full run        : {full['process']:6.2f} s in a fresh process (pipeline {full['wall']:.2f} s), "
          f"peak RSS {full['max_rss_mb']:.0f} MB")
    for stage, secs in full["timings"].items():
        print(f"  {stage:<16}{secs:7.2f} s   {secs / n * 1000:7.2f} ms/unit")
    print(f"read vs floor   : {read_ms:.2f} ms/file vs raw calamine {floor:.2f} ms/file = {read_ms / floor:.2f}x")
    print(f"re-run, 1 change: {rerun['process']:6.2f} s ({rerun['process'] / full['process'] * 100:.0f}% of full), "
          f"cache hits {rerun['cache_hits']}/{n}")
    for stage, secs in rerun["timings"].items():
        print(f"  {stage:<16}{secs:7.2f} s")
    return {"n": n, "full": full, "rerun": rerun, "floor_ms": floor}


def main(sizes: list[int]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}")
    t0 = time.perf_counter()
    from thidua_reports import cli  # noqa: F401

    print(f"import of the CLI module: {(time.perf_counter() - t0) * 1000:.0f} ms")
    help_t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thidua_reports", "--help"], capture_output=True, check=True)
    print(f"thidua --help: {(time.perf_counter() - help_t0) * 1000:.0f} ms")
    results = [bench(n) for n in sizes]
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [25, 500, 2000])
