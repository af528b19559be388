"""How a Dask run cuts the sources into partitions (no cluster here): every file once, in
order, consecutive runs of about equal bytes, enough for each worker to take several."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline.distributed import FILES_PER_PARTITION, PARTITIONS_PER_WORKER, file_partitions


def _files(folder: Path, sizes: list[int]) -> list[tuple[Path, str]]:
    out = []
    for n, size in enumerate(sizes):
        path = folder / f"{n:05d}.txt"
        path.write_bytes(b"x" * size)
        out.append((path, "article"))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.integers(0, 5000), max_size=120), st.integers(1, 8))
def test_every_file_once_in_order(tmp_path: Path, sizes: list[int], workers: int) -> None:
    for old in tmp_path.glob("*.txt"):
        old.unlink()
    files = _files(tmp_path, sizes)
    parts = file_partitions(files, workers)
    assert [p for part in parts for p, _ in part] == [str(p) for p, _ in files]
    assert all(parts)  # no empty partition
    # as many as asked for, even when one file holds most of the bytes
    assert len(parts) == min(len(files), max(workers * PARTITIONS_PER_WORKER,
                                             -(-len(files) // FILES_PER_PARTITION)))


def test_equal_bytes_and_a_cap_on_files(tmp_path: Path) -> None:
    # one large file among many small ones: the partitions hold about equal bytes
    files = _files(tmp_path, [100] * 40 + [4000] + [100] * 39)
    parts = file_partitions(files, 2)
    assert len(parts) == 2 * PARTITIONS_PER_WORKER
    sizes = [sum(Path(p).stat().st_size + 1 for p, _ in part) for part in parts]
    share = sum(sizes) / len(parts)
    assert [p for p, _ in parts[3]] == [str(files[40][0])]  # the large file alone
    assert all(share / 2 <= size <= share * 1.5 for k, size in enumerate(sizes) if k != 3)


@pytest.mark.parametrize("count", [1, 7, FILES_PER_PARTITION * 3 + 1])
def test_many_files_many_partitions(tmp_path: Path, count: int) -> None:
    parts = file_partitions(_files(tmp_path, [10] * count), 1)
    assert len(parts) == min(count, max(PARTITIONS_PER_WORKER,
                                        -(-count // FILES_PER_PARTITION)))
    assert max(len(p) for p in parts) <= FILES_PER_PARTITION + 1
