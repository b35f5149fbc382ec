"""One exception hierarchy; the CLI turns ThiduaError into a clean Vietnamese message."""

from __future__ import annotations


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


class NotBuiltYet(ThiduaError):
    """A command of the spec that this version does not provide yet."""

    exit_code = 2
