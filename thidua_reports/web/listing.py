"""The download registry: the files the server itself listed under output/<year>/, mau_nhap/ and
input_templates/, looked up by their listed name. A path sent by a browser is never joined onto the disk."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

# area key in URLs → folder of the workspace (the output area is the campaign year's folder)
AREAS = ("output", "mau_nhap", "input_templates")
SKIP_PREFIXES = (".", "~$")
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".zip": "application/zip",
}


@dataclass(frozen=True)
class Listed:
    area: str
    name: str  # POSIX path inside the area, as the server listed it
    path: Path
    size: int
    mtime: float

    @property
    def url(self) -> str:
        return f"/tai/{self.area}/{self.name}"

    @property
    def view_url(self) -> str:
        return f"/xem/{self.area}/{self.name}"

    @property
    def is_pdf(self) -> bool:
        return self.name.lower().endswith(".pdf")

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(Path(self.name).suffix.lower(), "application/octet-stream")


def _walk(root: Path) -> list[tuple[str, Path, os.stat_result]]:
    found: list[tuple[str, Path, os.stat_result]] = []
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(SKIP_PREFIXES))
        for name in sorted(filenames):
            if name.startswith(SKIP_PREFIXES):
                continue
            path = Path(dirpath) / name
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((path.relative_to(root).as_posix(), path, st))
    return found


class Downloads:
    """The listing of one workspace, rebuilt when one of its folders changed."""

    def __init__(self, workspace: Path, year: int) -> None:
        self.workspace = workspace
        self.year = year
        self._lock = threading.Lock()
        self._stamp: tuple = ()
        self._files: dict[tuple[str, str], Listed] = {}

    def roots(self) -> dict[str, Path]:
        return {
            "output": self.workspace / "output" / str(self.year),
            "mau_nhap": self.workspace / "mau_nhap",
            "input_templates": self.workspace / "input_templates",
        }

    def _current_stamp(self) -> tuple:
        stamp: list[tuple[int, int] | None] = []
        for root in self.roots().values():
            for folder in (root, root / "kiem_tra", root / "pdf"):
                try:
                    st = folder.stat()
                    stamp.append((st.st_ino, st.st_mtime_ns))
                except OSError:
                    stamp.append(None)
        return tuple(stamp)

    def refresh(self, force: bool = False) -> None:
        with self._lock:
            stamp = self._current_stamp()
            if not force and stamp == self._stamp:
                return
            files = {}
            for area, root in self.roots().items():
                for name, path, st in _walk(root):
                    files[(area, name)] = Listed(area, name, path, st.st_size, st.st_mtime)
            self._files, self._stamp = files, stamp

    def lookup(self, area: str, name: str) -> Listed | None:
        """The listed file, or None: anything the server did not list itself (`..`, absolute paths,
        drive letters, encoded separators) is simply not in the map."""
        self.refresh()
        item = self._files.get((area, name))
        if item is None or not item.path.is_file():
            return None
        return item

    def in_area(self, area: str, prefix: str = "") -> list[Listed]:
        self.refresh()
        return [f for (a, n), f in self._files.items() if a == area and n.startswith(prefix)]

    def output(self, name: str) -> Listed | None:
        return self.lookup("output", name)
