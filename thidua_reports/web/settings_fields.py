"""The fields of the settings form (SPEC §13.6), derived from the typed model of `config.py`: which
keys an officer sets, their kind, label, help and current value as text. `settings_edit` saves them."""

from __future__ import annotations

import tomllib
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import tomlkit
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from thidua_reports.config import CONFIG_NAME, Settings, load_settings
from thidua_reports.errors import ConfigError
from thidua_reports.web.settings_labels import (
    HELPS,
    LABELS,
    PERCENT_KEYS,
    SECTION_ORDER,
    choice_word,
)

Kind = Literal["text", "int", "decimal", "date", "bool", "list", "choice"]


@dataclass(frozen=True)
class FormField:
    """One key of thidua.toml as the form shows it; `name` ("section.key") is the form field name."""

    section: str
    key: str
    label: str
    value: str
    required: bool
    help: str
    kind: Kind
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


@dataclass(frozen=True)
class Spec:
    section: str
    key: str
    info: FieldInfo
    kind: Kind
    optional: bool  # None is a value: an empty field removes the key
    choices: tuple[str, ...]
    item_type: type | None  # of a list


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type without None, whether None was allowed)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(typing.get_args(annotation))
    return annotation, False


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _kind(t: Any) -> tuple[Kind, tuple[str, ...], type | None] | None:
    """The form kind of a type, or None for what the form does not edit (nested tables)."""
    origin = typing.get_origin(t)
    if origin is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(t)), None
    if origin in (list, tuple):
        items = {a for a in typing.get_args(t) if a is not Ellipsis}
        item = items.pop() if len(items) == 1 else None
        if item is None or _is_model(item):
            return None
        return "list", (), item
    if _is_model(t) or origin is not None:
        return None
    if t is bool:
        return "bool", (), None
    if t is int:
        return "int", (), None
    if t in (Decimal, float):
        return "decimal", (), None
    if t is date:
        return "date", (), None
    if t is str:
        return "text", (), None
    return None


def _sections() -> list[tuple[str, type[BaseModel]]]:
    found = []
    for name, info in Settings.model_fields.items():
        t, _ = _unwrap(info.annotation)
        if _is_model(t):
            found.append((name, t))
    rank = {name: n for n, name in enumerate(SECTION_ORDER)}
    return sorted(found, key=lambda s: rank.get(s[0], len(rank)))


def specs() -> list[Spec]:
    specs = []
    for section, model in _sections():
        for attr, info in model.model_fields.items():
            t, optional = _unwrap(info.annotation)
            found = _kind(t)
            if found is None:
                continue
            kind, choices, item = found
            specs.append(Spec(section, info.alias or attr, info, kind, optional, choices, item))
    return specs


def _skipped() -> list[tuple[str, str, FieldInfo]]:
    out = []
    for section, model in _sections():
        for attr, info in model.model_fields.items():
            if _kind(_unwrap(info.annotation)[0]) is None:
                out.append((section, info.alias or attr, info))
    return out


# --- values as the form shows them --------------------------------------------------------------


def _number_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v == v.to_integral_value() else str(v)
    return str(v)


def show(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "list":
        return "\n".join(_number_text(v) if not isinstance(v, str) else v for v in value)
    if kind in ("int", "decimal"):
        return _number_text(value)
    return str(value).replace("\n", "\\n")


def default_value(spec: Spec) -> Any:
    info = spec.info
    if info.is_required():
        return None
    return info.get_default(call_default_factory=True)


def read_toml(workspace: Path) -> tuple[str, dict]:
    path = workspace / CONFIG_NAME
    if not path.is_file():
        load_settings(workspace)  # raises the CLI's ConfigError for a missing file
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        return text, tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp cấu hình {CONFIG_NAME} phải được lưu với bảng mã UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {CONFIG_NAME} sai cú pháp TOML: {exc}") from None


def decimal_text(value: str) -> str:
    """"0.1" → "0,1": a decimal as an officer writes it (the save accepts both)."""
    return value.replace(".", ",") if value.count(".") == 1 and value.replace(".", "").lstrip("-").isdigit() \
        else value


def percent_text(value: str) -> str:
    """A fraction of the file as a percentage: "1" → "100", "0.1" → "10" ("" and other texts unchanged)."""
    try:
        number = Decimal(value.strip()) * 100
    except (ArithmeticError, ValueError):
        return value
    return decimal_text(format(number.normalize(), "f"))


def shown_default(name: str, value: Any, kind: Kind) -> str:
    """A default value in words: "không", "Làm tròn lên", "0,1", "10%"."""
    text = show(value, kind)
    if kind == "bool":
        return "có" if value else "không"
    if kind == "choice":
        return choice_word(name, text)
    if kind == "decimal":
        return percent_text(text) + "%" if name in PERCENT_KEYS else decimal_text(text)
    return text.replace("\n", "; ")


def _help(spec: Spec) -> str:
    name = f"{spec.section}.{spec.key}"
    text = HELPS.get(name) or (spec.info.description or "").strip()
    default = default_value(spec)
    if spec.info.is_required():
        return f"{text}. Bắt buộc." if text else "Bắt buộc."
    shown = shown_default(name, default, spec.kind) if default not in (None, "", []) else ""
    if shown and "mặc định" not in text.lower():
        return f"{text}. Mặc định: {shown}." if text else f"Mặc định: {shown}."
    return text


def settings_form(workspace: Path) -> list[FormField]:
    """The form over the workspace's thidua.toml: one field per key an officer sets, in the order of
    the sections of SPEC §3, each with its current value (or its default when the file leaves it
    out). Raises ConfigError (the CLI's message) when the file is missing or not TOML; a file that
    is TOML but invalid is shown as it is, so that the officer can correct it in the form."""
    _text, data = read_toml(workspace)
    fields = []
    for spec in specs():
        section = data.get(spec.section)
        present = isinstance(section, dict) and spec.key in section
        value = section[spec.key] if present else default_value(spec)  # type: ignore[index]
        fields.append(FormField(
            section=spec.section, key=spec.key,
            label=LABELS.get(f"{spec.section}.{spec.key}") or (spec.info.description or spec.key),
            value=show(value, spec.kind), required=spec.info.is_required(), help=_help(spec),
            kind=spec.kind, choices=spec.choices,
        ))
    return fields


def read_only_notes(workspace: Path) -> list[str]:
    """The keys the form leaves to the file itself (lists of tables, nested tables), one line each
    with what the file holds: 'criteria.cchc_bands — Các mức xếp loại theo điểm: sửa trực tiếp
    trong thidua.toml (hiện có: [...])'."""
    _text, data = read_toml(workspace)
    notes = []
    for section, key, info in _skipped():
        held = data.get(section, {}).get(key) if isinstance(data.get(section), dict) else None
        now = f" (hiện có: {_inline(held)})" if held not in (None, {}, []) else " (đang dùng mặc định)"
        what = LABELS.get(f"{section}.{key}") or info.description or key
        notes.append(f"{section}.{key} — {what}: sửa trực tiếp trong {CONFIG_NAME}{now}")
    return notes


def _inline(value: Any) -> str:
    """A value as TOML writes it on one line: [{ name = "Tốt", min = 80 }, …]."""
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update(value)
        return table.as_string()
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return tomlkit.item(value).as_string()
