"""Each security point of SPEC §13, one test each: loopback by default, a password elsewhere, the login
cookie, CSRF on every POST, GET changes nothing, downloads only of listed files, upload caps, sanitised
names, escaped text."""

from __future__ import annotations

import asyncio
import hashlib
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.routing import Route

from tests.web.demo_fixture import copy_demo
from tests.web.web_client import client, csrf, text, wait_job
from thidua_reports import pipeline
from thidua_reports.cli.main import main
from thidua_reports.errors import ThiduaError
from thidua_reports.web import security
from thidua_reports.web.app import create_app, start_in_thread
from thidua_reports.web.security import Sessions, check_bind, is_loopback
from thidua_reports.web.uploads import safe_name


@pytest.fixture(scope="module")
def ran_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_demo(tmp_path_factory.mktemp("web_security"))
    pipeline.run(ws)
    return ws


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- binding and login -------------------------------------------------------------------------


def test_loopback_by_default_and_other_hosts_need_a_password() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "::", "may-chu.local"))
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", "mật khẩu")
    with pytest.raises(ThiduaError, match="khi chưa đặt mật khẩu"):
        check_bind("0.0.0.0", None)


def test_serve_refuses_a_network_host_without_a_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THIDUA_PASSWORD", raising=False)
    ws = copy_demo(tmp_path)
    result = CliRunner().invoke(main, ["serve", "-w", str(ws), "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 1
    assert "Không thể mở giao diện web trên địa chỉ 0.0.0.0 khi chưa đặt mật khẩu" in result.output
    assert "Traceback" not in result.output


def test_with_a_password_every_page_needs_the_login(ran_ws: Path) -> None:
    with client(ran_ws, password="bí-mật-2021") as c:
        first = c.get("/")
        assert first.status_code == 303 and first.headers["location"] == "/dang-nhap"
        assert c.get("/tai/output/to_trinh.docx").status_code == 303
        assert c.get("/api/trang-thai").status_code == 403
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        token = csrf(c, "/dang-nhap")
        assert c.post("/dang-nhap", data={"csrf": token, "mat_khau": "bí-mật-2021"}).status_code == 303
        assert c.get("/").status_code == 200
        assert c.get("/tai/output/to_trinh.docx").status_code == 200
        assert c.post("/dang-xuat", data={"csrf": token}).status_code == 303
        assert c.get("/").status_code == 303


def test_a_wrong_password_is_refused_and_slowed_down(ran_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "FAIL_DELAY", 0.2)
    with client(ran_ws, password="đúng") as c:
        token = csrf(c, "/dang-nhap")
        times = []
        for _ in range(3):
            start = time.perf_counter()
            r = c.post("/dang-nhap", data={"csrf": token, "mat_khau": "sai"})
            times.append(time.perf_counter() - start)
            assert r.status_code == 401 and "Mật khẩu không đúng" in r.text
        assert c.get("/").status_code == 303
    assert times[0] >= 0.2 and times[2] >= 0.6 and times[2] > times[0]


def test_password_compare_is_constant_time_over_digests() -> None:
    s = Sessions(password="mật khẩu")
    assert s.password_ok("mật khẩu") and not s.password_ok("mật khẩ") and not s.password_ok("")
    assert not s.password_ok("mật khẩu" * 1000)
    sid, cookie = s.new_cookie()
    assert s.session_id(cookie) == sid
    assert s.session_id(cookie[:-1] + ("0" if cookie[-1] != "0" else "1")) is None  # tampered signature
    assert s.session_id(f"{sid}x.{cookie.rsplit('.', 1)[1]}") is None
    assert Sessions().session_id(cookie) is None  # another process's secret
    assert asyncio.run(s.login(sid, "c", "mật khẩu")) and s.is_authenticated(sid)


# --- CSRF and GET ------------------------------------------------------------------------------


def post_routes() -> list[str]:
    app = create_app(Path("."), watch_inbox=False)
    return [r.path.replace("{kind}", "check") for r in app.routes
            if isinstance(r, Route) and "POST" in (r.methods or set())]


def test_every_post_route_is_known() -> None:
    assert set(post_routes()) >= {"/chay/check", "/nhan-ho-so", "/xet-chon/quyet-dinh", "/xet-chon/thanh-vien",
                                  "/xet-chon/phien-hop", "/xet-chon/bieu-quyet", "/van-ban/so-quyet-dinh",
                                  "/cai-dat", "/cai-dat/danh-muc", "/cai-dat/mau-nhap", "/dang-nhap", "/dang-xuat"}


@pytest.mark.parametrize("path", post_routes())
def test_every_post_needs_the_session_csrf_token(ran_ws: Path, path: str) -> None:
    before = tree(ran_ws)
    with client(ran_ws) as c, client(ran_ws) as other:
        c.get("/")
        foreign = csrf(other)  # a token of another session
        for data in ({}, {"csrf": "x"}, {"csrf": foreign}):
            r = c.post(path, data=data)
            assert r.status_code == 403, (path, data)
            assert "thiếu hoặc sai mã xác nhận" in text(r.text)
        r = c.post(path, headers={"X-CSRF-Token": foreign, "Accept": "application/json"})
        assert r.status_code == 403
    assert tree(ran_ws) == before


def test_get_changes_nothing(ran_ws: Path) -> None:
    before = tree(ran_ws)
    with client(ran_ws) as c:
        urls = ["/", "/?loc=hop-le&tim=phong", "/don-vi/PNV", "/don-vi/PGDDT", "/nhan-ho-so", "/xet-chon",
                "/van-ban", "/cai-dat", "/api/trang-thai", "/tai/output/to_trinh.docx", "/cai-dat/danh_muc.xlsx",
                "/chay/run", "/xet-chon/quyet-dinh", "/cai-dat/mau-nhap", "/van-ban/so-quyet-dinh", "/dang-xuat"]
        for url in urls:
            assert c.get(url).status_code in (200, 303, 405), url
        assert c.get("/api/trang-thai").json()["job"] is None  # no run was started by a GET
    assert tree(ran_ws) == before


# --- downloads ---------------------------------------------------------------------------------

TRAVERSALS = [
    "/tai/output/../thidua.toml", "/tai/output/..%2Fthidua.toml", "/tai/output/..%2F..%2F2021%2Fket_qua.json",
    "/tai/output/%2e%2e/%2e%2e/thidua.toml", "/tai/output/kiem_tra%2Fpnv.xlsx", "/tai/output/kiem_tra%5Cpnv.xlsx",
    "/tai/output/..%5C..%5Cthidua.toml", "/tai/output//etc/passwd", "/tai/output/%2Fetc%2Fpasswd",
    "/tai/output/C:/Windows/win.ini", "/tai/output/C:%5CWindows%5Cwin.ini", "/tai/output/c:thidua.toml",
    "/tai/inbox/pnv.xlsx", "/tai/../thidua.toml", "/tai/output/%2e/ket_qua.json", "/tai/output/ket_qua.json%00",
    "/xem/output/to_trinh.docx", "/tai/output/.thidua_cache", "/tai/output/khong_co.docx",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_downloads_only_of_listed_files(ran_ws: Path, url: str) -> None:
    with client(ran_ws) as c:
        assert c.get("/tai/output/kiem_tra/pnv.xlsx").status_code == 200
        r = c.get(url)
    assert r.status_code == 404, url
    assert "Không tìm thấy trang" in r.text


# --- uploads -----------------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused_before_being_written(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    toml = ws / "thidua.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("max_file_mb = 20", "max_file_mb = 0.01"),
                    encoding="utf-8")
    assert "max_file_mb = 0.01" in toml.read_text(encoding="utf-8")
    before = tree(ws / "inbox")
    with client(ws) as c:
        token = csrf(c, "/nhan-ho-so")
        r = c.post("/nhan-ho-so", data={"csrf": token},
                   files=[("tep", ("lon.xlsx", b"x" * 20_000, "application/octet-stream"))])
        assert r.status_code == 303
        page = text(c.get(r.headers["location"]).text)
    assert "Không lưu" in page and "quá lớn" in page
    assert tree(ws / "inbox") == before  # nothing written, no partial file left


def test_a_request_body_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    toml = ws / "thidua.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("max_file_mb = 20", "max_file_mb = 0.001"),
                    encoding="utf-8")
    with client(ws) as c:
        token = csrf(c, "/nhan-ho-so")
        big = b"x" * (2 << 20)  # 2 MB > 0,001 MB × 50 files + 1 MB
        r = c.post("/nhan-ho-so", headers={"X-CSRF-Token": token}, data={"csrf": token},
                   files=[("tep", ("a.xlsx", big, "application/octet-stream"))])
    assert r.status_code == 413 and "Dữ liệu gửi lên quá lớn" in r.text


def test_uploaded_names_are_sanitised_and_never_overwrite(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    data = (ws / "mau_nhap" / "xa-ah.xlsx").read_bytes()
    original = "../../Báo cáo <script>alert(1)</script> C:\\x.xlsx"
    with client(ws) as c:
        token = csrf(c, "/nhan-ho-so")
        for _ in range(2):
            r = c.post("/nhan-ho-so", data={"csrf": token}, files=[("tep", (original, data, "application/vnd.ms-excel"))])
            assert r.status_code == 303
            wait_job(c)
        html = c.get(r.headers["location"]).text
    stored = safe_name(original)
    assert stored == "x.xlsx"
    assert (ws / "inbox" / stored).read_bytes() == data
    assert (ws / "inbox" / "x (2).xlsx").read_bytes() == data
    assert not (tmp_path / "thidua.toml").exists() and not any(tmp_path.glob("*.xlsx"))
    assert "<script>alert(1)</script>" not in html  # the original name is shown, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_server_starts_in_a_thread_on_loopback(ran_ws: Path) -> None:
    import httpx

    server = start_in_thread(ran_ws)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        r = httpx.get(server.url + "/", timeout=10)
        assert r.status_code == 200 and "Tổng quan" in r.text
        assert r.headers["x-content-type-options"] == "nosniff"
    finally:
        server.stop()


def test_nothing_of_the_campaign_is_shown_before_the_login(ran_ws: Path) -> None:
    with client(ran_ws, password="đúng") as c:
        page = c.get("/dang-nhap").text
        missing = c.get("/khong-co").text
    for html in (page, missing):
        assert "Ninh Phước" not in html and "Tổng quan</a>" not in html
    assert "Đăng nhập" in page


def test_the_body_cap_grows_with_the_number_of_files(tmp_path: Path) -> None:
    """max_file_mb × number of files + 1 MB: one 1,7 MB file at 0,5 MB is cut off while it streams;
    four files of 0,4 MB (1,6 MB in all) pass the cap and are stored."""
    ws = copy_demo(tmp_path)
    toml = ws / "thidua.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("max_file_mb = 20", "max_file_mb = 0.5"),
                    encoding="utf-8")
    with client(ws) as c:
        token = csrf(c, "/nhan-ho-so")
        one = c.post("/nhan-ho-so", data={"csrf": token},
                     files=[("tep", ("mot.pdf", b"x" * 1_700_000, "application/pdf"))])
        assert one.status_code == 413 and "Dữ liệu gửi lên quá lớn" in one.text
        four = c.post("/nhan-ho-so", data={"csrf": token},
                      files=[("tep", (f"tep{n}.pdf", b"y" * 400_000, "application/pdf")) for n in range(4)])
        assert four.status_code == 303
        wait_job(c)
    assert sorted(p.name for p in (ws / "inbox").glob("tep*.pdf")) == [f"tep{n}.pdf" for n in range(4)]
    assert not (ws / "inbox" / "mot.pdf").exists()


def test_serve_takes_the_password_from_a_file_or_the_environment(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua_reports.web import app as web_app

    calls: list[dict] = []
    monkeypatch.setattr(web_app, "serve", lambda ws, **kw: calls.append({"ws": ws, **kw}))
    ws = copy_demo(tmp_path)
    secret = tmp_path / "mat_khau.txt"
    secret.write_text("bí mật\n", encoding="utf-8")
    monkeypatch.delenv("THIDUA_PASSWORD", raising=False)
    r1 = CliRunner().invoke(main, ["serve", "-w", str(ws), "--host", "0.0.0.0", "--port", "9000",
                                   "--password-file", str(secret), "--no-browser"])
    monkeypatch.setenv("THIDUA_PASSWORD", "từ môi trường")
    r2 = CliRunner().invoke(main, ["serve", "-w", str(ws)])
    assert r1.exit_code == 0 and r2.exit_code == 0, (r1.output, r2.output)
    assert calls[0]["password"] == "bí mật" and calls[0]["host"] == "0.0.0.0" and calls[0]["port"] == 9000
    assert calls[0]["open_browser"] is False and calls[0]["ws"] == ws.resolve()
    assert calls[1]["password"] == "từ môi trường" and calls[1]["host"] == "127.0.0.1" and calls[1]["port"] == 8765
    assert calls[1]["open_browser"] is True
    missing = CliRunner().invoke(main, ["serve", "-w", str(tmp_path / "khong_co")])
    assert missing.exit_code == 1 and "Không tìm thấy tệp cấu hình" in missing.output


def test_a_port_in_use_is_said_in_vietnamese(ran_ws: Path) -> None:
    import socket

    from thidua_reports.web.app import serve

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ThiduaError, match=f"cổng {port} của 127.0.0.1: cổng này đang được một chương trình"):
            serve(ran_ws, port=port, open_browser=False)
