"""Tests for the Vietnamese language helpers (dates, numbers, words, collation, slugs)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from thidua_reports.vietnamese import (
    ascii_fold,
    date_words,
    doc_number,
    doc_ref,
    format_decimal_vi,
    format_money,
    format_percent,
    money_in_words,
    nd30_date,
    nfc,
    normalize_label,
    number_to_words,
    parse_decimal_vi,
    short_date,
    slugify,
    vi_sort_key,
    vi_text_key,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Họ và tên", "họ và tên"),
        ("  HỌ VÀ\u00a0TÊN :  ", "họ và tên"),
        ("Họ và tên\n(ghi đầy đủ):", "họ và tên"),
        ("Điểm tự chấm (thang 100)", "điểm tự chấm"),
        ("ĐIỂM   TỰ\tCHẤM:", "điểm tự chấm"),
        (nfd("Thứ tự đề nghị"), "thứ tự đề nghị"),
        ("(ghi chú)", ""),
        ("", ""),
    ],
)
def test_normalize_label(raw: str, expected: str) -> None:
    assert normalize_label(raw) == expected


def test_nfc_composes() -> None:
    assert nfc(nfd("Nguyễn")) == "Nguyễn"
    assert len(nfc(nfd("Nguyễn"))) == 6


# --- dates and numbers of documents ------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2021, 2, 3), "Ninh Phước, ngày 03 tháng 02 năm 2021"),
        (date(2020, 1, 5), "Ninh Phước, ngày 05 tháng 01 năm 2020"),
        (date(2019, 6, 29), "Ninh Phước, ngày 29 tháng 6 năm 2019"),
        (date(2021, 12, 10), "Ninh Phước, ngày 10 tháng 12 năm 2021"),
        (date(2021, 3, 1), "Ninh Phước, ngày 01 tháng 3 năm 2021"),
        (date(2021, 10, 31), "Ninh Phước, ngày 31 tháng 10 năm 2021"),
    ],
)
def test_nd30_date(d: date, expected: str) -> None:
    assert nd30_date(d, "Ninh Phước") == expected


def test_nd30_date_blank_day() -> None:
    assert nd30_date(date(2021, 12, 10), "Ninh Phước", blank_day=True) == (
        "Ninh Phước, ngày      tháng 12 năm 2021"
    )
    assert nd30_date(date(2022, 2, 7), "Hà Nội", blank_day=True) == "Hà Nội, ngày      tháng 02 năm 2022"


def test_date_words_and_short_date() -> None:
    assert date_words(date(2021, 2, 3)) == "ngày 03 tháng 02 năm 2021"
    assert date_words(date(2021, 11, 30)) == "ngày 30 tháng 11 năm 2021"
    assert date_words(date(2021, 11, 30), blank_day=True) == "ngày      tháng 11 năm 2021"
    assert short_date(date(2021, 2, 3)) == "03/02/2021"
    assert short_date(date(2021, 12, 10)) == "10/12/2021"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("5", "Số: 05/QĐ-UBND"),
        ("05", "Số: 05/QĐ-UBND"),
        ("10", "Số: 10/QĐ-UBND"),
        ("125", "Số: 125/QĐ-UBND"),
        (" 7 ", "Số: 07/QĐ-UBND"),
        ("", "Số:      /QĐ-UBND"),
        ("  ", "Số:      /QĐ-UBND"),
    ],
)
def test_doc_number(number: str, expected: str) -> None:
    assert doc_number(number, "QĐ-UBND") == expected


def test_doc_ref() -> None:
    assert doc_ref("5", "QĐ-UBND") == "05/QĐ-UBND"
    assert doc_ref("", "TTr-PNV") == "     /TTr-PNV"
    assert doc_ref("26", "KH-UBND") == "26/KH-UBND"


# --- number formatting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0"), (999, "999"), (1000, "1.000"), (8_050_000, "8.050.000"), (1_234_567_890, "1.234.567.890"),
     (-450_000, "-450.000")],
)
def test_format_money(n: int, expected: str) -> None:
    assert format_money(n) == expected


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [
        (Decimal("86.5"), None, "86,5"),
        (Decimal("86.50"), None, "86,5"),
        (Decimal("6.3"), None, "6,3"),
        (Decimal("80.0"), None, "80"),
        (Decimal("0"), None, "0"),
        (Decimal("1234.5"), None, "1.234,5"),
        (80, None, "80"),
        (Fraction(1, 4), None, "0,25"),
        (Fraction(2, 3), None, "0,67"),
        (Decimal("86.5"), 2, "86,50"),
        (Decimal("86.25"), 1, "86,3"),
        (Decimal("86.35"), 1, "86,4"),
        (Decimal("-86.25"), 1, "-86,3"),
        (Decimal("-0.04"), 1, "0,0"),
        (Fraction(1, 3), 3, "0,333"),
        (Decimal("2.5"), 0, "3"),
        (0.3, None, "0,3"),
    ],
)
def test_format_decimal_vi(x: Decimal | int | Fraction | float, places: int | None, expected: str) -> None:
    assert format_decimal_vi(x, places) == expected


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [
        (Fraction(1, 10), 1, "10,0%"),
        (Fraction(1, 3), 1, "33,3%"),
        (Fraction(2, 3), 1, "66,7%"),
        (Fraction(1, 8), 1, "12,5%"),
        (Fraction(1, 16), 1, "6,3%"),  # 6.25 half up
        (Decimal("0.1"), 1, "10,0%"),
        (Decimal("0.8732"), 2, "87,32%"),
        (1, 1, "100,0%"),
        (0, 0, "0%"),
    ],
)
def test_format_percent(x: Fraction | Decimal | int, places: int, expected: str) -> None:
    assert format_percent(x, places) == expected


# --- numbers in words --------------------------------------------------------------------------

WORD_VECTORS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (91, "chín mươi mốt"),
    (100, "một trăm"),
    (101, "một trăm lẻ một"),
    (104, "một trăm lẻ bốn"),
    (105, "một trăm lẻ năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (1_000, "một nghìn"),
    (1_005, "một nghìn không trăm lẻ năm"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_100, "một nghìn một trăm"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (100_000, "một trăm nghìn"),
    (450_000, "bốn trăm năm mươi nghìn"),
    (523_056, "năm trăm hai mươi ba nghìn không trăm năm mươi sáu"),
    (1_000_000, "một triệu"),
    (1_001_000, "một triệu không trăm lẻ một nghìn"),
    (1_005_000, "một triệu không trăm lẻ năm nghìn"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (1_000_005, "một triệu không trăm lẻ năm"),
    (8_050_000, "tám triệu không trăm năm mươi nghìn"),
    (10_800_000, "mười triệu tám trăm nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_001, "một tỷ không trăm lẻ một"),
    (2_000_000_015, "hai tỷ không trăm mười lăm"),
    (2_005_000_000, "hai tỷ không trăm lẻ năm triệu"),
    (15_300_000_000, "mười lăm tỷ ba trăm triệu"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (1_000_001_000_000, "một nghìn tỷ không trăm lẻ một triệu"),
    (
        123_456_789_012,
        "một trăm hai mươi ba tỷ bốn trăm năm mươi sáu triệu bảy trăm tám mươi chín nghìn "
        "không trăm mười hai",
    ),
    (-21, "âm hai mươi mốt"),
]


@pytest.mark.parametrize(("n", "expected"), WORD_VECTORS)
def test_number_to_words(n: int, expected: str) -> None:
    assert number_to_words(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Không đồng"),
        (450_000, "Bốn trăm năm mươi nghìn đồng"),
        (8_050_000, "Tám triệu không trăm năm mươi nghìn đồng"),
        (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
        (10_800_000, "Mười triệu tám trăm nghìn đồng"),
    ],
)
def test_money_in_words(n: int, expected: str) -> None:
    assert money_in_words(n) == expected


def test_number_to_words_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        number_to_words(Decimal("1.5"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number_to_words(True)


def test_words_are_nfc() -> None:
    for n, _ in WORD_VECTORS:
        text = money_in_words(n)
        assert text == nfc(text)


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86,5", Decimal("86.5")),
        ("86.5", Decimal("86.5")),
        (" 12 ", Decimal("12")),
        ("\u00a012\u00a0", Decimal("12")),
        ("0", Decimal("0")),
        ("-3,25", Decimal("-3.25")),
        ("+7", Decimal("7")),
        ("1.234", Decimal("1.234")),
        ("1,234", Decimal("1.234")),
        ("1.234.567", Decimal("1234567")),
        ("1.234,5", Decimal("1234.5")),
        ("12.345.678,25", Decimal("12345678.25")),
        ("1,234,567", Decimal("1234567")),
        ("1,234.5", Decimal("1234.5")),
        (12, Decimal("12")),
        (Decimal("86.5"), Decimal("86.5")),
    ],
)
def test_parse_decimal_vi(text: str | int | Decimal, expected: Decimal) -> None:
    result = parse_decimal_vi(text)
    assert result == expected
    assert isinstance(result, Decimal)


@pytest.mark.parametrize(
    "text",
    ["năm", "", "   ", "-", "86,5%", "1 234", ".5", "5.", "1.23.4", "1.234.56", "1,2.3", "1e5",
     "NaN", "inf", "١٢", "12abc", None, True, 1.5, Decimal("NaN")],
)
def test_parse_decimal_vi_rejects(text: object) -> None:
    assert parse_decimal_vi(text) is None  # type: ignore[arg-type]


# --- collation ---------------------------------------------------------------------------------


def test_vietnamese_letter_order() -> None:
    words = ["y", "x", "v", "ư", "u", "t", "s", "r", "q", "p", "ơ", "ô", "o", "n", "m", "l", "k", "i",
             "h", "g", "ê", "e", "đ", "d", "c", "b", "â", "ă", "a"]
    assert sorted(words, key=vi_text_key) == "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()


def test_latin_extras_after_neighbours() -> None:
    assert sorted(["z", "y", "w", "v", "j", "i", "f", "ê", "g"], key=vi_text_key) == [
        "ê", "f", "g", "i", "j", "v", "w", "y", "z"
    ]


def test_base_letters_before_tones() -> None:
    assert sorted(["Ân", "Anh", "Ăn", "An"], key=vi_sort_key) == ["An", "Anh", "Ăn", "Ân"]
    assert sorted(["Đức", "Dũng"], key=vi_sort_key) == ["Dũng", "Đức"]
    assert sorted(["Hóa", "Hòa", "Hoa"], key=vi_sort_key) == ["Hoa", "Hòa", "Hóa"]
    # base letters decide before any tone: "Hòa" < "Hoan" because "hoa" is a prefix of "hoan"
    assert sorted(["Hoan", "Hòa"], key=vi_sort_key) == ["Hòa", "Hoan"]
    assert sorted(["Ánh", "Ảnh", "Anh", "Ạnh", "Ãnh", "Ành"], key=vi_sort_key) == [
        "Anh", "Ành", "Ảnh", "Ãnh", "Ánh", "Ạnh"
    ]


def test_case_and_normal_form_insensitive() -> None:
    assert vi_sort_key("Nguyễn Thị Hoa") == vi_sort_key(nfd("NGUYỄN THỊ HOA"))
    assert vi_sort_key("Trần Văn Hoà") == vi_sort_key("Trần Văn Hòa")  # old/new tone placement
    assert vi_text_key("Ưng") == vi_text_key(nfd("ưng"))


def test_sort_by_given_name_first() -> None:
    names = ["Trần Thị Cúc", "Nguyễn Văn Bình", "Lê Văn An", "Bùi Thị Cúc", "Nguyễn Văn Đông",
             "Phạm Dũng", "Võ Thị Ánh", "Trần Anh"]
    assert sorted(names, key=vi_sort_key) == [
        "Lê Văn An",  # "An" is a prefix of "Anh"
        "Trần Anh",  # "Anh" < "Ánh": same letters, ngang before sắc
        "Võ Thị Ánh",
        "Nguyễn Văn Bình",
        "Bùi Thị Cúc",  # same given name: the family name decides, B < T
        "Trần Thị Cúc",
        "Phạm Dũng",
        "Nguyễn Văn Đông",  # đ after d
    ]


def test_family_then_middle_names() -> None:
    names = ["Nguyễn Văn Hoa", "Nguyễn Thị Hoa", "Đặng Thị Hoa", "Dương Hoa"]
    assert sorted(names, key=vi_sort_key) == ["Dương Hoa", "Đặng Thị Hoa", "Nguyễn Thị Hoa", "Nguyễn Văn Hoa"]


def test_text_key_general_strings() -> None:
    units = ["Xã Phước Sơn", "Thị trấn Phước Dân", "Phòng Nội vụ", "Phòng Kinh tế - Hạ tầng", "Ủy ban"]
    assert sorted(units, key=vi_text_key) == [
        "Phòng Kinh tế - Hạ tầng", "Phòng Nội vụ", "Thị trấn Phước Dân", "Ủy ban", "Xã Phước Sơn"
    ]
    assert sorted(["a b", "ab", "a2", "a-b"], key=vi_text_key) == ["a b", "a-b", "a2", "ab"]
    assert vi_sort_key("") == ()


# --- slugs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Thị Hoa", "nguyen-thi-hoa"),
        (nfd("Nguyễn Thị Hoa"), "nguyen-thi-hoa"),
        ("Đặng Văn Đức", "dang-van-duc"),
        ("Phòng Kinh tế - Hạ tầng", "phong-kinh-te-ha-tang"),
        ("  Ưng  Ơn ", "ung-on"),
        ("bao_cao.v2", "bao_cao.v2"),
        ("a/b\\c:d", "a_b_c_d"),
        ("CON", "_con"),
        ("nul.txt", "_nul.txt"),
        ("Com1", "_com1"),
        ("lpt9", "_lpt9"),
        ("console", "console"),
        ("", "_"),
        (".", "_"),
        ("..", "_"),
        (".hidden", "_.hidden"),
        ("xã.", "xa"),
    ],
)
def test_slugify(raw: str, expected: str) -> None:
    assert slugify(raw) == expected


def test_slugify_traversal() -> None:
    for raw in ["../../x", "..\\..\\x", "/etc/passwd", "~/.ssh", "a/../../b"]:
        slug = slugify(raw)
        assert "/" not in slug and "\\" not in slug
        assert not slug.startswith(".")
        assert slug not in ("", ".", "..")
        assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    assert slugify("../../x") == "_.._.._x"


def test_slugify_length_and_fold() -> None:
    assert len(slugify("a" * 500)) == 120
    assert ascii_fold("Đỗ Thị Ưng Ắ") == "Do Thi Ung A"


def test_rounding_is_exact_beyond_decimal_precision() -> None:
    # 31 significant digits: more than the decimal module's default 28, which would round silently
    assert format_decimal_vi(Decimal("123456789012345678901234567890.5"), 0) == \
        "123.456.789.012.345.678.901.234.567.891"
    assert format_decimal_vi(Fraction(2469135780246913578024691357811, 2), 1) == \
        "1.234.567.890.123.456.789.012.345.678.905,5"
    assert format_decimal_vi(Decimal("-0.001"), 2) == format_decimal_vi(Fraction(-1, 1000), 2) == "0,00"
    assert format_decimal_vi(Decimal("-0.005"), 2) == "-0,01"
