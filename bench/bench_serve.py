"""Benchmark of `thidua serve` (SPEC §13): the warm server against a cold `thidua run`, and page times.

Usage: .venv/bin/python bench/bench_serve.py [--runs N] [--pages N] [--repeat K] [--requests R]
       [--scenario new|resend] [--profile]
(default: runs at 500 units with the median of 3 rounds of each scenario, pages at 2 000 units, 20
requests per page; --runs 0 or --pages 0 leaves that part out)

(a) Re-run after one upload, at N units, in two scenarios: "new", a unit that had not sent its
    workbook sends it; "resend", a unit re-sends its workbook with a corrected self-assessed score.
    Two copies of the same workspace see the same arrivals in the same order. Cold: on one copy,
    `python -m thidua_reports run` in a fresh process after each arrival (a first CLI run filled the
    cache, as an earlier run would have). Warm: on the other copy, one server process (uvicorn in a
    thread, real HTTP): a first run through the page's job API, then per round the workbook uploaded
    through Nhận hồ sơ (which checks it), a pause of THINK seconds (the officer reads the check's
    result; the server does its housekeeping then), and "Chạy toàn bộ" again, timed from the button's
    POST until the status says done. The two copies' outputs are compared at the end. Goal: warm ≤
    20 % of cold.
(b) Page times at N units after a run: Tổng quan (page 1 and a filtered page), Đơn vị of one unit,
    Xét chọn, Văn bản, Cài đặt, Nhận hồ sơ; median and max over R requests each. Goal: < 300 ms.
With --profile, the slowest page and the warm re-run are profiled in this process (cProfile, top 20).
Workspaces come from bench/synth.py (bench/out/ws_<N>, reused) and are copied to bench/out/serve_<N>.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from bench.synth import build_workspace  # noqa: E402
from thidua_reports.web.app import BackgroundServer, create_app  # noqa: E402
from thidua_reports.web.security import COOKIE, CSRF_FIELD  # noqa: E402

OUT = ROOT / "bench" / "out"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
RUN_GOAL = 0.20
THINK = 1.0  # seconds between the upload's check and "Chạy toàn bộ", as a person would take
PAGE_GOAL_MS = 300.0


def fresh_copy(n: int, name: str | None = None) -> Path:
    """bench/out/serve_<n> (or `name`): the synthetic workspace's inputs only (no output, no cache,
    no history)."""
    source = build_workspace(OUT / f"ws_{n}", n)
    target = OUT / (name or f"serve_{n}")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(source / "inbox", target / "inbox")
    for name_ in ("danh_muc.xlsx", "thidua.toml"):
        shutil.copy2(source / name_, target / name_)
    return target


def changed_workbook(ws: Path, index: int, target: Path) -> Path:
    """The inbox workbook number `index` with a corrected self-assessed score, written to target."""
    source = sorted((ws / "inbox").glob("*.xlsx"))[index]
    wb = load_workbook(source)
    for row in wb["ThongTin"].iter_rows():
        if row[0].value == "Điểm tự đánh giá CCHC":
            row[1].value = float(row[1].value) + (0.5 if float(row[1].value) < 99 else -0.5)
    wb.save(target)
    return target


def cli_run(ws: Path) -> float:
    """`python -m thidua_reports run -w ws` in a fresh process; its wall time."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thidua_reports", "run", "-w", str(ws)], capture_output=True,
                   check=True, cwd=ROOT)
    return time.perf_counter() - t0


