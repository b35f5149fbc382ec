"""[dossier] of thidua.toml (SPEC §12.2): defaults, validation messages, the commented init text."""

from __future__ import annotations

import tomllib
from typing import get_args

import pytest

from thidua_reports.config import parse_settings
from thidua_reports.config_sections import DossierKind
from thidua_reports.dossier import DOSSIER_KINDS
from thidua_reports.intake.new_workspace import config_text

from .test_config import demo_dict, errors_of, minimal


def test_defaults_require_all_three_kinds_and_warn() -> None:
    s = parse_settings(minimal())
    assert s.dossier.required == ["to_trinh", "bien_ban", "bao_cao_thanh_tich"]
    assert s.dossier.policy == "warn"


@pytest.mark.parametrize("policy", ["warn", "exclude", "off"])
def test_every_policy_is_accepted(policy: str) -> None:
    data = minimal()
    data["dossier"] = {"required": ["bien_ban"], "policy": policy}
    s = parse_settings(data)
    assert (s.dossier.required, s.dossier.policy) == (["bien_ban"], policy)


def test_bad_kind_policy_duplicate_and_unknown_key_named_in_vietnamese() -> None:
    data = minimal()
    data["dossier"] = {"required": ["to_trinh", "giay_moi"], "policy": "block", "strict": True}
    assert errors_of(data) == [
        "dossier.required.1: giá trị 'giay_moi' không hợp lệ; chỉ nhận 'to_trinh', 'bien_ban' hoặc "
        "'bao_cao_thanh_tich'",
        "dossier.policy: giá trị 'block' không hợp lệ; chỉ nhận 'warn', 'exclude' hoặc 'off'",
        "dossier.strict: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại",
    ]
    data["dossier"] = {"required": ["bien_ban", "to_trinh", "bien_ban"]}
    assert errors_of(data) == [
        "dossier.required: loại văn bản 'bien_ban' được ghi hai lần; mỗi loại chỉ ghi một lần"]
    data["dossier"] = {"required": "to_trinh"}
    assert errors_of(data)[0].startswith("dossier.required: phải là danh sách trong ngoặc vuông")


def test_empty_required_list_judges_nothing_missing() -> None:
    data = minimal()
    data["dossier"] = {"required": []}
    assert parse_settings(data).dossier.required == []


def test_init_and_demo_config_carry_the_section() -> None:
    text = config_text(2026)
    assert "[dossier]" in text and 'policy = "warn"' in text
    data = tomllib.loads(text)
    assert data["dossier"] == {"required": ["to_trinh", "bien_ban", "bao_cao_thanh_tich"], "policy": "warn"}
    assert demo_dict()["dossier"]["policy"] == "warn"


def test_the_setting_knows_every_kind_of_paper() -> None:
    assert list(get_args(DossierKind)) == list(DOSSIER_KINDS)
