"""Vietnamese for click's own texts (usage lines, help headings, usage errors).

Click marks its messages with gettext; we bind its modules' `_`/`ngettext` to this table rather
than ship a compiled catalogue. Texts not listed stay as click wrote them.
"""

from __future__ import annotations

from typing import Any

MESSAGES = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "default: {default}": "mặc định: {default}",
    "Aborted!": "Đã dừng.",
    "Missing command.": "Thiếu tên lệnh.",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing argument '{name}'.": "Thiếu tham số '{name}'.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "argument": "tham số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "directory": "Thư mục",
    "file": "Tệp",
    "path": "Đường dẫn",
    # click title-cases {name}, which breaks Vietnamese words: the phrases name the kind themselves
    "{name} {filename!r} does not exist.": "Đường dẫn {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{filename!r} là thư mục, không phải tệp.",
    "{name} {filename!r} is a file.": "{filename!r} là tệp, không phải thư mục.",
    "{name} {filename!r} is not readable.": "{filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{filename!r} không ghi được.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
}
PLURALS = {
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Possible options: {possibilities})": "(Các tùy chọn có thể: {possibilities})",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, chosen)


def install() -> None:
    """Point click's message lookups at the Vietnamese table (idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    modules: list[Any] = [click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                          click.types]
    for module in modules:
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
