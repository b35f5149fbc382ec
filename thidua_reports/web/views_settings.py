"""Cài đặt: the form over thidua.toml (the CLI's validation and messages, comments kept), the registry
danh_muc.xlsx to download or replace (the old one kept), and the unit forms as one zip."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from thidua_reports.errors import ThiduaError
from thidua_reports.pipeline import REGISTRY_NAME
from thidua_reports.vietnamese import parse_decimal_vi
from thidua_reports.web.context import back, ctx, post
from thidua_reports.web.settings_edit import (
    FormField,
    read_only_notes,
    settings_form,
    settings_notes,
)
from thidua_reports.web.settings_edit import save_settings as save_settings_file
from thidua_reports.web.settings_fields import decimal_text, percent_text
from thidua_reports.web.settings_labels import PERCENT_KEYS, choice_word
from thidua_reports.web.uploads import forms_zip, replace_registry

SECTION_TITLES = {
    "campaign": "Đợt thi đua", "issuer": "Cơ quan khen thưởng (ký Quyết định)",
    "office": "Cơ quan thường trực (soạn Tờ trình)", "quota": "Số lượng khen thưởng",
    "criteria": "Tiêu chí xét chọn", "award": "Hình thức và mức tiền thưởng", "documents": "Văn bản",
    "limits": "Giới hạn tệp nhận vào", "council": "Hội đồng Thi đua - Khen thưởng",
    "report": "Báo cáo tổng kết", "certificate": "Giấy khen", "dossier": "Hồ sơ kèm theo của đơn vị",
}


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _shown(f: FormField) -> FormField:
    """A value of the file as an officer writes it: dates dd/mm/yyyy, decimals with a comma, ratios
    as percentages, line breaks as lines; `_typed` reads each of them back."""
    found = ISO_DATE.fullmatch(f.value.strip()) if f.kind == "date" else None
    if found:
        return replace(f, value=f"{found[3]}/{found[2]}/{found[1]}")
    if f.kind == "decimal":
        return replace(f, value=percent_text(f.value) if f.name in PERCENT_KEYS else decimal_text(f.value))
    if f.kind == "text":
        return replace(f, value=f.value.replace("\\n", "\n"))
    return f


def _typed(name: str, value: str) -> str:
    """The form's text back as settings_edit reads it: a percentage ("10", "10%", "12,5") as the
    file's fraction ("0.1"); other texts unchanged (settings_edit takes "0,1", dd/mm/yyyy, lines)."""
    value = value.replace("\r\n", "\n")
    if name not in PERCENT_KEYS:
        return value
    number = parse_decimal_vi(value.strip().removesuffix("%").strip())
    if number is None:
        return value
    return format((number / 100).normalize(), "f")


def _sections(fields: list[FormField], from_file: bool = True) -> list[tuple[str, str, list[FormField]]]:
    out: list[tuple[str, str, list[FormField]]] = []
    for f in (map(_shown, fields) if from_file else fields):
        if not out or out[-1][0] != f.section:
            out.append((f.section, SECTION_TITLES.get(f.section, f.section), []))
        out[-1][2].append(f)
    return out


def _backups(workspace: Path) -> list[tuple[str, float]]:
    found = []
    for p in workspace.glob("danh_muc.*.xlsx"):
        try:
            found.append((p.name, p.stat().st_mtime))
        except OSError:
            continue
    return sorted(found, key=lambda x: x[1], reverse=True)[:10]


def _render(request: Request, fields: list[FormField] | None, problems: list[str], status: int = 200,
            registry_problems: list[str] | None = None) -> Response:
    web = ctx(request)
    load_error = None
    notes: list[str] = []
    from_file = fields is None
    if fields is None:
        try:
            fields = settings_form(web.workspace)
            notes = read_only_notes(web.workspace)
        except ThiduaError as exc:
            fields, load_error = [], str(exc)
    registry = web.workspace / REGISTRY_NAME
    return web.render(
        request, "settings.html", status_code=status, page_title="Cài đặt", sections=_sections(fields, from_file),
        problems=problems, load_error=load_error, notes=notes, warnings=settings_notes(web.workspace),
        registry_time=registry.stat().st_mtime if registry.is_file() else None,
        backups=_backups(web.workspace), registry_problems=registry_problems or [], choice_word=choice_word,
        percent_keys=PERCENT_KEYS,
        hide_settings_error=True,
    )


async def settings_page(request: Request) -> Response:
    return _render(request, None, [])


@post
async def save_settings(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    try:
        fields = settings_form(web.workspace)
    except ThiduaError as exc:
        web.flash(request, str(exc), "error")
        return back("/cai-dat")
    values, raw = {}, {}
    for f in fields:
        given = form.get(f.name)
        if isinstance(given, str):
            values[f.name], raw[f.name] = _typed(f.name, given), given.replace("\r\n", "\n")
        elif f.kind == "bool":
            values[f.name] = "false"  # an unticked box is not sent
    problems = save_settings_file(web.workspace, values)
    if problems:
        typed = [replace(f, value=raw[f.name]) if f.name in raw else _shown(f) for f in fields]
        return _render(request, typed, problems, status=400)
    web.flash(request, "Đã lưu thidua.toml (các chú thích trong tệp được giữ nguyên).")
    return back("/cai-dat")


async def registry_download(request: Request) -> Response:
    path = ctx(request).workspace / REGISTRY_NAME
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, filename=REGISTRY_NAME, content_disposition_type="attachment",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@post
async def registry_upload(request: Request) -> Response:
    web = ctx(request)
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("danh_muc")
    if not isinstance(upload, UploadFile) or not upload.filename:
        web.flash(request, "Chưa chọn tệp danh mục để tải lên.", "error")
        return back("/cai-dat#danh-muc")
    data = await upload.read(web.max_file_bytes() + 1)
    if len(data) > web.max_file_bytes():
        web.flash(request, "Tệp danh mục quá lớn so với giới hạn [limits] max_file_mb; tệp không được lưu.", "error")
        return back("/cai-dat#danh-muc")
    problems = replace_registry(web.workspace, data)
    if problems:
        return _render(request, None, [], status=400, registry_problems=problems)
    web.flash(request, "Đã thay danh_muc.xlsx bằng tệp vừa tải lên; bản cũ được giữ lại với tên có ngày giờ. "
                       "Hãy bấm Kiểm tra hoặc Chạy toàn bộ để áp dụng.")
    return back("/cai-dat#danh-muc")


@post
async def make_forms(request: Request) -> Response:
    web = ctx(request)
    try:
        data = forms_zip(web.workspace)
    except ThiduaError as exc:
        web.flash(request, str(exc), "error")
        return back("/cai-dat#mau-nhap")
    year = web.state.year or datetime.now().year
    name = f"mau_nhap_{year}.zip"
    return Response(data, media_type="application/zip",
                    headers={"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"})


routes = [
    Route("/cai-dat", settings_page),
    Route("/cai-dat", save_settings, methods=["POST"]),
    Route("/cai-dat/danh_muc.xlsx", registry_download),
    Route("/cai-dat/danh-muc", registry_upload, methods=["POST"]),
    Route("/cai-dat/mau-nhap", make_forms, methods=["POST"]),
]
