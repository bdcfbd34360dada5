"""``kooperacja bench gaps``: time of the full gap report, split into projection and analysis.

Measures, on the configured store, one voivodeship (the given one or the
largest by institutions) and the whole country: the projection (store
queries), every analysis, and the ratio of the total to the projection alone.
Run it after ``kooperacja generate --scale voivodeship|poland``; on smaller
data it says so.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store

console = Console()

#: Below this many institutions the data is not a synthetic voivodeship/country.
SYNTHETIC_MIN_INSTITUTIONS = 1000


#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()


def _largest_voivodeship(store: Any) -> tuple[str | None, int]:
    per: Counter[str] = Counter()
    for row in store.query("gaps_institution_gminas"):
        per[row["gmina"][:2]] += int(row["institutions"])
    if not per:
        return None, 0
    code, _ = max(per.items(), key=lambda kv: (kv[1], kv[0]))
    return code, sum(per.values())


def measure(store: Any, teryt: str, period: Any, seed: int, epsilon: float, accuracy: bool = False) -> dict[str, Any]:
    """Project and analyse one territory; seconds per phase and sizes."""
    from queries.analysis.expectations import DEFAULT_EXPECTATIONS, expectation_types
    from queries.analysis.projection import project
    from queries.analysis.report import analyse

    t0 = time.perf_counter()
    p = project(store, teryt, period, candidate_types=expectation_types(DEFAULT_EXPECTATIONS))
    t1 = time.perf_counter()
    g = p.cooperation  # built lazily: graph construction is part of the analysis
    report = analyse(p, seed=seed, epsilon=epsilon)
    t2 = time.perf_counter()
    b = report.structure["all"].brokers
    check = (
        sampling_accuracy(g, report.structure["all"].betweenness, seed) if accuracy and b.method == "sampled" else None
    )
    return {
        "accuracy": check,
        "teryt": teryt or "PL",
        "name": p.root.name,
        "queries": p.queries,
        "institutions": len(p.institutions),
        "edges": g.number_of_edges(),
        "referrals": len(p.referrals_in_period),
        "projection": t1 - t0,
        "analysis": t2 - t1,
        "steps": report.timings,
        "betweenness": b.method
        if b.method == "exact"
        else f"próba par k={b.sources}, ε≤{b.epsilon} (p={1 - (b.delta or 0):.2f})",
    }


def sampling_accuracy(g: Any, sampled: dict[str, float], seed: int) -> dict[str, float]:
    """Exact betweenness of the same graph: time, max absolute error and top-10 overlap of the sample."""
    import networkx as nx

    t0 = time.perf_counter()
    exact = nx.betweenness_centrality(g, normalized=True)
    seconds = time.perf_counter() - t0
    err = max(abs(exact[v] - sampled.get(v, 0.0)) for v in g)
    top_exact = {v for v, _ in sorted(exact.items(), key=lambda kv: (-kv[1], str(kv[0])))[:10]}
    top_sampled = {v for v, _ in sorted(sampled.items(), key=lambda kv: (-kv[1], str(kv[0])))[:10]}
    return {"exact_seconds": seconds, "max_error": err, "top10_overlap": len(top_exact & top_sampled)}


@app.command("gaps")
def bench_gaps(
    ctx: typer.Context,
    voivodeship: Annotated[str | None, typer.Option(help="Kod województwa (domyślnie: największe w bazie)")] = None,
    country: Annotated[bool, typer.Option("--country/--no-country", help="Zmierz także cały kraj")] = True,
    period: Annotated[str, typer.Option(help="Okres RRRR-MM-DD:RRRR-MM-DD albo RRRR")] = "2025",
    seed: Annotated[int, typer.Option(help="Ziarno")] = 0,
    epsilon: Annotated[
        float, typer.Option(help="Dopuszczalny błąd pośrednictwa z próby (wielkość próby wynika z niego)")
    ] = 0.05,
    accuracy: Annotated[
        bool, typer.Option("--accuracy/--no-accuracy", help="Porównaj próbę z dokładnym pośrednictwem (województwo)")
    ] = True,
) -> None:
    """Czas pełnego raportu luk: odczyt z bazy (projekcja) i analiza, województwo i cały kraj."""
    from queries.analysis.projection import Period

    cfg: Settings = ctx.obj
    results = []
    try:
        per = Period.parse(period)
        with open_store(cfg, batch=True) as store:
            code, total = _largest_voivodeship(store)
            if total == 0:
                console.print(
                    "[red]Baza nie zawiera instytucji: uruchom `kooperacja demo` albo `kooperacja generate`.[/red]"
                )
                raise typer.Exit(2)
            if total < SYNTHETIC_MIN_INSTITUTIONS:
                console.print(
                    f"[yellow]Uwaga: w bazie jest tylko {total} instytucji – to nie jest syntetyczne województwo ani kraj. "
                    "Wyniki dotyczą danych, które są załadowane (np. demo).[/yellow]"
                )
            targets = [voivodeship or code or ""]
            if country:
                targets.append("")
            for i, teryt in enumerate(targets):
                results.append(measure(store, teryt, per, seed, epsilon, accuracy=accuracy and i == 0))
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    table = Table(title=f"Raport luk: czas ({store.backend}, {cfg.graph})")
    table.add_column("miara")
    for r in results:
        table.add_column(f"{r['name']} ({r['teryt']})", justify="right")
    rows: list[tuple[str, Any]] = [
        ("instytucje", lambda r: str(r["institutions"])),
        ("powiązania (wszystkie warstwy)", lambda r: str(r["edges"])),
        ("skierowania w okresie", lambda r: str(r["referrals"])),
        ("zapytania do bazy", lambda r: str(r["queries"])),
        ("projekcja, s", lambda r: f"{r['projection']:.2f}"),
        ("analiza, s", lambda r: f"{r['analysis']:.2f}"),
        ("razem, s", lambda r: f"{r['projection'] + r['analysis']:.2f}"),
        (
            "razem / projekcja",
            lambda r: f"{(r['projection'] + r['analysis']) / r['projection']:.1f}×" if r["projection"] > 0 else "–",
        ),
        ("pośrednictwo (betweenness)", lambda r: "dokładne" if r["betweenness"] == "exact" else r["betweenness"]),
    ]
    for label, fn in rows:
        table.add_row(label, *[fn(r) for r in results])
    console.print(table)
    for r in results:
        steps = ", ".join(f"{k} {v:.2f}" for k, v in sorted(r["steps"].items(), key=lambda kv: -kv[1]) if v >= 0.005)
        console.print(f"[bold]{r['name']}[/bold] – analizy (s): {steps or 'wszystkie < 0,01 s'}")
        acc = r["accuracy"]
        if acc:
            console.print(
                f"  pośrednictwo z próby a dokładne: dokładne trwa {acc['exact_seconds']:.1f} s, "
                f"największy błąd {acc['max_error']:.4f}, zgodność pierwszej dziesiątki {acc['top10_overlap']:.0f}/10"
            )
