"""Area incidents drawn together are the areas each draws alone: regions cut to their country
where they cross its border, the bare circle where they do not, one polygon per region."""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely

from gazetteer.borders import map_shape
from gazetteer.geodesy import geodesic_circles
from geo.incidents.areas import incident_areas
from geo.incidents.schema import incidents_frame


def _region(lat: float, lon: float, km: float, country: str, **more) -> dict:
    return dict(event_date=dt.date(2024, 1, 5), event_type="shelling", place_name="a province",
                lat=lat, lon=lon, country=country, geo_precision=3, uncertainty_km=km, **more)


def test_regions_drawn_together_are_the_ones_drawn_alone():
    rows = [
        _region(34.37, 41.05, 60.0, "IQ"),  # on the Syrian border: cut
        _region(33.3, 44.4, 20.0, "IQ"),  # around Baghdad: inside, a bare circle
        _region(33.3, 44.4, 20.0, "IQ", notes="the same region again"),
        _region(35.0, 38.0, 30.0, ""),  # no country: a bare circle
        dict(event_date=dt.date(2024, 1, 5), event_type="airstrike", place_name="a site",
             lat=36.2, lon=44.0, geo_precision=1),  # a site: no area
        dict(event_date=dt.date(2024, 1, 5), event_type="airstrike", place_name="Syria",
             lat=35.0, lon=38.5, country="SY", geo_precision=4),  # the country
    ]
    frame = incidents_frame(rows)
    together = incident_areas(frame)
    for i in range(len(frame)):
        alone = incident_areas(frame.iloc[[i]])
        assert together.kind[i] == alone.kind[0] and together.key[i] == alone.key[0]
        if alone.geometry[0] is None:
            assert together.geometry[i] is None
        else:
            assert shapely.equals_exact(together.geometry[i], alone.geometry[0], 0)
    circle = geodesic_circles(*(shapely.get_coordinates(frame.geometry[1:2]).T),
                              np.array([20.0]))[0]
    assert shapely.equals(together.geometry[1], circle)  # inside Iraq: the whole circle
    assert together.key[1] == together.key[2]
    iraq = map_shape("IQ")
    cut = together.geometry[0]
    assert shapely.covers(iraq.buffer(1e-9), cut) and cut.area < geodesic_circles(
        *(shapely.get_coordinates(frame.geometry[0:1]).T), np.array([60.0]))[0].area
    assert list(together.kind) == ["region", "region", "region", "region", "", "country"]
