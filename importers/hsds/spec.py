"""The shape of HSDS 3.0 tables, as the importer and exporter need it.

Transcribed from the per-object JSON schemas of Open Referral HSDS 3.0
(``schema/*.json`` in openreferral/specification, branch 3.0); the test
``tests/hsds/test_spec.py`` compares this module with the schema files, so the
two cannot drift apart silently.  The schemas themselves stay in the shared
data directory: they are CC BY-SA and are not copied into the repository.

Every table is described by its scalar fields (all strings except the listed
number fields), its required fields (``required`` in JSON and CSV,
``tabular_required`` in CSV only), its enumerations, its nested children in the
JSON form and the identifiers it holds of other tables (foreign keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TableSpec", "TABLES", "CSV_FILES", "FOREIGN_KEYS", "SUBJECT_REFS", "MAPPED_FIELDS", "spec"]


@dataclass(frozen=True)
class TableSpec:
    name: str
    csv: str
    fields: tuple[str, ...]
    required: tuple[str, ...] = ()
    tabular_required: tuple[str, ...] = ()
    numbers: frozenset[str] = frozenset()
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: JSON property -> child table (arrays and single nested objects alike)
    children: dict[str, str] = field(default_factory=dict)

    def is_number(self, name: str) -> bool:
        return name in self.numbers


_META = {"attributes": "attribute", "metadata": "metadata"}


def _t(
    name: str,
    csv: str,
    fields: str,
    *,
    required: str = "id",
    tabular: str = "",
    numbers: str = "",
    enums: dict[str, tuple[str, ...]] | None = None,
    children: dict[str, str] | None = None,
    meta: bool = True,
) -> TableSpec:
    kids = dict(children or {})
    if meta:
        kids.update(_META)
    return TableSpec(
        name=name,
        csv=csv,
        fields=tuple(fields.split()),
        required=tuple(required.split()),
        tabular_required=tuple(tabular.split()),
        numbers=frozenset(numbers.split()),
        enums=enums or {},
        children=kids,
    )


_TYPES = ("physical", "postal", "virtual")

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        _t(
            "organization",
            "organizations.csv",
            "id name alternate_name description email website tax_status tax_id year_incorporated "
            "legal_status logo uri parent_organization_id",
            required="id name description",
            numbers="year_incorporated",
            children={
                "funding": "funding",
                "contacts": "contact",
                "phones": "phone",
                "locations": "location",
                "programs": "program",
                "organization_identifiers": "organization_identifier",
                # compiled/organization.json (not the per-object schema) nests services
                "services": "service",
            },
        ),
        _t(
            "program",
            "programs.csv",
            "id organization_id name alternate_name description",
            required="id name description",
            tabular="organization_id",
        ),
        _t(
            "service",
            "services.csv",
            "id organization_id program_id name alternate_name description url email status "
            "interpretation_services application_process fees_description wait_time fees accreditations "
            "eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert last_modified",
            required="id name status",
            tabular="organization_id",
            numbers="minimum_age maximum_age",
            enums={"status": ("active", "inactive", "defunct", "temporarily closed")},
            children={
                "phones": "phone",
                "schedules": "schedule",
                "service_areas": "service_area",
                "service_at_locations": "service_at_location",
                "languages": "language",
                "organization": "organization",
                "funding": "funding",
                "cost_options": "cost_option",
                "program": "program",
                "required_documents": "required_document",
                "contacts": "contact",
            },
        ),
        _t(
            "service_at_location",
            "service_at_location.csv",
            "id service_id location_id description",
            tabular="service_id location_id",
            # compiled/service_at_location.json adds the nested service
            children={
                "contacts": "contact",
                "phones": "phone",
                "schedules": "schedule",
                "location": "location",
                "service": "service",
            },
        ),
        _t(
            "location",
            "locations.csv",
            "id location_type url organization_id name alternate_name description transportation "
            "latitude longitude external_identifier external_identifier_type",
            required="id location_type",
            numbers="latitude longitude",
            enums={"location_type": _TYPES},
            children={
                "languages": "language",
                "addresses": "address",
                "contacts": "contact",
                "accessibility": "accessibility",
                "phones": "phone",
                "schedules": "schedule",
            },
        ),
        _t(
            "address",
            "addresses.csv",
            "id location_id attention address_1 address_2 city region state_province postal_code country address_type",
            required="id address_1 city state_province postal_code country address_type",
            enums={"address_type": _TYPES},
        ),
        _t(
            "contact",
            "contacts.csv",
            "id organization_id service_id service_at_location_id location_id name title department email",
            children={"phones": "phone"},
        ),
        _t(
            "phone",
            "phones.csv",
            "id location_id service_id organization_id contact_id service_at_location_id number extension type description",
            required="id number",
            numbers="extension",
            children={"languages": "language"},
        ),
        _t(
            "schedule",
            "schedules.csv",
            "id service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count "
            "wkst freq interval byday byweekno bymonthday byyearday description opens_at closes_at schedule_link "
            "attending_type notes",
            numbers="timezone count interval",
            enums={"wkst": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), "freq": ("WEEKLY", "MONTHLY")},
        ),
        _t("service_area", "service_areas.csv", "id service_id name description extent extent_type uri"),
        _t("language", "languages.csv", "id service_id location_id phone_id name code note"),
        _t("funding", "funding.csv", "id organization_id service_id source"),
        _t(
            "cost_option",
            "cost_options.csv",
            "id service_id valid_from valid_to option currency amount amount_description",
            tabular="service_id",
            numbers="amount",
        ),
        _t("required_document", "required_documents.csv", "id service_id document uri"),
        _t("accessibility", "accessibility.csv", "id location_id description details url"),
        _t(
            "organization_identifier",
            "organization_identifiers.csv",
            "id organization_id identifier_scheme identifier_type identifier",
            required="id identifier_type identifier",
            tabular="organization_id",
        ),
        _t(
            "taxonomy",
            "taxonomies.csv",
            "id name description uri version",
            required="id name description",
            children={"metadata": "metadata"},
            meta=False,
        ),
        _t(
            "taxonomy_term",
            "taxonomy_terms.csv",
            "id code name description parent_id taxonomy language taxonomy_id term_uri",
            required="id name description",
            children={"taxonomy_detail": "taxonomy", "metadata": "metadata"},
            meta=False,
        ),
        _t(
            "attribute",
            "attributes.csv",
            "id link_id taxonomy_term_id link_type link_entity value",
            tabular="link_id taxonomy_term_id link_entity",
            children={"taxonomy_term": "taxonomy_term", "metadata": "metadata"},
            meta=False,
        ),
        _t(
            "metadata",
            "metadata.csv",
            "id resource_id resource_type last_action_date last_action_type field_name previous_value "
            "replacement_value updated_by",
            required="id last_action_date last_action_type field_name previous_value replacement_value updated_by",
            tabular="resource_id resource_type",
            meta=False,
        ),
        _t("meta_table_description", "meta_table_descriptions.csv", "id name language character_set"),
    )
}

CSV_FILES: dict[str, str] = {t.csv: t.name for t in TABLES.values()}

#: Foreign-key fields naming one fixed table.
FOREIGN_KEYS: dict[str, str] = {
    "organization_id": "organization",
    "parent_organization_id": "organization",
    "program_id": "program",
    "service_id": "service",
    "location_id": "location",
    "contact_id": "contact",
    "service_at_location_id": "service_at_location",
    "phone_id": "phone",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
    "parent_id": "taxonomy_term",
}

#: Polymorphic references: id field -> the field naming its table.
SUBJECT_REFS: dict[str, str] = {"link_id": "link_entity", "resource_id": "resource_type"}


#: Fields Kooperacja maps onto the graph.  Two occurrences of one object that
#: disagree on such a field are an error; on any other field, a warning.
MAPPED_FIELDS: dict[str, frozenset[str]] = {
    t: frozenset(f.split())
    for t, f in {
        "organization": "name description email website legal_status",
        "service": "name description status url email eligibility_description minimum_age maximum_age "
        "fees_description fees last_modified",
        "location": "location_type latitude longitude",
        "address": "address_1 address_2 city postal_code address_type",
        "phone": "number extension",
        "contact": "email",
        "schedule": "description opens_at closes_at byday freq",
        "language": "code name",
        "service_area": "uri",
        "taxonomy": "name",
        "taxonomy_term": "name code taxonomy",
        "attribute": "value link_entity",
        "organization_identifier": "identifier_scheme identifier_type identifier",
        "cost_option": "option amount currency amount_description",
    }.items()
}


def spec(table: str) -> TableSpec:
    return TABLES[table]
