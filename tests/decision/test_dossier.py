"""Dossier completeness (SPEC §12.2) under each [dossier] policy, and "Hồ sơ đầy đủ" under exclude."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import accepted, make_settings, nominee, registry, rejected, submission, unit
from thidua_reports.decision.decide import decide
from thidua_reports.models import CampaignResult, InputFile, Problem, Submission

LABELS = ("Đã có Tờ trình", "Biên bản họp Hội đồng", "Báo cáo thành tích")


def attachment(code: str, name: str, kind: str) -> InputFile:
    return InputFile(path=f"inbox/{code}/{name}", sha256=f"{hash(name) & 0xffff:064x}", size=100,
                     status="attachment", unit_code=code, kind=kind)


def declared(sub: Submission, *flags: bool) -> Submission:
    sub.dossier = dict(zip(LABELS, flags, strict=True))
    return sub


def run(tmp_path: Path, inputs: list[InputFile], policy: str = "warn",
        required: list[str] | None = None) -> CampaignResult:
    reg = registry([unit("PNV", "Phòng Nội vụ"), unit("PTP", "Phòng Tư pháp"), unit("VP", "Văn phòng"),
                    unit("PYT", "Phòng Y tế")], [])
    dossier = {"policy": policy} if required is None else {"policy": policy, "required": required}
    settings = make_settings(tmp_path, dossier=dossier)
    return decide(settings, reg, inputs, tmp_path)


def by_code(result: CampaignResult) -> dict:
    return {u.unit.code: u for u in result.units}


def test_warn_attachment_beats_declaration_and_declaration_only_without_attachments(tmp_path: Path) -> None:
    inputs = [
        # PNV declares all three but sent one attachment: only the attachment counts
        accepted(declared(submission("PNV", nominees=[nominee("Nguyễn Thị Hoa", 6)]), True, True, True)),
        attachment("PNV", "to_trinh.pdf", "to_trinh"),
        # PTP sent nothing: its declarations count ("tự khai"), Biên bản says Không
        accepted(declared(submission("PTP", score="91"), True, False, True)),
        # VP does not request the award and nominates nobody: not judged
        accepted(declared(submission("VP", request=False), False, False, False)),
        attachment("VP", "bb.pdf", "bien_ban"),
    ]
    result = run(tmp_path, inputs)
    units = by_code(result)
    pnv, ptp, vp, pyt = units["PNV"].dossier, units["PTP"].dossier, units["VP"].dossier, units["PYT"].dossier
    assert pnv.sent == {"to_trinh": "attachment", "bien_ban": None, "bao_cao_thanh_tich": None}
    assert (pnv.judged, pnv.missing, pnv.complete) == (True, ["bien_ban", "bao_cao_thanh_tich"], False)
    assert pnv.attachments == ["inbox/PNV/to_trinh.pdf"] and not pnv.declared_only
    assert ptp.sent == {"to_trinh": "declared", "bien_ban": None, "bao_cao_thanh_tich": "declared"}
    assert (ptp.missing, ptp.complete, ptp.declared_only) == (["bien_ban"], False, True)
    assert (vp.judged, vp.missing, vp.complete) == (False, [], None)
    assert vp.sent["bien_ban"] == "attachment"
    assert (pyt.judged, pyt.complete, pyt.sent) == (False, None, dict.fromkeys(pnv.sent))
    # warn: reported only; no fifth criterion, the eligible stay eligible
    assert set(units["PNV"].criteria) == {"nhiem_vu", "xep_loai", "chi_so", "ky_luat"}
    assert units["PNV"].eligible and units["PTP"].eligible
    assert [i.eligible for i in result.individuals] == [True] and "ho_so" not in result.individuals[0].criteria
    assert [p.message for p in units["PNV"].problems] == [
        "Hồ sơ đề nghị khen thưởng thiếu Biên bản họp Hội đồng, Báo cáo thành tích; hãy gửi bản đã ký (PDF, ảnh "
        "chụp hoặc Word) vào thư mục inbox/PNV/ hoặc đặt tên tệp bắt đầu bằng mã đơn vị, ví dụ PNV_bien_ban.pdf"]
    assert [p.message for p in units["PTP"].problems] == [
        "Hồ sơ đề nghị khen thưởng thiếu Biên bản họp Hội đồng; hãy gửi bản đã ký (PDF, ảnh chụp hoặc Word) vào "
        "thư mục inbox/PTP/ hoặc đặt tên tệp bắt đầu bằng mã đơn vị, ví dụ PTP_bien_ban.pdf (các văn bản khác "
        'đang tính theo phần tự khai "Đã có …" của phiếu)']
    assert units["PNV"].problems[0].severity == "warning" and units["PNV"].problems[0].file == "inbox/pnv.xlsx"


def test_any_attachment_ends_the_declarations(tmp_path: Path) -> None:
    """"Only while the unit has no attachment at all": even a "Tài liệu khác" file counts as one."""
    inputs = [accepted(declared(submission("PNV"), True, True, True)), attachment("PNV", "giay_moi.pdf", "khac")]
    pnv = by_code(run(tmp_path, inputs))["PNV"].dossier
    assert pnv.sent == dict.fromkeys(("to_trinh", "bien_ban", "bao_cao_thanh_tich"))
    assert pnv.missing == ["to_trinh", "bien_ban", "bao_cao_thanh_tich"]


def test_ignored_and_unaccepted_files_do_not_count(tmp_path: Path) -> None:
    empty = attachment("PNV", "to_trinh.pdf", "to_trinh")
    empty.status = "ignored"  # e.g. a zero-byte file: not an attachment
    inputs = [accepted(declared(submission("PNV"), True, True, True)), empty,
              rejected("PTP", "inbox/ptp.xlsx", "Sai năm"), attachment("PTP", "bb.pdf", "bien_ban")]
    units = by_code(run(tmp_path, inputs))
    assert units["PNV"].dossier.sent["to_trinh"] == "declared" and units["PNV"].dossier.complete
    assert units["PTP"].dossier.judged is False and units["PTP"].submitted  # only the rejected workbook counts
    assert units["PTP"].input_file.path == "inbox/ptp.xlsx"


def test_off_judges_nothing(tmp_path: Path) -> None:
    inputs = [accepted(declared(submission("PNV"), False, False, False))]
    units = by_code(run(tmp_path, inputs, "off"))
    assert all(u.dossier is None for u in units.values())
    assert units["PNV"].eligible and units["PNV"].problems == []


def test_exclude_adds_hồ_sơ_đầy_đủ_to_the_unit_and_its_nominees(tmp_path: Path) -> None:
    inputs = [
        accepted(submission("PNV", nominees=[nominee("Nguyễn Thị Hoa", 6), nominee("Trần Văn Bình", 7)])),
        attachment("PNV", "to_trinh.pdf", "to_trinh"),
        accepted(submission("PTP", score="85", nominees=[nominee("Lê Thị Cúc", 6)])),
        attachment("PTP", "PTP_to_trinh.pdf", "to_trinh"), attachment("PTP", "bb.pdf", "bien_ban"),
        attachment("PTP", "bctt.pdf", "bao_cao_thanh_tich"),
        accepted(declared(submission("VP", score="88", request=False, nominees=[nominee("Võ Thị Hương", 6)]),
                          True, True, False)),
    ]
    result = run(tmp_path, inputs, "exclude")
    units = by_code(result)
    pnv, ptp = units["PNV"], units["PTP"]
    assert list(pnv.criteria) == ["nhiem_vu", "xep_loai", "chi_so", "ky_luat", "ho_so"]
    assert (pnv.criteria["ho_so"].passed, pnv.criteria["ho_so"].detail) == (
        False, "Thiếu Biên bản họp Hội đồng, Báo cáo thành tích; đã có: Tờ trình (tệp)")
    assert not pnv.eligible and pnv.rank is None and not pnv.proposed
    assert (ptp.criteria["ho_so"].passed, ptp.criteria["ho_so"].detail) == (
        True, "Đủ: Tờ trình (tệp), Biên bản họp Hội đồng (tệp), Báo cáo thành tích (tệp)")
    assert ptp.eligible and ptp.rank == 1 and ptp.selected
    assert "ho_so" not in units["VP"].criteria  # the collective award is not requested: no collective criteria
    people = {i.nominee.name: i for i in result.individuals}
    for name in ("Nguyễn Thị Hoa", "Trần Văn Bình"):
        c = people[name].criteria["ho_so"]
        assert (c.passed, c.detail) == (
            False, "Hồ sơ của đơn vị thiếu Biên bản họp Hội đồng, Báo cáo thành tích; đã có: Tờ trình (tệp)")
        assert not people[name].eligible and people[name].rank is None and not people[name].selected
    assert people["Lê Thị Cúc"].eligible and people["Lê Thị Cúc"].criteria["ho_so"].detail == (
        "Hồ sơ của đơn vị đủ: Tờ trình (tệp), Biên bản họp Hội đồng (tệp), Báo cáo thành tích (tệp)")
    vo = people["Võ Thị Hương"]  # a unit that only nominates is judged too; its declarations count
    assert not vo.eligible and vo.criteria["ho_so"].detail == (
        "Hồ sơ của đơn vị thiếu Báo cáo thành tích; đã có: Tờ trình (tự khai), Biên bản họp Hội đồng (tự khai)")
    assert pnv.problems[-1].message.endswith(
        "; theo quy định, tập thể và cá nhân của đơn vị chưa được xét khen thưởng khi hồ sơ chưa đủ")
    assert [i.nominee.name for i in result.selected_individuals] == ["Lê Thị Cúc"]


@pytest.mark.parametrize(("required", "passed", "detail"), [
    (["bien_ban"], True, "Đủ: Biên bản họp Hội đồng (tệp)"),
    (["to_trinh", "bao_cao_thanh_tich"], False, "Thiếu Báo cáo thành tích; đã có: Tờ trình (tệp)"),
    ([], True, "Không yêu cầu văn bản gửi kèm"),
])
def test_only_the_required_kinds_are_judged(tmp_path: Path, required: list[str], passed: bool,
                                            detail: str) -> None:
    inputs = [accepted(submission("PNV")), attachment("PNV", "tt.pdf", "to_trinh"),
              attachment("PNV", "bb.pdf", "bien_ban")]
    pnv = by_code(run(tmp_path, inputs, "exclude", required))["PNV"]
    assert (pnv.criteria["ho_so"].passed, pnv.criteria["ho_so"].detail) == (passed, detail)
    assert pnv.eligible is passed


def test_the_warning_asking_for_a_paper_goes_once_the_paper_has_arrived(tmp_path: Path) -> None:
    """The form says "Biên bản họp Hội đồng: Không" (the intake warns: send it), then the signed minutes
    arrive as an attachment: the warning is gone; the one about the Báo cáo, still missing, stays."""
    def advice(label: str, cell: str) -> Problem:
        return Problem("inbox/pnv.xlsx", "ThongTin", cell, "warning",
                       f"Ô {cell} ({label}): hồ sơ đề nghị khen thưởng chưa đủ theo mục III.2 của Kế hoạch; "
                       f'hãy bổ sung "{label}" và gửi kèm')

    workbook = accepted(declared(submission("PNV", nominees=[nominee("Nguyễn Thị Hoa", 6)]), True, False, False))
    kept = [advice("Biên bản họp Hội đồng", "B15"), advice("Báo cáo thành tích", "B16")]
    workbook.problems = kept
    result = run(tmp_path, [workbook, attachment("PNV", "bien_ban_hop.pdf", "bien_ban")])
    pnv_file = next(f for f in result.inputs if f.path == "inbox/pnv.xlsx")
    assert [p.cell for p in pnv_file.problems] == ["B16"]
    assert [p.cell for p in kept] == ["B15", "B16"]  # the list the record had is not changed in place
    assert by_code(result)["PNV"].dossier.missing == ["to_trinh", "bao_cao_thanh_tich"]  # declarations no longer count
    # without the attachment both warnings stay
    alone = accepted(declared(submission("PNV", nominees=[nominee("Nguyễn Thị Hoa", 6)]), True, False, False))
    alone.problems = [advice("Biên bản họp Hội đồng", "B15"), advice("Báo cáo thành tích", "B16")]
    result = run(tmp_path, [alone])
    assert [p.cell for p in next(f for f in result.inputs if f.path == "inbox/pnv.xlsx").problems] == ["B15", "B16"]
