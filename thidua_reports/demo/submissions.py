"""Demo inbox: which unit sent which file, with what results (synthetic), including the faulty ones.

Designed outcome (SPEC §6, quota 7 collectives / 10 individuals):
- eligible collectives (9): PNV 92.5, TT-PD 90, PTP 89, XA-PHAU 87, PTNMT 86.5 (violators 2/20 = 10%,
  passes), XA-PTHUAN 85.5, PKTHT 83, PNNPTNT 83, TTR 82 → PKTHT and PNNPTNT tie at the cutoff
  (same score, no compared component, no violator);
- not eligible: VP and PTCKH (PCI sub-indices fell; VP also 14/15 tasks), PLDTBXH (2/15 = 13.3%
  violators), PVHTT (76, Khá), XA-AH (official 78 overrides its own 83.5 → Khá), XA-PHAI (PAR-05
  max 6.5 → 7: points rose, share fell), XA-PTHAI (late: sent 02/12/2021);
- rejected: PGDDT ("năm" as staffing), XA-PHUU (year 2020), the truncated file of XA-PVINH (its unit
  cannot be read, so XA-PVINH counts as missing too);
- missing: PYT, XA-PSON (nothing sent), XA-PVINH; PTP sent twice (the newer file wins, the older is
  superseded); ignored: the Excel lock file ~$pnv.xlsx and the signed PDF to_trinh_pnv_da_ky.pdf (its
  name does not start with a unit code, so its unit cannot be told);
- dossiers (SPEC §12.2, policy "warn"): PNV sent its three signed papers in inbox/PNV/; TT-PD sent only
  its Tờ trình, so its "Đã có" labels no longer count and it lacks two papers (reported, still proposed);
  PVHTT declares no Biên bản; the other requesting units count by their "Đã có" labels (tự khai);
- individuals: 41 nominees in the evaluated files (+2 in PTP's superseded file), 30 eligible (the two
  of the late XA-PTHAI file are excluded); the 10th and 11th (Huỳnh Thị Ngọc Ánh, VP; Nguyễn Thị Bích Ngân, PTCKH)
  tie: same level, first choice of their unit, unit score 88.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple


class DemoFile(NamedTuple):
    key: str  # key in nominees.NOMINEES
    path: str  # relative to inbox/
    unit: str
    sent: date | str  # "Ngày gửi" as written (a text date is allowed)
    mtime: date  # file modification date (set at 15:30 local time)
    self_score: str  # written as a number unless it contains a comma (then as text)
    tasks: tuple[int, int]  # assigned, done
    discipline: tuple[int, int, int]  # no badge, late hours, violators (distinct)
    preparer: str
    overrides: dict[str, Any] = {}  # values written instead (faults)
    dossier: tuple[bool, bool, bool] = (True, True, True)
    corrupt: bool = False  # truncated zip


NOV = 11
FILES: tuple[DemoFile, ...] = (
    DemoFile("VP", "vp.xlsx", "VP", date(2021, NOV, 26), date(2021, NOV, 26), "88", (15, 14), (1, 1, 1),
             "Võ Thị Hương"),
    DemoFile("PNV", "pnv.xlsx", "PNV", date(2021, NOV, 22), date(2021, NOV, 22), "92.5", (12, 12), (0, 0, 0),
             "Trần Thị Mai"),
    DemoFile("PTP-OLD", "ptp_ban_cu.xlsx", "PTP", date(2021, NOV, 19), date(2021, NOV, 19), "85", (8, 7),
             (0, 0, 0), "Phan Văn Quý"),
    DemoFile("PTP", "ptp.xlsx", "PTP", date(2021, NOV, 26), date(2021, NOV, 26), "89", (8, 8), (0, 0, 0),
             "Phan Văn Quý"),
    DemoFile("PTCKH", "ptckh.xlsx", "PTCKH", date(2021, NOV, 23), date(2021, NOV, 23), "88", (10, 10),
             (1, 0, 1), "Lê Hoàng Nam"),
    DemoFile("PTNMT", "ptnmt.xlsx", "PTNMT", date(2021, NOV, 25), date(2021, NOV, 25), "86.5", (14, 14),
             (2, 1, 2), "Ngô Thị Lan"),
    DemoFile("PLDTBXH", "pldtbxh.xlsx", "PLDTBXH", date(2021, NOV, 24), date(2021, NOV, 24), "85", (9, 9),
             (2, 1, 2), "Lương Thị Hồng"),
    DemoFile("PVHTT", "pvhtt.xlsx", "PVHTT", date(2021, NOV, 25), date(2021, NOV, 25), "76", (8, 8), (0, 0, 0),
             "Châu Thị Mỹ Dung", dossier=(True, False, True)),
    DemoFile("PGDDT", "pgddt.xlsx", "PGDDT", date(2021, NOV, 22), date(2021, NOV, 22), "84", (10, 10),
             (0, 0, 0), "Phạm Thị Tuyết", overrides={"staffing": "năm"}),
    DemoFile("TTR", "ttr.xlsx", "TTR", date(2021, NOV, 30), date(2021, NOV, 30), "82", (7, 7), (0, 0, 0),
             "Cao Văn Lâm"),
    DemoFile("PKTHT", "pktht.xlsx", "PKTHT", date(2021, NOV, 24), date(2021, NOV, 24), "83", (10, 10),
             (0, 0, 0), "Lâm Thị Yến"),
    DemoFile("PNNPTNT", "pnnptnt.xlsx", "PNNPTNT", date(2021, NOV, 25), date(2021, NOV, 25), "83", (12, 12),
             (0, 0, 0), "Đàng Thị Ngọc"),
    DemoFile("TT-PD", "tt-pd.xlsx", "TT-PD", date(2021, NOV, 20), date(2021, NOV, 20), "90", (16, 16),
             (1, 2, 2), "Phan Thị Thùy Trang"),
    DemoFile("XA-AH", "xa-ah.xlsx", "XA-AH", date(2021, NOV, 23), date(2021, NOV, 23), "83.5", (12, 12),
             (0, 0, 0), "Lê Thị Bé"),
    DemoFile("XA-PHAI", "xa-phai.xlsx", "XA-PHAI", date(2021, NOV, 26), date(2021, NOV, 26), "86", (12, 12),
             (1, 0, 1), "Nguyễn Thị Diệu"),
    DemoFile("XA-PHAU", "Xa Phuoc Hau/bao_cao_thi_dua_cchc_2021.xlsx", "XA-PHAU", "24/11/2021",
             date(2021, NOV, 24), "87", (13, 13), (1, 1, 1), "Phú Thị Hằng"),
    DemoFile("XA-PHUU", "xa-phuu.xlsx", "XA-PHUU", date(2021, NOV, 25), date(2021, NOV, 25), "84", (11, 11),
             (0, 0, 0), "Lộ Văn Thanh", overrides={"year": 2020}),
    DemoFile("XA-PTHAI", "xa-pthai.xlsx", "XA-PTHAI", date(2021, 12, 2), date(2021, 12, 2), "91", (12, 12),
             (0, 0, 0), "Nguyễn Thị Thu Sương"),
    DemoFile("XA-PTHUAN", "xa-pthuan.xlsx", "XA-PTHUAN", date(2021, NOV, 27), date(2021, NOV, 27), "85,5",
             (11, 11), (0, 0, 0), "Võ Thị Ngọc Hân"),
    DemoFile("XA-PVINH", "Bao cao CCHC - xa Phuoc Vinh.xlsx", "XA-PVINH", date(2021, NOV, 29),
             date(2021, NOV, 29), "84", (10, 10), (0, 0, 0), "Hán Thị Lệ", corrupt=True),
)

# Files that are not unit workbooks: (path, bytes, modification date)
LOCK_FILE = ("~$pnv.xlsx", b"\x0cTran Thi Mai" + b" " * 40 + b"\x00" * 112, date(2021, NOV, 22))
SIGNED_PDF = (
    "to_trinh_pnv_da_ky.pdf",
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n",
    date(2021, NOV, 22),
)


def signed_paper(title: str) -> bytes:
    """A one-page blank PDF standing for a scanned, signed paper (each with its own content)."""
    return (b"%PDF-1.4\n% " + title.encode("ascii") + b"\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


# The units' signed papers (SPEC §12.2): (path under inbox/, modification date)
DOSSIER_FILES = (
    ("PNV/to_trinh_da_ky.pdf", date(2021, NOV, 22)),
    ("PNV/bien_ban_hop_hoi_dong.pdf", date(2021, NOV, 22)),
    ("PNV/bao_cao_thanh_tich.pdf", date(2021, NOV, 22)),
    ("TT-PD_to_trinh.pdf", date(2021, NOV, 20)),
)
MISSING_UNITS = ("PYT", "XA-PSON")

