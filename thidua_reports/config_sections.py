"""Sections of `thidua.toml` beyond the campaign's core: the council, the certificates, the dossier."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from thidua_reports.dossier import DOSSIER_KINDS

DossierKind = Literal["to_trinh", "bien_ban", "bao_cao_thanh_tich"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False)


_THRESHOLD = re.compile(r"^\s*(>=|>)\s*(?:(\d+)\s*/\s*(\d+)|(\d+(?:[.,]\d+)?)\s*%)\s*$")


def parse_threshold(text: str) -> tuple[bool, Fraction] | None:
    """">=2/3" → (False, 2/3), ">50%" → (True, 1/2): (strict, share); None when malformed."""
    m = _THRESHOLD.match(text)
    if m is None:
        return None
    if m.group(2) is not None:
        if int(m.group(3)) == 0:
            return None
        share = Fraction(int(m.group(2)), int(m.group(3)))
    else:
        share = Fraction(Decimal(m.group(4).replace(",", "."))) / 100
    if share > 1:
        return None
    return m.group(1) == ">", share


def meets(count: int, total: int, threshold: str) -> bool:
    """Exact comparison of count/total with a threshold (6 of 9 meets ">=2/3", 5 of 10 fails ">50%")."""
    parsed = parse_threshold(threshold)
    if parsed is None or total <= 0:
        return False
    strict, share = parsed
    ratio = Fraction(count, total)
    return ratio > share if strict else ratio >= share


class Council(_Section):
    name: str | None = Field(None, description="Tên Hội đồng; mặc định \"Hội đồng Thi đua - Khen thưởng\" + địa danh của cơ quan khen thưởng")
    quorum: str = Field(">=2/3", description="Số thành viên dự họp tối thiểu, trên tổng số thành viên")
    approval: str = Field(">1/2", description="Tỷ lệ phiếu đồng ý để được đề nghị, trên approval_of")
    approval_of: Literal["members", "present"] = Field("members", description="members: tổng số thành viên | present: số thành viên dự họp")
    publication_days: int = Field(5, ge=1, description="Số ngày niêm yết công khai danh sách đề nghị")

    @field_validator("quorum", "approval")
    @classmethod
    def _threshold(cls, value: str) -> str:
        if parse_threshold(value) is None:
            raise ValueError(f"ngưỡng \"{value}\" không hợp lệ; ghi dạng \">=2/3\", \">1/2\" hoặc \">50%\"")
        return value.strip()


FIELD_NAMES = ("recipient", "detail", "achievement", "decision", "register", "place_date")


class CertificateField(_Section):
    """A line of the certificate, in mm from the sheet's top-left: x is its left edge, centre or
    right edge (by align), y its top; a long text shrinks (≥ 60 % of size) instead of wrapping."""

    x: float = Field(ge=0)
    y: float = Field(ge=0)
    size: float = Field(gt=0, le=72, description="Cỡ chữ (pt)")
    align: Literal["left", "center", "right"] = "center"
    width: float = Field(gt=0, description="Chiều rộng vùng in (mm)")


def _at(x: float, y: float, size: float, width: float, align: str = "center", alias: str | None = None) -> Any:
    return Field(default_factory=lambda: CertificateField(x=x, y=y, size=size, width=width,
                                                          align=align), alias=alias)  # type: ignore[arg-type]


class CertificateFields(_Section):
    """Defaults for an A4 landscape blank whose header is printed in the top 70 mm."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    recipient: CertificateField = _at(148.5, 95, 20, 240)
    detail: CertificateField = _at(148.5, 108, 14, 240)
    achievement: CertificateField = _at(148.5, 120, 14, 250)
    decision: CertificateField = _at(25, 168, 12, 110, "left")
    register_: CertificateField = _at(25, 175, 12, 110, "left", alias="register")  # BaseModel.register
    place_date: CertificateField = _at(215, 140, 13, 130)


class Certificate(_Section):
    layout: Literal["phoi", "full"] = Field("phoi", description="phoi: chữ in lên phôi | full: cả Giấy khen")
    authority: str | None = Field(None, description="Dòng thẩm quyền; mặc định issuer.authority")
    register_format: str = Field("{n:03d}/GK", description="Số sổ: {n} số thứ tự, {year} năm thi đua")
    register_start: int = Field(1, ge=1)
    page: tuple[float, float] = Field((297.0, 210.0), description="Khổ giấy [rộng, cao] (mm)")
    emblem: str | None = Field(None, description="Ảnh quốc huy trong thư mục làm việc (layout full)")
    fields: CertificateFields = Field(default_factory=CertificateFields)

    @field_validator("register_format")
    @classmethod
    def _register(cls, value: str) -> str:
        try:
            value.format(n=1, year=2000)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f'mẫu số sổ "{value}" không hợp lệ ({exc}); chỉ dùng {{n}} và {{year}}, '
                             'ví dụ "{n:03d}/GK"') from None
        return value


def certificate_checks(c: Certificate) -> list[str]:
    """Every field's box lies on the sheet."""
    (width, height), errors = c.page, []
    for name, f in c.fields:
        left = f.x - {"left": 0, "center": f.width / 2, "right": f.width}[f.align]
        if left < 0 or left + f.width > width or f.y >= height:
            errors.append(f"certificate.fields.{name.rstrip('_')}: vùng in từ {left:g} đến {left + f.width:g} mm, "
                          f"y = {f.y:g} mm, ra ngoài tờ giấy {width:g} × {height:g} mm; hãy sửa x, y, width hoặc align")
    return errors


class Dossier(_Section):
    """[dossier] (SPEC §12.2): the signed papers a unit that requests an award must send."""

    required: list[DossierKind] = Field(
        default_factory=lambda: list(DOSSIER_KINDS),  # type: ignore[arg-type]
        description="Các loại văn bản đơn vị đề nghị khen thưởng phải gửi kèm")
    policy: Literal["warn", "exclude", "off"] = Field(
        "warn", description='"warn": chỉ báo thiếu | "exclude": thiếu thì không được xét | "off": không xét hồ sơ')

    @field_validator("required")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        twice = sorted({k for k in value if value.count(k) > 1})
        if twice:
            raise ValueError(f"loại văn bản {', '.join(repr(k) for k in twice)} được ghi hai lần; mỗi loại chỉ ghi "
                             "một lần")
        return value
