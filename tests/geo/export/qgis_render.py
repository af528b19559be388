"""Render GeoPackage layers with their stored default styles in PyQGIS, to a PNG.

Run with the system Python that has python3-qgis (not the project's venv):

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/geo/export/qgis_render.py store.gpkg \
        out.png [--layers uncertainty,incidents] [--extent xmin,ymin,xmax,ymax] [--size 900x700]

Prints the extent drawn (lon/lat) as JSON, so a test can find a place's pixel.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from qgis.core import (
    QgsApplication,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("gpkg")
    parser.add_argument("png")
    parser.add_argument("--layers", default="uncertainty,incidents")
    parser.add_argument("--extent", default="")
    parser.add_argument("--size", default="900x700")
    args = parser.parse_args(argv)
    app = QgsApplication([], False)
    app.initQgis()
    layers = [QgsVectorLayer(f"{args.gpkg}|layername={name}", name, "ogr")
              for name in args.layers.split(",")]
    for layer in layers:
        if not layer.isValid():
            raise SystemExit(f"{args.gpkg}: layer {layer.name()} is not valid")
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # the first named is drawn on top
    settings.setDestinationCrs(layers[0].crs())
    width, height = (int(v) for v in args.size.split("x"))
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(255, 255, 255))
    if args.extent:
        extent = QgsRectangle(*(float(v) for v in args.extent.split(",")))
    else:
        extent = QgsRectangle(layers[0].extent())
        for layer in layers[1:]:
            extent.combineExtentWith(layer.extent())
        extent.scale(1.05)
    settings.setExtent(extent)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(args.png, "png")
    drawn = settings.visibleExtent()
    print(json.dumps({"extent": [drawn.xMinimum(), drawn.yMinimum(), drawn.xMaximum(),
                                 drawn.yMaximum()], "size": [width, height]}))
    sys.stdout.flush()
    # QGIS 3.22 can crash while tearing down after an offscreen render; all is written by now
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