class Client:
    """HTTP to the running server with the page's cookie and CSRF token."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=600, follow_redirects=False)
        self.token = self.csrf()

    def csrf(self, path: str = "/") -> str:
        found = CSRF.search(self.http.get(path).text)
        assert found, path
        return found.group(1)

    def start(self, kind: str) -> None:
        r = self.http.post(f"/chay/{kind}", headers={"Accept": "application/json", "X-CSRF-Token": self.token})
        assert r.status_code == 200, r.text

    def wait(self) -> dict:
        """Until the current job has ended, as the page follows it: the status request with ?doi=
        is answered when the job ends (or after a second with its progress)."""
        while True:
            job = self.http.get("/api/trang-thai").json()["job"]
            if job is not None and job["running"]:
                job = self.http.get("/api/trang-thai", params={"doi": job["id"]}).json()["job"]
            if job is None or not job["running"]:
                assert job is None or job["ok"], job
                return dict(job or {})

    def upload(self, path: Path) -> None:
        with path.open("rb") as f:
            r = self.http.post("/nhan-ho-so", data={CSRF_FIELD: self.token},
                               files=[("tep", (path.name, f, "application/octet-stream"))])
        assert r.status_code == 303, r.text


SCENARIOS = {
    "new": "a unit that had not sent its workbook sends it",
    "resend": "a unit re-sends its workbook with a corrected self-assessed score",
}


def arrivals(ws: Path, scenario: str, rounds: int) -> list[Path]:
    """The workbook each round brings, prepared under bench/out/arrivals_<scenario>/ before any run.
    "new": workbooks taken out of the inbox (their units have not sent yet); "resend": corrected
    copies of inbox workbooks, by the same names (they land as "<name> (2).xlsx")."""
    folder = OUT / f"arrivals_{scenario}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    inbox = sorted((ws / "inbox").glob("*.xlsx"))
    picked = [inbox[len(inbox) * (r + 1) // (rounds + 2)] for r in range(rounds)]  # spread over the registry
    if scenario == "new":
        return [Path(shutil.move(str(p), folder / p.name)) for p in picked]
    return [changed_workbook(ws, inbox.index(p), folder / p.name) for p in picked]


def land(ws: Path, arrival: Path) -> None:
    """Put `arrival` into ws/inbox as the upload page would: never over an existing file."""
    target = ws / "inbox" / arrival.name
    if target.exists():
        target = target.with_name(f"{arrival.stem} (2){arrival.suffix}")
    shutil.copy2(arrival, target)


def warm_vs_cold(n: int, rounds: int, scenario: str, profile: bool) -> dict[str, float]:
    print(f"\n== (a) re-run after one upload, N = {n} units, median of {rounds} round(s): "
          f"{SCENARIOS[scenario]}")
    ws = fresh_copy(n)
    incoming = arrivals(ws, scenario, rounds)
    cli_ws = OUT / f"serve_{n}_cli"  # the same inputs, run by the CLI
    shutil.rmtree(cli_ws, ignore_errors=True)
    shutil.copytree(ws, cli_ws)
    first_cli = cli_run(cli_ws)  # fills .thidua_cache as an earlier CLI run would
    colds = []
    for arrival in incoming:
        land(cli_ws, arrival)
        colds.append(cli_run(cli_ws))
    cold = statistics.median(colds)
    print(f"cold `thidua run` (fresh process; a first run filled the cache in {first_cli:.2f} s): "
          f"{cold:6.2f} s; rounds: {', '.join(f'{t:.2f}' for t in colds)}")

    server = BackgroundServer(create_app(ws))
    server.start()
    checks, warms = [], []
    try:
        c = Client(server.url)
        t0 = time.perf_counter()
        c.start("run")
        c.wait()
        first = time.perf_counter() - t0
        for arrival in incoming:
            t0 = time.perf_counter()
            c.upload(arrival)  # stored under its name, or "<name> (2).xlsx", and checked at once
            c.wait()
            checks.append(time.perf_counter() - t0)
            time.sleep(THINK)  # the officer reads the upload's result before pressing the button
            c.token = c.csrf()
            t0 = time.perf_counter()
            c.start("run")
            job = c.wait()
            warms.append(time.perf_counter() - t0)
    finally:
        server.stop()
    same = (ws / "output").exists() and manifests_equal(ws, cli_ws)
    check, warm = statistics.median(checks), statistics.median(warms)
    print(f"server, first run from the page (process warming up): {first:6.2f} s")
    print(f"server, upload of one workbook + its check          : {check:6.2f} s; rounds: "
          f"{', '.join(f'{t:.2f}' for t in checks)}")
    print(f"server, re-run from the page until done             : {warm:6.2f} s; rounds: "
          f"{', '.join(f'{t:.2f}' for t in warms)} (last job {job['done']}/{job['total']} files)")
    print(f"outputs of the server and of the CLI after the last round: {'identical' if same else 'DIFFERENT'}")
    ratio = warm / cold
    print(f"warm re-run / cold CLI run = {ratio * 100:.0f} %  (goal ≤ {RUN_GOAL * 100:.0f} %: "
          f"{'met' if ratio <= RUN_GOAL else 'MISSED'})")
    if profile:
        profile_rerun(ws)
    return {"cold": cold, "first": first, "check": check, "warm": warm, "ratio": ratio}


def manifests_equal(a: Path, b: Path) -> bool:
    """The two workspaces' output manifests list the same files with the same hashes."""
    import json

    def files(ws: Path) -> dict:
        manifest = next((ws / "output").glob("*/manifest.json"))
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {f["path"]: f["sha256"] for f in data["outputs"]}

    return files(a) == files(b)


