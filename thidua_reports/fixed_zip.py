"""Deterministic zip bytes for the .docx and .xlsx the tool writes: equal members give equal bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

Stamp = tuple[int, int, int, int, int, int]


def fixed_zip(members: Iterable[tuple[str, bytes]], stamp: Stamp) -> bytes:
    """A zip whose bytes depend only on the members: given order, one fixed timestamp, fixed
    attributes, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            archive.writestr(info, data)
    return buffer.getvalue()
