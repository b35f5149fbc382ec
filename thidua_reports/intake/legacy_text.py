"""Legacy Vietnamese encodings (TCVN3/ABC and VNI-Windows) typed into Excel: detection and conversion."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Encoding = Literal["tcvn3", "vni"]

# TCVN3 (TCVN 5712:1993, .VnTime fonts): one byte per letter. Excel stores the byte as the
# Windows-1252 character the keyboard driver sent, so the keys below are those characters.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3 = str.maketrans({bytes([b]).decode("cp1252"): ch for b, ch in _TCVN3_BYTES.items()})

# VNI-Windows: a base letter followed by a mark character (longest match first).
_VNI_TONES = {"ù": 1, "ø": 2, "û": 3, "õ": 4, "ï": 5}  # sắc, huyền, hỏi, ngã, nặng
_VNI_CIRC = {"â": 0, "á": 1, "à": 2, "å": 3, "ã": 4, "ä": 5}
_VNI_BREVE = {"ê": 0, "é": 1, "è": 2, "ú": 3, "ü": 4, "ë": 5}
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(key: str, base: str, tone: int) -> None:
        out = unicodedata.normalize("NFC", base + _TONE_MARKS[tone])
        table[key] = out
        table[key.upper()] = out.upper()

    for vowel in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            add(vowel + mark, vowel, tone)
    for vowel, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for mark, tone in _VNI_CIRC.items():
            add(vowel + mark, hat, tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "ă", tone)
    for legacy, base in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONES.items():
            add(legacy + mark, base, tone)
        add(legacy, base, 0)
    for legacy, out in (("ñ", "đ"), ("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
        table[legacy] = out
        table[legacy.upper()] = out.upper()
    return table


_VNI = _vni_table()
_VNI_PAIR = re.compile("[aeiouyAEIOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]")
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))

# Characters of the Latin-1 range that Vietnamese Unicode text never uses: their presence
# suggests legacy text and is the cheap trigger for the font check.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT = {chr(c) for c in range(0xA1, 0x100)} - _VIETNAMESE_LATIN1 - {"°"}
_SUSPECT_RE = re.compile("[" + re.escape("".join(sorted(_SUSPECT))) + "]")


def looks_legacy(text: str) -> bool:
    """True when `text` holds characters that suggest TCVN3/VNI bytes shown as Windows-1252."""
    return _SUSPECT_RE.search(text) is not None


def encoding_of_font(font_name: str | None) -> Encoding | None:
    """The legacy encoding implied by a font name (.VnTime → tcvn3, VNI-Times → vni), else None."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


def is_uppercase_font(font_name: str | None) -> bool:
    """TCVN3 uppercase letters live in separate fonts such as .VnTimeH."""
    if not font_name:
        return False
    name = font_name.strip()
    return name.lower().startswith(".vn") and name.endswith("H")


def guess_encoding(text: str) -> Encoding | None:
    """Guess TCVN3 or VNI from the text alone (used when fonts cannot be read, e.g. .xls/.ods)."""
    if not looks_legacy(text):
        return None
    vni_hits = 2 * len(_VNI_PAIR.findall(text))
    tcvn_hits = sum(1 for ch in text if ord(ch) in _TCVN3_BYTES and ch not in _VIETNAMESE_LATIN1)
    return "vni" if vni_hits > tcvn_hits else "tcvn3"


def convert(text: str, encoding: Encoding, uppercase: bool = False) -> str:
    """Convert legacy text to Unicode NFC."""
    if encoding == "tcvn3":
        out = text.translate(_TCVN3)
    else:
        out = _VNI_RE.sub(lambda m: _VNI[m.group(0)], text)
    if uppercase:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def to_legacy(text: str, encoding: Encoding) -> str:
    """Unicode → legacy text as Excel would store it (for building test workbooks)."""
    if encoding == "tcvn3":
        reverse = {v: k for k, v in _TCVN3_BYTES.items()}
        out = []
        for ch in unicodedata.normalize("NFC", text):
            out.append(bytes([reverse[ch]]).decode("cp1252") if ch in reverse else ch)
        return "".join(out)
    reverse_vni: dict[str, str] = {}
    for key, value in sorted(_VNI.items(), key=lambda kv: len(kv[0])):
        reverse_vni.setdefault(value, key)
    return "".join(reverse_vni.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
