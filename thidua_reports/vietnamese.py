"""Vietnamese language helpers: labels, ND 30 dates and numbers, numerals, money in words, collation."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import lru_cache

Number = int | Decimal | Fraction

# --- text normalisation -----------------------------------------------------------------------


def nfc(s: str) -> str:
    """Unicode NFC (the form TCVN 6909 text is compared and written in)."""
    return unicodedata.normalize("NFC", s)


def normalize_label(s: str) -> str:
    """A sheet label or column header reduced for matching: NFC, casefolded, one space between
    words, and without a trailing ":" or anything from the first "(" on.

    "  Họ và tên\u00a0(ghi đầy đủ):" → "họ và tên"; "ĐIỂM TỰ CHẤM:" → "điểm tự chấm".
    """
    text = nfc(s).split("(", 1)[0]
    text = " ".join(text.split()).strip()
    text = text.rstrip(":").strip()
    return nfc(text.casefold())


# --- dates and document numbers (ND 30/2020, Phụ lục I) --------------------------------------

_BLANK_DAY = "      "  # what the clerk fills in by hand: "ngày      tháng 12 năm 2021"
_BLANK_NUMBER = "     "  # "Số:      /QĐ-UBND"


def date_words(d: date, blank_day: bool = False) -> str:
    """"ngày 03 tháng 02 năm 2021": day < 10 and months 1–2 get a leading zero, months 3–12 do not."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    if blank_day:
        return f"ngày{_BLANK_DAY}tháng {month} năm {d.year}"
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def nd30_date(d: date, place: str, blank_day: bool = False) -> str:
    """"Ninh Phước, ngày 03 tháng 02 năm 2021"; with blank_day the day is left blank for the clerk."""
    return f"{nfc(place).strip()}, {date_words(d, blank_day)}"


