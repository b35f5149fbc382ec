"""Demo registry data: the units of UBND huyện Ninh Phước and the index components assigned to them.

Real data: the 1 thị trấn + 8 xã of Ninh Phước (DOMAIN §5.4) and the PCI sub-indices of Ninh Thuận
2020 → 2021 (pcivietnam.vn, DOMAIN §5.1). Synthetic (số liệu giả định): the list of offices (the
standard set of ND 37/2014 + ND 108/2020, DOMAIN §5.5), heads' names, staffing, CCHC scores, and all
PAPI, SIPAS and PAR INDEX component values (published dimension scores were not found).
"""

from __future__ import annotations

OFFICE = "Phòng, ban"
COMMUNE = "UBND xã"
TOWN = "UBND thị trấn"
HEAD = "Trưởng phòng"
CHAIR = "Chủ tịch UBND"

# code, name, kind, head's name, head's title, staffing, official CCHC score ("" = none)
UNITS: tuple[tuple[str, str, str, str, str, int, str], ...] = (
    ("VP", "Văn phòng HĐND và UBND huyện", OFFICE, "Trần Văn Bình", "Chánh Văn phòng", 18, ""),
    ("PNV", "Phòng Nội vụ", OFFICE, "Trần Quốc Hùng", HEAD, 9, "92.5"),
    ("PTP", "Phòng Tư pháp", OFFICE, "Lê Thị Thu Hà", HEAD, 6, ""),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", OFFICE, "Phạm Minh Tuấn", HEAD, 12, "88"),
    ("PTNMT", "Phòng Tài nguyên và Môi trường", OFFICE, "Đặng Văn Hùng", HEAD, 20, ""),
    ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", OFFICE, "Võ Thị Kim Oanh", HEAD, 15, ""),
    ("PVHTT", "Phòng Văn hóa và Thông tin", OFFICE, "Huỳnh Văn Sáu", HEAD, 8, ""),
    ("PGDDT", "Phòng Giáo dục và Đào tạo", OFFICE, "Nguyễn Thị Thanh Xuân", HEAD, 14, ""),
    ("PYT", "Phòng Y tế", OFFICE, "Lưu Văn Phúc", HEAD, 5, ""),
    ("TTR", "Thanh tra huyện", OFFICE, "Đỗ Quang Vinh", "Chánh Thanh tra", 7, ""),
    ("PKTHT", "Phòng Kinh tế và Hạ tầng", OFFICE, "Trương Công Danh", HEAD, 13, ""),
    ("PNNPTNT", "Phòng Nông nghiệp và Phát triển nông thôn", OFFICE, "Đàng Văn Hiếu", HEAD, 11, ""),
    ("TT-PD", "UBND thị trấn Phước Dân", TOWN, "Phan Thanh Long", CHAIR, 23, "90"),
    ("XA-AH", "UBND xã An Hải", COMMUNE, "Lê Văn Thắng", CHAIR, 21, "78"),
    ("XA-PHAI", "UBND xã Phước Hải", COMMUNE, "Nguyễn Hữu Phước", CHAIR, 20, ""),
    ("XA-PHAU", "UBND xã Phước Hậu", COMMUNE, "Trần Thị Mỹ Linh", CHAIR, 21, ""),
    ("XA-PHUU", "UBND xã Phước Hữu", COMMUNE, "Bá Văn Sơn", CHAIR, 22, ""),
    ("XA-PSON", "UBND xã Phước Sơn", COMMUNE, "Châu Văn Tài", CHAIR, 20, ""),
    ("XA-PTHAI", "UBND xã Phước Thái", COMMUNE, "Thập Văn Minh", CHAIR, 19, ""),
    ("XA-PTHUAN", "UBND xã Phước Thuận", COMMUNE, "Nguyễn Văn Lực", CHAIR, 22, ""),
    ("XA-PVINH", "UBND xã Phước Vinh", COMMUNE, "Hán Văn Đức", CHAIR, 20, ""),
)

