"""Benchmark of a warm re-run (`thidua serve`, `thidua watch`) against a cold `thidua run`.

Usage: .venv/bin/python bench/bench_warm.py [--rounds R] [--change preparer|score] [--profile] [--fresh] [N]
(default N = 500, R = 3, change "preparer")
Each round: one unit re-sends its workbook, then a fresh `python -m thidua_reports run -w WS` (the
disk caches filled by the previous run); then another unit's workbook changes and `pipeline.run` is
called again in this process, which has run the workspace before. Both re-runs see one changed file
since the previous run. Prints the medians, their ratio and the warm run's stage timings.
With --profile, the last warm re-run is profiled (cProfile, top 30 by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_run import touch_one  # noqa: E402
from bench.synth import build_workspace  # noqa: E402
from thidua_reports import pipeline  # noqa: E402

OUT = ROOT / "bench" / "out"


def cold(ws: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thidua_reports", "run", "-w", str(ws)], check=True,
                   capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--change", choices=("preparer", "score"), default="preparer",
                        help="what the unit corrects: its preparer's name (no decision moves, the default) "
                             "or its score (the ranking and the documents listing it change)")
    parser.add_argument("--fresh", action="store_true", help="start without caches and outputs")
    args = parser.parse_args()
    ws = OUT / f"ws_warm_{args.n}"
    build_workspace(ws, args.n)
    if args.fresh:
        shutil.rmtree(ws / ".thidua_cache", ignore_errors=True)
        shutil.rmtree(ws / "output", ignore_errors=True)
    first = cold(ws)
    t0 = time.perf_counter()
    pipeline.run(ws)  # this process's first run of the workspace
    print(f"N = {args.n}: first `thidua run` {first:.2f} s; first in-process run {time.perf_counter() - t0:.2f} s")
    colds, warms, timings = [], [], []
    for r in range(args.rounds):
        touch_one(ws, args.change)
        colds.append(cold(ws))
        touch_one(ws, args.change)
        profiler = cProfile.Profile() if args.profile and r == args.rounds - 1 else None
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        summary = pipeline.run(ws)
        if profiler:
            profiler.disable()
        warms.append(time.perf_counter() - t0)
        timings.append(summary.timings)
        print(f"  round {r + 1}: cold {colds[-1]:.2f} s, warm {warms[-1]:.2f} s, cache hits {summary.cache_hits}, "
              f"outputs reused {summary.outputs_reused}, rendered {len(summary.render_seconds)} "
              f"({sum(summary.render_seconds.values()):.2f} s)")
    c, w = statistics.median(colds), statistics.median(warms)
    print(f"cold `thidua run` {c:.2f} s, warm re-run {w:.2f} s = {w / c * 100:.0f} % (median of {args.rounds})")
    median = sorted(zip(warms, timings, strict=True))[len(warms) // 2][1]
    print("warm stages: " + ", ".join(f"{k} {v:.2f}" for k, v in median.items()))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
