"""Campaign settings (`thidua.toml`): one typed model, every problem reported at once in Vietnamese."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from thidua_reports.config_sections import (  # noqa: F401  (FIELD_NAMES, meets, parse_threshold: re-exported)
    FIELD_NAMES,
    Certificate,
    Council,
    Dossier,
    _Section,
    certificate_checks,
    meets,
    parse_threshold,
)
from thidua_reports.errors import ConfigError, validation_message

CONFIG_NAME = "thidua.toml"
DISTRICT_END = date(2025, 7, 1)  # the district level ceased to exist on this date (DOMAIN §6)


def _to_decimal(value: Any) -> Any:
    # TOML floats arrive as binary floats; repr() gives the shortest text, so 0.1 -> Decimal("0.1").
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    return value


def _filled(value: str) -> str:
    if not value.strip():
        raise ValueError("chưa điền; khóa này bắt buộc phải có nội dung")
    return value


class Campaign(_Section):
    year: int = Field(description="Năm thi đua")
    title: str = Field(description="Tên phong trào, viết thường, dùng trong văn bản")
    plan_ref: str = Field(description="Kế hoạch phát động (số, ngày, cơ quan ban hành)")
    competition_end: date = Field(description="Thi đua đến trước ngày này")
    submission_deadline: date = Field(description="Hạn gửi hồ sơ (tính cả ngày này)")
    appraisal_deadline: date = Field(description="Hạn Phòng Nội vụ thẩm định, trình khen thưởng")
    late_policy: Literal["exclude", "warn"] = Field(
        "exclude", description='"exclude": hồ sơ muộn không được xét; "warn": vẫn xét, có ghi chú'
    )
    result_year: int | None = Field(None, description="Năm của kết quả chỉ số được so sánh; mặc định year - 1")

    _req = field_validator("title", "plan_ref")(_filled)


class Issuer(_Section):
    level: Literal["tinh", "huyen", "xa"] = Field(description="Cấp cơ quan khen thưởng: tinh | huyen | xa")
    parent_name: str = Field("", description="Tên cơ quan chủ quản (dòng trên), có thể để trống")
    name: str = Field(description="Tên đầy đủ của cơ quan khen thưởng")
    header_name: str = Field(description="Tên cơ quan ở góc trái văn bản, xuống dòng bằng \\n")
    abbreviation: str = Field(description="Chữ viết tắt, ví dụ UBND")
    place: str = Field(description="Địa danh ghi trên văn bản")
    addressee: str | None = Field(None, description="Dòng Kính gửi của Tờ trình; mặc định 'Chủ tịch ' + name")
    authority: str = Field(description="Dòng thẩm quyền ban hành của Quyết định (chữ in hoa)")
    signer_prefix: str = Field("", description='Quyền hạn ký, ví dụ "KT. CHỦ TỊCH"; để trống khi người đứng đầu ký')
    signer_title: str = Field(description="Chức vụ người ký (chữ in hoa)")
    signer_name: str = Field(description="Họ và tên người ký")
    decision_symbol: str | None = Field(None, description='Ký hiệu Quyết định; mặc định "QĐ-" + abbreviation')
    decision_number: str = Field("", description="Số Quyết định; để trống cho văn thư điền")
    decision_date: date = Field(description="Ngày ký Quyết định (dùng để tính tiền thưởng)")
    date_blank: bool = Field(False, description="true: để trống ngày trên Quyết định cho văn thư điền")

    _req = field_validator(
        "name", "header_name", "abbreviation", "place", "authority", "signer_title", "signer_name"
    )(_filled)


class Office(_Section):
    name: str = Field(description="Cơ quan thường trực (soạn Tờ trình)")
    header_name: str = Field(description="Tên ở góc trái Tờ trình, xuống dòng bằng \\n")
    abbreviation: str = Field(description="Chữ viết tắt, ví dụ PNV")
    proposal_symbol: str | None = Field(None, description='Ký hiệu Tờ trình; mặc định "TTr-" + abbreviation')
    proposal_number: str = Field("", description="Số Tờ trình; để trống cho văn thư điền")
    proposal_date: date | None = Field(None, description="Ngày Tờ trình; mặc định appraisal_deadline")
    signer_prefix: str = Field("", description="Quyền hạn ký của người ký Tờ trình")
    signer_title: str = Field(description="Chức vụ người ký Tờ trình (chữ in hoa)")
    signer_name: str = Field(description="Họ và tên người ký Tờ trình")

    _req = field_validator("name", "header_name", "abbreviation", "signer_title", "signer_name")(_filled)


class Quota(_Section):
    collectives: int = Field(7, ge=0, description="Số tập thể được khen tối đa")
    individuals: int = Field(10, ge=0, description="Số cá nhân được khen tối đa")
    allow_over: bool = Field(False, description="Cho phép Hội đồng chọn vượt số lượng")


class Band(_Section):
    name: str
    min: Decimal

    _dec = field_validator("min", mode="before")(_to_decimal)


def _default_bands() -> list[Band]:
    return [
        Band(name="Tốt", min=Decimal(80)),
        Band(name="Khá", min=Decimal(65)),
        Band(name="Trung bình", min=Decimal(50)),
        Band(name="Yếu", min=Decimal(0)),
    ]


class Criteria(_Section):
    task_completion_min: Decimal = Field(Decimal("1.0"), ge=0, le=1, description="Tỷ lệ nhiệm vụ CCHC hoàn thành tối thiểu")
    cchc_required: str = Field("Tốt", description="Xếp loại CCHC tối thiểu")
    cchc_bands: list[Band] = Field(default_factory=_default_bands, description="Các mức xếp loại theo điểm")
    discipline_max_ratio: Decimal = Field(Decimal("0.10"), ge=0, le=1, description="Tỷ lệ vi phạm tối đa (bằng vẫn đạt)")
    directive_on_time_min: Decimal = Field(Decimal("1.0"), ge=0, le=1, description="Tỷ lệ văn bản đúng hạn tối thiểu")

    _dec = field_validator("task_completion_min", "discipline_max_ratio", "directive_on_time_min", mode="before")(
        _to_decimal
    )


class Award(_Section):
    form: str = Field("Giấy khen", description="Hình thức khen thưởng")
    individual_coefficient: Decimal | None = Field(None, ge=0, description="Hệ số × mức lương cơ sở (cá nhân)")
    collective_coefficient: Decimal | None = Field(None, ge=0, description="Hệ số × mức lương cơ sở (tập thể)")
    rounding: Literal["ceil", "nearest", "none"] = Field("ceil", description="Làm tròn đến 10.000 đồng")
    base_salary: int = Field(0, ge=0, description="Mức lương cơ sở; 0 = theo bảng có sẵn, tại ngày Quyết định")
    legal_basis: str | None = Field(None, description="Văn bản quy định mức thưởng")
    funding: str = Field("nguồn kinh phí khen thưởng hàng năm", description="Nguồn kinh phí")

    _dec = field_validator("individual_coefficient", "collective_coefficient", mode="before")(_to_decimal)


class Documents(_Section):
    decision_bases: list[str] | None = Field(None, description="Các dòng Căn cứ của Quyết định, theo thứ tự")
    decision_executors: str | None = Field(None, description="Điều 3: những người thi hành Quyết định")
    decision_recipients: list[str] | None = Field(None, description="Nơi nhận của Quyết định")
    proposal_recipients: list[str] | None = Field(None, description="Nơi nhận của Tờ trình")
    history_db: str = Field("lich_su.sqlite", description="Tệp lịch sử kết quả các năm")


class Report(_Section):
    strengths: list[str] = Field(default_factory=list, description="Báo cáo tổng kết: các đoạn Ưu điểm")
    weaknesses: list[str] = Field(default_factory=list, description="Báo cáo tổng kết: các đoạn Hạn chế, tồn tại và nguyên nhân")
    next_year: list[str] = Field(default_factory=list, description="Báo cáo tổng kết: các đoạn Phương hướng, nhiệm vụ năm sau")


class Limits(_Section):
    max_file_mb: float = Field(20, gt=0, description="Dung lượng tệp tối đa (MB)")
    max_unpacked_mb: float = Field(200, gt=0, description="Dung lượng giải nén tối đa (MB)")
    max_rows: int = Field(5000, gt=0, description="Số dòng tối đa mỗi trang tính")


class Settings(_Section):
    campaign: Campaign
    issuer: Issuer
    office: Office
    quota: Quota = Field(default_factory=Quota)
    criteria: Criteria = Field(default_factory=Criteria)
    award: Award = Field(default_factory=Award)
    documents: Documents = Field(default_factory=Documents)
    limits: Limits = Field(default_factory=Limits)
    council: Council = Field(default_factory=Council)
    report: Report = Field(default_factory=Report)
    certificate: Certificate = Field(default_factory=Certificate)
    dossier: Dossier = Field(default_factory=Dossier)

    # --- derived values (defaults that depend on other keys) ---

    @property
    def result_year(self) -> int:
        return self.campaign.result_year or self.campaign.year - 1

    @property
    def addressee(self) -> str:
        return self.issuer.addressee or self.issuer_head

    @property
    def decision_symbol(self) -> str:
        return self.issuer.decision_symbol or f"QĐ-{self.issuer.abbreviation}"

    @property
    def proposal_symbol(self) -> str:
        return self.office.proposal_symbol or f"TTr-{self.office.abbreviation}"

    @property
    def proposal_date(self) -> date:
        return self.office.proposal_date or self.campaign.appraisal_deadline

    @property
    def decision_recipients(self) -> list[str]:
        if self.documents.decision_recipients is not None:
            return self.documents.decision_recipients
        return ["Như Điều 3", f"Lưu: VT, {self.office.abbreviation}"]

    @property
    def proposal_recipients(self) -> list[str]:
        if self.documents.proposal_recipients is not None:
            return self.documents.proposal_recipients
        return ["Như trên", f"Lưu: VT, {self.office.abbreviation}"]

    @property
    def issuer_head(self) -> str:
        """"Chủ tịch Ủy ban nhân dân huyện …": the holder of the power to give the Giấy khen."""
        return f"Chủ tịch {self.issuer.name}"

    @property
    def council_name(self) -> str:
        """The council's name: configured, else "Hội đồng Thi đua - Khen thưởng" + the issuer's place part."""
        if self.council.name:
            return self.council.name
        name = self.issuer.name.strip()
        for prefix in ("Ủy ban nhân dân ", "UBND "):
            if name.startswith(prefix):
                return f"Hội đồng Thi đua - Khen thưởng {name[len(prefix):]}"
        return "Hội đồng Thi đua - Khen thưởng"

    @property
    def office_head(self) -> str:
        """The title of the office's head: "Trưởng phòng Nội vụ" for "Phòng Nội vụ", and so on."""
        name = self.office.name.strip()
        first, _, rest = name.partition(" ")
        word = first.lower()
        if word == "phòng":
            return f"Trưởng phòng {rest}"
        if word == "văn" and rest.lower().startswith("phòng"):
            return f"Chánh {name}"
        if word == "sở":
            return f"Giám đốc {name}"
        if word == "ban":
            return f"Trưởng ban {rest}"
        return f"Thủ trưởng {name}"

    @property
    def decision_executors(self) -> str:
        if self.documents.decision_executors:
            return self.documents.decision_executors
        return (
            f"{self.office_head}, thủ trưởng các cơ quan, đơn vị có liên quan "
            "và các tập thể, cá nhân có tên tại Điều 1"
        )

    workspace: Path | None = Field(None, exclude=True, description="(nội bộ) thư mục làm việc")

    def history_path(self) -> Path:
        p = Path(self.documents.history_db)
        return p if p.is_absolute() or self.workspace is None else self.workspace / p


