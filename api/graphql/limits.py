"""Depth and alias limits that cost time linear in the document, whatever its fragments do.

Strawberry's own ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` walk every
fragment spread afresh: a chain of fragments each spreading the previous one
twice makes them take 2^k steps (k=20 blocked a server for 12 s, issue 16).
These rules compute each fragment's figure ONCE (memoised by name), so a
document of n nodes costs O(n) however its fragments nest; the counts they
compare are still those of the fully expanded document (an alias count of
2^30 is computed, not enumerated, and refused).

Semantics match strawberry's: the depth of an operation is the nesting level
of its deepest field (root fields are level 0, introspection fields are not
counted); the alias count is the number of aliased fields after expanding
fragments.  Cyclic spreads count 0 here – ``NoFragmentCyclesRule`` refuses them.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

__all__ = ["depth_limiter", "alias_limiter", "document_measures", "DocumentMeasures"]

_IN_PROGRESS = -1


class DocumentMeasures:
    """Depth and alias count of every operation of a document, fragments memoised."""

    def __init__(self, definitions: Any):
        self._fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._depth: dict[str, int] = {}
        self._aliases: dict[str, int] = {}

    # ---------------------------------------------------------------- depth
    def depth(self, selection_set: SelectionSetNode | None) -> int:
        """Levels below the fields of ``selection_set`` (0 when all of them are leaves)."""
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__") or selection.selection_set is None:
                    continue
                deepest = max(deepest, 1 + self.depth(selection.selection_set))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.depth(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, self._fragment(selection.name.value, self._depth, self.depth))
        return deepest

    # ---------------------------------------------------------------- aliases
    def aliases(self, selection_set: SelectionSetNode | None) -> int:
        """Aliased fields in ``selection_set`` with every fragment expanded (counted, not expanded)."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += (1 if selection.alias else 0) + self.aliases(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                total += self.aliases(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, self._aliases, self.aliases)
        return total

    def _fragment(self, name: str, memo: dict[str, int], measure: Any) -> int:
        known = memo.get(name)
        if known is not None:
            return max(known, 0)  # _IN_PROGRESS: a cycle, refused by another rule
        fragment = self._fragments.get(name)
        if fragment is None:
            return 0  # unknown fragment: KnownFragmentNamesRule reports it
        memo[name] = _IN_PROGRESS
        value: int = measure(fragment.selection_set)
        memo[name] = value
        return value


def document_measures(context: ValidationContext) -> DocumentMeasures:
    return DocumentMeasures(context.document.definitions)


def _operations(context: ValidationContext) -> list[OperationDefinitionNode]:
    return [d for d in context.document.definitions if isinstance(d, OperationDefinitionNode)]


def depth_limiter(max_depth: int) -> type[ValidationRule]:
    """A rule refusing operations nested deeper than ``max_depth`` levels."""

    class DepthLimit(ValidationRule):
        def __init__(self, context: ValidationContext):
            super().__init__(context)
            measures = document_measures(context)
            for operation in _operations(context):
                if measures.depth(operation.selection_set) > max_depth:
                    context.report_error(
                        GraphQLError(
                            f"Zapytanie jest zbyt głęboko zagnieżdżone (najwyżej {max_depth} poziomów).",
                            [operation],
                            extensions={"code": "QUERY_TOO_DEEP"},
                        )
                    )

    return DepthLimit


def alias_limiter(max_aliases: int) -> type[ValidationRule]:
    """A rule refusing documents with more than ``max_aliases`` aliased fields after expansion."""

    class AliasLimit(ValidationRule):
        def __init__(self, context: ValidationContext):
            super().__init__(context)
            measures = document_measures(context)
            total = sum(measures.aliases(op.selection_set) for op in _operations(context))
            if total > max_aliases:
                context.report_error(
                    GraphQLError(
                        f"Zapytanie ma zbyt wiele aliasów (najwyżej {max_aliases}).",
                        extensions={"code": "TOO_MANY_ALIASES"},
                    )
                )

    return AliasLimit
