"""Demo achievement texts (invented): what each unit writes on its ThanhTich sheet and the summary
of each nominee's achievements, as a district's offices and communes would word them.

Figures agree with the rest of the demo where they overlap (tasks done, SIPAS satisfaction rates);
everything else is made up for the example.
"""

from __future__ import annotations

# unit code → (tóm tắt thành tích, kết quả cải cách hành chính, sáng kiến / cách làm hay)
UNITS: dict[str, tuple[str, str, str]] = {
    "VP": (
        "Phục vụ 24 kỳ họp, phiên họp của HĐND và UBND huyện; phát hành 3.120 văn bản điện tử có ký số.",
        "Vận hành Bộ phận Một cửa huyện, tiếp nhận 6.480 hồ sơ; tỷ lệ hồ sơ nộp trực tuyến đạt 35%.",
        "Triển khai phòng họp không giấy tờ cho các cuộc họp của UBND huyện.",
    ),
    "PNV": (
        "Tham mưu UBND huyện ban hành Kế hoạch CCHC năm 2021 và Kế hoạch kiểm tra CCHC đúng thời hạn.",
        "Tham mưu sắp xếp tổ chức bộ máy 12 cơ quan chuyên môn; kiểm tra CCHC tại 8 cơ quan, đơn vị.",
        "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của huyện trên phần mềm quản lý hồ sơ.",
    ),
    "PTP": (
        "Thẩm định 46 dự thảo văn bản quy phạm pháp luật đúng thời hạn; hoàn thành rà soát văn bản năm 2021.",
        "Giải quyết đúng hạn 100% hồ sơ chứng thực; hướng dẫn các xã đăng ký hộ tịch trực tuyến.",
        "Xây dựng tủ sách pháp luật điện tử trên Cổng thông tin điện tử huyện.",
    ),
    "PTCKH": (
        "Tham mưu lập dự toán ngân sách năm 2022 đúng thời hạn; thẩm tra quyết toán 42 công trình hoàn thành.",
        "Cấp 156 giấy chứng nhận đăng ký hộ kinh doanh đúng hạn, trong đó 62% hồ sơ nộp qua mạng.",
        "Công khai dự toán, quyết toán ngân sách huyện trên Cổng thông tin điện tử.",
    ),
    "PTNMT": (
        "Giải quyết 2.340 hồ sơ đất đai, 98,7% đúng hạn; hoàn thành cơ sở dữ liệu địa chính 3 xã.",
        "Rút ngắn thời gian cấp Giấy chứng nhận quyền sử dụng đất lần đầu từ 30 xuống 20 ngày.",
        "Bản đồ số tra cứu quy hoạch, kế hoạch sử dụng đất trên điện thoại.",
    ),
    "PLDTBXH": (
        "Chi trả trợ cấp cho 3.450 đối tượng bảo trợ xã hội đúng kỳ; giải quyết việc làm cho 1.210 lao động.",
        "Giải quyết đúng hạn 100% hồ sơ người có công và bảo trợ xã hội.",
        "Chi trả trợ cấp xã hội qua tài khoản ngân hàng cho 640 đối tượng.",
    ),
    "PVHTT": (
        "Phát 96 tin, bài tuyên truyền CCHC trên Đài Truyền thanh huyện; duy trì Cổng thông tin điện tử huyện.",
        "Cập nhật đầy đủ thủ tục hành chính lĩnh vực văn hóa, thông tin lên Cổng dịch vụ công.",
        "Chuyên mục “Cải cách hành chính” hằng tháng trên Đài Truyền thanh huyện.",
    ),
    "PGDDT": (
        "Tổ chức tuyển sinh trực tuyến lớp 1 và lớp 6 tại tất cả các trường trên địa bàn huyện.",
        "Giải quyết đúng hạn 100% hồ sơ chuyển trường, cấp bản sao văn bằng, chứng chỉ.",
        "Sổ liên lạc điện tử tại các trường tiểu học, trung học cơ sở.",
    ),
    "TTR": (
        "Tiến hành 6 cuộc thanh tra hành chính; tiếp 148 lượt công dân, giải quyết 100% đơn thuộc thẩm quyền.",
        "Công khai kết luận thanh tra; tham mưu kiểm tra công vụ đột xuất tại 5 cơ quan, đơn vị.",
        "Sổ theo dõi điện tử việc thực hiện kết luận thanh tra, tự động nhắc hạn.",
    ),
    "PKTHT": (
        "Cấp 186 giấy phép xây dựng đúng hạn; không phát sinh công trình vi phạm trật tự xây dựng mới.",
        "Công khai thủ tục, mẫu hồ sơ cấp phép xây dựng; 100% hồ sơ được giải quyết đúng hạn.",
        "Bộ thiết kế mẫu nhà ở nông thôn giúp người dân rút ngắn thời gian chuẩn bị hồ sơ.",
    ),
    "PNNPTNT": (
        "Tham mưu thực hiện Chương trình xây dựng nông thôn mới; hướng dẫn 5 hợp tác xã chuyển đổi cây trồng.",
        "Giải quyết đúng hạn 100% hồ sơ hỗ trợ sản xuất nông nghiệp; công khai các chính sách hỗ trợ.",
        "Hướng dẫn hợp tác xã đăng ký mã số vùng trồng nho, táo qua dịch vụ công trực tuyến.",
    ),
    "TT-PD": (
        "Tiếp nhận 4.215 hồ sơ thủ tục hành chính, giải quyết đúng hạn 4.198 hồ sơ (99,6%).",
        "Số hóa 100% hồ sơ khi tiếp nhận; người dân hài lòng về tiếp cận dịch vụ đạt 88,1%.",
        "Tổ công nghệ số cộng đồng ở 6 khu phố hướng dẫn người dân nộp hồ sơ trực tuyến.",
    ),
    "XA-AH": (
        "Giải quyết đúng hạn 1.120 hồ sơ thủ tục hành chính; không có khiếu nại về thủ tục hành chính.",
        "Niêm yết công khai 112 thủ tục hành chính; người dân hài lòng về thủ tục hành chính đạt 89,2%.",
        "Tổ hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa xã.",
    ),
    "XA-PHAI": (
        "Giải quyết đúng hạn 1.305 hồ sơ thủ tục hành chính; 4 công chức được bồi dưỡng kỹ năng giao tiếp.",
        "Người dân hài lòng về sự phục vụ của công chức đạt 89,75%.",
        "Hộp thư góp ý điện tử qua mã QR tại Bộ phận Một cửa xã.",
    ),
    "XA-PHAU": (
        "Hoàn thành 13/13 nhiệm vụ CCHC; giải quyết đúng hạn 1.862 hồ sơ, không có hồ sơ trễ hẹn.",
        "Tỷ lệ hồ sơ nộp trực tuyến đạt 42%; người dân hài lòng về thủ tục hành chính đạt 89,2%.",
        "“Ngày thứ Năm lắng nghe dân nói”: trả lời 57 ý kiến, kiến nghị của người dân.",
    ),
    "XA-PHUU": (
        "Giải quyết đúng hạn 1.012 hồ sơ thủ tục hành chính; 100% công chức sử dụng chữ ký số.",
        "Hoàn thành số hóa sổ hộ tịch lưu trữ tại xã.",
        "Loa truyền thanh thông minh thông báo lịch tiếp công dân, lịch trả kết quả.",
    ),
    "XA-PTHAI": (
        "Giải quyết đúng hạn 1.268 hồ sơ thủ tục hành chính; 100% công chức sử dụng chữ ký số.",
        "Tỷ lệ hồ sơ nộp trực tuyến đạt 38%; không có hồ sơ trễ hẹn.",
        "Trả kết quả thủ tục hành chính qua dịch vụ bưu chính công ích cho người cao tuổi.",
    ),
    "XA-PTHUAN": (
        "Hoàn thành 11/11 nhiệm vụ CCHC; giải quyết đúng hạn 1.540 hồ sơ thủ tục hành chính.",
        "Người dân hài lòng về kết quả cung ứng dịch vụ hành chính công đạt 88,9%.",
        "Nhóm Zalo của Bộ phận Một cửa xã hướng dẫn thủ tục, nhắc lịch trả kết quả.",
    ),
    "XA-PVINH": (
        "Giải quyết đúng hạn 980 hồ sơ thủ tục hành chính.",
        "Niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa xã.",
        "Tiếp nhận phản ánh, kiến nghị của người dân qua đường dây nóng của xã.",
    ),
}

