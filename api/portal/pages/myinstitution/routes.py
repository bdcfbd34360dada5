"""Moja instytucja (``/moja-instytucja``): an institution admin edits its profile, services,
free places, staff competences and declared cooperation.

Each form posts to its own URL and runs one directory mutation; the API decides
who may edit (``CanEditInstitution``) and validates the values.  A rejected form
is shown again with the Polish message beside the field; numbers that are not
numbers are caught here, before the API, with the same kind of message.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import Outcome, mutate, query
from api.portal.framework.render import page
from api.portal.framework.routing import checked_form, portal_router, require_user
from api.portal.framework.text import date_pl
from api.security import Role
from graph.enums import CooperationKind

__all__ = ["router"]

router = portal_router()

PROFILE_FIELDS = [
    ("name", "Nazwa"),
    ("description", "Opis"),
    ("street", "Ulica i numer"),
    ("postalCode", "Kod pocztowy"),
    ("city", "Miejscowość"),
    ("phone", "Telefon"),
    ("email", "E-mail"),
    ("www", "Strona internetowa"),
]
KINDS = [(k.name, k.label) for k in CooperationKind]
MESSAGES = {
    "profil": "Profil zapisany.",
    "miejsca": "Liczba miejsc zapisana.",
    "usluga": "Usługa zapisana.",
    "kompetencje": "Kompetencje zapisane.",
    "wspolpraca": "Współpraca zapisana.",
    "wycofano": "Współpraca wycofana.",
}


async def _own_institution(request: Request) -> str:
    require_user(request, Role.INSTITUTION_ADMIN)
    me = (await query(request, "MyInstitution"))["me"]
    if not me.get("institutionId"):
        raise PortalError(403, hint="Twoje konto nie jest przypisane do instytucji.")
    return str(me["institutionId"])


def _int(form: FormData, name: str, fields: dict[str, str]) -> int | None:
    raw = str(form.get(name) or "").strip()
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        fields[name] = "Podaj liczbę całkowitą."
        return None
    if value < 0:
        fields[name] = "Liczba nie może być ujemna."
    return value


async def _render(
    request: Request,
    *,
    komunikat: str = "",
    forms: dict[str, Outcome] | None = None,
    values: dict[str, Any] | None = None,
    partner_text: str = "",
    status: int = 200,
) -> Response:
    institution_id = await _own_institution(request)
    data = await query(request, "MyInstitutionPage", {"id": institution_id})
    inst = data["institution"]
    if inst is None:
        raise PortalError(404)
    services = [e["node"] for e in inst["services"]["edges"]]
    for s in services:
        s["updated"] = date_pl(s.get("updatedAt"))
    staff = {c["competence"]["id"]: c["staff"] for c in inst["competences"]}
    competences = [
        (e["node"]["id"], e["node"]["name"], staff.get(e["node"]["id"])) for e in data["competences"]["edges"]
    ]
    partners = [e["node"] for e in inst["partners"]["edges"] if e["node"].get("institution")]
    for p in partners:
        p["own"] = [t for t in p["ties"] if t["direction"] == "DECLARED_BY_INSTITUTION"]
    found = []
    if partner_text.strip():
        hits = await query(request, "MyInstitutionPartnerSearch", {"text": partner_text.strip()[:200]})
        found = [e["node"] for e in hits["institutions"]["edges"] if e["node"]["id"] != institution_id]
    return page(
        request,
        "pages/myinstitution/myinstitution.html",
        {
            "i": inst,
            "services": services,
            "competences": competences,
            "partners": partners,
            "profile_fields": PROFILE_FIELDS,
            "kinds": KINDS,
            "found": found,
            "partner_text": partner_text,
            "message": MESSAGES.get(komunikat, ""),
            "forms": forms or {},
            "values": values or {},
            "empty": Outcome(data=None),
            "updated": date_pl(inst.get("updatedAt")),
        },
        title="Moja instytucja",
        status=status,
        private=True,
    )


@router.get("/moja-instytucja")
async def my_institution(request: Request, komunikat: str = "", partner: str = "") -> Response:
    return await _render(request, komunikat=komunikat, partner_text=partner)


def _done(what: str) -> Response:
    return RedirectResponse(f"/moja-instytucja?komunikat={what}", status_code=303)


@router.post("/moja-instytucja/profil")
async def save_profile(request: Request) -> Response:
    form = await checked_form(request)
    institution_id = await _own_institution(request)
    profile = {name: (str(form.get(name) or "").strip() or None) for name, _ in PROFILE_FIELDS}
    if not profile["name"]:
        fields = {"name": "Nazwa jest wymagana."}
        return await _render(request, forms={"profile": Outcome(data=None, fields=fields)}, values=profile, status=422)
    outcome = await mutate(request, "MyInstitutionProfile", {"id": institution_id, "profile": profile})
    if outcome.ok:
        return _done("profil")
    return await _render(request, forms={"profile": outcome}, values=profile, status=422)


@router.post("/moja-instytucja/uslugi/{service_id}/miejsca")
async def save_capacity(request: Request, service_id: str) -> Response:
    form = await checked_form(request)
    institution_id = await _own_institution(request)
    fields: dict[str, str] = {}
    capacity, free = _int(form, "capacity", fields), _int(form, "freePlaces", fields)
    key = f"capacity:{service_id}"
    values = {key: {"capacity": form.get("capacity"), "freePlaces": form.get("freePlaces")}}
    if fields:
        return await _render(request, forms={key: Outcome(data=None, fields=fields)}, values=values, status=422)
    outcome = await mutate(
        request,
        "MyInstitutionCapacity",
        {"id": institution_id, "serviceId": service_id[:120], "capacity": capacity, "freePlaces": free},
    )
    if outcome.ok:
        return _done("miejsca")
    return await _render(request, forms={key: outcome}, values=values, status=422)


@router.post("/moja-instytucja/uslugi")
async def save_service(request: Request) -> Response:
    form = await checked_form(request)
    institution_id = await _own_institution(request)
    service = {
        "name": str(form.get("name") or "").strip(),
        "description": str(form.get("description") or "").strip() or None,
    }
    service_id = str(form.get("id") or "").strip()
    if service_id:
        service["id"] = service_id[:120]
    if not service["name"]:
        outcome = Outcome(data=None, fields={"name": "Nazwa usługi jest wymagana."})
        return await _render(request, forms={"service": outcome}, values={"service": service}, status=422)
    outcome = await mutate(request, "MyInstitutionService", {"id": institution_id, "service": service})
    if outcome.ok:
        return _done("usluga")
    return await _render(request, forms={"service": outcome}, values={"service": service}, status=422)


@router.post("/moja-instytucja/kompetencje")
async def save_competences(request: Request) -> Response:
    form = await checked_form(request)
    institution_id = await _own_institution(request)
    fields: dict[str, str] = {}
    items = []
    for name, _ in form.multi_items():
        if not name.startswith("staff:"):
            continue
        staff = _int(form, name, fields)
        if staff:
            items.append({"competenceId": name[len("staff:") :][:120], "staff": staff})
    values = {"competences": {k: v for k, v in form.multi_items() if k.startswith("staff:")}}
    if fields:
        return await _render(
            request, forms={"competences": Outcome(data=None, fields=fields)}, values=values, status=422
        )
    outcome = await mutate(request, "MyInstitutionCompetences", {"id": institution_id, "competences": items})
    if outcome.ok:
        return _done("kompetencje")
    return await _render(request, forms={"competences": outcome}, values=values, status=422)


@router.post("/moja-instytucja/wspolpraca")
async def declare(request: Request) -> Response:
    form = await checked_form(request)
    institution_id = await _own_institution(request)
    kind = str(form.get("kind") or "")
    if kind not in {k for k, _ in KINDS}:
        raise PortalError(400, hint="Niepoprawny rodzaj współpracy.")
    partner_id = str(form.get("partnerId") or "")[:120]
    outcome = await mutate(
        request, "MyInstitutionDeclare", {"id": institution_id, "partnerId": partner_id, "kind": kind}
    )
    if outcome.ok:
        return _done("wspolpraca")
    return await _render(request, forms={"cooperation": outcome}, status=422)


@router.post("/moja-instytucja/wspolpraca/wycofaj")
async def withdraw(request: Request) -> Response:
    form = await checked_form(request)
    institution_id = await _own_institution(request)
    partner_id = str(form.get("partnerId") or "")[:120]
    outcome = await mutate(request, "MyInstitutionWithdraw", {"id": institution_id, "partnerId": partner_id})
    if outcome.ok:
        return _done("wycofano")
    return await _render(request, forms={"cooperation": outcome}, status=422)
