"""Diagnoza (``/diagnoza``): the gap report in the browser for coordinators and analysts (issue 11 page 5, issue 14).

Findings (statutory duties apart from good practice), the brokers, the use
of declared ties and the pathways – all through the ``gapReport`` query as the
caller (coordinators only for their own territory; every access is audited by
the API) – with the CLI's downloads: the HTML report, the CSV tables (ZIP),
the Kumu workbook and the GraphML network (``/diagnoza/pobierz``).
With ``lata=RRRR:RRRR`` also the indicators over time (``gapReport.indicators``):
a table per indicator, the trend and the plain warning that this is not causation.
Targets are set only from a file in the CLI, so the portal shows "brak celu".
"""

from __future__ import annotations

import base64
import datetime as dt
import re

from starlette.requests import Request
from starlette.responses import Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import query
from api.portal.framework.render import page
from api.portal.framework.routing import portal_router, require_user
from api.security import Role

__all__ = ["router", "FORMATS", "number", "trend_text"]

router = portal_router()

_TERYT = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")
_PERIOD = re.compile(r"^\d{4}$")
_YEARS = re.compile(r"^\d{4}(:\d{4})?$")
#: format in the URL → (GraphQL enum value, link text)
FORMATS = {
    "html": ("HTML", "raport HTML"),
    "csv": ("CSV", "tabele CSV (ZIP)"),
    "kumu": ("KUMU", "sieć dla Kumu (XLSX)"),
    "graphml": ("GRAPHML", "sieć GraphML"),
}
_ROLES = (Role.COORDINATOR, Role.ANALYST, Role.ADMIN)


def _arguments(teren: str, okres: str) -> tuple[str, str]:
    okres = okres or str(dt.date.today().year - 1)
    if not _TERYT.match(teren) or not _PERIOD.match(okres):
        raise PortalError(404)
    return teren, okres


@router.get("/diagnoza")
async def diagnosis(request: Request, teren: str = "", okres: str = "", lata: str = "") -> Response:
    require_user(request, *_ROLES)
    lata = lata.strip()
    if not teren:
        return page(
            request,
            "pages/diagnosis/diagnosis.html",
            {"r": None, "teren": "", "okres": okres, "lata": lata},
            title="Diagnoza",
        )
    teren, okres = _arguments(teren, okres)
    if lata and not _YEARS.match(lata):
        raise PortalError(400, hint="Pole „Lata wskaźników”: podaj lata jako RRRR:RRRR, np. 2023:2025.")
    r = (await query(request, "DiagnosisPage", {"territory": teren, "period": okres}))["gapReport"]
    indicators = None
    if lata:
        variables = {"territory": teren, "period": okres, "years": lata}
        indicators = (await query(request, "DiagnosisIndicators", variables))["gapReport"]["indicators"]
    names = {i["id"]: i["name"] for i in r["institutions"]}
    statutory = [g for g in r["gaps"] if g["statutory"]]
    practice = [g for g in r["gaps"] if not g["statutory"]]
    return page(
        request,
        "pages/diagnosis/diagnosis.html",
        {
            "r": r,
            "teren": teren,
            "okres": okres,
            "lata": lata,
            "indicators": indicators,
            "trend_text": trend_text,
            "number": number,
            "names": names,
            "statutory": statutory,
            "practice": practice,
            "formats": FORMATS,
            "brokers": r["structure"]["brokers"][:3],
        },
        title=f"Diagnoza: {r['territory']['name']}",
    )


def number(value: float | None, unit: str) -> str:
    """A value with the Polish decimal comma; counts without decimals.

    >>> number(0.1234, "udział"), number(3.0, "liczba"), number(None, "udział")
    ('0,123', '3', '–')
    """
    if value is None:
        return "–"
    return f"{value:.0f}" if unit == "liczba" else f"{value:.3f}".replace(".", ",")


def trend_text(slope: float | None) -> str:
    """The trend as an arrow and words (the slope per period is in the API).

    >>> trend_text(0.02), trend_text(-1.0), trend_text(0.0), trend_text(None)
    ('↑ rośnie', '↓ maleje', '→ bez zmian', 'brak (za mało punktów)')
    """
    if slope is None:
        return "brak (za mało punktów)"
    if abs(slope) < 1e-9:
        return "→ bez zmian"
    return "↑ rośnie" if slope > 0 else "↓ maleje"


@router.get("/diagnoza/pobierz")
async def download(request: Request, teren: str = "", okres: str = "", format: str = "html") -> Response:
    require_user(request, *_ROLES)
    teren, okres = _arguments(teren, okres)
    if format not in FORMATS:
        raise PortalError(404)
    variables = {"territory": teren, "period": okres, "format": FORMATS[format][0]}
    found = (await query(request, "DiagnosisDownload", variables))["gapReport"]["download"]
    name = f"diagnoza-{teren}-{okres}-{found['fileName']}"
    return Response(
        base64.b64decode(found["base64"]),
        media_type=found["mediaType"],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
