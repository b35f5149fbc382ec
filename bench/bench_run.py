"""Benchmark of `thidua run`: per-stage time, per-file cost, re-run after one change, peak memory.

Usage: .venv/bin/python bench/bench_run.py [--repeat R] [--quota C/I] [N ...]
(default: 25 500 2000, R = 1, the demo's quota of 7 collectives / 10 individuals)
With --repeat, each figure is the median of R rounds (each round: full run, then two re-runs).
--quota 30/50 is the many-documents workload: 30 collectives and 50 individuals selected, so about
80 tóm tắt, a print pack of 81 parts and the report are written.
Synthetic workspaces are kept in bench/out/ws_<N>[_q<C>-<I>]/ and reused when complete.
Every run also reports each unit's drafts (ho_so_don_vi/, SPEC §12.1): files, stage time and cost per
unit, cold (full run) and warm (the re-runs, where only the changed unit's drafts are rendered again).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
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
drafts = s.output_dir / "ho_so_don_vi"
print(json.dumps({"wall": time.perf_counter() - t0, "timings": s.timings, "cache_hits": s.cache_hits,
                  "accepted": s.accepted, "selected": [s.selected_collectives, s.selected_individuals],
                  "render_seconds": s.render_seconds, "reused": s.outputs_reused,
                  "draft_units": sum(1 for p in drafts.iterdir()) if drafts.is_dir() else 0,
                  "draft_files": sum(1 for p in drafts.rglob("*.docx")) if drafts.is_dir() else 0}))
"""


WATCH_CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from bench.bench_run import touch_one
from thidua_reports import pipeline
ws = Path(sys.argv[1])
pipeline.run(ws)
out = {}
for what in ("score", "preparer"):
    touch_one(ws, what)
    t0 = time.perf_counter()
    pipeline.run(ws)
    out[what] = time.perf_counter() - t0
