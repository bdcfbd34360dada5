"""The Open Referral HSDS 3.0 REST API (HSDS API Reference, ``schema/openapi.json``).

Mounted under ``/hsds`` (see ``api/app.py``).  Paths and query parameters are
the reference's own; ``teryt`` is the Polish profile's addition (a TERYT code
of a voivodeship, powiat or gmina; see ``importers/hsds/PROFILE.md``).
Responses are HSDS objects (``compiled/*.json``) and list responses are HSDS
``Page`` objects.  The directory is public unless
``KOOPERACJA_PUBLIC_DIRECTORY=false``; then a valid token is required.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse

from api.deps import StoreDep
from api.hsds.ids import IdResolver
from api.hsds.service import (
    Page,
    ServiceFilter,
    list_organizations,
    list_services,
    matches,
    page_document,
    vocabulary,
)
from api.security import Principal, get_principal, security_config
from graph.store.protocol import Store
from importers.hsds import profile as pf
from importers.hsds.build import Builder
from importers.hsds.snapshot import load_for_institutions, load_for_services
from importers.hsds.values import parse_timestamp

__all__ = ["router", "MAX_PER_PAGE", "DEFAULT_PER_PAGE"]

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
_SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
_PROFILE = Path(__file__).resolve().parents[2] / "importers" / "hsds" / "PROFILE.md"

Row = dict[str, Any]


def require_directory_access(request: Request) -> Principal:
    """The public-directory rule of :mod:`api.security`, for REST: open unless switched off."""
    principal = get_principal(request)
    if security_config(request).public_directory or not principal.anonymous:
        return principal
    raise HTTPException(401, "Katalog jest dostępny tylko po zalogowaniu.", headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(tags=["Open Referral HSDS 3.0"], dependencies=[Depends(require_directory_access)])


def _resolver(request: Request) -> IdResolver:
    app = request.app
    resolver = getattr(app.state, "hsds_ids", None)
    if not isinstance(resolver, IdResolver):
        resolver = IdResolver()
        app.state.hsds_ids = resolver
    return resolver


#: The reference's ``components.schemas.Page``, inlined (FastAPI has no such component).
_PAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer", "description": "Liczba wszystkich wyników"},
        "total_pages": {"type": "integer", "description": "Liczba stron"},
        "page_number": {"type": "integer", "description": "Numer bieżącej strony"},
        "size": {"type": "integer", "description": "Liczba wyników na tej stronie"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}


def _schema(ref: str, page: bool = False) -> dict[Any, Any]:
    schema: dict[str, Any] = {"$ref": _SCHEMA_BASE + ref}
    if page:
        schema = {"allOf": [_PAGE_SCHEMA], "properties": {"contents": {"type": "array", "items": schema}}}
    return {200: {"content": {"application/json": {"schema": schema}}}, 404: {"description": "nie znaleziono"}}


ResolverDep = Annotated[IdResolver, Depends(_resolver)]
PageNo = Annotated[int, Query(ge=1, description="Numer strony (od 1).")]
PerPage = Annotated[
    int, Query(ge=1, le=MAX_PER_PAGE, description=f"Liczba wyników na stronie (najwyżej {MAX_PER_PAGE}).")
]
Search = Annotated[
    str | None, Query(max_length=200, description="Wyszukiwanie pełnotekstowe (po polsku: odmiana, bez ogonków).")
]
Teryt = Annotated[
    str | None,
    Query(
        pattern=r"^\d{2}(\d{2}(\d{2,3})?)?$",
        description="Profil polski: kod TERYT województwa, powiatu lub gminy (usługi dostępne w tej jednostce).",
    ),
]
Format = Annotated[str, Query(description="Tylko `json` (ndjson nie jest obsługiwany).")]


def _format(value: str) -> None:
    if value != "json":
        raise HTTPException(400, "Obsługiwany jest tylko format json.")


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise HTTPException(422, f"modified_after: {exc}") from None


def _teryt(value: str | None) -> str | None:
    return value[:6] if value else None


def _not_found(what: str) -> HTTPException:
    return HTTPException(404, f"Nie znaleziono: {what}.")


# ---------------------------------------------------------------- meta


@router.get("/", summary="Informacje o API (wersja HSDS, profil, dokument OpenAPI)")
def meta(request: Request) -> Row:
    return {
        "version": pf.HSDS_VERSION,
        "profile": str(request.url_for("hsds_profile")),
        "openapi_url": str(request.base_url).rstrip("/") + request.app.openapi_url,
    }


@router.get("/profile", name="hsds_profile", summary="Profil polski HSDS (Markdown)", response_class=PlainTextResponse)
def profile() -> PlainTextResponse:
    if not _PROFILE.is_file():
        raise _not_found("opis profilu")
    return PlainTextResponse(_PROFILE.read_text(encoding="utf-8"), media_type="text/markdown; charset=utf-8")


# ------------------------------------------------------------- services


def _service_filter(
    search: str | None,
    taxonomy_term_id: str | None,
    taxonomy_id: str | None,
    organization_id: str | None,
    modified_after: str | None,
    teryt: str | None,
    with_location: bool,
) -> ServiceFilter:
    return ServiceFilter(
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=_since(modified_after),
        teryt=_teryt(teryt),
        with_location=with_location,
    )


@router.get("/services", summary="Stronicowana lista usług", responses=_schema("compiled/service_list.json", page=True))
def services(
    store: StoreDep,
    resolver: ResolverDep,
    search: Search = None,
    page: PageNo = 1,
    per_page: PerPage = DEFAULT_PER_PAGE,
    format: Format = "json",
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: Annotated[str | None, Query(description="Data i godzina ISO 8601 (zmienione od).")] = None,
    full: bool = False,
    teryt: Teryt = None,
) -> Row:
    _format(format)
    flt = _service_filter(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, teryt, False)
    pg = Page(page, per_page)
    total, ids, snap = list_services(store, resolver, flt, pg)
    builder = Builder(snap)
    make = builder.service_object if full else builder.service_list_object
    return page_document(total, pg, [make(i) for i in ids])


def _service_snapshot(store: Store, resolver: IdResolver, id: str) -> tuple[str, Builder]:
    node = resolver.resolve(store, "Service", id)
    snap = load_for_services(store, [node]) if node else None
    if node is None or snap is None or node not in snap.services:
        raise _not_found("usługa")
    return node, Builder(snap)


@router.get("/services/{id}", summary="Usługa ze wszystkimi danymi", responses=_schema("compiled/service.json"))
def service(id: str, store: StoreDep, resolver: ResolverDep) -> Row:
    node, builder = _service_snapshot(store, resolver, id)
    return builder.service_object(node)


# -------------------------------------------------------- organizations


@router.get(
    "/organizations",
    summary="Stronicowana lista organizacji",
    responses=_schema("compiled/organization_list.json", page=True),
)
def organizations(
    store: StoreDep,
    search: Search = None,
    full_service: bool = False,
    full: bool = False,
    page: PageNo = 1,
    per_page: PerPage = DEFAULT_PER_PAGE,
    format: Format = "json",
    teryt: Teryt = None,
) -> Row:
    _format(format)
    pg = Page(page, per_page)
    total, ids, snap = list_organizations(store, search, _teryt(teryt), pg)
    builder = Builder(snap)
    if full or full_service:
        contents = [builder.organization_object(i, services="full" if full_service else "list") for i in ids]
    else:
        contents = [builder.organization_list_object(i) for i in ids]
    return page_document(total, pg, contents)


@router.get(
    "/organizations/{id}", summary="Organizacja z jej usługami", responses=_schema("compiled/organization.json")
)
def organization(id: str, store: StoreDep, resolver: ResolverDep, full_service: bool = False) -> Row:
    node = resolver.resolve(store, "Institution", id)
    snap = load_for_institutions(store, [node]) if node else None
    if node is None or snap is None or node not in snap.institutions:
        raise _not_found("organizacja")
    return Builder(snap).organization_object(node, services="full" if full_service else "list")


# ------------------------------------------------------------ taxonomies


@router.get("/taxonomies", summary="Stronicowana lista taksonomii", responses=_schema("taxonomy.json", page=True))
def taxonomies(
    store: StoreDep,
    search: Search = None,
    page: PageNo = 1,
    per_page: PerPage = DEFAULT_PER_PAGE,
    format: Format = "json",
) -> Row:
    _format(format)
    pg = Page(page, per_page)
    found = [
        t for t in vocabulary(store).builder().taxonomy_objects() if matches(t["name"] + " " + t["description"], search)
    ]
    return page_document(len(found), pg, found[pg.skip : pg.skip + pg.size])


@router.get("/taxonomies/{id}", summary="Taksonomia", responses=_schema("taxonomy.json"))
def taxonomy(id: str, store: StoreDep) -> Row:
    found = [t for t in vocabulary(store).builder().taxonomy_objects() if t["id"] == id]
    if not found:
        raise _not_found("taksonomia")
    return found[0]


@router.get(
    "/taxonomy_terms",
    summary="Stronicowana lista terminów taksonomii",
    responses=_schema("taxonomy_term.json", page=True),
)
def taxonomy_terms(
    store: StoreDep,
    search: Search = None,
    page: PageNo = 1,
    per_page: PerPage = DEFAULT_PER_PAGE,
    format: Format = "json",
    taxonomy_id: str | None = None,
    top_only: Annotated[
        bool, Query(description="Tylko terminy najwyższego poziomu (bez terminu nadrzędnego).")
    ] = False,
    parent_id: str | None = None,
) -> Row:
    _format(format)
    pg = Page(page, per_page)
    terms = vocabulary(store).builder().term_objects()
    found = [
        t
        for t in terms
        if (taxonomy_id is None or t.get("taxonomy_id") == taxonomy_id)
        and (not top_only or "parent_id" not in t)
        and (parent_id is None or t.get("parent_id") == parent_id)
        and matches(f"{t['name']} {t.get('code', '')}", search)
    ]
    return page_document(len(found), pg, found[pg.skip : pg.skip + pg.size])


@router.get("/taxonomy_terms/{id}", summary="Termin taksonomii", responses=_schema("taxonomy_term.json"))
def taxonomy_term(id: str, store: StoreDep) -> Row:
    builder = vocabulary(store).builder()
    if not builder.children("taxonomy_term", id):
        raise _not_found("termin taksonomii")
    return builder.term_object(id)


# ---------------------------------------------------- service at location


@router.get(
    "/service_at_locations",
    summary="Stronicowana lista usług w lokalizacjach",
    responses=_schema("compiled/service_at_location_list.json", page=True),
)
def service_at_locations(
    store: StoreDep,
    resolver: ResolverDep,
    search: Search = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: Annotated[str | None, Query(description="Data i godzina ISO 8601 (zmienione od).")] = None,
    full: bool = False,
    page: PageNo = 1,
    per_page: PerPage = DEFAULT_PER_PAGE,
    format: Format = "json",
    postcode: Annotated[str | None, Query(description="Nieobsługiwany – użyj parametru teryt.")] = None,
    proximity: Annotated[str | None, Query(description="Nieobsługiwany – użyj parametru teryt.")] = None,
    teryt: Teryt = None,
) -> Row:
    _format(format)
    if postcode is not None or proximity is not None:
        raise HTTPException(400, "Parametry postcode i proximity nie są obsługiwane; użyj parametru teryt (kod TERYT).")
    flt = _service_filter(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, teryt, True)
    pg = Page(page, per_page)
    total, ids, snap = list_services(store, resolver, flt, pg)
    builder = Builder(snap)
    make = builder.sal_object if full else builder.sal_list_object
    return page_document(total, pg, [make(i) for i in ids])


@router.get(
    "/service_at_locations/{id}",
    summary="Usługa w lokalizacji ze wszystkimi danymi",
    responses=_schema("compiled/service_at_location.json"),
)
def service_at_location(id: str, store: StoreDep, resolver: ResolverDep) -> Row:
    node = resolver.resolve_sal(store, id)
    if node is None:
        raise _not_found("usługa w lokalizacji")
    _, builder = _service_snapshot(store, resolver, node)
    if not builder.sal_rows(node):
        raise _not_found("usługa w lokalizacji")
    return builder.sal_object(node)
