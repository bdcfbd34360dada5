"""The ``kooperacja`` command line.

Global options choose the store (``--graph`` path or ``bolt://``/``neo4j://`` URI)
and override ``KOOPERACJA_*`` environment variables.  Commands live in
:mod:`api.commands`, one module each exposing a ``typer.Typer``; they are joined
below with ``add_typer`` – without a name the module's commands sit at the top
level (``kooperacja demo``), with a name they form a group (``kooperacja import …``).
To add a command: write it in its own module and add one ``add_typer`` line here.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from typer import rich_utils

from api.commands import (
    audit_cmd,
    bench,
    check_cmd,
    clients_cmd,
    core,
    gaps_cmd,
    generate_cmd,
    hsds_cmd,
    importing,
    neo4j_cmd,
    search_cmd,
    serve,
    template_cmd,
    users_cmd,
)
from api.commands.common import fail
from graph.config import settings

__all__ = ["app", "main"]

# Typer's help and error panels in Polish (the texts a user reads; option help is Polish at the source).
rich_utils.OPTIONS_PANEL_TITLE = "Opcje"
rich_utils.COMMANDS_PANEL_TITLE = "Polecenia"
rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenty"
rich_utils.ERRORS_PANEL_TITLE = "Błąd"
rich_utils.DEFAULT_STRING = "[domyślnie: {}]"
rich_utils.REQUIRED_LONG_STRING = "[wymagane]"
rich_utils.ENVVAR_STRING = "[zmienna: {}]"
rich_utils.ABORTED_TEXT = "Przerwano."
rich_utils.RICH_HELP = "Pomoc: [blue]'{command_path} {help_option}'[/]"

app = typer.Typer(
    name="kooperacja",
    help="Kooperacja – graf współpracy instytucji pomocy społecznej i rynku pracy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _global(
    ctx: typer.Context,
    graph: Annotated[str | None, typer.Option(help="Katalog bazy wbudowanej albo URI bolt:// / neo4j://")] = None,
    neo4j_user: Annotated[str | None, typer.Option(help="Użytkownik Neo4j")] = None,
    neo4j_password: Annotated[str | None, typer.Option(help="Hasło Neo4j (lepiej: KOOPERACJA_NEO4J_PASSWORD)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Więcej komunikatów (poziom INFO)")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        ctx.obj = settings(graph=graph, neo4j_user=neo4j_user, neo4j_password=neo4j_password)
    except ValueError as exc:  # a bad KOOPERACJA_* value: one Polish line naming the variable, no traceback
        fail(f"konfiguracja: {exc}")


# Top-level commands (no group name).
app.add_typer(core.app)
app.add_typer(serve.app)
app.add_typer(gaps_cmd.app)
app.add_typer(template_cmd.app)
app.add_typer(generate_cmd.app)
# Command groups.
app.add_typer(neo4j_cmd.app, name="neo4j")
app.add_typer(bench.bench, name="bench")
app.add_typer(importing.imports, name="import")
app.add_typer(hsds_cmd.export, name="export")
app.add_typer(users_cmd.users, name="users")
app.add_typer(search_cmd.search, name="search")
app.add_typer(audit_cmd.audit, name="audit")
app.add_typer(clients_cmd.clients, name="clients")
app.add_typer(check_cmd.check, name="check")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
