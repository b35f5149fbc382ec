"""End to end: the CLI on the demo workspace — outputs, reproducibility, crash safety, the lock."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from thidua_reports.cli.main import main

EXPECTED_COLLECTIVES = ["PNV", "TT-PD", "PTP", "XA-PHAU", "PTNMT", "XA-PTHUAN", "PKTHT"]  # the proposal
VOTED_DOWN = "XA-PTHUAN"  # the demo council's vote: 4 of 9 members in favour


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def inbox_hashes(ws: Path) -> dict[str, str]:
    return hashes(ws / "inbox")


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("e2e") / "demo"
    result = CliRunner().invoke(main, ["demo", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return ws


def cli(ws: Path, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "thidua_reports", *args, "-w", str(ws)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_demo_prints_summary_and_writes_everything(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = CliRunner().invoke(main, ["demo", str(ws)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Đã tạo thư mục mẫu: {ws}" in out
    for label, value in [("Tổng số đơn vị trong danh mục", 21), ("Đã nhận", 18), ("Hợp lệ", 16),
                         ("Bị từ chối", 2), ("Chưa gửi", 3), ("Gửi muộn", 1)]:
        assert any(label in line and line.rstrip(" │").endswith(str(value)) for line in out.splitlines()), label
    assert "Tổng tiền thưởng: 9.900.000 đồng" in out
    assert ("Không đạt: tập thể UBND xã Phước Thuận, 4/9 phiếu đồng ý; không được đề nghị khen thưởng."
            in " ".join(out.split()))
    year = ws / "output" / "2021"
    for name in ("ket_qua.json", "tong_hop.xlsx", "to_trinh.docx", "quyet_dinh.docx",
                 "bao_cao_tong_ket.docx", "in_an.docx", "manifest.json"):
        assert (year / name).is_file(), name
    assert (year / "kiem_tra" / "pnv.xlsx").is_file()
    assert (year / "tom_tat" / "pnv.docx").is_file()
    assert (year / "tom_tat" / "pnv_01_nguyen-thi-hoa.docx").is_file()


def test_ket_qua_selection(demo_ws: Path) -> None:
    data = json.loads((demo_ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    assert data["schema"] == "thidua.ket_qua/1" and data["year"] == 2021
    assert data["issuer"] == "Ủy ban nhân dân huyện Ninh Phước"
    selected = sorted((u for u in data["units"] if u["selected"]), key=lambda u: u["rank"])
    assert [u["code"] for u in selected] == [c for c in EXPECTED_COLLECTIVES if c != VOTED_DOWN]
    assert all(u["amount"] == 900000 for u in selected)
    down = next(u for u in data["units"] if u["code"] == VOTED_DOWN)
    assert down["proposed"] and not down["selected"] and down["votes"]["agree"] == 4
    assert down["note"] == "Không đủ tỷ lệ phiếu đồng ý: 4/9 thành viên, cần trên 1/2"
    assert (data["council"]["members"], data["council"]["present"], len(data["council"]["votes"])) == (9, 8, 17)
    ties = sorted(u["code"] for u in data["units"] if u["tie_at_cutoff"])
    assert ties == ["PKTHT", "PNNPTNT"]
    assert sorted(data["missing_units"]) == ["PYT", "XA-PSON", "XA-PVINH"]
    people = [i for i in data["individuals"] if i["selected"]]
    assert len(people) == 10 and all(i["amount"] == 450000 for i in people)
    assert people[0]["name"] == "Nguyễn Thị Hoa" and people[0]["unit_code"] == "PNV"
    assert data["totals"] == {
        "collectives": 6, "individuals": 10, "amount_collective": 900000, "amount_individual": 450000,
        "total": 9900000, "total_words": "Chín triệu chín trăm nghìn đồng",
    }
    statuses = {i["file"]: i["status"] for i in data["inputs"]}
    assert statuses["inbox/~$pnv.xlsx"] == "ignored"
    assert statuses["inbox/pgddt.xlsx"] == "rejected"
    assert statuses["inbox/ptp_ban_cu.xlsx"] == "superseded"
    assert len(statuses) == len(list(p for p in (demo_ws / "inbox").rglob("*") if p.is_file()))


def test_decision_document_text(demo_ws: Path) -> None:
    doc = Document(str(demo_ws / "output" / "2021" / "quyet_dinh.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Ninh Phước" in text
    assert "cho 06 tập thể và 10 cá nhân" in text
    assert "Ninh Phước, ngày 10 tháng 12 năm 2021" in "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Phòng Nội vụ" in cells and "9.900.000" in cells and "UBND xã Phước Thuận" not in cells
    assert "{{" not in text and "{%" not in text


def test_inbox_never_modified_and_run_reproducible(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "copy"
    shutil.copytree(demo_ws, ws)
    before = inbox_hashes(ws)
    first = cli(ws, "run")
    assert first.returncode == 0, first.stderr
    out1 = hashes(ws / "output" / "2021")
    second = cli(ws, "run")
    assert second.returncode == 0, second.stderr
    out2 = hashes(ws / "output" / "2021")
    assert out1 == out2  # byte-identical .docx, .xlsx, .json
    assert inbox_hashes(ws) == before
    manifest = json.loads((ws / "output" / "2021" / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    assert listed["output/2021/quyet_dinh.docx"] == out2["quyet_dinh.docx"]
    # the second run took most hashes from the output memo: every one must match the file
    assert listed == {f"output/2021/{k}": v for k, v in out2.items() if k != "manifest.json"}
    assert {i["path"] for i in manifest["inputs"]} == {f"inbox/{k}" for k in before}


STALL_WHILE_RENDERING = """
import sys, time
from pathlib import Path
from thidua_reports.cli.main import main
from thidua_reports.outputs import step

