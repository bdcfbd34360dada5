"""Build HSDS 3.0 objects from a :class:`~importers.hsds.snapshot.Snapshot`.

:class:`Builder` produces flat rows per HSDS table (the tabular form, also
used for the CSV data package) and composes the nested JSON forms from the
same rows: compiled service, organization and service_at_location objects,
and their one-to-one "list" variants used by the REST API.  Ids follow the
Polish profile (:mod:`importers.hsds.profile`); rows and lists are in a
stable order, so the same graph always gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph import model as m
from graph.enums import InstitutionType
from importers.hsds import profile as pf
from importers.hsds.snapshot import Snapshot
from importers.hsds.spec import TABLES
from importers.hsds.values import format_timestamp, web_uri

__all__ = ["Builder", "Rows"]

Row = dict[str, Any]


def _clean(row: Row) -> Row:
    """Drop empty optional values; HSDS readers treat absent and empty alike."""
    return {k: v for k, v in row.items() if v is not None and v != [] and v != ""}


def _required(spec_name: str, row: Row) -> Row:
    """Required text fields that Kooperacja may not know are published as empty strings."""
    out = _clean(row)
    for name in TABLES[spec_name].required:
        out.setdefault(name, "")
    return out


@dataclass
class Rows:
    """Flat HSDS rows by table name, in a stable order."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def add(self, table: str, row: Row) -> Row:
        self.tables[table].append(row)
        return row


