"""``territoriesByName``: gminas and powiats whose name starts with (or contains) the given text.

Matching ignores case and Polish diacritics ("lubi" finds Lubicz and Łubianka).
Exact names come first, then prefixes, then other matches; each result can be
told apart by its kind and parent (two "Chełmża" gminas: miejska and wiejska).
TERYT is public data, so this follows the public-directory permission.
"""

from __future__ import annotations

import time
from typing import Annotated

import strawberry
from strawberry.types import Info

from api.directory.types import Territory
from api.security import PublicDirectory
from graph.enums import TerritoryLevel
from graph.store.protocol import Row, Store
from graph.text import fold

__all__ = ["TerritoriesQuery", "territory_rows"]

_CACHE_SECONDS = 60.0
_cache: dict[tuple[int, tuple[str, ...]], tuple[float, list[Row]]] = {}


def territory_rows(store: Store, levels: tuple[str, ...]) -> list[Row]:
    """All territories of ``levels`` (cached for a minute per store: TERYT changes once a year)."""
    key = (id(store), levels)
    hit = _cache.get(key)
    now = time.monotonic()
    if hit is not None and now - hit[0] < _CACHE_SECONDS:
        return hit[1]
    rows = list(store.query("territory_names", {"levels": list(levels)}))
    _cache[key] = (now, rows)
    return rows


def _rank(name: str, needle: str) -> int | None:
    folded = fold(name)
    if folded == needle:
        return 0
    if folded.startswith(needle):
        return 1
    if any(part.startswith(needle) for part in folded.replace("-", " ").split()):
        return 2
    if needle in folded:
        return 3
    return None


@strawberry.type
class TerritoriesQuery:
    @strawberry.field(
        permission_classes=[PublicDirectory],
        description="Gminy i powiaty według nazwy (bez względu na wielkość liter i polskie znaki).",
    )
    async def territories_by_name(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="Początek nazwy albo cała nazwa.")],
        levels: list[TerritoryLevel] | None = None,
        first: int = 10,
    ) -> list[Territory]:
        needle = fold(name.strip())[:100]
        if len(needle) < 2:
            return []
        wanted = tuple(sorted(lv.value for lv in (levels or [TerritoryLevel.GMINA])))
        rows = await info.context.run(territory_rows, info.context.store, wanted)
        ranked = []
        for row in rows:
            rank = _rank(str(row["name"]), needle)
            if rank is not None:
                ranked.append((rank, fold(str(row["name"])), str(row["teryt"]), row))
        ranked.sort(key=lambda r: r[:3])
        return [Territory.from_row(r[3]) for r in ranked[: max(1, min(first, 50))]]
