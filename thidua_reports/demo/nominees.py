"""Demo nominees (synthetic people) per submitted file, as plain rows.

Row: name, gender, position, level (XS/T/HT/KHT, or the literal text to write), CCHC tasks done,
documents assigned, documents on time, violation, priority (None = blank). Achievement texts: texts.py.
"""

from __future__ import annotations

XS = "Hoàn thành xuất sắc nhiệm vụ"
T = "Hoàn thành tốt nhiệm vụ"
HT = "Hoàn thành nhiệm vụ"
KHT = "Không hoàn thành nhiệm vụ"
VPTK = "Công chức Văn phòng - Thống kê"
TPHT = "Công chức Tư pháp - Hộ tịch"

Row = tuple[str, str, str, str, bool, int, int, bool, int | None]

# keyed by the demo file id of submissions.FILES
NOMINEES: dict[str, list[Row]] = {
    "PNV": [
        ("Nguyễn Thị Hoa", "Nữ", "Chuyên viên", XS, True, 12, 12, False, 1),
        ("Lê Văn Khánh", "Nam", "Phó Trưởng phòng", XS, True, 20, 20, False, 2),
        ("Trần Thị Mai", "Nữ", "Chuyên viên", T, True, 8, 8, False, 3),
        ("Phạm Văn Lộc", "Nam", "Chuyên viên", HT, True, 5, 5, False, 4),
    ],
    "VP": [
        ("Huỳnh Thị Ngọc Ánh", "Nữ", "Phó Chánh Văn phòng", T, True, 15, 15, False, 1),
        ("Nguyễn Văn Đạt", "Nam", "Chuyên viên", T, True, 12, 10, False, 2),  # 2 documents late
        ("Võ Minh Trí", "Nam", "Chuyên viên", T, True, 6, 6, False, 3),
    ],
    "PTP": [
        ("Đoàn Thị Kim Liên", "Nữ", "Phó Trưởng phòng", T, True, 10, 10, False, 1),
        ("Phan Văn Quý", "Nam", "Chuyên viên", T, True, 7, 7, False, 2),
        ("Trần Quốc Bảo", "Nam", "Chuyên viên", XS, False, 4, 4, False, 3),  # CCHC task not done
    ],
    "PTP-OLD": [
        ("Đoàn Thị Kim Liên", "Nữ", "Phó Trưởng phòng", T, True, 9, 9, False, 1),
        ("Phan Văn Quý", "Nam", "Chuyên viên", T, True, 6, 6, False, 2),
    ],
    "PTCKH": [
        ("Nguyễn Thị Bích Ngân", "Nữ", "Phó Trưởng phòng", T, True, 14, 14, False, 1),
        ("Lê Hoàng Nam", "Nam", "Chuyên viên", T, True, 9, 9, False, 2),
        ("Bùi Thị Thảo", "Nữ", "Kế toán", XS, True, 6, 6, True, 3),  # discipline violation
    ],
    "PTNMT": [
        ("Đặng Thị Thanh Tâm", "Nữ", "Chuyên viên", XS, True, 11, 11, False, 1),
        ("Hồ Văn Tài", "Nam", "Phó Trưởng phòng", T, True, 10, 10, False, 2),
        ("Ngô Thị Lan", "Nữ", "Chuyên viên", T, True, 0, 0, False, None),
    ],
    "PLDTBXH": [
        ("Trịnh Văn Hải", "Nam", "Chuyên viên", T, True, 8, 8, False, 1),
        ("Lương Thị Hồng", "Nữ", "Cán sự", HT, True, 3, 3, False, 2),
    ],
    "PVHTT": [
        ("Dương Văn Thành", "Nam", "Phó Trưởng phòng", T, True, 7, 7, False, 1),
        ("Châu Thị Mỹ Dung", "Nữ", "Chuyên viên", T, True, 5, 5, False, 2),
    ],
    "PGDDT": [
        ("Phạm Thị Tuyết", "Nữ", "Chuyên viên", T, True, 6, 6, False, 1),
        ("Trần Văn Định", "Nam", "Phó Trưởng phòng", T, True, 8, 8, False, 2),
    ],
    "TTR": [  # short level forms, accepted by the reader
        ("Đỗ Thị Hạnh", "Nữ", "Thanh tra viên", "Xuất sắc", True, 9, 9, False, 1),
        ("Cao Văn Lâm", "Nam", "Phó Chánh Thanh tra", "Tốt", True, 6, 6, False, 2),
    ],
    "PKTHT": [
        ("Nguyễn Văn Hưng", "Nam", "Chuyên viên", XS, True, 10, 10, False, 1),
        ("Lâm Thị Yến", "Nữ", "Chuyên viên", T, True, 4, 4, False, 2),
    ],
    "PNNPTNT": [
        ("Đàng Thị Ngọc", "Nữ", "Chuyên viên", T, True, 8, 8, False, 1),
        ("Quảng Văn Tín", "Nam", "Chuyên viên", T, True, 6, 5, False, 2),  # 1 document late
    ],
    "TT-PD": [
        ("Phan Thị Thùy Trang", "Nữ", VPTK, T, True, 13, 13, False, 1),
        ("Lê Văn Sang", "Nam", "Phó Chủ tịch UBND", T, True, 9, 9, False, 2),
        ("Nguyễn Văn Tùng", "Nam", "Công chức Địa chính - Xây dựng", KHT, False, 5, 2, False, 3),
    ],
    "XA-AH": [
        ("Trần Văn Thiện", "Nam", TPHT, T, True, 6, 6, False, 1),
        ("Lê Thị Bé", "Nữ", VPTK, T, True, 5, 5, False, 2),
    ],
    "XA-PHAI": [
        ("Thông Văn Chiến", "Nam", "Công chức Tài chính - Kế toán", T, True, 7, 7, True, 1),  # violation
        ("Nguyễn Thị Diệu", "Nữ", VPTK, T, True, 8, 8, False, 2),
        ("Mai Văn Út", "Nam", "Công chức Văn hóa - Xã hội", HT, True, 3, 3, False, 3),
    ],
    "XA-PHAU": [
        ("Trần Thị Kim Cúc", "Nữ", TPHT, XS, True, 10, 10, False, 1),
        ("Hứa Văn Lành", "Nam", "Phó Chủ tịch UBND", T, True, 7, 7, False, 2),
        ("Phú Thị Hằng", "Nữ", VPTK, T, True, 6, 6, False, 3),
    ],
    "XA-PHUU": [
        ("Lộ Văn Thanh", "Nam", VPTK, T, True, 5, 5, False, 1),
        ("Nguyễn Thị Xuân", "Nữ", TPHT, T, True, 4, 4, False, 2),
    ],
    "XA-PTHAI": [
        ("Thiên Sanh Hùng", "Nam", "Công chức Địa chính - Nông nghiệp", XS, True, 9, 9, False, 1),
        ("Nguyễn Thị Thu Sương", "Nữ", VPTK, XS, True, 7, 7, False, 2),
    ],
    "XA-PTHUAN": [
        ("Võ Thị Ngọc Hân", "Nữ", VPTK, XS, True, 11, 11, False, 1),
        ("Nguyễn Hữu Tình", "Nam", TPHT, T, True, 6, 6, False, 2),
    ],
    "XA-PVINH": [
        ("Hán Thị Lệ", "Nữ", VPTK, T, True, 5, 5, False, 1),
    ],
}
