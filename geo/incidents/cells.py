"""Text cells safe to open in a spreadsheet (OWASP "CSV injection").

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is a
formula to Excel, LibreOffice and Google Sheets: ``=HYPERLINK(...)`` sends data away,
``@SUM(1+1)*cmd|...`` runs a program. Every CSV we write passes its text cells through
:func:`neutralize`, which puts a ``'`` in front (as OWASP advises; spreadsheets show the text
as written and hide the quote); :func:`restore` takes it off again when we read our own CSV.
"""

from __future__ import annotations

import re

#: The characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# one "'" is added before any run of "'" followed by a formula start, so restore is exact
_NEUTRALIZED = re.compile(r"'+[=+\-@\t\r]")
_DANGEROUS = re.compile(r"'*[=+\-@\t\r]")


def neutralize(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates: ``'`` before a formula start."""
    return "'" + text if _DANGEROUS.match(text) else text


def restore(text: str) -> str:
    """The text :func:`neutralize` was given (other text is returned as it is)."""
    return text[1:] if _NEUTRALIZED.match(text) else text