print(json.dumps(out))
"""


def watch_reruns(ws: Path) -> dict:
    """The two re-runs inside one process, as `thidua watch` does them (no start-up, imports or exit)."""
    out = subprocess.run([sys.executable, "-c", WATCH_CHILD, str(ws), str(ROOT)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def touch_one(ws: Path, what: str = "score") -> None:
    """A unit re-sends its workbook (same name, new content).

    "score": a corrected self-assessed score, so its feedback, the ranking, the consolidated workbook
    and the documents that list the ranking really change. "preparer": a corrected preparer's name,
    which changes no decision (the file's hash, ket_qua.json and the manifest still change).
    """
    from openpyxl import load_workbook

    path = sorted((ws / "inbox").glob("*.xlsx"))[0]
    wb = load_workbook(path)
    for row in wb["ThongTin"].iter_rows():
        if what == "score" and row[0].value == "Điểm tự đánh giá CCHC":
            row[1].value = float(row[1].value) + (0.5 if float(row[1].value) < 99 else -0.5)
        if what == "preparer" and row[0].value == "Người lập biểu":
            row[1].value = "Nguyễn Văn A" if row[1].value != "Nguyễn Văn A" else "Trần Thị B"
    wb.save(path)


def _median(runs: list[dict]) -> dict:
    """The run with the median process time (its stage timings are printed)."""
    return sorted(runs, key=lambda r: r["process"])[len(runs) // 2]


def set_quota(ws: Path, quota: tuple[int, int]) -> None:
    """The workspace's thidua.toml with another quota (collectives, individuals)."""
    toml = ws / "thidua.toml"
    text = re.sub(r"(?m)^collectives = \d+$", f"collectives = {quota[0]}", toml.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^individuals = \d+$", f"individuals = {quota[1]}", text)
    toml.write_text(text, encoding="utf-8")


def document_costs(run: dict) -> None:
    """Cost per document of one run, from the renderers' own timings."""
    seconds = run.get("render_seconds") or {}
    docs = {rel: s for rel, s in seconds.items()
            if rel.endswith(".docx") and rel != "in_an.docx" and not rel.startswith("ho_so_don_vi/")}
    if not docs:
        print("  documents       : none rendered")
        return
    single = [s for rel, s in docs.items() if rel != "bao_cao_tong_ket.docx"]
    median = statistics.median(single) * 1000 if single else 0.0
    print(f"  documents       : {len(docs)} rendered, median {median:.1f} ms per document "
          f"(without the report), all documents {statistics.median(docs.values()) * 1000:.1f} ms median, "
          f"{sum(docs.values()):.2f} s of renderer time")
    for rel in ("bao_cao_tong_ket.docx", "in_an.docx"):
        if rel in seconds:
            print(f"  {rel:<24}: {seconds[rel]:.2f} s")
    stage = run["timings"].get("write_documents", 0.0)  # the units' drafts have their own stage
    print(f"  write_documents : {stage:.2f} s wall for {len(docs) + ('in_an.docx' in seconds)} files = "
          f"{stage / (len(docs) + ('in_an.docx' in seconds)) * 1000:.1f} ms per file")


def draft_costs(label: str, run: dict) -> None:
    """Cost of the units' drafts in one run: the stage's wall time per drafting unit, and how many
    drafts were rendered (the others were reused from the previous run)."""
    units, files = run.get("draft_units", 0), run.get("draft_files", 0)
    if not units:
        print(f"  unit drafts ({label}): none")
        return
    rendered = {rel: s for rel, s in (run.get("render_seconds") or {}).items() if rel.startswith("ho_so_don_vi/")}
    stage = run["timings"].get("write_unit_drafts", 0.0)
    median = statistics.median(rendered.values()) * 1000 if rendered else 0.0
    print(f"  unit drafts ({label}): {files} files for {units} units, {len(rendered)} rendered "
          f"(median {median:.1f} ms each, {sum(rendered.values()):.2f} s of renderer time), "
          f"{files - len(rendered)} reused; stage {stage:.2f} s wall = "
          f"{stage / units * 1000:.2f} ms per unit")


def bench(n: int, repeat: int = 1, quota: tuple[int, int] | None = None) -> dict:
    ws = OUT / (f"ws_{n}" if quota is None else f"ws_{n}_q{quota[0]}-{quota[1]}")
    t0 = time.perf_counter()
    build_workspace(ws, n)
    if quota is not None:
        set_quota(ws, quota)
    print(f"\n== N = {n} units (workspace ready in {time.perf_counter() - t0:.1f} s), "
          f"median of {repeat} round(s)")
    floor = floor_ms(ws)
    fulls, reruns, quiets, watched = [], [], [], []
    for _ in range(repeat):
        shutil.rmtree(ws / ".thidua_cache", ignore_errors=True)
        shutil.rmtree(ws / "output", ignore_errors=True)
        fulls.append(run_child(ws))
        touch_one(ws)
        reruns.append(run_child(ws))
        touch_one(ws, "preparer")
        quiets.append(run_child(ws))
        watched.append(watch_reruns(ws))
    full, rerun, quiet = _median(fulls), _median(reruns), _median(quiets)
    every = ", ".join(f"{r['process']:.2f}" for r in fulls)
    read_ms = full["timings"]["read"] / n * 1000
    print(f"full run        : {full['process']:6.2f} s in a fresh process (pipeline {full['wall']:.2f} s), "
          f"peak RSS {max(r['max_rss_mb'] for r in fulls):.0f} MB; rounds: {every}")
    for stage, secs in full["timings"].items():
        print(f"  {stage:<16}{secs:7.2f} s   {secs / n * 1000:7.2f} ms/unit")
    document_costs(full)
    draft_costs("cold", full)
    print(f"read vs floor   : {read_ms:.2f} ms/file vs raw calamine {floor:.2f} ms/file = {read_ms / floor:.2f}x")
    for label, run, runs in (("re-run, 1 change that moves the ranking", rerun, reruns),
                             ("re-run, 1 change that moves no decision", quiet, quiets)):
        every = ", ".join(f"{r['process']:.2f}" for r in runs)
        print(f"{label}: {run['process']:6.2f} s ({run['process'] / full['process'] * 100:.0f}% of full), "
              f"cache hits {run['cache_hits']}/{n}; rounds: {every}")
        for stage, secs in run["timings"].items():
            print(f"  {stage:<16}{secs:7.2f} s")
        draft_costs("warm", run)
    for what, label in (("score", "moves the ranking"), ("preparer", "moves no decision")):
        secs = sorted(w[what] for w in watched)[len(watched) // 2]
        print(f"in `thidua watch` (same process), 1 change that {label}: {secs:6.2f} s "
              f"({secs / full['process'] * 100:.0f}% of full)")
    return {"n": n, "quota": quota, "full": fulls, "rerun": reruns, "rerun_no_decision": quiets, "watch": watched,
            "floor_ms": floor}


def main(sizes: list[int], repeat: int, quota: tuple[int, int] | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}")
    t0 = time.perf_counter()
    from thidua_reports import cli  # noqa: F401

    print(f"import of the CLI module: {(time.perf_counter() - t0) * 1000:.0f} ms")
    help_t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thidua_reports", "--help"], capture_output=True, check=True)
    print(f"thidua --help: {(time.perf_counter() - help_t0) * 1000:.0f} ms")
    results = [bench(n, repeat, quota) for n in sizes]
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    rounds = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    wanted = None
    if "--quota" in args:
        i = args.index("--quota")
        collectives, individuals = args[i + 1].split("/")
        wanted = (int(collectives), int(individuals))
        del args[i:i + 2]
    main([int(a) for a in args] or [25, 500, 2000], rounds, wanted)
