"""The command line: help texts, exit codes, clean Vietnamese errors, lazy imports, init."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua_reports.cli.main import main

COMMANDS = ["demo", "init", "templates", "check", "run", "watch", "history"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="thidua", catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_vietnamese_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    doc = main.commands[command].help or ""
    assert doc.strip(), f"{command} has no help"
    assert doc.split("\n")[0] in result.output
    assert result.output.startswith(f"Cách dùng: thidua {command} [TÙY_CHỌN]")
    assert "Hiện hướng dẫn này rồi thoát." in result.output
    for english in ("Usage", "Options", "Show this message", "default:"):
        assert english not in result.output


def test_usage_error_exits_2_with_vietnamese_message() -> None:
    unknown = invoke("khong-co-lenh")
    assert unknown.exit_code == 2
    assert "Lỗi: Không có lệnh 'khong-co-lenh'." in unknown.output
    assert "Gõ 'thidua --help' để xem hướng dẫn." in unknown.output
    option = invoke("run", "--khong-co")
    assert option.exit_code == 2 and "Lỗi: Không có tùy chọn '--khong-co'." in option.output
    missing = invoke("init")  # THƯ_MỤC is required
    assert missing.exit_code == 2 and "Lỗi: Thiếu tham số 'THƯ_MỤC'." in missing.output


def test_help_imports_no_heavy_library() -> None:
    """`thidua --help` stays fast because pandas, docx, openpyxl, matplotlib load only when used."""
    code = (
        "import sys; from thidua_reports.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'openpyxl', 'docx', 'docxtpl', 'matplotlib', 'python_calamine', 'rich',"
        " 'pydantic') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("HEAVY=")


def test_missing_config_is_a_clean_error_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Lỗi: Không tìm thấy tệp cấu hình {tmp_path.resolve() / 'thidua.toml'}.")
    assert "Traceback" not in result.output


def test_bad_config_lists_every_problem(tmp_path: Path) -> None:
    (tmp_path / "thidua.toml").write_text('[campaign]\nyear = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert "Lỗi: Tệp cấu hình thidua.toml có " in result.output
    assert "  - campaign.year: phải là số nguyên (đang là 'x')" in result.output
    assert "  - issuer: thiếu khóa bắt buộc; hãy thêm giá trị cho khóa này" in result.output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", "check", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "ConfigError"


def test_init_creates_workspace_and_never_overwrites(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = invoke("init", str(ws))
    assert result.exit_code == 0, result.output
    assert (ws / "thidua.toml").is_file() and (ws / "danh_muc.xlsx").is_file() and (ws / "inbox").is_dir()
    before = (ws / "thidua.toml").read_bytes()
    (ws / "thidua.toml").write_text("# của tôi\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["init", str(ws)])
    assert again.exit_code == 1
    assert f"Lỗi: Thư mục {ws} đã có thidua.toml, danh_muc.xlsx; lệnh init không ghi đè tệp đã có." in again.output
    assert (ws / "thidua.toml").read_text(encoding="utf-8") == "# của tôi\n"
    assert before.startswith("# Cấu hình đợt thi đua".encode())


def test_init_registry_has_the_headers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    invoke("init", str(tmp_path / "ws"))
    wb = load_workbook(tmp_path / "ws" / "danh_muc.xlsx")
    assert {"DonVi", "ChiSo"} <= set(wb.sheetnames)
    headers = [c.value for c in wb["DonVi"][1] if c.value]
    assert "Mã đơn vị" in headers and "Số biên chế" in headers and "Điểm CCHC chính thức" in headers
    chi_so = [c.value for c in wb["ChiSo"][1] if c.value]
    assert "Mã chỉ số" in chi_so and "Điểm tối đa năm nay" in chi_so


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "thidua_reports", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "thidua — lập hồ sơ khen thưởng" in out


def test_templates_command_writes_one_form_per_unit_and_the_blank(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from thidua_reports.demo import build_demo

    ws = build_demo(tmp_path / "ws")
    for p in (ws / "mau_nhap").glob("*.xlsx"):
        p.unlink()
    result = invoke("templates", "-w", str(ws))
    assert result.exit_code == 0, result.output
    forms = ws.resolve() / "mau_nhap"
    assert result.output == (f"Đã ghi 21 mẫu nhập liệu vào {forms}\n"
                             f"Đã ghi mẫu quyết định của Hội đồng (điền sau phiên họp): {forms / 'quyet_dinh_hoi_dong.xlsx'}\n")
    form = load_workbook(ws / "mau_nhap" / "pnv.xlsx")
    assert form.sheetnames[:5] == ["HuongDan", "ThongTin", "ChiSo", "CaNhan", "ThanhTich"]
    info = {row[0].value: row[1].value for row in form["ThongTin"].iter_rows() if row[0].value}
    assert info["Mã đơn vị"] == "PNV" and info["Tên đơn vị"] == "Phòng Nội vụ" and info["Năm thi đua"] == 2021
    blank = invoke("templates", "-w", str(ws), "--blank")
    assert blank.exit_code == 0
    assert (ws / "mau_nhap" / "mau_bao_cao_thi_dua_cchc.xlsx").is_file()
