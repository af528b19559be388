"""The interactive map: one HTML page with the incident layers built in the browser."""

from maps.html.page import build_map, render_html

__all__ = ["build_map", "render_html"]
