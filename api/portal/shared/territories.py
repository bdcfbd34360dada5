"""Choosing a gmina by its name (never a TERYT code): labels, resolution, ambiguity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from api.portal.framework.operations import query
from graph.text import fold

__all__ = ["Place", "label", "resolve_place", "suggest"]


@dataclass(frozen=True)
class Place:
    teryt: str
    name: str
    label: str
    level: str


def label(t: dict[str, Any]) -> str:
    """``Lubicz – gmina wiejska (powiat toruński)``: unique enough to tell namesakes apart."""
    kind = t.get("kind") or ("powiat" if t.get("level") == "POWIAT" else "gmina")
    parent = t.get("parent") or {}
    where = f" ({parent.get('levelLabel', '')} {parent['name']})" if parent.get("name") else ""
    return f"{t['name']} – {kind}{where}"


def _place(t: dict[str, Any]) -> Place:
    return Place(teryt=t["teryt"], name=t["name"], label=label(t), level=t["level"])


async def suggest(request: Request, text: str, levels: list[str] | None = None, first: int = 10) -> list[Place]:
    name = text.split(" – ")[0].strip()
    if len(name) < 2:
        return []
    data = await query(
        request, "TerritoriesByName", {"name": name[:100], "levels": levels or ["GMINA"], "first": first}
    )
    return [_place(t) for t in data["territoriesByName"]]


async def resolve_place(
    request: Request, text: str, levels: list[str] | None = None
) -> tuple[Place | None, list[Place]]:
    """(the place meant by ``text``, candidates when it is ambiguous or unknown)."""
    candidates = await suggest(request, text, levels, first=20)
    wanted = fold(text.strip())
    by_label = [p for p in candidates if fold(p.label) == wanted]
    if len(by_label) == 1:
        return by_label[0], []
    by_name = [p for p in candidates if fold(p.name) == wanted]
    if len(by_name) == 1:
        return by_name[0], []
    return None, by_name or candidates[:8]
