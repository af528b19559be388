"""Exports from the store: GeoJSON, CSV, FlatGeobuf, GeoPackage and QGIS projects."""
