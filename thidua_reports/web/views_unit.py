"""Đơn vị: one unit's files, every error and warning with sheet and cell, its criteria, its nominees
and the downloads that concern it (feedback workbook, personalised form, drafts)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thidua_reports.documents.context import criterion_labels
from thidua_reports.models import STATUS_WORDS
from thidua_reports.vietnamese import slugify
from thidua_reports.web.context import ctx
from thidua_reports.web.state import STATUS_MISSING, STATUS_OK, STATUS_REJECTED, dossier_text

EXTRA_LABELS = {"ho_so": "Hồ sơ đầy đủ"}
FILE_WORDS = {**STATUS_WORDS, "attachment": "Hồ sơ kèm theo"}
KIND_WORDS = {"to_trinh": "Tờ trình", "bien_ban": "Biên bản", "bao_cao_thanh_tich": "Báo cáo thành tích",
              "khac": "Tài liệu khác"}


def _criteria(items: dict | None, labels: dict[str, str]) -> list[tuple[str, bool, str]]:
    if not items:
        return []
    order = list(labels)  # the plan's order (ket_qua.json sorts its keys)
    keys = sorted(items, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [(labels.get(k) or EXTRA_LABELS.get(k, k), bool(items[k].get("pass")), items[k].get("detail", ""))
            for k in keys]


async def unit_page(request: Request) -> Response:
    web = ctx(request)
    code = request.path_params["code"]
    settings, _ = web.state.settings()
    data = web.state.results()
    rows = {r.code: r for r in web.state.unit_rows()}
    row = rows.get(code)
    if row is None:
        raise HTTPException(404)
    unit = next((u for u in (data or {}).get("units", []) if u.get("code") == code), None)
    if web.state.use_check():
        unit = None  # the last check is newer than the run: its file list only
    inputs = [f for f in web.state.inputs() if f.get("unit_code") == code]
    inputs.sort(key=lambda f: (f.get("file") != row.file, f.get("file") or ""))
    labels = criterion_labels(settings) if settings else {"collective": {}, "individual": {}}
    people = []
    if unit is not None and data is not None:
        for p in data.get("individuals", []):
            if p.get("unit_code") == code:
                people.append({**p, "criteria_rows": _criteria(p.get("criteria"), labels["individual"])})
    slug = slugify(code)
    downloads = web.downloads()
    files = []
    if downloads is not None:
        for area, name, label in (("output", f"kiem_tra/{slug}.xlsx", "Phiếu kiểm tra hồ sơ của đơn vị"),
                                  ("mau_nhap", f"{slug}.xlsx", "Mẫu nhập liệu của đơn vị"),
                                  ("output", f"tom_tat/{slug}.docx", "Bản tóm tắt thành tích của tập thể")):
            item = downloads.lookup(area, name)
            if item is not None:
                files.append((label, item))
        for item in sorted(downloads.in_area("output", f"tom_tat/{slug}_"), key=lambda f: f.name):
            files.append(("Bản tóm tắt thành tích cá nhân", item))
        drafts = {f.name: f for folder in {code, slug} for f in downloads.in_area("output", f"ho_so_don_vi/{folder}/")}
        for name in sorted(drafts):
            files.append(("Dự thảo hồ sơ cho đơn vị", drafts[name]))
    dossier = dossier_text(unit.get("dossier")) if unit else ("", None)
    return web.render(
        request, "unit.html", page_title=row.name, row=row, unit=unit, inputs=inputs, people=people,
        criteria=_criteria((unit or {}).get("criteria"), labels["collective"]), files=files,
        file_words=FILE_WORDS, kind_words=KIND_WORDS, dossier=dossier[0],
        status_class={STATUS_OK: "ok", STATUS_REJECTED: "bad", STATUS_MISSING: "warn"}.get(row.status, ""),
    )


routes = [Route("/don-vi/{code}", unit_page)]
