"""The page's actions end to end on the demo: check, run with progress, the lock of another process,
upload then check, Chọn/Loại, the vote, the decision number that the run prints, settings, registry, forms."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.web.demo_fixture import copy_demo
from tests.web.web_client import client, csrf, form_fields, text, wait_job
from thidua_reports import pipeline
from thidua_reports.web.jobs import Jobs
from thidua_reports.web.monitor import InboxMonitor
from thidua_reports.workspace import LOCK_NAME

JSON = {"Accept": "application/json"}


def start(c, kind: str) -> dict:  # type: ignore[no-untyped-def]
    r = c.post(f"/chay/{kind}", headers={**JSON, "X-CSRF-Token": csrf(c)})
    assert r.status_code == 200, r.text
    return r.json()["job"]


def test_run_from_the_page_with_progress_to_completion(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    with client(ws) as c:
        job = start(c, "run")
        assert job["label"] == "Chạy toàn bộ" and job["running"]
        second = c.post("/chay/check", headers={**JSON, "X-CSRF-Token": csrf(c)})
        if second.status_code == 409:  # still running: the second button says who runs
            assert "Đang có lượt \u201cChạy toàn bộ\u201d chạy từ" in second.json()["error"]
        done = wait_job(c)
        assert done["ok"] is True and done["phase"] == "Đã xong"
        assert done["total"] == 26 and done["done"] == 26  # every inbox file looked at (4 are signed papers)
        page = text(c.get("/").text)
    assert "Tổng tiền thưởng: 9.900.000 đồng" in page and "16 Hợp lệ" in page
    assert (ws / "output" / "2021" / "quyet_dinh.docx").is_file()
    assert not (ws / LOCK_NAME).exists()


def test_check_from_the_page_shows_its_counts(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    with client(ws) as c:
        start(c, "check")
        assert wait_job(c)["ok"] is True
        page = text(c.get("/").text)
        assert "Số liệu dưới đây theo lượt Kiểm tra" in page
        assert "16 Hợp lệ" in page and "2 Bị từ chối" in page and "3 Chưa gửi" in page
        unit = text(c.get("/don-vi/PGDDT").text)
        assert "Ô B6 (Tổng số biên chế)" in unit
    assert (ws / "output" / "2021" / "kiem_tra" / "pnv.xlsx").is_file()
    assert not (ws / "output" / "2021" / "ket_qua.json").exists()


def test_a_run_while_another_process_holds_the_lock_says_who(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        import socket

        (ws / LOCK_NAME).write_text(json.dumps({
            "pid": sleeper.pid, "host": socket.gethostname(), "user": "canbo", "started": "02/12/2021 08:00:00",
            "command": "thidua run -w hoso"}), encoding="utf-8")
        with client(ws) as c:
            r = c.post("/chay/run", headers={**JSON, "X-CSRF-Token": csrf(c)})
            assert r.status_code == 409
            message = r.json()["error"]
            assert "lệnh \u201cthidua run -w hoso\u201d" in message and f"tiến trình {sleeper.pid}" in message
            assert "canbo" in message and "bắt đầu lúc 02/12/2021 08:00:00" in message
            assert "thidua run -w hoso" in text(c.get("/").text)  # the overview says it too
    finally:
        sleeper.kill()
        sleeper.wait()
    (ws / LOCK_NAME).unlink()


def test_the_lock_records_the_command(tmp_path: Path) -> None:
    from thidua_reports.workspace import workspace_lock

    with workspace_lock(tmp_path):
        holder = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
    assert holder["command"].startswith("thidua") and holder["pid"] == os.getpid()


def test_upload_is_stored_then_checked_at_once(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    form = (ws / "mau_nhap" / "xa-ah.xlsx").read_bytes()  # the unit's blank form: read, then rejected
    pdf = b"%PDF-1.4 to trinh"
    with client(ws) as c:
        token = csrf(c, "/nhan-ho-so")
        r = c.post("/nhan-ho-so", data={"csrf": token, "don_vi": "XA-AH"},
                   files=[("tep", ("Mẫu xã An Hải.xlsx", form, "application/octet-stream")),
                          ("tep", ("To trinh.pdf", pdf, "application/pdf"))])
        assert r.status_code == 303
        assert wait_job(c)["ok"] is True
        page = text(c.get(r.headers["location"]).text)
    assert (ws / "inbox" / "XA-AH" / "mau-xa-an-hai.xlsx").read_bytes() == form
    assert (ws / "inbox" / "XA-AH" / "to-trinh.pdf").read_bytes() == pdf
    # the demo's newer xa-ah.xlsx wins; the uploaded form is superseded, and its errors are still shown
    assert "Mẫu xã An Hải.xlsx XA-AH/mau-xa-an-hai.xlsx Bị thay thế Đơn vị XA-AH đã gửi tệp mới hơn" in page
    assert "Lỗi, trang ThongTin, ô B7: Ô B7 (Điểm tự đánh giá CCHC): chưa nhập" in page
    assert "To trinh.pdf XA-AH/to-trinh.pdf" in page


def test_choose_and_remove_with_a_reason_are_written_and_validated(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink()  # before the council: no file yet
    pipeline.run(ws)
    with client(ws) as c:
        token = csrf(c, "/xet-chon")
        r = c.post("/xet-chon/quyet-dinh", data={"csrf": token, "loai": "tap_the", "ma_don_vi": "PKTHT",
                                                 "ho_ten": "", "quyet_dinh": "Loại", "ly_do": "Chưa nộp đủ hồ sơ"})
        assert r.status_code == 303
        page = text(c.get("/xet-chon").text)
        assert "Đã ghi: Loại PKTHT — Chưa nộp đủ hồ sơ." in page and "Đã ghi: Loại — Chưa nộp đủ hồ sơ" in page
        refused = c.post("/xet-chon/quyet-dinh", data={"csrf": token, "loai": "tap_the", "ma_don_vi": "KHONG-CO",
                                                       "ho_ten": "", "quyet_dinh": "Chọn", "ly_do": "Thử"})
        assert refused.status_code == 303
        assert "KHONG-CO" in text(c.get("/xet-chon").text)  # the run's message names the unknown unit
        no_reason = c.post("/xet-chon/quyet-dinh", data={"csrf": token, "loai": "tap_the", "ma_don_vi": "VP",
                                                         "ho_ten": "", "quyet_dinh": "Chọn", "ly_do": ""})
        assert no_reason.status_code == 303
        assert "Hãy ghi lý do chọn VP." in text(c.get("/xet-chon").text)
        start(c, "run")
        assert wait_job(c)["ok"] is True
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    pktht = next(u for u in data["units"] if u["code"] == "PKTHT")
    assert pktht["override"] == "Loại" and pktht["override_reason"] == "Chưa nộp đủ hồ sơ"
    assert not pktht["selected"]
    selected = {u["code"] for u in data["units"] if u["selected"]}
    assert selected == {"PNV", "TT-PD", "PTP", "XA-PHAU", "PTNMT", "XA-PTHUAN"}  # the proposal without PKTHT


def test_members_meeting_and_votes_from_the_page(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink()
    pipeline.run(ws)
    with client(ws) as c:
        token = csrf(c, "/xet-chon")
        names = ["Bạch Văn Nguyên", "Nguyễn Văn A", "Trần Thị B"]
        roles = ["Chủ tịch Hội đồng", "Ủy viên thư ký", "Ủy viên"]
        r = c.post("/xet-chon/thanh-vien", data={"csrf": token, "ten": names, "chuc_vu": ["PCT", "TP", "CV"],
                                                 "vai_tro": roles, "co_mat": ["0", "1", "2"]})
        assert r.status_code == 303
        assert "Đã ghi 3 thành viên Hội đồng." in text(c.get("/xet-chon").text)
        c.post("/xet-chon/phien-hop", data={"csrf": token, "bat_dau": "08/12/2021 14:00", "ket_thuc": "16:30",
                                            "dia_diem": "Phòng họp UBND huyện", "hinh_thuc": "Giơ tay"})
        page = c.get("/xet-chon").text
        assert 'value="08/12/2021 14:00"' in page and 'value="Phòng họp UBND huyện"' in page
        bad = c.post("/xet-chon/bieu-quyet", data={"csrf": token, "v_loai": ["Tập thể"], "v_ma": ["PNV"],
                                                    "v_ten": [""], "v_dong_y": ["5"], "v_khong": ["0"]})
        assert bad.status_code == 303
        assert "Chưa ghi vào quyet_dinh_hoi_dong.xlsx" in text(c.get("/xet-chon").text)  # 5 votes of 3 present


def test_the_decision_number_is_saved_with_comments_and_printed_by_the_run(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    pipeline.run(ws)
    before = (ws / "thidua.toml").read_text(encoding="utf-8")
    with client(ws) as c:
        token = csrf(c, "/van-ban")
        r = c.post("/van-ban/so-quyet-dinh", data={"csrf": token, "so": "125", "ngay": "15/12/2021"})
        assert r.status_code == 303
        assert wait_job(c)["ok"] is True
        page = text(c.get("/van-ban").text)
    after = (ws / "thidua.toml").read_text(encoding="utf-8")
    assert 'decision_number = "125"' in after and "decision_date = 2021-12-15" in after
    comments = [line.split("#", 1)[1] for line in before.splitlines() if "#" in line]
    assert all(comment in after for comment in comments)
    assert "Hiện tại: Số: 125/QĐ-UBND , ngày 15/12/2021" in page and "chưa có số" not in page
    doc = Document(str(ws / "output" / "2021" / "quyet_dinh.docx"))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("Số: 125/QĐ-UBND" in t for t in texts)


def test_the_decision_number_is_validated_as_the_cli_does(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    before = (ws / "thidua.toml").read_bytes()
    with client(ws) as c:
        token = csrf(c, "/van-ban")
        c.post("/van-ban/so-quyet-dinh", data={"csrf": token, "so": "125", "ngay": "31/02/2021"})
        page = text(c.get("/van-ban").text)
    assert "issuer.decision_date" in page
    assert (ws / "thidua.toml").read_bytes() == before


def test_settings_form_saves_with_the_cli_validation(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    with client(ws) as c:
        token = csrf(c, "/cai-dat")
        bad = c.post("/cai-dat", data={"csrf": token, "quota.collectives": "bảy"})
        assert bad.status_code == 400
        assert "quota.collectives: phải là số nguyên (đang là 'bảy')" in text(bad.text)
        assert 'value="bảy"' in bad.text  # what the officer typed stays in the form
        ok = c.post("/cai-dat", data={"csrf": token, "quota.collectives": "8"})
        assert ok.status_code == 303
        assert "Đã lưu thidua.toml" in text(c.get("/cai-dat").text)
    assert "collectives = 8" in (ws / "thidua.toml").read_text(encoding="utf-8")


def test_the_settings_form_sent_back_unchanged_changes_nothing(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    before = (ws / "thidua.toml").read_bytes()
    with client(ws) as c:
        page = c.get("/cai-dat").text
        assert 'value="30/11/2021"' in page  # dates as an officer writes them
        assert ">Không xét hồ sơ gửi muộn</option>" in page and "(exclude)" not in page  # choices in words
        assert 'name="award.individual_coefficient" value="0,3"' in page  # decimal comma
        assert 'name="criteria.discipline_max_ratio" value="10"' in page  # 0.1 as 10 %
        assert "Mặc định: 10%." in text(page) and "Mặc định: không." in text(page)
        assert "Mặc định: false" not in page and "Mặc định: ceil" not in page and "\\n" not in page
        assert ">ỦY BAN NHÂN DÂN\nHUYỆN NINH PHƯỚC</textarea>" in page  # a real line break, not "\n"
        fields = form_fields(page, "/cai-dat")
        assert len(fields) > 40
        r = c.post("/cai-dat", data=dict(fields))
        assert r.status_code == 303, text(r.text)
    assert (ws / "thidua.toml").read_bytes() == before


def test_registry_upload_is_checked_and_the_old_one_kept(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    old = (ws / "danh_muc.xlsx").read_bytes()
    with client(ws) as c:
        token = csrf(c, "/cai-dat")
        assert c.get("/cai-dat/danh_muc.xlsx").content == old
        bad = c.post("/cai-dat/danh-muc", data={"csrf": token},
                     files=[("danh_muc", ("danh_muc.xlsx", b"khong phai excel", "application/octet-stream"))])
        assert bad.status_code == 400 and "Danh mục mới chưa được dùng" in text(bad.text)
        assert (ws / "danh_muc.xlsx").read_bytes() == old and not list(ws.glob("danh_muc.*.xlsx"))
        good = c.post("/cai-dat/danh-muc", data={"csrf": token},
                      files=[("danh_muc", ("dm.xlsx", old, "application/octet-stream"))])
        assert good.status_code == 303
    backups = list(ws.glob("danh_muc.*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == old


def test_unit_forms_as_one_zip(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    with client(ws) as c:
        r = c.post("/cai-dat/mau-nhap", data={"csrf": csrf(c, "/cai-dat")})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert 'filename="mau_nhap_2021.zip"' in r.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "mau_nhap/pnv.xlsx" in names and "mau_nhap/quyet_dinh_hoi_dong.xlsx" in names


def test_files_arriving_in_the_inbox_start_a_run_once_they_are_still(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    jobs = Jobs(ws)
    monitor = InboxMonitor(ws, jobs, settle=2.0)
    assert monitor.tick(now=0.0) is False  # nothing new
    (ws / "inbox" / "moi.xlsx").write_bytes((ws / "mau_nhap" / "xa-ah.xlsx").read_bytes())
    (ws / "inbox" / "~$moi.xlsx").write_bytes(b"lock")  # Excel's lock file does not count
    assert monitor.tick(now=1.0) is False  # changed: wait until it is still
    assert monitor.tick(now=2.0) is False  # still for 1 s only
    assert monitor.tick(now=3.5) is True  # still for 2,5 s: a run
    assert jobs.wait(120)
    last = jobs.last("run")
    assert last is not None and last.ok and last.origin == "tự động khi có tệp mới"
    assert monitor.tick(now=10.0) is False  # nothing new since


@pytest.mark.parametrize("kind", ["pdf"])
def test_pdf_button_only_with_libreoffice(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua_reports.web import jobs as jobs_module
    from thidua_reports.web import views_overview

    monkeypatch.setattr(jobs_module, "find_soffice", lambda: None)
    monkeypatch.setattr(views_overview, "find_soffice", lambda: None)
    ws = copy_demo(tmp_path)
    with client(ws) as c:
        assert "Tạo PDF" not in c.get("/").text
        r = c.post(f"/chay/{kind}", headers={**JSON, "X-CSRF-Token": csrf(c)})
    assert r.status_code == 409 and "Không tìm thấy LibreOffice" in r.json()["error"]


def _ballot(html: str) -> list[tuple[str, str]]:
    """(kind, unit code) of each row of the vote form."""
    fields = form_fields(html, "/xet-chon/bieu-quyet")
    kinds = [v for k, v in fields if k == "v_loai"]
    codes = [v for k, v in fields if k == "v_ma"]
    return list(zip(kinds, codes, strict=True))


def test_a_remove_after_the_vote_drops_the_vote_row_and_the_run_succeeds(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)  # the demo's council file holds a vote row for every candidate
    pipeline.run(ws)
    with client(ws) as c:
        token = csrf(c, "/xet-chon")
        assert ("Tập thể", "PTP") in _ballot(c.get("/xet-chon").text)
        r = c.post("/xet-chon/quyet-dinh", data={"csrf": token, "loai": "tap_the", "ma_don_vi": "PTP",
                                                 "ho_ten": "", "quyet_dinh": "Loại", "ly_do": "Bị xử lý kỷ luật"})
        assert r.status_code == 303
        html = c.get("/xet-chon").text
        page = text(html)
        assert ("Đã ghi: Loại PTP — Bị xử lý kỷ luật. Đã xóa dòng biểu quyết của PTP (trang BieuQuyet) vì PTP "
                "không còn trong danh sách đưa ra biểu quyết.") in page
        after = _ballot(html)  # the ballot follows the file at once, not only after a run
        assert ("Tập thể", "PTP") not in after and ("Tập thể", "PNV") in after and ("Cá nhân", "PTP") in after
        start(c, "run")
        assert wait_job(c)["ok"] is True
        overview = c.get("/").text
        row = overview[overview.index('<a href="/don-vi/PTP">PTP</a>'):]
        assert text(row[:row.index("</tr>")]).endswith("Hội đồng loại (hạng 3)")
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    ptp = next(u for u in data["units"] if u["code"] == "PTP")
    assert ptp["override"] == "Loại" and not ptp["selected"] and ptp["votes"] is None
    assert "PTP" not in {v["unit_code"] for v in data["council"]["votes"] if v["kind"] == "tap_the"}


def test_withdrawing_a_choose_outside_the_proposal_drops_its_vote_row(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    pipeline.run(ws)
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    outside = next(u["code"] for u in data["units"] if u["accepted"] and u["requested"] and not u["proposed"])
    with client(ws) as c:
        token = csrf(c, "/xet-chon")
        send = {"csrf": token, "loai": "tap_the", "ma_don_vi": outside, "ho_ten": "", "ly_do": "Thành tích đột xuất"}
        room = {**send, "ma_don_vi": "PKTHT", "quyet_dinh": "Loại", "ly_do": "Chưa nộp đủ hồ sơ"}  # quota 7 is full
        assert c.post("/xet-chon/quyet-dinh", data=room).status_code == 303
        assert c.post("/xet-chon/quyet-dinh", data={**send, "quyet_dinh": "Chọn"}).status_code == 303
        html = c.get("/xet-chon").text
        assert ("Tập thể", outside) in _ballot(html)  # chosen: now on the ballot, its vote still to be entered
        fields = form_fields(html, "/xet-chon/bieu-quyet")
        votes: dict[str, list[str]] = {"v_loai": [], "v_ma": [], "v_ten": [], "v_dong_y": [], "v_khong": []}
        for k, v in fields:
            if k in votes:
                votes[k].append(v or ("6" if k == "v_dong_y" else "0" if k == "v_khong" else ""))
        assert c.post("/xet-chon/bieu-quyet", data={"csrf": token, **votes}).status_code == 303
        assert "Đã ghi kết quả biểu quyết" in text(c.get("/xet-chon").text)
        assert c.post("/xet-chon/quyet-dinh", data={**send, "quyet_dinh": "Bỏ"}).status_code == 303
        page = text(c.get("/xet-chon").text)
        assert f"Đã xóa quyết định của Hội đồng về {outside}. Đã xóa dòng biểu quyết của {outside}" in page
        start(c, "run")
        assert wait_job(c)["ok"] is True
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    assert not next(u for u in data["units"] if u["code"] == outside)["selected"]


def test_settings_as_shown_are_saved_as_the_file_writes_them(tmp_path: Path) -> None:
    ws = copy_demo(tmp_path)
    with client(ws) as c:
        fields = dict(form_fields(c.get("/cai-dat").text, "/cai-dat"))
        fields.update({"criteria.discipline_max_ratio": "12,5%", "award.individual_coefficient": "0,35",
                       "issuer.header_name": "ỦY BAN NHÂN DÂN\r\nHUYỆN NINH PHƯỚC\r\nTỈNH NINH THUẬN"})
        r = c.post("/cai-dat", data=fields)
        assert r.status_code == 303, text(r.text)
        page = c.get("/cai-dat").text
        assert 'name="criteria.discipline_max_ratio" value="12,5"' in page
    saved = (ws / "thidua.toml").read_text(encoding="utf-8")
    assert "discipline_max_ratio = 0.125" in saved and "individual_coefficient = 0.35" in saved
    assert 'header_name = "ỦY BAN NHÂN DÂN\\nHUYỆN NINH PHƯỚC\\nTỈNH NINH THUẬN"' in saved


def test_the_status_with_the_job_id_answers_when_the_job_ends(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The page follows a job with ?doi=<id>: held until the job has ended and the page's data are
    in place (at most a second, then with the progress); without it, answered at once."""
    ws = copy_demo(tmp_path)
    real_run = pipeline.run

    def slow_run(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.4)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run", slow_run)
    with client(ws) as c:
        job = start(c, "run")
        t0 = time.monotonic()
        assert c.get("/api/trang-thai").json()["job"]["running"] is True
        assert time.monotonic() - t0 < 0.3
        first = c.get("/api/trang-thai", params={"doi": job["id"]}).json()["job"]
        assert first["running"] is True and 0.9 <= time.monotonic() - t0 < 2.5  # held a second, then progress
        while True:
            t1 = time.monotonic()
            seen = c.get("/api/trang-thai", params={"doi": job["id"]}).json()
            if not seen["job"]["running"]:
                break
            assert time.monotonic() - t1 >= 0.9
        assert seen["job"]["ok"] is True and seen["version"] >= 1
        t2 = time.monotonic()
        assert c.get("/api/trang-thai", params={"doi": job["id"]}).json()["job"]["running"] is False
        assert c.get("/api/trang-thai", params={"doi": "999"}).json()["job"]["id"] == job["id"]
        assert time.monotonic() - t2 < 0.3  # an ended or unknown job: at once
