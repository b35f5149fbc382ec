"""Console output of the commands: progress bar and Vietnamese summary tables (rich)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from thidua_reports.pipeline import Progress, Summary
from thidua_reports.vietnamese import format_money

PROGRESS_MIN_FILES = 20  # below this a bar only flickers


@contextmanager
def progress_bar(console: Any, label: str) -> Iterator[Progress]:
    """A callback (done, total) that shows a bar once there are many files."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES or not console.is_terminal:
            return
        if "bar" not in state:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            bar = Progress(
                f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
            )
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


def _counts_table(summary: Summary) -> Any:
    from rich.table import Table

    t = Table(title=f"Hồ sơ thi đua năm {summary.year}", show_header=True, header_style="bold")
    t.add_column("Đơn vị", justify="left")
    t.add_column("Số lượng", justify="right")
    t.add_row("Tổng số đơn vị trong danh mục", str(summary.units_total))
    t.add_row("Đã nhận", str(summary.received))
    t.add_row("Hợp lệ", str(summary.accepted))
    t.add_row("Bị từ chối", str(summary.rejected))
    t.add_row("Chưa gửi", str(summary.missing))
    t.add_row("Gửi muộn", str(summary.late))
    if summary.unknown_files:
        t.add_row("Tệp không xác định được đơn vị", str(summary.unknown_files))
    ignored = summary.files.get("ignored", 0)
    superseded = summary.files.get("superseded", 0)
    if superseded:
        t.add_row("Tệp cũ bị thay thế (đơn vị gửi nhiều lần)", str(superseded))
    attachments = summary.files.get("attachment", 0)
    if attachments:
        t.add_row("Tệp đính kèm của đơn vị (văn bản đã ký)", str(attachments))
    if ignored:
        t.add_row("Tệp bỏ qua (tệp khóa, tệp ẩn, không phải sổ tính)", str(ignored))
    return t


def print_check_summary(console: Any, summary: Summary) -> None:
    from rich.table import Table

    t = Table(title="Tình trạng hồ sơ từng đơn vị", header_style="bold")
    for col in ("Mã", "Tên đơn vị", "Tình trạng", "Gửi muộn", "Lỗi", "Cảnh báo"):
        t.add_column(col)
    for row in summary.unit_rows:
        t.add_row(
            row.code,
            row.name,
            row.status,
            "Có" if row.late else "",
            str(row.errors or ""),
            str(row.warnings or ""),
        )
    console.print(t)
    console.print(_counts_table(summary))
    _print_notes(console, summary)
    if summary.output_dir:
        console.print(f"Phiếu kiểm tra từng đơn vị: {summary.output_dir}")


def print_run_summary(console: Any, summary: Summary) -> None:
    from rich.table import Table

    console.print(_counts_table(summary))
    t = Table(title="Kết quả xét chọn", header_style="bold")
    t.add_column("")
    t.add_column("Tập thể", justify="right")
    t.add_column("Cá nhân", justify="right")
    t.add_row("Đủ tiêu chuẩn", str(summary.eligible_collectives), str(summary.eligible_individuals))
    t.add_row("Đề nghị khen thưởng", str(summary.selected_collectives), str(summary.selected_individuals))
    console.print(t)
    for line in summary.council_lines:
        console.print(line, markup=False)
    if summary.total_money is not None:
        console.print(f"Tổng tiền thưởng: [bold]{format_money(summary.total_money)} đồng[/bold]")
    _print_notes(console, summary)
    if summary.output_dir:
        console.print(f"Kết quả đã ghi vào: {summary.output_dir}")


def _print_notes(console: Any, summary: Summary, limit: int = 10) -> None:
    if not summary.notes:
        return
    console.print("[bold]Lưu ý:[/bold]")
    for note in summary.notes[:limit]:
        console.print(f"  - {note}", markup=False)
    if len(summary.notes) > limit:
        console.print(f"  … và {len(summary.notes) - limit} lưu ý khác (xem tong_hop.xlsx, trang Loi).")


def write_forms(workspace: Path, blank: bool) -> list[str]:
    """`thidua templates`: per-unit forms in mau_nhap/, or the standard blank form; the blank council
    form mau_nhap/quyet_dinh_hoi_dong.xlsx either way (it is never personalised)."""
    from thidua_reports.workbooks.council_form import COUNCIL_FORM_NAME, write_council_form
    from thidua_reports.workbooks.unit_form import (
        BLANK_NAME,
        FORMS_DIR,
        write_all_forms,
        write_blank_form,
    )

    if blank:
        from thidua_reports.config import CONFIG_NAME, load_settings

        target = workspace / FORMS_DIR / BLANK_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        # the blank form needs no workspace; with one, it carries the campaign's year and deadline
        settings = load_settings(workspace) if (workspace / CONFIG_NAME).is_file() else None
        write_blank_form(target, settings)
        council = write_council_form(workspace / FORMS_DIR / COUNCIL_FORM_NAME, settings)
        return [f"Đã ghi mẫu trống: {target}", _council_line(council)]
    from thidua_reports.pipeline import load

    loaded = load(workspace)
    paths = write_all_forms(loaded.workspace, loaded.settings, loaded.registry)
    council = write_council_form(loaded.workspace / FORMS_DIR / COUNCIL_FORM_NAME, loaded.settings)
    return [f"Đã ghi {len(paths)} mẫu nhập liệu vào {loaded.workspace / FORMS_DIR}", _council_line(council)]


def print_history(console: Any, rows: list[Any]) -> None:
    """`thidua history`: the register's rows (AwardRecord) as a table, or "Không có kết quả"."""
    from rich.table import Table

    from thidua_reports.workbooks.register import HEADERS, row_values

    if not rows:
        console.print("Không có kết quả")
        return
    if not console.is_terminal:  # piped or saved: every name whole rather than the default 80 columns
        console.width = max(console.width, 180)
    t = Table(title="Sổ theo dõi khen thưởng", header_style="bold")
    for header in HEADERS:
        t.add_column(header, justify="right" if header == "Số tiền" else "left")
    for record in rows:
        values = row_values(record)
        values[8] = format_money(int(values[8]))
        t.add_row(*(str(v) for v in values))
    console.print(t)
    console.print(f"Số lượt khen thưởng: {len(rows)}")


def _council_line(path: Path) -> str:
    return f"Đã ghi mẫu quyết định của Hội đồng (điền sau phiên họp): {path}"
