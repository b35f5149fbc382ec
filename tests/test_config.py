"""Settings: defaults, derived values and every validation message path."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from thidua_reports.config import load_settings, parse_settings, settings_warnings
from thidua_reports.errors import ConfigError
from thidua_reports.intake.new_workspace import config_text

from .conftest import DEMO_TOML


def demo_dict() -> dict:
    return tomllib.loads(DEMO_TOML.read_text(encoding="utf-8"))


def minimal() -> dict:
    """Only the required keys (SPEC §3)."""
    d = demo_dict()
    return {
        "campaign": {k: d["campaign"][k] for k in (
            "year", "title", "plan_ref", "competition_end", "submission_deadline", "appraisal_deadline")},
        "issuer": {k: d["issuer"][k] for k in (
            "level", "name", "header_name", "abbreviation", "place", "authority", "signer_title",
            "signer_name", "decision_date")},
        "office": {k: d["office"][k] for k in (
            "name", "header_name", "abbreviation", "signer_title", "signer_name")},
    }


def errors_of(data: dict) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        parse_settings(data)
    return exc.value.problems


def test_demo_settings_load(demo_settings) -> None:
    s = demo_settings
    assert s.campaign.year == 2021
    assert s.campaign.submission_deadline == date(2021, 11, 30)
    assert s.issuer.signer_name == "Bạch Văn Nguyên"
    assert s.criteria.discipline_max_ratio == Decimal("0.1")
    assert s.award.individual_coefficient == Decimal("0.3")
    assert s.result_year == 2020
    assert s.history_path() == s.workspace / "lich_su.sqlite"


def test_defaults_and_derived_values() -> None:
    s = parse_settings(minimal())
    assert (s.quota.collectives, s.quota.individuals, s.quota.allow_over) == (7, 10, False)
    assert s.campaign.late_policy == "exclude"
    assert s.criteria.task_completion_min == Decimal("1.0")
    assert [(b.name, b.min) for b in s.criteria.cchc_bands] == [
        ("Tốt", 80), ("Khá", 65), ("Trung bình", 50), ("Yếu", 0)]
    assert s.award.rounding == "ceil" and s.award.base_salary == 0
    assert s.award.individual_coefficient is None  # derived later from the legal regime
    assert s.decision_symbol == "QĐ-UBND"
    assert s.proposal_symbol == "TTr-PNV"
    assert s.addressee == "Chủ tịch Ủy ban nhân dân huyện Ninh Phước"
    assert s.proposal_date == date(2021, 12, 5)
    assert s.result_year == 2020
    assert s.decision_recipients == ["Như Điều 3", "Lưu: VT, PNV"]
    assert s.proposal_recipients == ["Như trên", "Lưu: VT, PNV"]
    assert s.office_head == "Trưởng phòng Nội vụ"
    assert s.decision_executors == (
        "Trưởng phòng Nội vụ, thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1")
    assert (s.limits.max_file_mb, s.limits.max_unpacked_mb, s.limits.max_rows) == (20, 200, 5000)


def test_unknown_key_is_rejected_with_its_path() -> None:
    d = minimal()
    d["quota"] = {"colectives": 5}
    d["extra"] = 1
    problems = errors_of(d)
    assert "quota.colectives: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại" in problems
    assert "extra: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại" in problems


def test_every_problem_reported_at_once() -> None:
    d = minimal()
    del d["campaign"]["title"]
    d["campaign"]["year"] = "hai nghìn"
    d["issuer"]["level"] = "tỉnh"
    d["quota"] = {"individuals": -1}
    d["campaign"]["submission_deadline"] = "30/11/2021"
    problems = errors_of(d)
    assert problems == [
        "campaign.year: phải là số nguyên (đang là 'hai nghìn')",
        "campaign.title: thiếu khóa bắt buộc; hãy thêm giá trị cho khóa này",
        "campaign.submission_deadline: phải là ngày dạng TOML, ví dụ 2021-11-30 (không có dấu nháy) (đang là '30/11/2021')",
        "issuer.level: giá trị 'tỉnh' không hợp lệ; chỉ nhận 'tinh', 'huyen' hoặc 'xa'",
        "quota.individuals: phải ≥ 0",
    ]


def test_date_order_checked() -> None:
    d = minimal()
    d["campaign"]["submission_deadline"] = date(2021, 11, 10)
    d["campaign"]["appraisal_deadline"] = date(2021, 11, 1)
    problems = errors_of(d)
    assert problems == [
        "campaign.submission_deadline: hạn gửi hồ sơ (10/11/2021) phải sau hoặc bằng ngày kết thúc thi đua (15/11/2021)",
        "campaign.appraisal_deadline: hạn thẩm định (01/11/2021) phải sau hoặc bằng hạn gửi hồ sơ (10/11/2021)",
    ]


def test_bands_and_required_class() -> None:
    d = minimal()
    d["criteria"] = {"cchc_required": "Xuất sắc", "cchc_bands": [{"name": "Khá", "min": 60}, {"name": "Tốt", "min": 80}]}
    assert errors_of(d) == [
        "criteria.cchc_required: 'Xuất sắc' không có trong cchc_bands (Khá, Tốt)",
        "criteria.cchc_bands: các mức phải xếp từ cao xuống thấp, điểm min giảm dần, không trùng nhau",
    ]


def test_decision_number_digits_only() -> None:
    d = minimal()
    d["issuer"]["decision_number"] = "05/QĐ-UBND"
    assert errors_of(d) == ['issuer.decision_number: chỉ ghi phần số (ví dụ "125"), đang là \'05/QĐ-UBND\'']


def test_blank_required_text_is_an_error() -> None:
    d = minimal()
    d["issuer"]["signer_name"] = "  "
    assert errors_of(d) == ["issuer.signer_name: chưa điền; khóa này bắt buộc phải có nội dung"]


def test_float_settings_are_exact_decimals() -> None:
    d = minimal()
    d["criteria"] = {"discipline_max_ratio": 0.1, "task_completion_min": 0.95}
    s = parse_settings(d)
    assert s.criteria.discipline_max_ratio == Decimal("0.1")
    assert s.criteria.task_completion_min == Decimal("0.95")


def test_district_issuer_after_reorganisation_warns() -> None:
    d = minimal()
    assert settings_warnings(parse_settings(d)) == []
    d["issuer"]["decision_date"] = date(2025, 7, 1)
    d["campaign"].update(year=2025, competition_end=date(2025, 6, 1), submission_deadline=date(2025, 6, 20),
                         appraisal_deadline=date(2025, 6, 25))
    assert settings_warnings(parse_settings(d)) == [
        'issuer.level = "huyen" nhưng ngày Quyết định 01/07/2025 từ 01/7/2025 trở đi: cấp huyện đã chấm dứt '
        "hoạt động (Luật Tổ chức chính quyền địa phương 2025); hãy kiểm tra lại cơ quan khen thưởng"
    ]


def test_missing_file_and_bad_syntax(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Không tìm thấy tệp cấu hình"):
        load_settings(tmp_path)
    (tmp_path / "thidua.toml").write_text("[campaign\nyear = 2021", encoding="utf-8")
    with pytest.raises(ConfigError, match="sai cú pháp TOML"):
        load_settings(tmp_path)


def test_init_config_lists_what_to_fill() -> None:
    """The file `thidua init` writes parses as TOML and names every required blank."""
    data = tomllib.loads(config_text(2026))
    problems = errors_of(data)
    assert len(problems) == 13
    assert all(p.endswith("chưa điền; khóa này bắt buộc phải có nội dung") for p in problems)
    assert data["campaign"]["submission_deadline"] == date(2026, 11, 30)


@pytest.mark.parametrize(("office", "head"), [
    ("Phòng Văn hóa - Xã hội", "Trưởng phòng Văn hóa - Xã hội"),
    ("Văn phòng HĐND và UBND xã", "Chánh Văn phòng HĐND và UBND xã"),
    ("Sở Nội vụ", "Giám đốc Sở Nội vụ"),
    ("Ban Thi đua - Khen thưởng", "Trưởng ban Thi đua - Khen thưởng"),
    ("Trung tâm Hành chính công", "Thủ trưởng Trung tâm Hành chính công"),
])
def test_office_head_title(office: str, head: str) -> None:
    d = minimal()
    d["office"]["name"] = office
    assert parse_settings(d).office_head == head
