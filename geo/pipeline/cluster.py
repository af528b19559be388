"""Dask clusters for a run: a local one of N processes, or a running one by its address; and
what each worker keeps between tasks (the gazetteer, loaded once per worker).

Workers must import this package: install geo-incidents on every machine that runs ``dask
worker`` (docs/cluster.md).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin

from geo.errors import UserError

if TYPE_CHECKING:
    from distributed import Client

    from geo.extract.incidents import Extractor
    from geo.extract.scope import Scope
    from geo.resolve.chain import Resolver
    from geo.review.apply import Review
    from geo.review.decisions import Decisions

PLUGIN_NAME = "geo-gazetteer"
CONNECT_SECONDS = 20
# A local cluster's processes (scheduler, nannies, workers) sample less often: no dashboard
# reads the task profiles (every 10 ms by default, the GIL taken from the task) or the system
# monitor's disk and CPU figures (every 500 ms); each event loop's health tick (every 20 ms,
# only to warn of a blocked loop) and the memory monitor (every 100 ms, reading /proc through
# psutil: slow on some hosts) run once a second. At 3,000 articles the last two cut the
# worker's event loop from 1.7 to 0.8 s of CPU and this process's from 2.9 to 2.0 s; memory is
# still watched (pause, spill, a worker past its limit restarted), a second apart.
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}

# --- in each worker process ------------------------------------------------------------------

_RESOLVER: dict[int, Resolver] = {}  # by process id: a forked process loads its own
_EXTRACTORS: dict[bytes, Extractor] = {}
LOADS = {"gazetteer": 0}  # how often this process loaded the gazetteer (the tests read it)


def worker_resolver() -> Resolver:
    """This process's resolver over the default gazetteer, loaded on first use."""
    pid = os.getpid()
    if pid not in _RESOLVER:
        from geo.pipeline.reading import default_resolver

        _RESOLVER.clear()
        _EXTRACTORS.clear()
        _RESOLVER[pid] = default_resolver()
        LOADS["gazetteer"] += 1
    return _RESOLVER[pid]


def worker_extractor(scope: Scope, actors: Iterable[str]) -> Extractor:
    """This process's extractor for a run's scope and actor files (kept for the next task)."""
    from geo.extract.actors import ActorLexicon
    from geo.extract.incidents import Extractor

    resolver = worker_resolver()
    actors = tuple(actors)
    key = pickle.dumps((scope, actors))
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(resolver, ActorLexicon.load(*map(Path, actors)), scope)
    return _EXTRACTORS[key]


def worker_review(decisions: Decisions | None) -> Review | None:
    """The analyst's decisions bound to this process's gazetteer (None without decisions);
    a new one for each task, so that what it matched is that task's."""
    if decisions is None:
        return None
    from geo.review.apply import Review

    return Review(decisions, worker_resolver().gazetteer.get)


def gazetteer_loads() -> int:
    return LOADS["gazetteer"]


class GazetteerPlugin(WorkerPlugin):
    """Loads the gazetteer when a worker starts (or joins), before its first task."""

    name = PLUGIN_NAME

    def setup(self, worker) -> None:
        worker_resolver()


# --- in the process that runs the job --------------------------------------------------------


def check_cluster_options(workers: int | None, scheduler: str | None) -> None:
    if workers is not None and scheduler is not None:
        raise UserError("--workers and --scheduler: give one (--workers starts a local "
                        "cluster; --scheduler joins a running one)")
    if workers is not None and workers < 1:
        raise UserError(f"--workers {workers}: give 1 or more worker processes")
    if scheduler is not None and "://" not in scheduler and ":" not in scheduler:
        raise UserError(f"--scheduler {scheduler!r}: give the scheduler's address, e.g. "
                        "tcp://10.0.0.5:8786")


def _index_built_once() -> None:
    """Build the GeoNames index here when it is not cached, rather than in every new local
    worker at once (a cluster of machines: docs/cluster.md)."""
    from gazetteer.geonames import load_tier, tier_cache_path

    if not tier_cache_path().exists():
        load_tier()


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A Dask client on a local cluster of ``workers`` processes (one thread each), or on the
    running cluster at ``scheduler``; every worker loads the gazetteer once."""
    check_cluster_options(workers, scheduler)
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if workers is not None:
            _index_built_once()
            with dask.config.set(LOCAL_CONFIG):  # the nannies pass it on to their workers
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                       processes=True, dashboard_address=None,
                                       silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError, ValueError) as exc:
                raise UserError(f"--scheduler {scheduler}: no Dask scheduler answered there "
                                f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                                ) from None
        try:
            client.register_plugin(GazetteerPlugin(), name=PLUGIN_NAME)
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
