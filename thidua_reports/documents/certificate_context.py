"""What the certificates say (SPEC §11.1), as plain data: one page per selected award in the order of
the Quyết định's lists (collectives, then individuals), the frames of the pre-printed blank, and the
lines of the full certificate. No python-docx here, so the output step can key the files cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thidua_reports.config import FIELD_NAMES, Settings
from thidua_reports.documents.context import ordered_people, ordered_units
from thidua_reports.models import CampaignResult, IndividualResult
from thidua_reports.vietnamese import doc_ref, nd30_date, nfc

CERTIFICATES, CALIBRATION = "giay_khen.docx", "giay_khen_can_chinh.docx"
MIN_SHRINK = 0.6  # a long text shrinks to fit its width, never below 60 % of its size
BLANK = "     "  # what the clerk fills in by hand
STYLE = {"recipient": (True, False), "place_date": (False, True)}  # field → (bold, italic)
# Average advance of a character in Times New Roman, in em, on the safe side: measured 0.41-0.49
# for mixed-case Vietnamese text, 0.54 for capitals (Liberation Serif, its metric twin).
CHAR_EM, CAPITAL_EM, BOLD_FACTOR = 0.52, 0.72, 1.06
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Frame:
    """Where a field prints: x is its left edge, centre or right edge by `align`, y its top (mm)."""

    name: str
    x: float
    y: float
    size: float  # pt
    align: str
    width: float  # mm
    bold: bool = False
    italic: bool = False

    @property
    def left(self) -> float:
        return self.x - {"left": 0.0, "center": self.width / 2, "right": self.width}[self.align]


@dataclass(frozen=True)
class CertificatePage:
    """The variable text of one certificate."""

    recipient: str
    detail: str  # title and unit of an individual; blank for a collective
    achievement: str
    decision: str
    register: str
    place_date: str

    def text(self, field: str) -> str:
        value: str = getattr(self, field)
        return value


@dataclass(frozen=True)
class CertificateSheet:
    """Everything giay_khen.docx and giay_khen_can_chinh.docx are made from."""

    layout: str  # "phoi" | "full"
    page: tuple[float, float]  # mm
    frames: tuple[Frame, ...]
    authority: str
    form: str
    signer_prefix: str
    signer_title: str
    signer_name: str
    pages: tuple[CertificatePage, ...]
    sample: CertificatePage
    draft: bool  # no decision number yet: the number fields are blank
    emblem: str | None  # absolute path of the emblem image, when configured and present


def text_width_mm(text: str, size: float, bold: bool = False) -> float:
    """A conservative estimate of the printed width of `text` at `size` pt."""
    em = sum(CAPITAL_EM if c.isupper() else CHAR_EM for c in text) * (BOLD_FACTOR if bold else 1.0)
    return em * size / PT_PER_MM


def fitted_size(text: str, size: float, width_mm: float, bold: bool = False) -> float:
    """`size`, or smaller (by half points, never below 60 %) so that `text` fits `width_mm`."""
    need = text_width_mm(text, size, bold)
    if need <= width_mm:
        return size
    fitted = int(size * width_mm / need * 2) / 2
    return max(fitted, MIN_SHRINK * size)


def frames(settings: Settings) -> tuple[Frame, ...]:
    fields = settings.certificate.fields
    out = []
    for name in FIELD_NAMES:
        f = getattr(fields, "register_" if name == "register" else name)
        bold, italic = STYLE.get(name, (False, False))
        out.append(Frame(name, f.x, f.y, f.size, f.align, f.width, bold, italic))
    return tuple(out)


def salutation(gender: str) -> str:
    return {"nam": "Ông ", "nữ": "Bà ", "nu": "Bà "}.get(nfc(gender).strip().lower(), "")


def _common(settings: Settings) -> tuple[str, str, str]:
    """The achievement line, the decision line and the place and date, the same on every page."""
    iss = settings.issuer
    number = iss.decision_number.strip()
    when = iss.decision_date
    day = BLANK if iss.date_blank else f"{when.day:02d}"
    decision = (f"Quyết định số {doc_ref(number, settings.decision_symbol)} "
                f"ngày {day}/{when.month:02d}/{when.year}")
    achievement = f"Đã có thành tích xuất sắc trong {nfc(settings.campaign.title).strip()}"
    return achievement, decision, nd30_date(when, iss.place, iss.date_blank)


def certificate_pages(result: CampaignResult, settings: Settings) -> tuple[CertificatePage, ...]:
    achievement, decision, place_date = _common(settings)
    draft = not settings.issuer.decision_number.strip()

    def register(item: object) -> str:
        number = getattr(item, "register_number", None)
        return f"Số sổ: {BLANK if draft or not number else number}"

    pages = [CertificatePage(nfc(u.unit.name).strip(), "", achievement, decision, register(u), place_date)
             for u in ordered_units(result)]
    pages += [_person_page(p, achievement, decision, register(p), place_date) for p in ordered_people(result)]
    return tuple(pages)


def _person_page(p: IndividualResult, achievement: str, decision: str, register: str,
                 place_date: str) -> CertificatePage:
    name = salutation(p.nominee.gender) + nfc(p.nominee.name).strip()
    detail = ", ".join(x for x in (nfc(p.nominee.position).strip(), nfc(p.unit_name).strip()) if x)
    return CertificatePage(name, detail, achievement, decision, register, place_date)


def sample_page(settings: Settings) -> CertificatePage:
    """The sample of the calibration sheet: a long name and a long unit, the real common lines."""
    achievement, decision, place_date = _common(settings)
    register = settings.certificate.register_format.format(n=settings.certificate.register_start,
                                                           year=settings.campaign.year)
    return CertificatePage("Bà Nguyễn Thị Minh Khai", "Chuyên viên, Văn phòng Hội đồng nhân dân và "
                           "Ủy ban nhân dân", achievement, decision, f"Số sổ: {register}", place_date)


def emblem_path(settings: Settings) -> Path | None:
    """The configured emblem image, relative to the workspace; None when not configured."""
    name = settings.certificate.emblem
    if not name:
        return None
    path = Path(name)
    return path if path.is_absolute() or settings.workspace is None else settings.workspace / path


def certificate_sheet(result: CampaignResult, settings: Settings) -> CertificateSheet:
    iss, cert = settings.issuer, settings.certificate
    emblem = emblem_path(settings)
    return CertificateSheet(
        layout=cert.layout, page=cert.page, frames=frames(settings),
        authority=nfc(cert.authority or iss.authority).strip(), form=nfc(settings.award.form).strip(),
        signer_prefix=iss.signer_prefix.strip(), signer_title=iss.signer_title.strip(),
        signer_name=iss.signer_name.strip(), pages=certificate_pages(result, settings),
        sample=sample_page(settings), draft=not iss.decision_number.strip(),
        emblem=str(emblem) if emblem is not None and emblem.is_file() else None,
    )


def certificate_notes(settings: Settings) -> list[str]:
    """Lines for the run summary: drafts, a missing emblem."""
    notes = []
    if not settings.issuer.decision_number.strip():
        notes.append("Giấy khen là bản nháp: chưa có số Quyết định (issuer.decision_number)")
    emblem = emblem_path(settings)
    if emblem is not None and not emblem.is_file():
        notes.append(f"certificate.emblem: không tìm thấy tệp ảnh {settings.certificate.emblem}; "
                     "Giấy khen được in không có quốc huy")
    return notes