class Builder:
    """HSDS rows and objects for one snapshot; build once, read many times."""

    def __init__(self, snap: Snapshot, *, all_taxonomies: bool = False):
        self.snap = snap
        self.all_taxonomies = all_taxonomies
        self.rows = Rows()
        self._by_owner: dict[tuple[str, str], list[Row]] = {}
        self._service_rows: dict[str, Row] = {}
        self._taxonomy_rows: dict[str, Row] = {}
        self._build()

    # ------------------------------------------------------------------ ids
    @staticmethod
    def org_id(node: str) -> str:
        return pf.hsds_id("Institution", node)

    @staticmethod
    def service_id(node: str) -> str:
        return pf.hsds_id("Service", node)

    @staticmethod
    def location_id(inst: str) -> str:
        return pf.derived_id("location", inst)

    @staticmethod
    def sal_id(service: str) -> str:
        return pf.derived_id("service_at_location", service)

    @staticmethod
    def category_term_id(node: str) -> str:
        return pf.hsds_id("ServiceCategory", node)

    @staticmethod
    def group_term_id(node: str) -> str:
        return pf.hsds_id("TargetGroup", node)

    @staticmethod
    def type_term_id(code: str) -> str:
        return pf.hsds_id("InstitutionType", code)

    ID_TERM = pf.derived_id("taxonomy_term", pf.ID_TERM_CODE)

    # --------------------------------------------------------------- helpers
    def _own(self, table: str, owner: str, row: Row) -> Row:
        """Add a row and remember it under its owner's HSDS id for nesting."""
        self.rows.add(table, row)
        self._by_owner.setdefault((table, owner), []).append(row)
        return row

    def children(self, table: str, owner: str) -> list[Row]:
        return self._by_owner.get((table, owner), [])

    def _territory_name(self, code: str) -> str | None:
        terr = self.snap.territories.get(code)
        return terr.name if terr else None

    # ---------------------------------------------------------------- build
    def _build(self) -> None:
        used_taxonomies: set[str] = {pf.TAXONOMY_TYPES}
        for inst in self.snap.institutions.values():
            self._organization(inst)
            if not pf.is_uuid(inst.id):
                used_taxonomies.add(pf.TAXONOMY_IDS)
        for sid in sorted(self.snap.services):
            self._service(self.snap.services[sid])
            if not pf.is_uuid(sid):
                used_taxonomies.add(pf.TAXONOMY_IDS)
        used_taxonomies |= {c.taxonomy for c in self.snap.categories.values()}
        if self.snap.groups:
            used_taxonomies.add(pf.TAXONOMY_GROUPS)
        if self.all_taxonomies:
            used_taxonomies |= set(pf.PROFILE_TAXONOMIES)
        self._taxonomies(used_taxonomies)

    def _id_attribute(self, entity: str, hsds: str, node: str) -> None:
        if pf.is_uuid(node):
            return
        self._attribute(entity, hsds, self.ID_TERM, pf.LINK_ID, value=node)

    def _attribute(self, entity: str, hsds: str, term: str, link_type: str, value: str | None = None) -> None:
        row = {
            "id": pf.derived_id("attribute", entity, hsds, term),
            "link_id": hsds,
            "taxonomy_term_id": term,
            "link_type": link_type,
            "link_entity": entity,
            "value": value,
        }
        self._own("attribute", hsds, _clean(row))

    def _organization(self, inst: m.Institution) -> None:
        oid = self.org_id(inst.id)
        parent = self.snap.parent_of.get(inst.id)
        self._own(
            "organization",
            oid,
            _required(
                "organization",
                {
                    "id": oid,
                    "name": inst.name,
                    "description": inst.description,
                    "email": inst.email,
                    "website": web_uri(inst.www),
                    "parent_organization_id": self.org_id(parent) if parent else None,
                },
            ),
        )
        for kind in ("krs", "regon", "nip"):
            value = getattr(inst, kind)
            if value:
                self._own(
                    "organization_identifier",
                    oid,
                    {
                        "id": pf.derived_id("organization_identifier", inst.id, kind),
                        "organization_id": oid,
                        "identifier_scheme": next(s for s, k in pf.IDENTIFIER_SCHEMES.items() if k == kind),
                        "identifier_type": pf.IDENTIFIER_LABELS[kind],
                        "identifier": value,
                    },
                )
        if inst.phone:
            self._own(
                "phone",
                oid,
                {
                    "id": pf.derived_id("phone", "organization", inst.id),
                    "organization_id": oid,
                    "number": inst.phone,
                    "type": "voice",
                },
            )
        self._location(inst, oid)
        self._attribute("organization", oid, self.type_term_id(inst.type.value), pf.LINK_TYPE)
        self._id_attribute("organization", oid, inst.id)

    def _location(self, inst: m.Institution, oid: str) -> None:
        codes = self.snap.located_in.get(inst.id, []) or ([inst.gmina] if inst.gmina else [])
        code = inst.gmina if inst.gmina in codes else (codes[0] if codes else None)
        has_address = any((inst.street, inst.postal_code, inst.city))
        if not (has_address or code or inst.lat is not None):
            return
        lid = self.location_id(inst.id)
        self._own(
            "location",
            oid,
            _clean(
                {
                    "id": lid,
                    "location_type": "physical",
                    "organization_id": oid,
                    "name": inst.name,
                    "latitude": inst.lat if inst.lon is not None else None,
                    "longitude": inst.lon if inst.lat is not None else None,
                    "external_identifier": code,
                    "external_identifier_type": pf.TERYT_TYPE if code else None,
                }
            ),
        )
        if has_address:
            voivodeship = self._territory_name(code[:2]) if code else None
            self._own(
                "address",
                lid,
                _required(
                    "address",
                    {
                        "id": pf.derived_id("address", inst.id),
                        "location_id": lid,
                        "address_1": inst.street,
                        "city": inst.city,
                        "state_province": voivodeship,
                        "postal_code": inst.postal_code,
                        "country": inst.country or "PL",  # a foreign address keeps its country
                        "address_type": "physical",
                    },
                ),
            )

    def _service(self, svc: m.Service) -> None:
        sid = self.service_id(svc.id)
        inst = self.snap.offered_by[svc.id]
        oid = self.org_id(inst)
        self._service_rows[svc.id] = self._own(
            "service",
            oid,
            _clean(
                {
                    "id": sid,
                    "organization_id": oid,
                    "name": svc.name,
                    "description": svc.description,
                    "url": web_uri(svc.url),
                    "email": svc.email,
                    "status": svc.status.value,
                    "fees_description": svc.cost,
                    "eligibility_description": svc.eligibility,
                    "minimum_age": svc.min_age,
                    "maximum_age": svc.max_age,
                    "last_modified": format_timestamp(svc.updated_at) if svc.updated_at else None,
                }
            ),
        )
        if svc.phone:
            self._own(
                "phone",
                sid,
                {
                    "id": pf.derived_id("phone", "service", svc.id),
                    "service_id": sid,
                    "number": svc.phone,
                    "type": "voice",
                },
            )
        if svc.schedule:
            self._own(
                "schedule",
                sid,
                {"id": pf.derived_id("schedule", svc.id), "service_id": sid, "description": svc.schedule},
            )
        for code in svc.languages:
            self._own(
                "language",
                sid,
                {
                    "id": pf.derived_id("language", svc.id, code),
                    "service_id": sid,
                    "name": pf.LANGUAGE_NAMES.get(code, code),
                    "code": code,
                },
            )
        for code in self.snap.areas_of.get(svc.id, []):
            self._own("service_area", sid, self._area(svc.id, sid, code))
        if self.children("location", oid):
            self._own(
                "service_at_location",
                sid,
                {"id": self.sal_id(svc.id), "service_id": sid, "location_id": self.location_id(inst)},
            )
        for cat in self.snap.categories_of.get(svc.id, []):
            self._attribute("service", sid, self.category_term_id(cat), pf.LINK_CATEGORY)
        for group in self.snap.groups_of.get(svc.id, []):
            self._attribute("service", sid, self.group_term_id(group), pf.LINK_GROUP)
        self._id_attribute("service", sid, svc.id)

    def _area(self, node: str, sid: str, code: str) -> Row:
        terr = self.snap.territories.get(code)
        level = {2: "województwo", 4: "powiat", 6: "gmina"}[len(code)]
        label = terr.kind if terr and terr.kind else level
        name = terr.name if terr else code
        return {
            "id": pf.derived_id("service_area", node, code),
            "service_id": sid,
            "name": name,
            "description": f"{label} {name} (TERYT {code}, poziom: {level})",
            "uri": pf.teryt_urn(code),
        }

    def _taxonomies(self, names: set[str]) -> None:
        for name in sorted(names):
            desc = pf.PROFILE_TAXONOMIES.get(name) or f"Taksonomia {name} (z importu HSDS)"
            row = {"id": pf.taxonomy_id(name), "name": name, "description": desc}
            self._taxonomy_rows[row["id"]] = self.rows.add("taxonomy", row)
        terms: list[Row] = []
        for cat in self.snap.categories.values():
            own = cat.taxonomy.startswith(pf.TAXONOMY_CATEGORIES)
            terms.append(
                _clean(
                    {
                        "id": self.category_term_id(cat.id),
                        "code": None if pf.is_uuid(cat.id) else cat.id,
                        "name": cat.name,
                        "description": cat.name,
                        "parent_id": self.category_term_id(cat.parent) if cat.parent else None,
                        "taxonomy": cat.taxonomy,
                        "taxonomy_id": pf.taxonomy_id(cat.taxonomy),
                        "language": pf.DEFAULT_LANGUAGE if own else None,
                    }
                )
            )
        for group in self.snap.groups.values():
            terms.append(
                self._profile_term(
                    self.group_term_id(group.id),
                    None if pf.is_uuid(group.id) else group.id,
                    group.name,
                    pf.TAXONOMY_GROUPS,
                )
            )
        for itype in InstitutionType:
            terms.append(
                self._profile_term(self.type_term_id(itype.value), itype.value, itype.label, pf.TAXONOMY_TYPES)
            )
        if pf.TAXONOMY_IDS in names:
            terms.append(
                self._profile_term(self.ID_TERM, pf.ID_TERM_CODE, "Identyfikator w Kooperacji", pf.TAXONOMY_IDS)
            )
        for term in terms:
            self._own("taxonomy_term", term["id"], term)

    @staticmethod
    def _profile_term(tid: str, code: str | None, name: str, taxonomy: str) -> Row:
        return _clean(
            {
                "id": tid,
                "code": code,
                "name": name,
                "description": name,
                "taxonomy": taxonomy,
                "taxonomy_id": pf.taxonomy_id(taxonomy),
                "language": pf.DEFAULT_LANGUAGE,
            }
        )

    # --------------------------------------------------------- JSON objects
    def term_object(self, tid: str) -> Row:
        term = dict(self.children("taxonomy_term", tid)[0])
        term["taxonomy_detail"] = dict(self._taxonomy_rows[term["taxonomy_id"]])
        return term

    def _attributes(self, owner: str) -> list[Row]:
        return [
            {**a, "taxonomy_term": self.term_object(a["taxonomy_term_id"])} for a in self.children("attribute", owner)
        ]

    def location_object(self, lid: str, oid: str) -> Row:
        loc = next(r for r in self.children("location", oid) if r["id"] == lid)
        return {**loc, "addresses": [dict(a) for a in self.children("address", lid)]}

    def organization_object(self, node: str, *, services: str = "list") -> Row:
        """Compiled organization; ``services`` is ``none``, ``list`` (one-to-one fields) or ``full``."""
        oid = self.org_id(node)
        obj: Row = dict(self.children("organization", oid)[0])
        obj["phones"] = [dict(p) for p in self.children("phone", oid)]
        obj["locations"] = [self.location_object(loc["id"], oid) for loc in self.children("location", oid)]
        obj["organization_identifiers"] = [dict(i) for i in self.children("organization_identifier", oid)]
        obj["attributes"] = self._attributes(oid)
        if services != "none":
            sids = self.snap.services_of.get(node, [])
            make = self.service_object if services == "full" else self.service_list_object
            obj["services"] = [make(s, nested_organization=False) for s in sorted(sids)]
        return obj

    def organization_list_object(self, node: str) -> Row:
        return dict(self.children("organization", self.org_id(node))[0])

    def _service_row(self, node: str) -> Row:
        return dict(self._service_rows[node])

    def service_list_object(self, node: str, *, nested_organization: bool = True) -> Row:
        """One-to-one fields of a service (``compiled/service_list.json``)."""
        obj = self._service_row(node)
        if nested_organization:
            obj["organization"] = self.organization_list_object(self.snap.offered_by[node])
        return obj

    def sal_rows(self, node: str) -> list[Row]:
        return self.children("service_at_location", self.service_id(node))

    def service_object(self, node: str, *, nested_organization: bool = True) -> Row:
        """A fully nested service (``compiled/service.json``)."""
        sid = self.service_id(node)
        inst = self.snap.offered_by[node]
        obj = self._service_row(node)
        obj["phones"] = [dict(p) for p in self.children("phone", sid)]
        obj["schedules"] = [dict(s) for s in self.children("schedule", sid)]
        obj["service_areas"] = [dict(a) for a in self.children("service_area", sid)]
        obj["languages"] = [dict(lang) for lang in self.children("language", sid)]
        obj["service_at_locations"] = [
            {**sal, "location": self.location_object(sal["location_id"], self.org_id(inst))}
            for sal in self.sal_rows(node)
        ]
        obj["attributes"] = self._attributes(sid)
        if nested_organization:
            obj["organization"] = self.organization_object(inst, services="none")
        return obj

    def sal_list_object(self, node: str) -> Row:
        """``compiled/service_at_location_list.json``: the join with its location and service."""
        sal = dict(self.sal_rows(node)[0])
        inst = self.snap.offered_by[node]
        loc = next(r for r in self.children("location", self.org_id(inst)) if r["id"] == sal["location_id"])
        return {**sal, "location": dict(loc), "service": self.service_list_object(node)}

    def sal_object(self, node: str) -> Row:
        """``compiled/service_at_location.json``: fully nested."""
        sal = dict(self.sal_rows(node)[0])
        inst = self.snap.offered_by[node]
        return {
            **sal,
            "location": self.location_object(sal["location_id"], self.org_id(inst)),
            "service": self.service_object(node),
        }

    def taxonomy_objects(self) -> list[Row]:
        return [dict(t) for t in self.rows.tables["taxonomy"]]

    def term_objects(self) -> list[Row]:
        return [self.term_object(t["id"]) for t in self.rows.tables["taxonomy_term"]]
