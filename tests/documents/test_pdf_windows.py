"""The Windows branches of the PDF step that can be exercised on any system."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua_reports.documents import pdf


def test_soffice_found_where_the_windows_installer_puts_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)
    monkeypatch.delenv("PROGRAMW6432", raising=False)
    assert pdf.windows_soffice_paths() == [exe]
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pdf, "IS_WINDOWS", True)
    assert pdf.find_soffice() == str(exe)
    exe.unlink()
    assert pdf.find_soffice() is None
