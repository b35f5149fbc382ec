"""One unit workbook → InputFile: values read exactly, every SPEC §5 rule, bad input (SPEC §8)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.builders import (
    NOMINEE_HEADERS,
    default_components,
    default_info,
    default_nominees,
    write_registry_file,
    write_unit_workbook,
)
from thidua_reports.config import Settings
from thidua_reports.intake.ingest import read_workbook
from thidua_reports.intake.legacy_text import to_legacy
from thidua_reports.intake.registry import load_registry
from thidua_reports.models import InputFile, Registry

FIX = "hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi gửi lại"
PASSWORD = ("Tệp được đặt mật khẩu nên không đọc được; hãy gỡ mật khẩu (Excel: Tệp > Thông tin > Bảo vệ sổ "
            "làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu; LibreOffice Calc: Tệp > Lưu thành, bỏ chọn Lưu "
            "với mật khẩu) rồi gửi lại")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return load_registry(write_registry_file(tmp_path / "danh_muc.xlsx"))[0]


def ingest(tmp_path: Path, settings: Settings, registry: Registry, name: str = "pnv.xlsx", **kw: Any) -> InputFile:
    path = write_unit_workbook(tmp_path / "inbox" / name, **kw)
    return read_workbook(path, f"inbox/{name}", settings, registry)


def problems(record: InputFile) -> list[tuple[str, str | None, str | None, str]]:
    return [(p.severity, p.sheet, p.cell, p.message) for p in record.problems]


def info(**changes: Any) -> dict[str, Any]:
    data = default_info()
    for label, value in changes.items():
        key = next(k for k in data if k.replace(" ", "_").replace("(", "").replace(")", "") == label)
        data[key] = value
    return data


def test_valid_workbook(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    record = ingest(tmp_path, demo_settings, registry)
    assert problems(record) == []
    assert (record.status, record.unit_code, record.late, record.path) == ("accepted", "PNV", False, "inbox/pnv.xlsx")
    assert len(record.sha256) == 64 and record.size > 0 and record.mtime > 0
    sub = record.submission
    assert sub is not None
    assert (sub.unit_code, sub.unit_name, sub.year, sub.staffing, sub.self_score) == (
        "PNV", "Phòng Nội vụ", 2021, 12, Decimal("86.5"))
    assert (sub.tasks_assigned, sub.tasks_done, sub.no_badge, sub.late_hours, sub.violators) == (10, 10, 1, 1, 1)
    assert (sub.request_collective, sub.preparer, sub.submitted_on) == (True, "Trần Văn Bình", date(2021, 11, 25))
    assert sub.dossier == {"Đã có Tờ trình": True, "Biên bản họp Hội đồng": True, "Báo cáo thành tích": True}
    assert [(c.code, c.max_points, c.prior_score, c.current_score, c.row) for c in sub.components] == [
        ("PAR-01", Decimal(10), Decimal(8), Decimal("9.25"), 2), ("PCI-02", Decimal(10), Decimal("6.3"), Decimal("7.1"), 3)]
    hoa, nam = sub.nominees
    assert (hoa.row, hoa.name, hoa.position, hoa.level, hoa.cchc_done, hoa.violation, hoa.docs_assigned,
            hoa.docs_on_time, hoa.priority, hoa.stt, hoa.gender, hoa.achievements) == (
        2, "Nguyễn Thị Hoa", "Chuyên viên", "Hoàn thành xuất sắc nhiệm vụ", True, False, 5, 5, 1, "1", "Nữ", "Tham mưu tốt")
    assert (nam.level, nam.cchc_done, nam.violation, nam.docs_assigned, nam.docs_on_time) == (
        "Hoàn thành tốt nhiệm vụ", True, False, 0, 0)
    assert sub.achievements == {"tap_the": "Đơn vị dẫn đầu", "cchc": "Hoàn thành 10/10 nhiệm vụ", "sang_kien": "Mô hình một cửa"}


LAYOUTS = [
    {"label_col": 3},
    {"title_rows": 4},
    {"column_order": list(reversed(NOMINEE_HEADERS))},
    {"extra_columns": True, "extra_sheet": True},
    {"sheet_names": {"ThongTin": "Thông tin", "CaNhan": "Ca nhan"}},
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_variant_layouts_read_the_same(tmp_path: Path, demo_settings: Settings, registry: Registry, layout: dict) -> None:
    base = ingest(tmp_path, demo_settings, registry, "a.xlsx").submission
    record = ingest(tmp_path, demo_settings, registry, "b.xlsx", **layout)
    assert problems(record) == []
    sub = record.submission
    assert sub is not None and base is not None
    for c in sub.components + base.components:
        c.row = 0
    for n in sub.nominees + base.nominees:
        n.row = 0
    assert sub == base


@pytest.mark.parametrize(
    ("changes", "cell", "message"),
    [
        ({"Tổng_số_biên_chế": "năm"}, "B4", 'Ô B4 (Tổng số biên chế): "năm" không phải là số; hãy nhập số nguyên, ví dụ 12'),
        ({"Tổng_số_biên_chế": 12.5}, "B4", "Ô B4 (Tổng số biên chế): 12,5 không phải là số nguyên; hãy nhập số nguyên, ví dụ 12"),
        ({"Tổng_số_biên_chế": 0}, "B4", "Ô B4 (Tổng số biên chế): 0 không hợp lệ; hãy nhập số nguyên từ 1 trở lên"),
        ({"Tổng_số_biên_chế": None}, "B4", "Ô B4 (Tổng số biên chế): chưa nhập; hãy nhập số nguyên, ví dụ 12"),
        ({"Điểm_tự_đánh_giá_CCHC": "100,5"}, "B5",
         'Ô B5 (Điểm tự đánh giá CCHC): "100,5" nằm ngoài khoảng 0–100; hãy nhập điểm từ 0 đến 100'),
        ({"Số_nhiệm_vụ_CCHC_đã_hoàn_thành": 11}, "B7",
         "Ô B7 (Số nhiệm vụ CCHC đã hoàn thành): 11 lớn hơn số nhiệm vụ được giao (10); hãy nhập số không vượt quá 10"),
        ({"Số_nhiệm_vụ_CCHC_được_giao": 0}, "B6",
         "Ô B6 (Số nhiệm vụ CCHC được giao): 0 không hợp lệ; hãy nhập số nguyên từ 1 trở lên"),
        ({"Số_CBCCVC_không_đeo_thẻ": -1}, "B8", "Ô B8 (Số CBCCVC không đeo thẻ): -1 không hợp lệ; hãy nhập số nguyên từ 0 trở lên"),
        ({"Tổng_số_CBCCVC_vi_phạm_không_trùng_lặp": 3}, "B10",
         "Ô B10 (Tổng số CBCCVC vi phạm): 3 không khớp: phải từ 1 (số lớn hơn của hai loại vi phạm) đến 2 (tổng hai loại); "
         "hãy đếm lại số người vi phạm, mỗi người tính một lần"),
        ({"Đề_nghị_khen_thưởng_tập_thể": "Đồng ý"}, "B11",
         'Ô B11 (Đề nghị khen thưởng tập thể): "Đồng ý" không phải Có hoặc Không; hãy chọn Có hoặc Không (gõ x cũng là Có)'),
        ({"Năm_thi_đua": 2020}, "B3", "Ô B3 (Năm thi đua): năm 2020 khác năm thi đua 2021; hãy dùng phiếu của năm 2021 và nhập 2021"),
        ({"Ngày_gửi": "30/2/2021"}, "B13", 'Ô B13 (Ngày gửi): "30/2/2021" không phải là ngày có thật; '
         "hãy nhập ngày dạng ngày/tháng/năm, ví dụ 25/11/2021"),
        ({"Ngày_gửi": "ngày 25 tháng 11"}, "B13", 'Ô B13 (Ngày gửi): "ngày 25 tháng 11" không phải là ngày; '
         "hãy nhập ngày dạng ngày/tháng/năm, ví dụ 25/11/2021"),
        ({"Ngày_gửi": None}, "B13", "Ô B13 (Ngày gửi): chưa nhập; hãy nhập ngày gửi dạng ngày/tháng/năm, ví dụ 25/11/2021"),
        ({"Tổng_số_biên_chế": "=10+2"}, "B4", "Ô B4 (Tổng số biên chế): ô chứa công thức nhưng chưa có giá trị tính sẵn; "
         "hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại, hoặc gõ thẳng giá trị vào ô"),
    ],
)  # fmt: skip
def test_info_errors(tmp_path: Path, demo_settings: Settings, registry: Registry, changes: dict, cell: str, message: str) -> None:
    record = ingest(tmp_path, demo_settings, registry, info=info(**changes))
    assert problems(record) == [("error", "ThongTin", cell, message)]
    assert record.status == "rejected"
    assert record.submission is not None and record.submission.unit_code == "PNV"


def test_violators_above_registry_staffing(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    data = info(Tổng_số_biên_chế=20, Số_CBCCVC_không_đeo_thẻ=13, Số_CBCCVC_không_chấp_hành_giờ_giấc=0,
                Tổng_số_CBCCVC_vi_phạm_không_trùng_lặp=13)
    assert problems(ingest(tmp_path, demo_settings, registry, info=data)) == [
        ("warning", "ThongTin", "B4", "Ô B4 (Tổng số biên chế): 20 khác số biên chế trong danh mục (12); "
         "số của danh mục được dùng để tính tỷ lệ vi phạm, hãy kiểm tra lại"),
        ("error", "ThongTin", "B10", "Ô B10 (Tổng số CBCCVC vi phạm): 13 lớn hơn số biên chế trong danh mục (12); "
         "hãy kiểm tra lại, số người vi phạm không vượt quá 12")]


@pytest.mark.parametrize("value", ["25/11/2021", "25-11-2021", "2021-11-25", 44525, date(2021, 11, 25)])
def test_date_formats(tmp_path: Path, demo_settings: Settings, registry: Registry, value: Any) -> None:
    record = ingest(tmp_path, demo_settings, registry, info=info(Ngày_gửi=value))
    assert record.submission is not None and record.submission.submitted_on == date(2021, 11, 25)
    assert record.status == "accepted"


def test_late_file(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    on_deadline = ingest(tmp_path, demo_settings, registry, "a.xlsx", info=info(Ngày_gửi="30/11/2021"))
    assert (on_deadline.late, on_deadline.problems) == (False, [])
    record = ingest(tmp_path, demo_settings, registry, "b.xlsx", info=info(Ngày_gửi="01/12/2021"))
    assert (record.status, record.late) == ("accepted", True)
    assert problems(record) == [("warning", "ThongTin", "B13", "Ô B13 (Ngày gửi): hồ sơ gửi ngày 01/12/2021, sau hạn "
                                 "30/11/2021; hồ sơ gửi muộn được xử lý theo quy định của Kế hoạch")]


def test_unknown_unit(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    record = ingest(tmp_path, demo_settings, registry, info=info(Mã_đơn_vị="PNV2"))
    assert (record.status, record.unit_code) == ("rejected", None)
    assert record.submission is not None and record.submission.unit_code == "PNV2"
    assert problems(record) == [("error", "ThongTin", "B1", 'Ô B1 (Mã đơn vị): mã "PNV2" không có trong danh mục đơn vị; '
                                 "hãy nhập đúng mã do Phòng Nội vụ cấp (in sẵn trên phiếu mẫu của đơn vị)")]


def test_unit_code_case_and_number(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    record = ingest(tmp_path, demo_settings, registry, info=info(Mã_đơn_vị=" pnv "))
    assert (record.status, record.unit_code) == ("accepted", "PNV")


def test_warnings_do_not_reject(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    nominees = default_nominees()
    nominees[1]["Thứ tự đề nghị"] = 1
    nominees[1]["Tóm tắt thành tích"] = None
    record = ingest(tmp_path, demo_settings, registry, info=info(Tên_đơn_vị="Phòng Nội Vụ huyện", Báo_cáo_thành_tích="Không"),
                    nominees=nominees)
    assert record.status == "accepted"
    assert problems(record) == [
        ("warning", "ThongTin", "B2", 'Ô B2 (Tên đơn vị): "Phòng Nội Vụ huyện" khác tên trong danh mục "Phòng Nội vụ"; '
         "hãy kiểm tra lại mã đơn vị (tên trong danh mục được dùng)"),
        ("warning", "ThongTin", "B16", "Ô B16 (Báo cáo thành tích): hồ sơ đề nghị khen thưởng chưa đủ theo mục III.2 của "
         'Kế hoạch; hãy bổ sung "Báo cáo thành tích" và gửi kèm'),
        ("warning", "CaNhan", "J3", "Ô J3 (Thứ tự đề nghị): thứ tự 1 đã dùng ở ô J2; người ở dòng trên được xếp trước, "
         "hãy sửa nếu muốn thứ tự khác"),
        ("warning", "CaNhan", "K3", 'Ô K3 (Tóm tắt thành tích): chưa có tóm tắt thành tích của "Lê Văn Nam"; hãy ghi tóm '
         "tắt để đưa vào Bản tóm tắt thành tích"),
    ]
    assert record.submission is not None and record.submission.dossier["Báo cáo thành tích"] is False
    assert [n.priority for n in record.submission.nominees] == [1, 1]


def test_dossier_labels_with_or_without_da_co(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    data = default_info()
    del data["Đã có Tờ trình"], data["Biên bản họp Hội đồng"]
    data["Tờ trình"] = "Có"
    data["Đã có Biên bản họp Hội đồng"] = "Không"
    record = ingest(tmp_path, demo_settings, registry, info=data)
    assert record.submission is not None
    assert record.submission.dossier == {"Đã có Tờ trình": True, "Biên bản họp Hội đồng": False, "Báo cáo thành tích": True}
    assert [p.cell for p in record.problems] == ["B16"]


def test_nominee_errors(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    nominees = default_nominees() + [dict(default_nominees()[0], STT=3), {"STT": 4}, {"STT": 5, "Chức vụ": "Văn thư"}]
    nominees[2]["Họ và tên"] = "nguyễn  thị hoa"
    nominees[1]["Chức vụ"] = None
    nominees[1]["Mức độ hoàn thành nhiệm vụ"] = "Khá"
    nominees[0]["Số văn bản hoàn thành đúng hạn"] = 6
    record = ingest(tmp_path, demo_settings, registry, nominees=nominees)
    assert record.status == "rejected"
    assert problems(record) == [
        ("error", "CaNhan", "H2", "Ô H2 (Số văn bản hoàn thành đúng hạn): 6 lớn hơn số văn bản được giao tham mưu (5); "
         "hãy nhập số không vượt quá 5"),
        ("error", "CaNhan", "D3", "Ô D3 (Chức vụ): chưa nhập; hãy nhập chức vụ, ví dụ Chuyên viên"),
        ("error", "CaNhan", "E3", '"Khá" không phải là mức hoàn thành nhiệm vụ; hãy chọn một trong: Hoàn thành xuất sắc '
         "nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ".join(["Ô E3 (Mức độ hoàn thành nhiệm vụ): ", ""])),
        ("warning", "CaNhan", "J4", "Ô J4 (Thứ tự đề nghị): thứ tự 1 đã dùng ở ô J2; người ở dòng trên được xếp trước, "
         "hãy sửa nếu muốn thứ tự khác"),
        ("error", "CaNhan", "B4", 'Ô B4 (Họ và tên): "nguyễn thị hoa" đã có ở ô B2; mỗi người chỉ được đề nghị một lần, '
         "hãy xóa dòng trùng"),
        ("error", "CaNhan", "B6", "Ô B6 (Họ và tên): dòng có dữ liệu nhưng thiếu họ và tên; hãy nhập họ và tên hoặc xóa cả dòng"),
    ]
    assert [n.name for n in record.submission.nominees] == []  # type: ignore[union-attr]


def test_component_rules(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    components = default_components()
    components[0]["Điểm năm nay"] = 10.5
    components[1]["Mã chỉ số"] = "PCI-09"
    record = ingest(tmp_path, demo_settings, registry, components=components)
    assert problems(record) == [
        ("error", "ChiSo", "F2", "Ô F2 (Điểm năm nay): 10,5 nằm ngoài khoảng cho phép; hãy nhập điểm từ 0 đến 10"),
        ("warning", "ChiSo", "B3", 'Ô B3 (Mã chỉ số): chỉ số "PCI-09" không được giao cho đơn vị trong danh mục nên không '
         "được xét; hãy kiểm tra lại mã chỉ số hoặc xóa dòng này"),
        ("error", "ChiSo", None, 'Thiếu dòng chỉ số "PCI-02" (Tiếp cận đất đai) được giao cho đơn vị; hãy thêm dòng có '
         "Mã chỉ số PCI-02 và nhập Điểm năm nay"),
    ]


def test_component_score_required_and_official_differs(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    data = info(Mã_đơn_vị="TCKH", Tên_đơn_vị="Phòng Tài chính - Kế hoạch", Số_CBCCVC_không_đeo_thẻ=0,
                Tổng_số_CBCCVC_vi_phạm_không_trùng_lặp=1, Tổng_số_biên_chế=9)
    components = [default_components()[1]]
    record = ingest(tmp_path, demo_settings, registry, info=data, components=components)
    assert problems(record) == [("warning", "ChiSo", "F2", "Ô F2 (Điểm năm nay): khác điểm chính thức trong danh mục (7); "
                                 "điểm của danh mục được dùng, hãy kiểm tra lại")]
    components[0]["Điểm năm nay"] = None
    record = ingest(tmp_path, demo_settings, registry, "b.xlsx", info=data, components=components)
    assert problems(record) == [("error", "ChiSo", "F2", "Ô F2 (Điểm năm nay): chưa nhập; hãy nhập điểm từ 0 đến 10")]


def test_missing_sheet_label_header(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    data = default_info()
    del data["Ngày gửi"]
    record = ingest(tmp_path, demo_settings, registry, info=data, omit_sheets=["CaNhan", "ThanhTich"],
                    components=[{"Mã chỉ số": "PAR-01"}], column_order=["Mã chỉ số"])
    assert problems(record) == [
        ("error", None, None, 'Thiếu trang tính "CaNhan"; hãy dùng đúng mẫu phiếu (giữ nguyên tên các trang) hoặc thêm '
         "trang này"),
        ("warning", None, None, 'Thiếu trang tính "ThanhTich" (thành tích của tập thể); hồ sơ vẫn được xét nhưng Bản '
         "tóm tắt thành tích sẽ thiếu phần này; hãy thêm trang theo mẫu"),
        ("error", "ThongTin", None, 'Trang ThongTin thiếu dòng "Ngày gửi"; hãy thêm nhãn "Ngày gửi" vào một ô và nhập '
         "giá trị vào ô ngay bên phải"),
        ("error", "ChiSo", "F2", "Ô F2 (Điểm năm nay): chưa nhập; hãy nhập điểm từ 0 đến 10"),
        ("error", "ChiSo", None, 'Thiếu dòng chỉ số "PCI-02" (Tiếp cận đất đai) được giao cho đơn vị; hãy thêm dòng có '
         "Mã chỉ số PCI-02 và nhập Điểm năm nay"),
    ]
    path = write_unit_workbook(tmp_path / "c.xlsx", sheet_names={"ChiSo": "ChiSo"}, column_order=["Mã chỉ số"])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["ChiSo"]["F1"] = "Điểm"
    wb.save(path)
    record = read_workbook(path, "inbox/c.xlsx", demo_settings, registry)
    assert problems(record) == [("error", "ChiSo", None, 'Trang ChiSo không có dòng tiêu đề với các cột "Mã chỉ số", '
                                 '"Điểm năm nay" trong 10 dòng đầu; hãy dùng đúng mẫu phiếu và giữ nguyên tiêu đề các cột')]


def test_decomposed_unicode_is_normalised_silently(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    nominees = default_nominees()
    nominees[0]["Họ và tên"] = nfd("Nguyễn Thị Hoa")
    nominees[0]["Mức độ hoàn thành nhiệm vụ"] = nfd("Hoàn thành xuất sắc nhiệm vụ")
    data = {nfd(k): (nfd(v) if isinstance(v, str) else v) for k, v in default_info().items()}
    record = ingest(tmp_path, demo_settings, registry, info=data, nominees=nominees)
    assert problems(record) == []
    sub = record.submission
    assert sub is not None
    assert sub.unit_name == "Phòng Nội vụ" and sub.nominees[0].name == "Nguyễn Thị Hoa"
    assert sub.nominees[0].level == "Hoàn thành xuất sắc nhiệm vụ"


@pytest.mark.parametrize(("encoding", "font"), [("tcvn3", "TCVN3 (phông .VnTime)"), ("vni", "VNI (phông VNI-Times)")])
def test_legacy_text_converted_with_warning(tmp_path: Path, demo_settings: Settings, registry: Registry,
                                            encoding: str, font: str) -> None:
    record = ingest(tmp_path, demo_settings, registry, legacy={"CaNhan": encoding})
    assert record.status == "accepted"
    sub = record.submission
    assert sub is not None
    assert [(n.name, n.position, n.level, n.achievements) for n in sub.nominees] == [
        ("Nguyễn Thị Hoa", "Chuyên viên", "Hoàn thành xuất sắc nhiệm vụ", "Tham mưu tốt"),
        ("Lê Văn Nam", "Phó Trưởng phòng", "Hoàn thành tốt nhiệm vụ", "Chỉ đạo sát sao")]
    cells = {"tcvn3": "B2, C2, D2, E2, F2, I2, K2, B3, D3, E3 và 2 ô khác", "vni": "B2, C2, D2, E2, F2, I2, K2, B3, D3, E3 và 2 ô khác"}
    assert problems(record) == [("warning", "CaNhan", None, f"Các ô {cells[encoding]} của trang CaNhan được gõ bằng bảng mã "
                                 f"{font}; đã tự chuyển sang Unicode; hãy kiểm tra lại nội dung và lần sau gõ bằng "
                                 "Unicode (phông Times New Roman)")]


def test_legacy_text_without_legacy_font_is_guessed(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    data = info(Người_lập_biểu=to_legacy("Trần Văn Bình", "tcvn3"), Tên_đơn_vị=to_legacy("Phòng Nội vụ", "vni"))
    record = ingest(tmp_path, demo_settings, registry, info=data)
    sub = record.submission
    assert sub is not None and (sub.preparer, sub.unit_name) == ("Trần Văn Bình", "Phòng Nội vụ")
    assert problems(record) == [
        ("warning", "ThongTin", None, "Các ô B2 của trang ThongTin được gõ bằng bảng mã VNI (phông VNI-Times); đã tự "
         "chuyển sang Unicode; hãy kiểm tra lại nội dung và lần sau gõ bằng Unicode (phông Times New Roman)"),
        ("warning", "ThongTin", None, "Các ô B12 của trang ThongTin được gõ bằng bảng mã TCVN3 (phông .VnTime); đã tự "
         "chuyển sang Unicode; hãy kiểm tra lại nội dung và lần sau gõ bằng Unicode (phông Times New Roman)"),
    ]


def test_xlsm_is_read(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    path = write_unit_workbook(tmp_path / "pnv.xlsx").rename(tmp_path / "pnv.xlsm")
    record = read_workbook(path, "inbox/pnv.xlsm", demo_settings, registry)
    assert (record.status, record.unit_code, record.problems) == ("accepted", "PNV", [])


def _bad(tmp_path: Path, settings: Settings, registry: Registry, name: str, content: bytes) -> InputFile:
    path = tmp_path / name
    path.write_bytes(content)
    return read_workbook(path, f"inbox/{name}", settings, registry)


def _file_error(record: InputFile) -> list[tuple[str, str | None, str | None, str]]:
    assert (record.status, record.submission, record.unit_code) == ("rejected", None, None)
    return problems(record)


def test_bad_files(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    s, r = demo_settings, registry
    assert _file_error(_bad(tmp_path, s, r, "text.xlsx", b"Ma don vi;PNV\n")) == [
        ("error", None, None, f"Tệp không phải là bảng tính (nội dung không đúng định dạng .xlsx); {FIX}")]
    good = write_unit_workbook(tmp_path / "good.xlsx").read_bytes()
    assert _file_error(_bad(tmp_path, s, r, "cut.xlsx", good[: len(good) // 2])) == [
        ("error", None, None, f"Tệp bị hỏng (không giải nén được); {FIX}")]
    assert _file_error(_bad(tmp_path, s, r, "empty.xlsx", b"")) == [
        ("error", None, None, "Tệp rỗng (0 byte); hãy lưu lại bảng tính rồi gửi lại")]
    assert _file_error(_bad(tmp_path, s, r, "junk.xls", b"\x00\x01garbage" * 50)) == [
        ("error", None, None, f"Tệp không đọc được như một bảng tính; {FIX}")]
    assert _file_error(_bad(tmp_path, s, r, "junk.ods", b"PK\x03\x04garbage")) == [
        ("error", None, None, f"Tệp bị hỏng (không giải nén được); {FIX}")]


def _cfb(streams: list[str]) -> bytes:
    """A minimal OLE2/CFB container whose directory names the given streams."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in ["Root Entry", *streams])
    return bytes(header) + directory.ljust(512 * 2, b"\x00")


