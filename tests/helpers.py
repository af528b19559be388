"""Shared test helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"
SYSTEM_PYTHON = "/usr/bin/python3"


def require(condition: bool, reason: str) -> None:
    """Skip when a system part is missing here; fail in CI, which installs it."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def require_program(path_or_name: str) -> str:
    found = shutil.which(path_or_name)
    require(found is not None, f"{path_or_name} is not installed (see .ci/run)")
    return found  # type: ignore[return-value]
