"""The settings form over thidua.toml (SPEC §13.5, §13.6): fields from the model, saved with comments kept."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from thidua_reports.config import ConfigError, Settings, load_settings
from thidua_reports.intake.new_workspace import config_text
from thidua_reports.web.settings_edit import (
    read_only_notes,
    save_decision,
    save_settings,
    settings_form,
    settings_notes,
)

DEMO_TOML = Path(__file__).resolve().parents[2] / "thidua_reports" / "demo" / "thidua.toml"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    shutil.copy(DEMO_TOML, tmp_path / "thidua.toml")
    return tmp_path


def _cli_problems(ws: Path, old: str, new: str) -> list[str]:
    """What `thidua check` says about the file with `old` replaced by `new` (in a copy)."""
    copy = ws / "cli_copy"
    copy.mkdir()
    text = (ws / "thidua.toml").read_text(encoding="utf-8")
    assert old in text
    (copy / "thidua.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(copy)
    shutil.rmtree(copy)
    return caught.value.problems


def test_form_follows_the_model(ws: Path) -> None:
    fields = {f.name: f for f in settings_form(ws)}
    for section in ("campaign", "issuer", "office", "quota", "criteria", "award", "documents", "council",
                    "certificate", "report", "limits"):
        model = Settings.model_fields[section].annotation
        for key in model.model_fields:  # type: ignore[union-attr]
            if key in ("cchc_bands", "fields"):
                assert f"{section}.{key}" not in fields
            else:
                assert f"{section}.{key}" in fields, key
    assert list(fields)[:3] == ["campaign.year", "campaign.title", "campaign.plan_ref"]
    required = {name for name, f in fields.items() if f.required}
    assert required == {
        "campaign.year", "campaign.title", "campaign.plan_ref", "campaign.competition_end",
        "campaign.submission_deadline", "campaign.appraisal_deadline", "issuer.level", "issuer.name",
        "issuer.header_name", "issuer.abbreviation", "issuer.place", "issuer.authority", "issuer.signer_title",
        "issuer.signer_name", "issuer.decision_date", "office.name", "office.header_name", "office.abbreviation",
        "office.signer_title", "office.signer_name"}
    level = fields["issuer.level"]
    assert (level.kind, level.choices, level.value, level.label) == (
        "choice", ("tinh", "huyen", "xa"), "huyen", "Cấp cơ quan khen thưởng")
    assert (fields["campaign.competition_end"].kind, fields["campaign.competition_end"].value) == ("date", "2021-11-15")
    assert fields["issuer.header_name"].value == "ỦY BAN NHÂN DÂN\\nHUYỆN NINH PHƯỚC"
    assert (fields["quota.collectives"].kind, fields["quota.collectives"].value) == ("int", "7")
    assert (fields["quota.allow_over"].kind, fields["quota.allow_over"].value) == ("bool", "false")
    assert (fields["criteria.discipline_max_ratio"].kind, fields["criteria.discipline_max_ratio"].value) == (
        "decimal", "0.1")
    assert fields["documents.proposal_recipients"].kind == "list"
    assert fields["documents.proposal_recipients"].value == "Như trên\nLưu: VT, PNV"
    assert fields["quota.collectives"].help == "Số tập thể được khen tối đa. Mặc định: 7."
    assert fields["campaign.title"].help == "Tên phong trào, viết thường, dùng trong văn bản. Bắt buộc."
    # keys the file leaves out show their default
    assert fields["certificate.register_format"].value == "{n:03d}/GK"
    assert fields["certificate.page"].value == "297\n210"
    notes = read_only_notes(ws)
    assert notes[0].startswith("criteria.cchc_bands — Các mức xếp loại CCHC theo điểm: sửa trực tiếp trong "
                               "thidua.toml (hiện có: [{name = \"Tốt\", min = 80}")


def test_save_changes_only_the_values(ws: Path) -> None:
    before = (ws / "thidua.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert save_settings(ws, {"quota.collectives": "5", "campaign.competition_end": "20/11/2021",
                              "campaign.year": "2021", "issuer.place": "Ninh Phước"}) == []
    after = (ws / "thidua.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("competition_end = 2021-11-15        # thi đua đến trước ngày này\n",
         "competition_end = 2021-11-20        # thi đua đến trước ngày này\n"),
        ("collectives = 7\n", "collectives = 5\n"),
    ]
    settings = load_settings(ws)
    assert settings.quota.collectives == 5
    assert settings.campaign.competition_end == date(2021, 11, 20)


def test_a_longer_value_keeps_its_comment_in_its_column(ws: Path) -> None:
    assert save_settings(ws, {"campaign.late_policy": "warn", "campaign.result_year": "2019"}) == []
    lines = (ws / "thidua.toml").read_text(encoding="utf-8").splitlines()
    assert 'late_policy = "warn"                # "exclude": hồ sơ muộn không được xét; "warn": vẫn xét, có ghi ' \
        "chú" in lines
    assert "result_year = 2019                  # năm của kết quả chỉ số được so sánh" in lines


@pytest.mark.parametrize(("values", "old", "new"), [
    ({"quota.collectives": "abc"}, "collectives = 7", 'collectives = "abc"'),
    ({"quota.individuals": "-1"}, "individuals = 10", "individuals = -1"),
    ({"campaign.late_policy": "never"}, 'late_policy = "exclude"', 'late_policy = "never"'),
    ({"criteria.discipline_max_ratio": "1,5"}, "discipline_max_ratio = 0.10", "discipline_max_ratio = 1.5"),
    ({"campaign.title": "  "}, 'title = "phong trào', 'title = "" #'),
    ({"campaign.submission_deadline": "01/11/2021"}, "submission_deadline = 2021-11-30",
     "submission_deadline = 2021-11-01"),
    ({"council.quorum": "hai phần ba"}, 'quorum = ">=2/3"', 'quorum = "hai phần ba"'),
    ({"issuer.decision_date": "31/02/2021"}, "decision_date = 2021-12-10", 'decision_date = "31/02/2021"'),
])
def test_invalid_values_refused_with_the_cli_message(ws: Path, values: dict[str, str], old: str, new: str) -> None:
    original = (ws / "thidua.toml").read_bytes()
    problems = save_settings(ws, values)
    assert problems and problems == _cli_problems(ws, old, new)
    assert (ws / "thidua.toml").read_bytes() == original


def test_exact_messages(ws: Path) -> None:
    assert save_settings(ws, {"quota.collectives": "abc", "quota.individuals": "-1", "campaign.nope": "1"}) == [
        "campaign.nope: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại",
        "quota.collectives: phải là số nguyên (đang là 'abc')",
        "quota.individuals: phải ≥ 0",
    ]
    assert save_settings(ws, {"campaign.submission_deadline": "2021-11-01"}) == [
        "campaign.submission_deadline: hạn gửi hồ sơ (01/11/2021) phải sau hoặc bằng ngày kết thúc thi đua (15/11/2021)",
    ]


def test_missing_key_added_after_the_sections_last_key_and_emptied_key_removed(ws: Path) -> None:
    text = (ws / "thidua.toml").read_text(encoding="utf-8")
    assert save_settings(ws, {"council.name": "", "certificate.authority": "CHỦ TỊCH UBND HUYỆN",
                              "report.strengths": "Đoạn một.\n\nĐoạn hai.\n",
                              "quota.allow_over": "on", "limits.max_file_mb": "1,5"}) == []
    new = (ws / "thidua.toml").read_text(encoding="utf-8")
    assert 'name = "Hội đồng Thi đua - Khen thưởng huyện Ninh Phước"\n' not in new
    assert "allow_over = true                   # " in new or "allow_over = true\n" in new
    assert "max_file_mb = 1.5\n" in new
    settings = load_settings(ws)
    assert settings.council.name is None and settings.council_name.startswith("Hội đồng Thi đua - Khen thưởng huyện")
    assert settings.report.strengths == ["Đoạn một.", "Đoạn hai."]
    assert settings.certificate.authority == "CHỦ TỊCH UBND HUYỆN"
    assert settings.limits.max_file_mb == 1.5
    # the rest of the file is the same text, in the same order
    kept = [line for line in text.splitlines() if line and not line.startswith(("name = \"Hội đồng", "allow_over",
                                                                                 "max_file_mb"))]
    assert [line for line in new.splitlines() if line in kept] == kept


def test_unchanged_form_leaves_the_file_alone(ws: Path) -> None:
    original = (ws / "thidua.toml").read_bytes()
    values = {f.name: f.value for f in settings_form(ws)}
    assert save_settings(ws, values) == []
    assert (ws / "thidua.toml").read_bytes() == original


def test_crlf_and_other_sections_untouched(ws: Path) -> None:
    text = (ws / "thidua.toml").read_text(encoding="utf-8").replace("\n", "\r\n")
    (ws / "thidua.toml").write_bytes(text.encode("utf-8"))
    assert save_settings(ws, {"office.proposal_number": "12"}) == []
    new = (ws / "thidua.toml").read_bytes().decode("utf-8")
    assert new == text.replace('proposal_number = ""', 'proposal_number = "12"')


def test_new_workspace_filled_through_the_form(tmp_path: Path) -> None:
    (tmp_path / "thidua.toml").write_text(config_text(2024), encoding="utf-8")
    fields = {f.name: f for f in settings_form(tmp_path)}
    assert fields["campaign.title"].value == "" and fields["campaign.title"].required
    values = {name: f.value for name, f in fields.items()}
    problems = save_settings(tmp_path, values)
    assert "campaign.title: chưa điền; khóa này bắt buộc phải có nội dung" in problems
    values.update({
        "campaign.title": "phong trào thi đua cải cách hành chính xã A năm 2024",
        "campaign.plan_ref": "Kế hoạch số 5/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân xã",
        "issuer.name": "Ủy ban nhân dân xã A", "issuer.header_name": "ỦY BAN NHÂN DÂN\\nXÃ A",
        "issuer.place": "A", "issuer.authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ A", "issuer.signer_title": "CHỦ TỊCH",
        "issuer.signer_name": "Nguyễn Văn B", "office.name": "Văn phòng HĐND và UBND xã",
        "office.header_name": "UBND XÃ A\\nVĂN PHÒNG HĐND VÀ UBND", "office.abbreviation": "VP",
        "office.signer_title": "CHÁNH VĂN PHÒNG", "office.signer_name": "Trần Thị C",
    })
    assert save_settings(tmp_path, values) == []
    settings = load_settings(tmp_path)
    assert settings.issuer.header_name == "ỦY BAN NHÂN DÂN\nXÃ A"
    text = (tmp_path / "thidua.toml").read_text(encoding="utf-8")
    assert 'name = "Ủy ban nhân dân xã A"           # bắt buộc: tên đầy đủ, ví dụ "Ủy ban nhân dân xã A"\n' in text
    assert text.count("\n#") == config_text(2024).count("\n#")  # every comment line is still there
    assert "# proposal_date = 2024-12-03          # ngày Tờ trình; mặc định appraisal_deadline" in text


def test_save_decision(ws: Path) -> None:
    assert save_decision(ws, "125", "15/12/2021") == []
    settings = load_settings(ws)
    assert (settings.issuer.decision_number, settings.issuer.decision_date) == ("125", date(2021, 12, 15))
    assert save_decision(ws, "126/QĐ-UBND", "2021-12-16") == []
    assert load_settings(ws).issuer.decision_number == "126"
    original = (ws / "thidua.toml").read_bytes()
    assert save_decision(ws, "12a", "16/12/2021") == [
        "issuer.decision_number: chỉ ghi phần số (ví dụ \"125\"), đang là '12a'"]
    assert save_decision(ws, "127", "29/11/2021") == [
        "issuer.decision_date: ngày Quyết định (29/11/2021) phải sau hoặc bằng hạn gửi hồ sơ (30/11/2021)",
        "office.proposal_date: ngày Tờ trình (03/12/2021) phải trước hoặc bằng ngày Quyết định (29/11/2021)",
    ]
    assert save_decision(ws, "127", "01/12/2021") == [
        "office.proposal_date: ngày Tờ trình (03/12/2021) phải trước hoặc bằng ngày Quyết định (01/12/2021)",
    ]
    assert (ws / "thidua.toml").read_bytes() == original
    assert save_decision(ws, "", "16/12/2021") == []
    assert load_settings(ws).issuer.decision_number == ""


def test_notes_and_broken_file(ws: Path) -> None:
    assert settings_notes(ws) == []
    assert save_settings(ws, {"issuer.decision_date": "2025-07-01", "award.individual_coefficient": "0,3"}) == []
    assert settings_notes(ws)[0].startswith('issuer.level = "huyen" nhưng ngày Quyết định 01/07/2025')
    (ws / "thidua.toml").write_text("[campaign\n", encoding="utf-8")
    problems = save_settings(ws, {"quota.collectives": "5"})
    assert len(problems) == 1 and problems[0].startswith("Tệp cấu hình thidua.toml sai cú pháp TOML:")
    (ws / "thidua.toml").unlink()
    assert save_settings(ws, {"quota.collectives": "5"})[0].startswith("Không tìm thấy tệp cấu hình")


def test_a_section_written_in_pieces_is_left_to_the_file(ws: Path) -> None:
    with (ws / "thidua.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[certificate.fields.recipient]\nx = 148.5\ny = 95\nsize = 20\nwidth = 240\n")
    original = (ws / "thidua.toml").read_bytes()
    assert save_settings(ws, {"certificate.layout": "full", "quota.collectives": "6"}) == [
        "certificate.layout: mục [certificate] trong thidua.toml không phải một bảng liền khối nên không ghi được "
        "từ biểu mẫu; hãy sửa trực tiếp trong tệp"]
    assert (ws / "thidua.toml").read_bytes() == original
    assert {f.name: f.value for f in settings_form(ws)}["certificate.layout"] == "phoi"
