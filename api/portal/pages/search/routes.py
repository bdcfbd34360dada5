"""Szukaj pomocy (``/``): public search for services near a gmina chosen by name.

A GET form, so every search is a bookmarkable URL (``/?co=terapia&gmina=Lubicz``)
and the back button works; it needs no JavaScript (``static/js/gmina.js`` only
adds autocomplete suggestions to the gmina field).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import query
from api.portal.framework.render import page, security_headers
from api.portal.framework.routing import portal_router
from api.portal.framework.text import date_pl
from api.portal.shared.territories import resolve_place, suggest

__all__ = ["router", "DISTANCES"]

router = portal_router()

#: Distance choices in km ("" = only institutions competent for the gmina).
DISTANCES = {"": "tylko właściwe dla gminy", "10": "do 10 km", "25": "do 25 km", "50": "do 50 km"}
_NEAR = "WITHIN_DISTANCE"


def _hit(node: dict[str, Any]) -> dict[str, Any]:
    service = node["service"]
    territory = node["explanation"].get("territory") or {}
    free = service.get("freePlaces")
    return {
        "service": service,
        "institution": service.get("institution") or {},
        "why": node["explanation"]["summary"],
        "competent": bool(territory) and territory.get("rule") != _NEAR,
        "declared": bool(territory.get("declared")),
        "territory": territory,
        "distance": territory.get("distanceKm"),
        "free": free,
        "free_date": date_pl(service.get("updatedAt")) if free is not None else "",
    }


def _relaxations(params: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """What to loosen when nothing was found, each with the URL parameters of the looser search."""
    out: list[tuple[str, dict[str, str]]] = []

    def without(**changes: str) -> dict[str, str]:
        return {**params, **changes, "po": ""}

    if params.get("wolne"):
        out.append(("pokaż także usługi bez wolnych miejsc", without(wolne="")))
    if params.get("gmina") and params.get("km") != "50":
        out.append(("szukaj także w odległości do 50 km", without(km="50")))
    if params.get("kategoria"):
        out.append(("usuń filtr kategorii", without(kategoria="")))
    if params.get("grupa"):
        out.append(("usuń filtr grupy docelowej", without(grupa="")))
    if params.get("co") and len(params["co"].split()) > 1:
        out.append(("użyj mniej słów", without(co=params["co"].split()[0])))
    if params.get("gmina"):
        out.append(("szukaj w całym katalogu, bez gminy", without(gmina="", km="")))
    return out


@router.get("/")
async def search(
    request: Request,
    co: str = "",
    gmina: str = "",
    grupa: str = "",
    kategoria: str = "",
    km: str = "",
    wolne: str = "",
    po: str = "",
) -> Response:
    params = {
        "co": co.strip()[:200],
        "gmina": gmina.strip()[:120],
        "grupa": grupa,
        "kategoria": kategoria,
        "km": km,
        "wolne": "1" if wolne else "",
        "po": po[:200],
    }
    vocab = await query(request, "SearchVocabulary")
    groups = [(e["node"]["id"], e["node"]["name"]) for e in vocab["targetGroups"]["edges"]]
    categories = [(e["node"]["id"], e["node"]["name"]) for e in vocab["categories"]["edges"]]
    if (
        km not in DISTANCES
        or (grupa and grupa not in dict(groups))
        or (kategoria and kategoria not in dict(categories))
    ):
        raise PortalError(400, hint="Wybierz wartość z listy w formularzu wyszukiwania.")
    searched = any(params[k] for k in ("co", "gmina", "grupa", "kategoria", "wolne"))
    candidates: list[Any] = []  # the places a gmina name may mean
    place, hits, total, next_cursor = None, [], 0, None
    if params["gmina"]:
        place, candidates = await resolve_place(request, params["gmina"])
    if searched and (place is not None or not params["gmina"]):
        variables = {
            "text": params["co"] or None,
            "territory": place.teryt if place else None,
            "withinKm": float(km) if km and place else None,
            "openOnly": bool(wolne),
            "categories": [kategoria] if kategoria else None,
            "targetGroups": [grupa] if grupa else None,
            "after": params["po"] or None,
        }
        data = (await query(request, "SearchServices", variables))["searchServices"]
        hits = [_hit(e["node"]) for e in data["edges"]]
        total = data["totalCount"]
        next_cursor = data["pageInfo"]["endCursor"] if data["pageInfo"]["hasNextPage"] else None
    return page(
        request,
        "pages/search/search.html",
        {
            "params": params,
            "groups": groups,
            "categories": categories,
            "distances": list(DISTANCES.items()),
            "searched": searched,
            "place": place,
            "candidates": candidates,
            "hits": hits,
            "total": total,
            "next_cursor": next_cursor,
            "relax": _relaxations(params) if searched and not hits else [],
        },
        title="Szukaj pomocy",
    )


@router.get("/podpowiedzi/gminy")
async def gmina_suggestions(request: Request, nazwa: str = "") -> Response:
    """Autocomplete of the gmina field (JSON for ``static/js/gmina.js``)."""
    places = await suggest(request, nazwa[:100], first=10)
    response = JSONResponse([{"label": p.label, "name": p.name} for p in places])
    return security_headers(response)
