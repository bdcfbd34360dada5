"""Judged relevance of the service search: the query set (``relevance.yaml``), its ground truth, metrics.

Expected services are written as selectors (see the YAML header) and resolved against the
store once, so one judged set serves the demo network and the synthetic voivodeship.  For
a query with a territory only services of institutions competent for it count.  Metrics,
per query, over the first ``k`` results: recall = found relevant / min(k, relevant);
nDCG with binary gains; "top 3" = a relevant service among the first three.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.errors import ModelValidationError
from graph.store.protocol import Store
from queries.directory import search

__all__ = ["Judged", "Truth", "Outcome", "load_judged", "evaluate", "latencies", "PATH"]

PATH = Path(__file__).with_name("relevance.yaml")
_KINDS = ("group", "cat", "type", "tpl", "id")


@dataclass(frozen=True)
class Judged:
    text: str
    expect: tuple[str, ...]
    territory: str | None = None


def load_judged(path: Path = PATH) -> list[Judged]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out, errors = [], []
    for n, q in enumerate(data.get("queries") or []):
        expect = tuple(q.get("expect") or ())
        bad = [s for s in expect if s.split(":", 1)[0] not in _KINDS]
        if not q.get("text") or not expect or bad:
            errors.append((f"queries[{n}]", "wymagane pola text i expect (selektory group:, cat:, type:, tpl:, id:)"))
            continue
        out.append(Judged(q["text"], expect, q.get("territory")))
    if errors:
        raise ModelValidationError(path.name, errors)
    return out


@dataclass
class Truth:
    """Which services each selector names, read from the store in three calls."""

    services: dict[str, str] = field(default_factory=dict)  # service -> institution
    by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # selector -> services

    @classmethod
    def read(cls, store: Store) -> Truth:
        t = cls()
        for r in store.query("search_judge_services", {}):
            t.services[r["id"]] = r["institution"]
            t.by[f"type:{r['type']}"].add(r["id"])
            t.by[f"id:{r['id']}"].add(r["id"])
            synthetic = re.fullmatch(r"syn-([a-z]+)-[^.]*\.(.+)", r["id"])
            if synthetic:
                t.by[f"tpl:{synthetic.group(1)}.{synthetic.group(2)}"].add(r["id"])
        for r in store.query("search_judge_groups", {}):
            t.by[f"group:{r['grp']}"].add(r["id"])
        for r in store.query("search_judge_categories", {}):
            t.by[f"cat:{r['cat']}"].add(r["id"])
            if r["parent"]:
                t.by[f"cat:{r['parent']}"].add(r["id"])
        return t

    def relevant(self, q: Judged, scope: search.Scope | None) -> set[str]:
        found = set().union(*(self.by.get(s, set()) for s in q.expect))
        if scope is not None:
            found = {s for s in found if self.services.get(s) in scope.competent}
        return found


@dataclass
class Outcome:
    query: Judged
    relevant: int
    recall: float
    ndcg: float
    top3: bool
    ranked: list[str]


def _run(store: Store, text: str, territory: str | None, k: int) -> list[str]:
    scope = search.resolve_scope(store, territory) if territory else None
    query = search.ServiceSearch(text=search.ServiceText.parse(text))
    return [h.id for h in search.search_services(store, query, 0, k, scope)]


def evaluate(store: Store, judged: list[Judged], k: int = 10) -> tuple[list[Outcome], int]:
    """Outcomes of the queries that have a relevant service in the store, and how many had none."""
    truth = Truth.read(store)
    out, skipped = [], 0
    for q in judged:
        scope = search.resolve_scope(store, q.territory) if q.territory else None
        relevant = truth.relevant(q, scope)
        if not relevant:
            skipped += 1
            continue
        ranked = _run(store, q.text, q.territory, k)
        gains = [1.0 if s in relevant else 0.0 for s in ranked]
        ideal = min(k, len(relevant))
        dcg = sum(g / math.log2(n + 2) for n, g in enumerate(gains))
        idcg = sum(1.0 / math.log2(n + 2) for n in range(ideal))
        out.append(Outcome(q, len(relevant), sum(gains) / ideal, dcg / idcg, any(gains[:3]), ranked))
    return out, skipped


def latencies(store: Store, judged: list[Judged], territory: str | None, repeat: int, k: int = 10) -> list[float]:
    """Milliseconds per search (parse, scope, relaxation check, one page with its keys) for every query."""
    times = []
    for _ in range(repeat):
        for q in judged:
            t0 = time.perf_counter()
            _run(store, q.text, territory, k)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]
