"""GeoParquet: incidents as one columnar file (or a dataset folder of them), read and written
through Arrow.

A GeoParquet file holds the incident layer in the schema: WKB points with EPSG:4326 in the
``geo`` metadata, dates as timestamps, ``sources`` as JSON text (a JSON array). The Dask
path's partitioned dataset (geo/pipeline/dataset.py) writes its parts in the same shape, so
:func:`read_parquet` reads a file and a dataset folder alike.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.atomic import atomic_path
from geo.errors import UserError

if TYPE_CHECKING:
    import geopandas as gpd


def parquet_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A frame as GeoParquet holds it: ``sources`` as JSON text (a JSON array)."""
    from geo.store.arrow import column_array

    out = frame.copy()
    out["sources"] = column_array(frame["sources"], "sources", dates_as_text=True) \
        .to_pandas().to_numpy(dtype=object)
    return out.reset_index(drop=True)


def write_parquet(incidents: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the incidents as one GeoParquet file at ``path`` (replaced atomically)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        parquet_frame(incidents).to_parquet(tmp, index=False, compression="zstd")
    return path


def read_parquet(path: Path) -> gpd.GeoDataFrame:
    """The frame of a GeoParquet file or dataset folder, as written (not yet in the schema)."""
    import geopandas as gpd
    import pyarrow as pa

    try:
        return gpd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        said = " ".join(str(exc).split())[:200]
        raise UserError(f"{path}: cannot read it as GeoParquet ({said}); check the file is "
                        "not broken") from None
