"""`thidua serve` in a real headless Chromium at 1366×768 on the demo workspace: one officer's session,
step by step (the tests run in file order and share one server and one browser): upload, the check of
what arrived, a run with live progress, a unit's errors, the council's Loại, the decision number, a
download, the security probes, and the login when a password is set. Every step asserts what the page
shows and what is on disk.

Playwright drives the machine's own Chromium; without one the module is skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.web.browser_support import (
    BROKEN_CODE,
    HOSTILE_NAME,
    VIEWPORT,
    broken_workbook,
    browser_workspace,
    chromium_path,
    plain,
    results,
    shot,
    tree_hashes,
    wait_idle,
)
from thidua_reports.errors import ThiduaError
from thidua_reports.web.app import BackgroundServer, create_app, start_in_thread
from thidua_reports.web.security import check_bind

CHROMIUM = chromium_path()
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)")]
PASSWORD = "Mật khẩu 2021"
LONG = 90_000  # ms: a run of the demo on a busy machine


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return browser_workspace(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def server(ws: Path) -> Iterator[str]:
    running = start_in_thread(ws)
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def dialogs() -> list[str]:
    return []


@pytest.fixture(scope="module")
def page(browser: Any, server: str, dialogs: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, base_url=server, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(20_000)
    tab = context.new_page()

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    tab.on("dialog", answer)
    yield tab
    context.close()


def expect() -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def row_of(page: Any, table: str, text: str) -> Any:
    return page.locator(f"{table} tbody tr").filter(has_text=text).first


def test_upload_two_files_one_name_already_taken(page: Any, ws: Path, tmp_path: Path) -> None:
    inbox = ws / "inbox"
    before = tree_hashes(inbox)
    assert "to_trinh_pnv_da_ky.pdf" in before and "pyt.xlsx" not in before
    workbook = broken_workbook(ws, tmp_path / "pyt.xlsx")
    scan = tmp_path / "to_trinh_pnv_da_ky.pdf"  # the unit sends its signed Tờ trình again
    scan.write_bytes(b"%PDF-1.4\n% ban chup lai\n%%EOF\n")
    page.goto("/nhan-ho-so")
    shot(page, "nhan_ho_so")
    page.set_input_files("#files", [str(workbook), str(scan)])
    chosen = page.locator("#chosen li")
    expect()(chosen).to_have_count(2)
    assert chosen.nth(0).inner_text().startswith("pyt.xlsx (") and " KB)" in chosen.nth(0).inner_text()
    hint = page.locator("#upload-hint")  # the scan names no unit: said before sending
    expect()(hint).to_contain_text("Bản chụp/PDF cần chọn đơn vị (hoặc tên tệp bắt đầu bằng mã đơn vị): "
                                   "\u201cto_trinh_pnv_da_ky.pdf\u201d")
    assert "pyt.xlsx" not in hint.inner_text()
    page.select_option("select[name=don_vi]", "PNV")
    expect()(hint).to_be_hidden()
    page.select_option("select[name=don_vi]", "")  # sent as it is, to show what becomes of it
    expect()(hint).to_be_visible()
    page.get_by_role("button", name="Gửi và kiểm tra").click()
    page.wait_for_url(re.compile(r"/nhan-ho-so\?lo=\d+$"))
    expect()(page.locator(".flash").first).to_contain_text("Đã lưu 2 tệp vào inbox")
    job = wait_idle(page)
    assert job["ok"] is True, job["message"]
    batch = page.locator("table.batch")
    expect()(batch).to_contain_text("Bị từ chối", timeout=LONG)  # the page reloads itself once checked
    shot(page, "nhan_ho_so_ket_qua")

    broken = plain(row_of(page, "table.batch", "pyt.xlsx").inner_text())
    assert broken.startswith("pyt.xlsx pyt.xlsx Bị từ chối PYT")
    assert "Lỗi, trang ThongTin, ô B8: Ô B8 (Số nhiệm vụ CCHC được giao): \"mười hai\" không phải là số" in broken
    again = plain(row_of(page, "table.batch", "to_trinh_pnv_da_ky.pdf").inner_text())
    # a scan dropped without choosing its unit, its name not starting with a unit's code: kept in
    # inbox/, ignored with the naming rule (SPEC §12.2)
    assert again.startswith("to_trinh_pnv_da_ky.pdf to_trinh_pnv_da_ky (2).pdf Bỏ qua Tệp đính kèm không xác "
                            "định được đơn vị gửi")
    assert "tên tệp bắt đầu bằng mã đơn vị" in again
    expect()(page.locator(".flash.warn").first).to_contain_text(
        "Tệp \u201cto_trinh_pnv_da_ky.pdf\u201d chưa vào hồ sơ đơn vị nào (không biết đơn vị gửi). Hãy gửi lại")

    after = tree_hashes(inbox)
    added = {name: after[name] for name in set(after) - set(before)}
    assert sorted(added) == ["pyt.xlsx", "to_trinh_pnv_da_ky (2).pdf"]
    assert {k: after[k] for k in before} == before  # nothing already there was touched
    assert (inbox / "to_trinh_pnv_da_ky (2).pdf").read_bytes() == scan.read_bytes()
    assert (inbox / "pyt.xlsx").read_bytes() == workbook.read_bytes()


def test_a_unit_page_lists_the_errors_with_sheet_and_cell(page: Any) -> None:
    page.goto(f"/don-vi/{BROKEN_CODE}")
    shot(page, "don_vi_loi")
    expect()(page.locator("h1")).to_contain_text("Phòng Y tế (PYT)")
    block = page.locator(".file-block").filter(has_text="pyt.xlsx")
    expect()(block.locator(".badge").first).to_have_text("Bị từ chối")
    error = block.locator("table.problems tr.error").first
    cells = [plain(c) for c in error.locator("td").all_inner_texts()]
    assert cells[:3] == ["Lỗi", "ThongTin", "B8"]
    assert cells[3].startswith('Ô B8 (Số nhiệm vụ CCHC được giao): "mười hai" không phải là số')


def test_run_everything_with_live_progress(page: Any, ws: Path) -> None:
    page.goto("/")
    page.get_by_role("button", name="Chạy toàn bộ").click()
    bar = page.locator("#job-bar")
    expect()(bar).to_be_visible()
    expect()(page.locator("#job-text")).to_contain_text("Chạy toàn bộ:")
    expect()(page.get_by_role("button", name="Kiểm tra")).to_be_disabled()  # one job at a time
    job = wait_idle(page)
    assert job["ok"] is True and job["label"] == "Chạy toàn bộ" and job["done"] == job["total"] == 28
    expect()(page.locator(".run-info")).to_contain_text("Lượt chạy toàn bộ gần nhất", timeout=LONG)
    expect()(bar).to_be_hidden()
    shot(page, "tong_quan")

    data = results(ws)
    received = {i["unit_code"] for i in data["inputs"] if i["unit_code"] and i["status"] != "attachment"}
    accepted = {u["code"] for u in data["units"] if u["accepted"]}
    counts = {label: int(plain(page.locator(".count").filter(has_text=label).locator(".n").inner_text()))
              for label in ("Đơn vị trong danh mục", "Đã nhận", "Hợp lệ", "Bị từ chối", "Chưa gửi", "Gửi muộn")}
    assert counts == {"Đơn vị trong danh mục": len(data["units"]), "Đã nhận": len(received),
                      "Hợp lệ": len(accepted), "Bị từ chối": len(received - accepted),
                      "Chưa gửi": len(data["missing_units"]),
                      "Gửi muộn": sum(1 for u in data["units"] if u["late"])}
    assert (counts["Bị từ chối"], counts["Chưa gửi"], counts["Gửi muộn"]) == (3, 2, 1)  # PYT sent, rejected
    totals = data["totals"]
    proposed = plain(page.locator("table.summary tr").filter(has_text="Đề nghị khen thưởng").inner_text())
    assert proposed == f"Đề nghị khen thưởng {totals['collectives']} {totals['individuals']}"
    assert (totals["collectives"], totals["individuals"], totals["total"]) == (6, 10, 9_900_000)
    expect()(page.locator(".actions")).to_contain_text("Tổng tiền thưởng: 9.900.000 đồng (Chín triệu chín trăm nghìn đồng)")
    shown = set(page.locator("table.units tbody tr").filter(has_text="Được đề nghị")
                .locator("td:first-child").all_inner_texts())
    assert shown == {u["code"] for u in data["units"] if u["selected"]}
    assert shown == {"PNV", "PTP", "PTNMT", "PKTHT", "TT-PD", "XA-PHAU"}


def test_the_council_removes_a_selected_collective(page: Any, ws: Path) -> None:
    page.goto("/xet-chon")
    shot(page, "xet_chon")
    row = row_of(page, "#tap-the table.ranking", "Phòng Tư pháp")
    expect()(row).to_contain_text("Được đề nghị")
    row.get_by_label("Lý do").fill("Chưa hoàn thành khắc phục sau thanh tra")
    row.get_by_role("button", name="Loại").click()
    page.wait_for_url(re.compile(r"/xet-chon"))
    row = row_of(page, "#tap-the table.ranking", "Phòng Tư pháp")
    expect()(row).to_contain_text("Đã ghi: Loại — Chưa hoàn thành khắc phục sau thanh tra")
    rows = council_rows(ws)
    assert ["Tập thể", "PTP", "Loại", "Chưa hoàn thành khắc phục sau thanh tra"] in rows["QuyetDinh"]
    # the demo's council had already voted on PTP: a candidate no longer put to the vote keeps no vote
    # row (the run refuses one), so the same save removes it and says so, in sight at the top
    expect()(page.locator(".flash").first).to_contain_text(
        "Đã xóa dòng biểu quyết của PTP (trang BieuQuyet) vì PTP không còn trong danh sách đưa ra biểu quyết.")
    expect()(page.locator(".flash").first).to_be_in_viewport()
    assert not any(r[:2] == ["Tập thể", "PTP"] for r in rows["BieuQuyet"]) and len(rows["BieuQuyet"]) == 16 + 1
    assert ["Cá nhân", "PTP", "Đoàn Thị Kim Liên", "8", "0"] in rows["BieuQuyet"]
    collectives = page.locator("#bieu-quyet table tbody tr").filter(has_text="Tập thể")
    expect()(collectives.filter(has_text="Phòng Tư pháp")).to_have_count(0)  # no longer on the ballot
    expect()(collectives.filter(has_text="Phòng Nội vụ")).to_have_count(1)
    page.get_by_role("button", name="Ghi kết quả biểu quyết").click()  # the vote table saved as shown
    expect()(page.locator(".flash").first).to_contain_text("Đã ghi kết quả biểu quyết của 16 tập thể, cá nhân.")
    assert len(council_rows(ws)["BieuQuyet"]) == 16 + 1
    shot(page, "xet_chon_sau_loai")


def council_rows(ws: Path) -> dict[str, list[list[str]]]:
    """The council workbook's non-empty rows by sheet, blank cells left out."""
    wb = load_workbook(ws / "quyet_dinh_hoi_dong.xlsx", read_only=True)
    try:
        return {sheet.title: [r for r in ([str(v) for v in row if v not in (None, "")]
                                          for row in sheet.iter_rows(values_only=True)) if r]
                for sheet in wb.worksheets}
    finally:
        wb.close()


