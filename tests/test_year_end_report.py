"""The demo's báo cáo tổng kết end to end (SPEC §11.4): the trend from its 2019 and 2020 history, the
placeholders listed in the run summary until [report] is filled in."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.doc_factories import docx_text
from thidua_reports import pipeline
from thidua_reports.decision.history import earlier_figures
from thidua_reports.demo import build_demo

REPORT_TOML = """
[report]
strengths = ["Các cơ quan, đơn vị triển khai phong trào đúng kế hoạch."]
weaknesses = ["Một số xã gửi hồ sơ muộn, số liệu chưa khớp với danh mục."]
next_year = ["Tiếp tục phát động phong trào thi đua cải cách hành chính năm 2022."]
"""


def _highlighted(docx: Path) -> int:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/document.xml").decode("utf-8").count('<w:highlight w:val="yellow"/>')


def test_demo_report_shows_the_trend_and_its_open_placeholders(tmp_path: Path) -> None:
    ws = build_demo(tmp_path / "ws")
    summary = pipeline.run(ws)
    notes = [n for n in summary.notes if n.startswith("bao_cao_tong_ket.docx")]
    assert notes == ["bao_cao_tong_ket.docx còn 3 mục chờ bổ sung (đánh dấu vàng): Ưu điểm; Hạn chế, tồn tại "
                     "và nguyên nhân; Phương hướng, nhiệm vụ năm 2022. Hãy điền [report] strengths, "
                     "weaknesses, next_year trong thidua.toml rồi chạy lại."]
    report = ws / "output" / "2021" / "bao_cao_tong_ket.docx"
    lines = docx_text(report).splitlines()
    assert "VI. KẾT QUẢ QUA CÁC NĂM" in lines
    rows = [line.split(" | ") for line in lines if line[:4] in ("2019", "2020", "2021") and " | " in line]
    assert [r[0] for r in rows] == ["2019", "2020", "2021"]
    assert rows[-1][6] == "9.900.000"  # this year's total, as in ket_qua.json
    with zipfile.ZipFile(report) as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == 3  # index, classification, trend
    assert _highlighted(report) == 3
    # the run recorded 2021's figures for the next campaign
    assert [f.year for f in earlier_figures(ws / "lich_su.sqlite", 2022)] == [2019, 2020, 2021]

    with (ws / "thidua.toml").open("a", encoding="utf-8") as fh:
        fh.write(REPORT_TOML)
    again = pipeline.run(ws)
    assert not [n for n in again.notes if n.startswith("bao_cao_tong_ket.docx")]
    assert _highlighted(report) == 0
    assert "Các cơ quan, đơn vị triển khai phong trào đúng kế hoạch." in docx_text(report).splitlines()