def short_date(d: date) -> str:
    """"03/02/2021"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def doc_ref(number: str, symbol: str) -> str:
    """"05/QĐ-UBND" (numbers below 10 get a leading zero); an empty number leaves a blank."""
    n = (number or "").strip()
    if not n:
        n = _BLANK_NUMBER
    elif n.isdigit():
        n = f"{int(n):02d}"
    return f"{n}/{nfc(symbol).strip()}"


def doc_number(number: str, symbol: str) -> str:
    """"Số: 05/QĐ-UBND", "Số: 125/QĐ-UBND", or "Số:      /QĐ-UBND" when the number is empty."""
    return f"Số: {doc_ref(number, symbol)}"


# --- numbers as text ---------------------------------------------------------------------------


def _to_fraction(x: Number | float) -> Fraction:
    if isinstance(x, bool):
        raise TypeError("bool is not a number here")
    if isinstance(x, float):
        return Fraction(Decimal(repr(x)))
    return Fraction(x)


def _round_half_up(x: Fraction, places: int) -> Decimal:
    """Exact half-up rounding (away from zero at .5) of a Fraction to `places` decimals."""
    num, den = x.numerator, x.denominator  # integer arithmetic: no intermediate Fractions
    n = (abs(num) * 10**places * 2 + den) // (den * 2)
    return Decimal((1 if num < 0 and n else 0, tuple(int(d) for d in str(n)), -places))  # exact at any size


def _round_decimal(x: Decimal, places: int) -> Decimal:
    """_round_half_up for a finite Decimal, through the decimal module (same result, no Fraction)."""
    exact = localcontext()
    with exact as ctx:
        ctx.prec = max(28, x.adjusted() + places + 2)
        rounded = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _group_thousands(digits: str) -> str:
    return f"{int(digits):,}".replace(",", ".")


def format_money(n: int) -> str:
    """8050000 → "8.050.000" (dots between thousands)."""
    return f"{n:,}".replace(",", ".")


def format_decimal_vi(x: Number | float, places: int | None = None) -> str:
    """Decimal comma and thousands dots: 86.5 → "86,5", 1234.5 → "1.234,5".

    With `places`, round half up to that many decimals and keep trailing zeros ("80,00").
    Without it, trailing zeros are dropped ("86,50" → "86,5"); a Fraction that has no finite
    decimal form is then rounded to 2 decimals.
    """
    if type(x) is Decimal and x.is_finite():  # the text depends on the value only: 1.0 and 1.00 alike
        return _format_decimal_cached(x, places)
    return _format_decimal(x, places)


@lru_cache(maxsize=1 << 14)
def _format_decimal_cached(x: Decimal, places: int | None) -> str:
    """The same few scores are written thousands of times in a run."""
    return _format_decimal(x, places)


def _format_decimal(x: Number | float, places: int | None) -> str:
    if places is None:
        if isinstance(x, Decimal):
            value = x
        else:
            f = _to_fraction(x)
            value = Decimal(f.numerator) / Decimal(f.denominator)
            if _to_fraction(value) != f:
                value = _round_half_up(f, 2)
        value = value.normalize() if value != 0 else Decimal(0)
        text = format(value, "f")
    elif isinstance(x, Decimal) and x.is_finite():
        text = format(_round_decimal(x, places), "f")
    else:
        text = format(_round_half_up(_to_fraction(x), places), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    out = _group_thousands(whole)
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"


def format_percent(value: Number | float, places: int = 1) -> str:
    """A share as a percentage, rounded half up exactly: Fraction(1, 10) → "10,0%", 1/3 → "33,3%"."""
    return format_decimal_vi(_round_half_up(_to_fraction(value) * 100, places), places) + "%"


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_UNITS = ("", "nghìn", "triệu")


def _read_group(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; `full` reads the hundreds even when zero ("không trăm lẻ năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")  # "hai mươi tư" (also said "hai mươi bốn"; we choose "tư")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_below_billion(n: int, full: bool) -> list[str]:
    groups = [n // 1_000_000, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for i, g in enumerate(groups):
        if g == 0:
            continue
        words += _read_group(g, full or bool(words))
        unit = _GROUP_UNITS[2 - i]
        if unit:
            words.append(unit)
    return words


def _read(n: int, full: bool = False) -> list[str]:
    if n >= 1_000_000_000:
        words = _read(n // 1_000_000_000, full) + ["tỷ"]
        low = n % 1_000_000_000
        return words + _read_below_billion(low, True) if low else words
    return _read_below_billion(n, full)


def number_to_words(n: int) -> str:
    """Vietnamese reading of an integer, formal accounting style (đọc số thành chữ).

    1005 → "một nghìn không trăm lẻ năm"; 21 → "hai mươi mốt"; 24 → "hai mươi tư";
    1_000_000_000_000 → "một nghìn tỷ"; negative numbers start with "âm".
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_to_words needs an int, got {type(n).__name__}")
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_to_words(-n)
    return " ".join(_read(n))


def money_in_words(n: int) -> str:
    """8_050_000 → "Tám triệu không trăm năm mươi nghìn đồng"; 0 → "Không đồng"."""
    text = number_to_words(n)
    return text[0].upper() + text[1:] + " đồng"


# --- parsing -----------------------------------------------------------------------------------

_PLAIN = re.compile(r"\d+")
_ONE_SEP = re.compile(r"\d+[.,]\d+")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_DOT_GROUPS_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_COMMA_GROUPS_DOT = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+")