# nominee's name → summary of achievements (those not listed get personal_text)
PEOPLE: dict[str, str] = {
    "Nguyễn Thị Hoa": "Tham mưu Kế hoạch CCHC năm 2021 và 12 văn bản hướng dẫn, đôn đốc các cơ quan, đơn vị; "
                      "tổng hợp báo cáo CCHC quý, năm đúng hạn; 12/12 văn bản được giao hoàn thành đúng hạn.",
    "Lê Văn Khánh": "Chủ trì tham mưu sắp xếp tổ chức bộ máy 12 cơ quan chuyên môn; trưởng đoàn kiểm tra CCHC "
                    "tại 8 cơ quan, đơn vị; 100% hồ sơ lĩnh vực nội vụ được giải quyết đúng hạn.",
    "Huỳnh Thị Ngọc Ánh": "Phụ trách Bộ phận Một cửa huyện; chỉ đạo số hóa hồ sơ ngay khi tiếp nhận; "
                          "tham mưu triển khai phòng họp không giấy tờ tại UBND huyện.",
    "Đoàn Thị Kim Liên": "Chủ trì thẩm định 46 dự thảo văn bản quy phạm pháp luật đúng thời hạn; tổ chức "
                         "12 buổi phổ biến pháp luật cho cán bộ, công chức các xã, thị trấn.",
    "Nguyễn Thị Bích Ngân": "Chủ trì thẩm tra quyết toán 42 công trình hoàn thành; hướng dẫn 21 đơn vị dự toán "
                            "công khai ngân sách đúng quy định.",
    "Đặng Thị Thanh Tâm": "Thẩm định 410 hồ sơ cấp Giấy chứng nhận quyền sử dụng đất đúng hạn; tham gia xây dựng "
                          "cơ sở dữ liệu địa chính xã Phước Hậu và xã An Hải.",
    "Đỗ Thị Hạnh": "Trưởng đoàn 2 cuộc thanh tra hành chính; tham mưu giải quyết 21 đơn khiếu nại, tố cáo "
                   "đúng thời hạn, không để đơn tồn đọng.",
    "Nguyễn Văn Hưng": "Thẩm định 186 hồ sơ cấp giấy phép xây dựng đúng hạn; đề xuất áp dụng bộ thiết kế mẫu "
                       "nhà ở nông thôn.",
    "Phan Thị Thùy Trang": "Tham mưu UBND thị trấn ban hành 13 văn bản triển khai CCHC đúng hạn; quản lý Bộ phận "
                           "Một cửa, tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,6%.",
    "Trần Thị Kim Cúc": "Giải quyết 612 hồ sơ hộ tịch, chứng thực, không có hồ sơ trễ hẹn; hướng dẫn người dân "
                        "đăng ký khai sinh trực tuyến, tỷ lệ hồ sơ trực tuyến đạt 45%.",
    "Võ Thị Ngọc Hân": "Phụ trách Bộ phận Một cửa xã, tiếp nhận 1.540 hồ sơ, số hóa 100% hồ sơ khi tiếp nhận; "
                       "tổng hợp báo cáo CCHC của xã đúng hạn.",
    "Thiên Sanh Hùng": "Giải quyết đúng hạn 236 hồ sơ đất đai; cập nhật biến động đất đai vào cơ sở dữ liệu "
                       "địa chính của xã.",
    "Nguyễn Thị Thu Sương": "Tiếp nhận, trả kết quả 1.268 hồ sơ tại Bộ phận Một cửa xã; tổng hợp báo cáo "
                            "thống kê đúng hạn.",
    "Lê Hoàng Nam": "Thẩm định hồ sơ đăng ký hộ kinh doanh đúng hạn; hướng dẫn người dân nộp hồ sơ qua mạng.",
    "Hồ Văn Tài": "Chỉ đạo giải quyết hồ sơ đất đai đúng hạn; tham mưu rút ngắn thời gian cấp Giấy chứng nhận "
                  "quyền sử dụng đất lần đầu.",
    "Lê Văn Sang": "Chỉ đạo Bộ phận Một cửa thị trấn; tiếp công dân định kỳ, giải quyết dứt điểm 18 kiến nghị.",
    "Hứa Văn Lành": "Chỉ đạo thực hiện “Ngày thứ Năm lắng nghe dân nói”; giải quyết dứt điểm 57 ý kiến, "
                    "kiến nghị của người dân.",
}


def unit_achievements(code: str, unit_name: str, year: int) -> dict[str, str]:
    """A unit's ThanhTich texts: its own when written above, else a plain one."""
    default = (
        f"Năm {year}, {unit_name} hoàn thành các nhiệm vụ được giao trong Kế hoạch cải cách hành chính "
        "của huyện.",
        "Ban hành kế hoạch CCHC của đơn vị đúng thời hạn; thực hiện đầy đủ chế độ báo cáo định kỳ.",
        "Gửi, nhận văn bản điện tử có ký số trên phần mềm quản lý văn bản và điều hành.",
    )
    collective, reform, initiative = UNITS.get(code, default)
    return {"tap_the": collective, "cchc": reform, "sang_kien": initiative}


def personal_text(name: str, year: int) -> str:
    """A nominee's achievement summary: their own when written above, else a plain one."""
    return PEOPLE.get(name) or (
        f"Năm {year} hoàn thành tốt nhiệm vụ được giao; tham mưu đúng hạn các văn bản được giao, "
        "thực hiện nghiêm kỷ luật, kỷ cương hành chính.")
