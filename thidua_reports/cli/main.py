"""Command line `thidua`: parses options, calls one library function, prints a Vietnamese summary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thidua_reports.cli import i18n as cli_i18n
from thidua_reports.errors import ThiduaError

cli_i18n.install()
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[TÙY_CHỌN]"

workspace_option = click.option(
    "-w",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="THƯ_MỤC",
    default=Path("."),
    show_default="thư mục hiện tại",
    help="Thư mục làm việc của đợt thi đua (chứa thidua.toml).",
)


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _guard(debug: bool, action: Callable[[], None]) -> None:
    """Run a command; a ThiduaError becomes a one-paragraph message and its exit code."""
    try:
        action()
    except ThiduaError as exc:
        if debug:
            raise
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, traceback only with --debug
        if debug:
            raise
        click.echo(
            "Lỗi ngoài dự kiến, lượt chạy không hoàn thành "
            f"({type(exc).__name__}: {exc}). Kết quả cũ (nếu có) vẫn được giữ nguyên. "
            "Hãy chạy lại với --debug và gửi nội dung hiển thị cho người hỗ trợ kỹ thuật.",
            err=True,
        )
        sys.exit(1)


@click.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="LỆNH [THAM_SỐ]...")
@click.option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@click.version_option(package_name="thidua-reports", message="thidua %(version)s",
                      help="Hiện phiên bản rồi thoát.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """thidua — lập hồ sơ khen thưởng phong trào thi đua cải cách hành chính.

    Đọc các sổ Excel đơn vị gửi về (thư mục inbox/), kiểm tra, so sánh với năm trước,
    xét tiêu chí, đề xuất khen thưởng trong số lượng cho phép và soạn các văn bản
    (Tờ trình, Quyết định, Bản tóm tắt thành tích, Báo cáo tổng kết).
    """
    ctx.obj = {"debug": debug}


def _debug(ctx: click.Context) -> bool:
    return bool((ctx.obj or {}).get("debug"))


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("directory", required=False, metavar="[THƯ_MỤC]", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def demo(ctx: click.Context, directory: Path | None) -> None:
    """Tạo thư mục mẫu (Ninh Phước 2021) và chạy toàn bộ quy trình trên đó.

    THƯ_MỤC mặc định là output/demo.
    """

    def action() -> None:
        from thidua_reports.cli.console import print_run_summary
        from thidua_reports.demo import build_demo

        target = directory or Path("output") / "demo"
        ws = build_demo(target)
        click.echo(f"Đã tạo thư mục mẫu: {ws}")
        summary = _run_pipeline(ws, pdf=False)
        print_run_summary(_console(), summary)

    _guard(_debug(ctx), action)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("directory", metavar="THƯ_MỤC", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def init(ctx: click.Context, directory: Path) -> None:
    """Tạo thư mục làm việc mới: thidua.toml có chú thích và danh_muc.xlsx trống.

    Không bao giờ ghi đè tệp đã có.
    """

    def action() -> None:
        from thidua_reports.intake.new_workspace import init_workspace

        for path in init_workspace(directory):
            click.echo(f"Đã tạo {path}")
        click.echo("Hãy điền thidua.toml và danh_muc.xlsx, rồi chạy: thidua templates -w " + str(directory))

    _guard(_debug(ctx), action)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@workspace_option
@click.option("--blank", is_flag=True, help="Chỉ ghi các mẫu trống chuẩn (không theo đơn vị).")
@click.pass_context
def templates(ctx: click.Context, workspace: Path, blank: bool) -> None:
    """Ghi mẫu nhập liệu cho từng đơn vị vào mau_nhap/<mã đơn vị>.xlsx.

    Cũng ghi mẫu trống mau_nhap/quyet_dinh_hoi_dong.xlsx cho Hội đồng (cả khi có --blank).
    """

    def action() -> None:
        from thidua_reports.cli.console import write_forms

        for line in write_forms(workspace, blank):
            click.echo(line)

    _guard(_debug(ctx), action)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@workspace_option
@click.pass_context
def check(ctx: click.Context, workspace: Path) -> None:
    """Chỉ đọc và kiểm tra hồ sơ; ghi phiếu kiểm tra cho từng đơn vị."""

    def action() -> None:
        from thidua_reports import pipeline
        from thidua_reports.cli.console import print_check_summary, progress_bar

        with progress_bar(_console(), "Đang đọc hồ sơ") as progress:
            summary = pipeline.check(workspace, progress)
        print_check_summary(_console(), summary)

    _guard(_debug(ctx), action)


def _run_pipeline(workspace: Path, pdf: bool) -> Any:
    from thidua_reports import pipeline
    from thidua_reports.cli.console import progress_bar

    with progress_bar(_console(), "Đang đọc hồ sơ") as progress:
        return pipeline.run(workspace, pdf=pdf, progress=progress)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@workspace_option
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@click.pass_context
def run(ctx: click.Context, workspace: Path, pdf: bool) -> None:
    """Chạy toàn bộ: đọc, kiểm tra, so sánh, xét chọn, ghi văn bản và lịch sử."""

    def action() -> None:
        from thidua_reports.cli.console import print_run_summary

        print_run_summary(_console(), _run_pipeline(workspace, pdf))

    _guard(_debug(ctx), action)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@workspace_option
@click.pass_context
def watch(ctx: click.Context, workspace: Path) -> None:
    """Theo dõi thư mục inbox/ và chạy lại khi có tệp mới hoặc tệp thay đổi."""

    def action() -> None:
        from thidua_reports import pipeline
        from thidua_reports.cli.watch import status_line
        from thidua_reports.cli.watch import watch as watch_loop

        def run_once() -> str:
            return status_line(pipeline.run(workspace))

        try:
            watch_loop(pipeline.load(workspace).workspace, run_once, click.echo)
        except KeyboardInterrupt:
            click.echo("Đã dừng theo dõi.")

    _guard(_debug(ctx), action)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@workspace_option
@click.option("--unit", metavar="MÃ", help="Chỉ các khen thưởng của đơn vị có mã này.")
@click.option("--name", metavar="TÊN", help="Tên tập thể hoặc họ tên cá nhân (không cần dấu, hoa thường).")
@click.option("--year", type=int, metavar="NĂM", help="Chỉ các khen thưởng của năm thi đua này.")
@click.pass_context
def history(ctx: click.Context, workspace: Path, unit: str | None, name: str | None, year: int | None) -> None:
    """Tra cứu sổ khen thưởng qua các năm trong tệp lịch sử (mới nhất trước).

    Ví dụ: thidua history --name "nguyen thi hoa" tìm được "Nguyễn Thị Hoa".
    """

    def action() -> None:
        from thidua_reports import pipeline
        from thidua_reports.cli.console import print_history

        print_history(_console(), pipeline.history(workspace, unit, name, year))

    _guard(_debug(ctx), action)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@workspace_option
@click.option("--port", type=int, default=8765, show_default=True, metavar="CỔNG", help="Cổng của giao diện web.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ",
              help="Địa chỉ lắng nghe; địa chỉ khác 127.0.0.1 cần mật khẩu.")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tệp chứa mật khẩu đăng nhập (hoặc đặt biến môi trường THIDUA_PASSWORD).")
@click.pass_context
def serve(ctx: click.Context, workspace: Path, port: int, host: str, no_browser: bool,
          password_file: Path | None) -> None:
    """Mở giao diện web trên thư mục làm việc (mặc định chỉ trên máy này, 127.0.0.1:8765)."""

    def action() -> None:
        import os

        from thidua_reports.config import CONFIG_NAME
        from thidua_reports.errors import ConfigError
        from thidua_reports.web.app import serve as serve_web
        from thidua_reports.web.security import check_bind

        password = os.environ.get("THIDUA_PASSWORD") or None
        if password_file is not None:
            try:
                password = password_file.read_text(encoding="utf-8").strip() or None
            except (OSError, UnicodeDecodeError) as exc:
                raise ThiduaError(f"Không đọc được tệp mật khẩu {password_file}: {exc}") from None
        check_bind(host, password)
        ws = workspace.resolve()
        if not (ws / CONFIG_NAME).is_file():  # invalid settings are fine: the Cài đặt page shows and fixes them
            raise ConfigError(f"Không tìm thấy tệp cấu hình {ws / CONFIG_NAME}. Hãy chạy \"thidua init <thư mục>\" "
                              "để tạo thư mục làm việc, hoặc dùng -w để chỉ đúng thư mục.")
        serve_web(ws, host=host, port=port, password=password, open_browser=not no_browser,
                  debug=_debug(ctx), echo=click.echo)

    _guard(_debug(ctx), action)


if __name__ == "__main__":  # pragma: no cover
    main()
