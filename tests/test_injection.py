"""User text that looks like a formula, a path or template code stays plain text in every output."""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.doc_factories import docx_text
from tests.test_fuzz import Material
from thidua_reports import pipeline
from thidua_reports.demo import build_demo
from thidua_reports.intake.registry import load_registry, write_registry

# (old code, new code, new name): the four top units of the demo get unsafe codes and names
UNITS = [
    ("PNV", "../../x", '=HYPERLINK("http://x","Phòng Nội vụ")'),
    ("TT-PD", "CON", "+Trung tâm & <Phát triển> quỹ đất"),
    ("PTP", "a/b", "-{{ x }} Phòng Tư pháp {% if %}"),
    ("XA-PHAU", "NUL.txt", "@UBND xã 100% {# c #}"),
]
# An achievement that reads like template code, markup and a comparison: printed as written.
TEMPLATE_LIKE = ("Tham mưu Kế hoạch CCHC năm 2021 & 12 văn bản hướng dẫn; tỷ lệ hồ sơ đúng hạn > 98% "
                 "(chỉ tiêu {{ ke_hoach }} < 100%, {% if %} không phải mã lệnh)")
PEOPLE = {  # per new code: (name, position, achievement text)
    "../../x": [("=1+2", "=CMD|' /C calc'!A0", "@SUM(A1:A2)"), ("Lê & Hòa <b>", "+Chuyên viên", "& < > %")],
    "CON": [("+84 Trần Văn Bình", "-Phó Giám đốc", "=Tham mưu"), ("{{ x }} Mai", "Kế toán", TEMPLATE_LIKE)],
    "a/b": [("-Đỗ Thị Lan", "@Chuyên viên", "-2+3"), ("{% if %}Lan", "Chuyên viên {{ y }}", "{# c #}")],
    "NUL.txt": [("@Nguyễn Nam", "Công chức & <Tư pháp>", "=A1")],
}
ACHIEVEMENTS = {"tap_the": "=Dẫn đầu & <b>{{ x }}</b>", "cchc": "+Hoàn thành {% for x in y %}",
                "sang_kien": "@Một cửa 100%"}
FORMULA_START = tuple("=+-@")
NAME = re.compile(r"[a-z0-9._-]+")


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = build_demo(tmp_path_factory.mktemp("inj") / "ws")
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink()  # the demo council voted on the demo's own candidates
    registry, _ = load_registry(ws / "danh_muc.xlsx")
    renames = {old: (new, name) for old, new, name in UNITS}
    registry.units = [replace(u, code=renames[u.code][0], name=renames[u.code][1]) if u.code in renames else u
                      for u in registry.units]
    registry.assignments = [replace(a, unit_code=renames[a.unit_code][0]) if a.unit_code in renames else a
                            for a in registry.assignments]
    write_registry(ws / "danh_muc.xlsx", registry)
    book = load_workbook(ws / "danh_muc.xlsx")  # the names as text in the registry too, not formulas
    for row in book["DonVi"].iter_rows(min_row=2, max_col=2):
        row[1].data_type = "s"
    book.save(ws / "danh_muc.xlsx")

    shutil.rmtree(ws / "inbox")
    m = Material(ws)
    for _old, code, _name in UNITS:
        def change(v: dict[str, Any], code: str = code) -> None:
            v["preparer"] = "@Trần Thị Mai"
            v["submitted_on"] = date(2021, 11, 20)
            v["achievements"] = ACHIEVEMENTS
            v["nominees"] = [{"name": n, "gender": "Nữ", "position": p, "level": "Xuất sắc", "cchc_done": True,
                              "docs_assigned": 3, "docs_on_time": 3, "violation": False, "priority": i,
                              "achievements": a} for i, (n, p, a) in enumerate(PEOPLE[code], start=1)]
        m.write(ws / "inbox" / f"{len(list((ws / 'inbox').glob('*')))}.xlsx", random.Random(1),
                code, change)
    m.write(ws / "inbox" / "khac.xlsx", random.Random(2), "VP")
    before = {p for p in ws.parent.rglob("*")}
    pipeline.run(ws)
    ws.joinpath("before.txt").write_text("\n".join(sorted(str(p.relative_to(ws.parent)) for p in before)), "utf-8")
    return ws


def out(ws: Path) -> Path:
    return ws / "output" / "2021"


