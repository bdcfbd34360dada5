"""The exported SDL (api/schema.graphql) matches the code; `kooperacja schema` prints it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from api.directory.graphql import DirectoryQuery
from api.directory.mutations import DirectoryMutation
from api.graphql.schema import Mutation, Query, sdl

SDL_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def test_exported_sdl_matches_the_code() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), (
        "api/schema.graphql is stale: run `kooperacja schema > api/schema.graphql`"
    )


def test_schema_command_prints_the_sdl() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == sdl()


def test_directory_fields_are_in_the_schema() -> None:
    text = sdl()
    for field in (
        "searchServices(",
        "institution(",
        "institutions(",
        "territory(",
        "service(",
        "competenceHolders(",
        "partners(",
        "categories(",
        "targetGroups(",
        "updateInstitutionProfile(",
        "saveService(",
        "setServiceCapacity(",
        "setInstitutionCompetences(",
        "declareCooperation(",
        "withdrawCooperation(",
    ):
        assert f"  {field}" in text, field
    assert issubclass(Query, DirectoryQuery)
    assert issubclass(Mutation, DirectoryMutation)


def test_every_directory_root_field_declares_a_permission() -> None:
    from api.graphql.schema import build_schema

    schema = build_schema()
    for root in (schema.query, schema.mutation):
        definition = root.__strawberry_definition__  # type: ignore[union-attr]
        for field in definition.fields:
            origin = getattr(field, "origin", None)
            if origin is not None and origin.__module__.startswith("api.directory"):
                assert field.permission_classes, f"{field.name} has no permission class"
