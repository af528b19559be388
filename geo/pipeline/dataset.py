"""Incidents as a partitioned GeoParquet dataset, written by the Dask workers (dask-geopandas).

A dataset is a folder of ``part.N.parquet`` files, each a GeoParquet file (WKB points, EPSG:4326
in the ``geo`` metadata) in the incident schema, ``sources`` as JSON text. It is written into a
private folder beside its destination and then put in place, so a killed run leaves the old
dataset or the new one. Read it with ``dask_geopandas.read_parquet(path)`` (or geopandas,
pyarrow, DuckDB, GDAL's Parquet driver).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import UserError

if TYPE_CHECKING:
    import geopandas as gpd
    from distributed import Client, Future


def dataset_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A frame as its dataset holds it: ``sources`` as JSON text (a JSON array)."""
    from geo.store.parquet import parquet_frame

    return parquet_frame(frame)


def check_dataset_path(path: str | os.PathLike[str]) -> Path:
    """``path`` if a dataset folder can be written there (absent, or a dataset folder)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UserError(f"{path}: is a file; a GeoParquet dataset is a folder (write it "
                        "elsewhere)")
    if path.is_dir() and any(p for p in path.iterdir() if p.suffix != ".parquet"
                             and not p.name.startswith(("_", "."))):
        raise UserError(f"{path}: holds other files than a GeoParquet dataset; choose an "
                        "empty or new folder")
    return path


def write_dataset(client: Client, frames: list[Future], dest: str | os.PathLike[str]) -> int:
    """Write the GeoDataFrames that ``frames`` (futures on the workers) hold as one dataset at
    ``dest``; each partition is written by the worker that holds it. Returns the partitions."""
    import dask.dataframe as dd
    import dask_geopandas

    from geo.incidents.schema import incidents_frame

    dest = check_dataset_path(dest)
    parts = [client.submit(dataset_frame, f) for f in frames]
    meta = dataset_frame(incidents_frame([]))
    data = dask_geopandas.from_dask_dataframe(dd.from_delayed(parts, meta=meta,
                                                              verify_meta=False),
                                              geometry="geometry")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent))
    try:
        client.compute(data.to_parquet(str(work / dest.name), compute=False,
                                       write_index=False)).result()
        if dest.exists():  # two renames: the old folder leaves, the new one takes its place
            old = work / "old"
            os.replace(dest, old)
        os.replace(work / dest.name, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return len(parts)


def write_frame_dataset(client: Client, frame: gpd.GeoDataFrame, dest: str | os.PathLike[str]
                        ) -> int:
    """A frame this process holds (a build's store) as a dataset of one part per worker."""
    import numpy as np

    workers = max(len(client.scheduler_info(n_workers=-1).get("workers", {})), 1)
    chunks = [frame.iloc[idx] for idx in np.array_split(np.arange(len(frame)), workers)
              if len(idx)] or [frame]
    return write_dataset(client, client.scatter(chunks), dest)
