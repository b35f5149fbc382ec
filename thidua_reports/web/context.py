"""What every page shares: the workspace's state, runner, downloads and sessions; rendering with
autoescaped Jinja templates; flash messages; the CSRF check of every POST."""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from thidua_reports.vietnamese import format_decimal_vi, format_money, format_percent, short_date
from thidua_reports.web.jobs import Job, Jobs
from thidua_reports.web.listing import Downloads
from thidua_reports.web.monitor import InboxMonitor
from thidua_reports.web.security import CSRF_FIELD, CSRF_HEADER, Sessions
from thidua_reports.web.state import State

HERE = Path(__file__).resolve().parent
MAX_FILES = 50  # files in one upload
FORM_SLACK = 1 << 20  # the fields of a form besides its files: 1 MB
Handler = Callable[[Request], Awaitable[Response]]
NAV = [("/", "Tổng quan"), ("/nhan-ho-so", "Nhận hồ sơ"), ("/xet-chon", "Xét chọn"),
       ("/van-ban", "Văn bản"), ("/cai-dat", "Cài đặt")]


class BodyTooLarge(Exception):
    """A request body went over the cap while it was being read."""


def _num(value: Any, places: int | None = None) -> str:
    if value is None or value == "":
        return ""
    try:
        if isinstance(value, str):
            value = Fraction(value) if "/" in value else Decimal(value)
        return format_decimal_vi(value, places)
    except (InvalidOperation, ValueError, ZeroDivisionError):
        return str(value)


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, int | float):
        return time.strftime("%d/%m/%Y %H:%M", time.localtime(value))
    return "" if value is None else str(value)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} byte"
    if n < 1024 * 1024:
        return f"{format_decimal_vi(Decimal(n) / 1024, 1)} KB"
    return f"{format_decimal_vi(Decimal(n) / (1024 * 1024), 1)} MB"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(money=lambda n: format_money(int(n or 0)), num=_num, vdate=_date, size=_size,
                       pct=lambda v: format_percent(Fraction(v)) if v is not None else "")
    return env


class WebContext:
    def __init__(self, workspace: Path, sessions: Sessions, debug: bool = False) -> None:
        self.workspace = workspace
        self.sessions = sessions
        self.debug = debug
        self.state = State(workspace)
        self.jobs = Jobs(workspace, on_finish=self._finished, debug=debug)
        self.monitor = InboxMonitor(workspace, self.jobs)
        self.env = _environment()
        self._downloads: Downloads | None = None
        self._flash: dict[str, list[tuple[str, str]]] = {}
        self.version = 0  # bumped when what the pages show may have changed
        self.batches: dict[int, dict] = {}  # uploads of this process: number → stored files and a note

    # --- shared services ------------------------------------------------------------------------

    def downloads(self) -> Downloads | None:
        year = self.state.year
        if year is None:
            return None
        if self._downloads is None or self._downloads.year != year:
            self._downloads = Downloads(self.workspace, year)
        return self._downloads

    def _finished(self, job: Job) -> None:
        if job.kind == "check" and job.ok and job.summary is not None:
            self.state.check_summary, self.state.check_time = job.summary, job.finished or time.time()
        elif job.ok:  # a whole run supersedes the check before it
            self.state.check_summary = None
        self.version += 1

    def max_file_bytes(self) -> int:
        settings, _ = self.state.settings()
        mb = settings.limits.max_file_mb if settings else 20
        return int(mb * 1024 * 1024)

    def body_cap(self) -> int:
        """max_file_mb × the most files of one upload + 1 MB (SPEC §13)."""
        return self.max_file_bytes() * MAX_FILES + FORM_SLACK

    def too_large_text(self) -> str:
        mb = format_decimal_vi(Decimal(self.max_file_bytes()) / (1024 * 1024), 1)
        return (f"Mỗi lần gửi tối đa {MAX_FILES} tệp, mỗi tệp không quá {mb} MB ([limits] max_file_mb). "
                "Hãy gửi ít tệp hơn hoặc nén nhỏ tệp rồi thử lại.")

    def shutdown(self) -> None:
        self.monitor.stop()
        self.jobs.workers.shutdown()

    # --- pages ----------------------------------------------------------------------------------

    def flash(self, request: Request, text: str, kind: str = "ok") -> None:
        self._flash.setdefault(request.state.sid, []).append((kind, text))

    def render(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        sid = request.state.sid
        authed = self.sessions.is_authenticated(sid)
        settings, settings_error = self.state.settings() if authed else (None, None)  # nothing before the login
        base = {
            "request": request, "nav": NAV if authed else [], "path": request.url.path,
            "csrf": self.sessions.csrf_token(sid), "csrf_field": CSRF_FIELD,
            "logged_in": self.sessions.login_required and self.sessions.is_authenticated(sid),
            "settings": settings, "settings_error": settings_error,
            "flashes": self._flash.pop(sid, []), "job": self.jobs.current if authed else None,
            "version": self.version,
        }
        base.update(context)
        html = self.env.get_template(template).render(**base)
        return HTMLResponse(html, status_code=status_code, headers={"cache-control": "no-store"})

    def status_json(self) -> dict:
        job = self.jobs.current
        return {"job": job.as_json() if job else None, "version": self.version}


def error_page(web: WebContext, request: Request, status: int, title: str, text: str) -> HTMLResponse:
    if not hasattr(request.state, "sid"):
        request.state.sid = ""
    return web.render(request, "error.html", status_code=status, title=title, text=text, code=status)


def ctx(request: Request) -> WebContext:
    return request.app.state.web


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def post(handler: Handler) -> Handler:
    """A state-changing handler: refused (403) without the session's CSRF token, in a header or form field."""

    @functools.wraps(handler)
    async def checked(request: Request) -> Response:
        web = ctx(request)
        token = request.headers.get(CSRF_HEADER)
        if token is None:
            ctype = request.headers.get("content-type", "")
            if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
                form = await request.form(max_files=MAX_FILES, max_fields=2000)
                value = form.get(CSRF_FIELD)
                token = value if isinstance(value, str) else None
        if not web.sessions.csrf_ok(request.state.sid, token):
            text = ("Yêu cầu không hợp lệ: thiếu hoặc sai mã xác nhận của phiên làm việc (chống giả mạo). "
                    "Hãy tải lại trang rồi thử lại.")
            if wants_json(request):
                return JSONResponse({"error": text}, status_code=403)
            return error_page(web, request, 403, "Yêu cầu bị từ chối", text)
        try:
            return await handler(request)
        finally:
            await request.close()  # the uploaded files' temporary copies

    checked.__csrf_checked__ = True  # type: ignore[attr-defined]
    return checked


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
