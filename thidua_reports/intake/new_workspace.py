"""`thidua init`: a new workspace with a commented thidua.toml and an empty registry; never overwrites."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from thidua_reports.config import CONFIG_NAME
from thidua_reports.errors import ThiduaError
from thidua_reports.intake.registry import write_registry

CONFIG_TEXT = """\
# Cấu hình đợt thi đua — mỗi thư mục làm việc là một đợt (một cơ quan khen thưởng, một năm).
# Khóa để trống "" có ghi "bắt buộc" phải được điền trước khi chạy. Ngày ghi dạng YYYY-MM-DD, không có dấu nháy.
# Kiểm tra tệp này bằng lệnh: thidua check -w <thư mục>

[campaign]
year = {year}                           # năm thi đua
title = ""                              # bắt buộc: tên phong trào, ví dụ "phong trào thi đua cải cách hành chính xã A năm {year}"
plan_ref = ""                           # bắt buộc: kế hoạch phát động, ví dụ "Kế hoạch số 26/KH-UBND ngày 03/02/{year} của Ủy ban nhân dân xã"
competition_end = {year}-11-15          # thi đua đến trước ngày này
submission_deadline = {year}-11-30      # hạn gửi hồ sơ (tính cả ngày này)
appraisal_deadline = {year}-12-05       # hạn thẩm định, trình khen thưởng
late_policy = "exclude"                 # "exclude": hồ sơ gửi muộn không được xét; "warn": vẫn xét nhưng có ghi chú
# result_year = {prev}                  # năm của kết quả chỉ số được so sánh; mặc định năm thi đua - 1

[issuer]                                # cơ quan ký Quyết định khen thưởng
level = "xa"                            # "tinh" | "huyen" | "xa" (cấp huyện chỉ dùng cho văn bản trước 01/7/2025)
parent_name = ""                        # cơ quan chủ quản (dòng trên của tên cơ quan), có thể để trống
name = ""                               # bắt buộc: tên đầy đủ, ví dụ "Ủy ban nhân dân xã A"
header_name = ""                        # bắt buộc: tên ở góc trái văn bản, xuống dòng bằng \\n, ví dụ "ỦY BAN NHÂN DÂN\\nXÃ A"
abbreviation = "UBND"                   # chữ viết tắt của cơ quan
place = ""                              # bắt buộc: địa danh ghi trên văn bản, ví dụ "A" trong "A, ngày 10 tháng 12 năm {year}"
# addressee = ""                        # dòng "Kính gửi" của Tờ trình; mặc định "Chủ tịch " + name
authority = ""                          # bắt buộc: dòng thẩm quyền của Quyết định, ví dụ "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ A"
signer_prefix = ""                      # quyền hạn ký, ví dụ "KT. CHỦ TỊCH"; để trống khi Chủ tịch ký
signer_title = ""                       # bắt buộc: chức vụ người ký, chữ in hoa, ví dụ "CHỦ TỊCH"
signer_name = ""                        # bắt buộc: họ và tên người ký
# decision_symbol = "QĐ-UBND"           # ký hiệu Quyết định; mặc định "QĐ-" + abbreviation
decision_number = ""                    # số Quyết định (chỉ phần số); để trống cho văn thư điền
decision_date = {year}-12-10            # ngày Quyết định; dùng để xác định mức lương cơ sở và quy định áp dụng
date_blank = false                      # true: để trống ngày trên Quyết định cho văn thư điền

[office]                                # cơ quan thường trực, soạn Tờ trình
name = ""                               # bắt buộc, ví dụ "Văn phòng HĐND và UBND xã"
header_name = ""                        # bắt buộc: tên ở góc trái Tờ trình, ví dụ "UBND XÃ A\\nVĂN PHÒNG HĐND VÀ UBND"
abbreviation = ""                       # bắt buộc: chữ viết tắt, dùng trong ký hiệu "TTr-..." và "Lưu: VT, ..."
# proposal_symbol = "TTr-..."           # ký hiệu Tờ trình; mặc định "TTr-" + abbreviation
proposal_number = ""                    # số Tờ trình; để trống cho văn thư điền
# proposal_date = {year}-12-03          # ngày Tờ trình; mặc định appraisal_deadline
signer_prefix = ""                      # quyền hạn ký Tờ trình, nếu có
signer_title = ""                       # bắt buộc: chức vụ người ký Tờ trình, chữ in hoa
signer_name = ""                        # bắt buộc: họ và tên người ký Tờ trình

