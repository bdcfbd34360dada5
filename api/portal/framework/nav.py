"""The navigation: which pages the caller's role may use.

Each entry names the roles that see it (``None`` = everyone, including anonymous
visitors).  Add one line per page; the order here is the order in the menu.
The navigation only hides links – every page still checks access itself
(through the GraphQL operations it runs).
"""

from __future__ import annotations

from dataclasses import dataclass

from api.security import Principal, Role

__all__ = ["NavItem", "NAV", "nav_for"]


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    roles: frozenset[Role] | None = None


NAV: list[NavItem] = [
    NavItem("/", "Szukaj pomocy"),
    NavItem("/sprawy", "Moje sprawy", frozenset({Role.CASEWORKER})),
    NavItem("/moja-instytucja", "Moja instytucja", frozenset({Role.INSTITUTION_ADMIN})),
    NavItem("/mapa-sieci", "Mapa sieci", frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN})),
    NavItem("/diagnoza", "Diagnoza", frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN})),
    NavItem("/partnerstwa", "Partnerstwa", frozenset({Role.COORDINATOR, Role.INSTITUTION_ADMIN})),
]


def nav_for(principal: Principal, current: str) -> list[dict[str, object]]:
    items = []
    for item in NAV:
        if item.roles is not None and (principal.anonymous or principal.role not in item.roles):
            continue
        active = current == item.path if item.path == "/" else current.startswith(item.path)
        items.append({"path": item.path, "label": item.label, "active": active})
    return items