def test_the_decision_number_is_saved_and_printed_after_a_run(page: Any, ws: Path) -> None:
    toml = ws / "thidua.toml"
    comments = [line.split("#", 1)[1] for line in toml.read_text(encoding="utf-8").splitlines() if "#" in line]
    page.goto("/van-ban")
    expect()(page.locator("body")).to_contain_text("chưa có số")
    page.get_by_label("Số Quyết định").fill("125")
    page.get_by_label("Ngày ký").fill("15/12/2021")
    page.get_by_role("button", name="Lưu và chạy lại").click()
    expect()(page.locator(".flash").first).to_contain_text("Đã lưu số Quyết định 125 ngày 15/12/2021 vào thidua.toml.")
    text = toml.read_text(encoding="utf-8")
    assert 'decision_number = "125"' in text and "decision_date = 2021-12-15" in text
    assert all(comment in text for comment in comments) and len(comments) > 5
    job = wait_idle(page)
    assert job["ok"] is True, job["message"]
    page.goto("/van-ban")
    expect()(page.locator("body")).to_contain_text("Hiện tại: Số: 125/QĐ-UBND")
    shot(page, "van_ban")

    doc = Document(str(ws / "output" / "2021" / "quyet_dinh.docx"))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any("Số: 125/QĐ-UBND" in t for t in texts)
    data = results(ws)  # this run also took the council's Loại
    ptp = next(u for u in data["units"] if u["code"] == "PTP")
    assert ptp["override"] == "Loại" and not ptp["selected"]
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    start = rows.index(["I. TẬP THỂ"] * 3)
    listed = [r[1] for r in rows[start + 1:rows.index(["II. CÁ NHÂN"] * 3)]]
    assert listed == ["Phòng Nội vụ", "UBND thị trấn Phước Dân", "UBND xã Phước Hậu",
                      "Phòng Tài nguyên và Môi trường", "Phòng Kinh tế và Hạ tầng"]  # no Phòng Tư pháp
    assert sorted(listed) == sorted(u["name"] for u in data["units"] if u["selected"])
    assert ["", "Tổng cộng", "9.000.000"] in rows and data["totals"]["total"] == 9_000_000
    page.goto("/?tim=PTP")
    expect()(row_of(page, "table.units", "PTP")).not_to_contain_text("Được đề nghị")


