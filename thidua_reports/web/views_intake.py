"""Nhận hồ sơ: several files at once into inbox/ (or inbox/<code>/), never overwriting, refused over the
size limit before being written; then checked at once, and the page shows what became of each file."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thidua_reports.intake.attachments import ATTACHMENT_EXTENSIONS
from thidua_reports.models import STATUS_WORDS
from thidua_reports.web.context import MAX_FILES, back, ctx, post
from thidua_reports.web.uploads import UploadRefused, store_upload

KEEP_BATCHES = 20
FILE_WORDS = {**STATUS_WORDS, "attachment": "Hồ sơ kèm theo"}


async def intake_page(request: Request) -> Response:
    web = ctx(request)
    number = request.query_params.get("lo", "")
    batch = web.batches.get(int(number)) if number.isdigit() else None
    checking = False
    rows = []
    if batch is not None:
        job = web.jobs.current
        checking = job is not None and job.running
        found = {f["file"]: f for f in web.state.inputs()}
        for entry in batch["files"]:
            attachment = (entry.get("original") or "").lower().endswith(ATTACHMENT_EXTENSIONS)
            rows.append({**entry, "result": found.get(entry["stored"]) if entry.get("stored") else None,
                         "attachment": attachment})
    units = web.state.unit_rows()
    return web.render(
        request, "intake.html", page_title="Nhận hồ sơ", units=units, batch=rows, batch_number=number,
        stored=sum(1 for e in rows if e["stored"]), batch_note=batch["note"] if batch else None,
        checking=checking, auto_refresh=checking, max_mb=web.max_file_bytes() / (1024 * 1024),
        max_files=MAX_FILES, max_bytes=web.max_file_bytes(), file_words=FILE_WORDS,
        chosen=request.query_params.get("don_vi", ""), attachment_extensions=ATTACHMENT_EXTENSIONS,
    )


@post
async def upload(request: Request) -> Response:
    web = ctx(request)
    form = await request.form(max_files=MAX_FILES, max_fields=100)
    code = str(form.get("don_vi", "")).strip()
    known = {r.code for r in web.state.unit_rows()}
    if code and code not in known:
        web.flash(request, f"Không có đơn vị mã {code} trong danh mục.", "error")
        return back("/nhan-ho-so")
    files = [f for f in form.getlist("tep") if isinstance(f, UploadFile) and f.filename]
    if not files:
        web.flash(request, "Chưa chọn tệp nào để gửi.", "error")
        return back("/nhan-ho-so")
    inbox = web.workspace / "inbox"
    limit = web.max_file_bytes()
    entries = []
    for f in files:
        entry = {"original": f.filename, "stored": None, "refused": None}
        try:
            path = store_upload(inbox, f.filename or "", f.file, limit, code or None)
            entry["stored"] = path.relative_to(web.workspace).as_posix()
        except UploadRefused as exc:
            entry["refused"] = str(exc)
        finally:
            await f.close()
        entries.append(entry)
    note = None
    if any(e["stored"] for e in entries):
        web.monitor.accept_current()  # checked here; the watcher need not start a run for them
        job, reason = web.jobs.start("check", origin="sau khi nhận tệp")
        if job is None:
            note = f"Chưa kiểm tra được: {reason}"
    number = max(web.batches, default=0) + 1
    web.batches[number] = {"files": entries, "note": note}
    for old in sorted(web.batches)[:-KEEP_BATCHES]:
        del web.batches[old]
    return back(f"/nhan-ho-so?lo={number}")


routes = [
    Route("/nhan-ho-so", intake_page),
    Route("/nhan-ho-so", upload, methods=["POST"]),
]