# index set, code, name, unit, prior max, prior score ("" = blank in the registry),
# current max, current score reported by the unit, official current score in the registry ("" = none)
ASSIGNMENTS: tuple[tuple[str, str, str, str, str, str, str, str, str], ...] = (
    # PCI: real Ninh Thuận values, 2020 as prior, 2021 as current; six sub-indices fell.
    ("PCI", "PCI-01", "Gia nhập thị trường", "PTCKH", "10", "8.54", "10", "7.28", "7.28"),
    ("PCI", "PCI-02", "Tiếp cận đất đai", "PTNMT", "10", "6.17", "10", "6.87", "6.87"),
    ("PCI", "PCI-03", "Tính minh bạch", "VP", "10", "6.17", "10", "5.47", "5.47"),
    ("PCI", "PCI-04", "Chi phí thời gian", "VP", "10", "7.70", "10", "7.03", "7.03"),
    ("PCI", "PCI-05", "Chi phí không chính thức", "TTR", "10", "6.87", "10", "8.40", "8.39"),
    ("PCI", "PCI-06", "Cạnh tranh bình đẳng", "PTCKH", "10", "6.43", "10", "5.19", "5.19"),
    ("PCI", "PCI-07", "Tính năng động", "VP", "10", "6.85", "10", "6.77", "6.77"),
    ("PCI", "PCI-08", "Dịch vụ hỗ trợ doanh nghiệp", "PTCKH", "10", "5.29", "10", "5.07", "5.07"),
    ("PCI", "PCI-09", "Đào tạo lao động", "PLDTBXH", "10", "6.06", "10", "6.18", "6.18"),
    ("PCI", "PCI-10", "Thiết chế pháp lý và an ninh trật tự", "PTP", "10", "7.38", "10", "7.70", "7.70"),
    ("PCI", "PCI-10", "Thiết chế pháp lý và an ninh trật tự", "TTR", "10", "7.38", "10", "7.70", "7.70"),
    # PAPI (synthetic; totals 40.74 → 43.83 as published, 7 dimensions up and 1 down).
    ("PAPI", "PAPI-01", "Tham gia của người dân ở cấp cơ sở", "PNV", "10", "5.02", "10", "5.31", ""),
    ("PAPI", "PAPI-02", "Công khai, minh bạch trong việc ra quyết định ở địa phương", "PVHTT", "10", "5.18", "10", "5.54", ""),
    ("PAPI", "PAPI-03", "Trách nhiệm giải trình với người dân", "TTR", "10", "4.95", "10", "5.20", ""),
    ("PAPI", "PAPI-04", "Kiểm soát tham nhũng trong khu vực công", "TTR", "10", "6.48", "10", "7.02", ""),
    ("PAPI", "PAPI-05", "Thủ tục hành chính công", "VP", "10", "7.12", "10", "7.45", ""),
    ("PAPI", "PAPI-06", "Cung ứng dịch vụ công", "PGDDT", "10", "7.41", "10", "7.35", ""),
    ("PAPI", "PAPI-06", "Cung ứng dịch vụ công", "PYT", "10", "7.41", "10", "7.35", ""),
    ("PAPI", "PAPI-07", "Quản trị môi trường", "PTNMT", "10", "2.96", "10", "3.05", ""),
    ("PAPI", "PAPI-08", "Quản trị điện tử", "PVHTT", "10", "1.62", "10", "2.91", ""),
    # SIPAS (synthetic, in %; 4 of 5 components up as published).
    ("SIPAS", "SIPAS-01", "Tiếp cận dịch vụ hành chính công", "TT-PD", "100", "84.60", "100", "88.10", ""),
    ("SIPAS", "SIPAS-02", "Thủ tục hành chính", "XA-AH", "100", "85.90", "100", "89.20", ""),
    ("SIPAS", "SIPAS-02", "Thủ tục hành chính", "XA-PHAU", "100", "85.90", "100", "89.20", ""),
    ("SIPAS", "SIPAS-03", "Sự phục vụ của công chức", "XA-PHAI", "100", "86.10", "100", "89.75", ""),
    ("SIPAS", "SIPAS-04", "Kết quả cung ứng dịch vụ hành chính công", "XA-PTHUAN", "100", "85.20", "100", "88.90", ""),
    ("SIPAS", "SIPAS-05", "Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị", "XA-PVINH", "100", "84.05", "100", "83.95", ""),
    # PAR INDEX (synthetic). PAR-04: prior blank here, in the 2020 history DB. PAR-05: max 6.5 → 7.0,
    # points rose (5.85 → 6.20) but the share fell (90.0% → 88.6%). PAR-07: no prior data anywhere.
    ("PAR INDEX", "PAR-01", "Công tác chỉ đạo, điều hành cải cách hành chính", "PNV", "9", "7.80", "9", "8.25", ""),
    ("PAR INDEX", "PAR-02", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "PTP", "9", "7.45", "9", "7.90", ""),
    ("PAR INDEX", "PAR-03", "Cải cách thủ tục hành chính", "TT-PD", "13", "11.20", "13", "11.85", ""),
    ("PAR INDEX", "PAR-04", "Cải cách tổ chức bộ máy hành chính nhà nước", "PNV", "7", "", "7", "6.30", ""),
    ("PAR INDEX", "PAR-05", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "XA-PHAI", "6.5", "5.85", "7", "6.20", ""),
    ("PAR INDEX", "PAR-06", "Cải cách tài chính công", "PTCKH", "10.5", "8.90", "10.5", "9.30", ""),
    ("PAR INDEX", "PAR-07", "Hiện đại hóa hành chính", "PVHTT", "", "", "13.5", "10.80", ""),
    ("PAR INDEX", "PAR-07", "Hiện đại hóa hành chính", "XA-PHAU", "", "", "13.5", "11.20", ""),
    ("PAR INDEX", "PAR-08", "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội",
     "VP", "20", "15.10", "20", "16.40", ""),
)

