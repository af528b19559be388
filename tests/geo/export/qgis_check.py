"""Load a GeoPackage store and a project in PyQGIS and report what QGIS sees, as JSON.

Run with the system Python that has python3-qgis (not the project's venv):

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/geo/export/qgis_check.py store.gpkg \
        [--project p.qgz] [--days 2024-01-28,2023-10-19]

``--sources sources.json`` opens the layers from those data sources instead (a JSON object of
layer name to ``[source, provider]``, e.g. PostGIS tables), as the QGIS browser adds them.

``--days`` asks, for each day, how many features of the project's incidents layer the
layer's temporal settings show when the Temporal Controller is on that day.
"""

from __future__ import annotations

import argparse
import json
import sys

from qgis.core import (
    QgsApplication,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

LAYERS = ("incidents", "places", "uncertainty", "unresolved")


def temporal(layer):
    props = layer.temporalProperties()
    return {
        "active": bool(props.isActive()),
        "mode": int(props.mode()),
        "start_field": props.startField(),
        "end_field": props.endField(),
        "start_expression": props.startExpression(),
        "end_expression": props.endExpression(),
    }


def describe(layer):
    info = {
        "valid": layer.isValid(),
        "crs": layer.crs().authid(),
        "feature_count": int(layer.featureCount()),
        "fields": [f.name() for f in layer.fields()],
        "field_types": {f.name(): f.typeName() for f in layer.fields()},
        "temporal": temporal(layer),
        "labels": bool(layer.labelsEnabled()),
    }
    renderer = layer.renderer()
    if renderer is not None:
        info["renderer"] = renderer.type()
        if renderer.type() == "categorizedSymbol":
            info["attribute"] = renderer.classAttribute()
            info["categories"] = [
                {"value": c.value(), "label": c.label(), "color": c.symbol().color().name()}
                for c in renderer.categories()
            ]
        if renderer.type() == "singleSymbol":
            info["color"] = renderer.symbol().color().name()
        if renderer.type() == "RuleRenderer":
            info["rules"] = [[rule.label(), rule.filterExpression()]
                             for rule in renderer.rootRule().children()]
    info["opacity"] = layer.opacity()
    if layer.labeling() is not None:
        info["label_field"] = layer.labeling().settings().fieldName
    return info


def day_counts(layer, days):
    counts = {}
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    for day in days:
        start = QDateTime(QDate.fromString(day, Qt.ISODate), QTime(0, 0), Qt.UTC)
        span = QgsDateTimeRange(start, start.addDays(1), True, False)
        expression = layer.temporalProperties().createFilterString(context, span)
        request = QgsFeatureRequest()
        if expression:
            request.setFilterExpression(expression)
        counts[day] = sum(1 for _ in layer.getFeatures(request))
    return counts


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("gpkg")
    parser.add_argument("--project")
    parser.add_argument("--days", default="")
    parser.add_argument("--sources")
    args = parser.parse_args(argv)
    sources = {name: (f"{args.gpkg}|layername={name}", "ogr") for name in LAYERS}
    if args.sources:
        with open(args.sources, encoding="utf-8") as fh:
            sources = {name: tuple(value) for name, value in json.load(fh).items()}

    app = QgsApplication([], False)
    app.initQgis()
    report = {"qgis": QgsApplication.instance().applicationVersion(), "layers": {}}
    layers = []
    for name in LAYERS:
        layer = QgsVectorLayer(sources[name][0], name, sources[name][1])
        layers.append(layer)
        info = describe(layer)
        info["default_style_loaded"] = layer.styleManager().currentStyle() != ""
        # QGIS resets temporal activity after loading the default style when a layer is
        # created; reloading the default style shows what the stored QML carries.
        message, loaded = layer.loadDefaultStyle()
        info["style_reloaded"] = bool(loaded)
        info["temporal_from_style"] = temporal(layer)
        report["layers"][name] = info
    if args.project:
        project = QgsProject.instance()
        ok = project.read(args.project)
        found = {}
        for layer in project.mapLayers().values():
            entry = {
                "valid": layer.isValid(),
                "crs": layer.crs().authid(),
                "source": layer.source(),
                "provider": layer.providerType(),
            }
            if isinstance(layer, QgsVectorLayer):
                entry.update(describe(layer))
            else:
                entry["provider"] = layer.providerType()
            found[layer.name()] = entry
        incidents = project.mapLayersByName("incidents")
        days = [d for d in args.days.split(",") if d]
        time_range = project.timeSettings().temporalRange()
        view = project.viewSettings().defaultViewExtent()
        report["project"] = {
            "read": bool(ok),
            "crs": project.crs().authid(),
            "layers": found,
            "layer_order": [node.name() for node in project.layerTreeRoot().findLayers()],
            "time_range": [
                time_range.begin().toString(Qt.ISODate),
                time_range.end().toString(Qt.ISODate),
            ],
            "day_counts": day_counts(incidents[0], days) if incidents and days else {},
            "view_extent": [view.xMinimum(), view.yMinimum(), view.xMaximum(), view.yMaximum()],
            "view_crs": view.crs().authid(),
            "absolute_paths": project.readBoolEntry("Paths", "/Absolute", True)[0],
        }
        del incidents
        project.removeAllMapLayers()
        project.clear()
    del layers
    print(json.dumps(report, indent=1, sort_keys=True))
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1:])
