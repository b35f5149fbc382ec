"""Fuzzing the whole run: hundreds of damaged workbooks in one inbox, every file accounted for.

The damage is random but seeded: the seed is printed, and `FUZZ_SEED=<n>` replays a failing run.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook

from thidua_reports.config import load_settings
from thidua_reports.demo import build_demo
from thidua_reports.intake.registry import load_registry
from thidua_reports.workbooks.unit_form import INFO_FIELDS, NOMINEE_KEYS, write_unit_form

SEED = int(os.environ.get("FUZZ_SEED", "20211125"))
UNPACKED_MB = 16  # [limits] max_unpacked_mb of the fuzz workspace (the demo says 200)
MAX_RSS_MB = 1024
STATUSES = {"accepted", "rejected", "superseded", "ignored", "attachment"}
VIETNAMESE = re.compile("[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.I)
BAD_OUTPUT = re.compile(r"Traceback|Error:|Exception|\w+Warning\b|warnings\.warn")
# Wrong values for any field: text for numbers, numbers for text, booleans, dates, huge, negative…
WRONG = ["mười hai", -5, 3.7, 10**15, True, date(2021, 2, 30 - 2), "", "   ", "=1+1", "x", "Có",
         "12,5,3", "1e400", "_x0001_ab_x0007_", "🙂", "Không hoàn thành", datetime(1900, 1, 1), 0, "0,0001"]

Maker = Callable[[random.Random, Path, int], None]


# --- valid material ------------------------------------------------------------------------


class Material:
    """The demo settings and registry, and a writer of valid (or deliberately wrong) unit workbooks."""

    def __init__(self, ws: Path) -> None:
        self.settings = load_settings(ws)
        self.registry, _ = load_registry(ws / "danh_muc.xlsx")
        self.units = list(self.registry.units)

    def values(self, rng: random.Random, code: str) -> dict[str, Any]:
        comps = {a.code: (a.current_max or Decimal(10)) * Decimal("0.9")
                 for a in self.registry.assignments_for(code)}
        people = [{"name": f"Nguyễn Văn {chr(65 + i)}", "gender": "Nam", "position": "Chuyên viên",
                   "level": "Hoàn thành xuất sắc nhiệm vụ", "cchc_done": True, "docs_assigned": 4,
                   "docs_on_time": 4, "violation": False, "priority": i + 1, "achievements": "Tham mưu tốt"}
                  for i in range(rng.randint(0, 3))]
        return {"self_score": Decimal("91.5"), "tasks_assigned": 10, "tasks_done": 10, "no_badge": 0,
                "late_hours": 0, "violators": 0, "request_collective": True, "preparer": "Trần Thị Mai",
                "submitted_on": date(2021, 11, rng.randint(1, 25)), "has_proposal": True,
                "has_minutes": True, "has_report": True, "components": comps, "nominees": people,
                "achievements": {"tap_the": "Dẫn đầu", "cchc": "Hoàn thành", "sang_kien": "Một cửa"}}

    def write(self, path: Path, rng: random.Random, code: str | None = None,
              change: Callable[[dict[str, Any]], None] | None = None) -> Path:
        unit = self.registry.unit(code) if code else rng.choice(self.units)
        assert unit is not None
        values = self.values(rng, unit.code)
        if change is not None:
            change(values)
        return write_unit_form(path, self.settings, unit, self.registry.assignments_for(unit.code), values)


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def rezip(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, data)
    return out.getvalue()


def sheet_part(data: bytes, sheet: str) -> str:
    """The zip member of a sheet, from workbook.xml and its relationships."""
    parts = dict(members(data))
    rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="([^"]+)"', parts["xl/workbook.xml"].decode())
    assert rid, sheet
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid.group(1)}"',
                       parts["xl/_rels/workbook.xml.rels"].decode())
    assert target, sheet
    t = target.group(1) or target.group(2)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def replace_part(data: bytes, name: str, new: bytes) -> bytes:
    return rezip([(n, new if n == name else d) for n, d in members(data)])


# --- damage --------------------------------------------------------------------------------


def truncated(rng: random.Random, base: bytes) -> bytes:
    return base[: rng.randint(1, len(base) - 1)]


def xml_flipped(rng: random.Random, base: bytes) -> bytes:
    parts = members(base)
    xml = [i for i, (n, _) in enumerate(parts) if n.endswith((".xml", ".rels"))]
    sheets = [i for i in xml if "worksheets/" in parts[i][0]]
    i = rng.choice(sheets) if rng.random() < 0.7 else rng.choice(xml)
    name, data = parts[i]
    buf = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        pos = rng.randrange(len(buf))
        how = rng.random()
        if how < 0.6:
            buf[pos] = rng.randrange(256)
        elif how < 0.8:
            del buf[pos: pos + rng.randint(1, 40)]
        else:
            buf[pos:pos] = bytes(rng.choice(b'<>&"=/ \x00\xff') for _ in range(rng.randint(1, 5)))
    parts[i] = (name, bytes(buf))
    return rezip(parts)


def zip_flipped(rng: random.Random, base: bytes) -> bytes:
    buf = bytearray(base)
    for _ in range(rng.randint(1, 24)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_fuzz_inbox(ws: Path, rng: random.Random) -> dict[str, list[str]]:
    """Write the damaged files under inbox/fuzz/; returns {kind: [paths from the workspace]}."""
    m = Material(ws)
    inbox = ws / "inbox" / "fuzz"
    made: dict[str, list[str]] = {}
    count = {"n": 0}

    def path(kind: str, ext: str = ".xlsx") -> Path:
        count["n"] += 1
        p = inbox / kind / f"{kind}_{count['n']:03d}{ext}"
        made.setdefault(kind, []).append(p.relative_to(ws).as_posix())
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    bases = [m.write(ws / "base.xlsx", rng).read_bytes() for _ in range(4)]
    (ws / "base.xlsx").unlink()

    for _ in range(30):
        write_bytes(path("truncated"), truncated(rng, rng.choice(bases)))
    for _ in range(60):
        write_bytes(path("xml_flip"), xml_flipped(rng, rng.choice(bases)))
    for _ in range(40):
        write_bytes(path("zip_flip"), zip_flipped(rng, rng.choice(bases)))

    # wrong types in every field, one field a file, then all fields at once
    def info_wrong(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
        return lambda v: v.__setitem__(key, value)

    def person_wrong(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
        def change(v: dict[str, Any]) -> None:
            v["nominees"] = v["nominees"] or [{"name": "Lê Thị Thu", "position": "Chuyên viên", "level": "Tốt",
                                              "cchc_done": True, "violation": False}]
            v["nominees"][0][key] = value
        return change

    for key, *_ in INFO_FIELDS:
        m.write(path("wrong_type"), rng, change=info_wrong(key, rng.choice(WRONG)))
    for key, _kind in NOMINEE_KEYS:
        m.write(path("wrong_type"), rng, change=person_wrong(key, rng.choice(WRONG)))

    def components_wrong(v: dict[str, Any]) -> None:
        v["components"] = {c: {"current": rng.choice(WRONG), "prior": rng.choice(WRONG), "note": rng.choice(WRONG)}
                           for c in v["components"]} | {"KHONG-CO": rng.choice(WRONG)}

    def all_wrong(v: dict[str, Any]) -> None:
        for key, *_ in INFO_FIELDS:
            v[key] = rng.choice(WRONG)
        v["nominees"] = [{key: rng.choice(WRONG) for key, _ in NOMINEE_KEYS} for _ in range(3)]
        v["achievements"] = {k: rng.choice(WRONG) for k in ("tap_the", "cchc", "sang_kien")}
        components_wrong(v)

    for _ in range(4):
        m.write(path("wrong_type"), rng, change=components_wrong)
        m.write(path("wrong_type"), rng, change=all_wrong)

    # 100 000-character cells in the text fields (openpyxl cuts text at 32 767: the XML is edited after)
    long = escape(("Nguyễn Thị Hoa & <b>{{ x }}</b> " * 4000)[:100_000]).encode()

    def long_cells(v: dict[str, Any]) -> None:
        v["preparer"] = "DAI"
        v["achievements"] = {"tap_the": "DAI", "cchc": "DAI", "sang_kien": "DAI"}
        v["nominees"] = [{"name": "DAI", "position": "DAI", "level": "Xuất sắc", "cchc_done": True,
                          "violation": False, "achievements": "DAI"}]
        v["components"] = {c: {"current": s, "note": "DAI"} for c, s in v["components"].items()}

    for code in ("PYT", "XA-PSON", "XA-PVINH"):  # units without a demo file; dated last, so they win
        p = m.write(path("long_cell"), rng, code, lambda v: (long_cells(v), v.update(submitted_on=date(2021, 11, 30))))
        data = p.read_bytes()
        data = rezip([(n, d.replace(b">DAI<", b">" + long + b"<")) for n, d in members(data)])
        write_bytes(p, data)

    # 50 000 rows in CaNhan (above [limits] max_rows): the sheet XML is written directly, fast
    base = rng.choice(bases)
    part = sheet_part(base, "CaNhan")
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Tr\xe1\xba\xa7n V\xc4\x83n %d'
                    b"</t></is></c></row>" % (r, r, r, r, r) for r in range(3, 50_003))
    xml = dict(members(base))[part]
    xml = re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>", lambda mm: mm.group(0)[: mm.group(0).find(b"</row>") + 6]
                 + rows + b"</sheetData>", xml, count=1, flags=re.S)
    write_bytes(path("many_rows"), replace_part(base, part, xml))

    # merged and hidden cells, rows, columns, sheets
    for n in range(6):
        p = m.write(path("merged_hidden"), rng)
        wb = load_workbook(p)
        info = wb["ThongTin"]
        if n == 0:
            info.merge_cells("A5:B5")  # a label merged over its value
        elif n == 1:
            info.merge_cells("B5:B7")  # one value over three labels
        elif n == 2:
            wb["CaNhan"].merge_cells("B3:D4")
        elif n == 3:
            for r in range(1, 20):
                info.row_dimensions[r].hidden = True
            info.column_dimensions["B"].hidden = True
        elif n == 4:
            info.sheet_state = "veryHidden"
            wb.active = 0
        else:
            wb["ChiSo"].sheet_state = "hidden"
            wb["CaNhan"].merge_cells("A2:K2")  # the header row merged into one cell
        wb.save(p)

    # formulas, without and then with cached values
    for n in range(6):
        p = m.write(path("formula"), rng)
        wb = load_workbook(p)
        info = wb["ThongTin"]
        info["B6"] = "=2*5"  # Tổng số biên chế
        info["B8"] = "=B7"
        wb["CaNhan"]["B3"] = '=CONCATENATE("Lê ","Văn")'
        wb["ChiSo"]["F3"] = "=1/0"
        wb.save(p)
        if n >= 3:
            data = p.read_bytes()
            for sheet, cached in (("ThongTin", b"10"), ("ChiSo", b"#DIV/0!"), ("CaNhan", b"L\xc3\xaa V\xc4\x83n")):
                part = sheet_part(data, sheet)
                xml = re.sub(rb"<v\s*/>|<v></v>", b"", dict(members(data))[part])
                xml = re.sub(rb"</f>(?!<v>)", b"</f><v>" + cached + b"</v>", xml)
                data = replace_part(data, part, xml)
            write_bytes(p, data)

    # an extra copy of each sheet, e.g. "ThongTin (2)"
    for sheet in ("ThongTin", "ChiSo", "CaNhan", "ThanhTich", "HuongDan"):
        p = m.write(path("sheet_copy"), rng)
        wb = load_workbook(p)
        copy = wb.copy_worksheet(wb[sheet])
        copy.title = f"{sheet} (2)"
        copy["B3"] = "bản nháp"
        wb.move_sheet(copy, -wb.index(copy))  # the copy first
        wb.save(p)

    # unit codes and names that are unsafe as file names
    for code in ("../../x", "CON", "a/b", "NUL.txt", "..", "PNV/../../etc"):
        m.write(path("bad_code"), rng, change=lambda v, c=code: v.update(unit_code=c, unit_name=c))

    # zip bombs: an honest one (central directory says > limit) and one that lies about its sizes
    base = rng.choice(bases)
    part = sheet_part(base, "ThongTin")
    xml = dict(members(base))[part]
    big = xml.replace(b"</worksheet>", b" " * ((UNPACKED_MB + 4) * 1024 * 1024) + b"</worksheet>")
    bomb = replace_part(base, part, big)
    write_bytes(path("zip_bomb"), bomb)
    write_bytes(path("zip_bomb"), lie_about_size(bomb, part, len(xml)))

    # not workbooks at all, or the wrong format for the extension
    write_bytes(path("other"), b"")
    write_bytes(path("other"), rng.randbytes(3000))
    write_bytes(path("other", ".xls"), rng.randbytes(3000))
    write_bytes(path("other", ".xls"), bases[0])
    write_bytes(path("other", ".ods"), bases[1])
    write_bytes(path("other", ".xlsm"), truncated(rng, bases[2]))
    write_bytes(path("other"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") * 50)
    write_bytes(path("other"), rezip([("readme.txt", b"not a workbook")]))
    write_bytes(path("other", ".pdf"), b"%PDF-1.4\n")
    for name in ("t\u00ea\u0301n t\u1ec7p.xlsx", "chu\x07ong.xlsx"):  # decomposed letters, a control character
        write_bytes(inbox / "other" / name, truncated(rng, bases[0]))
        made["other"].append(unicodedata.normalize("NFC", f"inbox/fuzz/other/{name}"))  # listed in NFC
    write_bytes(inbox / "other" / "~$lock.xlsx", b"\x00" * 165)
    write_bytes(inbox / "other" / ".an" / "hidden.xlsx", bases[3])
    made["other"] += ["inbox/fuzz/other/~$lock.xlsx", "inbox/fuzz/other/.an/hidden.xlsx"]
    return made


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size of one member, in its local header and the central directory."""
    import struct

    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        struct.pack_into("<I", buf, zf.getinfo(member).header_offset + 22, size)
    pos = buf.find(b"PK\x01\x02")
    while pos >= 0:
        length = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46: pos + 46 + length]) == member.encode():
            struct.pack_into("<I", buf, pos + 24, size)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    return bytes(buf)


