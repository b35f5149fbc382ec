"""The báo cáo tổng kết's year-end parts (SPEC §11.4): results over the years, Đánh giá chung,
Phương hướng năm sau, with highlighted placeholders where the office has not written yet."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.doc_factories import campaign_result, docx_text, settings
from thidua_reports.config import Report, Settings
from thidua_reports.documents.context import Chart
from thidua_reports.documents.report_parts import (
    open_placeholders,
    placeholder_note,
    year_end_parts,
)
from thidua_reports.models import CampaignResult, YearFigures
from thidua_reports.outputs.write import render_documents

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TREND = [
    YearFigures(2019, 20, 15, 5, 20, 8, 5_400_000, 15, 28),
    YearFigures(2020, 21, None, None, None, 10, 6_750_000, None, None),  # recorded before the figures
    YearFigures(2021, 21, 16, 2, 3, 5, 3_150_000, 2, 3),
]
WRITTEN = Report(strengths=["Các đơn vị triển khai đúng kế hoạch.", "  ", "Tỷ lệ hồ sơ đúng hạn cao."],
                 weaknesses=["Một số xã gửi hồ sơ muộn."], next_year=[])


def _with_trend(years: list[YearFigures]) -> CampaignResult:
    result = campaign_result()
    result.trend = list(years)
    return result


def _written() -> Settings:
    s = settings()
    s.report = WRITTEN.model_copy(deep=True)
    return s


def _paragraphs(docx: Path) -> list[tuple[str, set[str]]]:
    """(text, highlight colours of its runs) of every body paragraph."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found = []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        marks = {h.get(f"{W}val") for r in p.iter(f"{W}r") for h in r.iter(f"{W}highlight")}
        found.append((text, marks))
    return found


@pytest.fixture(scope="module")
def trend_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trend")
    render_documents(_with_trend(TREND), _written(), None, out)
    return out / "bao_cao_tong_ket.docx"


@pytest.fixture(scope="module")
def plain_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plain")
    render_documents(campaign_result(), settings(), None, out)
    return out / "bao_cao_tong_ket.docx"


def test_golden_trend_and_written_assessment(trend_report: Path) -> None:
    text = docx_text(trend_report)
    golden = GOLDEN / "bao_cao_tong_ket_qua_cac_nam.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_placeholders_are_highlighted_yellow_and_written_text_is_not(plain_report: Path,
                                                                     trend_report: Path) -> None:
    plain = [(t, m) for t, m in _paragraphs(plain_report) if t.startswith("[Phòng Nội vụ bổ sung:")]
    assert len(plain) == 3 and all(m == {"yellow"} for _, m in plain)
    written = _paragraphs(trend_report)
    marked = [t for t, m in written if m]
    assert marked == ["[Phòng Nội vụ bổ sung: phương hướng, nhiệm vụ năm 2022]"]
    assert ("Các đơn vị triển khai đúng kế hoạch.", set()) in written
    assert ("Một số xã gửi hồ sơ muộn.", set()) in written


def test_sections_are_numbered_after_the_figures(plain_report: Path, trend_report: Path) -> None:
    plain = docx_text(plain_report).splitlines()
    assert "VI. ĐÁNH GIÁ CHUNG" in plain and "VII. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2022" in plain
    assert not any("QUA CÁC NĂM" in line for line in plain)
    trend = docx_text(trend_report).splitlines()
    assert trend.index("VI. KẾT QUẢ QUA CÁC NĂM") < trend.index("VII. ĐÁNH GIÁ CHUNG") < trend.index(
        "VIII. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2022")


def _images(docx: Path) -> int:
    with zipfile.ZipFile(docx) as z:
        return sum(1 for n in z.namelist() if n.startswith("word/media/"))


def test_trend_chart_only_with_two_earlier_years(plain_report: Path, trend_report: Path) -> None:
    assert _images(trend_report) == _images(plain_report) + 1
    one_earlier = year_end_parts(_with_trend(TREND[1:]), settings())
    assert not one_earlier["has_trend"] and one_earlier["chart_trend"] is None
    assert one_earlier["trend_rows"] == []
    two_earlier = year_end_parts(_with_trend(TREND), settings())
    chart = two_earlier["chart_trend"]
    assert isinstance(chart, Chart) and chart.kind == "xu_huong"
    assert chart.data == ((2019, 15, 28), (2021, 2, 3))  # 2020 has no comparison to plot
    assert year_end_parts(_with_trend(TREND), settings(), charts=False)["chart_trend"] is None


def test_trend_chart_draws() -> None:
    from thidua_reports.documents.charts import draw

    assert draw("xu_huong", ((2019, 15, 28), (2020, 18, 30), (2021, 23, 30))).startswith(b"\x89PNG")


def test_open_placeholders_and_the_note() -> None:
    s = settings()
    assert open_placeholders(s) == ["Ưu điểm", "Hạn chế, tồn tại và nguyên nhân",
                                    "Phương hướng, nhiệm vụ năm 2022"]
    note = placeholder_note(s)
    assert note is not None and "3 mục chờ bổ sung" in note and "strengths, weaknesses, next_year" in note
    written = _written()
    assert open_placeholders(written) == ["Phương hướng, nhiệm vụ năm 2022"]
    assert "[report] next_year" in (placeholder_note(written) or "")
    written.report.next_year = ["Tiếp tục phát động phong trào."]
    assert placeholder_note(written) is None


def test_report_settings_errors_name_their_key() -> None:
    from tests.factories import make_settings
    from thidua_reports.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        make_settings(report={"strengths": "Một đoạn", "weakness": ["sai tên khóa"]})
    text = str(caught.value)
    assert "report.strengths: phải là danh sách" in text
    assert "report.weakness: khóa không được hỗ trợ" in text
    assert make_settings().report == Report()
