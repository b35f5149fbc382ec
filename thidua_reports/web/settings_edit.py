"""The settings form of `thidua serve` (SPEC §13.5, §13.6): `thidua.toml` shown as form fields and
saved back with its comments, blank lines and key order kept (a tomlkit round trip).

- `settings_form(workspace)` — one `FormField` per key an officer sets, derived from the typed
  model in `config.py` (so a key added there shows up here).
- `save_settings(workspace, {"section.key": "text as typed"})` — converts the texts to TOML
  values, validates the whole file with the run's own code (`config.parse_settings`, the same
  Vietnamese messages as `thidua check`), and writes atomically only when it is valid. Returns
  the problems; an empty list means saved.
- `save_decision(workspace, number, signed_on)` — the decision number and date after signing
  (SPEC §11), through `save_settings`.
- `settings_notes(workspace)` — the non-blocking notes of the saved settings (`settings_warnings`).
- `read_only_notes(workspace)` — the keys the form does not edit (nested tables such as
  `criteria.cchc_bands`) with their current value, to show beside the form.

Values in the form are texts: "text" keys show a line break as the two characters "\\n" (as
in the file, e.g. header_name); "list" keys one item per line; "date" keys yyyy-mm-dd (dd/mm/yyyy
accepted when saving); "bool" keys "true"/"false" (also accepted: on/off, 1/0, có/không);
"decimal" keys accept a decimal comma ("0,1"). A key missing from the file shows its default.
"""

from __future__ import annotations

import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import tomlkit
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from tomlkit.items import Item, Table

from thidua_reports.config import (
    CONFIG_NAME,
    Settings,
    load_settings,
    parse_settings,
    settings_warnings,
)
from thidua_reports.errors import ConfigError
from thidua_reports.vietnamese import parse_decimal_vi
from thidua_reports.web.settings_labels import LABELS, SECTION_ORDER

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
class _Spec:
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


def _specs() -> list[_Spec]:
    specs = []
    for section, model in _sections():
        for attr, info in model.model_fields.items():
            t, optional = _unwrap(info.annotation)
            found = _kind(t)
            if found is None:
                continue
            kind, choices, item = found
            specs.append(_Spec(section, info.alias or attr, info, kind, optional, choices, item))
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


def _show(value: Any, kind: Kind) -> str:
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


def _default(spec: _Spec) -> Any:
    info = spec.info
    if info.is_required():
        return None
    return info.get_default(call_default_factory=True)


def _read(workspace: Path) -> tuple[str, dict]:
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


def _help(spec: _Spec) -> str:
    text = (spec.info.description or "").strip()
    default = _default(spec)
    if spec.info.is_required():
        return f"{text}. Bắt buộc." if text else "Bắt buộc."
    shown = _show(default, spec.kind).replace("\n", "; ") if default not in (None, "", []) else ""
    if shown and "mặc định" not in text.lower():
        return f"{text}. Mặc định: {shown}." if text else f"Mặc định: {shown}."
    return text


def settings_form(workspace: Path) -> list[FormField]:
    """The form over the workspace's thidua.toml: one field per key an officer sets, in the order of
    the sections of SPEC §3, each with its current value (or its default when the file leaves it
    out). Raises ConfigError (the CLI's message) when the file is missing or not TOML; a file that
    is TOML but invalid is shown as it is, so that the officer can correct it in the form."""
    _text, data = _read(workspace)
    fields = []
    for spec in _specs():
        section = data.get(spec.section)
        present = isinstance(section, dict) and spec.key in section
        value = section[spec.key] if present else _default(spec)  # type: ignore[index]
        fields.append(FormField(
            section=spec.section, key=spec.key,
            label=LABELS.get(f"{spec.section}.{spec.key}") or (spec.info.description or spec.key),
            value=_show(value, spec.kind), required=spec.info.is_required(), help=_help(spec),
            kind=spec.kind, choices=spec.choices,
        ))
    return fields


def read_only_notes(workspace: Path) -> list[str]:
    """The keys the form leaves to the file itself (lists of tables, nested tables), one line each
    with what the file holds: 'criteria.cchc_bands — Các mức xếp loại theo điểm: sửa trực tiếp
    trong thidua.toml (hiện có: [...])'."""
    _text, data = _read(workspace)
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


# --- from form texts to TOML values -------------------------------------------------------------

_TRUE = {"true", "1", "on", "yes", "có", "co", "x"}
_FALSE = {"false", "0", "off", "no", "không", "khong", ""}
_INT = re.compile(r"[+-]?\d+|[+-]?\d{1,3}(?:[. ]\d{3})+")


def parse_form_date(text: str) -> date | None:
    """"15/12/2021", "15-12-2021" or "2021-12-15" → date; None when it is none of these."""
    raw = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def _scalar(text: str, kind: Kind | None) -> Any:
    """The TOML value of a text; the text itself when it does not convert (the validation then
    reports it with the CLI's message, e.g. "phải là số nguyên (đang là 'abc')")."""
    raw = text.strip()
    if kind == "int":
        return int(re.sub(r"[. ]", "", raw)) if _INT.fullmatch(raw) else raw
    if kind == "decimal":
        number = parse_decimal_vi(raw)
        if number is None:
            return raw
        return int(number) if number == number.to_integral_value() and "." not in raw and "," not in raw \
            else float(number)
    if kind == "date":
        return parse_form_date(raw) or raw
    if kind == "bool":
        low = raw.casefold()
        return True if low in _TRUE else False if low in _FALSE else raw
    return text.replace("\r\n", "\n").replace("\\n", "\n")


