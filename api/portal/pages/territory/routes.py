"""Gmina / powiat (``/teren/{teryt}``): who is responsible for the residents, and the visible gaps.

The "headline gaps" here are the kinds of institution a resident of a gmina is
expected to have (the statutory chain: OPS/CUS of the gmina, PCPR and PUP of
the powiat; and the good-practice ones: CIS or KIS, ŚDS, OIK) that no
institution competent for the unit provides.  The full diagnosis (coverage,
structure, pathways) is the coordinators' ``/diagnoza`` page.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import query
from api.portal.framework.render import page
from api.portal.framework.routing import portal_router
from api.portal.shared.territories import resolve_place

__all__ = ["router", "EXPECTED"]

router = portal_router()

_TERYT = re.compile(r"^\d{4}(\d{2})?$")

#: (label, statutory?, any of these institution types) expected for every gmina's residents.
EXPECTED: list[tuple[str, bool, frozenset[str]]] = [
    (
        "ośrodek pomocy społecznej lub centrum usług społecznych (art. 110 ustawy o pomocy społecznej)",
        True,
        frozenset({"OPS", "CUS"}),
    ),
    ("powiatowe centrum pomocy rodzinie (art. 112 ustawy o pomocy społecznej)", True, frozenset({"PCPR"})),
    ("powiatowy urząd pracy (art. 9 ustawy o rynku pracy i służbach zatrudnienia)", True, frozenset({"PUP"})),
    ("centrum lub klub integracji społecznej", False, frozenset({"CIS", "KIS"})),
    ("środowiskowy dom samopomocy", False, frozenset({"SDS"})),
    ("ośrodek interwencji kryzysowej", False, frozenset({"OIK"})),
]


@router.get("/teren")
async def territory_by_name(request: Request, nazwa: str = "") -> Response:
    place, candidates = await resolve_place(request, nazwa[:120], ["GMINA", "POWIAT"])
    if place is not None:
        return RedirectResponse(f"/teren/{place.teryt}", status_code=303)
    return page(
        request,
        "pages/territory/choose.html",
        {"nazwa": nazwa, "candidates": candidates},
        title="Wybierz gminę lub powiat",
    )


@router.get("/teren/{teryt}")
async def territory(request: Request, teryt: str) -> Response:
    if not _TERYT.match(teryt):
        raise PortalError(404)
    data = (await query(request, "TerritoryPage", {"teryt": teryt}))["territory"]
    groups = [e["node"] for e in data["institutionGroups"]["edges"]]
    present = {g["type"] for g in groups if g["institutions"]["totalCount"]}
    if int(teryt[2:4]) >= 61 and present & {"OPS", "CUS"}:
        present.add("PCPR")  # in a city with powiat rights the MOPR/MOPS does the PCPR's tasks (art. 112 ust. 1)
    gaps = [(label, statutory) for label, statutory, types in EXPECTED if not present & types]
    return page(
        request,
        "pages/territory/territory.html",
        {"t": data, "groups": groups, "gaps": gaps},
        title=f"{data['territory']['levelLabel']} {data['territory']['name']}",
    )
