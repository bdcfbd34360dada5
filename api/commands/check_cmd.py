"""``kooperacja check rules``: every statutory rule over the whole graph, violations listed.

Exit code 0 when the graph obeys every rule, 1 when it does not (2 for an error).
The rules and their articles: ``graph/clients/RULES.md``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands.common import console, fail
from graph.config import Settings
from graph.errors import KooperacjaError
from graph.plural import count
from graph.store import open_store

__all__ = ["check"]

check = typer.Typer(help="Sprawdzenie grafu z regułami ustawowymi.", no_args_is_help=True)


@check.command("rules")
def rules(
    ctx: typer.Context,
    show: Annotated[int, typer.Option("--show", help="Ile naruszeń każdej reguły wypisać (identyfikatory).")] = 5,
) -> None:
    """Sprawdź wszystkie reguły ustawowe na całym grafie i wypisz naruszenia."""
    from rich.markup import escape

    from graph.clients.check import check_rules

    cfg: Settings = ctx.obj
    try:
        with open_store(cfg) as store:
            report = check_rules(store)
    except KooperacjaError as exc:
        fail(exc)
    counts = report.by_rule()
    checked = ", ".join(f"{k}: {v}" for k, v in sorted(report.checked.items()))
    console.print(f"Sprawdzono ({checked}).")
    if report.flags:
        console.print("[bold]Braki w terenie (do uzupełnienia, nie są naruszeniami danych)[/bold]")
        for flag in report.flags[: max(0, show) * 10]:
            console.print(
                f"[yellow]{flag.rule}[/yellow] {escape(flag.object_id)}: {escape(flag.message)}", soft_wrap=True
            )
        if len(report.flags) > max(0, show) * 10:
            console.print(f"… i {len(report.flags) - max(0, show) * 10} więcej.")
    if not counts:
        console.print("[green]0 naruszeń[/green] – graf spełnia wszystkie reguły.")
        return
    console.print("[bold]Naruszenia reguł ustawowych[/bold]")
    for rule, n in counts.most_common():
        found = [v for v in report.violations if v.rule == rule]
        examples = ", ".join(v.object_id for v in found[: max(0, show)])
        console.print(
            f"[red]{rule}[/red] ({n}): {escape(found[0].message)}"
            + (f" Przykłady: {escape(examples)}" if examples else ""),
            soft_wrap=True,
        )
    total = len(report.violations)
    console.print(f"[red]{count(total, 'naruszenie', 'naruszenia', 'naruszeń')}[/red]")
    raise typer.Exit(1)
