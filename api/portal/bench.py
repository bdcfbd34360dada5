"""``kooperacja bench portal``: what a portal page costs beyond the GraphQL operations it runs.

For the search page and an institution page it measures, over loopback HTTP against
the real app (uvicorn in this process, the configured store):

* the page (``GET``, HTML rendered) – p50/p95;
* the same GraphQL operations with the same variables posted to ``/graphql`` one after
  another, as the page runs them – p50/p95; the ratio page ÷ operations (goal ≤ 1.3);
* in headless Chromium: DOMContentLoaded and largest contentful paint (goal < 1 s).
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from api.portal.framework.operations import operations
from graph.config import Settings
from graph.store.protocol import Store

__all__ = ["PageCase", "PageResult", "run", "percentile"]


@dataclass
class PageCase:
    name: str
    url: str
    ops: list[tuple[str, dict[str, Any]]]


@dataclass
class PageResult:
    case: PageCase
    page_ms: list[float] = field(default_factory=list)
    ops_ms: list[float] = field(default_factory=list)
    dcl_ms: list[float] = field(default_factory=list)
    lcp_ms: list[float] = field(default_factory=list)
    html_bytes: int = 0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _gql(client: httpx.Client, name: str, variables: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/graphql", json={"query": operations()[name], "variables": variables, "operationName": name})
    body: dict[str, Any] = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{name}: {body.get('errors')}")
    return body["data"]  # type: ignore[no-any-return]


def cases(client: httpx.Client, text: str, gmina: str, km: int, institution: str) -> list[PageCase]:
    """The two pages with the operations (and variables) each of them runs."""
    places = _gql(client, "TerritoriesByName", {"name": gmina, "levels": ["GMINA"], "first": 20})["territoriesByName"]
    if not places:
        raise RuntimeError(f"nie ma gminy {gmina!r} w bazie: uruchom `kooperacja demo`")
    teryt = places[0]["teryt"]
    search_vars = {
        "text": text,
        "territory": teryt,
        "withinKm": float(km),
        "openOnly": False,
        "categories": None,
        "targetGroups": None,
        "after": None,
    }
    return [
        PageCase(
            "Szukaj pomocy",
            "/?" + urlencode({"co": text, "gmina": gmina, "km": str(km)}),
            [
                ("SearchVocabulary", {}),
                ("TerritoriesByName", {"name": gmina, "levels": ["GMINA"], "first": 20}),
                ("SearchServices", search_vars),
            ],
        ),
        PageCase("Instytucja", f"/instytucje/{institution}", [("InstitutionPage", {"id": institution})]),
    ]


def _time(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _browser_times(base: str, results: list[PageResult], runs: int) -> None:
    from api.portal.chromium import chromium_driver

    lcp_script = (
        "const done = arguments[arguments.length - 1];"
        "new PerformanceObserver(l => { const e = l.getEntries(); done(e[e.length - 1].startTime); })"
        ".observe({type: 'largest-contentful-paint', buffered: true});"
        "setTimeout(() => done(null), 3000);"
    )
    with tempfile.TemporaryDirectory(prefix="kooperacja-bench-chromium-") as profile:
        driver = chromium_driver(Path(profile))
        try:
            for result in results:
                driver.get(base + result.case.url)  # warm-up: cached CSS/JS as a returning user has them
                for _ in range(runs):
                    driver.get(base + result.case.url)
                    nav = driver.execute_script(
                        "const n = performance.getEntriesByType('navigation')[0]; return n.domContentLoadedEventEnd;"
                    )
                    result.dcl_ms.append(float(nav))
                    lcp = driver.execute_async_script(lcp_script)
                    if lcp is not None:
                        result.lcp_ms.append(float(lcp))
        finally:
            driver.quit()


def run(
    store: Store,
    settings: Settings,
    *,
    text: str,
    gmina: str,
    km: int,
    institution: str,
    repeat: int,
    browser_runs: int,
) -> list[PageResult]:
    """Measure both pages; ``browser_runs=0`` skips Chromium."""
    from api.app import create_app
    from api.portal.chromium import live_server

    # a benchmark needs no accounts: a throwaway state directory, no secret
    app = create_app(dataclasses.replace(settings, env="test"), store=store)
    with live_server(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        results = [PageResult(c) for c in cases(client, text, gmina, km, institution)]
        for result in results:
            page = client.get(result.case.url)
            if page.status_code != 200:
                raise RuntimeError(f"{result.case.url}: HTTP {page.status_code}")
            result.html_bytes = len(page.content)
            for _ in range(3):  # warm-up: caches, query plans
                client.get(result.case.url)
                for name, variables in result.case.ops:
                    _gql(client, name, variables)
            for _ in range(repeat):  # interleaved, so drift hits both sides alike
                result.page_ms.append(_time(lambda r=result: client.get(r.case.url)))
                result.ops_ms.append(_time(lambda r=result: [_gql(client, n, v) for n, v in r.case.ops]))
        if browser_runs:
            _browser_times(base, results, browser_runs)
    return results


def ratio(result: PageResult) -> float:
    return statistics.median(result.page_ms) / statistics.median(result.ops_ms)
