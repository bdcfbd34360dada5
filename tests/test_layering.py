"""The house's layering, read from the source: who may import whom, and no import cycles.

``graph/`` (model, stores, catalogue loader) sits at the bottom; ``queries/`` may use
``graph/``; ``importers/`` may use ``graph/`` and ``queries/``; ``api/`` sits on top.
There is no list of exceptions: a violation is fixed where it is, not excused here.

Every import counts for the layering, including imports inside functions and under
``TYPE_CHECKING``.  Every import that can run counts for cycles, inside functions too
(deferring an import hides a cycle, it does not remove it); only imports under
``if TYPE_CHECKING:`` do not, and ``strawberry.lazy`` names a module without importing it.
``from pkg import x`` depends on ``pkg/__init__.py`` as well as on ``pkg.x``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("graph", "queries", "importers", "api")
ALLOWED = {
    "graph": {"graph"},
    "queries": {"graph", "queries"},
    "importers": {"graph", "queries", "importers"},
    "api": set(LAYERS),
}


@dataclass(frozen=True)
class Import:
    target: str
    line: int
    runs: bool  # False only under ``if TYPE_CHECKING:``


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for top in LAYERS for p in sorted((ROOT / top).rglob("*.py"))}


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    yield base
    for alias in node.names:
        if f"{base}.{alias.name}" in MODULES:
            yield f"{base}.{alias.name}"


def imports_of(module: str) -> list[Import]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []

    def visit(nodes: list[ast.stmt], runs: bool) -> None:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.extend(Import(t, node.lineno, runs) for t in _targets(node, package))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.body, False)
                visit(node.orelse, runs)
            else:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        visit([child], runs)
                    elif isinstance(child, ast.ExceptHandler):
                        visit(child.body, runs)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body, True)
    return found


def test_the_scan_sees_the_layers() -> None:
    # A scan that finds nothing would pass every test below.
    for top in LAYERS:
        assert any(m.split(".")[0] == top for m in MODULES), top
    assert any(i.target == "graph.catalog" for i in imports_of("graph.store.protocol"))


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    violations = [
        f"{MODULES[module].relative_to(ROOT)}:{imp.line} imports {imp.target}"
        for module in MODULES
        if module.split(".")[0] == layer
        for imp in imports_of(module)
        if imp.target.split(".")[0] in LAYERS and imp.target.split(".")[0] not in ALLOWED[layer]
    ]
    assert violations == [], f"{layer}/ may import only {sorted(ALLOWED[layer])}:\n" + "\n".join(violations)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules() -> None:
    edges = {
        module: {i.target for i in imports_of(module) if i.runs and i.target in MODULES and i.target != module}
        for module in MODULES
    }
    cycles = _cycles(edges)
    assert cycles == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)
