"""Award money: base salary by date, legal regimes and Giấy khen coefficients, rounding (DOMAIN §2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from thidua_reports.errors import ConfigError
from thidua_reports.models import MoneyTerms
from thidua_reports.vietnamese import format_decimal_vi, format_money, normalize_label, short_date

if TYPE_CHECKING:
    from thidua_reports.config import Settings

ROUNDING_MODES = ("ceil", "nearest", "none")
_STEP_EXPONENT = 4  # amounts are rounded to a multiple of 10^4 = 10.000 đồng


@dataclass(frozen=True)
class BaseSalary:
    """One row of the mức lương cơ sở table: in force from `effective` until the next row."""

    effective: date
    amount: int
    basis: str


# DOMAIN §2.5. The 2020 rise to 1.600.000 was never applied: 1.490.000 stayed until 30/6/2023.
# The decree number for 2018 (72/2018) is unverified; the signing dates are given only where verified.
BASE_SALARY_TABLE: tuple[BaseSalary, ...] = (
    BaseSalary(date(2018, 7, 1), 1_390_000, "Nghị định số 72/2018/NĐ-CP của Chính phủ"),
    BaseSalary(date(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP của Chính phủ"),
    BaseSalary(date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP ngày 14/5/2023 của Chính phủ"),
    BaseSalary(date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 của Chính phủ"),
    BaseSalary(date(2026, 7, 1), 2_530_000, "Nghị định số 161/2026/NĐ-CP ngày 15/5/2026 của Chính phủ"),
)

CONFIGURED_BASE_BASIS = "Mức lương cơ sở khai báo trong thidua.toml (award.base_salary)"


def base_salary_on(d: date) -> tuple[int, str]:
    """The base salary in force on `d` and the decree that set it."""
    rows = [r for r in BASE_SALARY_TABLE if r.effective <= d]
    if not rows:
        first = BASE_SALARY_TABLE[0].effective
        raise ConfigError(
            f"Bảng mức lương cơ sở có sẵn chỉ bắt đầu từ {short_date(first)}; ngày Quyết định "
            f"{short_date(d)} sớm hơn. Hãy khai báo award.base_salary (mức lương cơ sở đang có hiệu lực "
            "vào ngày ban hành Quyết định, đơn vị đồng) trong thidua.toml."
        )
    row = rows[-1]
    return row.amount, row.basis


@dataclass(frozen=True)
class Regime:
    """The decree that fixes award money for decisions issued from `start` on."""

    decree: str
    start: date
    legal_basis: str
    # Giấy khen coefficients (individual, collective) by issuer level; None = not verified.
    giay_khen: dict[str, tuple[Decimal, Decimal]] | None


_ND91_GIAY_KHEN = {
    "tinh": (Decimal("0.3"), Decimal("0.6")),
    "huyen": (Decimal("0.3"), Decimal("0.6")),
    "xa": (Decimal("0.15"), Decimal("0.3")),
}

REGIMES: tuple[Regime, ...] = (
    Regime(
        "Nghị định số 91/2017/NĐ-CP",
        date(2017, 10, 1),
        "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, Khen thưởng",
        _ND91_GIAY_KHEN,
    ),
    Regime(
        "Nghị định số 98/2023/NĐ-CP",
        date(2024, 1, 1),
        "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng",
        None,
    ),
    Regime(
        "Nghị định số 152/2025/NĐ-CP",
        date(2025, 7, 1),
        "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ quy định về phân cấp, phân quyền "
        "trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của "
        "Luật Thi đua, khen thưởng",
        None,
    ),
)


def regime_on(d: date) -> Regime | None:
    """The regime for a decision issued on `d`; None before ND 91/2017 took effect (01/10/2017)."""
    found = [r for r in REGIMES if r.start <= d]
    return found[-1] if found else None


def _regime_name(regime: Regime | None) -> str:
    if regime is None:
        return f"trước ngày {short_date(REGIMES[0].start)} (không có văn bản trong bảng có sẵn)"
    return f"{regime.decree}, áp dụng cho Quyết định ban hành từ ngày {short_date(regime.start)}"


def coefficients(settings: Settings) -> tuple[Decimal, Decimal]:
    """(individual, collective) coefficients: from settings, else from the regime's table.

    Only ND 91/2017 has a verified Giấy khen table; otherwise both must be set in thidua.toml.
    """
    award = settings.award
    ind, coll = award.individual_coefficient, award.collective_coefficient
    if ind is not None and coll is not None:
        return ind, coll
    d = settings.issuer.decision_date
    regime = regime_on(d)
    table = regime.giay_khen if regime is not None else None
    if table is None or normalize_label(award.form) != "giấy khen":
        if table is None:
            why = f"hệ số tiền thưởng {award.form} theo {_regime_name(regime)} chưa được kiểm chứng"
        else:
            why = f"bảng hệ số có sẵn chỉ dành cho Giấy khen, không dành cho hình thức \"{award.form}\""
        raise ConfigError(
            f"Chưa xác định được mức tiền thưởng cho Quyết định ngày {short_date(d)}: {why}. "
            "Hãy khai báo cả award.individual_coefficient (hệ số cho cá nhân) và "
            "award.collective_coefficient (hệ số cho tập thể) trong thidua.toml."
        )
    table_ind, table_coll = table[settings.issuer.level]
    return (ind if ind is not None else table_ind, coll if coll is not None else table_coll)


def legal_basis(settings: Settings) -> str:
    """The text that sets the award money: award.legal_basis, else the regime's decree."""
    if settings.award.legal_basis and settings.award.legal_basis.strip():
        return settings.award.legal_basis.strip()
    d = settings.issuer.decision_date
    regime = regime_on(d)
    if regime is None:
        raise ConfigError(
            f"Ngày Quyết định {short_date(d)} {_regime_name(regime)}. "
            "Hãy khai báo award.legal_basis (văn bản quy định mức tiền thưởng) trong thidua.toml."
        )
    return regime.legal_basis


