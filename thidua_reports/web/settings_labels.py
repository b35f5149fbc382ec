"""Vietnamese labels of the settings form: sections in the order of SPEC §3, short label per key.

The help text under each field comes from the key's description in `config.py`; a key missing
here is still shown, labelled by that description.
"""

from __future__ import annotations

SECTION_ORDER = ("campaign", "issuer", "office", "quota", "criteria", "award", "documents", "council",
                 "certificate", "report", "dossier", "limits")

SECTION_LABELS = {
    "campaign": "Đợt thi đua",
    "issuer": "Cơ quan khen thưởng (ký Quyết định)",
    "office": "Cơ quan thường trực (soạn Tờ trình)",
    "quota": "Số lượng khen thưởng",
    "criteria": "Tiêu chuẩn xét chọn",
    "award": "Hình thức và mức tiền thưởng",
    "documents": "Văn bản",
    "council": "Hội đồng Thi đua - Khen thưởng",
    "certificate": "Giấy khen",
    "report": "Báo cáo tổng kết",
    "dossier": "Hồ sơ đề nghị của đơn vị",
    "limits": "Giới hạn tệp nhận vào",
}

LABELS = {
    "campaign.year": "Năm thi đua",
    "campaign.title": "Tên phong trào",
    "campaign.plan_ref": "Kế hoạch phát động",
    "campaign.competition_end": "Ngày kết thúc thi đua",
    "campaign.submission_deadline": "Hạn gửi hồ sơ",
    "campaign.appraisal_deadline": "Hạn thẩm định, trình khen thưởng",
    "campaign.late_policy": "Hồ sơ gửi muộn",
    "campaign.result_year": "Năm của kết quả chỉ số so sánh",
    "issuer.level": "Cấp cơ quan khen thưởng",
    "issuer.parent_name": "Cơ quan chủ quản",
    "issuer.name": "Tên cơ quan",
    "issuer.header_name": "Tên cơ quan ở góc trái văn bản",
    "issuer.abbreviation": "Chữ viết tắt",
    "issuer.place": "Địa danh",
    "issuer.addressee": "Dòng Kính gửi của Tờ trình",
    "issuer.authority": "Thẩm quyền ban hành Quyết định",
    "issuer.signer_prefix": "Quyền hạn ký",
    "issuer.signer_title": "Chức vụ người ký",
    "issuer.signer_name": "Họ và tên người ký",
    "issuer.decision_symbol": "Ký hiệu Quyết định",
    "issuer.decision_number": "Số Quyết định",
    "issuer.decision_date": "Ngày ký Quyết định",
    "issuer.date_blank": "Để trống ngày cho văn thư điền",
    "office.name": "Tên cơ quan thường trực",
    "office.header_name": "Tên ở góc trái Tờ trình",
    "office.abbreviation": "Chữ viết tắt",
    "office.proposal_symbol": "Ký hiệu Tờ trình",
    "office.proposal_number": "Số Tờ trình",
    "office.proposal_date": "Ngày Tờ trình",
    "office.signer_prefix": "Quyền hạn ký Tờ trình",
    "office.signer_title": "Chức vụ người ký Tờ trình",
    "office.signer_name": "Họ và tên người ký Tờ trình",
    "quota.collectives": "Số tập thể tối đa",
    "quota.individuals": "Số cá nhân tối đa",
    "quota.allow_over": "Cho phép Hội đồng chọn vượt số lượng",
    "criteria.task_completion_min": "Tỷ lệ hoàn thành nhiệm vụ CCHC tối thiểu",
    "criteria.cchc_bands": "Các mức xếp loại CCHC theo điểm",
    "criteria.cchc_required": "Xếp loại CCHC tối thiểu",
    "criteria.discipline_max_ratio": "Tỷ lệ vi phạm kỷ luật tối đa",
    "criteria.directive_on_time_min": "Tỷ lệ văn bản đúng hạn tối thiểu (cá nhân)",
    "award.form": "Hình thức khen thưởng",
    "award.individual_coefficient": "Hệ số tiền thưởng cá nhân",
    "award.collective_coefficient": "Hệ số tiền thưởng tập thể",
    "award.rounding": "Làm tròn tiền thưởng",
    "award.base_salary": "Mức lương cơ sở (đồng)",
    "award.legal_basis": "Văn bản quy định mức thưởng",
    "award.funding": "Nguồn kinh phí",
    "documents.decision_bases": "Các dòng Căn cứ của Quyết định",
    "documents.decision_executors": "Điều 3: người thi hành Quyết định",
    "documents.decision_recipients": "Nơi nhận của Quyết định",
    "documents.proposal_recipients": "Nơi nhận của Tờ trình",
    "documents.history_db": "Tệp lịch sử kết quả",
    "council.name": "Tên Hội đồng",
    "council.quorum": "Số thành viên dự họp tối thiểu",
    "council.approval": "Tỷ lệ phiếu đồng ý cần đạt",
    "council.approval_of": "Tỷ lệ phiếu đồng ý tính trên",
    "council.publication_days": "Số ngày niêm yết công khai",
    "certificate.layout": "Kiểu in Giấy khen",
    "certificate.authority": "Dòng thẩm quyền trên Giấy khen",
    "certificate.register_format": "Mẫu số vào sổ",
    "certificate.register_start": "Số thứ tự đầu tiên trong sổ",
    "certificate.page": "Khổ giấy (rộng, cao; mm)",
    "certificate.emblem": "Ảnh quốc huy",
    "certificate.fields": "Vị trí các dòng chữ in trên phôi Giấy khen",
    "report.strengths": "Ưu điểm",
    "report.weaknesses": "Hạn chế, tồn tại và nguyên nhân",
    "report.next_year": "Phương hướng, nhiệm vụ năm sau",
    "dossier.required": "Giấy tờ đơn vị phải gửi",
    "dossier.policy": "Khi thiếu giấy tờ",
    "limits.max_file_mb": "Dung lượng tệp tối đa (MB)",
    "limits.max_unpacked_mb": "Dung lượng giải nén tối đa (MB)",
    "limits.max_rows": "Số dòng tối đa mỗi trang tính",
}