marker = Path(sys.argv[2])

def stalled(output):
    marker.write_text(output.rel, encoding="utf-8")
    time.sleep(600)

step.render = stalled
sys.argv = ["thidua", "run", "-w", sys.argv[1]]
main()
"""


def test_killed_run_leaves_previous_outputs_whole(demo_ws: Path, tmp_path: Path) -> None:
    """A run killed while it renders (here: held inside the first renderer call) leaves the previous
    outputs whole; the next run clears the leftover and completes."""
    ws = tmp_path / "kill"
    shutil.copytree(demo_ws, ws)
    out = ws / "output" / "2021"
    previous = hashes(out)
    marker = tmp_path / "rendering"
    proc = subprocess.Popen([sys.executable, "-c", STALL_WHILE_RENDERING, str(ws), str(marker)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = ws / "output" / f".2021.tmp-{proc.pid}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not marker.exists() and proc.poll() is None:
        time.sleep(0.01)
    assert marker.exists(), "the run never reached a renderer"
    os.kill(proc.pid, signal.SIGKILL)  # during rendering: the staged folder exists, the swap has not happened
    proc.wait()
    assert staged.exists()
    assert hashes(out) == previous
    again = cli(ws, "run")
    assert again.returncode == 0, again.stderr
    assert not staged.exists()  # the leftover was cleared
    assert hashes(out) == previous  # same inputs, same outputs


HOLD_LOCK = """
import sys
from pathlib import Path
from thidua_reports.workspace import workspace_lock
with workspace_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_two_runs_at_once_one_refused(demo_ws: Path, tmp_path: Path) -> None:
    """A run while another process holds the workspace is refused with who holds it; afterwards a run
    completes and the lock is gone."""
    ws = tmp_path / "lock"
    shutil.copytree(demo_ws, ws)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(ws)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        refused = cli(ws, "run")
        assert refused.returncode == 1, refused.stderr
        assert "Lỗi: Thư mục làm việc đang được một lượt chạy khác sử dụng" in refused.stderr
        assert f"(tiến trình {holder.pid} của người dùng" in refused.stderr
    finally:
        holder.communicate("\n", timeout=60)
    done = cli(ws, "run")
    assert done.returncode == 0, done.stderr
    assert (ws / "output" / "2021" / "ket_qua.json").is_file()
    assert not (ws / ".thidua.lock").exists()


