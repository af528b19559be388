"""The rooms' import rules (docs/architecture.md): no import circles, the gazetteer imports
nothing of ours, maps need only the incident schema of geo, and each stage imports only the
stages before it. Every import counts, including those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGES = ("gazetteer", "geo", "maps")

#: Room -> the rooms its modules may import (besides their own room and the standard library).
ALLOWED: dict[str, tuple[str, ...]] = {
    "gazetteer": (),
    "geo.errors": (),
    "geo.incidents": ("gazetteer", "geo.errors"),
    "geo.sources": ("gazetteer", "geo.errors", "geo.incidents"),
    "geo.resolve": ("gazetteer", "geo.errors", "geo.incidents"),
    # the extractor asks the resolver which names are places while it reads a report
    "geo.extract": ("gazetteer", "geo.errors", "geo.incidents", "geo.sources", "geo.resolve"),
    "maps": ("gazetteer", "geo.errors", "geo.incidents"),
    "geo.store": ("gazetteer", "geo.errors", "geo.incidents", "maps.qml", "maps.style"),
    "geo.export": ("gazetteer", "geo.errors", "geo.incidents", "geo.store", "maps.qml",
                   "maps.style"),
    # an analyst's decisions, applied to incident rows; the queue and QGIS edits read stores
    "geo.review": ("gazetteer", "geo.errors", "geo.incidents", "geo.store"),
    "geo.pipeline": ("gazetteer", "geo.errors", "geo.incidents", "geo.sources", "geo.extract",
                     "geo.resolve", "geo.store", "geo.export", "maps", "geo.review"),
    "geo.cli": ("gazetteer", "geo", "maps"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """Our modules that ``path`` imports (``from a.b import c`` counts a.b.c when it is one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name.split(".")[0] in PACKAGES and name in known:
                found.add(name)
    return found


def room_of(module: str) -> str:
    return max((room for room in ALLOWED if module == room or module.startswith(room + ".")),
               key=len)


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) - {name} for name, path in known.items()}


def test_every_module_has_a_room():
    assert [m for m in modules() if m not in ("geo", "maps") and
            not any(m == r or m.startswith(r + ".") for r in ALLOWED)] == []


def test_rooms_import_only_what_their_rules_allow():
    broken = []
    for module, imported in graph().items():
        if module in ("geo", "maps"):
            continue
        room = room_of(module)
        for other in imported:
            if other.startswith(room + ".") or other == room:
                continue
            if not any(other == a or other.startswith(a + ".") for a in ALLOWED[room]):
                broken.append(f"{module} imports {other}")
    assert broken == []


def test_gazetteer_imports_nothing_of_ours():
    g = graph()
    assert {m: sorted(i) for m, i in g.items() if m.startswith("gazetteer") and
            any(not x.startswith("gazetteer") for x in i)} == {}


def test_no_import_circles():
    g = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(g):
        if node not in state:
            visit(node)
    assert cycles == []


def test_modules_stay_small():
    big = {m: n for m, p in modules().items()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 410}
    assert big == {}
