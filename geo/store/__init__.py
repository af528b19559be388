"""The store: GeoPackage layers read and written through GDAL/Arrow, and the one update path."""
