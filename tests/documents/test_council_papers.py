"""The council's papers (SPEC §10): Thông báo công khai, Phiếu biểu quyết, Biên bản họp Hội đồng
(filled after the vote, a blank form before it), and the Tờ trình once the council has voted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document

from tests.doc_factories import campaign_result, docx_text, settings
from thidua_reports.documents.catalog import CONTEXT_KEYS, build_contexts
from thidua_reports.documents.votes import vote_share
from thidua_reports.outputs.write import render_documents
from thidua_reports.vietnamese import threshold_words

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
NOTICE, BALLOT, MINUTES = "thong_bao_cong_khai.docx", "phieu_bieu_quyet.docx", "bien_ban_hoi_dong.docx"
BALLOT_UNITS = [["1", "Phòng Nội vụ"], ["2", "Phòng Tài chính - Kế hoạch"]]
BALLOT_PEOPLE = [
    ["1", "Nguyễn Thị Hoa", "Chuyên viên", "Phòng Nội vụ"],
    ["2", "Trần Văn Bình", "Phó Trưởng phòng", "Phòng Tài chính - Kế hoạch"],
    ["3", "Lê Thị Ánh", "Công chức Văn phòng - Thống kê", "UBND xã Phước Hậu"],
]


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents before the meeting (no council sheets)."""
    target = tmp_path_factory.mktemp("before")
    render_documents(campaign_result(), settings(), None, target)
    return target