[quota]
collectives = 7                         # số tập thể được khen tối đa
individuals = 10                        # số cá nhân được khen tối đa
allow_over = false                      # true: cho phép Hội đồng chọn vượt số lượng

[criteria]
task_completion_min = 1.0               # tỷ lệ nhiệm vụ CCHC hoàn thành tối thiểu (1.0 = 100%)
cchc_required = "Tốt"                   # xếp loại CCHC tối thiểu
cchc_bands = [ {{ name = "Tốt", min = 80 }}, {{ name = "Khá", min = 65 }},
               {{ name = "Trung bình", min = 50 }}, {{ name = "Yếu", min = 0 }} ]   # mức xếp loại theo điểm
discipline_max_ratio = 0.10             # tỷ lệ vi phạm kỷ luật tối đa; "trên 10%" mới bị loại (đúng 10% vẫn đạt)
directive_on_time_min = 1.0             # tỷ lệ văn bản chỉ đạo hoàn thành đúng hạn tối thiểu (cá nhân)

[award]
form = "Giấy khen"                      # hình thức khen thưởng
# Hệ số tiền thưởng × mức lương cơ sở. Với Quyết định trước 01/01/2024 (Nghị định 91/2017) chương trình tự điền
# (0,3 / 0,6 cấp tỉnh, huyện; 0,15 / 0,3 cấp xã). Từ 01/01/2024 hệ số chưa được xác minh: hãy ghi theo văn bản hiện hành.
# individual_coefficient = 0.15
# collective_coefficient = 0.3
rounding = "ceil"                       # "ceil" (làm tròn lên) | "nearest" (gần nhất) | "none", đến hàng chục nghìn đồng
base_salary = 0                         # mức lương cơ sở (đồng); 0 = theo bảng có sẵn tại ngày Quyết định
# legal_basis = ""                      # văn bản quy định mức thưởng; mặc định theo ngày Quyết định
funding = "nguồn kinh phí khen thưởng hàng năm"   # nguồn kinh phí

[documents]
# decision_bases = [ "Căn cứ ...", "Căn cứ ..." ]   # các dòng Căn cứ của Quyết định; mặc định theo quy định hiện hành
# decision_executors = "..."                        # Điều 3: những người thi hành Quyết định
# decision_recipients = [ "Như Điều 3", "Lưu: VT, ..." ]
# proposal_recipients = [ "Như trên", "Lưu: VT, ..." ]
history_db = "lich_su.sqlite"           # tệp lịch sử kết quả các năm

[council]                               # Hội đồng Thi đua - Khen thưởng (trang ThanhVien, PhienHop, BieuQuyet)
# name = ""                             # tên Hội đồng; mặc định "Hội đồng Thi đua - Khen thưởng" + địa danh cơ quan
quorum = ">=2/3"                        # số thành viên dự họp tối thiểu, trên tổng số thành viên (">" hoặc ">=", phân số hoặc %)
approval = ">1/2"                       # tỷ lệ phiếu đồng ý để được đề nghị khen thưởng
approval_of = "members"                 # "members": trên tổng số thành viên | "present": trên số thành viên dự họp
publication_days = 5                    # số ngày niêm yết công khai danh sách đề nghị

[report]                                # Báo cáo tổng kết: mỗi mục là danh sách đoạn văn; để trống thì báo cáo
                                        # có đoạn "[... bổ sung: ...]" tô vàng để điền sau
# strengths = [ "Đoạn thứ nhất ...", "Đoạn thứ hai ..." ]   # Đánh giá chung - 1. Ưu điểm
# weaknesses = [ "..." ]                # Đánh giá chung - 2. Hạn chế, tồn tại và nguyên nhân
# next_year = [ "..." ]                 # Phương hướng, nhiệm vụ năm sau

