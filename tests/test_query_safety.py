"""Query text is never built from runtime values (S-INJ-01, S-INJ-02)."""

from __future__ import annotations

import ast
from pathlib import Path

from graph import model as m
from graph.writer import get_node, upsert

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["graph", "api", "importers", "queries"]
#: Modules allowed to build statement text, only from model allow-lists.
GENERATORS = {"graph/statements.py", "graph/schema.py", "graph/store/ladybug_store.py"}
DRIVER_CALLS = {"run", "query", "execute", "execute_read", "execute_write", "execute_query"}


def _dynamic(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return any(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in (node.left, node.right))
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def test_no_query_text_built_from_values_outside_the_generators() -> None:
    offenders = []
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in GENERATORS:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in DRIVER_CALLS | {"Statement"} and _dynamic(
                    node.args[0] if name != "Statement" else (node.args[1] if len(node.args) > 1 else node.args[0])
                ):
                    offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


PAYLOADS = [
    "Robby' WITH true as ignored MATCH (s:Institution) DETACH DELETE s; //",
    'x"}) DETACH DELETE n //',
    "`backtick` $param {brace} \\ ' \"",
    "Zażółć gęślą jaźń – 🙂",
]


def test_injection_payloads_round_trip_verbatim(store) -> None:
    upsert(store, m.Institution, [m.Institution(id="i-keep", name="Ma przetrwać", type="NGO")])
    items = [m.Institution(id=f"i-p{k}", name=p, description=p, type="NGO") for k, p in enumerate(PAYLOADS)]
    upsert(store, m.Institution, items)
    for item in items:
        assert get_node(store, m.Institution, item.id).name == item.name
    assert get_node(store, m.Institution, "i-keep") is not None
