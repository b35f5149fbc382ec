"""Tổng quan: the campaign, its counts, the unit table with filters, the run buttons and their progress;
plus login/logout and the JSON status the pages poll."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from thidua_reports.documents.pdf import find_soffice
from thidua_reports.vietnamese import ascii_fold
from thidua_reports.web.context import back, ctx, post, wants_json
from thidua_reports.web.jobs import KINDS
from thidua_reports.web.state import (
    STATUS_MISSING,
    STATUS_OK,
    STATUS_REJECTED,
    UnitRow,
    counts,
    days_left,
)

WAIT_SECONDS = 1.0  # the longest a status request with ?doi= is held
PAGE_SIZE = 50
FILTERS = {"": "Tất cả", "hop-le": STATUS_OK, "bi-tu-choi": STATUS_REJECTED, "chua-gui": STATUS_MISSING,
           "gui-muon": "Gửi muộn", "da-nhan": "Đã nhận", "co-loi": "Có lỗi hoặc cảnh báo",
           "thieu-ho-so": "Hồ sơ chưa đủ"}


def _keep(row: UnitRow, status: str, search: str) -> bool:
    if status == "hop-le" and row.status != STATUS_OK:
        return False
    if status == "bi-tu-choi" and row.status != STATUS_REJECTED:
        return False
    if status == "chua-gui" and row.status != STATUS_MISSING:
        return False
    if status == "da-nhan" and row.status not in (STATUS_OK, STATUS_REJECTED):
        return False
    if status == "gui-muon" and not row.late:
        return False
    if status == "co-loi" and not (row.errors or row.warnings):
        return False
    if status == "thieu-ho-so" and row.dossier_complete is not False:
        return False
    if search:
        hay = ascii_fold(f"{row.code} {row.name} {row.file or ''}").lower()
        return all(word in hay for word in search.split())
    return True


def _page_number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and 0 < int(text) < 100000 else 1


async def overview(request: Request) -> Response:
    web = ctx(request)
    settings, _ = web.state.settings()
    rows = web.state.unit_rows()
    status = request.query_params.get("loc", "")
    status = status if status in FILTERS else ""
    search = request.query_params.get("tim", "").strip()[:100]
    folded = ascii_fold(search).lower()
    shown = [r for r in rows if _keep(r, status, folded)]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(_page_number(request.query_params.get("trang")), pages)
    deadlines = []
    if settings:
        c = settings.campaign
        deadlines = [("Thi đua đến trước ngày", c.competition_end, None),
                     ("Hạn gửi hồ sơ", c.submission_deadline, days_left(c.submission_deadline)),
                     ("Hạn thẩm định, trình khen thưởng", c.appraisal_deadline, days_left(c.appraisal_deadline))]

    def page_url(n: int) -> str:
        query = {k: v for k, v in (("loc", status), ("tim", search), ("trang", str(n))) if v}
        return "/?" + urlencode(query)

    data = web.state.results()
    last = web.jobs.last("run") or web.jobs.last("pdf")
    if last is not None and last.summary is not None:
        notes = list(last.summary.notes)
    else:  # a run of the CLI or of an earlier server: its warnings as ket_qua.json keeps them
        notes = [_describe(p) for p in (data or {}).get("problems", []) if p.get("severity") == "warning"]
    return web.render(
        request, "overview.html", page_title="Tổng quan", auto_refresh=True,
        counts=counts(rows), rows=shown[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], shown=len(shown),
        page=page, pages=pages, page_url=page_url, filters=FILTERS, status=status, search=search,
        deadlines=deadlines, results=data, using_check=web.state.use_check(),
        results_time=web.state.results_time(), last_run=last, last_check=web.jobs.last("check"),
        has_pdf=find_soffice() is not None, busy=web.jobs.busy_message(), notes=notes,
        unknown=[f for f in web.state.inputs() if not f.get("unit_code") and f.get("status") in ("rejected", "ignored")],
    )


def _describe(problem: dict) -> str:
    where = [str(problem.get("file") or "")]
    if problem.get("sheet"):
        where.append(f"trang {problem['sheet']}")
    if problem.get("cell"):
        where.append(f"ô {problem['cell']}")
    place = ", ".join(w for w in where if w)
    return f"{place}: {problem.get('message', '')}" if place else str(problem.get("message", ""))


async def status(request: Request) -> Response:
    """The current job as JSON. With ?doi=<job id>, answered when that job has ended (and the page's
    data are updated) or after WAIT_SECONDS with its progress, so a page sees the end at once."""
    web = ctx(request)
    wanted = request.query_params.get("doi", "")
    if wanted.isdigit():
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            job = web.jobs.current
            if job is None or str(job.id) != wanted or (not job.running and web.jobs.idle):
                break
            await asyncio.sleep(0.02)  # a look at two attributes: nothing for the run to share
    return JSONResponse(web.status_json(), headers={"cache-control": "no-store"})


@post
async def start_job(request: Request) -> Response:
    web = ctx(request)
    kind = request.path_params["kind"]
    if kind not in KINDS:
        return JSONResponse({"error": "Thao tác không có."}, status_code=404)
    job, reason = web.jobs.start(kind)
    if wants_json(request):
        if job is None:
            return JSONResponse({"error": reason}, status_code=409)
        return JSONResponse({"job": job.as_json()})
    if job is None:
        web.flash(request, reason or "", "error")
    else:
        web.flash(request, f"Đã bắt đầu: {job.label}. Trang sẽ tự cập nhật khi xong.")
    return back("/")


async def login_page(request: Request) -> Response:
    web = ctx(request)
    if not web.sessions.login_required or web.sessions.is_authenticated(request.state.sid):
        return back("/")
    return web.render(request, "login.html", page_title="Đăng nhập", failed=False)


@post
async def login(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    given = form.get("mat_khau")
    client = request.client.host if request.client else "?"
    if isinstance(given, str) and await web.sessions.login(request.state.sid, client, given):
        return back("/")
    return web.render(request, "login.html", status_code=401, page_title="Đăng nhập", failed=True)


@post
async def logout(request: Request) -> Response:
    ctx(request).sessions.logout(request.state.sid)
    return back("/dang-nhap")


routes = [
    Route("/", overview),
    Route("/api/trang-thai", status),
    Route("/chay/{kind}", start_job, methods=["POST"]),
    Route("/dang-nhap", login_page),
    Route("/dang-nhap", login, methods=["POST"]),
    Route("/dang-xuat", logout, methods=["POST"]),
]
