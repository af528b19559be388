"""`geo qgis` commands (to be filled in by its issue)."""