def test_check_replaces_only_feedback(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "check"
    shutil.copytree(demo_ws, ws)
    docx_before = hashes(ws / "output" / "2021")
    result = cli(ws, "check")
    assert result.returncode == 0, result.stderr
    assert "Tình trạng hồ sơ từng đơn vị" in result.stdout
    after = hashes(ws / "output" / "2021")
    assert {k: v for k, v in after.items() if not k.startswith("kiem_tra/")} == {
        k: v for k, v in docx_before.items() if not k.startswith("kiem_tra/")
    }
    assert sorted(k for k in after if k.startswith("kiem_tra/")) == sorted(
        k for k in docx_before if k.startswith("kiem_tra/")
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_run_with_pdf(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "pdf"
    shutil.copytree(demo_ws, ws)
    result = cli(ws, "run", "--pdf", timeout=600)
    assert result.returncode == 0, result.stderr
    pdf_dir = ws / "output" / "2021" / "pdf"
    names = sorted(p.relative_to(pdf_dir).as_posix() for p in pdf_dir.rglob("*.pdf"))
    for name in ("quyet_dinh.pdf", "to_trinh.pdf", "bao_cao_tong_ket.pdf", "in_an.pdf", "tom_tat/pnv.pdf"):
        assert name in names
    # the PDF folder mirrors the documents: one PDF per .docx, at the same place; the units' drafts
    # (ho_so_don_vi/) are to be completed in Word first and get none
    docx = sorted(p.relative_to(pdf_dir.parent).with_suffix(".pdf").as_posix()
                  for p in pdf_dir.parent.rglob("*.docx") if "ho_so_don_vi" not in p.parts)
    assert names == docx
    text = subprocess.run(["pdftotext", str(pdf_dir / "quyet_dinh.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "QUYẾT ĐỊNH" in text and "9.900.000" in text


def test_run_with_pdf_without_libreoffice_stops_cleanly(demo_ws: Path, tmp_path: Path) -> None:
    ws = tmp_path / "nopdf"
    shutil.copytree(demo_ws, ws)
    before = hashes(ws / "output" / "2021")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # python only, no soffice
    result = subprocess.run([sys.executable, "-m", "thidua_reports", "run", "--pdf", "-w", str(ws)],
                            capture_output=True, text=True, env=env, timeout=180)
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: Không tìm thấy LibreOffice (lệnh soffice/libreoffice) để tạo bản PDF.")
    assert hashes(ws / "output" / "2021") == before


def test_broken_user_template_stops_the_run_before_any_output(demo_ws: Path, tmp_path: Path) -> None:
    from thidua_reports.documents.templates import find_template

    ws = tmp_path / "tpl"
    shutil.copytree(demo_ws, ws)
    before = hashes(ws / "output" / "2021")
    doc = Document(str(find_template("quyet_dinh.docx", None)))
    doc.add_paragraph("Nơi nhận thêm: {{ noi_nhan_them ")  # an unclosed tag, as a hurried edit in Word leaves it
    (ws / "mau_van_ban").mkdir(exist_ok=True)
    doc.save(str(ws / "mau_van_ban" / "quyet_dinh.docx"))
    result = cli(ws, "run")
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: Mẫu văn bản mau_van_ban/quyet_dinh.docx")
    assert "Traceback" not in result.stderr
    assert hashes(ws / "output" / "2021") == before
    assert not list((ws / "output").glob(".2021.tmp-*"))


def test_council_decides_the_tie_at_the_cutoff(demo_ws: Path, tmp_path: Path) -> None:
    """PKTHT and PNNPTNT tie at the 7th place; the council takes PNNPTNT instead of PKTHT."""
    from openpyxl import Workbook

    ws = tmp_path / "council"
    shutil.copytree(demo_ws, ws)
    wb = Workbook()
    sheet = wb.active
    sheet.title = "QuyetDinh"
    sheet.append(["Loại (Tập thể/Cá nhân)", "Mã đơn vị", "Họ và tên", "Quyết định (Chọn/Loại)", "Lý do"])
    sheet.append(["Tập thể", "PKTHT", None, "Loại", "Hội đồng biểu quyết"])
    sheet.append(["Tập thể", "PNNPTNT", None, "Chọn", "Hội đồng biểu quyết 7/9 phiếu"])
    wb.save(ws / "quyet_dinh_hoi_dong.xlsx")
    result = cli(ws, "run")
    assert result.returncode == 0, result.stderr
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text(encoding="utf-8"))
    selected = sorted(u["code"] for u in data["units"] if u["selected"])
    assert selected == sorted([*EXPECTED_COLLECTIVES[:6], "PNNPTNT"])
    assert data["totals"]["total"] == 10800000
    cells = [c.text for t in Document(str(ws / "output" / "2021" / "quyet_dinh.docx")).tables
             for row in t.rows for c in row.cells]
    assert "Phòng Nông nghiệp và Phát triển nông thôn" in cells
    assert "Phòng Kinh tế và Hạ tầng" not in cells
    proposal = "\n".join(p.text for p in Document(str(ws / "output" / "2021" / "to_trinh.docx")).paragraphs)
    assert ("Hội đồng Thi đua - Khen thưởng đã xem xét và quyết định:\n"
            "- Tập thể: không đề nghị Phòng Kinh tế và Hạ tầng; lý do: Hội đồng biểu quyết;\n"
            "- Tập thể: chọn Phòng Nông nghiệp và Phát triển nông thôn; lý do: Hội đồng biểu quyết 7/9 phiếu.") in proposal

    sheet.append(["Tập thể", "PVHTT", None, "Chọn", "Đề nghị thêm"])  # an 8th collective: over the quota
    wb.save(ws / "quyet_dinh_hoi_dong.xlsx")
    over = cli(ws, "run")
    assert over.returncode == 1
    assert over.stderr.strip() == (
        "Lỗi: Danh sách tập thể được chọn có 8, vượt số lượng 7 (quota.collectives); các dòng Chọn tập thể "
        "trong quyet_dinh_hoi_dong.xlsx, trang QuyetDinh: 3, 4. Hãy bớt dòng Chọn, thêm dòng Loại, hoặc đặt "
        "quota.allow_over = true.")


def test_check_gives_criteria_and_survives_unknown_money_rules(demo_ws: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ws = tmp_path / "check2"
    shutil.copytree(demo_ws, ws)
    shutil.rmtree(ws / "output")
    assert cli(ws, "check").returncode == 0
    book = load_workbook(ws / "output" / "2021" / "kiem_tra" / "ptp.xlsx")
    rows = [[c.value for c in r] for r in book["TieuChi"].iter_rows()]
    assert rows[1][:2] == ["Nhiệm vụ CCHC", "Đạt"]

    # a 2024 decision date: the Giấy khen coefficients are not known, the run would stop; check goes on
    toml = (ws / "thidua.toml").read_text(encoding="utf-8")
    toml = toml.replace("individual_coefficient = 0.3\n", "").replace("collective_coefficient = 0.6\n", "")
    toml = toml.replace("decision_date = 2021-12-10", "decision_date = 2024-03-01")
    (ws / "thidua.toml").write_text(toml, encoding="utf-8")
    result = cli(ws, "check")
    assert result.returncode == 0, result.stderr
    assert "Phiếu kiểm tra chưa có kết quả xét tiêu chí: Chưa xác định được mức tiền thưởng" in " ".join(
        result.stdout.split())
    assert load_workbook(ws / "output" / "2021" / "kiem_tra" / "ptp.xlsx").sheetnames == ["KiemTra"]
    assert cli(ws, "run").returncode == 1