@pytest.fixture(scope="module")
def voted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents after the vote: 9 members, 7 present, Lê Thị Ánh fails with 4/9."""
    target = tmp_path_factory.mktemp("voted")
    render_documents(campaign_result(council=True), settings(), None, target)
    return target


def _rows(path: Path, index: int) -> list[list[str]]:
    """A table's rows, each cell's text (merged cells once)."""
    table = Document(str(path)).tables[index]
    rows = []
    for row in table.rows:
        cells = [c.text for c in row.cells]
        rows.append([cells[0]] if len(set(cells)) == 1 and len(cells) > 1 else cells)
    return rows


def _lines(path: Path) -> list[str]:
    return docx_text(path).splitlines()


# --- Thông báo công khai ---------------------------------------------------------------------

def test_notice_lists_the_ballot_and_the_publication(before: Path) -> None:
    path = before / NOTICE
    lines = _lines(path)
    assert "Số:      /TB-PNV | Ninh Phước, ngày      tháng 12 năm 2021" in lines
    assert lines[lines.index("THÔNG BÁO") + 1] == (
        "Công khai danh sách tập thể, cá nhân đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân "
        "huyện Ninh Phước trong phong trào thi đua cải cách hành chính huyện Ninh Phước năm 2021")
    assert lines.index("I. TẬP THỂ") < lines.index("II. CÁ NHÂN")
    assert _rows(path, 1) == [["STT", "Tên tập thể"], *BALLOT_UNITS]
    assert _rows(path, 2) == [["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác"], *BALLOT_PEOPLE]
    assert ("Danh sách trên được niêm yết công khai trong thời gian 5 ngày kể từ ngày ký Thông báo "
            "này tại trụ sở Phòng Nội vụ và trên Trang thông tin điện tử của Ủy ban nhân dân huyện "
            "Ninh Phước.") in lines
    comments = next(line for line in lines if line.startswith("Ý kiến phản ánh"))
    assert "gửi bằng văn bản về Phòng Nội vụ (cơ quan thường trực của Hội đồng Thi đua - Khen " \
           "thưởng huyện Ninh Phước)" in comments and comments.endswith("./.")
    sign = _rows(path, 3)[0]
    assert sign[0].splitlines() == ["Nơi nhận:", "- Các cơ quan, đơn vị tham gia phong trào;",
                                    "- Thành viên Hội đồng Thi đua - Khen thưởng huyện Ninh Phước;",
                                    "- Lưu: VT, PNV."]
    assert [t for t in sign[1].splitlines() if t] == ["TRƯỞNG PHÒNG", "Nguyễn Văn A"]


def test_notice_is_written_from_the_proposal_before_the_vote(voted: Path) -> None:
    # Lê Thị Ánh failed the vote but was on the list posted before it
    assert _rows(voted / NOTICE, 2)[1:] == BALLOT_PEOPLE


def test_notice_publication_days_from_the_settings() -> None:
    s = settings()
    s.council.publication_days = 7
    context = next(c for t, _r, c in build_contexts(campaign_result(), s) if t == NOTICE)
    assert "niêm yết công khai trong thời gian 7 ngày kể từ" in context["publication"]


def test_ballot_list_is_proposed_minus_removed_plus_chosen() -> None:
    result = campaign_result()
    added = result.units[2]  # UBND xã Phước Hậu, chosen by the council (Chọn) after the two
    added.ballot_number, result.units[0].ballot_number = 2, None  # Phòng Nội vụ removed (Loại)
    result.units[1].ballot_number = 1
    context = next(c for t, _r, c in build_contexts(result, settings()) if t == BALLOT)
    assert context["collectives"] == [{"stt": "1", "name": "Phòng Tài chính - Kế hoạch"},
                                      {"stt": "2", "name": "UBND xã Phước Hậu"}]


# --- Phiếu biểu quyết --------------------------------------------------------------------------

def test_ballot_has_title_instruction_and_empty_boxes(before: Path) -> None:
    path = before / BALLOT
    lines = _lines(path)
    header = _rows(path, 0)[0]
    assert header[0].splitlines() == ["UBND HUYỆN NINH PHƯỚC", "HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG"]
    assert lines[lines.index("PHIẾU BIỂU QUYẾT") + 1] == (
        "Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Ninh Phước trong phong trào thi "
        "đua cải cách hành chính huyện Ninh Phước năm 2021")
    assert any(line.startswith("Hướng dẫn: Đánh dấu X vào ô Đồng ý hoặc Không đồng ý") for line in lines)
    units = Document(str(path)).tables[1]
    people = Document(str(path)).tables[2]
    assert [c.text for c in units.rows[0].cells] == ["STT", "Tên tập thể", "Đồng ý", "Không đồng ý"]
    assert [[c.text for c in r.cells] for r in units.rows[1:]] == [[*u, "", ""] for u in BALLOT_UNITS]
    assert [c.text for c in people.rows[0].cells] == [
        "STT", "Họ và tên, chức vụ, đơn vị công tác", "Đồng ý", "Không đồng ý"]
    assert [[c.text for c in r.cells] for r in people.rows[1:]] == [
        [n, f"{name}, {pos}, {unit}", "", ""] for n, name, pos, unit in BALLOT_PEOPLE]
    assert len(Document(str(path)).sections) == 1


# --- Biên bản ------------------------------------------------------------------------------------

def test_minutes_after_the_vote(voted: Path) -> None:
    path = voted / MINUTES
    lines = _lines(path)
    assert "Số:      /BB-HĐTĐKT | Ninh Phước, ngày 08 tháng 12 năm 2021" in lines
    assert lines[lines.index("BIÊN BẢN") + 1] == (
        "Họp Hội đồng Thi đua - Khen thưởng huyện Ninh Phước xét tặng Giấy khen trong phong trào "
        "thi đua cải cách hành chính huyện Ninh Phước năm 2021")
    assert "Thời gian bắt đầu: 08 giờ 00 phút, ngày 08 tháng 12 năm 2021." in lines
    assert "Địa điểm: Hội trường Ủy ban nhân dân huyện Ninh Phước." in lines
    i = lines.index("Thành phần tham dự: có mặt 7/9 thành viên Hội đồng, gồm:")
    assert lines[i + 1: i + 8] == [
        "- Phan Văn Minh, Phó Chủ tịch UBND huyện, Chủ tịch Hội đồng;",
        "- Nguyễn Văn A, Trưởng phòng Nội vụ, Phó Chủ tịch Hội đồng;",
        "- Đặng Thị Thu, Chuyên viên Phòng Nội vụ, Ủy viên thư ký;",
        "- Võ Văn Tám, Chánh Văn phòng HĐND và UBND huyện, Ủy viên;",
        "- Huỳnh Thị Mai, Trưởng phòng Tài chính - Kế hoạch, Ủy viên;",
        "- Châu Thị Lan, Chủ tịch Liên đoàn Lao động huyện, Ủy viên;",
        "- Tạ Thị Hạnh, Chủ tịch Hội Liên hiệp Phụ nữ huyện, Ủy viên.",
    ]
    assert lines[i + 8] == "Vắng mặt 2 thành viên: Lương Văn Phú (Ủy viên); Mai Văn Sơn (Ủy viên)."
    assert "Chủ trì: Phan Văn Minh, Phó Chủ tịch UBND huyện, Chủ tịch Hội đồng." in lines
    assert "Thư ký: Đặng Thị Thu, Chuyên viên Phòng Nội vụ, Ủy viên thư ký." in lines
    assert "- Đã nhận hồ sơ của 5/6 cơ quan, đơn vị; 4 hồ sơ hợp lệ." in lines
    assert "- Kết quả thẩm định: 3/4 tập thể và 3/4 cá nhân đạt đủ các tiêu chí thi đua." in lines
    assert any("cho 02 tập thể và 03 cá nhân (danh sách đã được niêm yết công khai)" in line
               for line in lines)
    assert ("3. Biểu quyết: Có 7/9 thành viên dự họp (từ 2/3 trở lên theo quy định). Hội đồng biểu "
            "quyết bằng hình thức giơ tay; tập thể, cá nhân được đề nghị khen thưởng khi có số phiếu "
            "đồng ý trên 1/2 tổng số thành viên Hội đồng (9 thành viên). Kết quả:") in lines
    head = ["STT", "Tên tập thể", "Đồng ý", "Không đồng ý", "Tỷ lệ đồng ý", "Kết quả"]
    assert _rows(path, 1) == [head, ["1", "Phòng Nội vụ", "7", "0", "77,8%", "Đạt"],
                              ["2", "Phòng Tài chính - Kế hoạch", "6", "1", "66,7%", "Đạt"]]
    assert _rows(path, 2)[1:] == [
        ["1", "Nguyễn Thị Hoa, Chuyên viên, Phòng Nội vụ", "7", "0", "77,8%", "Đạt"],
        ["2", "Trần Văn Bình, Phó Trưởng phòng, Phòng Tài chính - Kế hoạch", "6", "1", "66,7%", "Đạt"],
        ["3", "Lê Thị Ánh, Công chức Văn phòng - Thống kê, UBND xã Phước Hậu", "4", "3", "44,4%",
         "Không đạt"],
    ]
    assert ("4. Kết luận: Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân huyện Ninh Phước tặng "
            "Giấy khen cho 02 tập thể và 02 cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc "
            "trong phong trào thi đua cải cách hành chính huyện Ninh Phước năm 2021.") in lines
    assert "Cuộc họp kết thúc lúc 10 giờ 30 phút, ngày 08 tháng 12 năm 2021./." in lines
    left, right = _rows(path, 3)[0]
    assert [t for t in left.splitlines() if t] == ["THƯ KÝ", "(Ký, ghi rõ họ tên)", "Đặng Thị Thu"]
    assert [t for t in right.splitlines() if t] == [
        "CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", "Phan Văn Minh"]


def test_minutes_blank_form_before_the_vote(before: Path) -> None:
    path = before / MINUTES
    lines = _lines(path)
    assert "Thời gian bắt đầu: …… giờ …… phút, ngày …… tháng …… năm ……." in lines
    assert f"Địa điểm: {'…' * 25}" in lines
    assert "Thành phần tham dự: có mặt ……/…… thành viên Hội đồng, gồm:" in lines
    assert lines.count(f"- {'…' * 27}") == 4
    assert f"Vắng mặt: {'…' * 25}" in lines
    assert f"Chủ trì: {'…' * 12}, Chủ tịch Hội đồng." in lines
    assert f"Thư ký: {'…' * 12}, Ủy viên thư ký." in lines
    assert lines.count("…" * 32) == 3  # the discussion, written by hand
    assert "3. Biểu quyết: Có ……/…… thành viên dự họp. Hội đồng biểu quyết bằng hình thức …………. " \
           "Kết quả:" in lines
    doc = Document(str(path))
    units, people = doc.tables[1], doc.tables[2]
    assert [[c.text for c in r.cells] for r in units.rows[1:]] == [
        [*u, "", "", "", ""] for u in BALLOT_UNITS]
    assert [[c.text for c in r.cells][2:] for r in people.rows[1:]] == [["", "", "", ""]] * 3
    assert any(line.startswith("4. Kết luận: Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân "
                               "huyện Ninh Phước tặng Giấy khen cho …… tập thể và …… cá nhân")
               for line in lines)
    assert "Cuộc họp kết thúc lúc …… giờ …… phút, ngày …… tháng …… năm ……./." in lines
    left, right = _rows(path, 3)[0]
    assert [t for t in left.splitlines() if t] == ["THƯ KÝ", "(Ký, ghi rõ họ tên)"]
    assert [t for t in right.splitlines() if t] == ["CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)"]


def test_minutes_with_members_but_no_vote_yet() -> None:
    """Sheets ThanhVien and PhienHop filled before the meeting: who and where are written, the
    vote is left blank, and the Tờ trình does not cite minutes yet."""
    result = campaign_result(council=True)
    council = result.council
    assert council is not None
    council.votes = []
    for item in [*result.units, *result.individuals]:
        item.vote = None
    contexts = {t: c for t, _r, c in build_contexts(result, settings())}
    minutes = contexts[MINUTES]
    assert minutes["attendance"] == "Thành phần tham dự: có mặt 7/9 thành viên Hội đồng, gồm:"
    assert minutes["start_line"] == "Thời gian bắt đầu: 08 giờ 00 phút, ngày 08 tháng 12 năm 2021."
    assert minutes["chair_name"] == "Phan Văn Minh"
    assert {r["agree"] + r["share"] + r["result"] for r in minutes["individual_votes"]} == {""}
    assert "tặng Giấy khen cho …… tập thể và …… cá nhân" in minutes["conclusion"]
    assert not any("Biên bản" in b for b in contexts["to_trinh.docx"]["bases"])
    council.members = []
    assert build_contexts(result, settings())[3][2]["attendance"].startswith(
        "Thành phần tham dự: có mặt ……/……")


def test_share_of_members_present() -> None:
    result = campaign_result(council=True)
    council = result.council
    assert council is not None
    council.approval_of = "present"
    vote = result.individuals[2].vote
    assert vote is not None
    vote.base = 0  # the base follows approval_of when the vote does not carry it
    assert vote_share(council, vote) == "57,1%"  # 4 of the 7 present
    vote.base = 9
    assert vote_share(council, vote) == "44,4%"


def test_threshold_words() -> None:
    assert [threshold_words(t) for t in (">1/2", ">=2/3", "> 50%", ">=70%")] == [
        "trên 1/2", "từ 2/3 trở lên", "trên 50%", "từ 70% trở lên"]


def test_council_papers_follow_the_proposal_outside_the_print_pack(voted: Path) -> None:
    names = [rel for _t, rel, _c in build_contexts(campaign_result(council=True), settings())]
    assert names[:5] == ["to_trinh.docx", NOTICE, BALLOT, MINUTES, "quyet_dinh.docx"]
    pack = docx_text(voted / "in_an.docx")
    assert "BIÊN BẢN" not in pack and "PHIẾU BIỂU QUYẾT" not in pack and "THÔNG BÁO" not in pack


def test_context_keys_after_the_vote() -> None:
    for template, _rel, context in build_contexts(campaign_result(council=True), settings()):
        assert set(context) == CONTEXT_KEYS[template], template


# --- Tờ trình and Quyết định after the vote -----------------------------------------------------

def test_proposal_cites_the_minutes_and_states_the_vote(voted: Path) -> None:
    lines = _lines(voted / "to_trinh.docx")
    bases = [line for line in lines if line.startswith("Căn cứ ") and len(line) < 200
             and line.endswith((";", "."))][:3]
    assert bases[2] == "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng huyện Ninh Phước ngày 08/12/2021."
    assert bases[1] == "Căn cứ hồ sơ đề nghị khen thưởng của các cơ quan, đơn vị;"
    proposal = next(line for line in lines if line.startswith("Tại phiên họp"))
    assert proposal.startswith(
        "Tại phiên họp ngày 08/12/2021, Hội đồng Thi đua - Khen thưởng huyện Ninh Phước đã biểu quyết: "
        "02/02 tập thể và 02/03 cá nhân đạt tỷ lệ phiếu đồng ý trên 1/2 tổng số thành viên Hội đồng; "
        "không đạt: Lê Thị Ánh (UBND xã Phước Hậu), 44,4% phiếu đồng ý. Căn cứ kết quả thẩm định và "
        "kết quả biểu quyết của Hội đồng, Phòng Nội vụ kính đề nghị Chủ tịch Ủy ban nhân dân huyện "
        "tặng Giấy khen cho 02 tập thể và 02 cá nhân")
    # the vote settled the ties: none is left for the council
    assert not any(line.startswith("Các trường hợp sau có kết quả xét chọn bằng nhau") for line in lines)


def test_proposal_before_the_vote_has_no_minutes_basis(before: Path) -> None:
    text = docx_text(before / "to_trinh.docx")
    assert "Biên bản họp" not in text and "Tại phiên họp" not in text
    assert "Căn cứ hồ sơ đề nghị khen thưởng của các cơ quan, đơn vị." in text.splitlines()


def test_decision_bases_stay_as_configured() -> None:
    def bases(council: bool) -> list[str]:
        return next(c for t, _r, c in build_contexts(campaign_result(council=council), settings())
                    if t == "quyet_dinh.docx")["bases"]

    assert bases(True) == bases(False)
    assert not any("Biên bản" in b for b in bases(True))


@pytest.mark.parametrize("name, rel", [("bien_ban_hoi_dong", MINUTES), ("to_trinh_sau_bieu_quyet",
                                                                          "to_trinh.docx")])
def test_golden_text_after_the_vote(voted: Path, name: str, rel: str) -> None:
    text = docx_text(voted / rel)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