def test_a_listed_file_downloads_with_its_bytes(page: Any, ws: Path) -> None:
    page.goto("/van-ban")
    row = row_of(page, "table.docs", "Sổ tổng hợp kết quả (Excel)")
    with page.expect_download() as info:
        row.get_by_role("link", name="Tải về").click()
    download = info.value
    assert download.suggested_filename == "tong_hop.xlsx"
    assert Path(download.path()).read_bytes() == (ws / "output" / "2021" / "tong_hop.xlsx").read_bytes()


@pytest.mark.parametrize("path", ["/tai/output/..%2fthidua.toml", "/tai/output/%2e%2e/%2e%2e/thidua.toml",
                                  "/tai/output/..%5c..%5cthidua.toml", "/tai/inbox/pnv.xlsx", "/khong-co-trang"])
def test_a_path_outside_the_listing_is_a_vietnamese_404(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response.status == 404
    expect()(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect()(page.locator("main")).to_contain_text("Mã lỗi 404.")
    assert "thidua.toml" not in page.content() and "[campaign]" not in page.content()
    if path == "/khong-co-trang":
        shot(page, "loi_404")


def test_a_post_without_its_csrf_token_is_refused(page: Any, ws: Path) -> None:
    page.goto("/")
    before = wait_idle(page)
    for headers in ({"Accept": "application/json"}, {"Accept": "application/json", "X-CSRF-Token": "sai"}):
        status = page.evaluate("h => fetch('/chay/run', {method: 'POST', headers: h}).then(r => r.status)", headers)
        assert status == 403
    form = page.evaluate("() => fetch('/van-ban/so-quyet-dinh', {method: 'POST', body: new URLSearchParams("
                         "{so: '999', ngay: '01/01/2022'})}).then(r => r.status)")
    assert form == 403
    assert wait_idle(page)["id"] == before["id"]  # no job started
    assert 'decision_number = "125"' in (ws / "thidua.toml").read_text(encoding="utf-8")


def test_a_script_in_a_unit_name_shows_as_text(page: Any, dialogs: list[str]) -> None:
    dialogs.clear()
    page.goto("/?loc=chua-gui")
    cell = row_of(page, "table.units", "XA-PSON").locator("td").nth(1)
    expect()(cell).to_have_text(HOSTILE_NAME)
    page.goto("/don-vi/XA-PSON")
    expect()(page.locator("h1")).to_contain_text(HOSTILE_NAME)
    page.goto("/nhan-ho-so")
    assert HOSTILE_NAME in page.locator("select[name=don_vi]").inner_text()
    assert page.locator("script").count() == 1  # app.js alone
    page.wait_for_timeout(300)
    assert dialogs == []


def test_every_page_is_in_vietnamese_without_raw_values(page: Any) -> None:
    pages = {"/": "tong_quan_dau_trang", "/don-vi/PNV": "don_vi", "/nhan-ho-so": "nhan_ho_so_trong",
             "/xet-chon": "xet_chon_sau_hoi_dong", "/van-ban": "van_ban_co_so", "/cai-dat": "cai_dat"}
    for path, name in pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "vi"
        seen = page.locator("body").inner_text()
        for raw in ("None", "undefined", "NaN", "Traceback", "True", "False", "null"):
            assert not re.search(rf"\b{raw}\b", seen), (path, raw)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORT["width"], (path, width)  # no sideways scrolling of the whole page
        shot(page, name)


def test_with_a_password_every_page_needs_the_login(browser: Any, ws: Path) -> None:
    with pytest.raises(ThiduaError, match="khi chưa đặt mật khẩu"):
        check_bind("0.0.0.0", None)
    guarded = BackgroundServer(create_app(ws, password=PASSWORD, watch_inbox=False))
    url = guarded.start()
    context = browser.new_context(viewport=VIEWPORT, base_url=url, locale="vi-VN")
    try:
        tab = context.new_page()
        tab.goto("/van-ban")
        assert tab.url == url + "/dang-nhap"
        shot(tab, "dang_nhap")
        tab.get_by_label("Mật khẩu").fill("mat khau sai")
        with tab.expect_response("**/dang-nhap") as answer:
            tab.get_by_role("button", name="Đăng nhập").click()
        assert answer.value.status == 401
        expect()(tab.locator(".flash.error")).to_contain_text("Mật khẩu không đúng")
        assert tab.request.get(url + "/tai/output/tong_hop.xlsx", max_redirects=0).status == 303
        tab.get_by_label("Mật khẩu").fill(PASSWORD)
        tab.get_by_role("button", name="Đăng nhập").click()
        tab.wait_for_url(url + "/")
        expect()(tab.locator("nav a.active")).to_have_text("Tổng quan")
        cookies = context.cookies()
        assert len(cookies) == 1 and cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict"
        assert tab.evaluate("() => document.cookie") == ""
        assert tab.request.get(url + "/tai/output/tong_hop.xlsx").body() == \
            (ws / "output" / "2021" / "tong_hop.xlsx").read_bytes()
    finally:
        context.close()
        guarded.stop()
