"""HSDS tables → Kooperacja nodes and relationships (a :class:`~graph.writer.Batch`).

What maps where (see ``PROFILE.md`` for the full table):

- organization → Institution (type from the profile attribute, else guessed
  by :mod:`importers.hsds.typemap`); organization_identifier PL-KRS/PL-REGON/
  PL-NIP → krs/regon/nip; its first (physical) location and address → street,
  postal code, city, coordinates, and a TERYT ``external_identifier`` →
  LOCATED_IN; phones and contacts → phone and e-mail; parent_organization_id →
  PART_OF.
- service → Service + OFFERS; service_area with a ``urn:teryt:`` uri →
  AVAILABLE_IN; attributes → IN_CATEGORY / FOR_GROUP; schedules → schedule text;
  languages, phones, contacts, cost options → the matching fields.
- taxonomy_term → ServiceCategory (or TargetGroup for the profile's target-group
  taxonomy), keeping HSDS ids.

References HSDS requires (``tabular_required``: service → organization,
service_at_location → service and location, organization_identifier →
organization, attribute → its subject and term) must resolve, or the import
stops.  Optional references that do not resolve are dropped with a warning,
as if absent – the official HSDS examples contain several.  Fields HSDS cannot
carry (capacity, free places, legal basis, register id, source) are kept from
the graph when the node already exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from graph import model as m
from graph.enums import InstitutionType
from graph.schema import polish_errors
from graph.writer import Batch
from importers.hsds import profile as pf
from importers.hsds.errors import Issue
from importers.hsds.reader import Dataset, Record
from importers.hsds.typemap import guess_type
from importers.hsds.values import (
    cost_text,
    join_limited,
    parse_timestamp,
    phone_text,
    polish_identifier,
    postal_code,
    schedule_text,
)

__all__ = ["Lookup", "Plan", "plan_import"]

#: Kooperacja field -> the HSDS field it comes from (for error messages).
_HSDS_FIELD = {
    "Institution": {
        "www": "website",
        "street": "address_1",
        "lat": "latitude",
        "lon": "longitude",
        "type": "attributes",
    },
    "Service": {
        "eligibility": "eligibility_description",
        "min_age": "minimum_age",
        "max_age": "maximum_age",
        "cost": "fees_description",
        "schedule": "schedules",
        "updated_at": "last_modified",
        "languages": "languages",
    },
    "ServiceCategory": {"parent": "parent_id"},
}

#: alpha-3 codes and names seen in HSDS data (alpha-2 codes are taken as they are)
_ALPHA3 = {
    "USA": "US",
    "UNITED STATES": "US",
    "GBR": "GB",
    "UNITED KINGDOM": "GB",
    "DEU": "DE",
    "GERMANY": "DE",
    "CZE": "CZ",
    "SVK": "SK",
    "UKR": "UA",
    "LTU": "LT",
    "BLR": "BY",
    "FRA": "FR",
    "NLD": "NL",
    "IRL": "IE",
}


class Lookup(Protocol):
    """What the mapping needs to know about the graph it imports into."""

    def territories(self, codes: set[str]) -> set[str]: ...

    def institutions(self, ids: set[str]) -> dict[str, m.Institution]: ...

    def services(self, ids: set[str]) -> dict[str, m.Service]: ...


@dataclass
class Plan:
    batch: Batch
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    #: HSDS objects of mapped tables that could not be carried over (each has a warning)
    skipped: int = 0
    #: HSDS objects of tables the graph does not hold (programs, funding…), by table
    not_carried: dict[str, int] = field(default_factory=dict)


_PROFILE_TAXONOMY_IDS = {pf.taxonomy_id(n): n for n in pf.PROFILE_TAXONOMIES}

_NOT_CARRIED = ("program", "funding", "required_document", "accessibility", "metadata", "meta_table_description")


@dataclass
class _Attrs:
    categories: dict[str, list[str]] = field(default_factory=dict)  # service hsds id -> category node ids
    groups: dict[str, list[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)  # organization hsds id -> type codes
    carried: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, hsds id) -> node id


class _Mapper:
    def __init__(self, ds: Dataset, lookup: Lookup):
        self.ds = ds
        self.lookup = lookup
        self.plan = Plan(Batch())
        self.orgs = ds.table("organization")
        self.services = ds.table("service")
        self.terms = ds.table("taxonomy_term")
        self.term_kind: dict[str, tuple[str, str]] = {}  # term id -> (taxonomy name, node id or code)
        self.attrs = _Attrs()
        self.org_node: dict[str, str] = {}
        self.svc_node: dict[str, str] = {}
        # reverse indexes built once: referenced id -> records holding the reference
        self._index: dict[tuple[str, str], dict[str, list[Record]]] = {}
        self._locations: dict[str, list[Record]] = {}

    # ---------------------------------------------------------------- helpers
    def error(self, rec: Record | str, name: str | None, message: str) -> None:
        self.plan.errors.append(Issue(rec.where if isinstance(rec, Record) else rec, name, message))

    def warn(self, rec: Record | str, name: str | None, message: str, *, skipped: bool = False) -> None:
        self.plan.warnings.append(Issue(rec.where if isinstance(rec, Record) else rec, name, message, "warning"))
        if skipped:
            self.plan.skipped += 1

    def by_ref(self, table: str, ref: str, target: str) -> list[Record]:
        """Records of ``table`` whose ``ref`` holds ``target`` (in reading order)."""
        key = (table, ref)
        if key not in self._index:
            index: dict[str, list[Record]] = {}
            for rec in self.ds.table(table).values():
                for value in rec.ref(ref):
                    index.setdefault(value, []).append(rec)
            self._index[key] = index
        return self._index[key].get(target, [])

    def build(self, model: type[BaseModel], rec: Record, **data: Any) -> Any | None:
        """A model instance, or ``None`` with errors naming the HSDS field."""
        try:
            return model(**{k: v for k, v in data.items() if v is not None})
        except ValidationError as exc:
            label = getattr(model, "__label__", model.__name__)
            names = _HSDS_FIELD.get(label, {})
            for loc, msg in polish_errors(exc):
                self.error(rec, names.get(loc, loc) if loc != "(rekord)" else None, msg)
            return None

    def resolve_refs(self, rec: Record, ref: str, table: str, *, required: bool) -> list[str]:
        """The ids of ``ref`` present in the data set; unresolved ones are errors or warnings."""
        found = []
        field_name = ref.split("@", 1)[0]
        for value in sorted(rec.ref(ref)):
            if value in self.ds.table(table):
                found.append(value)
            elif required:
                self.error(rec, field_name, f"odwołanie do nieistniejącego obiektu {table}")
            else:
                self.warn(rec, field_name, f"odwołanie do obiektu {table} spoza danych – pominięte")
        return found

    # -------------------------------------------------------------- taxonomy
    def taxonomy_name(self, term: Record) -> str:
        names: set[str] = set()
        by_id = _PROFILE_TAXONOMY_IDS
        for tid in sorted(term.ref("taxonomy_id")):
            tax = self.ds.table("taxonomy").get(tid)
            if tax is not None:
                names.add(str(tax.get("name")))
            elif tid in by_id:
                names.add(by_id[tid])
            else:
                self.warn(term, "taxonomy_id", "taksonomia spoza danych – użyto pola taxonomy")
        if len(names) > 1:
            self.error(term, "taxonomy_id", "termin przypisany do kilku taksonomii")
        if names:
            return names.pop()
        text = term.get("taxonomy")
        if text:
            return str(text)
        self.warn(term, "taxonomy", "termin bez taksonomii – przyjęto taksonomię 'hsds'")
        return "hsds"

    def map_terms(self) -> None:
        categories, groups = [], []
        pending_parents: list[tuple[Record, dict[str, Any]]] = []
        for term in self.terms.values():
            tax = self.taxonomy_name(term)
            code = term.get("code")
            if tax == pf.TAXONOMY_TYPES:
                if code not in InstitutionType._value2member_map_:
                    self.error(term, "code", "nieznany kod typu instytucji")
                self.term_kind[term.id] = (tax, str(code))
            elif tax == pf.TAXONOMY_IDS:
                self.term_kind[term.id] = (tax, pf.ID_TERM_CODE)
            elif tax == pf.TAXONOMY_GROUPS:
                node = pf.node_id_from("TargetGroup", term.id, code) or term.id
                self.term_kind[term.id] = (tax, node)
                groups.append(self.build(m.TargetGroup, term, id=node, name=term.get("name")))
            else:
                node = pf.node_id_from("ServiceCategory", term.id, code) or term.id
                self.term_kind[term.id] = (tax, node)
                pending_parents.append((term, {"id": node, "name": term.get("name"), "taxonomy": tax}))
        for term, data in pending_parents:
            parents = sorted(term.ref("parent_id"))
            if len(parents) > 1:
                self.error(term, "parent_id", "termin ma kilka terminów nadrzędnych")
            elif parents:
                parent = parents[0]
                if parent in self.term_kind:
                    data["parent"] = self.term_kind[parent][1]
                else:
                    self.warn(term, "parent_id", "termin nadrzędny spoza danych – zachowano jego id")
                    data["parent"] = parent
            categories.append(self.build(m.ServiceCategory, term, **data))
        self.plan.batch.add(m.ServiceCategory, [c for c in categories if c is not None])
        self.plan.batch.add(m.TargetGroup, [g for g in groups if g is not None])

    # ------------------------------------------------------------ attributes
    def map_attributes(self) -> None:
        for attr in self.ds.table("attribute").values():
            subjects = sorted(k.split("@", 1)[1] for k in attr.refs if k.startswith("link_id@"))
            if not attr.ref("taxonomy_term_id"):
                self.error(attr, "taxonomy_term_id", "pole wymagane")
                continue
            terms = self.resolve_refs(attr, "taxonomy_term_id", "taxonomy_term", required=True)
            for subject in subjects:
                if subject not in ("service", "organization"):
                    self.warn(
                        attr,
                        "link_entity",
                        "atrybut dotyczy obiektu, którego graf nie przechowuje – pominięty",
                        skipped=True,
                    )
                    continue
                links = self.resolve_refs(attr, f"link_id@{subject}", subject, required=True)
                if terms:
                    tax, node = self.term_kind.get(terms[0], ("", ""))
                    for link in links:
                        self.apply_attribute(attr, subject, link, tax, node)

    def apply_attribute(self, attr: Record, subject: str, link: str, tax: str, node: str) -> None:
        if tax == pf.TAXONOMY_IDS:
            value = attr.get("value")
            if not value:
                self.error(attr, "value", "atrybut identyfikatora Kooperacji bez wartości")
                return
            self.attrs.carried[(subject, link)] = str(value)
        elif tax == pf.TAXONOMY_TYPES:
            if subject != "organization":
                self.warn(attr, "taxonomy_term_id", "typ instytucji przypisany usłudze – pominięty", skipped=True)
                return
            self.attrs.types.setdefault(link, set()).add(node)
        elif subject != "service":
            self.warn(attr, "taxonomy_term_id", "termin taksonomii przypisany organizacji – pominięty", skipped=True)
        elif tax == pf.TAXONOMY_GROUPS:
            self.attrs.groups.setdefault(link, []).append(node)
        else:
            self.attrs.categories.setdefault(link, []).append(node)

    def node_id(self, table: str, kind: str, rec: Record) -> str | None:
        carried = self.attrs.carried.get((table, rec.id))
        node = pf.node_id_from(kind, rec.id, carried)
        if node is None:
            self.error(rec, "id", "identyfikator Kooperacji z atrybutu nie odpowiada identyfikatorowi HSDS obiektu")
        return node

    # --------------------------------------------------------- organizations
    def map_organizations(self) -> None:
        for org in self.orgs.values():
            node = self.node_id("organization", "Institution", org)
            if node is not None:
                self.org_node[org.id] = node
        outside = {p for o in self.orgs.values() for p in o.ref("parent_organization_id") if p not in self.orgs}
        outside |= {p for s in self.services.values() for p in s.ref("organization_id") if p not in self.orgs}
        self.outside_orgs = set(self.lookup.institutions(outside)) if outside else set()
        existing = self.lookup.institutions(set(self.org_node.values()))
        codes = {c for o in self.orgs.values() for c in self.teryt_of_org(o, report=False)}
        self.known_territories = self.lookup.territories(codes)
        items, located, part_of = [], [], []
        for org in self.orgs.values():
            node = self.org_node.get(org.id)
            if node is None:
                continue
            data = self.institution_data(org, node, existing.get(node))
            inst = self.build(m.Institution, org, **data)
            if inst is None:
                continue
            items.append(inst)
            for code in self.teryt_of_org(org, report=True):
                if code in self.known_territories:
                    located.append(m.LocatedIn(src=node, dst=code))
            parent = self.parent_of(org, node)
            if parent is not None:
                part_of.append(m.PartOf(src=node, dst=parent))
        self.plan.batch.add(m.Institution, items).add(m.LocatedIn, located).add(m.PartOf, part_of)

    def institution_type(self, org: Record) -> InstitutionType:
        codes = self.attrs.types.get(org.id, set())
        if len(codes) > 1:
            self.error(org, "attributes", "organizacja ma kilka typów instytucji")
        if codes:
            code = next(iter(codes))
            if code in InstitutionType._value2member_map_:
                return InstitutionType(code)
        itype, reason = guess_type(str(org.get("name") or ""), org.get("legal_status"))
        self.warn(org, "name", f"{reason}: {itype.value}")
        return itype

    def identifiers(self, org: Record) -> dict[str, str]:
        out: dict[str, str] = {}
        for ident in self.by_ref("organization_identifier", "organization_id", org.id):
            scheme = str(ident.get("identifier_scheme") or "").strip().upper()
            kind = pf.IDENTIFIER_SCHEMES.get(scheme)
            if kind is None and not scheme:
                label = str(ident.get("identifier_type") or "").upper()
                kind = next((k for k in ("krs", "regon", "nip") if k.upper() in label.split()), None)
            if kind is None:
                self.warn(
                    ident,
                    "identifier_scheme",
                    "identyfikator spoza profilu polskiego (PL-KRS, PL-REGON, PL-NIP) – nieprzenoszony",
                )
                continue
            try:
                value = polish_identifier(kind, str(ident.get("identifier")))
            except ValueError as exc:
                self.error(ident, "identifier", str(exc))
                continue
            if kind in out and out[kind] != value:
                self.error(ident, "identifier", f"organizacja ma dwa różne numery {kind.upper()}")
            out[kind] = value
        return out

    def locations_of(self, org: Record) -> list[Record]:
        """The organization's own locations, then those of its services, physical ones first (cached)."""
        if org.id not in self._locations:
            self._locations[org.id] = self._find_locations(org)
        return self._locations[org.id]

    def _find_locations(self, org: Record) -> list[Record]:
        own = self.by_ref("location", "organization_id", org.id)
        via: list[Record] = []
        for svc in self.by_ref("service", "organization_id", org.id):
            for sal in self.by_ref("service_at_location", "service_id", svc.id):
                via += [
                    self.ds.table("location")[i]
                    for i in sorted(sal.ref("location_id"))
                    if i in self.ds.table("location")
                ]
        out: list[Record] = []
        for loc in own + via:
            if loc not in out:
                out.append(loc)
        return sorted(out, key=lambda r: r.get("location_type") != "physical")

    def teryt_of_org(self, org: Record, *, report: bool) -> list[str]:
        locations = self.locations_of(org)
        if not locations:
            return []
        loc = locations[0]
        if str(loc.get("external_identifier_type") or "").strip().upper() != pf.TERYT_TYPE:
            return []
        try:
            code = pf.parse_teryt(str(loc.get("external_identifier") or ""), urn=False)
        except ValueError as exc:
            if report:
                self.error(loc, "external_identifier", str(exc))
            return []
        if report and code not in self.known_territories:
            self.warn(
                loc,
                "external_identifier",
                f"jednostki TERYT {code} nie ma w grafie – pominięto LOCATED_IN (zaimportuj najpierw TERC)",
                skipped=True,
            )
        return [code]

    def address_fields(self, org: Record) -> dict[str, Any]:
        locations = self.locations_of(org)
        if not locations:
            return {}
        if len(locations) > 1:
            self.warn(org, "locations", f"organizacja ma {len(locations)} lokalizacje – przeniesiono pierwszą")
        loc = locations[0]
        out: dict[str, Any] = {}
        lat, lon = loc.get("latitude"), loc.get("longitude")
        if lat is not None and lon is not None:
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                out["lat"], out["lon"] = float(lat), float(lon)
            else:
                self.warn(loc, "latitude", "współrzędne spoza zakresu – pominięte")
        elif lat is not None or lon is not None:
            self.warn(loc, "latitude" if lon is None else "longitude", "tylko jedna współrzędna – pominięte")
        codes = [c for c in self.teryt_of_org(org, report=False) if c in self.known_territories]
        if codes and len(codes[0]) == 6:
            out["gmina"] = codes[0]
        addresses = sorted(
            self.by_ref("address", "location_id", loc.id),
            key=lambda a: ("physical", "postal", "virtual").index(a.get("address_type") or "virtual"),
        )
        if addresses:
            addr = addresses[0]
            street = ", ".join(str(p) for p in (addr.get("address_1"), addr.get("address_2")) if p)
            out["street"] = street or None
            out["city"] = addr.get("city")
            if addr.get("postal_code"):
                code = postal_code(str(addr.get("postal_code")))
                if code is None:
                    self.warn(addr, "postal_code", "to nie jest polski kod pocztowy (NN-NNN) – pominięty")
                out["postal_code"] = code
            country = str(addr.get("country") or "").strip().upper()
            if country and country not in ("PL", "POL", "POLSKA", "POLAND"):
                iso = country if re.fullmatch(r"[A-Z]{2}", country) else _ALPHA3.get(country)
                if iso is None:
                    self.warn(addr, "country", "nieznany kod kraju (oczekiwano ISO 3166-1, np. DE) – kraj pominięty")
                else:
                    self.warn(addr, "country", "adres poza Polską – zapisano kraj")
                    out["country"] = iso
        return out

    def phones_of(self, table: str, owner_id: str) -> list[str]:
        ref = f"{table}_id"
        direct = self.by_ref("phone", ref, owner_id)
        via = [p for c in self.by_ref("contact", ref, owner_id) for p in self.by_ref("phone", "contact_id", c.id)]
        return [phone_text(str(p.get("number")), p.get("extension")) for p in direct + via]

    def emails_of(self, table: str, owner_id: str) -> list[str]:
        return [str(c.get("email")) for c in self.by_ref("contact", f"{table}_id", owner_id) if c.get("email")]

    def joined(self, rec: Record, name: str, parts: Iterable[str], limit: int) -> str | None:
        text, dropped = join_limited(parts, limit)
        if dropped:
            self.warn(rec, name, f"pominięto {dropped} wartości, które nie mieszczą się w polu ({limit} znaków)")
        return text

    def institution_data(self, org: Record, node: str, old: m.Institution | None) -> dict[str, Any]:
        emails = [str(org.get("email"))] if org.get("email") else self.emails_of("organization", org.id)
        data: dict[str, Any] = {
            "id": node,
            "name": org.get("name"),
            "type": self.institution_type(org),
            "description": org.get("description"),
            "www": org.get("website"),
            "email": emails[0] if emails else None,
            "phone": self.joined(org, "phones", self.phones_of("organization", org.id), 120),
            **self.identifiers(org),
            **self.address_fields(org),
        }
        if old is not None:
            data.update(register_id=old.register_id, source=old.source, updated_at=old.updated_at)
        else:
            data["source"] = "hsds"
        return data

    def parent_of(self, org: Record, node: str) -> str | None:
        parents = sorted(org.ref("parent_organization_id"))
        if len(parents) > 1:
            self.error(org, "parent_organization_id", "organizacja ma kilka organizacji nadrzędnych")
            return None
        if not parents:
            return None
        parent = parents[0]
        if parent in self.org_node:
            target = self.org_node[parent]
        elif parent in self.outside_orgs:
            target = parent
        else:
            self.warn(
                org,
                "parent_organization_id",
                "organizacji nadrzędnej nie ma w danych ani w grafie – pominięto PART_OF",
                skipped=True,
            )
            return None
        if target == node:
            self.warn(org, "parent_organization_id", "organizacja wskazuje samą siebie jako nadrzędną – pominięto")
            return None
        return target

    # -------------------------------------------------------------- services
    def map_services(self) -> None:
        for svc in self.services.values():
            node = self.node_id("service", "Service", svc)
            if node is not None:
                self.svc_node[svc.id] = node
        existing = self.lookup.services(set(self.svc_node.values()))
        areas = self.service_areas()
        self.area_territories = self.lookup.territories({c for codes in areas.values() for _, c in codes})
        items, offers, cats, groups, avail = [], [], [], [], []
        for svc in self.services.values():
            node = self.svc_node.get(svc.id)
            org = self.organization_of(svc)
            if node is None or org is None:
                continue
            service = self.build(m.Service, svc, **self.service_data(svc, node, existing.get(node)))
            if service is None:
                continue
            items.append(service)
            offers.append(m.Offers(src=org, dst=node))
            cats += [m.InCategory(src=node, dst=c) for c in dict.fromkeys(self.attrs.categories.get(svc.id, []))]
            groups += [m.ForGroup(src=node, dst=g) for g in dict.fromkeys(self.attrs.groups.get(svc.id, []))]
            for area, code in areas.get(svc.id, []):
                if code in self.area_territories:
                    avail.append(m.AvailableIn(src=node, dst=code))
                else:
                    self.warn(
                        area,
                        "uri",
                        f"jednostki TERYT {code} nie ma w grafie – pominięto AVAILABLE_IN (zaimportuj najpierw TERC)",
                        skipped=True,
                    )
        avail = list({(a.src, a.dst): a for a in avail}.values())
        batch = self.plan.batch
        batch.add(m.Service, items).add(m.Offers, offers).add(m.InCategory, cats).add(m.ForGroup, groups)
        batch.add(m.AvailableIn, avail)

    def organization_of(self, svc: Record) -> str | None:
        refs = sorted(svc.ref("organization_id"))
        if not refs:
            self.error(svc, "organization_id", "usługa bez organizacji (pole wymagane w HSDS)")
            return None
        if len(refs) > 1:
            self.error(svc, "organization_id", "usługa przypisana do kilku organizacji")
            return None
        ref = refs[0]
        if ref in self.orgs:
            return self.org_node.get(ref)
        if ref in self.outside_orgs:
            return ref
        self.error(svc, "organization_id", "odwołanie do organizacji, której nie ma w danych ani w grafie")
        return None

    def service_areas(self) -> dict[str, list[tuple[Record, str]]]:
        out: dict[str, list[tuple[Record, str]]] = {}
        for area in self.ds.table("service_area").values():
            owners = self.resolve_refs(area, "service_id", "service", required=False)
            uri = str(area.get("uri") or "")
            if not uri.lower().startswith("urn:teryt:"):
                self.warn(
                    area,
                    "uri",
                    "obszar bez kodu TERYT (profil polski: urn:teryt:<poziom>:<kod>) – nieprzenoszony",
                    skipped=True,
                )
                continue
            try:
                code = pf.parse_teryt(uri, urn=True)
            except ValueError as exc:
                self.error(area, "uri", str(exc))
                continue
            if not owners:
                self.warn(area, "service_id", "obszar nieprzypisany do usługi – pominięty", skipped=True)
            for owner in owners:
                out.setdefault(owner, []).append((area, code))
        return out

    def sals_of(self, svc: Record) -> list[Record]:
        return self.by_ref("service_at_location", "service_id", svc.id)

    def schedule_of(self, svc: Record) -> str | None:
        scheds = list(self.by_ref("schedule", "service_id", svc.id))
        for sal in self.sals_of(svc):
            scheds += [s for s in self.by_ref("schedule", "service_at_location_id", sal.id) if s not in scheds]
        texts = [
            schedule_text(
                s.get("description"),
                s.get("byday"),
                s.get("opens_at"),
                s.get("closes_at"),
                s.get("freq"),
                s.get("bymonthday"),
            )
            for s in scheds
        ]
        return self.joined(svc, "schedules", (t for t in texts if t), 2000)

    def cost_of(self, svc: Record) -> str | None:
        if svc.get("fees_description") or svc.get("fees"):
            return str(svc.get("fees_description") or svc.get("fees"))
        options = [
            cost_text(c.get("option"), c.get("amount"), c.get("currency"), c.get("amount_description"))
            for c in self.by_ref("cost_option", "service_id", svc.id)
        ]
        return self.joined(svc, "cost_options", (o for o in options if o), 400)

    def languages_of(self, svc: Record) -> list[str]:
        codes: list[str] = []
        for lang in self.by_ref("language", "service_id", svc.id):
            code = str(lang.get("code") or "").strip().lower()
            if not code:
                self.warn(lang, "code", "język bez kodu ISO 639 – pominięty", skipped=True)
            elif code not in codes:
                codes.append(code)
        return codes

    def service_data(self, svc: Record, node: str, old: m.Service | None) -> dict[str, Any]:
        emails = [str(svc.get("email"))] if svc.get("email") else self.emails_of("service", svc.id)
        for sal in self.sals_of(svc):
            emails += self.emails_of("service_at_location", sal.id)
        phones = self.phones_of("service", svc.id)
        for sal in self.sals_of(svc):
            phones += self.phones_of("service_at_location", sal.id)
        updated = None
        if svc.get("last_modified"):
            try:
                updated = parse_timestamp(str(svc.get("last_modified")))
            except ValueError as exc:
                self.error(svc, "last_modified", str(exc))
        data: dict[str, Any] = {
            "id": node,
            "name": svc.get("name"),
            "description": svc.get("description"),
            "status": svc.get("status"),
            "eligibility": svc.get("eligibility_description"),
            "min_age": svc.get("minimum_age"),
            "max_age": svc.get("maximum_age"),
            "languages": self.languages_of(svc),
            "cost": self.cost_of(svc),
            "schedule": self.schedule_of(svc),
            "url": svc.get("url"),
            "email": emails[0] if emails else None,
            "phone": self.joined(svc, "phones", phones, 120),
            "updated_at": updated,
        }
        if old is not None:
            data.update(capacity=old.capacity, free_places=old.free_places, legal_basis=old.legal_basis)
        return data

    # ---------------------------------------------------------- other tables
    def check_required_refs(self) -> None:
        """Required references of tables that are read only through others."""
        for sal in self.ds.table("service_at_location").values():
            self.resolve_refs(sal, "service_id", "service", required=True)
            self.resolve_refs(sal, "location_id", "location", required=True)
        for ident in self.ds.table("organization_identifier").values():
            self.resolve_refs(ident, "organization_id", "organization", required=True)
        for cost in self.ds.table("cost_option").values():
            self.resolve_refs(cost, "service_id", "service", required=True)
        optional: list[tuple[str, str, str]] = [
            ("location", "organization_id", "organization"),
            ("phone", "organization_id", "organization"),
            ("phone", "service_id", "service"),
            ("phone", "contact_id", "contact"),
            ("phone", "service_at_location_id", "service_at_location"),
            ("contact", "organization_id", "organization"),
            ("contact", "location_id", "location"),
            ("contact", "service_id", "service"),
            ("contact", "service_at_location_id", "service_at_location"),
            ("schedule", "service_id", "service"),
            ("schedule", "service_at_location_id", "service_at_location"),
            ("language", "service_id", "service"),
            ("address", "location_id", "location"),
        ]
        for table, ref, target in optional:
            for rec in self.ds.table(table).values():
                self.resolve_refs(rec, ref, target, required=False)
        for table in _NOT_CARRIED:
            n = len(self.ds.table(table))
            if n:
                self.plan.not_carried[table] = n
                self.warn(table, None, f"{n} obiektów tej tabeli HSDS nie jest przenoszonych do grafu")


def plan_import(ds: Dataset, lookup: Lookup) -> Plan:
    """Map a read data set onto the model; nothing is written here."""
    mapper = _Mapper(ds, lookup)
    steps: list[Callable[[], None]] = [
        mapper.check_required_refs,
        mapper.map_terms,
        mapper.map_attributes,
        mapper.map_organizations,
        mapper.map_services,
    ]
    for step in steps:
        step()
    return mapper.plan
