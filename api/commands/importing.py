"""``kooperacja import <kind> PATH …``: the importer sub-commands, joined explicitly."""

from __future__ import annotations

import typer

from api.commands import hsds_cmd, register_edition_cmd, registers_cmd, teryt_cmd

__all__ = ["imports"]

imports = typer.Typer(help="Import danych: TERYT, rejestry, arkusze, Open Referral HSDS.", no_args_is_help=True)
imports.add_typer(teryt_cmd.app)
imports.add_typer(registers_cmd.app)
imports.add_typer(register_edition_cmd.app)
imports.add_typer(hsds_cmd.imports)
