"""Which rows of a store update can meet no other row, found column by column.

``merge_rows`` files each merged row under its keys (place, grid cell, country or name) by the
weeks of its padded dates, and compares a row only with the merged rows filed where it probes
(:func:`geo.incidents.merge.filing`). Here the same buckets are found for whole columns at once
(:mod:`geo.store.filing`) and rows grouped: two rows are joined when one files a bucket the
other probes and the two might be one event (what a merged row never changes of its first row
can tell: :func:`_may_merge`); a bucket filed by many rows joins them all. Then groups are
joined while a row probes a key of a group in a week whose date a merged row of the group
could take from a more precise telling (:func:`_crossings`). No merged row can hold rows of
two groups, so merging each group alone gives what merging all gives; a row alone in its group
meets nothing and comes out as it went in (its id recomputed). Only the rows of larger groups
need ``merge_rows``.

Grouping errs one way only: rows that might meet are always grouped (buckets are exact codes,
never hashes); rows that cannot meet may be grouped too, which only costs time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.incidents.merge import SAME_PLACE_KM
from geo.incidents.schema import STRIKE_TYPES, compatible_types
from geo.store.filing import CELL_LIMIT, Codes, Filing, NotColumnar, joined

#: A bucket filed by more rows than this joins them all (its rows are not paired).
_PAIRED = 32
#: Bits of a bucket code: the week (numbered from 1 above the batch's first) in the low bits.
_WEEK_BITS = 24
_CELL_BITS = 12
_CELL_OFFSET = 2 ** (_CELL_BITS - 1)
_NEIGHBOURS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]


class _Edges:
    """Row pairs that might be one event (filtered before joining) and links between nodes
    joined as they are: rows (numbered from 0) and crowded buckets' nodes (after the rows)."""

    def __init__(self, rows: int) -> None:
        self.rows, self.nodes = rows, rows
        self.a: list[np.ndarray] = []
        self.b: list[np.ndarray] = []
        self.from_node: list[np.ndarray] = []
        self.to_node: list[np.ndarray] = []

    def pairs(self, i: np.ndarray, j: np.ndarray) -> None:
        self.a.append(i)
        self.b.append(j)

    def link(self, x: np.ndarray, y: np.ndarray) -> None:
        self.from_node.append(x)
        self.to_node.append(y)

    def new_nodes(self, count: int) -> int:
        """The first of ``count`` new nodes."""
        self.nodes += count
        return self.nodes - count


def _row_weeks(f: Filing) -> tuple[np.ndarray, np.ndarray]:
    """Each row once per week its padded dates touch (numbered from 1; 0 when undated)."""
    base = f.first_week[f.dated].min() - 1 if f.dated.any() else 0
    count = np.where(f.dated, np.maximum(f.last_week - f.first_week + 1, 0), 1)
    if f.dated.any() and f.last_week[f.dated].max() - base >= 2**_WEEK_BITS:
        raise NotColumnar("the rows span too many weeks")
    rows = np.repeat(np.arange(len(f)), count)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    return rows, np.where(f.dated, f.first_week - base, 0)[rows] + within


def _spread(start: np.ndarray, n: np.ndarray) -> np.ndarray:
    """start[k], start[k] + 1, ... n[k] of each, one after another."""
    return np.repeat(start, n) + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)