def parse_decimal_vi(text: str | int | Decimal | None) -> Decimal | None:
    """A number typed as text in a cell, or None when it is not one.

    Accepted, after trimming spaces, with an optional leading "-" or "+":
    "12"; ONE separator, read as the decimal mark whether comma or dot ("86,5", "86.5",
    and so "1.234" is 1.234, as Excel writes numbers); thousands groups with two or more dots
    ("1.234.567") or dots then a decimal comma ("1.234,5"), and the English mirror images
    ("1,234,567", "1,234.5"). Everything else is rejected: words, "%", spaces inside,
    exponents, ".5", "1.23.4". An int or Decimal is returned as a Decimal.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        return text if text.is_finite() else None
    if not isinstance(text, str):
        return None
    s = text.strip()
    sign = ""
    if s and s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if _PLAIN.fullmatch(s) or _ONE_SEP.fullmatch(s):
        body = s.replace(",", ".")
    elif _DOT_GROUPS.fullmatch(s) or _DOT_GROUPS_COMMA.fullmatch(s):
        body = s.replace(".", "").replace(",", ".")
    elif _COMMA_GROUPS.fullmatch(s) or _COMMA_GROUPS_DOT.fullmatch(s):
        body = s.replace(",", "")
    else:
        return None
    if not body.isascii():  # \d also matches other scripts' digits
        return None
    try:
        return Decimal(sign + body)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return None


# --- collation ---------------------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f j w z after their Latin neighbours
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)

CharKey = tuple[int, int]
WordKey = tuple[tuple[CharKey, ...], tuple[int, ...]]


def _char_key(letter: str) -> CharKey:
    if letter.isspace():
        return (0, 0)
    if letter in _LETTER_RANK:
        return (3, _LETTER_RANK[letter])
    if letter.isdigit():
        return (2, int(letter) if letter.isascii() else ord(letter))
    base = unicodedata.normalize("NFD", letter)[0]
    if base in _LETTER_RANK:  # e.g. "ç" sorts as "c"
        return (3, _LETTER_RANK[base])
    return (4, ord(letter)) if letter.isalpha() else (1, ord(letter))


def vi_text_key(s: str) -> WordKey:
    """Collation key for any text: letters in Vietnamese alphabet order over the whole string
    (space < punctuation < digits < letters), then the tones ngang < huyền < hỏi < ngã < sắc < nặng
    in order of appearance. Case-insensitive; NFC and NFD input give the same key; the tone's
    position inside a syllable ("hoà" / "hòa") does not matter."""
    letters: list[list[str]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", s.casefold()):
        if ch in _TONES:
            tones.append(_TONES[ch])
        elif unicodedata.combining(ch):
            if letters and ch in _MODIFIERS:
                letters[-1].append(ch)
        else:
            letters.append([ch])
    bases = tuple(_char_key(unicodedata.normalize("NFC", "".join(parts))) for parts in letters)
    return bases, tuple(tones)


def vi_sort_key(full_name: str) -> tuple[WordKey, ...]:
    """Key for sorting people by name, Vietnamese style: the given name (last word) first, then
    the family and middle names in order; each word compared on base letters, then tones."""
    words = nfc(full_name).split()
    ordered = words[-1:] + words[:-1]
    return tuple(vi_text_key(w) for w in ordered)


# --- file names --------------------------------------------------------------------------------

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)}
_SLUG_MAX = 120


def ascii_fold(s: str) -> str:
    """Vietnamese marks removed: "Đỗ Thị Ưng" → "Do Thi Ung"."""
    s = nfc(s).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def slugify(s: str) -> str:
    """A safe file-name part: "Nguyễn Thị Hoa" → "nguyen-thi-hoa".

    ASCII-folded, lower case, words joined by "-", any other character outside [a-z0-9._-]
    becomes "_" (so never a path separator), at most 120 characters. Never "", "." or "..",
    never starting with "." and never a Windows device name (those get a leading "_").
    """
    slug = "-".join(ascii_fold(s).lower().split())
    slug = re.sub(r"[^a-z0-9._-]", "_", slug)
    slug = re.sub(r"-{2,}", "-", slug)[:_SLUG_MAX].rstrip(".")
    if not slug or slug.startswith(".") or slug.split(".", 1)[0] in _WINDOWS_RESERVED:
        slug = "_" + slug
    return slug


def threshold_words(threshold: str) -> str:
    """A council threshold in words: ">1/2" → "trên 1/2", ">=2/3" → "từ 2/3 trở lên", "> 50%" → "trên 50%"."""
    text = threshold.replace(" ", "")
    if text.startswith(">="):
        return f"từ {text[2:]} trở lên"
    return f"trên {text.lstrip('>')}"