# 2020 campaign results, recorded in lich_su.sqlite (synthetic): unit code → CCHC score 2020
SCORES_2020: dict[str, str] = {
    "VP": "86", "PNV": "90", "PTP": "87.5", "PTCKH": "85", "PTNMT": "84", "PLDTBXH": "82",
    "PVHTT": "74", "PGDDT": "81", "PYT": "79", "TTR": "80.5", "PKTHT": "81", "PNNPTNT": "80",
    "TT-PD": "88", "XA-AH": "77", "XA-PHAI": "83", "XA-PHAU": "86", "XA-PHUU": "78",
    "XA-PSON": "72", "XA-PTHAI": "89", "XA-PTHUAN": "82", "XA-PVINH": "76",
}
# components whose 2020 score lives only in the history DB: (unit, code, score, max)
COMPONENTS_2020: tuple[tuple[str, str, str, str], ...] = (("PNV", "PAR-04", "5.90", "7"),)
# awards of the 2020 campaign (Quyết định số 98/QĐ-UBND ngày 08/12/2020; 2020 base salary 1.490.000 đ)
DECISION_2020 = ("98", (2020, 12, 8))
AWARDS_2020: tuple[tuple[str, str, str, str, int], ...] = (
    ("tap_the", "PNV", "Phòng Nội vụ", "", 900000),
    ("tap_the", "TT-PD", "UBND thị trấn Phước Dân", "", 900000),
    ("tap_the", "PTP", "Phòng Tư pháp", "", 900000),
    ("tap_the", "XA-PTHAI", "UBND xã Phước Thái", "", 900000),
    ("tap_the", "XA-PHAU", "UBND xã Phước Hậu", "", 900000),
    ("ca_nhan", "PNV", "Nguyễn Thị Hoa", "Chuyên viên", 450000),
    ("ca_nhan", "TT-PD", "Phan Thị Thùy Trang", "Công chức Văn phòng - Thống kê", 450000),
    ("ca_nhan", "PTP", "Đoàn Thị Kim Liên", "Phó Trưởng phòng", 450000),
    ("ca_nhan", "XA-PTHAI", "Thiên Sanh Hùng", "Công chức Địa chính - Nông nghiệp", 450000),
    ("ca_nhan", "PTCKH", "Lê Hoàng Nam", "Chuyên viên", 450000),
)

# 2019 campaign results (synthetic), so the demo's báo cáo shows the results over the years.
SCORES_2019: dict[str, str] = {
    "VP": "84", "PNV": "88", "PTP": "85", "PTCKH": "86.5", "PTNMT": "80", "PLDTBXH": "79",
    "PVHTT": "71", "PGDDT": "78", "PYT": "76", "TTR": "78.5", "PKTHT": "77", "PNNPTNT": "79",
    "TT-PD": "85", "XA-AH": "74", "XA-PHAI": "82.5", "XA-PHAU": "83", "XA-PHUU": "75",
    "XA-PSON": "70", "XA-PTHAI": "86", "XA-PTHUAN": "80", "XA-PVINH": "73",
}
# awards of the 2019 campaign (Quyết định số 112/QĐ-UBND ngày 10/12/2019; base salary 1.490.000 đ)
DECISION_2019 = ("112", (2019, 12, 10))
AWARDS_2019: tuple[tuple[str, str, str, str, int], ...] = (
    ("tap_the", "PNV", "Phòng Nội vụ", "", 900000),
    ("tap_the", "PTCKH", "Phòng Tài chính - Kế hoạch", "", 900000),
    ("tap_the", "XA-PTHAI", "UBND xã Phước Thái", "", 900000),
    ("tap_the", "XA-PHAI", "UBND xã Phước Hải", "", 900000),
    ("ca_nhan", "PNV", "Lê Văn Khánh", "Phó Trưởng phòng", 450000),
    ("ca_nhan", "VP", "Huỳnh Thị Ngọc Ánh", "Phó Chánh Văn phòng", 450000),
    ("ca_nhan", "PTCKH", "Nguyễn Thị Bích Ngân", "Phó Trưởng phòng", 450000),
    ("ca_nhan", "XA-PTHAI", "Thiên Sanh Hùng", "Công chức Địa chính - Nông nghiệp", 450000),
)
# the figures of the years before (synthetic): year → (files accepted, eligible collectives,
# eligible individuals, components improved, components compared); units and awards come from above
FIGURES: dict[int, tuple[int, int, int, int, int]] = {2019: (15, 5, 20, 15, 28), 2020: (17, 7, 25, 18, 30)}
