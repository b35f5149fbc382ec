"""Xét chọn: the ranking of collectives and individuals with every criterion, rank and tie flag, and
the council's actions (Chọn/Loại with a reason, members and attendance, the meeting, the vote), each
saved into quyet_dinh_hoi_dong.xlsx by council_edit with the run's own validation and messages."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thidua_reports.decision.council import person_key
from thidua_reports.documents.context import (
    COLLECTIVE_CRITERIA,
    INDIVIDUAL_CRITERIA,
    criterion_labels,
)
from thidua_reports.models import COUNCIL_ROLES
from thidua_reports.web.context import back, ctx, post
from thidua_reports.web.council_edit import (
    Member,
    VoteEntry,
    clear_decision,
    council_path,
    council_state,
    set_decision,
    set_meeting,
    set_members,
    set_votes,
)

SHOW_OTHERS = 50  # non-eligible rows shown under the ranking (tong_hop.xlsx has all)
SHOW_RANKED = 60  # ranked rows shown; past them only the proposed, chosen, removed or tied (tong_hop.xlsx has all)
BLANK_MEMBER_ROWS = 3
KIND_WORDS = {"tap_the": "Tập thể", "ca_nhan": "Cá nhân"}
METHODS = ("Giơ tay", "Bỏ phiếu kín")


def _ordered(items: list[dict]) -> tuple[list[dict], list[dict]]:
    ranked = sorted((i for i in items if i.get("rank")), key=lambda i: i["rank"])
    chosen = [i for i in items if not i.get("rank") and (i.get("override") or i.get("selected"))]
    others = [i for i in items if not i.get("rank") and not (i.get("override") or i.get("selected"))]
    return ranked + chosen, others


def _trimmed(ranked: list[dict]) -> tuple[list[dict], int]:
    """The first SHOW_RANKED rows of the ranking and every later row the council acts on; how many are left."""
    kept = [i for n, i in enumerate(ranked) if n < SHOW_RANKED or i.get("proposed") or i.get("selected")
            or i.get("override") or i.get("tie_at_cutoff")]
    return kept, len(ranked) - len(kept)


def _key(kind: str, unit_code: str, name: str) -> tuple[str, str, str]:
    word = KIND_WORDS.get(kind, kind)
    return word, unit_code.strip(), person_key(name) if word == "Cá nhân" else ""


def _on_ballot(item: dict, verdict: str | None) -> bool:
    """Put to the vote: proposed − Loại + Chọn (SPEC §6.4, §10), with the council file's current
    Chọn/Loại (`verdict`), which may be newer than the last run's."""
    return (bool(item.get("proposed")) and verdict != "Loại") or verdict == "Chọn"


def _decisions(state: Any) -> dict[tuple[str, str, str], dict]:
    return {_key(d.get("kind", ""), d.get("unit_code", ""), d.get("name", "")): d for d in state.decisions}


def _vote_rows(units: list[dict], people: list[dict], state: Any) -> list[dict]:
    held = {_key(v.get("kind", ""), v.get("unit_code", ""), v.get("name", "")): v for v in state.votes}
    current = _decisions(state)
    rows, seen = [], set()
    for kind, items in (("Tập thể", units), ("Cá nhân", people)):
        for i in items:
            code = i.get("code") or i.get("unit_code") or ""
            name = i.get("name", "") if kind == "Cá nhân" else ""
            key = _key(kind, code, name)
            verdict = current[key].get("decision") if key in current else None
            if not _on_ballot(i, verdict if state.exists else i.get("override")):
                continue
            seen.add(key)
            v = held.get(key, {})
            label = i["name"] if kind == "Tập thể" else f"{i['name']} ({i.get('unit_name', code)})"
            rows.append({"kind": kind, "unit_code": code, "name": name, "label": label,
                         "agree": v.get("agree", ""), "disagree": v.get("disagree", "")})
    for key, v in held.items():  # rows of the file for candidates no longer on the ballot: kept, shown
        if key not in seen:
            rows.append({"kind": key[0], "unit_code": key[1], "name": v.get("name", ""),
                         "label": f"{v.get('name') or key[1]} (không còn trong danh sách biểu quyết)",
                         "agree": v.get("agree", ""), "disagree": v.get("disagree", "")})
    return rows


async def council_page(request: Request) -> Response:
    web = ctx(request)
    settings, _ = web.state.settings()
    data = web.state.results() or {}
    units = [u for u in data.get("units", []) if u.get("accepted") and u.get("requested")]
    people = list(data.get("individuals", []))
    top_units, other_units = _ordered(units)
    top_people, other_people = _ordered(people)
    top_units, later_units = _trimmed(top_units)
    top_people, later_people = _trimmed(top_people)
    labels = criterion_labels(settings) if settings else {"collective": {}, "individual": {}}
    state = council_state(web.workspace)
    decisions = _decisions(state)
    path = council_path(web.workspace)
    pending = path.is_file() and path.stat().st_mtime > web.state.results_time() > 0
    members = list(state.members) + [{"name": "", "position": "", "role": "Ủy viên", "present": "Có"}
                                     for _ in range(BLANK_MEMBER_ROWS)]
    return web.render(
        request, "council.html", page_title="Xét chọn", has_results=bool(data),
        top_units=top_units, other_units=other_units[:SHOW_OTHERS],
        more_units=max(0, len(other_units) - SHOW_OTHERS), top_people=top_people,
        other_people=other_people[:SHOW_OTHERS], more_people=max(0, len(other_people) - SHOW_OTHERS),
        later_units=later_units, later_people=later_people, unit_keys=COLLECTIVE_CRITERIA, person_keys=INDIVIDUAL_CRITERIA, labels=labels,
        quota=settings.quota if settings else None, council=data.get("council"), totals=data.get("totals"),
        state=state, decisions=decisions, key=_key, pending=pending, members=members, roles=COUNCIL_ROLES,
        methods=METHODS, votes=_vote_rows(units, people, state) if data else [],
    )


