"""Parse and validate GraphQL documents off the event loop, once per *normalised* text.

Why: validation runs in Python and holds the interpreter; done on the event
loop, an expensive document blocks every other request, ``/health`` included
(issue 16).  :meth:`DocumentCache.prepare` is called in a worker thread by the
schema (``api.graphql.schema``) before strawberry sees the request; the
:class:`PreparedDocument` extension then hands strawberry the document and
its validation errors, so nothing but a lookup happens on the loop.

The cache key is the document's token stream (comments, commas and layout
dropped), so ``{ a } # 1`` and ``{ a } # 2`` share one entry: a comment can no
longer force a fresh parse and validation.  The cache is a bounded LRU.
"""

from __future__ import annotations

import contextvars
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    Source,
    TokenKind,
    parse,
)
from graphql.language.lexer import Lexer
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

__all__ = ["DocumentCache", "Prepared", "PreparedDocument", "normalise", "PREPARED"]

_PUNCTUATION_GAP = frozenset({TokenKind.NAME, TokenKind.INT, TokenKind.FLOAT})


def normalise(query: str, max_tokens: int) -> str | None:
    """The document as its tokens joined by single spaces; ``None`` when it does not lex.

    Raises ``GraphQLError`` when it has more than ``max_tokens`` tokens (the
    parser's own limit, checked here first so a huge text is not joined).
    """
    lexer = Lexer(Source(query))
    parts: list[str] = []
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            if len(parts) >= max_tokens:
                raise GraphQLError(
                    f"Zapytanie ma zbyt wiele elementów (najwyżej {max_tokens}).",
                    extensions={"code": "TOO_MANY_TOKENS"},
                )
            if token.kind is TokenKind.STRING or token.kind is TokenKind.BLOCK_STRING:
                # re-quote the *value*: block and plain strings with the same value are the same document
                parts.append(_quote(token.value or ""))
            elif token.value is not None and token.kind in _PUNCTUATION_GAP:
                parts.append(token.value)
            else:
                parts.append(token.kind.value)
            token = lexer.advance()
    except GraphQLError as error:
        if (error.extensions or {}).get("code") == "TOO_MANY_TOKENS":
            raise
        return None  # a syntax error: the parser reports it from the original text
    return " ".join(parts)


def _quote(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Prepared:
    """A parsed document and its validation errors (``None`` when it did not parse)."""

    key: str
    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]


class DocumentCache:
    """A bounded LRU of prepared documents for one schema and one tuple of rules."""

    def __init__(
        self, schema: GraphQLSchema, rules: Sequence[type[ASTValidationRule]], *, max_tokens: int, maxsize: int = 256
    ):
        self._schema = schema
        self._rules = tuple(rules)
        self._max_tokens = max_tokens
        self._maxsize = maxsize
        self._entries: OrderedDict[str, Prepared] = OrderedDict()  # by normalised text
        self._by_text: OrderedDict[str, Prepared] = OrderedDict()  # by exact text (fast path)
        self._lock = threading.Lock()

    def cached(self, query: str) -> Prepared | None:
        """The prepared document of exactly this text, if seen lately (a dict lookup: fine on the loop)."""
        with self._lock:
            found = self._by_text.get(query)
            if found is not None:
                self._by_text.move_to_end(query)
            return found

    def prepare(self, query: str) -> Prepared:
        """Parse and validate ``query`` (blocking, CPU-bound: call it in a worker thread)."""
        try:
            key = normalise(query, self._max_tokens)
        except GraphQLError as error:
            return Prepared(query, None, (error,))
        if key is None:
            try:
                parse(query, max_tokens=self._max_tokens)
            except GraphQLError as error:
                return Prepared(query, None, (error,))
            key = query  # pragma: no cover - lexes in parse but not here: never seen
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self._remember(self._by_text, query, found)
                return found
        try:
            # the caller's own text, so error locations point into it (a later variant that
            # differs only in comments or layout shares this entry and its locations)
            document = parse(query, max_tokens=self._max_tokens)
            errors = tuple(validate_document(self._schema, document, self._rules))
        except GraphQLError as error:
            return Prepared(key, None, (error,))
        except RecursionError:
            return Prepared(key, None, (_too_complex(),))
        prepared = Prepared(key, document, errors)
        with self._lock:
            self._remember(self._entries, key, prepared)
            self._remember(self._by_text, query, prepared)
        return prepared

    def _remember(self, entries: OrderedDict[str, Prepared], key: str, prepared: Prepared) -> None:
        entries[key] = prepared
        entries.move_to_end(key)
        while len(entries) > self._maxsize:
            entries.popitem(last=False)


def _too_complex() -> GraphQLError:
    return GraphQLError("Zapytanie jest zbyt złożone.", extensions={"code": "QUERY_TOO_COMPLEX"})


#: The document prepared for the operation running in this task (set by the schema's ``execute``).
PREPARED: contextvars.ContextVar[Prepared | None] = contextvars.ContextVar("prepared_document", default=None)


class PreparedDocument(SchemaExtension):
    """Hands strawberry the document and errors prepared off the loop (replaces Parser/ValidationCache)."""

    def on_parse(self) -> Iterator[None]:
        prepared = PREPARED.get()
        if prepared is not None and prepared.document is not None:
            self.execution_context.graphql_document = prepared.document
        yield

    def on_validate(self) -> Iterator[None]:
        prepared = PREPARED.get()
        ctx = self.execution_context
        if prepared is not None and prepared.document is not None and ctx.graphql_document is prepared.document:
            ctx.pre_execution_errors = list(prepared.errors)
        yield