def test_every_unit_and_person_selected(ws: Path) -> None:
    data = json.loads((out(ws) / "ket_qua.json").read_text("utf-8"))
    assert {i["file"]: i["status"] for i in data["inputs"]} == {
        "inbox/0.xlsx": "accepted", "inbox/1.xlsx": "accepted", "inbox/2.xlsx": "accepted",
        "inbox/3.xlsx": "accepted", "inbox/khac.xlsx": "accepted"}
    selected = {u["code"]: u["name"] for u in data["units"] if u["selected"]}
    assert {c: selected.get(c) for _o, c, _n in UNITS} == {c: n for _o, c, n in UNITS}
    people = {i["name"]: i["position"] for i in data["individuals"] if i["selected"]}
    assert people == {n: p for rows in PEOPLE.values() for n, p, _a in rows}


def _cells(path: Path) -> list[Any]:
    book = load_workbook(path)
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_formula_like_text_stays_text_in_every_workbook(ws: Path) -> None:
    books = [out(ws) / "tong_hop.xlsx", *sorted((out(ws) / "kiem_tra").glob("*.xlsx"))]
    assert len(books) == 6
    expected = {n for _o, _c, n in UNITS} | {x for rows in PEOPLE.values() for n, p, _a in rows for x in (n, p)}
    seen: set[str] = set()
    for book in books:
        for cell in _cells(book):
            assert cell.data_type != "f", (book.name, cell.coordinate, cell.value)
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                assert cell.data_type == "s", (book.name, cell.coordinate)
            seen.add(cell.value)
    assert expected <= seen, expected - seen
    summary = load_workbook(out(ws) / "tong_hop.xlsx")
    units = {r[0]: r[1] for r in summary["DonVi"].iter_rows(min_row=2, values_only=True)}
    assert {c: units[c] for _o, c, _n in UNITS} == {c: n for _o, c, n in UNITS}
    pnv = load_workbook(out(ws) / "kiem_tra" / "_.._.._x.xlsx")
    assert [r[:2] for r in pnv["CaNhan"].iter_rows(min_row=2, values_only=True)] == [
        (n, p) for n, p, _a in PEOPLE["../../x"]]


def test_unsafe_codes_and_names_make_safe_file_names(ws: Path) -> None:
    kiem_tra = sorted(p.name for p in (out(ws) / "kiem_tra").iterdir())
    assert kiem_tra == ["_.._.._x.xlsx", "_con.xlsx", "_nul.txt.xlsx", "a_b.xlsx", "vp.xlsx"]
    summaries = sorted(p.name for p in (out(ws) / "tom_tat").iterdir())
    assert "_.._.._x_01__1_2.docx" in summaries and "_con.docx" in summaries and "a_b.docx" in summaries
    for name in kiem_tra + summaries:
        assert NAME.fullmatch(name), name
    before = set((ws / "before.txt").read_text("utf-8").splitlines())
    after = {str(p.relative_to(ws.parent)) for p in ws.parent.rglob("*")} - {"ws/before.txt"}
    new = {p for p in after - before if not p.startswith(("ws/output/2021", "ws/.thidua"))}
    assert new <= {"ws/output"}, new


def test_xml_and_template_text_stays_literal_in_documents(ws: Path) -> None:
    decision = docx_text(out(ws) / "quyet_dinh.docx")
    proposal = docx_text(out(ws) / "to_trinh.docx")
    for _o, _c, name in UNITS:
        assert name in decision and name in proposal, name
    for rows in PEOPLE.values():
        for n, _p, _a in rows:
            assert n in decision, n
    person = docx_text(out(ws) / "tom_tat" / "_con_04__84-tran-van-binh.docx")
    assert "+84 Trần Văn Bình" in person and "-Phó Giám đốc" in person and "=Tham mưu" in person
    unit = docx_text(out(ws) / "tom_tat" / "a_b.docx")
    for text in ACHIEVEMENTS.values():
        assert text in unit, text
    [template_like] = (out(ws) / "tom_tat").glob("_con_*-mai.docx")
    assert TEMPLATE_LIKE in docx_text(template_like).splitlines()
    jinja = docx_text(out(ws) / "tom_tat" / "a_b_06___-if-__lan.docx")
    assert "{% if %}Lan" in jinja and "Chuyên viên {{ y }}" in jinja and "{# c #}" in jinja
