"""Every page of SPEC §13 on the demo workspace after a run: status 200, Vietnamese text, real values."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.web.demo_fixture import copy_demo
from tests.web.web_client import client, text
from thidua_reports import pipeline
from thidua_reports.web import views_council, views_overview


@pytest.fixture(scope="module")
def ran_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_demo(tmp_path_factory.mktemp("web_pages"))
    pipeline.run(ws)
    return ws


@pytest.fixture(scope="module")
def c(ran_ws: Path):  # type: ignore[no-untyped-def]
    with client(ran_ws) as tc:
        yield tc


def test_overview_counts_deadlines_and_summary(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/")
    assert r.status_code == 200
    page = text(r.text)
    assert "Phong trào thi đua cải cách hành chính huyện Ninh Phước năm 2021" in page
    assert "Hạn gửi hồ sơ: 30/11/2021" in page
    for n, label in [(21, "Đơn vị trong danh mục"), (18, "Đã nhận"), (16, "Hợp lệ"), (2, "Bị từ chối"),
                     (3, "Chưa gửi"), (1, "Gửi muộn")]:
        assert f"{n} {label}" in page, label
    assert "Tổng tiền thưởng: 9.900.000 đồng" in page
    assert "Đề nghị khen thưởng 6" in page  # 6 collectives after the council's vote
    assert "Phòng Nội vụ" in page and "Kiểm tra" in page and "Chạy toàn bộ" in page
    assert "4/9 phiếu đồng ý" not in page or "Phước Thuận" in page


def _row(html: str, code: str) -> str:
    """The text of the overview table's row for `code`."""
    start = html.index(f'<td><a href="/don-vi/{code}">{code}</a></td>')
    return text(html[html.rindex("<tr>", 0, start):html.index("</tr>", start)])


def test_overview_result_and_dossier_columns(c) -> None:  # type: ignore[no-untyped-def]
    html = c.get("/").text
    voted_down = _row(html, "XA-PTHUAN")
    assert "Không đạt biểu quyết (hạng 6)" in voted_down and "Được đề nghị" not in voted_down
    assert "Được đề nghị" in _row(html, "PNV") and "Đủ" in _row(html, "PNV")  # by its attachments
    assert "Thiếu: Biên bản, Báo cáo thành tích" in _row(html, "TT-PD")


def test_overview_filters_and_search(c) -> None:  # type: ignore[no-untyped-def]
    rejected = text(c.get("/?loc=bi-tu-choi").text)
    assert "Phòng Giáo dục và Đào tạo" in rejected and "Phòng Nội vụ" not in rejected
    assert "2 đơn vị" in rejected
    missing = text(c.get("/?loc=chua-gui").text)
    assert "3 đơn vị" in missing
    found = text(c.get("/?tim=phuoc+hau").text)  # without marks
    assert "UBND xã Phước Hậu" in found and "1 đơn vị" in found


def test_overview_pagination(c, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views_overview, "PAGE_SIZE", 5)
    first = text(c.get("/").text)
    assert "Trang 1/5" in first and "Trang sau" in first
    last = text(c.get("/?trang=5").text)
    assert "Trang 5/5" in last and "Trang trước" in last
    assert text(c.get("/?trang=99").text).count("Trang 5/5") == 1  # beyond the end: the last page


