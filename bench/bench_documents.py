"""Benchmark: the output step rendering N Word documents serially or in its process pool.

Usage: .venv/bin/python bench/bench_documents.py [--rounds R] [N ...]
(default: 10 20 30 40 83 160 320 640, R = 3)

The documents are those of the 500-unit workspace with quota 30/50 (bench/out/ws_500_q30-50, built
with bench/synth.py when missing): the báo cáo, the Tờ trình, the Quyết định, then its 80 tóm tắt
repeated under other names up to N documents, so N documents are one run's documents as a larger
quota would give them. Each figure is the median of R fresh processes, each timing
`OutputStep.emit(documents, parallel=True)` twice, with PARALLEL_MIN_RENDERS set to force one
path:

* first emit: as in `thidua run`: nothing imported, no template compiled, no forkserver yet;
* second emit, same process: as a re-render inside `thidua watch` (libraries imported, templates
  compiled in the main process; a new pool forks its workers from the running forkserver).

Nothing is reused (no memo); the charts come from a chart folder drawn before the timing.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_run import set_quota  # noqa: E402
from bench.synth import build_workspace  # noqa: E402

OUT = ROOT / "bench" / "out"
WORKSPACE = OUT / "ws_500_q30-50"
CHILD = """
import json, sys, time
from pathlib import Path
import pickle
from thidua_reports.outputs import step as step_module
outputs = pickle.loads(Path(sys.argv[1]).read_bytes())
step_module.PARALLEL_MIN_RENDERS = 0 if sys.argv[2] == "pool" else 1 << 30
times = []
for k in range(2):
    t0 = time.perf_counter()
    step_module.OutputStep(Path(sys.argv[3]) / f"emit{k}").emit(outputs, parallel=True)
    times.append(time.perf_counter() - t0)
print(json.dumps(times))
"""


def base_documents(chart_dir: Path) -> list:
    """The 83 documents of the 500-unit, quota 30/50 run, the báo cáo first."""
    from thidua_reports import pipeline
    from thidua_reports.outputs.write import document_outputs

    build_workspace(WORKSPACE, 500)
    set_quota(WORKSPACE, (30, 50))
    loaded = pipeline.load(WORKSPACE)
    result = pipeline.decide(loaded, pipeline.gather(loaded))
    documents = document_outputs(result, loaded.settings, WORKSPACE, chart_dir)
    return sorted(documents, key=lambda o: not o.rel.startswith("bao_cao"))


def documents_for(base: list, n: int) -> list:
    """The first three documents, then tóm tắt under fresh names up to n documents."""
    head = [o for o in base if not o.rel.startswith("tom_tat/")]
    summaries = [o for o in base if o.rel.startswith("tom_tat/")]
    out = list(head[:n])
    for i in range(n - len(out)):
        source = summaries[i % len(summaries)]
        rel = source.rel if i < len(summaries) else f"tom_tat/lan_{i // len(summaries)}/{source.rel[8:]}"
        out.append(replace(source, rel=rel))
    return out


def timed(outputs_file: Path, mode: str, staging: Path) -> list[float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(outputs_file), mode, str(staging)],
                         capture_output=True, text=True, check=True)
    shutil.rmtree(staging, ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(sizes: list[int], rounds: int) -> None:
    from thidua_reports.outputs.step import PARALLEL_MIN_RENDERS, _worker_count

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        chart_dir = tmp / "charts"
        base = base_documents(chart_dir)
        timed_file = tmp / "outputs.pickle"
        timed_file.write_bytes(pickle.dumps(base[:1]))
        timed(timed_file, "serial", tmp / "warm")  # draws the charts into chart_dir
        print(f"cores: {os.cpu_count()}, pool workers: {_worker_count()}, "
              f"PARALLEL_MIN_RENDERS now {PARALLEL_MIN_RENDERS}; median of {rounds} processes, "
              "seconds")
        print(f"{'N':>5} | {'first emit (thidua run)':^32} | {'second emit (thidua watch)':^32}")
        print(f"{'':>5} | {'serial':>9} {'pool':>9} {'pool gain':>11} | {'serial':>9} {'pool':>9} "
              f"{'pool gain':>11}")
        for n in sizes:
            timed_file.write_bytes(pickle.dumps(documents_for(base, n)))
            serial = [timed(timed_file, "serial", tmp / "s") for _ in range(rounds)]
            pool = [timed(timed_file, "pool", tmp / "p") for _ in range(rounds)]
            cells = []
            for k in (0, 1):
                s = statistics.median(r[k] for r in serial)
                p = statistics.median(r[k] for r in pool)
                cells.append(f"{s:9.2f} {p:9.2f} {(s - p) / s * 100:10.0f}%")
            print(f"{n:5} | {cells[0]} | {cells[1]}", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    repeat = 3
    if "--rounds" in args:
        i = args.index("--rounds")
        repeat = int(args[i + 1])
        del args[i:i + 2]
    main([int(a) for a in args] or [10, 20, 30, 40, 83, 160, 320, 640], repeat)
