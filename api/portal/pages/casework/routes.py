"""Moje sprawy (``/sprawy``): a caseworker's referrals, pseudonymous clients and plans.

Everything goes through the clients GraphQL API, so the procedure rules
(who may refer, the wniosek → opinia → skierowanie steps, the capacity check,
who may move a referral to which status) are the API's and apply here
unchanged.  Every page is ``no-store``; a client the caller's institution may
not see is "not found", exactly as the API answers.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.operations import Outcome, mutate, query
from api.portal.framework.render import page
from api.portal.framework.routing import checked_form, portal_router, require_user
from api.portal.framework.text import date_pl
from api.portal.shared.territories import resolve_place
from api.security import Role
from graph.enums import LegalBasis, PlanStatus, PlanType, ReferralOutcome, ReferralStatus, ReferralStep

__all__ = ["router"]

router = portal_router()

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$")
_BAND = re.compile(r"^\d{4}-\d{4}$")

#: What the button moving a referral to a status says.
ACTIONS: dict[str, str] = {
    "RECEIVED": "Potwierdź odbiór",
    "ACCEPTED": "Przyjmij",
    "REJECTED": "Odrzuć",
    "IN_PROGRESS": "Rozpocznij realizację",
    "ON_HOLD": "Wstrzymaj",
    "COMPLETED": "Zakończ",
    "CANCELLED": "Anuluj skierowanie",
    "FAILED": "Oznacz jako nieudane",
    "REQUESTED": "Wznów",
}
NEXT_STEP = {"APPLICATION": "OPINION", "OPINION": "REFERRAL"}
STEP_ACTIONS = {"OPINION": "Dołącz opinię pracownika socjalnego", "REFERRAL": "Wystaw skierowanie"}
BASES = [(b.name, b.label) for b in LegalBasis]
OUTCOMES = [(o.name, o.label) for o in ReferralOutcome]
PLAN_TYPES = [(p.name, p.label) for p in PlanType]
PLAN_STATUSES = {p.name: p.label for p in PlanStatus}
STEP_LABELS = {s.name: s.label for s in ReferralStep}
BANDS = [f"{y}-{y + 9}" for y in range(1930, 2010, 10)]
CAPACITY = {"YES": "są wolne miejsca", "NO": "brak wolnych miejsc", "WAITLIST": "lista oczekujących"}


def _caseworker(request: Request) -> None:
    require_user(request, Role.CASEWORKER)


def _valid_id(value: str) -> str:
    if not _ID.match(value or ""):
        raise PortalError(404)
    return value


def _enum(value: str, allowed: Any) -> str:
    names = {m.name for m in allowed}
    if value not in names:
        raise PortalError(400, hint="Niepoprawna wartość w formularzu.")
    return value


async def _names(request: Request, ids: set[str]) -> dict[str, str]:
    """Institution id → name (one operation per institution, run together)."""
    ids = {i for i in ids if i}

    async def one(i: str) -> tuple[str, str]:
        data = await query(request, "CaseworkInstitutionName", {"id": i})
        inst = data.get("institution")
        return i, inst["name"] if inst else i

    return dict(await asyncio.gather(*(one(i) for i in sorted(ids))))


def _decorate(referrals: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    for r in referrals:
        r["sender"] = names.get(r["senderInstitutionId"], r["senderInstitutionId"])
        r["receiver"] = names.get(r["receiverInstitutionId"], r["receiverInstitutionId"])
        r["updated"] = date_pl(r.get("updatedAt") or r.get("createdAt"))
        # a draft is sent with the capacity check ("Wyślij skierowanie"), not by a bare status change
        r["actions"] = [
            (s, ACTIONS.get(s, s)) for s in r["allowedTransitions"] if not (s == "REQUESTED" and r["status"] == "DRAFT")
        ]
        step = r.get("step")
        r["next_step"] = NEXT_STEP.get(str(step)) if step and r["isSender"] and r["status"] == "DRAFT" else None
        r["next_step_label"] = STEP_ACTIONS.get(r["next_step"] or "", "")
        r["can_send"] = r["isSender"] and r["status"] == "DRAFT" and step in (None, "REFERRAL")
    return referrals


def _page(request: Request, template: str, context: dict[str, Any], title: str, status: int = 200) -> Response:
    return page(request, f"pages/casework/{template}", context, title=title, private=True, status=status)


# ------------------------------------------------------------------ inbox


@router.get("/sprawy")
async def inbox(request: Request, komunikat: str = "") -> Response:
    _caseworker(request)
    data = await query(request, "CaseworkInbox")
    referrals = data["incoming"] + data["outgoing"]
    names = await _names(
        request, {r["senderInstitutionId"] for r in referrals} | {r["receiverInstitutionId"] for r in referrals}
    )
    groups = await _group_names(request)
    for c in data["clients"]:
        c["groups"] = [groups.get(g, g) for g in c.get("targetGroups") or []]
        c["registered"] = date_pl(c.get("registeredAt"))
    return _page(
        request,
        "inbox.html",
        {
            "incoming": _decorate(data["incoming"], names),
            "outgoing": _decorate(data["outgoing"], names),
            "clients": data["clients"],
            "outcomes": OUTCOMES,
            "message": _MESSAGES.get(komunikat, ""),
        },
        "Moje sprawy",
    )


_MESSAGES = {
    "wyslano": "Skierowanie wysłane.",
    "zmieniono": "Status skierowania zmieniony.",
    "zarejestrowano": "Klient zarejestrowany.",
    "plan": "Plan zapisany.",
}


async def _group_names(request: Request) -> dict[str, str]:
    data = await query(request, "CaseworkTargetGroups")
    return {e["node"]["id"]: e["node"]["name"] for e in data["targetGroups"]["edges"]}


# ------------------------------------------------------------------ clients


@router.get("/sprawy/klienci/nowy")
async def new_client(request: Request) -> Response:
    _caseworker(request)
    return await _client_form(request, {}, Outcome(data=None))


async def _client_form(request: Request, values: dict[str, Any], outcome: Outcome, status: int = 200) -> Response:
    groups = await _group_names(request)
    return _page(
        request,
        "client_form.html",
        {
            "values": values,
            "outcome": outcome,
            "groups": sorted(groups.items(), key=lambda kv: kv[1]),
            "bands": [(b, b) for b in BANDS],
        },
        "Zarejestruj klienta",
        status,
    )


@router.post("/sprawy/klienci/nowy")
async def register_client(request: Request) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    values: dict[str, Any] = {
        "birthYearBand": str(form.get("birthYearBand") or ""),
        "sex": str(form.get("sex") or ""),
        "targetGroups": [str(g) for g in form.getlist("targetGroups")],
        "pesel": str(form.get("pesel") or "").strip(),
    }
    if values["birthYearBand"] and not _BAND.match(values["birthYearBand"]):
        raise PortalError(400, hint="Niepoprawny przedział lat urodzenia.")
    if values["sex"] and values["sex"] not in ("FEMALE", "MALE"):
        raise PortalError(400, hint="Niepoprawna wartość pola „płeć”.")
    payload = {
        "birthYearBand": values["birthYearBand"] or None,
        "sex": values["sex"] or None,
        "targetGroups": values["targetGroups"],
        "pesel": values["pesel"] or None,
    }
    values["gmina"] = str(form.get("gmina") or "").strip()[:120]
    if values["gmina"]:
        # the residence decides the competent OPS/CUS (art. 12 uzs); chosen by name, never a TERYT code
        place, candidates = await resolve_place(request, values["gmina"])
        if place is None:
            hint = (
                ("Wybierz jedną z: " + "; ".join(c.label for c in candidates))
                if candidates
                else "Nie znaleziono gminy o tej nazwie."
            )
            return await _client_form(
                request, {**values, "pesel": ""}, Outcome(data=None, fields={"gmina": hint}), status=422
            )
        payload["residenceGmina"] = place.teryt
        values["gmina"] = place.label
    outcome = await mutate(request, "CaseworkRegisterClient", {"input": payload})
    if not outcome.ok or not outcome.data or not outcome.data.get("registerClient"):
        return await _client_form(request, {**values, "pesel": ""}, outcome, status=422)
    client_id = outcome.data["registerClient"]["client"]["id"]
    return RedirectResponse(f"/sprawy/klienci/{client_id}?komunikat=zarejestrowano", status_code=303)


@router.get("/sprawy/klienci/{client_id}")
async def client(request: Request, client_id: str, komunikat: str = "") -> Response:
    _caseworker(request)
    data = await query(request, "CaseworkClient", {"id": _valid_id(client_id)})
    found = data.get("client")
    if found is None:
        raise PortalError(404)
    refs = found["referrals"]
    ids = {r["senderInstitutionId"] for r in refs} | {r["receiverInstitutionId"] for r in refs}
    ids |= {found["homeInstitutionId"]} | {p["responsibleInstitutionId"] for p in found["plans"]}
    ids |= {c["institutionId"] for c in found["consents"]}
    names = await _names(request, ids)
    groups = await _group_names(request)
    found["groups"] = [groups.get(g, g) for g in found.get("targetGroups") or []]
    found["home"] = names.get(found["homeInstitutionId"], "")
    found["registered"] = date_pl(found.get("registeredAt"))
    for p in found["plans"]:
        p["responsible"] = names.get(p["responsibleInstitutionId"], "")
        p["period"] = " – ".join(x for x in (date_pl(p.get("startsOn")), date_pl(p.get("endsOn"))) if x)
        p["next_statuses"] = [(s, PLAN_STATUSES[s]) for s in _plan_moves(p["status"])] if p["isResponsible"] else []
    for c in found["consents"]:
        c["institution"] = names.get(c["institutionId"], c["institutionId"])
        c["until"] = date_pl(c.get("validUntil"))
    return _page(
        request,
        "client.html",
        {
            "c": found,
            "referrals": _decorate(refs, names),
            "plan_types": PLAN_TYPES,
            "outcomes": OUTCOMES,
            "message": _MESSAGES.get(komunikat, ""),
            "plan_outcome": Outcome(data=None),
            "plan_values": {},
        },
        "Klient " + found["id"],
    )


def _plan_moves(status: str) -> list[str]:
    return {"DRAFT": ["ACTIVE", "TERMINATED"], "ACTIVE": ["COMPLETED", "TERMINATED"]}.get(status, [])


# ------------------------------------------------------------------ plans


@router.post("/sprawy/klienci/{client_id}/plany")
async def create_plan(request: Request, client_id: str) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    _valid_id(client_id)
    plan_type = _enum(str(form.get("type") or ""), PlanType)
    goals = [g.strip() for g in str(form.get("goals") or "").splitlines() if g.strip()][:30]
    payload = {
        "clientId": client_id,
        "type": plan_type,
        "startsOn": str(form.get("startsOn") or "") or None,
        "endsOn": str(form.get("endsOn") or "") or None,
        "goals": goals,
    }
    referral_id = str(form.get("referralId") or "")
    if referral_id:  # IPZS: the accepted referral to the CIS it follows (art. 13 uzs)
        payload["referralId"] = _valid_id(referral_id)
    for key in ("startsOn", "endsOn"):
        if payload[key] and not re.match(r"^\d{4}-\d{2}-\d{2}$", str(payload[key])):
            raise PortalError(400, hint="Data w formacie RRRR-MM-DD.")
    outcome = await mutate(request, "CaseworkCreatePlan", {"input": payload})
    if outcome.ok:
        return RedirectResponse(f"/sprawy/klienci/{client_id}?komunikat=plan", status_code=303)
    # re-render the client page with the plan form's errors and values
    return await _with_plan_errors(request, client_id, outcome, {**payload, "goals": "\n".join(goals)})


async def _with_plan_errors(request: Request, client_id: str, outcome: Outcome, values: dict[str, Any]) -> Response:
    data = await query(request, "CaseworkClient", {"id": client_id})
    if data.get("client") is None:
        raise PortalError(404)
    found = data["client"]
    names = await _names(request, {found["homeInstitutionId"]})
    found.update(
        groups=found.get("targetGroups") or [],
        home=names.get(found["homeInstitutionId"], ""),
        registered=date_pl(found.get("registeredAt")),
    )
    for p in found["plans"]:
        p.update(responsible="", period="", next_statuses=[])
    for c in found["consents"]:
        c.update(institution=c["institutionId"], until=date_pl(c.get("validUntil")))
    return _page(
        request,
        "client.html",
        {
            "c": found,
            "referrals": _decorate(found["referrals"], names),
            "plan_types": PLAN_TYPES,
            "outcomes": OUTCOMES,
            "message": "",
            "plan_outcome": outcome,
            "plan_values": values,
        },
        "Klient " + found["id"],
        status=422,
    )


@router.post("/sprawy/plany/{plan_id}/status")
async def plan_status(request: Request, plan_id: str) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    status = _enum(str(form.get("status") or ""), PlanStatus)
    back = _valid_id(str(form.get("client") or ""))
    outcome = await mutate(request, "CaseworkPlanStatus", {"id": _valid_id(plan_id), "status": status})
    if not outcome.ok:
        raise PortalError(
            422, "Nie można zmienić statusu planu", "; ".join(outcome.errors + list(outcome.fields.values()))
        )
    return RedirectResponse(f"/sprawy/klienci/{back}?komunikat=plan", status_code=303)


# ------------------------------------------------------------------ referrals


@router.get("/sprawy/klienci/{client_id}/skierowanie")
async def referral_form(request: Request, client_id: str, szukaj: str = "", usluga: str = "") -> Response:
    _caseworker(request)
    data = await query(request, "CaseworkClient", {"id": _valid_id(client_id)})
    if data.get("client") is None:
        raise PortalError(404)
    return await _referral_form(request, data["client"], szukaj, usluga, {}, Outcome(data=None))


async def _referral_form(
    request: Request,
    found: dict[str, Any],
    text: str,
    service_id: str,
    values: dict[str, Any],
    outcome: Outcome,
    status: int = 200,
) -> Response:
    services: list[dict[str, Any]] = []
    chosen, capacity = None, None
    if service_id:
        choice = await query(request, "CaseworkServiceChoice", {"serviceId": _valid_id(service_id)})
        chosen, capacity = choice.get("service"), choice.get("referralCapacity")
        if chosen is None:
            raise PortalError(404)
    elif text.strip():
        hits = await query(request, "CaseworkFindService", {"text": text.strip()[:200]})
        services = [e["node"]["service"] for e in hits["searchServices"]["edges"]]
    return _page(
        request,
        "referral_form.html",
        {
            "c": found,
            "text": text,
            "services": services,
            "chosen": chosen,
            "capacity": capacity,
            "capacity_label": CAPACITY.get(capacity or "", ""),
            "bases": BASES,
            "values": values,
            "outcome": outcome,
        },
        "Nowe skierowanie",
        status,
    )


@router.post("/sprawy/klienci/{client_id}/skierowanie")
async def create_referral(request: Request, client_id: str) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    _valid_id(client_id)
    service_id = _valid_id(str(form.get("serviceId") or ""))
    institution_id = _valid_id(str(form.get("institutionId") or ""))
    basis = _enum(str(form.get("basis") or ""), LegalBasis)
    payload = {
        "clientId": client_id,
        "toInstitutionId": institution_id,
        "serviceId": service_id,
        "basis": basis,
        "step": "APPLICATION",
    }
    outcome = await mutate(request, "CaseworkCreateReferral", {"input": payload})
    if outcome.ok and outcome.data and outcome.data.get("createReferral"):
        return RedirectResponse(f"/sprawy/skierowania/{outcome.data['createReferral']['id']}", status_code=303)
    data = await query(request, "CaseworkClient", {"id": client_id})
    if data.get("client") is None:
        raise PortalError(404)
    return await _referral_form(request, data["client"], "", service_id, {"basis": basis}, outcome, status=422)


@router.get("/sprawy/skierowania/{referral_id}")
async def referral(request: Request, referral_id: str, komunikat: str = "", blad: str = "") -> Response:
    _caseworker(request)
    data = await query(request, "CaseworkReferral", {"id": _valid_id(referral_id)})
    found = data.get("referral")
    if found is None:
        raise PortalError(404)
    return await _referral_page(request, found, komunikat=komunikat)


async def _referral_page(
    request: Request,
    found: dict[str, Any],
    *,
    komunikat: str = "",
    outcome: Outcome | None = None,
    capacity: str | None = None,
) -> Response:
    names = await _names(request, {found["senderInstitutionId"], found["receiverInstitutionId"]})
    service_name = ""
    if found.get("serviceId"):
        extra = await query(
            request, "CaseworkNames", {"institutionId": found["receiverInstitutionId"], "serviceId": found["serviceId"]}
        )
        service_name = (extra.get("service") or {}).get("name", "")
    steps = [(s, STEP_LABELS[s]) for s in ("APPLICATION", "OPINION", "REFERRAL")]
    done = {"APPLICATION": 0, "OPINION": 1, "REFERRAL": 2, "IPZS": 3}.get(found.get("step") or "", -1)
    return _page(
        request,
        "referral.html",
        {
            "r": _decorate([found], names)[0],
            "service_name": service_name,
            "steps": steps,
            "done": done,
            "outcomes": OUTCOMES,
            "message": _MESSAGES.get(komunikat, ""),
            "outcome": outcome or Outcome(data=None),
            "capacity": capacity,
            "capacity_label": CAPACITY.get(capacity or "", ""),
        },
        "Skierowanie",
        422 if outcome is not None and not outcome.ok else 200,
    )


async def _after(
    request: Request, referral_id: str, outcome: Outcome, message: str, capacity: str | None = None
) -> Response:
    if outcome.ok:
        return RedirectResponse(f"/sprawy/skierowania/{referral_id}?komunikat={message}", status_code=303)
    data = await query(request, "CaseworkReferral", {"id": referral_id})
    if data.get("referral") is None:
        raise PortalError(404)
    return await _referral_page(request, data["referral"], outcome=outcome, capacity=capacity)


@router.post("/sprawy/skierowania/{referral_id}/etap")
async def advance_step(request: Request, referral_id: str) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    step = _enum(str(form.get("step") or ""), ReferralStep)
    outcome = await mutate(request, "CaseworkAdvanceStep", {"id": _valid_id(referral_id), "step": step})
    return await _after(request, referral_id, outcome, "zmieniono")


@router.post("/sprawy/skierowania/{referral_id}/wyslij")
async def send(request: Request, referral_id: str) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    waitlist = str(form.get("acceptWaitlist") or "") == "1"
    outcome = await mutate(request, "CaseworkSendReferral", {"id": _valid_id(referral_id), "acceptWaitlist": waitlist})
    sent = (outcome.data or {}).get("sendReferral") if outcome.ok else None
    if outcome.ok and sent is None:
        outcome = Outcome(data=None, errors=["Nie udało się wysłać skierowania."])
    capacity = sent["capacity"] if sent else None
    return await _after(request, referral_id, outcome, "wyslano", capacity)


@router.post("/sprawy/skierowania/{referral_id}/status")
async def transition(request: Request, referral_id: str) -> Response:
    form = await checked_form(request)
    _caseworker(request)
    status = _enum(str(form.get("status") or ""), ReferralStatus)
    raw_outcome = str(form.get("outcome") or "")
    outcome_value = _enum(raw_outcome, ReferralOutcome) if raw_outcome else None
    outcome = await mutate(
        request, "CaseworkTransition", {"id": _valid_id(referral_id), "status": status, "outcome": outcome_value}
    )
    back = str(form.get("back") or "")
    if outcome.ok and back == "inbox":
        return RedirectResponse("/sprawy?komunikat=zmieniono", status_code=303)
    return await _after(request, referral_id, outcome, "zmieniono")
