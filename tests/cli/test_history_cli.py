"""`thidua history` (SPEC §11.3): the register of the workspace's history, filtered, as a table."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua_reports.cli.main import main
from thidua_reports.demo import build_demo


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("history") / "demo")  # history: 2019 and 2020


def history(ws: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["history", "-w", str(ws), *args], prog_name="thidua",
                              catch_exceptions=False, terminal_width=200)


def test_name_without_marks_finds_the_person(demo_ws: Path) -> None:
    result = history(demo_ws, "--name", "nguyen thi hoa")
    assert result.exit_code == 0
    assert "Nguyễn Thị Hoa" in result.output and "Chuyên viên" in result.output
    assert "Phòng Nội vụ" in result.output and "450.000" in result.output
    assert "Số lượt khen thưởng: 1" in result.output
    assert "Lê Văn Khánh" not in result.output


def test_unit_and_year_filters(demo_ws: Path) -> None:
    both = history(demo_ws, "--unit", "xa-pthai")
    assert both.exit_code == 0 and "Số lượt khen thưởng: 4" in both.output
    assert both.output.index("2020") < both.output.index("2019")  # newest first
    one = history(demo_ws, "--unit", "XA-PTHAI", "--year", "2019")
    assert "Số lượt khen thưởng: 2" in one.output and "2020" not in one.output.split("Sổ theo dõi")[1]


def test_nothing_found_exits_0(demo_ws: Path) -> None:
    result = history(demo_ws, "--name", "khong co ai")
    assert result.exit_code == 0
    assert result.output.strip() == "Không có kết quả"


def test_no_history_file_is_no_result(demo_ws: Path, tmp_path: Path) -> None:
    (tmp_path / "thidua.toml").write_bytes((demo_ws / "thidua.toml").read_bytes())
    result = history(tmp_path)
    assert result.exit_code == 0 and result.output.strip() == "Không có kết quả"
