"""``kooperacja bench registers``: the 11 register editions end to end (read, gminas, write).

A fresh LadybugDB store in a temporary directory by default (``--graph`` of the
main command is not touched): TERYT of the registers' voivodeships is loaded
first (not timed), then every edition is imported in date order and once more in
reverse order (the history must come out the same).  Figures: seconds per
edition, rows per second, and the share of homes whose gmina was found automatically.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()

#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()


def _shared() -> Path:
    import os

    base = os.environ.get("KOOPERACJA_SHARED_DATA")
    return Path(base) if base else Path(__file__).resolve().parents[3] / "shared" / "data"


@app.command("registers")
def bench_registers(
    editions: Annotated[Path | None, typer.Option(help="Katalog z wydaniami rejestrów")] = None,
    terc: Annotated[Path | None, typer.Option(help="Plik TERC (CSV z GUS)")] = None,
    simc: Annotated[Path | None, typer.Option(help="Plik SIMC (ZIP z GUS)")] = None,
) -> None:
    """Czas importu wszystkich wydań rejestrów (kolejno według dat i odwrotnie) i odsetek gmin ustalonych automatycznie."""
    from graph.config import Settings
    from graph.digest import graph_digest
    from graph.store import open_store
    from importers.parsers.errors import ImportValidationError
    from importers.parsers.register_table import detect_layout, parse_register
    from importers.parsers.teryt import TercFile, parse_terc
    from importers.registers.editions import GminaStats, import_register_edition
    from importers.teryt import import_terc_file

    base = _shared()
    editions = editions or base / "registers-editions"
    terc = terc or base / "teryt-terc" / "TERC_Urzedowy_2025-11-18.csv"
    simc = simc or base / "teryt-simc" / "SIMC_Urzedowy_2023-01-01.zip"
    for p in (editions, terc, simc):
        if not p.exists():
            console.print(f"[red]Błąd:[/red] nie ma {p}")
            raise typer.Exit(2)
    try:
        files = []
        for p in sorted(editions.iterdir()):
            if p.is_file():
                lay = detect_layout(p)
                ed = parse_register(p, lay)
                files.append((ed.as_of, ed.published or ed.as_of, p, lay))
        files.sort(key=lambda f: (f[0], f[1], f[2].name))
        parsed = parse_terc(terc)
        wojs = {f[3].voivodeship for f in files}
        units = TercFile(parsed.source, parsed.variant, parsed.stan_na, [r for r in parsed.rows if r.woj in wojs], [])
        digests = []
        for order in ("według dat", "odwrotnie"):
            seq = files if order == "według dat" else list(reversed(files))
            with tempfile.TemporaryDirectory(prefix="bench-registers-") as tmp:
                with open_store(Settings(graph=str(Path(tmp) / "graph")), batch=True) as store:
                    store.init_schema()
                    import_terc_file(store, units)
                    table = Table(title=f"Import wydań rejestrów ({order})")
                    for col in ("plik", "układ", "stan na", "wierszy", "s", "wierszy/s"):
                        table.add_column(col, justify="left" if col in ("plik", "układ") else "right")
                    per_layout: dict[str, GminaStats] = {}
                    total_rows, started = 0, time.perf_counter()
                    for as_of, _pub, p, lay in seq:
                        stats = per_layout.setdefault(lay.name, GminaStats())
                        t0 = time.perf_counter()
                        report = import_register_edition(store, p, lay, simc=simc, stats=stats)
                        dt_s = time.perf_counter() - t0
                        total_rows += report.rows_read
                        table.add_row(
                            p.name,
                            lay.name,
                            as_of.isoformat(),
                            str(report.rows_read),
                            f"{dt_s:.2f}",
                            f"{report.rows_read / dt_s:,.0f}".replace(",", " "),
                        )
                    total = time.perf_counter() - started
                    table.add_row(
                        "razem", "", "", str(total_rows), f"{total:.2f}", f"{total_rows / total:,.0f}".replace(",", " ")
                    )
                    console.print(table)
                    digests.append({k: v for k, v in graph_digest(store).items() if k != "SearchKey"})
                    if order == "według dat":
                        for name, st in per_layout.items():
                            share = 100 * st.automatic / st.homes if st.homes else 0.0
                            console.print(
                                f"{name}: gmina ustalona automatycznie dla {st.automatic} z {st.homes} pozycji ({share:.1f} %), "
                                f"do decyzji: {len(st.open)} ({', '.join(sorted(set(st.open)))[:200]})"
                            )
        console.print("Ten sam graf po obu kolejnościach: " + ("tak" if digests[0] == digests[1] else "NIE"))
    except ImportValidationError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
