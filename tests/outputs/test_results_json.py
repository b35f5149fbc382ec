"""ket_qua.json: schema, required keys, exact values and determinism (SPEC §7.1)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.decision.test_decide_campaign import build
from thidua_reports.decision.decide import decide
from thidua_reports.models import InputFile
from thidua_reports.outputs.results_json import render_results_json


def _run(tmp_path: Path) -> tuple[dict, str]:
    settings, reg, inputs = build(tmp_path)
    inputs.append(InputFile(path="inbox/~$pnv.xlsx", status="ignored", note="Tệp khóa tạm của Excel"))
    result = decide(settings, reg, inputs, tmp_path)
    path = tmp_path / "ket_qua.json"
    path.write_bytes(render_results_json(result, settings))
    text = path.read_text(encoding="utf-8")
    return json.loads(text), text


def test_structure_and_values(tmp_path: Path) -> None:
    data, text = _run(tmp_path)
    assert "Phòng Nội vụ" in text  # ensure_ascii=False
    assert data["schema"] == "thidua.ket_qua/1"
    assert (data["year"], data["issuer"]) == (2021, "Ủy ban nhân dân huyện Ninh Phước")
    assert [f["file"] for f in data["inputs"]] == sorted(f["file"] for f in data["inputs"])
    ignored = next(f for f in data["inputs"] if f["status"] == "ignored")
    assert ignored == {"file": "inbox/~$pnv.xlsx", "sha256": "", "unit_code": None, "status": "ignored",
                       "kind": None, "size": 0, "late": False, "note": "Tệp khóa tạm của Excel", "errors": [],
                       "warnings": []}
    rejected = next(f for f in data["inputs"] if f["status"] == "rejected")
    assert rejected["errors"] == [{"sheet": "ThongTin", "cell": "B5", "message": "Ô Năm thi đua phải là 2021"}]

    units = {u["code"]: u for u in data["units"]}
    assert list(units) == ["PNV", "TCKH", "VHTT", "TNMT", "XA-PH", "XA-PT", "XA-PS", "TP", "XA-AH", "TTPD"]
    pnv = units["PNV"]
    for key in ("code", "name", "submitted", "late", "requested", "criteria", "eligible", "rank",
                "proposed", "selected", "tie_at_cutoff", "amount"):
        assert key in pnv
    assert set(pnv["criteria"]) == {"nhiem_vu", "xep_loai", "chi_so", "ky_luat"}
    assert pnv["criteria"]["ky_luat"] == {"pass": True, "detail": "3/30 = 10,0% ≤ 10%"}
    assert (pnv["rank"], pnv["selected"], pnv["amount"]) == (1, True, 900000)
    assert pnv["rank_keys"] == {"cchc_score": "90", "mean_improvement": "1/20", "violation_ratio": "1/10",
                                "unit_code": "PNV"}
    assert "criteria" not in units["TP"] and "criteria" not in units["XA-AH"]
    assert (units["XA-AH"]["submitted"], units["TTPD"]["submitted"]) == (True, False)
    assert data["missing_units"] == ["TTPD"]

    people = data["individuals"]
    assert [p["name"] for p in people[:3]] == ["Nguyễn Thị Hoa", "Đỗ Thị Mai", "Lê Thị Cúc"]
    cuc = people[2]
    assert (cuc["rank"], cuc["tie_at_cutoff"], cuc["amount"], cuc["position"]) == (3, True, 450000, "Chuyên viên")
    assert set(cuc["criteria"]) == {"hoan_thanh", "cchc", "van_ban", "ky_luat"}
    assert data["totals"] == {"collectives": 3, "individuals": 3, "amount_collective": 900000,
                              "amount_individual": 450000, "total": 4050000,
                              "total_words": "Bốn triệu không trăm năm mươi nghìn đồng"}
    assert isinstance(data["totals"]["total"], int)


def test_deterministic(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _run(tmp_path / "a")[1] == _run(tmp_path / "b")[1]


def test_text_is_the_standard_json_layout(tmp_path: Path) -> None:
    # the fast writer must give exactly json.dumps(ensure_ascii=False, indent=2, sort_keys=True)
    data, text = _run(tmp_path)
    data["units"][0]["name"] = "Tên có \x01 điều khiển, “ngoặc” và \u2028 dòng"
    data["units"][0]["rank"] = 0.1 + 0.2
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    import orjson

    assert orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() == json.dumps(
        data, ensure_ascii=False, indent=2, sort_keys=True)