class _Runs:
    """Bucket codes sorted, each entry with its run (the entries of its bucket); a crowded
    run (more than _PAIRED entries) has a node its rows are joined to."""

    def __init__(self, code: np.ndarray, row: np.ndarray, edges: _Edges) -> None:
        order = np.argsort(code, kind="stable")
        self.code, self.row = code[order], row[order]
        new = np.ones(len(code), bool)
        new[1:] = self.code[1:] != self.code[:-1]
        self.run = np.cumsum(new) - 1
        self.start = np.flatnonzero(new)
        self.size = np.diff(np.append(self.start, len(code)))
        self.crowded = self.size > _PAIRED
        self.node = edges.new_nodes(len(self.size))  # a run's node: node + run

    def members(self, edges: _Edges, runs: np.ndarray) -> None:
        """Join the rows of these (crowded) runs to their nodes."""
        at = _spread(self.start[runs], self.size[runs])
        edges.link(self.row[at], self.node + self.run[at])

    def within(self, edges: _Edges) -> None:
        """Rows of one bucket: each pair once, or all joined to its node when crowded."""
        self.members(edges, np.flatnonzero(self.crowded))
        at = np.flatnonzero(~self.crowded[self.run])
        later = (self.start + self.size)[self.run[at]] - at - 1  # partners after each entry
        edges.pairs(np.repeat(self.row[at], later), self.row[_spread(at + 1, later)])

    def across(self, edges: _Edges, probe: np.ndarray, prober: np.ndarray, *,
               nodes: bool = False) -> None:
        """Probers (rows, or nodes when ``nodes``) with the rows filed in the buckets they
        probe: paired, or joined to a crowded bucket's node (and its rows to it)."""
        lo = np.minimum(np.searchsorted(self.code, probe), max(len(self.code) - 1, 0))
        found = (self.code[lo] == probe) if len(self.code) else np.zeros(len(probe), bool)
        run, prober = self.run[lo[found]], prober[found]
        crowded = self.crowded[run]
        edges.link(prober[crowded], self.node + run[crowded])
        self.members(edges, np.unique(run[crowded]))
        run, prober = run[~crowded], prober[~crowded]
        n = self.size[run]
        filers = self.row[_spread(self.start[run], n)]
        if nodes:
            edges.link(np.repeat(prober, n), filers)
        else:
            edges.pairs(np.repeat(prober, n), filers)


