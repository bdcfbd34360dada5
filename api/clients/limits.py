"""Validation rule: few lookups of client data per document, refused before any resolver runs.

Aliases let one request ask ``client(id: …)`` hundreds of times; the alias
limit caps that globally, and this rule caps the fields that look up client
data by an id or a search term (:data:`SENSITIVE_FIELDS`) much lower.  It is a
GraphQL *validation* rule, so a refused document costs no store call.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, ValidationContext, ValidationRule

__all__ = ["SENSITIVE_FIELDS", "MAX_SENSITIVE_LOOKUPS", "sensitive_lookup_limiter"]

#: Root fields that take an id or search term and return client data.
SENSITIVE_FIELDS = frozenset({"client", "referral", "plan", "clientsByPesel"})
MAX_SENSITIVE_LOOKUPS = 10


def sensitive_lookup_limiter(max_lookups: int = MAX_SENSITIVE_LOOKUPS) -> type[ValidationRule]:
    """A rule class allowing at most ``max_lookups`` sensitive lookup fields per document."""

    class SensitiveLookupLimiter(ValidationRule):
        def __init__(self, context: ValidationContext):
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_args: Any) -> None:
            parent = self.context.get_parent_type()
            if node.name.value not in SENSITIVE_FIELDS or parent is None or parent.name != "Query":
                return
            self.count += 1
            if self.count == max_lookups + 1:
                self.report_error(
                    GraphQLError(
                        f"Zbyt wiele odwołań do danych klientów w jednym zapytaniu (najwyżej {max_lookups}).",
                        node,
                        extensions={"code": "TOO_MANY_LOOKUPS"},
                    )
                )

    return SensitiveLookupLimiter
