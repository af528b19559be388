"""The offline basemap's data: detail around the data, the coarse world outside, names."""

from __future__ import annotations

import numpy as np
import shapely

from gazetteer.borders import country_shape
from gazetteer.cities import large_cities
from maps.html.basemap import basemap_payload, region


def _decode(flat: list[int], scale: int) -> np.ndarray:
    return np.cumsum(np.array(flat, dtype=float).reshape(-1, 2), axis=0) / scale


def _polygons(layer: dict) -> list[shapely.Polygon]:
    return [
        shapely.Polygon(_decode(rings[0], layer["scale"]),
                        [_decode(r, layer["scale"]) for r in rings[1:]])
        for country in layer["land"] for rings in country
    ]


def test_detail_layer_is_the_countries_within_the_region_simplified_lightly():
    bounds = (38.0, 32.0, 46.0, 37.5)
    payload = basemap_payload(bounds)
    area = shapely.box(*payload["region"])
    assert payload["region"] == list(region(bounds))
    assert area.contains(shapely.box(*bounds).buffer(9.9))
    coarse, detail = payload["layers"]
    land = shapely.union_all(_polygons(detail))
    iraq = country_shape("IQ")
    assert abs(land.intersection(iraq).area / iraq.area - 1) < 0.01
    assert land.difference(area.buffer(1e-3)).is_empty
    assert detail["borders"] and detail["coast"]
    outside = shapely.union_all(_polygons(coarse))
    assert outside.intersection(area.buffer(-0.01)).is_empty  # the coarse world leaves a hole
    assert outside.intersects(country_shape("BR"))


def test_names_are_countries_and_large_cities_without_their_districts():
    payload = basemap_payload((38.0, 32.0, 46.0, 37.5))
    names = {c[0] for c in payload["countries"]}
    assert {"Iraq", "Syria", "Jordan", "Brazil"} <= names
    cities = {c[0]: c for c in payload["cities"]}
    assert cities["Baghdad"][4] == 1 and cities["Mosul"][4] == 0
    assert cities["Paris"][4] == 1  # every capital, for the zoomed-out world
    assert "Al Mawşil al Jadīdah" not in cities  # a district of Mosul, folded into it
    world = large_cities()
    assert world["capital"].sum() >= 190 and (world["population"] >= 100_000).sum() > 3000