def _show(request: Request, problems: list[str], done: str, anchor: str) -> Response:
    web = ctx(request)
    if problems:
        web.flash(request, "Chưa ghi vào quyet_dinh_hoi_dong.xlsx:", "error")
        for p in problems:
            web.flash(request, p, "error")
    else:
        web.flash(request, f"{done} Bấm \u201cChạy toàn bộ\u201d để áp dụng vào kết quả và các văn bản.")
    return back(f"/xet-chon#{anchor}")


def _field(form: Any, name: str, limit: int = 300) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


@post
async def decision(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    kind, code, name = _field(form, "loai"), _field(form, "ma_don_vi"), _field(form, "ho_ten")
    verdict, reason = _field(form, "quyet_dinh"), _field(form, "ly_do", 1000)
    who = f"{name} ({code})" if name else code
    anchor = "ca-nhan" if kind == "ca_nhan" else "tap-the"
    state = council_state(web.workspace)
    key = _key(kind, code, name)
    voted = any(_key(v.get("kind", ""), v.get("unit_code", ""), v.get("name", "")) == key for v in state.votes)
    dropped = (f" Đã xóa dòng biểu quyết của {who} (trang BieuQuyet) vì {who} không còn trong danh sách đưa ra "
               "biểu quyết.")
    if verdict == "Bỏ":
        was = next((d.get("decision") for d in state.decisions
                    if _key(d.get("kind", ""), d.get("unit_code", ""), d.get("name", "")) == key), None)
        drop = voted and was == "Chọn" and not _proposed(web, kind, code, name)
        problems = clear_decision(web.workspace, kind, code, name, drop_vote=drop)
        return _show(request, problems, f"Đã xóa quyết định của Hội đồng về {who}." + (dropped if drop else ""),
                     anchor)
    if verdict in ("Chọn", "Loại") and not reason:
        return _show(request, [f"Hãy ghi lý do {verdict.lower()} {who}."], "", anchor)
    drop = voted and verdict == "Loại"
    problems = set_decision(web.workspace, kind, code, name, verdict, reason, drop_vote=drop)
    return _show(request, problems, f"Đã ghi: {verdict} {who} — {reason}." + (dropped if drop else ""), anchor)


def _proposed(web: Any, kind: str, code: str, name: str) -> bool:
    """The candidate is in the office's proposal of the last run (before the council's Chọn/Loại)."""
    data = web.state.results() or {}
    key = _key(kind, code, name)
    for word, items in (("Tập thể", data.get("units", [])), ("Cá nhân", data.get("individuals", []))):
        for i in items:
            item_code = i.get("code") or i.get("unit_code") or ""
            if _key(word, item_code, i.get("name", "") if word == "Cá nhân" else "") == key:
                return bool(i.get("proposed"))
    return False


@post
async def members(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    names, positions = form.getlist("ten"), form.getlist("chuc_vu")
    roles, present = form.getlist("vai_tro"), set(form.getlist("co_mat"))
    rows = []
    for n, (name, position, role) in enumerate(zip(names, positions, roles, strict=False)):
        if isinstance(name, str) and name.strip():
            rows.append(Member(name[:200], str(position)[:200], str(role)[:50], str(n) in present))
    problems = set_members(web.workspace, rows)
    return _show(request, problems, f"Đã ghi {len(rows)} thành viên Hội đồng.", "thanh-vien")


@post
async def meeting(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    problems = set_meeting(web.workspace, start=_field(form, "bat_dau"), end=_field(form, "ket_thuc"),
                           place=_field(form, "dia_diem"), method=_field(form, "hinh_thuc"))
    return _show(request, problems, "Đã ghi thông tin phiên họp.", "phien-hop")


@post
async def votes(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    fields = [form.getlist(k) for k in ("v_loai", "v_ma", "v_ten", "v_dong_y", "v_khong")]
    rows = [VoteEntry(str(k), str(c), str(n), str(a).strip(), str(d).strip())
            for k, c, n, a, d in zip(*fields, strict=False) if str(a).strip() or str(d).strip()]
    problems = set_votes(web.workspace, rows)
    return _show(request, problems, f"Đã ghi kết quả biểu quyết của {len(rows)} tập thể, cá nhân.", "bieu-quyet")


routes = [
    Route("/xet-chon", council_page),
    Route("/xet-chon/quyet-dinh", decision, methods=["POST"]),
    Route("/xet-chon/thanh-vien", members, methods=["POST"]),
    Route("/xet-chon/phien-hop", meeting, methods=["POST"]),
    Route("/xet-chon/bieu-quyet", votes, methods=["POST"]),
]