[certificate]                           # Giấy khen (giay_khen.docx) và tờ căn chỉnh (giay_khen_can_chinh.docx)
layout = "phoi"                         # "phoi": chỉ in chữ lên phôi in sẵn | "full": in cả Giấy khen trên giấy trắng
# authority = ""                        # dòng thẩm quyền trên Giấy khen; mặc định issuer.authority
register_format = "{{n:03d}}/GK"          # số sổ: {{n}} số thứ tự (theo danh sách Quyết định), {{year}} năm thi đua
register_start = 1                      # số thứ tự đầu tiên trong sổ
page = [297, 210]                       # khổ giấy [rộng, cao] (mm): A4 ngang
# emblem = "quoc_huy.png"               # ảnh quốc huy trong thư mục làm việc, in trên Quốc hiệu (layout = "full")
# Vị trí từng dòng trên phôi, tính bằng mm từ góc trên bên trái tờ giấy: x là mép trái, điểm giữa hoặc mép phải
# dòng chữ theo align ("left" | "center" | "right"), y là mép trên dòng chữ; size là cỡ chữ (pt), width là
# chiều rộng vùng in (mm). In tờ căn chỉnh trên giấy trắng, áp lên phôi, rồi sửa các số dưới đây cho khớp.
# [certificate.fields.recipient]        # người/tập thể được tặng
# x = 148.5
# y = 95
# size = 20
# align = "center"
# width = 240
# [certificate.fields.detail]           # chức vụ, đơn vị: x = 148.5, y = 108, size = 14, align = "center", width = 240
# [certificate.fields.achievement]      # thành tích: x = 148.5, y = 120, size = 14, align = "center", width = 250
# [certificate.fields.decision]         # số và ngày Quyết định: x = 25, y = 168, size = 12, align = "left", width = 110
# [certificate.fields.register]         # số sổ: x = 25, y = 175, size = 12, align = "left", width = 110
# [certificate.fields.place_date]       # địa danh, ngày tháng: x = 215, y = 140, size = 13, align = "center", width = 130

[dossier]                               # văn bản đã ký gửi kèm (PDF, ảnh chụp, Word) trong inbox/<mã đơn vị>/
                                        # hoặc tên tệp bắt đầu bằng mã đơn vị, ví dụ PNV_to_trinh.pdf
required = ["to_trinh", "bien_ban", "bao_cao_thanh_tich"]   # các loại đơn vị đề nghị khen thưởng phải gửi:
                                        # Tờ trình, Biên bản họp Hội đồng, Báo cáo thành tích
policy = "warn"                         # "warn": chỉ báo thiếu | "exclude": thiếu thì không được xét | "off": không xét

[limits]                                # từ chối tệp vượt các giới hạn sau (tệp hỏng, tệp quá lớn)
max_file_mb = 20
max_unpacked_mb = 200
max_rows = 5000                         # số dòng tối đa mỗi trang tính
"""


def config_text(year: int) -> str:
    return CONFIG_TEXT.format(year=year, prev=year - 1)


def init_workspace(directory: Path, year: int | None = None) -> list[Path]:
    """Create the workspace files that do not exist yet; refuse when any already exists."""
    year = year or date.today().year
    config = directory / CONFIG_NAME
    registry = directory / "danh_muc.xlsx"
    existing = [p for p in (config, registry) if p.exists()]
    if existing:
        names = ", ".join(p.name for p in existing)
        raise ThiduaError(
            f"Thư mục {directory} đã có {names}; lệnh init không ghi đè tệp đã có. "
            "Hãy chọn thư mục khác hoặc tự xóa các tệp đó nếu muốn tạo lại."
        )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "inbox").mkdir(exist_ok=True)
    (directory / "mau_van_ban").mkdir(exist_ok=True)
    config.write_text(config_text(year), encoding="utf-8")
    write_registry(registry, None)
    return [config, registry, directory / "inbox"]