def _convert(spec: _Spec, text: str) -> Any:
    """The value to write for the form text; None means: remove the key (its default applies)."""
    if spec.kind == "list":
        lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        if not lines and spec.optional:
            return None
        kinds: dict[Any, Kind] = {int: "int", float: "decimal", Decimal: "decimal"}
        item_kind = kinds.get(spec.item_type)
        return [_scalar(line, item_kind) if item_kind else line for line in lines]
    if spec.optional and not text.strip():
        return None
    if spec.kind in ("text", "choice"):
        return _scalar(text, "text").strip()
    return _scalar(text, spec.kind)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal):
        return Decimal(repr(a) if isinstance(a, float) else a) == Decimal(repr(b) if isinstance(b, float) else b)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _keep_comment_column(old: Item, new: Item) -> None:
    """A value of another length: shift the space before the comment so the comment stays put."""
    trivia = new.trivia
    trivia.indent, trivia.comment, trivia.trail = old.trivia.indent, old.trivia.comment, old.trivia.trail
    trivia.comment_ws = old.trivia.comment_ws
    if old.trivia.comment:
        width = len(old.as_string()) + len(old.trivia.comment_ws)
        trivia.comment_ws = " " * max(1, width - len(new.as_string()))


def _set(doc: tomlkit.TOMLDocument, spec: _Spec, value: Any) -> None:
    table = doc.get(spec.section)
    if table is None:
        table = tomlkit.table()
        doc.add(spec.section, table)
    assert isinstance(table, Table)
    if value is None:
        if spec.key in table:
            del table[spec.key]
        return
    item = tomlkit.item(value)
    if isinstance(value, list) and len(value) > 1 and len(item.as_string()) > 80:
        item.multiline(True)  # type: ignore[attr-defined]  # one item a line, as long lists are written
    if spec.key in table:
        old = table.item(spec.key)
        if isinstance(old, Item):
            _keep_comment_column(old, item)
        table[spec.key] = item
        return
    keys = [k for k, v in table.value.body if k is not None and not isinstance(v, Table)]
    if keys:  # after the section's last key, not after the comments that open the next section
        table.value._insert_after(keys[-1], spec.key, item)
    else:
        table.add(spec.key, item)


def save_settings(workspace: Path, values: dict[str, str], *, check_only: bool = False) -> list[str]:
    """Set the given keys ("section.key" → text as typed) in thidua.toml; return the problems.

    The texts become TOML values (see the module doc); a key whose value does not change is not
    touched, a key the file leaves out is added only when it differs from its default (after the
    section's last key), an emptied optional key is removed (its default applies again). The whole
    resulting file is then checked as the CLI checks it (`config.parse_settings`: types, required
    keys, ranges, dates in order, unknown keys…). Problems are the CLI's own lines, each starting
    with its key path ("quota.collectives: phải ≥ 0"); a submitted name that is not a settable
    key gets the CLI's unknown-key line. With problems nothing is written; otherwise the file is
    replaced atomically (temp file beside it, then os.replace) and every comment, blank line and
    key order outside the changed values stays byte for byte (line endings included). With
    `check_only` nothing is ever written.
    """
    workspace = Path(workspace)
    try:
        text, _data = _read(workspace)
    except ConfigError as exc:
        return [str(exc)]
    doc = tomlkit.parse(text)
    specs = {f"{s.section}.{s.key}": s for s in _specs()}
    problems = []
    current = doc.unwrap()
    for name, typed in values.items():
        spec = specs.get(name)
        if spec is None:
            problems.append(f"{name}: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại")
            continue
        new = _convert(spec, typed)
        section = current.get(spec.section)
        present = isinstance(section, dict) and spec.key in section
        old = section[spec.key] if present else _default(spec)  # type: ignore[index]
        if new is None:
            if present:
                _set(doc, spec, None)
            continue
        if _same(new, old) and (present or not spec.info.is_required()):
            continue
        _set(doc, spec, new)
    out = doc.as_string()
    try:
        parse_settings(tomllib.loads(out), CONFIG_NAME, workspace)
    except ConfigError as exc:
        problems.extend(exc.problems or [str(exc)])
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - tomlkit writes valid TOML
        problems.append(f"Tệp cấu hình {CONFIG_NAME} sai cú pháp TOML: {exc}")
    if problems:
        return problems
    if not check_only and out != text:
        _write_atomic(workspace / CONFIG_NAME, out)
    return []


def _write_atomic(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def save_decision(workspace: Path, number: str, signed_on: str) -> list[str]:
    """After signing (SPEC §11): set `issuer.decision_number` and `issuer.decision_date`.

    `number` is the number alone ("125"); "125/QĐ-UBND" is accepted when the part after "/" is the
    workspace's decision symbol. `signed_on` is dd/mm/yyyy or yyyy-mm-dd. Same validation and
    messages as the CLI ("issuer.decision_number: chỉ ghi phần số (ví dụ \"125\"), đang là …");
    returns the problems, an empty list when saved.
    """
    number = number.strip()
    if "/" in number:
        head, _, symbol = number.partition("/")
        try:
            ours = load_settings(Path(workspace)).decision_symbol
        except ConfigError:
            ours = None
        if ours is not None and symbol.strip().casefold() == ours.casefold():
            number = head.strip()
    return save_settings(workspace, {"issuer.decision_number": number, "issuer.decision_date": signed_on})


def settings_notes(workspace: Path) -> list[str]:
    """The notes `thidua run` prints about valid settings (e.g. district level after 01/7/2025);
    empty when the settings do not load (save_settings reports those)."""
    try:
        return settings_warnings(load_settings(Path(workspace)))
    except ConfigError:
        return []
