"""User templates in <workspace>/mau_van_ban/ override built-ins; broken ones stop before writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from tests.doc_factories import campaign_result, docx_text, settings
from thidua_reports.documents.catalog import TEMPLATE_NAMES
from thidua_reports.documents.docx_template import fix_quotes
from thidua_reports.documents.templates import BUILTIN_DIR
from thidua_reports.errors import TemplateError
from thidua_reports.outputs.write import preflight, render_documents


def _user_copy(ws: Path, name: str = "quyet_dinh.docx") -> Path:
    target = ws / "mau_van_ban" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUILTIN_DIR / name, target)
    return target


def _replace_text(path: Path, old: str, new: str) -> None:
    doc = Document(str(path))
    for p in doc.paragraphs:
        if p.text == old:
            p.runs[0].text = new
            for run in p.runs[1:]:
                run.text = ""
            break
    else:
        raise AssertionError(old)
    doc.save(str(path))


def test_builtin_templates_shipped() -> None:
    assert sorted(p.name for p in BUILTIN_DIR.glob("*.docx")) == sorted(TEMPLATE_NAMES)
    preflight(None)


def test_override_changes_output(tmp_path: Path) -> None:
    _replace_text(_user_copy(tmp_path), "QUYẾT ĐỊNH:", "QUYẾT ĐỊNH (mẫu của đơn vị):")
    render_documents(campaign_result(), settings(), tmp_path, tmp_path / "out")
    lines = docx_text(tmp_path / "out" / "quyet_dinh.docx").splitlines()
    assert "QUYẾT ĐỊNH (mẫu của đơn vị):" in lines
    assert "QUYẾT ĐỊNH:" not in lines


def test_unclosed_tag_named_with_file_and_no_output(tmp_path: Path) -> None:
    _replace_text(_user_copy(tmp_path), "QUYẾT ĐỊNH:", "QUYẾT ĐỊNH: {{ ten")
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as err:
        render_documents(campaign_result(), settings(), tmp_path, out)
    message = str(err.value)
    assert message.startswith("Mẫu văn bản mau_van_ban/quyet_dinh.docx sai cú pháp ở đoạn "
                              "«QUYẾT ĐỊNH: {{ ten")
    assert "chưa có văn bản nào được ghi" in message
    assert not out.exists()


def test_unknown_variable_named(tmp_path: Path) -> None:
    _replace_text(_user_copy(tmp_path, "to_trinh.docx"), "III. ĐỀ NGHỊ KHEN THƯỞNG",
                  "III. ĐỀ NGHỊ {{ ten_don_vi }}")
    with pytest.raises(TemplateError) as err:
        preflight(tmp_path)
    assert str(err.value).startswith(
        "Mẫu văn bản mau_van_ban/to_trinh.docx dùng biến không có trong dữ liệu: «ten_don_vi». "
        "Các biến dùng được: addressee, appendix_ref,")


def test_not_a_word_file(tmp_path: Path) -> None:
    (tmp_path / "mau_van_ban").mkdir()
    (tmp_path / "mau_van_ban" / "bao_cao_tong_ket.docx").write_text("không phải docx")
    with pytest.raises(TemplateError, match=r"^Không mở được mẫu văn bản mau_van_ban/bao_cao_tong_ket\.docx"):
        preflight(tmp_path)


def test_curly_quotes_in_tags_are_straightened(tmp_path: Path) -> None:
    _replace_text(_user_copy(tmp_path), "QUYẾT ĐỊNH:",
                  "{% if signer_prefix == \u201cKT. CHỦ TỊCH\u201d %}QUYẾT ĐỊNH KT:{% endif %}")
    render_documents(campaign_result(), settings(), tmp_path, tmp_path / "out")
    assert "QUYẾT ĐỊNH KT:" in docx_text(tmp_path / "out" / "quyet_dinh.docx").splitlines()


def test_fix_quotes_only_inside_tags() -> None:
    assert fix_quotes("\u201cA\u201d {{ x == \u2018b\u2019 }}") == "\u201cA\u201d {{ x == 'b' }}"


def test_passed_templates_are_remembered_but_edits_are_checked_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import thidua_reports.documents.docx_template as documents

    remember = tmp_path / ".thidua_cache" / "templates_checked.json"
    checked: list[str] = []
    real = documents.check_template
    monkeypatch.setattr(documents, "check_template",
                        lambda path, keys: (checked.append(path.name), real(path, keys))[1])
    preflight(tmp_path, remember)
    assert sorted(checked) == sorted(TEMPLATE_NAMES)
    checked.clear()
    preflight(tmp_path, remember)
    assert checked == []  # nothing changed: nothing parsed again
    _replace_text(_user_copy(tmp_path, "to_trinh.docx"), "III. ĐỀ NGHỊ KHEN THƯỞNG",
                  "III. ĐỀ NGHỊ {{ ten_don_vi }}")
    with pytest.raises(TemplateError, match="dùng biến không có trong dữ liệu: «ten_don_vi»"):
        preflight(tmp_path, remember)
    assert checked == ["to_trinh.docx"]
    with pytest.raises(TemplateError):  # a failure is never remembered as a pass
        preflight(tmp_path, remember)