# --- the run -------------------------------------------------------------------------------


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_measured(ws: Path) -> tuple[int, str, str, int]:
    """`thidua run` in a child process: exit code, stdout, stderr and the child's peak RSS in MB."""
    out, err = ws / "stdout.txt", ws / "stderr.txt"
    env = {**os.environ, "PYTHONWARNINGS": "default", "COLUMNS": "200"}
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen([sys.executable, "-m", "thidua_reports", "run", "-w", str(ws)],
                                stdout=o, stderr=e, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out.read_text("utf-8"), err.read_text("utf-8"), usage.ru_maxrss // 1024


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]], dict[str, str], tuple]:
    print(f"FUZZ_SEED={SEED}")
    ws = build_demo(tmp_path_factory.mktemp("fuzz") / "ws")
    (ws / "quyet_dinh_hoi_dong.xlsx").unlink()  # the demo council voted on the demo's own candidates
    toml = ws / "thidua.toml"
    text = toml.read_text("utf-8")
    assert "max_unpacked_mb = 200" in text
    toml.write_text(text.replace("max_unpacked_mb = 200", f"max_unpacked_mb = {UNPACKED_MB}"), "utf-8")
    made = make_fuzz_inbox(ws, random.Random(SEED))
    before = hashes(ws / "inbox")
    return ws, made, before, run_measured(ws)


