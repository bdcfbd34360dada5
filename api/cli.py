"""The ``kooperacja`` command line.

Global options choose the store (``--graph`` path or ``bolt://``/``neo4j://`` URI)
and override ``KOOPERACJA_*`` environment variables.  Command groups live in
:mod:`api.commands`, one module each, registered below.
"""

from __future__ import annotations

import importlib
import logging
from typing import Annotated

import typer

from graph.config import settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="kooperacja",
    help="Kooperacja – graf współpracy instytucji pomocy społecznej i rynku pracy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

#: Command modules (api/commands/<name>.py), each with ``register(app)``.
COMMAND_MODULES = ["core", "neo4j_cmd", "bench", "importing", "serve", "gaps_cmd", "hsds_cmd", "users_cmd", "audit_cmd", "clients_cmd", "template_cmd", "generate_cmd"]


@app.callback()
def _global(
    ctx: typer.Context,
    graph: Annotated[str | None, typer.Option(help="Katalog bazy wbudowanej albo URI bolt:// / neo4j://")] = None,
    neo4j_user: Annotated[str | None, typer.Option(help="Użytkownik Neo4j")] = None,
    neo4j_password: Annotated[str | None, typer.Option(help="Hasło Neo4j (lepiej: KOOPERACJA_NEO4J_PASSWORD)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = settings(graph=graph, neo4j_user=neo4j_user, neo4j_password=neo4j_password)


for _name in COMMAND_MODULES:
    importlib.import_module(f"api.commands.{_name}").register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
