"""The GraphQL schema, composed from per-domain root classes.

Each domain (directory, clients, gap analyses…) defines its own
``@strawberry.type`` classes holding its root fields and is listed ONCE below;
``Query``/``Mutation`` inherit from all of them.  To add a domain, append
``"package.module:ClassName"`` to :data:`QUERY_CLASSES` and/or
:data:`MUTATION_CLASSES` (field names must be unique across domains), then
re-export the SDL: ``kooperacja schema > api/schema.graphql``.

Hardening (validation rules are built ONCE, here, so the validation cache
keeps working – per-request limiter instances defeat it): depth, alias and
token limits, no introspection and no IDE outside ``KOOPERACJA_ENV=development``,
masked errors with a correlation id, no field suggestions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator
from strawberry.schema.config import StrawberryConfig

from api.clients.limits import sensitive_lookup_limiter
from api.graphql.errors import CorrelatedMaskErrors

__all__ = [
    "QUERY_CLASSES",
    "MUTATION_CLASSES",
    "MAX_DEPTH",
    "MAX_ALIASES",
    "MAX_TOKENS",
    "build_schema",
    "sdl",
]

#: Root query classes of every domain, "module:Class".  One line per domain.
QUERY_CLASSES: list[str] = [
    "api.directory.graphql:DirectoryQuery",
    "api.clients.graphql:ClientsQuery",
    "api.gaps.graphql:GapsQuery",
]

#: Root mutation classes of every domain, "module:Class".  One line per domain.
MUTATION_CLASSES: list[str] = [
    "api.directory.graphql:DirectoryMutation",
    "api.clients.graphql:ClientsMutation",
]

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 3000
_CACHE_SIZE = 256

_LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (
    depth_validator(MAX_DEPTH, None, None),
    alias_validator(MAX_ALIASES),
    sensitive_lookup_limiter(),
)
_PRODUCTION_RULES = (*_LIMIT_RULES, NoSchemaIntrospectionCustomRule)


def _load(path: str) -> type:
    module, _, name = path.partition(":")
    cls = getattr(importlib.import_module(module), name)
    if not isinstance(cls, type):
        raise TypeError(f"{path} is not a class")
    return cls


def _compose(name: str, paths: Sequence[str]) -> type | None:
    bases = tuple(_load(p) for p in paths)
    if not bases:
        return None
    return strawberry.type(type(name, bases, {"__module__": __name__}))  # type: ignore[no-any-return]


class _Schema(strawberry.Schema):
    """Strawberry's default logs every resolver error with its message and traceback,
    which may quote data; :class:`CorrelatedMaskErrors` logs a scrubbed record instead."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        return None


def _rules_extension(rules: tuple[type[ASTValidationRule], ...]) -> Callable[[], SchemaExtension]:
    # The same tuple of rule classes every request: the ValidationCache key stays stable.
    return lambda: AddValidationRules(list(rules))


@lru_cache(maxsize=2)
def build_schema(development: bool = False) -> strawberry.Schema:
    """The application schema; ``development`` allows introspection (the IDE is the router's)."""
    rules = _LIMIT_RULES if development else _PRODUCTION_RULES
    query = _compose("Query", QUERY_CLASSES)
    if query is None:
        raise RuntimeError("no query classes configured")
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=_CACHE_SIZE),
        _rules_extension(rules),
        lambda: ValidationCache(maxsize=_CACHE_SIZE),
        CorrelatedMaskErrors,
    ]
    kwargs: dict[str, Any] = {}
    mutation = _compose("Mutation", MUTATION_CLASSES)
    if mutation is not None:
        kwargs["mutation"] = mutation
    return _Schema(
        query=query,
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=True),
        **kwargs,
    )


def sdl() -> str:
    """The schema in SDL, as exported to ``api/schema.graphql``."""
    return build_schema(development=False).as_str() + "\n"
