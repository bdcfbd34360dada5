"""Relay-style cursor connections with ``totalCount`` and a capped page size.

Cursors are opaque to clients (base64 of an offset): every list is ordered by
an allow-listed key with the id as the final tie-breaker, so an offset is a
stable position.  ``totalCount`` is computed only when a client selects it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from api.graphql.errors import BadInputError

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "PageInfo",
    "Edge",
    "Connection",
    "Page",
    "page_window",
    "encode_cursor",
    "decode_cursor",
    "build_connection",
]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_PREFIX = "k:"

T = TypeVar("T")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor points at; a clear error for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError
        offset = int(raw[len(_PREFIX) :])
        if offset < 0:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadInputError("after", "niepoprawny kursor stronicowania") from None
    return offset


@dataclass(frozen=True)
class Page:
    """Rows to skip and the number to fetch (one more than asked, to see the next page)."""

    skip: int
    size: int

    @property
    def fetch(self) -> int:
        return self.size + 1


def page_window(first: int | None, after: str | None) -> Page:
    """Validate ``first``/``after``: 1..MAX_PAGE_SIZE rows after the cursor."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 1 or size > MAX_PAGE_SIZE:
        raise BadInputError("first", f"rozmiar strony musi mieścić się w przedziale 1–{MAX_PAGE_SIZE}")
    skip = 0 if after is None else decode_cursor(after) + 1
    return Page(skip=skip, size=size)


@strawberry.type(description="Informacja o stronie wyników (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="Element listy z kursorem.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="Lista stronicowana kursorami (Relay).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Liczba wszystkich elementów spełniających warunki (wszystkich stron).")
    async def total_count(self) -> int:
        return await self._count()


def build_connection(nodes: Sequence[T], page: Page, count: Callable[[], Awaitable[int]]) -> Connection[T]:
    """Edges for ``nodes`` fetched with ``page.fetch`` rows from offset ``page.skip``."""
    has_next = len(nodes) > page.size
    shown = list(nodes[: page.size])
    edges = [Edge(cursor=encode_cursor(page.skip + i), node=n) for i, n in enumerate(shown)]
    known_total = page.skip + len(shown) if not has_next and (shown or page.skip == 0) else None

    async def total() -> int:
        # the last page tells the total without another query
        return known_total if known_total is not None else await count()

    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=total,
    )


def build_list_connection(items: Sequence[T], first: int | None, after: str | None) -> Connection[T]:
    """A connection over an in-memory list (small, already bounded lists)."""
    page = page_window(first, after)
    window = list(items[page.skip : page.skip + page.fetch])

    async def total() -> int:
        return len(items)

    return build_connection(window, page, total)
