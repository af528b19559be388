"""Static maps (PNG, SVG, PDF) for a brief: offline basemap, layers, labels, furniture, facets."""

from maps.static.render import FORMATS, MapOptionError, render_static, static_figure

__all__ = ["FORMATS", "MapOptionError", "render_static", "static_figure"]
