"""The error a user sees as one line: what went wrong, where, and what to do."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or settings. The CLI prints it as one line and exits non-zero (2)."""

    exit_code = 2