def test_at_least_200_damaged_files(fuzzed: tuple) -> None:
    _ws, made, _before, _run = fuzzed
    assert sum(len(v) for v in made.values()) >= 200, f"FUZZ_SEED={SEED}"


def test_run_completes_without_traceback_or_warning(fuzzed: tuple) -> None:
    _ws, _made, _before, (code, out, err, rss) = fuzzed
    assert code == 0, f"FUZZ_SEED={SEED}\n{out[-3000:]}\n{err[-3000:]}"
    assert not BAD_OUTPUT.search(out + err), f"FUZZ_SEED={SEED}\n{err[-3000:]}"
    assert "Kết quả đã ghi vào" in out
    print(f"peak RSS of the run: {rss} MB")
    assert 0 < rss < MAX_RSS_MB, f"FUZZ_SEED={SEED}"


def test_every_file_accounted_for(fuzzed: tuple) -> None:
    ws, made, _before, _run = fuzzed
    data = json.loads((ws / "output" / "2021" / "ket_qua.json").read_text("utf-8"))
    statuses = {i["file"]: i["status"] for i in data["inputs"]}
    files = [p for p in (ws / "inbox").rglob("*") if p.is_file()]
    on_disk = {unicodedata.normalize("NFC", p.relative_to(ws).as_posix()) for p in files}  # shown in NFC
    assert set(statuses) == on_disk and len(statuses) == len(data["inputs"]) == len(files), f"FUZZ_SEED={SEED}"
    assert set(statuses.values()) <= STATUSES
    for item in data["inputs"]:
        if item["status"] == "rejected":
            assert item["errors"], (SEED, item["file"])
            for e in item["errors"]:
                msg = e["message"]
                assert VIETNAMESE.search(msg) and unicodedata.is_normalized("NFC", msg), (SEED, item["file"], msg)
    # files that cannot be right are all refused (or lose to a newer file of the unit), with a reason
    inputs = {i["file"]: i for i in data["inputs"]}
    errors = {f: " ".join(e["message"] for e in i["errors"]) for f, i in inputs.items()}
    for kind in ("truncated", "many_rows", "zip_bomb", "bad_code"):
        for f in made[kind]:
            assert statuses[f] in ("rejected", "superseded") and errors[f], (SEED, kind, f)
    assert "vượt giới hạn 5000 dòng" in errors[made["many_rows"][0]]
    honest, lying = made["zip_bomb"]
    assert f"giới hạn {UNPACKED_MB} MB" in errors[honest]
    assert "không đọc được" in errors[lying]
    assert [statuses[f] for f in made["other"][-5:]] == ["ignored", "rejected", "rejected", "ignored", "ignored"]
    # 100 000-character cells are read whole
    assert [statuses[f] for f in made["long_cell"]] == ["accepted"] * 3, SEED
    lengths = [len(i["name"]) for i in data["individuals"] if i["unit_code"] in ("PYT", "XA-PSON", "XA-PVINH")]
    assert lengths == [99_999] * 3
    # formulas without a cached value are named; with one, the value is read
    for f in made["formula"][:3]:
        assert "B6 (Tổng số biên chế): ô chứa công thức nhưng chưa có giá trị" in errors[f], (SEED, f, errors[f])
    for f in made["formula"][3:]:
        assert "B6" not in {e["cell"] for e in inputs[f]["errors"]}, (SEED, f, errors[f])
    # hidden rows, columns and sheets are read like visible ones; copies of sheets are left alone
    for f in made["merged_hidden"][3:5] + made["sheet_copy"]:
        assert not inputs[f]["errors"], (SEED, f, errors[f])
        assert not any("(2)" in (w["sheet"] or "") for w in inputs[f]["warnings"]), (SEED, f)


def test_outputs_stay_inside_and_inbox_untouched(fuzzed: tuple) -> None:
    ws, _made, before, _run = fuzzed
    assert hashes(ws / "inbox") == before
    year = ws / "output" / "2021"
    for p in (year / "kiem_tra").iterdir():
        assert re.fullmatch(r"[a-z0-9._-]+\.xlsx", p.name), p.name
    top = {p.name for p in ws.iterdir()}
    assert top <= {"GHI_CHU_DU_LIEU.txt", "danh_muc.xlsx", "inbox", "lich_su.sqlite", "mau_nhap", "thidua.toml",
                   "output", "stdout.txt", "stderr.txt", ".thidua_demo", ".thidua_cache", ".thidua.lock"}, top
    assert {p.name for p in (ws / "output").iterdir()} == {"2021"}
