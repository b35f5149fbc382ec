"""A unit as the author of a document (ND 30/2020): its header lines, its place name, its signer.

The rule for the header (ND 30 Phụ lục I, II.2, ô 2): a phòng/ban of the committee writes under its
cơ quan chủ quản — the issuer's short name ("UBND HUYỆN NINH PHƯỚC", not bold) above its own name
(bold); a People's Committee (UBND xã, phường, thị trấn…) has no chủ quản line: its name alone, bold,
on one line in the short form the plan uses for units ("UBND XÃ PHƯỚC HẬU").

Which of the two a unit is comes from the registry (SPEC §4): it is a People's Committee when its
"Loại đơn vị" says so ("UBND xã", "UBND thị trấn", "Ủy ban nhân dân phường", or just "Xã", "Phường",
"Thị trấn"…) or when its name starts with "UBND" / "Ủy ban nhân dân" (a name that says so cannot be a
phòng/ban, whatever the column holds); every other unit ("Phòng, ban", a Thanh tra, a Văn phòng,
free text, blank) is a phòng/ban under the issuer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from thidua_reports.config import Settings
from thidua_reports.documents.context import header_lines, signer
from thidua_reports.models import Unit
from thidua_reports.vietnamese import nfc

COMMITTEE = "ỦY BAN NHÂN DÂN"
_COMMITTEE_PREFIXES = ("ủy ban nhân dân", "ubnd")
# administrative units a People's Committee belongs to, longest first ("thị xã" before "xã")
_LOCALITIES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


def _fold(text: str) -> str:
    return " ".join(nfc(text).casefold().replace("uỷ", "ủy").split())


def _after_committee(text: str) -> str | None:
    """The rest of `text` after a leading "UBND" / "Ủy ban nhân dân" ("" when nothing follows);
    None when it does not start so."""
    words = nfc(text).split()
    folded = _fold(text)
    for prefix in _COMMITTEE_PREFIXES:
        if folded == prefix or folded.startswith(prefix + " "):
            return " ".join(words[len(prefix.split()):])
    return None


def _locality(text: str) -> str | None:
    """The administrative-unit word `text` starts with ("xã", "thị trấn"…), or None."""
    folded = _fold(text)
    return next((w for w in _LOCALITIES if folded == w or folded.startswith(w + " ")), None)


def is_committee(unit: Unit) -> bool:
    """True for a People's Committee (no chủ quản line), False for a phòng/ban (module docstring)."""
    return _is_committee(unit.kind, unit.name)


@lru_cache(maxsize=4096)
def _is_committee(kind: str, name: str) -> bool:
    """is_committee from the two texts it reads (asked several times per document of each unit)."""
    return _after_committee(kind) is not None or _locality(kind) is not None or _after_committee(name) is not None


def _committee_area(unit: Unit) -> str:
    """"xã Phước Hậu": the administrative unit of a People's Committee, from its name and kind."""
    rest = _after_committee(unit.name)
    area = nfc(rest if rest is not None else unit.name).strip()
    if _locality(area) is None:
        kind = _after_committee(unit.kind)
        word = _locality(kind if kind is not None else unit.kind)
        if word:
            area = f"{word} {area}"
    return area


def unit_council(unit: Unit) -> str:
    """"Hội đồng Thi đua - Khen thưởng xã Phước Hậu" / "… Phòng Nội vụ": the unit's own council."""
    return f"Hội đồng Thi đua - Khen thưởng {_committee_area(unit) if is_committee(unit) else unit.name}"


def issuer_short_name(settings: Settings) -> str:
    """"UBND HUYỆN NINH PHƯỚC": the office's chủ quản line when its header has one, else the issuer's
    header on one line with "ỦY BAN NHÂN DÂN" shortened to "UBND"."""
    office = [ln.strip() for ln in settings.office.header_name.split("\n") if ln.strip()]
    if len(office) > 1:
        return office[0]
    text = " ".join(ln.strip() for ln in settings.issuer.header_name.split("\n") if ln.strip())
    rest = _after_committee(text)
    return f"UBND {rest}".strip() if rest is not None else text


def unit_header(settings: Settings, unit: Unit) -> list[dict[str, Any]]:
    """The header lines (ô 2) of a document the unit writes: see the module docstring."""
    if is_committee(unit):
        return header_lines(f"UBND {_committee_area(unit)}".upper())
    return header_lines(nfc(unit.name).strip().upper(), issuer_short_name(settings))


def unit_place(settings: Settings, unit: Unit) -> str:
    """The địa danh of the unit's documents (ND 30 Phụ lục I, II.4): a People's Committee's own
    xã/phường/thị trấn ("Phước Hậu"; "Phường 1" when the name is a number), else the issuer's place."""
    if not is_committee(unit):
        return settings.issuer.place
    area = _committee_area(unit)
    word = _locality(area)
    if word is None:
        return area
    name = " ".join(area.split()[len(word.split()):])
    return f"{word.capitalize()} {name}" if name[:1].isdigit() else name or area


def unit_signer(unit: Unit) -> dict[str, str]:
    """Who signs the unit's Tờ trình: a committee signs for the collective ("TM. ỦY BAN NHÂN DÂN" /
    "CHỦ TỊCH", a deputy with "KT. CHỦ TỊCH"); a phòng/ban's head signs with its title."""
    title = nfc(unit.head_title).strip()
    if is_committee(unit):
        # "Chủ tịch UBND" / "Phó Chủ tịch Ủy ban nhân dân xã …" → "Chủ tịch" / "Phó Chủ tịch";
        # a title that names no Chủ tịch is taken as the Chủ tịch's (the committee signs TM.)
        words = title.split()
        cut = next((i for i in range(1, len(words))
                    if _after_committee(" ".join(words[i:])) is not None), len(words))
        title = " ".join(words[:cut])
        if not _fold(title).startswith(("chủ tịch", "phó chủ tịch")):
            title = "Chủ tịch"
        prefix = f"TM. {COMMITTEE}"
        if _fold(title).startswith("phó"):
            prefix += "\nKT. CHỦ TỊCH"
        return signer(prefix, title.upper(), unit.head_name)
    return signer("", title.upper() or "THỦ TRƯỞNG ĐƠN VỊ", unit.head_name)