def _text_codes(values: np.ndarray, rows: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    codes = pd.factorize(values)[0].astype(np.int64)
    return (codes[rows] << _WEEK_BITS) | weeks


def _contacts(f: Filing, rows: np.ndarray, weeks: np.ndarray) -> _Edges:
    """Rows that file a bucket another probes: by place, by name (unlocated rows), by grid
    cell (each probes the 3 x 3 cells around its own) and by country (probed at geo
    precision 4 only)."""
    edges = _Edges(len(f))
    for key, has in ((f.place, f.place != ""), (f.name, ~f.located)):
        at = has[rows]
        _Runs(_text_codes(key, rows[at], weeks[at]), rows[at], edges).within(edges)
    at = f.located[rows]
    cell = (((f.cell_x + _CELL_OFFSET) << _CELL_BITS) | (f.cell_y + _CELL_OFFSET))
    cells = _Runs((cell[rows[at]] << _WEEK_BITS) | weeks[at], rows[at], edges)
    cells.within(edges)
    lone = ~cells.crowded[cells.run]  # a crowded run probes once, as its node
    crowd = cells.start[cells.crowded]
    for dx, dy in _NEIGHBOURS:
        if dx or dy:
            shift = ((dx << _CELL_BITS) + dy) << _WEEK_BITS
            cells.across(edges, cells.code[lone] + shift, cells.row[lone])
            cells.across(edges, cells.code[crowd] + shift, cells.node + cells.run[crowd],
                         nodes=True)
    at = (f.country != "")[rows]
    countries = _Runs(_text_codes(f.country, rows[at], weeks[at]), rows[at], edges)
    probing = f.by_country[countries.row]
    countries.across(edges, countries.code[probing], countries.row[probing])
    return edges


def _may_merge(f: Filing, c: Codes, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether rows ``i`` and ``j`` might be one event, as far as what merging never changes
    in a merged row tells (its first telling's id, count, place, point and precision; its
    type, unless "other attack", which fits any; its dates, when no row is more precise):
    ``same_event`` is False for every pair this is False for."""
    from gazetteer.geodesy import WGS84

    certain = ((c.given_id[i] == c.given_id[j]) & (c.given_id[i] >= 0)) | \
        f.aggregate[i] | f.aggregate[j]
    same_place = (c.place[i] == c.place[j]) & (c.place[i] >= 0)
    near = ~(f.fine[i] & f.fine[j]) | same_place
    far = np.flatnonzero(~near)
    if len(far):
        a, b = i[far], j[far]
        km = WGS84.inv(f.x[a], f.y[a], f.x[b], f.y[b])[2] / 1000.0
        near[far] = km <= SAME_PLACE_KM
    types = np.array([[compatible_types(a, b) for b in c.types] for a in c.types], dtype=bool)
    types = types.reshape(len(c.types), len(c.types))[c.event_type[i], c.event_type[j]]
    strike = np.array([t in STRIKE_TYPES for t in c.types], dtype=bool)
    types |= same_place & strike[c.event_type[i]] & strike[c.event_type[j]]  # (_one_strike)
    return certain | (types & near & _dates_meet(f, i, j))


def _dates_meet(f: Filing, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """False where two rows' padded dates are apart, or one is dated and the other not, and
    neither can take another telling's date (none is more precise: a merged row takes a date
    only from a more precise telling, so it keeps its first row's)."""
    precise = np.where(f.precision == 0, 9, f.precision)  # as absorb reads it ("or 9")
    fixed = precise <= precise.min()
    both = fixed[i] & fixed[j]
    dated, undated = f.dated[i] & f.dated[j], ~f.dated[i] & ~f.dated[j]
    overlap = (f.first_day[i] <= f.last_day[j]) & (f.first_day[j] <= f.last_day[i])
    return ~both | undated | (dated & overlap)


def components(nodes: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of the graph of ``nodes`` with edges a-b: each node's smallest
    node of its component (hooking each edge's larger root under its smaller, then
    shortening every path, until no edge joins two roots)."""
    label = np.arange(nodes)
    while len(a):
        la, lb = label[a], label[b]
        apart = la != lb
        if not apart.any():
            return label
        a, b, la, lb = a[apart], b[apart], la[apart], lb[apart]
        np.minimum.at(label, np.maximum(la, lb), np.minimum(la, lb))
        while True:
            up = label[label]
            if np.array_equal(up, label):
                break
            label = up
    return label


def _first_groups(f: Filing) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group of each row, its row-weeks): rows joined where they might meet."""
    rows, weeks = _row_weeks(f)
    edges = _contacts(f, rows, weeks)
    none = np.empty(0, np.int64)
    i, j = np.concatenate([none, *edges.a]), np.concatenate([none, *edges.b])
    pair = np.unique(np.minimum(i, j)[i != j] * len(f) + np.maximum(i, j)[i != j])
    i, j = pair // len(f), pair % len(f)
    keep = _may_merge(f, Codes.of(f), i, j)
    a = np.concatenate([i[keep], *edges.from_node])
    b = np.concatenate([j[keep], *edges.to_node])
    return components(edges.nodes, a, b)[:len(f)], rows, weeks


def _keys(f: Filing, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row-week index, key code, probing?) of every key a row-week files or probes."""
    n = len(rows)
    place = pd.factorize(f.place)[0].astype(np.int64)[rows]
    name = pd.factorize(f.name)[0].astype(np.int64)[rows]
    country = pd.factorize(f.country)[0].astype(np.int64)[rows]
    cell = (((f.cell_x + _CELL_OFFSET) << _CELL_BITS) | (f.cell_y + _CELL_OFFSET))[rows]
    entry = np.arange(n)
    placed, located = (f.place != "")[rows], f.located[rows]
    countried, by_country = (f.country != "")[rows], f.by_country[rows]
    parts = [(entry[placed], (place[placed] << 2) | 0, None),
             (entry[~located], (name[~located] << 2) | 1, None),
             (entry[countried], (country[countried] << 2) | 2, by_country[countried]),
             (entry[located], (cell[located] << 2) | 3, None)]
    at = np.concatenate([p[0] for p in parts])
    key = np.concatenate([p[1] for p in parts])
    files = np.ones(len(at), bool)
    probes = np.concatenate([np.ones(len(p[0]), bool) if p[2] is None else p[2]
                             for p in parts])
    shifted = [(entry[located], ((cell[located] + (dx << _CELL_BITS) + dy) << 2) | 3)
               for dx, dy in _NEIGHBOURS if dx or dy]
    at = np.concatenate([at, *(s[0] for s in shifted)])
    key = np.concatenate([key, *(s[1] for s in shifted)])
    files = np.concatenate([files, np.zeros(len(at) - len(files), bool)])
    probes = np.concatenate([probes, np.ones(len(at) - len(probes), bool)])
    return at, key, np.stack([files, probes])


def _crossings(f: Filing, group: np.ndarray, rows: np.ndarray,
               weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(probing group, probed group) for each row-week that probes, in another group, a key of
    a row whose date a merged row could give up (a less precise one) in a week of a row whose
    date it could take (a more precise one). A merged row is filed under its first row's keys
    by the weeks of every date it held, and takes a telling's date only when it is more
    precise: in a group of one precision, all it is filed under is its first row's own
    filing, which the first grouping covered."""
    none = (np.empty(0, np.int64), np.empty(0, np.int64))
    precise = np.where(f.precision == 0, 9, f.precision)  # as absorb reads it ("or 9")
    finest = np.full(int(group.max()) + 1, 10)
    np.minimum.at(finest, group, precise)
    coarsest = np.zeros(len(finest), np.int64)
    np.maximum.at(coarsest, group, precise)
    gives, takes = precise > finest[group], precise < coarsest[group]
    if not (gives.any() and takes.any()):
        return none
    at, key, (files, probes) = _keys(f, rows)
    filer = files & gives[rows[at]]
    # (key, group) of the keys a merged row may be filed under by another row's weeks
    kg = np.unique(np.stack([key[filer], group[rows[at[filer]]]], axis=1), axis=0)
    span = int(weeks.max()) + 1
    # (group, week) of the weeks it may be filed by, as one code
    gw = np.unique(group[rows[takes[rows]]].astype(np.int64) * span + weeks[takes[rows]])
    look = probes & np.isin(key, kg[:, 0])
    p_row, p_key, p_week = rows[at[look]], key[look], weeks[at[look]]
    lo = np.searchsorted(kg[:, 0], p_key, side="left")
    n = np.searchsorted(kg[:, 0], p_key, side="right") - lo
    step = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    owner = kg[np.repeat(lo, n) + step, 1]
    prober = group[np.repeat(p_row, n)]
    crossed = (owner != prober) & np.isin(owner * span + np.repeat(p_week, n), gw)
    return (prober[crossed], owner[crossed]) if crossed.any() else none


def groups(frames: list[pd.DataFrame]) -> np.ndarray:
    """A group number for each row of the frames (taken in order, as one list of rows):
    rows of two groups never meet in ``merge_rows``."""
    f = joined([Filing.of(frame) for frame in frames])
    if not len(f):
        return np.empty(0, np.int64)
    if max(np.abs(f.cell_x).max(), np.abs(f.cell_y).max()) >= min(CELL_LIMIT, _CELL_OFFSET - 2):
        raise NotColumnar("a point lies outside longitude and latitude")
    group, rows, weeks = _first_groups(f)
    while True:
        a, b = _crossings(f, group, rows, weeks)
        if not len(a):
            return group
        group = components(int(group.max()) + 1, a, b)[group]


def alone(frames: list[pd.DataFrame]) -> list[np.ndarray]:
    """Per frame, which of its rows are alone in their group (meet no other row)."""
    group = groups(frames)
    lone = np.bincount(group, minlength=1)[group] == 1 if len(group) else np.zeros(0, bool)
    bounds = np.cumsum([0] + [len(frame) for frame in frames])
    return [lone[start:stop] for start, stop in zip(bounds[:-1], bounds[1:], strict=True)]