# Choices in words: per key first (the same code may mean different things), then shared.
CHOICE_WORDS = {
    "exclude": "Không xét hồ sơ gửi muộn", "warn": "Vẫn xét, có ghi chú", "tinh": "Cấp tỉnh", "huyen": "Cấp huyện",
    "xa": "Cấp xã", "ceil": "Làm tròn lên", "nearest": "Làm tròn gần nhất", "none": "Không làm tròn",
    "members": "Tất cả thành viên Hội đồng", "present": "Thành viên có mặt", "phoi": "In trên phôi có sẵn",
    "full": "In toàn bộ trên giấy trắng", "off": "Không xét", "left": "Trái", "center": "Giữa", "right": "Phải",
}
KEY_CHOICE_WORDS = {
    "dossier.policy": {"warn": "Chỉ báo thiếu", "exclude": "Thiếu thì không được xét",
                       "off": "Không xét giấy tờ kèm theo"},
}


def choice_word(name: str, code: str) -> str:
    """The words of a choice of the key `name` ("section.key"), or the code itself."""
    return KEY_CHOICE_WORDS.get(name, {}).get(code) or CHOICE_WORDS.get(code, code)


# Ratios the file holds as fractions (1 = 100%) and the form shows as percentages.
PERCENT_KEYS = frozenset({"criteria.task_completion_min", "criteria.discipline_max_ratio",
                          "criteria.directive_on_time_min"})

# Help texts in place of a description of config.py that speaks in codes.
HELPS = {
    "certificate.authority": "Dòng thẩm quyền trên Giấy khen; để trống: lấy dòng thẩm quyền của cơ quan khen thưởng",
    "certificate.register_format": "Số vào sổ: {n:03d} là số thứ tự ba chữ số (001, 002…), {year} là năm thi đua",
    "certificate.page": "Chiều rộng rồi chiều cao của tờ giấy, mỗi số một dòng (mm)",
    "issuer.addressee": "Dòng Kính gửi của Tờ trình; để trống: “Chủ tịch” và tên cơ quan khen thưởng",
    "issuer.decision_symbol": "Ký hiệu Quyết định; để trống: “QĐ-” và chữ viết tắt của cơ quan (QĐ-UBND)",
    "office.proposal_symbol": "Ký hiệu Tờ trình; để trống: “TTr-” và chữ viết tắt của cơ quan thường trực (TTr-PNV)",
    "council.name": "Tên Hội đồng; để trống: “Hội đồng Thi đua - Khen thưởng” và địa danh của cơ quan khen thưởng",
    "campaign.late_policy": "Hồ sơ gửi sau hạn: không được xét, hoặc vẫn xét và có ghi chú",
    "campaign.result_year": "Năm của kết quả chỉ số được so sánh; để trống: năm trước năm thi đua",
    "issuer.level": "Cấp của cơ quan khen thưởng",
    "issuer.header_name": "Tên cơ quan ở góc trái văn bản; mỗi dòng trong ô là một dòng trên văn bản",
    "issuer.date_blank": "Có: để trống ngày trên Quyết định cho văn thư điền",
    "office.header_name": "Tên ở góc trái Tờ trình; mỗi dòng trong ô là một dòng trên văn bản",
    "office.proposal_date": "Ngày Tờ trình; để trống: lấy hạn thẩm định, trình khen thưởng",
    "criteria.task_completion_min": "Tỷ lệ nhiệm vụ CCHC hoàn thành tối thiểu, tính theo phần trăm",
    "criteria.discipline_max_ratio": "Tỷ lệ vi phạm tối đa, tính theo phần trăm (bằng vẫn đạt)",
    "criteria.directive_on_time_min": "Tỷ lệ văn bản đúng hạn tối thiểu, tính theo phần trăm",
    "council.quorum": "Số thành viên dự họp so với tổng số thành viên, ví dụ >=2/3 (từ hai phần ba trở lên), >50%",
    "council.approval": "Số phiếu đồng ý để được đề nghị, ví dụ >1/2 (trên một nửa), >=70%",
    "council.approval_of": "Tỷ lệ phiếu đồng ý tính trên tổng số thành viên Hội đồng hoặc trên số thành viên dự họp",
    "certificate.layout": "In chữ lên phôi Giấy khen có sẵn, hoặc in cả Giấy khen trên giấy trắng",
    "certificate.emblem": "Ảnh quốc huy trong thư mục làm việc (khi in toàn bộ trên giấy trắng)",
    "dossier.required": "Mỗi dòng một loại: to_trinh (Tờ trình), bien_ban (Biên bản), "
                        "bao_cao_thanh_tich (Báo cáo thành tích)",
    "dossier.policy": "Khi đơn vị thiếu giấy tờ: chỉ báo thiếu, không được xét, hoặc không xét giấy tờ kèm theo",
}
