"""Every GraphQL document beside the portal's pages is valid against the exported schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

from api.portal.framework.operations import operation_files, operations

SDL = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def test_there_are_portal_operations() -> None:
    assert len(operation_files()) >= 4
    assert {"SearchServices", "InstitutionPage", "TerritoryPage", "TerritoriesByName"} <= set(operations())


@pytest.mark.parametrize("path", operation_files(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_document_validates_against_the_schema(path: Path) -> None:
    schema = build_schema(SDL.read_text(encoding="utf-8"))
    document = parse(path.read_text(encoding="utf-8"))
    errors = validate(schema, document)
    assert not errors, [e.message for e in errors]
    names = [d.name.value for d in document.definitions if isinstance(d, OperationDefinitionNode) and d.name]
    assert len(names) == len([d for d in document.definitions if isinstance(d, OperationDefinitionNode)])


def test_an_invalid_document_is_caught(tmp_path: Path) -> None:
    # the check above can fail: a field the schema lacks is reported
    schema = build_schema(SDL.read_text(encoding="utf-8"))
    errors = validate(schema, parse('query X { institution(id: "a") { noSuchField } }'))
    assert errors
