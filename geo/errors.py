"""The error a user sees as one line: what went wrong, where, and what to do."""

from __future__ import annotations

import os
from pathlib import Path


class UserError(Exception):
    """Bad input or settings. The CLI prints it as one line and exits non-zero (2)."""

    exit_code = 2


def check_output_file(path: str | os.PathLike[str], what: str = "output") -> Path:
    """``path`` if a file can be written there, else a UserError saying what is in the way.

    Checked before anything is written, so that a run never stops half-way on its outputs."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a file; move it away or write the {what} "
                        "elsewhere")
    if path.exists() and not path.is_file():
        raise UserError(f"{path}: is not a regular file (a pipe or device?); write the {what} "
                        "elsewhere")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise UserError(f"{folder}: is a file, not a folder; cannot write {path} there")
            break
    return path
