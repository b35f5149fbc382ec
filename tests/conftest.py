"""Shared fixtures: the demo campaign settings, loaded as a user's workspace would be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thidua_reports.config import Settings, load_settings

DEMO_TOML = Path(__file__).resolve().parent.parent / "thidua_reports" / "demo" / "thidua.toml"


@pytest.fixture
def demo_settings(tmp_path: Path) -> Settings:
    """Settings of the Ninh Phước 2021 demo, with `workspace` set to an empty temp folder."""
    shutil.copy(DEMO_TOML, tmp_path / "thidua.toml")
    return load_settings(tmp_path)
