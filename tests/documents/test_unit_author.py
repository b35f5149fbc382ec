"""The unit as author (ND 30): which units are People's Committees, their header lines, place, signer."""

from __future__ import annotations

import pytest

from tests.doc_factories import settings
from thidua_reports.documents.unit_author import (
    is_committee,
    issuer_short_name,
    unit_council,
    unit_header,
    unit_place,
    unit_signer,
)
from thidua_reports.models import Unit


def unit(name: str, kind: str = "", title: str = "") -> Unit:
    return Unit(code="X", name=name, kind=kind, head_name="Nguyễn Văn B", head_title=title)


@pytest.mark.parametrize(("name", "kind", "lines", "place"), [
    ("UBND xã Phước Hậu", "UBND xã", [("UBND XÃ PHƯỚC HẬU", True)], "Phước Hậu"),
    ("UBND thị trấn Phước Dân", "UBND thị trấn",
     [("UBND THỊ TRẤN PHƯỚC DÂN", True)], "Phước Dân"),
    ("Ủy ban nhân dân phường 1", "", [("UBND PHƯỜNG 1", True)], "Phường 1"),
    # the kind column alone says so: the name is completed from it
    ("Phước Hậu", "UBND xã", [("UBND XÃ PHƯỚC HẬU", True)], "Phước Hậu"),
    ("Phước Sơn", "Xã", [("UBND XÃ PHƯỚC SƠN", True)], "Phước Sơn"),
    # a name that says "UBND" is a committee whatever the kind column holds
    ("UBND xã Phước Hậu", "Phòng, ban", [("UBND XÃ PHƯỚC HẬU", True)], "Phước Hậu"),
    ("Phòng Tài chính - Kế hoạch", "Phòng, ban",
     [("UBND HUYỆN NINH PHƯỚC", False), ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", True)], "Ninh Phước"),
    ("Thanh tra huyện", "", [("UBND HUYỆN NINH PHƯỚC", False), ("THANH TRA HUYỆN", True)], "Ninh Phước"),
    ("Văn phòng HĐND và UBND huyện", "Cơ quan chuyên môn",
     [("UBND HUYỆN NINH PHƯỚC", False), ("VĂN PHÒNG HĐND VÀ UBND HUYỆN", True)], "Ninh Phước"),
])
def test_header_and_place(name: str, kind: str, lines: list[tuple[str, bool]], place: str) -> None:
    u = unit(name, kind)
    assert [(ln["text"], ln["bold"]) for ln in unit_header(settings(), u)] == lines
    assert unit_place(settings(), u) == place
    assert is_committee(u) is lines[0][1]


def test_council_name() -> None:
    assert unit_council(unit("UBND xã Phước Hậu", "UBND xã")) == "Hội đồng Thi đua - Khen thưởng xã Phước Hậu"
    assert unit_council(unit("Phòng Nội vụ", "Phòng, ban")) == "Hội đồng Thi đua - Khen thưởng Phòng Nội vụ"


def test_issuer_short_name_without_an_office_parent_line() -> None:
    config = settings()
    assert issuer_short_name(config) == "UBND HUYỆN NINH PHƯỚC"
    config.office.header_name = "VĂN PHÒNG HĐND VÀ UBND"
    assert issuer_short_name(config) == "UBND HUYỆN NINH PHƯỚC"  # from "ỦY BAN NHÂN DÂN / HUYỆN …"


@pytest.mark.parametrize(("kind", "title", "prefix", "signed"), [
    ("UBND xã", "Chủ tịch UBND", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("UBND xã", "Chủ tịch Ủy ban nhân dân xã", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("UBND xã", "Phó Chủ tịch UBND xã", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("UBND xã", "", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ("Phòng, ban", "Trưởng phòng", "", "TRƯỞNG PHÒNG"),
    ("Phòng, ban", "Chánh Thanh tra", "", "CHÁNH THANH TRA"),
    ("Phòng, ban", "", "", "THỦ TRƯỞNG ĐƠN VỊ"),
])
def test_signer(kind: str, title: str, prefix: str, signed: str) -> None:
    assert unit_signer(unit("Đơn vị A", kind, title)) == {
        "signer_prefix": prefix, "signer_title": signed, "signer_name": "Nguyễn Văn B"}
