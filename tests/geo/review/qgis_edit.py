"""Run by Debian's /usr/bin/python3 with python3-qgis: edit a GeoPackage's incidents layer as
an analyst does in QGIS (change an attribute, drag a point, delete a feature) and commit.

    qgis_edit.py STORE.gpkg EDITED_ID NEW_TYPE DRAGGED_ID LON LAT DELETED_ID
"""

from __future__ import annotations

import os
import sys

from qgis.core import QgsApplication, QgsGeometry, QgsPointXY, QgsVectorLayer


def main(gpkg: str, edited: str, new_type: str, dragged: str, lon: str, lat: str,
         deleted: str) -> int:
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(f"{gpkg}|layername=incidents", "incidents", "ogr")
    if not layer.isValid():
        print(f"{gpkg}: QGIS cannot open the incidents layer", file=sys.stderr)
        return 1
    ids = {f["incident_id"]: f.id() for f in layer.getFeatures()}
    field = layer.fields().indexOf("event_type")
    layer.startEditing()
    ok = layer.changeAttributeValue(ids[edited], field, new_type)
    ok &= layer.changeGeometry(ids[dragged],
                               QgsGeometry.fromPointXY(QgsPointXY(float(lon), float(lat))))
    ok &= layer.deleteFeature(ids[deleted])
    saved = ok and layer.commitChanges()
    if not saved:
        print(f"QGIS could not save the edits: {layer.commitErrors()}", file=sys.stderr)
    del layer  # before the application goes: QGIS crashes tearing them down the other way
    app.exitQgis()
    return 0 if saved else 1


if __name__ == "__main__":
    code = main(*sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # PyQt's teardown at interpreter exit may crash after a clean run
