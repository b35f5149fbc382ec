"""Văn bản: every output of output/<year>/ to download, PDFs viewable in the browser, and the decision
number and date entered after signing (saved into thidua.toml, then a run). Also the download routes,
which serve only files the server listed itself."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from thidua_reports.vietnamese import doc_number, short_date
from thidua_reports.web.context import back, ctx, post
from thidua_reports.web.listing import Listed
from thidua_reports.web.settings_edit import save_decision

GROUPS = [
    ("Văn bản trình khen thưởng", [
        ("to_trinh.docx", "Tờ trình đề nghị khen thưởng"),
        ("quyet_dinh.docx", "Quyết định khen thưởng kèm danh sách"),
        ("in_an.docx", "Tệp in: Quyết định và các Bản tóm tắt thành tích"),
        ("bao_cao_tong_ket.docx", "Báo cáo tổng kết phong trào"),
        ("tong_hop.xlsx", "Sổ tổng hợp kết quả (Excel)"),
    ]),
    ("Hội đồng Thi đua - Khen thưởng", [
        ("thong_bao_cong_khai.docx", "Thông báo công khai danh sách đề nghị"),
        ("phieu_bieu_quyet.docx", "Phiếu biểu quyết"),
        ("bien_ban_hoi_dong.docx", "Biên bản họp Hội đồng"),
    ]),
    ("Sau khi Quyết định được ký", [
        ("giay_khen.docx", "Giấy khen"),
        ("giay_khen_can_chinh.docx", "Trang căn chỉnh in Giấy khen"),
        ("chi_tien_thuong.xlsx", "Danh sách chi tiền thưởng"),
        ("so_khen_thuong.xlsx", "Sổ theo dõi khen thưởng qua các năm"),
    ]),
    ("Dữ liệu", [
        ("ket_qua.json", "Kết quả dạng dữ liệu (JSON)"),
        ("manifest.json", "Danh sách tệp đầu vào, đầu ra và mã kiểm tra"),
    ]),
]
FOLDERS = [("tom_tat/", "Bản tóm tắt thành tích"), ("ho_so_don_vi/", "Dự thảo hồ sơ của từng đơn vị"),
           ("kiem_tra/", "Phiếu kiểm tra hồ sơ của từng đơn vị"), ("pdf/", "Bản PDF")]
# a folder lists its first files only: at 2 000 units the drafts alone are 10 000 files, a page of
# several megabytes; every unit's files are on its own page (Đơn vị)
FOLDER_SHOWN = 300


async def documents_page(request: Request) -> Response:
    web = ctx(request)
    settings, _ = web.state.settings()
    downloads = web.downloads()
    groups: list[tuple[str, list[tuple[str, Listed, Listed | None]]]] = []
    folders: list[tuple[str, list[Listed]]] = []
    named: set[str] = set()
    hidden: dict[str, int] = {}  # folder title → files not listed here (each unit's page has them)
    if downloads is not None:
        for title, entries in GROUPS:
            entries_found: list[tuple[str, Listed, Listed | None]] = []
            for name, label in entries:
                item = downloads.output(name)
                if item is not None:
                    pdf = downloads.output("pdf/" + name.rsplit(".", 1)[0] + ".pdf")
                    entries_found.append((label, item, pdf))
                    named.add(name)
            if entries_found:
                groups.append((title, entries_found))
        for prefix, title in FOLDERS:
            items = sorted(downloads.in_area("output", prefix), key=lambda f: f.name)
            if items:
                folders.append((title, items))
                hidden[title] = max(0, len(items) - FOLDER_SHOWN)
        others = [f for f in downloads.in_area("output") if "/" not in f.name and f.name not in named]
        if others:
            folders.append(("Tệp khác", sorted(others, key=lambda f: f.name)))
    issuer = settings.issuer if settings else None
    return web.render(
        request, "documents.html", page_title="Văn bản", groups=groups, folders=folders, hidden=hidden,
        shown=FOLDER_SHOWN,
        number_line=(doc_number(issuer.decision_number, settings.decision_symbol) if issuer.decision_number
                     else f"Số: ……/{settings.decision_symbol}") if settings and issuer else "",
        decision_number=issuer.decision_number if issuer else "",
        decision_date=short_date(issuer.decision_date) if issuer else "",
        problems=[],
    )


@post
async def save_number(request: Request) -> Response:
    web = ctx(request)
    form = await request.form()
    number = str(form.get("so", "")).strip()[:50]
    signed = str(form.get("ngay", "")).strip()[:20]
    problems = save_decision(web.workspace, number, signed)
    if problems:
        for p in problems:
            web.flash(request, p, "error")
        return back("/van-ban")
    job, reason = web.jobs.start("run", origin="sau khi lưu số Quyết định")
    web.flash(request, f"Đã lưu số Quyết định {number or '(để trống)'} ngày {signed} vào thidua.toml.")
    if job is None:
        web.flash(request, f"Chưa chạy lại được: {reason}", "error")
    else:
        web.flash(request, "Đang chạy lại để cập nhật các văn bản; dòng trạng thái phía trên báo khi xong.")
    return back("/van-ban")


SUSPICIOUS = (b"%2f", b"%5c", b"%2e", b"%00", b"\\", b"/../", b"/./", b"//")


def _listed(request: Request) -> Listed:
    """The listed file a download URL names; 404 for anything else, and for any URL whose raw form holds
    an encoded separator or dot, a backslash or an empty/relative segment (never decoded onto the disk)."""
    raw = bytes(request.scope.get("raw_path") or b"").lower()
    if any(s in raw for s in SUSPICIOUS) or raw.endswith((b"/..", b"/.")):
        raise HTTPException(404)
    downloads = ctx(request).downloads()
    area = request.path_params["area"]
    name = request.path_params["name"]
    item = downloads.lookup(area, name) if downloads is not None else None
    if item is None:
        raise HTTPException(404)
    return item


async def download(request: Request) -> Response:
    item = _listed(request)
    return FileResponse(item.path, media_type=item.media_type, filename=item.path.name,
                        content_disposition_type="attachment")


async def view(request: Request) -> Response:
    item = _listed(request)
    if not item.is_pdf:
        raise HTTPException(404)
    return FileResponse(item.path, media_type="application/pdf", filename=item.path.name,
                        content_disposition_type="inline")


routes = [
    Route("/van-ban", documents_page),
    Route("/van-ban/so-quyet-dinh", save_number, methods=["POST"]),
    Route("/tai/{area}/{name:path}", download),
    Route("/xem/{area}/{name:path}", view),
]
