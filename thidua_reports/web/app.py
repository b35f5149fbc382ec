"""The web application of `thidua serve` (SPEC §13): routes, the session/login/size guard, error pages,
and a way to run it in a thread for tests and benchmarks."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thidua_reports.errors import ThiduaError
from thidua_reports.web import (
    views_council,
    views_documents,
    views_intake,
    views_overview,
    views_settings,
    views_unit,
)
from thidua_reports.web.context import FORM_SLACK, BodyTooLarge, WebContext, error_page
from thidua_reports.web.security import COOKIE, Sessions, check_bind

HERE = Path(__file__).resolve().parent
OPEN_PATHS = ("/static/", "/dang-nhap")
FILE_PART = b'; filename="'  # in the header of each file part of a multipart body
SECURITY_HEADERS = [  # every asset is ours: no inline script, no other origin, no framing by others
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; object-src 'self'; frame-ancestors 'self'; form-action 'self'"),
]


class Guard:
    """Every request: a signed session cookie, the login when a password is set, the body size cap."""

    def __init__(self, app: ASGIApp, web: WebContext) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        sessions = self.web.sessions
        sid = sessions.session_id(request.cookies.get(COOKIE))
        cookie = None
        if sid is None:
            sid, cookie = sessions.new_cookie()
        scope.setdefault("state", {})["sid"] = sid
        path = scope["path"]
        if not sessions.is_authenticated(sid) and not path.startswith(OPEN_PATHS):
            if scope["method"] in ("GET", "HEAD") and not path.startswith("/api/"):
                response: Response = RedirectResponse("/dang-nhap", status_code=303)
            else:
                response = error_page(self.web, request, 403, "Cần đăng nhập",
                                      "Hãy đăng nhập trước khi thực hiện thao tác này.")
            await self._send_with_cookie(response, cookie, scope, receive, send)
            return
        cap = self.web.body_cap()  # the most a request may carry (MAX_FILES files)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > cap:
            response = error_page(self.web, request, 413, "Dữ liệu gửi lên quá lớn", self.web.too_large_text())
            await self._send_with_cookie(response, cookie, scope, receive, send)
            return
        per_file, slack = self.web.max_file_bytes(), FORM_SLACK
        multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
        received, files, tail = 0, 0, b""

        async def capped_receive() -> Message:
            # max_file_mb × the files announced so far + 1 MB (SPEC §13): a file part's header comes
            # before its data, so the allowance grows as each file begins
            nonlocal received, files, tail
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                received += len(body)
                if multipart:
                    window = tail + body
                    files += window.count(FILE_PART) - tail.count(FILE_PART)
                    tail = window[-len(FILE_PART):]
                allowed = per_file * max(1, files) + slack if multipart else slack
                if received > min(cap, allowed):
                    raise BodyTooLarge()
            return message

        async def send_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + SECURITY_HEADERS
                if cookie is not None:
                    headers.append((b"set-cookie", _cookie_header(cookie).encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, capped_receive, send_cookie)

    async def _send_with_cookie(self, response: Response, cookie: str | None, scope: Scope,
                                receive: Receive, send: Send) -> None:
        response.raw_headers.extend(SECURITY_HEADERS)
        if cookie is not None:
            response.raw_headers.append((b"set-cookie", _cookie_header(cookie).encode("latin-1")))
        await response(scope, receive, send)


def _cookie_header(value: str) -> str:
    return f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict"


def create_app(workspace: Path, *, password: str | None = None, debug: bool = False,
               watch_inbox: bool = True) -> Starlette:
    """The application on `workspace`; with `password` every page needs a login."""
    web = WebContext(Path(workspace).resolve(), Sessions(password=password or None), debug=debug)
    routes: list[Any] = [
        *views_overview.routes, *views_unit.routes, *views_intake.routes, *views_council.routes,
        *views_documents.routes, *views_settings.routes,
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {404: ("Không tìm thấy trang", "Trang hoặc tệp bạn yêu cầu không có (hoặc không được phép tải)."),
                  405: ("Thao tác không được phép", "Địa chỉ này không nhận kiểu yêu cầu vừa gửi.")}
        title, text = titles.get(exc.status_code, ("Yêu cầu không hợp lệ", "Yêu cầu không xử lý được."))
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": text}, status_code=exc.status_code)
        return error_page(web, request, exc.status_code, title, text)

    async def too_large(request: Request, exc: Exception) -> Response:
        return error_page(web, request, 413, "Dữ liệu gửi lên quá lớn", web.too_large_text())

    async def crash(request: Request, exc: Exception) -> Response:
        return error_page(web, request, 500, "Đã xảy ra lỗi ngoài dự kiến",
                          "Thao tác chưa hoàn thành; dữ liệu đã có vẫn được giữ nguyên. Hãy thử lại; nếu lỗi "
                          "lặp lại, hãy khởi động lại với --debug và gửi nội dung hiển thị cho người hỗ trợ kỹ thuật.")

    handlers: dict[Any, Any] = {HTTPException: http_error, BodyTooLarge: too_large}
    if not debug:
        handlers[Exception] = crash
    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        web.shutdown()

    app = Starlette(debug=debug, routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.router.redirect_slashes = False  # no redirect to a guessed path: unknown is 404
    app.state.web = web
    app.add_middleware(Guard, web=web)  # type: ignore[arg-type]
    if watch_inbox:
        web.monitor.start()
    return app


class BackgroundServer:
    """uvicorn in a thread (tests, benchmarks, the browser suite): `url` once it answers."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        if port == 0:
            with socket.socket() as s:
                s.bind((host, 0))
                port = s.getsockname()[1]
        self.url = f"http://{host}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, name="thidua-web", daemon=True)

    def start(self, timeout: float = 20.0) -> str:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("Không khởi động được máy chủ web.")
            time.sleep(0.05)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_in_thread(workspace: Path, *, password: str | None = None, port: int = 0,
                    debug: bool = False) -> BackgroundServer:
    """Create the app on `workspace` and serve it on 127.0.0.1 in a daemon thread; `.url`, `.stop()`."""
    server = BackgroundServer(create_app(workspace, password=password, debug=debug), port=port)
    server.start()
    return server


def _check_port(host: str, port: int) -> None:
    """A port already taken (often: thidua serve is already running) is said in Vietnamese, not by uvicorn."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if sys.platform != "win32":  # as uvicorn does: a restart must not trip over TIME_WAIT connections
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            raise ThiduaError(
                f"Không mở được giao diện web trên cổng {port} của {host}: cổng này đang được một chương trình "
                f"khác dùng (có thể thidua serve đã đang chạy — hãy mở http://{host}:{port}/ trong trình duyệt). "
                "Muốn chạy thêm, hãy chọn cổng khác bằng --port, ví dụ --port 8766."
            ) from None


def serve(workspace: Path, *, host: str = "127.0.0.1", port: int = 8765, password: str | None = None,
          open_browser: bool = True, debug: bool = False, echo: Any = print) -> None:
    """`thidua serve`: refuse a non-loopback host without a password, serve, open the browser once up."""
    import uvicorn

    check_bind(host, password)
    _check_port(host, port)
    app = create_app(workspace, password=password, debug=debug)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/"

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            echo(f"Giao diện web đang chạy tại {url} — nhấn Ctrl+C để dừng.")
            if open_browser:
                import webbrowser

                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    server.run()


__all__ = ["create_app", "start_in_thread", "serve", "BackgroundServer", "HTMLResponse"]