def test_password_protected(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    record = _bad(tmp_path, demo_settings, registry, "pass.xlsx", _cfb(["EncryptionInfo", "EncryptedPackage"]))
    assert _file_error(record) == [("error", None, None, PASSWORD)]
    record = _bad(tmp_path, demo_settings, registry, "old.xlsx", _cfb(["Workbook"]))
    assert _file_error(record) == [("error", None, None, f"Tệp có đuôi .xlsx nhưng thực chất là định dạng Excel cũ (.xls); {FIX}")]


@pytest.mark.parametrize("name", ["unit_password.xls", "unit_password.ods"])
def test_password_set_in_libreoffice(name: str, tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    # saved by LibreOffice Calc with "Lưu với mật khẩu" (tests/fixtures/make_password_fixtures.py)
    data = (Path(__file__).resolve().parents[1] / "fixtures" / name).read_bytes()
    record = _bad(tmp_path, demo_settings, registry, name, data)
    assert record.status == "rejected"
    assert _file_error(record) == [("error", None, None, PASSWORD)]


def test_limits(tmp_path: Path, demo_settings: Settings, registry: Registry) -> None:
    path = write_unit_workbook(tmp_path / "pnv.xlsx")
    demo_settings.limits.max_rows = 10
    record = read_workbook(path, "inbox/pnv.xlsx", demo_settings, registry)
    assert record.status == "rejected"
    assert problems(record)[0] == ("error", "ThongTin", None, 'Trang tính "ThongTin" có 16 dòng, vượt giới hạn 10 dòng; '
                                   "hãy xóa các dòng thừa rồi gửi lại")
    demo_settings.limits.max_rows = 5000
    demo_settings.limits.max_file_mb = 0.005
    record = read_workbook(path, "inbox/pnv.xlsx", demo_settings, registry)
    assert record.size > 0.005 * 1048576
    assert [p.message.split("(")[0] + p.message.split(")")[1] for p in record.problems] == [
        "Tệp quá lớn ; hãy xóa các trang tính, hình ảnh không cần thiết rồi gửi lại"]
    demo_settings.limits.max_file_mb = 20
    demo_settings.limits.max_unpacked_mb = 0.01
    record = read_workbook(path, "inbox/pnv.xlsx", demo_settings, registry)
    assert [p.message.split(" (")[0] for p in record.problems] == ["Tệp khi giải nén quá lớn"]
    assert record.submission is None


@pytest.mark.parametrize("name", ["unit_calc.xlsx", "unit_calc.xls", "unit_calc.ods"])
def test_libreoffice_saved_fixtures(demo_settings: Settings, registry: Registry, name: str) -> None:
    record = read_workbook(FIXTURES / name, f"inbox/{name}", demo_settings, registry)
    assert problems(record) == []
    sub = record.submission
    assert sub is not None
    assert (record.status, sub.unit_code, sub.self_score, sub.submitted_on) == (
        "accepted", "PNV", Decimal("86.5"), date(2021, 11, 25))
    assert sub.violators == 1  # a formula, calculated and cached by Calc
    assert [(c.code, c.prior_score, c.current_score) for c in sub.components] == [
        ("PAR-01", Decimal(8), Decimal("9.25")), ("PCI-02", Decimal("6.3"), Decimal("7.1"))]
    assert [(n.name, n.level, n.docs_assigned) for n in sub.nominees] == [
        ("Nguyễn Thị Hoa", "Hoàn thành xuất sắc nhiệm vụ", 5), ("Lê Văn Nam", "Hoàn thành tốt nhiệm vụ", 0)]