def round_amount(x: Decimal | int, mode: str) -> int:
    """Round an amount in đồng: "ceil" up to a multiple of 10.000, "nearest" to the nearest
    multiple (half up), "none" to a whole đồng (half up). Decimal or int only, never float."""
    if isinstance(x, bool) or not isinstance(x, Decimal | int):
        raise TypeError(f"round_amount needs a Decimal or int, got {type(x).__name__}")
    value = Decimal(x)
    if mode == "none":
        return int(value.to_integral_value(ROUND_HALF_UP))
    if mode not in ROUNDING_MODES:
        raise ValueError(f"unknown rounding mode {mode!r}; expected one of {ROUNDING_MODES}")
    how = ROUND_CEILING if mode == "ceil" else ROUND_HALF_UP
    tens_of_thousands = value.scaleb(-_STEP_EXPONENT).to_integral_value(how)
    return int(tens_of_thousands.scaleb(_STEP_EXPONENT))


def award_terms(settings: Settings) -> MoneyTerms:
    """Base salary, coefficients and the rounded amounts per individual and per collective.

    The collective amount is its own coefficient × base, rounded once (DOMAIN §0 item 12).
    """
    award = settings.award
    if award.base_salary > 0:
        base, basis = award.base_salary, CONFIGURED_BASE_BASIS
    else:
        base, basis = base_salary_on(settings.issuer.decision_date)
    ind, coll = coefficients(settings)
    return MoneyTerms(
        base_salary=base,
        base_salary_basis=basis,
        individual_coefficient=ind,
        collective_coefficient=coll,
        rounding=award.rounding,
        amount_individual=round_amount(ind * base, award.rounding),
        amount_collective=round_amount(coll * base, award.rounding),
    )


def _format_amount(x: Decimal) -> str:
    return format_money(int(x)) if x == x.to_integral_value() else format_decimal_vi(x)


def formula_text(terms: MoneyTerms, collective: bool = False) -> str:
    """How the amount was reached, for the Kế toán to check:
    "0,3 × 1.490.000 = 447.000 đồng, làm tròn lên 450.000 đồng"."""
    coef = terms.collective_coefficient if collective else terms.individual_coefficient
    amount = terms.amount_collective if collective else terms.amount_individual
    product = coef * terms.base_salary
    text = f"{format_decimal_vi(coef)} × {format_money(terms.base_salary)} = {_format_amount(product)} đồng"
    if product == amount:
        return text
    if terms.rounding == "ceil":
        how = "làm tròn lên"
    elif terms.rounding == "nearest":
        how = "làm tròn đến hàng chục nghìn gần nhất:"
    else:
        how = "làm tròn đến đồng:"
    return f"{text}, {how} {format_money(amount)} đồng"
