"""The parts of the Báo cáo tổng kết besides this year's figures (SPEC §11.4): the results over the
years (from `CampaignResult.trend`), Đánh giá chung and Phương hướng, nhiệm vụ năm sau (from
`[report]`), with a highlighted placeholder where the office has not written its text yet."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.documents.context import Chart
from thidua_reports.models import CampaignResult, YearFigures
from thidua_reports.vietnamese import format_money, format_percent

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
FIRST_PART = 6  # sections I–V of the report are this year's figures
MIN_EARLIER_YEARS = 2  # the trend needs at least two earlier years besides this one
REPORT_KEYS = ("strengths", "weaknesses", "next_year")


def _titles(settings: Settings) -> dict[str, str]:
    return {"strengths": "Ưu điểm", "weaknesses": "Hạn chế, tồn tại và nguyên nhân",
            "next_year": f"Phương hướng, nhiệm vụ năm {settings.campaign.year + 1}"}


def _placeholders(settings: Settings) -> dict[str, str]:
    office, year = settings.office.name.strip(), settings.campaign.year
    return {
        "strengths": f"[{office} bổ sung: những ưu điểm, kết quả nổi bật trong tổ chức thực hiện "
                     f"phong trào năm {year}]",
        "weaknesses": f"[{office} bổ sung: những hạn chế, tồn tại và nguyên nhân]",
        "next_year": f"[{office} bổ sung: phương hướng, nhiệm vụ năm {year + 1}]",
    }


def _texts(settings: Settings, key: str) -> list[str]:
    return [t.strip() for t in getattr(settings.report, key) if t.strip()]


def open_placeholders(settings: Settings) -> list[str]:
    """The report's sections still waiting for the office's text (`[report]` lists left empty)."""
    titles = _titles(settings)
    return [titles[k] for k in REPORT_KEYS if not _texts(settings, k)]


def placeholder_note(settings: Settings) -> str | None:
    """The run summary's line about the report's open placeholders, None when there is none."""
    titles = open_placeholders(settings)
    if not titles:
        return None
    keys = ", ".join(k for k in REPORT_KEYS if not _texts(settings, k))
    return (f"bao_cao_tong_ket.docx còn {len(titles)} mục chờ bổ sung (đánh dấu vàng): "
            f"{'; '.join(titles)}. Hãy điền [report] {keys} trong thidua.toml rồi chạy lại.")


def _items(settings: Settings, key: str) -> list[dict[str, Any]]:
    texts = _texts(settings, key)
    if texts:
        return [{"text": t, "placeholder": False} for t in texts]
    return [{"text": _placeholders(settings)[key], "placeholder": True}]


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _components(f: YearFigures) -> str:
    if f.components_compared is None or f.components_improved is None:
        return "—"
    return f"{f.components_improved}/{f.components_compared}"


def _share(f: YearFigures) -> Fraction | None:
    if not f.components_compared or f.components_improved is None:
        return None
    return Fraction(f.components_improved, f.components_compared)


def trend_rows(trend: list[YearFigures]) -> list[dict[str, str]]:
    return [{"year": str(f.year), "units": str(f.units), "accepted": _count(f.accepted),
             "collectives": _count(f.eligible_collectives), "individuals": _count(f.eligible_individuals),
             "awards": str(f.awards), "money": format_money(f.total_money), "components": _components(f)}
            for f in trend]


def _trend_intro(trend: list[YearFigures]) -> str:
    first, last = trend[0].year, trend[-1].year
    text = f"Kết quả phong trào qua các năm {first} - {last}"
    before, now = trend[-2], trend[-1]
    if now.awards != before.awards:
        word = "tăng" if now.awards > before.awards else "giảm"
        text += (f"; năm {now.year} có {now.awards} tập thể, cá nhân được khen thưởng, {word} "
                 f"{abs(now.awards - before.awards)} so với năm {before.year}")
    share_now, share_before = _share(now), _share(before)
    if share_now is not None and share_before is not None:
        text += (f"; tỷ lệ chỉ số thành phần tăng điểm là {format_percent(share_now, 1)}"
                 f" (năm {before.year}: {format_percent(share_before, 1)})")
    return text + ":"


def year_end_parts(result: CampaignResult, settings: Settings, charts: bool = True) -> dict[str, Any]:
    """The report context's keys of the trend, the assessment and next year's tasks."""
    earlier = [f for f in result.trend if f.year < result.year]
    has_trend = len(earlier) >= MIN_EARLIER_YEARS
    number = FIRST_PART
    trend_heading = ""
    if has_trend:
        trend_heading = f"{ROMAN[number - 1]}. KẾT QUẢ QUA CÁC NĂM"
        number += 1
    shares = [(f.year, f.components_improved, f.components_compared)
              for f in result.trend if _share(f) is not None]
    chart = (Chart("xu_huong", tuple(shares), 15.0)
             if charts and has_trend and len(shares) >= MIN_EARLIER_YEARS else None)
    return {
        "has_trend": has_trend,
        "trend_heading": trend_heading,
        "trend_intro": _trend_intro(result.trend) if has_trend else "",
        "trend_rows": trend_rows(result.trend) if has_trend else [],
        "chart_trend": chart,
        "assessment_heading": f"{ROMAN[number - 1]}. ĐÁNH GIÁ CHUNG",
        "strengths": _items(settings, "strengths"),
        "weaknesses": _items(settings, "weaknesses"),
        "next_year_heading": f"{ROMAN[number]}. {_titles(settings)['next_year'].upper()}",
        "next_year": _items(settings, "next_year"),
    }
