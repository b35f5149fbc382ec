"""The Tờ trình's paragraph on dossiers (SPEC §12.2): counts, declared-only units, incomplete units by name."""

from __future__ import annotations

from pathlib import Path

from tests.decision.test_dossier import attachment, declared, run
from tests.factories import accepted, make_settings, submission
from thidua_reports.documents.catalog import build_contexts
from thidua_reports.documents.dossier_text import dossier_lines


def test_warn_names_the_incomplete_units_and_counts_declarations(tmp_path: Path) -> None:
    inputs = [accepted(declared(submission("PNV"), True, True, True)),
              accepted(declared(submission("PTP", score="91"), True, False, True)),
              accepted(submission("VP", score="88")), attachment("VP", "VP_to_trinh.pdf", "to_trinh")]
    result = run(tmp_path, inputs)
    assert dossier_lines(result, make_settings(tmp_path)) == [
        "3. Về hồ sơ đề nghị khen thưởng (Tờ trình, Biên bản họp Hội đồng, Báo cáo thành tích): 1/3 đơn vị đề nghị "
        "khen thưởng có hồ sơ đầy đủ (trong đó 1 đơn vị mới tự khai trên phiếu, chưa gửi bản đã ký); 2 đơn vị có "
        "hồ sơ chưa đầy đủ:",
        "- Phòng Tư pháp: thiếu Biên bản họp Hội đồng;",
        "- Văn phòng: thiếu Biên bản họp Hội đồng, Báo cáo thành tích.",
        "Các đơn vị trên cần bổ sung văn bản còn thiếu theo quy định của Kế hoạch.",
    ]
    proposal = next(c for t, _rel, c in build_contexts(result, make_settings(tmp_path)) if t == "to_trinh.docx")
    assert proposal["dossier"] == dossier_lines(result, make_settings(tmp_path))


def test_complete_exclude_and_off(tmp_path: Path) -> None:
    inputs = [accepted(submission("PNV")), attachment("PNV", "tt.pdf", "to_trinh"),
              attachment("PNV", "bb.pdf", "bien_ban"), attachment("PNV", "bctt.pdf", "bao_cao_thanh_tich")]
    settings = make_settings(tmp_path, dossier={"policy": "exclude"})
    assert dossier_lines(run(tmp_path, inputs, "exclude"), settings) == [
        "3. Về hồ sơ đề nghị khen thưởng (Tờ trình, Biên bản họp Hội đồng, Báo cáo thành tích): 1/1 đơn vị đề nghị "
        "khen thưởng có hồ sơ đầy đủ."]
    lines = dossier_lines(run(tmp_path, inputs[:2], "exclude"), settings)
    assert lines[-1] == ("Theo Kế hoạch, tập thể và cá nhân của các đơn vị có hồ sơ chưa đầy đủ không được xét "
                         "khen thưởng.")
    assert dossier_lines(run(tmp_path, inputs, "off"), make_settings(tmp_path, dossier={"policy": "off"})) == []