def profile_rerun(ws: Path) -> None:
    """The warm re-run again in this process, under cProfile (the job does the same call in a thread)."""
    from thidua_reports import pipeline

    pipeline.run(ws)
    changed_workbook(ws, 200, ws / "inbox" / "profile (2).xlsx")
    t0 = time.perf_counter()
    summary = pipeline.run(ws)
    print(f"\nwarm re-run in this process: {time.perf_counter() - t0:.2f} s; stages: "
          + ", ".join(f"{k} {v:.2f}" for k, v in summary.timings.items()))
    changed_workbook(ws, 201, ws / "inbox" / "profile (3).xlsx")
    profiler = cProfile.Profile()
    profiler.enable()
    pipeline.run(ws)
    profiler.disable()
    show(profiler, "warm re-run")


PAGES = [("Tổng quan, trang 1", "/"), ("Tổng quan, lọc + trang 3", "/?loc=hop-le&tim=dv&trang=3"),
         ("Đơn vị", "/don-vi/{unit}"), ("Xét chọn", "/xet-chon"), ("Văn bản", "/van-ban"),
         ("Cài đặt", "/cai-dat"), ("Nhận hồ sơ", "/nhan-ho-so")]


def page_times(n: int, requests: int, profile: bool) -> dict[str, tuple[float, float]]:
    print(f"\n== (b) page times, N = {n} units after a run, {requests} requests each")
    ws = fresh_copy(n)
    app = create_app(ws)
    server = BackgroundServer(app)
    server.start()
    figures: dict[str, tuple[float, float]] = {}
    try:
        c = Client(server.url)
        t0 = time.perf_counter()
        c.start("run")
        c.wait()
        print(f"run from the page: {time.perf_counter() - t0:.2f} s")
        unit = sorted((ws / "inbox").glob("*.xlsx"))[n // 2].stem.upper()
        print(f"{'page':<28}{'median ms':>10}{'max ms':>10}  bytes")
        for label, path in PAGES:
            url = path.format(unit=unit)
            r = c.http.get(url)  # the first request of a page (template compile) is not counted
            assert r.status_code == 200, (url, r.status_code)
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = c.http.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200
            figures[label] = (statistics.median(times), max(times))
            flag = "" if max(times) < PAGE_GOAL_MS else "  > goal"
            print(f"{label:<28}{figures[label][0]:10.1f}{figures[label][1]:10.1f}  {len(r.content):,}{flag}")
        if profile:
            slowest = max(figures, key=lambda k: figures[k][0])
            path = dict(PAGES)[slowest].format(unit=unit)
            profile_page(app, path, c.http.cookies.get(COOKIE) or "", slowest)
    finally:
        server.stop()
    return figures


def profile_page(app: Any, path: str, cookie: str, label: str) -> None:
    """The page drawn 5 times by the ASGI app in this thread, under cProfile."""
    path, _, query = path.partition("?")

    async def get() -> None:
        scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
                 "query_string": query.encode(), "headers": [(b"cookie", f"{COOKIE}={cookie}".encode())],
                 "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "scheme": "http",
                 "http_version": "1.1", "root_path": "", "state": {}}

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            return None

        await app(scope, receive, send)

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        asyncio.run(get())
    profiler.disable()
    show(profiler, f"page {label} ({path}), 5 requests")


def show(profiler: cProfile.Profile, title: str) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(20)
    print(f"\n-- cProfile: {title}")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def main(args: list[str]) -> None:
    runs, pages, requests, rounds, profile = 500, 2000, 20, 3, "--profile" in args
    scenarios = list(SCENARIOS)
    if "--scenario" in args:
        scenarios = [args[args.index("--scenario") + 1]]
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
    if "--pages" in args:
        pages = int(args[args.index("--pages") + 1])
    if "--repeat" in args:
        rounds = int(args[args.index("--repeat") + 1])
    if "--requests" in args:
        requests = int(args[args.index("--requests") + 1])
    OUT.mkdir(parents=True, exist_ok=True)
    warnings.simplefilter("ignore")
    if runs:
        for scenario in scenarios:
            warm_vs_cold(runs, rounds, scenario, profile)
    if pages:
        page_times(pages, requests, profile)


if __name__ == "__main__":
    main(sys.argv[1:])
