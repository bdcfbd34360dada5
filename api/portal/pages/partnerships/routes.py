"""Partnerships (``/partnerstwa``): a coordinator runs a partnership end to end (issue 14).

Create a PZK (or another kind), invite member institutions (their admins
accept), record meetings, plan tasks and mark them done, open a survey round,
rate partners (PARTNER trust and value) and read the scores.  Every rule is the
API's (:mod:`queries.partnerships` via GraphQL, as the caller); this page only
shows forms and the Polish errors the API returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import mutate, query
from api.portal.framework.render import page
from api.portal.framework.routing import checked_form, portal_router, require_user
from api.security import Role

__all__ = ["router"]

router = portal_router()

_RUNNERS = (Role.COORDINATOR, Role.INSTITUTION_ADMIN, Role.ADMIN)
#: GraphQL enum names (PartnershipType) with their Polish labels.
TYPES = [
    ("COOPERATION_TEAM", "Partnerski Zespół Kooperacji"),
    ("TASK_TEAM", "zadaniowy zespół kooperacyjny"),
    ("INTERDISCIPLINARY_TEAM", "zespół interdyscyplinarny"),
    ("AGREEMENT", "porozumienie o współpracy"),
]
STATUSES = [
    ("PLANNED", "zaplanowane"),
    ("IN_PROGRESS", "w realizacji"),
    ("DONE", "wykonane"),
    ("CANCELLED", "anulowane"),
]
ITEMS = [
    ("reliability", "rzetelność"),
    ("mission", "wspieranie wspólnej misji"),
    ("openness", "otwartość na dyskusję"),
    ("influence", "wpływ"),
    ("involvement", "zaangażowanie"),
    ("resources", "wnoszone zasoby"),
]


def _text(form: Any, name: str, limit: int = 4000) -> str:
    return str(form.get(name) or "").strip()[:limit]


def _date(form: Any, name: str) -> str | None:
    value = _text(form, name, 10)
    try:
        return dt.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@router.get("/partnerstwa")
async def partnerships(request: Request) -> Response:
    principal = require_user(request, *_RUNNERS, Role.CASEWORKER, Role.ANALYST)
    found = (await query(request, "PartnershipsList", {"institution": principal.institution_id}))["partnerships"]
    return page(
        request, "pages/partnerships/list.html", {"items": found, "types": TYPES, "errors": []}, title="Partnerstwa"
    )


@router.post("/partnerstwa")
async def create(request: Request) -> Response:
    require_user(request, *_RUNNERS)
    form = await checked_form(request)
    variables = {
        "name": _text(form, "nazwa", 400),
        "type": _text(form, "rodzaj", 40) or "COOPERATION_TEAM",
        "doc": _text(form, "dokument", 400) or None,
        "signed": _date(form, "podpisano"),
    }
    if variables["type"] not in {code for code, _ in TYPES}:
        raise PortalError(400)
    outcome = await mutate(request, "PartnershipCreate", variables)
    if outcome.ok and outcome.data:
        return RedirectResponse(f"/partnerstwa/{outcome.data['createPartnership']['id']}", status_code=303)
    return page(
        request,
        "pages/partnerships/list.html",
        {"items": [], "types": TYPES, "errors": [*outcome.errors, *outcome.fields.values()]},
        title="Partnerstwa",
        status=422,
    )


async def _detail(request: Request, pid: str, errors: list[str] | None = None, status: int = 200) -> Response:
    principal = require_user(request, *_RUNNERS, Role.CASEWORKER, Role.ANALYST)
    p = (await query(request, "PartnershipPage", {"id": pid}))["partnership"]
    mine = principal.institution_id
    member = any(m["institutionId"] == mine and m["status"] == "ACTIVE" for m in p["members"]) or principal.is_admin
    invited = any(m["institutionId"] == mine and m["status"] == "INVITED" for m in p["members"])
    data = await query(request, "PartnershipMemberData", {"id": pid}) if member else None
    names = {m["institutionId"]: m["name"] for m in p["members"]}
    active = [m for m in p["members"] if m["status"] == "ACTIVE"]
    return page(
        request,
        "pages/partnerships/detail.html",
        {
            "p": p,
            "data": data,
            "names": names,
            "active": active,
            "mine": mine,
            "invited": invited,
            "coordinator": p["coordinatorId"] == mine or principal.is_admin,
            "statuses": STATUSES,
            "items": ITEMS,
            "errors": errors or [],
            "today": dt.date.today().isoformat(),
        },
        title=p["name"],
        status=status,
    )


@router.get("/partnerstwa/{pid}")
async def detail(request: Request, pid: str) -> Response:
    return await _detail(request, pid[:120])


_ACTIONS: dict[str, tuple[str, Any]] = {
    "zapros": (
        "PartnershipInvite",
        lambda f, pid: {"id": pid, "institution": _text(f, "instytucja", 120), "role": _text(f, "rola", 200) or None},
    ),
    "akceptuj": ("PartnershipAccept", lambda f, pid: {"id": pid}),
    "spotkanie": (
        "PartnershipMeetingAdd",
        lambda f, pid: {
            "id": pid,
            "heldOn": _date(f, "data") or dt.date.today().isoformat(),
            "attendees": [str(x)[:120] for x in f.getlist("obecni")][:200],
            "agenda": _text(f, "porzadek", 2000),
            "decisions": _text(f, "ustalenia", 4000),
        },
    ),
    "zadanie": (
        "PartnershipTaskAdd",
        lambda f, pid: {
            "id": pid,
            "goal": _text(f, "cel", 300),
            "title": _text(f, "zadanie", 300),
            "responsible": _text(f, "odpowiada", 120),
            "due": _date(f, "termin"),
        },
    ),
    "status": (
        "PartnershipTaskStatus",
        lambda f, pid: {"task": _text(f, "zadanie", 120), "status": _text(f, "stan", 20)},
    ),
    "runda": (
        "PartnershipRoundOpen",
        lambda f, pid: {"id": pid, "openedOn": _date(f, "data") or dt.date.today().isoformat()},
    ),
    "ocena": (
        "PartnershipRate",
        lambda f, pid: {
            "id": pid,
            "round": _text(f, "runda", 140),
            "partner": _text(f, "partner", 120),
            "rating": {k: int(_text(f, k, 1)) if _text(f, k, 1).isdigit() else 0 for k, _ in ITEMS},
        },
    ),
}


@router.post("/partnerstwa/{pid}/{action}")
async def act(request: Request, pid: str, action: str) -> Response:
    require_user(request, *_RUNNERS, Role.CASEWORKER)
    form = await checked_form(request)
    if action not in _ACTIONS:
        raise PortalError(404)
    if action == "status" and _text(form, "stan", 20) not in {code for code, _ in STATUSES}:
        raise PortalError(400)
    name, build = _ACTIONS[action]
    outcome = await mutate(request, name, build(form, pid[:120]))
    if outcome.ok:
        return RedirectResponse(f"/partnerstwa/{pid[:120]}", status_code=303)
    return await _detail(request, pid[:120], [*outcome.errors, *outcome.fields.values()], status=422)
