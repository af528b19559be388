"""Errors in gazetteer data files, named by file, line and field."""

from __future__ import annotations


class GazetteerDataError(ValueError):
    """A malformed row in a curated or imported file."""

    def __init__(self, path: str, line: int | None, field: str | None, message: str):
        self.path, self.line, self.field = str(path), line, field
        where = self.path + (f":{line}" if line is not None else "")
        what = f" field '{field}'" if field else ""
        super().__init__(f"{where}:{what} {message}".replace(":: ", ": "))
