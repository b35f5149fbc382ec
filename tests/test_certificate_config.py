"""[certificate]: defaults, field tables, register format, fields on the sheet; register numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decision.test_decide_campaign import build
from thidua_reports.config import FIELD_NAMES, parse_settings
from thidua_reports.decision.decide import decide

from .test_config import errors_of, minimal


def test_defaults() -> None:
    s = parse_settings(minimal())
    c = s.certificate
    assert (c.layout, c.register_format, c.register_start, c.page) == ("phoi", "{n:03d}/GK", 1, (297, 210))
    assert c.authority is None
    recipient = c.fields.recipient
    assert (recipient.x, recipient.y, recipient.size, recipient.align) == (148.5, 95, 20, "center")
    assert [name.rstrip("_") for name, _f in c.fields] == list(FIELD_NAMES)
    assert all(f.y >= 70 for _name, f in c.fields)  # below the printed header


def test_field_tables_and_authority() -> None:
    d = minimal()
    d["certificate"] = {"layout": "full", "authority": "CHỦ TỊCH UBND XÃ A", "register_format": "{year}-{n}",
                        "register_start": 41, "page": [280, 200],
                        "fields": {"register": {"x": 20, "y": 150, "size": 11, "align": "left", "width": 80}}}
    s = parse_settings(d)
    assert s.certificate.authority == "CHỦ TỊCH UBND XÃ A" and s.certificate.page == (280, 200)
    assert s.certificate.fields.register_.y == 150


@pytest.mark.parametrize(("section", "problem"), [
    ({"register_format": "{m}/GK"}, "certificate.register_format: mẫu số sổ"),
    ({"register_format": "{n:03d"}, "certificate.register_format: mẫu số sổ"),
    ({"layout": "phôi"}, "certificate.layout: giá trị 'phôi' không hợp lệ"),
    ({"register_start": 0}, "certificate.register_start: phải ≥ 1"),
    ({"fields": {"recipient": {"x": 1, "y": 2}}}, "certificate.fields.recipient.size: thiếu khóa"),
    ({"fields": {"name": {"x": 1, "y": 2, "size": 3, "width": 4}}}, "certificate.fields.name: khóa không"),
    ({"fields": {"detail": {"x": 148.5, "y": 250, "size": 14, "width": 100}}},
     "certificate.fields.detail: vùng in từ 98.5 đến 198.5 mm, y = 250 mm, ra ngoài tờ giấy 297 × 210 mm"),
    ({"fields": {"decision": {"x": 10, "y": 150, "size": 12, "align": "center", "width": 100}}},
     "certificate.fields.decision: vùng in từ -40 đến 60 mm"),
    ({"page": [297]}, "certificate.page.1: thiếu khóa"),
])
def test_errors_name_their_key(section: dict, problem: str) -> None:
    d = minimal()
    d["certificate"] = section
    problems = errors_of(d)
    assert any(p.startswith(problem) for p in problems), problems


def test_register_numbers_follow_the_decision_lists(tmp_path: Path) -> None:
    settings, reg, inputs = build(tmp_path, certificate={"register_start": 12, "register_format": "{n}/{year}"})
    result = decide(settings, reg, inputs, tmp_path)
    units = sorted(result.selected_units, key=lambda u: u.list_number or 0)
    people = sorted(result.selected_individuals, key=lambda p: p.list_number or 0)
    expected = [f"{n}/2021" for n in range(12, 12 + len(units) + len(people))]
    assert [x.register_number for x in [*units, *people]] == expected
    assert units and people
    assert all(x.register_number is None for x in [*result.units, *result.individuals] if not x.selected)