# --- checks across keys ---------------------------------------------------------------------

def _semantic_checks(s: Settings) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    notes: list[str] = []
    c = s.campaign
    if not 2000 <= c.year <= 2100:
        errors.append(f"campaign.year: năm {c.year} không hợp lệ")
    if c.submission_deadline < c.competition_end:
        errors.append(
            "campaign.submission_deadline: hạn gửi hồ sơ "
            f"({c.submission_deadline:%d/%m/%Y}) phải sau hoặc bằng ngày kết thúc thi đua ({c.competition_end:%d/%m/%Y})"
        )
    if c.appraisal_deadline < c.submission_deadline:
        errors.append(
            "campaign.appraisal_deadline: hạn thẩm định "
            f"({c.appraisal_deadline:%d/%m/%Y}) phải sau hoặc bằng hạn gửi hồ sơ ({c.submission_deadline:%d/%m/%Y})"
        )
    if s.issuer.decision_date < c.submission_deadline:
        errors.append(
            "issuer.decision_date: ngày Quyết định "
            f"({s.issuer.decision_date:%d/%m/%Y}) phải sau hoặc bằng hạn gửi hồ sơ ({c.submission_deadline:%d/%m/%Y})"
        )
    if s.office.proposal_date and s.office.proposal_date > s.issuer.decision_date:
        errors.append(
            "office.proposal_date: ngày Tờ trình "
            f"({s.office.proposal_date:%d/%m/%Y}) phải trước hoặc bằng ngày Quyết định ({s.issuer.decision_date:%d/%m/%Y})"
        )
    if c.result_year is not None and c.result_year > c.year:
        errors.append(f"campaign.result_year: {c.result_year} không được sau năm thi đua {c.year}")
    for key in ("decision_number",):
        v = getattr(s.issuer, key)
        if v and not v.strip().isdigit():
            errors.append(f"issuer.{key}: chỉ ghi phần số (ví dụ \"125\"), đang là {v!r}")
    if s.office.proposal_number and not s.office.proposal_number.strip().isdigit():
        errors.append(f"office.proposal_number: chỉ ghi phần số (ví dụ \"12\"), đang là {s.office.proposal_number!r}")
    names = [b.name for b in s.criteria.cchc_bands]
    if not names:
        errors.append("criteria.cchc_bands: cần ít nhất một mức xếp loại")
    elif s.criteria.cchc_required not in names:
        errors.append(
            f"criteria.cchc_required: {s.criteria.cchc_required!r} không có trong cchc_bands ({', '.join(names)})"
        )
    mins = [b.min for b in s.criteria.cchc_bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        errors.append("criteria.cchc_bands: các mức phải xếp từ cao xuống thấp, điểm min giảm dần, không trùng nhau")
    errors.extend(certificate_checks(s.certificate))
    if s.issuer.level == "huyen" and s.issuer.decision_date >= DISTRICT_END:
        notes.append(
            "issuer.level = \"huyen\" nhưng ngày Quyết định "
            f"{s.issuer.decision_date:%d/%m/%Y} từ 01/7/2025 trở đi: cấp huyện đã chấm dứt hoạt động "
            "(Luật Tổ chức chính quyền địa phương 2025); hãy kiểm tra lại cơ quan khen thưởng"
        )
    return errors, notes


def parse_settings(data: dict, source: str = CONFIG_NAME, workspace: Path | None = None) -> Settings:
    """Validate a TOML dict into Settings; raise ConfigError listing every problem."""
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = [validation_message(e) for e in exc.errors()]
        raise ConfigError(f"Tệp cấu hình {source} có {len(problems)} lỗi, hãy sửa rồi chạy lại:", problems) from None
    errors, _notes = _semantic_checks(settings)
    if errors:
        raise ConfigError(f"Tệp cấu hình {source} có {len(errors)} lỗi, hãy sửa rồi chạy lại:", errors)
    settings.workspace = workspace
    return settings


def load_settings(workspace: Path) -> Settings:
    path = workspace / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"Không tìm thấy tệp cấu hình {path}. Hãy chạy \"thidua init <thư mục>\" để tạo thư mục làm việc, "
            "hoặc dùng -w để chỉ đúng thư mục."
        )
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {path.name} sai cú pháp TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp cấu hình {path.name} phải được lưu với bảng mã UTF-8") from None
    return parse_settings(data, path.name, workspace)


def settings_warnings(settings: Settings) -> list[str]:
    """The non-fatal notes about a valid settings object (same texts as the SettingsWarning)."""
    return _semantic_checks(settings)[1]
