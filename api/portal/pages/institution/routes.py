"""Instytucja (``/instytucje/{id}``): the public profile of an institution."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import query
from api.portal.framework.render import page
from api.portal.framework.routing import portal_router
from api.portal.framework.text import date_pl

__all__ = ["router"]

router = portal_router()

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$")


@router.get("/instytucje/{institution_id}")
async def institution(request: Request, institution_id: str) -> Response:
    if not _ID.match(institution_id):
        raise PortalError(404)
    data = (await query(request, "InstitutionPage", {"id": institution_id}))["institution"]
    if data is None:
        raise PortalError(404)
    services = [e["node"] for e in data["services"]["edges"]]
    for s in services:
        s["updated"] = date_pl(s.get("updatedAt"))
    partners = [e["node"] for e in data["partners"]["edges"] if e["node"].get("institution")]
    return page(
        request,
        "pages/institution/institution.html",
        {"i": data, "services": services, "partners": partners, "updated": date_pl(data.get("updatedAt"))},
        title=data["name"],
    )
