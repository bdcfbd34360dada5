"""The GraphQL schema, composed from per-domain root classes.

Each domain (directory, clients, gap analyses…) defines its own
``@strawberry.type`` classes holding its root fields; :data:`Query` and
:data:`Mutation` merge them with ``strawberry.tools.merge_types``.  To add a
domain, import its root classes here and add them to the tuples below (field
names must be unique across domains), then re-export the SDL:
``kooperacja schema > api/schema.graphql``.

Hardening (validation rules are built ONCE, here, so the validation cache
keeps working – per-request limiter instances defeat it): depth, alias and
token limits, no introspection and no IDE outside ``KOOPERACJA_ENV=development``,
masked errors with a correlation id, no field suggestions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import strawberry
from graphql import ASTValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.clients.graphql import ClientsMutation, ClientsQuery
from api.clients.limits import sensitive_lookup_limiter
from api.directory.graphql import DirectoryQuery
from api.directory.mutations import DirectoryMutation
from api.gaps.graphql import GapsQuery
from api.graphql.documents import PreparedDocument
from api.graphql.errors import CorrelatedMaskErrors
from api.graphql.hardened import HardenedSchema
from api.graphql.limits import alias_limiter, depth_limiter
from api.partnerships.graphql import PartnershipsMutation, PartnershipsQuery
from api.registers.graphql import RegistersQuery
from api.territories.graphql import TerritoriesQuery

__all__ = [
    "Query",
    "Mutation",
    "MAX_DEPTH",
    "MAX_ALIASES",
    "MAX_TOKENS",
    "build_schema",
    "sdl",
]

#: The root query type: one class per domain, in SDL order.
Query = merge_types(
    "Query", (DirectoryQuery, ClientsQuery, GapsQuery, TerritoriesQuery, RegistersQuery, PartnershipsQuery)
)
#: The root mutation type: one class per domain, in SDL order.
Mutation = merge_types("Mutation", (DirectoryMutation, ClientsMutation, PartnershipsMutation))

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 3000
_CACHE_SIZE = 256

_LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (
    depth_limiter(MAX_DEPTH),  # linear in the document, fragments memoised (issue 16)
    alias_limiter(MAX_ALIASES),
    sensitive_lookup_limiter(),
)
_PRODUCTION_RULES = (*_LIMIT_RULES, NoSchemaIntrospectionCustomRule)


def _rules_extension(rules: tuple[type[ASTValidationRule], ...]) -> Callable[[], SchemaExtension]:
    # The same tuple of rule classes every request: the ValidationCache key stays stable.
    return lambda: AddValidationRules(list(rules))


@lru_cache(maxsize=2)
def build_schema(development: bool = False) -> strawberry.Schema:
    """The application schema; ``development`` allows introspection (the IDE is the router's)."""
    rules = _LIMIT_RULES if development else _PRODUCTION_RULES
    # Documents are parsed and validated off the event loop, once per normalised text
    # (HardenedSchema + PreparedDocument); the rules extension only serves a caller
    # that bypasses that path (``execute_sync``).
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        PreparedDocument,
        _rules_extension(rules),
        lambda: CorrelatedMaskErrors(quiet_requests=not development),
    ]
    return HardenedSchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=True),
        validation_rules=rules,
        max_tokens=MAX_TOKENS,
        cache_size=_CACHE_SIZE,
        quiet_requests=not development,
    )


def sdl() -> str:
    """The schema in SDL, as exported to ``api/schema.graphql``."""
    return build_schema(development=False).as_str() + "\n"