def test_unit_page_of_a_rejected_unit_names_sheet_and_cell(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/don-vi/PGDDT")
    assert r.status_code == 200
    page = text(r.text)
    assert "Bị từ chối" in page and "pgddt.xlsx" in page
    assert "Lỗi ThongTin B6 Ô B6 (Tổng số biên chế): \"năm\" không phải là số" in page
    assert 'href="/tai/output/kiem_tra/pgddt.xlsx"' in r.text


def test_unit_page_of_a_selected_unit(c) -> None:  # type: ignore[no-untyped-def]
    page = c.get("/don-vi/PNV").text
    plain = text(page)
    assert "Phòng Nội vụ" in plain and "Được đề nghị khen thưởng: 900.000 đồng" in plain
    assert "Hoàn thành tốt các nhiệm vụ được giao trong Kế hoạch cải cách hành chính Đạt" in plain
    assert "Nguyễn Thị Hoa" in plain and "Hoàn thành xuất sắc nhiệm vụ" in plain
    for href in ("/tai/output/kiem_tra/pnv.xlsx", "/tai/mau_nhap/pnv.xlsx", "/tai/output/tom_tat/pnv.docx",
                 "/tai/output/tom_tat/pnv_01_nguyen-thi-hoa.docx", "/tai/output/ho_so_don_vi/pnv/to_trinh.docx",
                 "/tai/output/ho_so_don_vi/pnv/bien_ban_hop.docx"):
        assert f'href="{href}"' in page, href
    assert re.search(r"PNV/bien_ban_hop_hoi_dong\.pdf — Hồ sơ kèm theo Biên bản \(\d+ byte\)", plain)  # kind, size
    assert "Hồ sơ kèm theo Đủ" in plain
    assert page.count('<col class="c-label">') == 5  # the unit's criteria and its four nominees', aligned
    assert c.get("/don-vi/KHONG-CO").status_code == 404


def test_council_page_rankings_and_vote(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/xet-chon")
    assert r.status_code == 200
    page = text(r.text)
    assert "Số lượng khen thưởng: 7 tập thể, 10 cá nhân" in page
    assert "Đang đề nghị: 6 tập thể" in page
    assert "1 Phòng Nội vụ 92,5" in page
    assert "UBND xã Phước Thuận" in page and "Biểu quyết: 4 đồng ý" in page
    assert "Nguyễn Thị Hoa" in page


def test_council_page_shows_the_head_of_a_long_ranking(c, ran_ws: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_council, "SHOW_RANKED", 2)
    data = json.loads((ran_ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    ranked = sorted((i for i in data["individuals"] if i["rank"]), key=lambda i: i["rank"])
    hidden = [i for i in ranked[2:] if not (i["proposed"] or i["selected"] or i["override"] or i["tie_at_cutoff"])]
    assert hidden  # the demo ranks more people than it proposes
    page = text(c.get("/xet-chon").text)
    assert f"… và {len(hidden)} cá nhân xếp hạng sau (xem đủ trong tong_hop.xlsx)." in page
    assert all(i["name"] not in page for i in hidden if sum(j["name"] == i["name"] for j in ranked) == 1)
    assert all(i["name"] in page for i in ranked if i["proposed"])


def test_documents_page_lists_outputs_and_the_decision_form(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/van-ban")
    assert r.status_code == 200
    page = text(r.text)
    assert "Quyết định khen thưởng kèm danh sách quyet_dinh.docx" in page
    assert 'href="/tai/output/to_trinh.docx"' in r.text
    assert "Hiện tại: Số: ……/QĐ-UBND" in page and "chưa có số" in page
    download = c.get("/tai/output/to_trinh.docx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert "attachment" in download.headers["content-disposition"]


def test_documents_page_lists_the_first_files_of_a_big_folder(  # type: ignore[no-untyped-def]
        c, ran_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua_reports.web import views_documents

    drafts = sorted(p.relative_to(ran_ws / "output" / "2021").as_posix()
                    for p in (ran_ws / "output" / "2021" / "ho_so_don_vi").rglob("*.docx"))
    monkeypatch.setattr(views_documents, "FOLDER_SHOWN", 5)
    r = c.get("/van-ban")
    listed = re.findall(r'href="/tai/output/(ho_so_don_vi/[^"]+)"', r.text)
    assert listed == drafts[:5]
    assert (f"Dự thảo hồ sơ của từng đơn vị ({len(drafts)} tệp)" in text(r.text)
            and f"… và {len(drafts) - 5} tệp khác: tệp của từng đơn vị có ở trang Đơn vị" in text(r.text))
    assert c.get(f"/tai/output/{drafts[-1]}").status_code == 200  # still served: listed on its unit's page


def test_settings_page_shows_the_campaign(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/cai-dat")
    assert r.status_code == 200
    assert 'name="campaign.title"' in r.text and 'name="issuer.decision_number"' in r.text
    page = text(r.text)
    assert "Đợt thi đua" in page and "Tạo mẫu nhập liệu" in page and "danh_muc.xlsx" in page
    assert "Bạch Văn Nguyên" in r.text


def test_intake_page(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/nhan-ho-so")
    assert r.status_code == 200
    page = text(r.text)
    assert "Nhận hồ sơ" in page and "mỗi tệp không quá 20 MB" in page
    assert "PNV — Phòng Nội vụ" in page


def test_before_any_run_the_registry_is_listed(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    with client(ws) as tc:
        page = text(tc.get("/").text)
    assert "Chưa có kết quả" in page and "21 Đơn vị trong danh mục" in page
    assert "Chưa kiểm tra" in page and "Phòng Nội vụ" in page
    with client(ws) as tc:
        assert "Chưa có văn bản nào" in text(tc.get("/van-ban").text)
        assert "Chưa có kết quả xét chọn" in text(tc.get("/xet-chon").text)


def test_a_script_in_a_unit_name_is_shown_as_text(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    book = load_workbook(ws / "danh_muc.xlsx")
    sheet = book["DonVi"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "Phòng Nội vụ")
    cell.value = "<script>alert('x')</script> Phòng Nội vụ"
    book.save(ws / "danh_muc.xlsx")
    with client(ws) as tc:
        html = tc.get("/").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Phòng Nội vụ" in html


def test_an_unexpected_error_is_a_vietnamese_page_without_traceback(ran_ws: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(rows: object) -> dict:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views_overview, "counts", boom)
    with client(ran_ws, raise_server_exceptions=False) as tc:
        r = tc.get("/")
    assert r.status_code == 500
    assert "Đã xảy ra lỗi ngoài dự kiến" in r.text
    assert "Traceback" not in r.text and "secret internal detail" not in r.text and "RuntimeError" not in r.text
    assert '<html lang="vi">' in r.text


def test_not_found_is_a_vietnamese_page(c) -> None:  # type: ignore[no-untyped-def]
    r = c.get("/khong-co-trang-nay")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.text


def test_pages_answer_quickly_after_a_run(c) -> None:  # type: ignore[no-untyped-def]
    import time

    for url in ("/", "/don-vi/PNV", "/xet-chon", "/van-ban", "/cai-dat", "/nhan-ho-so"):
        c.get(url)
        start = time.perf_counter()
        assert c.get(url).status_code == 200
        assert time.perf_counter() - start < 0.3, url


def test_static_assets_are_served_by_the_package(c) -> None:  # type: ignore[no-untyped-def]
    css, js = c.get("/static/app.css"), c.get("/static/app.js")
    assert css.status_code == 200 and js.status_code == 200
    page = c.get("/").text
    assert "http://" not in page.replace("http://testserver", "") and "https://" not in page
    _ = shutil  # (copy helpers come from the demo fixture)


def test_a_pdf_is_viewable_in_the_browser(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    pipeline.run(ws)
    pdf = ws / "output" / "2021" / "pdf" / "to_trinh.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n%test\n")
    with client(ws) as tc:
        page = tc.get("/van-ban").text
        assert 'href="/xem/output/pdf/to_trinh.pdf"' in page and "Xem PDF" in page
        r = tc.get("/xem/output/pdf/to_trinh.pdf")
    assert r.status_code == 200 and r.content == pdf.read_bytes()
    assert r.headers["content-type"] == "application/pdf" and r.headers["content-disposition"].startswith("inline")


def test_dossier_completeness_in_words() -> None:
    from thidua_reports.web.state import dossier_text

    assert dossier_text(None) == ("", None)
    assert dossier_text({"to_trinh": None, "complete": None, "judged": False}) == ("", None)
    assert dossier_text({"to_trinh": "attachment", "bien_ban": "attachment", "bao_cao_thanh_tich": "attachment",
                         "complete": True, "judged": True}) == ("Đủ", True)
    assert dossier_text({"to_trinh": "declared", "complete": True, "judged": True}) == ("Đủ (tự khai)", True)
    assert dossier_text({"to_trinh": "attachment", "bien_ban": None, "bao_cao_thanh_tich": None, "complete": False,
                         "judged": True, "missing": ["bien_ban", "bao_cao_thanh_tich"]}) == (
        "Thiếu: Biên bản, Báo cáo thành tích", False)


def test_the_notes_of_a_run_of_the_cli_are_shown(c) -> None:  # type: ignore[no-untyped-def]
    page = text(c.get("/").text)
    assert "Lưu ý của lượt chạy" in page
    assert "danh_muc.xlsx, trang ChiSo: Chỉ số PAR-07 Hiện đại hóa hành chính của đơn vị PVHTT" in page


def test_files_of_no_known_unit_are_listed_on_the_overview(c) -> None:  # type: ignore[no-untyped-def]
    page = text(c.get("/").text)
    assert "Tệp chưa xác định được đơn vị hoặc bị bỏ qua" in page
    assert "Bao cao CCHC - xa Phuoc Vinh.xlsx Bị từ chối Tệp bị hỏng (không giải nén được)" in page
