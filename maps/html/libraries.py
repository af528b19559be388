"""Leaflet for the HTML map: inlined from the installed XStatic-Leaflet package, or linked.

By default the page carries Leaflet's script and stylesheet itself (with the stylesheet's images
as data: URIs), so it opens with no network. ``cdn=True`` links the same files, byte for byte,
from jsDelivr with Subresource Integrity hashes computed from the installed copy: a CDN that
served anything else would be refused by the browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: The installed package that ships Leaflet's dist files.
PACKAGE = "xstatic.pkg.leaflet"
CDN_BASE = "https://cdn.jsdelivr.net/npm/leaflet@{version}/dist/"
SCRIPT = "leaflet.js"
STYLESHEET = "leaflet.css"
_CSS_URL = re.compile(r"url\((images/[A-Za-z0-9_.-]+\.png)\)")
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


@dataclass(frozen=True)
class Leaflet:
    """Leaflet's script and stylesheet as installed, with the version they came with."""

    version: str
    script: str
    stylesheet: str

    @classmethod
    @lru_cache(maxsize=1)
    def installed(cls) -> Leaflet:
        import xstatic.pkg.leaflet as package

        data = resources.files(PACKAGE).joinpath("data")
        return cls(
            version=str(package.VERSION),
            # bytes decoded as they are (read_text would turn \r\n into \n: another hash)
            script=data.joinpath(SCRIPT).read_bytes().decode("utf-8"),
            stylesheet=data.joinpath(STYLESHEET).read_bytes().decode("utf-8"),
        )

    def cdn_url(self, name: str) -> str:
        return CDN_BASE.format(version=self.version) + name

    def head(self, cdn: bool = False) -> str:
        """The <head> markup that brings Leaflet in: inline, or CDN links with integrity."""
        if cdn:
            return (
                f'<link rel="stylesheet" href="{self.cdn_url(STYLESHEET)}" '
                f'integrity="{sri(self.stylesheet)}" crossorigin="anonymous">\n'
                f'<script src="{self.cdn_url(SCRIPT)}" '
                f'integrity="{sri(self.script)}" crossorigin="anonymous"></script>'
            )
        return (
            f"<style>{inline_safe(_inline_images(self.stylesheet), 'style')}</style>\n"
            f"<script>{inline_safe(_SOURCE_MAP.sub('', self.script), 'script')}</script>"
        )


def sri(text: str) -> str:
    """A Subresource Integrity value (sha384) for a file's exact bytes."""
    digest = hashlib.sha384(text.encode("utf-8")).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


def inline_safe(text: str, tag: str) -> str:
    """The text, checked to be safe inside a <tag> element (no closing tag, no comment)."""
    lowered = text.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise RuntimeError(f"cannot inline this {tag}: it holds </{tag} or <!--")
    return text


def _inline_images(css: str) -> str:
    """Leaflet's stylesheet with its relative image URLs replaced by data: URIs."""
    images = resources.files(PACKAGE).joinpath("data")

    def data_uri(match: re.Match[str]) -> str:
        raw = images.joinpath(match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(raw).decode('ascii')})"

    return _CSS_URL.sub(data_uri, css)
