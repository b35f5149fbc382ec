"""Tests for award money: base salary table, legal regimes, coefficients, rounding, formula text."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from thidua_reports.config import Settings
from thidua_reports.decision.money import (
    CONFIGURED_BASE_BASIS,
    award_terms,
    base_salary_on,
    coefficients,
    formula_text,
    legal_basis,
    regime_on,
    round_amount,
)
from thidua_reports.errors import ConfigError
from thidua_reports.models import MoneyTerms

ND91 = (
    "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, Khen thưởng"
)
ND98 = (
    "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng"
)
ND152 = (
    "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ quy định về phân cấp, phân quyền "
    "trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của "
    "Luật Thi đua, khen thưởng"
)


def _without_coefficients(s: Settings, on: date) -> Settings:
    s.issuer.decision_date = on
    s.award.individual_coefficient = None
    s.award.collective_coefficient = None
    s.award.legal_basis = None
    return s


# --- base salary -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "amount", "decree"),
    [
        (date(2018, 7, 1), 1_390_000, "72/2018/NĐ-CP"),
        (date(2019, 6, 30), 1_390_000, "72/2018/NĐ-CP"),
        (date(2019, 7, 1), 1_490_000, "38/2019/NĐ-CP"),
        (date(2020, 7, 1), 1_490_000, "38/2019/NĐ-CP"),  # the planned 1.600.000 never applied
        (date(2021, 12, 10), 1_490_000, "38/2019/NĐ-CP"),
        (date(2023, 6, 30), 1_490_000, "38/2019/NĐ-CP"),
        (date(2023, 7, 1), 1_800_000, "24/2023/NĐ-CP"),
        (date(2024, 6, 30), 1_800_000, "24/2023/NĐ-CP"),
        (date(2024, 7, 1), 2_340_000, "73/2024/NĐ-CP"),
        (date(2026, 6, 30), 2_340_000, "73/2024/NĐ-CP"),
        (date(2026, 7, 1), 2_530_000, "161/2026/NĐ-CP"),
        (date(2030, 1, 1), 2_530_000, "161/2026/NĐ-CP"),
    ],
)
def test_base_salary_on(d: date, amount: int, decree: str) -> None:
    got, basis = base_salary_on(d)
    assert got == amount
    assert basis.startswith(f"Nghị định số {decree}")


def test_base_salary_basis_text() -> None:
    assert base_salary_on(date(2024, 7, 1))[1] == "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 của Chính phủ"


def test_base_salary_before_table() -> None:
    with pytest.raises(ConfigError) as exc:
        base_salary_on(date(2018, 6, 30))
    assert str(exc.value) == (
        "Bảng mức lương cơ sở có sẵn chỉ bắt đầu từ 01/07/2018; ngày Quyết định 30/06/2018 sớm hơn. "
        "Hãy khai báo award.base_salary (mức lương cơ sở đang có hiệu lực vào ngày ban hành Quyết định, "
        "đơn vị đồng) trong thidua.toml."
    )


# --- regimes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "decree"),
    [
        (date(2017, 10, 1), "Nghị định số 91/2017/NĐ-CP"),
        (date(2023, 12, 31), "Nghị định số 91/2017/NĐ-CP"),
        (date(2024, 1, 1), "Nghị định số 98/2023/NĐ-CP"),
        (date(2025, 6, 30), "Nghị định số 98/2023/NĐ-CP"),
        (date(2025, 7, 1), "Nghị định số 152/2025/NĐ-CP"),
    ],
)
def test_regime_on(d: date, decree: str) -> None:
    regime = regime_on(d)
    assert regime is not None and regime.decree == decree


def test_no_regime_before_nd91() -> None:
    assert regime_on(date(2017, 9, 30)) is None


@pytest.mark.parametrize(
    ("d", "expected"),
    [(date(2021, 12, 10), ND91), (date(2024, 3, 1), ND98), (date(2025, 7, 1), ND152)],
)
def test_default_legal_basis(demo_settings: Settings, d: date, expected: str) -> None:
    s = _without_coefficients(demo_settings, d)
    assert legal_basis(s) == expected
    assert unicodedata.is_normalized("NFC", expected)


def test_configured_legal_basis_wins(demo_settings: Settings) -> None:
    demo_settings.award.legal_basis = "  Quyết định số 12/2022/QĐ-UBND của UBND tỉnh  "
    assert legal_basis(demo_settings) == "Quyết định số 12/2022/QĐ-UBND của UBND tỉnh"


def test_legal_basis_required_before_nd91(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2017, 9, 30))
    with pytest.raises(ConfigError) as exc:
        legal_basis(s)
    assert str(exc.value) == (
        "Ngày Quyết định 30/09/2017 trước ngày 01/10/2017 (không có văn bản trong bảng có sẵn). "
        "Hãy khai báo award.legal_basis (văn bản quy định mức tiền thưởng) trong thidua.toml."
    )


# --- coefficients ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected"),
    [("tinh", ("0.3", "0.6")), ("huyen", ("0.3", "0.6")), ("xa", ("0.15", "0.3"))],
)
def test_nd91_coefficients_by_level(demo_settings: Settings, level: str, expected: tuple[str, str]) -> None:
    s = _without_coefficients(demo_settings, date(2021, 12, 10))
    s.issuer.level = level  # type: ignore[assignment]
    assert coefficients(s) == (Decimal(expected[0]), Decimal(expected[1]))


def test_xa_issuer_2021_amounts(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2021, 12, 10))
    s.issuer.level = "xa"
    terms = award_terms(s)
    assert (terms.individual_coefficient, terms.collective_coefficient) == (Decimal("0.15"), Decimal("0.3"))
    assert (terms.amount_individual, terms.amount_collective) == (230_000, 450_000)


def test_one_missing_coefficient_filled_under_nd91(demo_settings: Settings) -> None:
    demo_settings.award.collective_coefficient = None
    demo_settings.award.individual_coefficient = Decimal("0.3")
    assert coefficients(demo_settings) == (Decimal("0.3"), Decimal("0.6"))


MSG_98 = (
    "Chưa xác định được mức tiền thưởng cho Quyết định ngày 01/03/2024: hệ số tiền thưởng Giấy khen "
    "theo Nghị định số 98/2023/NĐ-CP, áp dụng cho Quyết định ban hành từ ngày 01/01/2024 chưa được "
    "kiểm chứng. Hãy khai báo cả award.individual_coefficient (hệ số cho cá nhân) và "
    "award.collective_coefficient (hệ số cho tập thể) trong thidua.toml."
)


def test_2024_without_coefficients_stops(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2024, 3, 1))
    with pytest.raises(ConfigError) as exc:
        award_terms(s)
    assert str(exc.value) == MSG_98
    assert unicodedata.is_normalized("NFC", str(exc.value))


def test_2024_with_one_coefficient_still_stops(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2024, 3, 1))
    s.award.individual_coefficient = Decimal("0.3")
    with pytest.raises(ConfigError) as exc:
        coefficients(s)
    assert str(exc.value) == MSG_98


def test_2025_reform_without_coefficients_stops(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2025, 8, 15))
    s.issuer.level = "xa"
    with pytest.raises(ConfigError) as exc:
        coefficients(s)
    assert str(exc.value) == (
        "Chưa xác định được mức tiền thưởng cho Quyết định ngày 15/08/2025: hệ số tiền thưởng Giấy khen "
        "theo Nghị định số 152/2025/NĐ-CP, áp dụng cho Quyết định ban hành từ ngày 01/07/2025 chưa được "
        "kiểm chứng. Hãy khai báo cả award.individual_coefficient (hệ số cho cá nhân) và "
        "award.collective_coefficient (hệ số cho tập thể) trong thidua.toml."
    )


def test_other_award_form_needs_coefficients(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2021, 12, 10))
    s.award.form = "Bằng khen"
    with pytest.raises(ConfigError) as exc:
        coefficients(s)
    assert "không dành cho hình thức \"Bằng khen\"" in str(exc.value)
    assert "award.individual_coefficient" in str(exc.value)


def test_2024_with_coefficients(demo_settings: Settings) -> None:
    s = _without_coefficients(demo_settings, date(2024, 7, 15))
    s.award.individual_coefficient = Decimal("0.3")
    s.award.collective_coefficient = Decimal("0.6")
    terms = award_terms(s)
    assert terms.base_salary == 2_340_000
    assert (terms.amount_individual, terms.amount_collective) == (710_000, 1_410_000)


# --- rounding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coef", "base", "ceil", "nearest", "none"),
    [
        ("0.15", 1_490_000, 230_000, 220_000, 223_500),
        ("0.3", 1_490_000, 450_000, 450_000, 447_000),
        ("0.6", 1_490_000, 900_000, 890_000, 894_000),
        ("0.3", 2_340_000, 710_000, 700_000, 702_000),
        ("0.6", 2_340_000, 1_410_000, 1_400_000, 1_404_000),
        ("0.15", 2_340_000, 360_000, 350_000, 351_000),
        ("0.15", 1_390_000, 210_000, 210_000, 208_500),
        ("0.6", 1_390_000, 840_000, 830_000, 834_000),
        ("0.3", 1_800_000, 540_000, 540_000, 540_000),
        ("1.5", 2_530_000, 3_800_000, 3_800_000, 3_795_000),
        ("0.15", 2_530_000, 380_000, 380_000, 379_500),
    ],
)
def test_round_amount_vectors(coef: str, base: int, ceil: int, nearest: int, none: int) -> None:
    x = Decimal(coef) * base
    assert round_amount(x, "ceil") == ceil
    assert round_amount(x, "nearest") == nearest
    assert round_amount(x, "none") == none


def test_round_amount_edges() -> None:
    assert round_amount(Decimal("225000"), "nearest") == 230_000  # exactly half: up
    assert round_amount(Decimal("224999.99"), "nearest") == 220_000
    assert round_amount(Decimal("220000.01"), "ceil") == 230_000
    assert round_amount(Decimal("220000"), "ceil") == 220_000
    assert round_amount(Decimal("0"), "ceil") == 0
    assert round_amount(Decimal("208500.5"), "none") == 208_501
    assert round_amount(Decimal("208500.4"), "none") == 208_500
    assert round_amount(447_000, "ceil") == 450_000
    assert isinstance(round_amount(Decimal("447000.0"), "ceil"), int)


def test_round_amount_rejects_float_and_unknown_mode() -> None:
    with pytest.raises(TypeError):
        round_amount(447000.0, "ceil")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        round_amount(Decimal(1), "floor")


# --- terms and formula -------------------------------------------------------------------------


def test_demo_settings_terms(demo_settings: Settings) -> None:
    terms = award_terms(demo_settings)
    assert terms == MoneyTerms(
        base_salary=1_490_000,
        base_salary_basis="Nghị định số 38/2019/NĐ-CP của Chính phủ",
        individual_coefficient=Decimal("0.3"),
        collective_coefficient=Decimal("0.6"),
        rounding="ceil",
        amount_individual=450_000,
        amount_collective=900_000,
    )
    assert legal_basis(demo_settings) == ND91


def test_demo_settings_nearest(demo_settings: Settings) -> None:
    demo_settings.award.rounding = "nearest"
    terms = award_terms(demo_settings)
    assert (terms.amount_individual, terms.amount_collective) == (450_000, 890_000)


def test_configured_base_salary(demo_settings: Settings) -> None:
    demo_settings.award.base_salary = 1_600_000
    demo_settings.issuer.decision_date = date(2017, 12, 1)
    terms = award_terms(demo_settings)
    assert (terms.base_salary, terms.base_salary_basis) == (1_600_000, CONFIGURED_BASE_BASIS)
    assert (terms.amount_individual, terms.amount_collective) == (480_000, 960_000)


def _terms(coef_i: str, coef_c: str, base: int, rounding: str, ind: int, coll: int) -> MoneyTerms:
    return MoneyTerms(base, "x", Decimal(coef_i), Decimal(coef_c), rounding, ind, coll)


def test_formula_text() -> None:
    t = _terms("0.3", "0.6", 1_490_000, "ceil", 450_000, 900_000)
    assert formula_text(t) == "0,3 × 1.490.000 = 447.000 đồng, làm tròn lên 450.000 đồng"
    assert formula_text(t, collective=True) == "0,6 × 1.490.000 = 894.000 đồng, làm tròn lên 900.000 đồng"
    t = _terms("0.15", "0.30", 1_490_000, "nearest", 220_000, 450_000)
    assert formula_text(t) == (
        "0,15 × 1.490.000 = 223.500 đồng, làm tròn đến hàng chục nghìn gần nhất: 220.000 đồng"
    )
    assert formula_text(t, collective=True) == "0,3 × 1.490.000 = 447.000 đồng, làm tròn đến hàng chục nghìn gần nhất: 450.000 đồng"
    t = _terms("0.3", "0.6", 1_800_000, "ceil", 540_000, 1_080_000)
    assert formula_text(t) == "0,3 × 1.800.000 = 540.000 đồng"
    t = _terms("0.15", "0.3", 1_490_000, "none", 223_500, 447_000)
    assert formula_text(t) == "0,15 × 1.490.000 = 223.500 đồng"
    t = _terms("0.333", "0.6", 1_490_005, "none", 496_172, 894_003)
    assert formula_text(t) == "0,333 × 1.490.005 = 496.171,665 đồng, làm tròn đến đồng: 496.172 đồng"
