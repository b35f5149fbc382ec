"""TCVN3 / VNI detection and conversion to Unicode."""

from __future__ import annotations

import unicodedata

import pytest

from thidua_reports.intake.legacy_text import (
    convert,
    encoding_of_font,
    guess_encoding,
    is_uppercase_font,
    looks_legacy,
    to_legacy,
)

ALL_LOWER = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"


def test_tcvn3_known_text() -> None:
    assert convert("Phßng Tµi chÝnh - KÕ ho¹ch", "tcvn3") == "Phòng Tài chính - Kế hoạch"
    assert convert("Ph\xadíc HËu", "tcvn3") == "Phước Hậu"
    assert convert("§¨k L¨k", "tcvn3") == "Đăk Lăk"


def test_vni_known_text() -> None:
    assert convert("Phoøng Taøi chính - Keá hoaïch", "vni") == "Phòng Tài chính - Kế hoạch"
    assert convert("Nguyeãn Thò Hoa", "vni") == "Nguyễn Thị Hoa"
    assert convert("Tröôûng phoøng", "vni") == "Trưởng phòng"
    assert convert("ÑAÛNG COÄNG SAÛN", "vni") == "ĐẢNG CỘNG SẢN"


def test_tcvn3_uppercase_font_gives_capitals() -> None:
    assert convert("ñy ban nh©n d©n", "tcvn3", uppercase=True) == "ỦY BAN NHÂN DÂN"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_every_lowercase_letter(encoding: str) -> None:
    legacy = to_legacy(ALL_LOWER, encoding)  # type: ignore[arg-type]
    assert legacy != ALL_LOWER
    assert convert(legacy, encoding) == ALL_LOWER  # type: ignore[arg-type]


def test_vni_round_trip_uppercase() -> None:
    text = ALL_LOWER.upper()
    assert convert(to_legacy(text, "vni"), "vni") == text


def test_output_is_nfc() -> None:
    out = convert("Phoøng", "vni")
    assert out == unicodedata.normalize("NFC", out)


def test_font_names() -> None:
    assert encoding_of_font(".VnTime") == "tcvn3"
    assert encoding_of_font(".VnArialH") == "tcvn3"
    assert encoding_of_font("VNI-Times") == "vni"
    assert encoding_of_font("Times New Roman") is None
    assert encoding_of_font(None) is None
    assert is_uppercase_font(".VnTimeH") is True
    assert is_uppercase_font(".VnTime") is False
    assert is_uppercase_font("VNI-Times") is False


def test_detection_from_text() -> None:
    assert looks_legacy("Phòng Tài chính - Kế hoạch") is False
    assert looks_legacy("Hoàn thành tốt nhiệm vụ") is False
    assert looks_legacy("Phßng Tµi chÝnh") is True
    assert guess_encoding("Phßng Tµi chÝnh - KÕ ho¹ch") == "tcvn3"
    assert guess_encoding("Phoøng Taøi chính - Keá hoaïch") == "vni"
    assert guess_encoding("Phòng Nội vụ") is None
