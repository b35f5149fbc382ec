"""One exception hierarchy; the CLI turns ThiduaError into a clean Vietnamese message."""

from __future__ import annotations

from pydantic_core import ErrorDetails


class ThiduaError(Exception):
    """A run cannot be completed. `str(err)` is a Vietnamese message for the user."""

    exit_code = 1


class ConfigError(ThiduaError):
    """thidua.toml is missing or invalid; `problems` lists every finding."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        full = message
        if self.problems:
            full += "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(full)


class RegistryError(ThiduaError):
    """danh_muc.xlsx cannot be used; `problems` holds Problem records."""

    def __init__(self, message: str, problems: list | None = None) -> None:
        self.problems = problems or []
        full = message
        if self.problems:
            full += "\n" + "\n".join(f"  - {p.describe()}" for p in self.problems)
        super().__init__(full)


class TemplateError(ThiduaError):
    """A .docx template cannot be rendered (pre-flight or render failure)."""


class OverrideError(ThiduaError):
    """quyet_dinh_hoi_dong.xlsx has errors (unknown unit/person, quota exceeded)."""


class LockError(ThiduaError):
    """Another run holds the workspace lock."""


class OutputBusy(ThiduaError):
    """The output folder could not be replaced: a file in it is open (Windows keeps open files locked)."""


class NotBuiltYet(ThiduaError):
    """A command of the spec that this version does not provide yet."""

    exit_code = 2


# --- Vietnamese messages for thidua.toml ------------------------------------------------------

_TYPE_WORDS = {
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "decimal_parsing": "phải là số",
    "decimal_type": "phải là số",
    "string_type": "phải là chuỗi ký tự trong dấu nháy kép",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "date_type": "phải là ngày dạng TOML, ví dụ 2021-11-30 (không có dấu nháy)",
    "date_parsing": "phải là ngày dạng TOML, ví dụ 2021-11-30 (không có dấu nháy)",
    "date_from_datetime_inexact": "phải là ngày (không kèm giờ), ví dụ 2021-11-30",
    "list_type": "phải là danh sách trong ngoặc vuông [ ... ]",
    "tuple_type": "phải là danh sách trong ngoặc vuông [ ... ]",
    "too_short": "thiếu phần tử (ví dụ page = [297, 210])",
    "too_long": "thừa phần tử (ví dụ page = [297, 210])",
    "model_type": "phải là một mục [bảng] hoặc { ... }",
    "model_attributes_type": "phải là một mục [bảng] hoặc { ... }",
    "dict_type": "phải là một mục [bảng] hoặc { ... }",
}


def validation_message(err: ErrorDetails) -> str:
    """One pydantic finding about thidua.toml as a Vietnamese line that names its key path."""
    key = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"{key}: thiếu khóa bắt buộc; hãy thêm giá trị cho khóa này"
    if kind == "extra_forbidden":
        return f"{key}: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại"
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return f"{key}: giá trị {err.get('input')!r} không hợp lệ; chỉ nhận {allowed}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        kind = "date_type"
    if kind in ("greater_than_equal", "greater_than"):
        sign = "≥" if kind == "greater_than_equal" else ">"
        return f"{key}: phải {sign} {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        sign = "≤" if kind == "less_than_equal" else "<"
        return f"{key}: phải {sign} {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return f"{key}: {ctx.get('error', err.get('msg'))}"
    if kind in _TYPE_WORDS:
        return f"{key}: {_TYPE_WORDS[kind]} (đang là {err.get('input')!r})"
    return f"{key}: giá trị không hợp lệ ({err.get('msg')})"
