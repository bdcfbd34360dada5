"""Mapa sieci (``/mapa-sieci``): the network of a territory for coordinators and analysts (issue 11 page 4).

Layers (declared cooperation, shared partnerships, referral flows after
small-count suppression) can be switched; brokers (the same as the
diagnosis names) and isolated institutions are marked; sector and type
filters are GET parameters, so the URL is bookmarkable.  Without JavaScript
the page lists the institutions and ties; with it, Cytoscape.js draws the
map, a click opens the institution page, and PNG and GraphML are exported in
the browser from the data the page already has.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from starlette.requests import Request
from starlette.responses import Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import query
from api.portal.framework.render import page
from api.portal.framework.routing import portal_router, require_user
from api.security import Role

__all__ = ["router", "LAYERS"]

router = portal_router()

_TERYT = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")
_PERIOD = re.compile(r"^\d{4}$")
LAYERS = {"declared": "zadeklarowana współpraca", "partnership": "wspólne partnerstwa", "referrals": "skierowania"}


@router.get("/mapa-sieci")
async def network_map(request: Request, teren: str = "", okres: str = "", sektor: str = "", typ: str = "") -> Response:
    require_user(request, Role.COORDINATOR, Role.ANALYST, Role.ADMIN)
    okres = okres or str(dt.date.today().year - 1)
    if not teren:
        return page(
            request, "pages/network/network.html", {"data": None, "teren": "", "okres": okres}, title="Mapa sieci"
        )
    if not _TERYT.match(teren) or not _PERIOD.match(okres):
        raise PortalError(404)
    report = (await query(request, "NetworkMapPage", {"territory": teren, "period": okres}))["gapReport"]
    net = report["network"]
    sectors = sorted({(n["sector"], n["sectorLabel"]) for n in net["nodes"]}, key=lambda s: s[1])
    types = sorted({(n["type"], n["typeLabel"]) for n in net["nodes"]}, key=lambda s: s[1])
    nodes = [n for n in net["nodes"] if (not sektor or n["sector"] == sektor) and (not typ or n["type"] == typ)]
    kept = {n["id"] for n in nodes}
    edges = [e for e in net["edges"] if e["source"] in kept and e["target"] in kept]
    names = {n["id"]: n["name"] for n in nodes}
    return page(
        request,
        "pages/network/network.html",
        {
            "data": report,
            "nodes": nodes,
            "edges": edges,
            "names": names,
            "layers": LAYERS,
            "sectors": sectors,
            "types": types,
            "teren": teren,
            "okres": okres,
            "sektor": sektor,
            "typ": typ,
            # for the script: escaped into a data-* attribute by the template (never an inline script)
            "graph_json": json.dumps(
                {
                    "nodes": nodes,
                    "edges": edges,
                    "layers": LAYERS,
                    "title": report["territory"]["name"],
                    "period": report["period"]["label"],
                },
                ensure_ascii=False,
            ),
        },
        title=f"Mapa sieci: {report['territory']['name']}",
    )
