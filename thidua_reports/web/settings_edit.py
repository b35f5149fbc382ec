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
import threading
import tomllib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Item, Table

from thidua_reports.config import CONFIG_NAME, load_settings, parse_settings, settings_warnings
from thidua_reports.errors import ConfigError
from thidua_reports.vietnamese import parse_decimal_vi
from thidua_reports.web.settings_fields import (
    FormField,
    Kind,
    Spec,
    default_value,
    read_only_notes,
    read_toml,
    settings_form,
    specs,
)

__all__ = ["FormField", "parse_form_date", "read_only_notes", "save_decision", "save_settings", "settings_form",
           "settings_notes"]

_SAVE_LOCK = threading.Lock()  # one save at a time in this process (two browser tabs)


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


def _convert(spec: Spec, text: str) -> Any:
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


def _set(doc: tomlkit.TOMLDocument, spec: Spec, value: Any) -> str | None:
    """Write the value into the document; a problem when the section is not one plain [table]."""
    table = doc.get(spec.section)
    if table is None:
        table = tomlkit.table()
        doc.add(spec.section, table)
    if not isinstance(table, Table) or table.is_super_table():
        return (f"{spec.section}.{spec.key}: mục [{spec.section}] trong {CONFIG_NAME} không phải một bảng liền "
                "khối nên không ghi được từ biểu mẫu; hãy sửa trực tiếp trong tệp")
    if value is None:
        if spec.key in table:
            del table[spec.key]
        return None
    item = tomlkit.item(value)
    if isinstance(value, list) and len(value) > 1 and len(item.as_string()) > 80:
        item.multiline(True)  # type: ignore[attr-defined]  # one item a line, as long lists are written
    if spec.key in table:
        old = table.item(spec.key)
        if isinstance(old, Item):
            _keep_comment_column(old, item)
        table[spec.key] = item
        return None
    keys = [k for k, v in table.value.body if k is not None and not isinstance(v, Table)]
    if keys:  # after the section's last key, not after the comments that open the next section
        table.value._insert_after(keys[-1], spec.key, item)
    else:
        table.add(spec.key, item)
    return None


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
    with _SAVE_LOCK:
        return _save(Path(workspace), values, check_only)


def _save(workspace: Path, values: dict[str, str], check_only: bool) -> list[str]:
    try:
        text, _data = read_toml(workspace)
    except ConfigError as exc:
        return [str(exc)]
    doc = tomlkit.parse(text)
    by_name = {f"{s.section}.{s.key}": s for s in specs()}
    problems = []
    current = doc.unwrap()
    for name, typed in values.items():
        spec = by_name.get(name)
        if spec is None:
            problems.append(f"{name}: khóa không được hỗ trợ (có thể gõ sai tên); hãy xóa hoặc sửa lại")
            continue
        new = _convert(spec, typed)
        section = current.get(spec.section)
        present = isinstance(section, dict) and spec.key in section
        old = section[spec.key] if present else default_value(spec)  # type: ignore[index]
        if new is None and not present or new is not None and _same(new, old) and (
                present or not spec.info.is_required()):
            continue
        problem = _set(doc, spec, new)
        if problem:
            problems.append(problem)
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
