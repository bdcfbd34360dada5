"""Model items (plain dicts) built from validated spreadsheet rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["SOURCE", "institution_item", "service_item", "partnership_item"]

_INSTITUTION_FIELDS = (
    "id",
    "name",
    "type",
    "gmina",
    "regon",
    "krs",
    "nip",
    "street",
    "postal_code",
    "city",
    "lat",
    "lon",
    "phone",
    "email",
    "www",
    "description",
)
_SERVICE_FIELDS = (
    "id",
    "name",
    "description",
    "status",
    "eligibility",
    "min_age",
    "max_age",
    "cost",
    "schedule",
    "capacity",
    "free_places",
    "legal_basis",
    "url",
    "email",
    "languages",
)
_PARTNERSHIP_FIELDS = ("id", "name", "type", "legal_basis", "signed")
SOURCE = "arkusz Kooperacja"


def institution_item(values: Mapping[str, Any]) -> dict[str, Any]:
    item = {k: values.get(k) for k in _INSTITUTION_FIELDS}
    item["source"] = SOURCE
    return item


def service_item(values: Mapping[str, Any]) -> dict[str, Any]:
    item = {k: values.get(k) for k in _SERVICE_FIELDS}
    item["status"] = item["status"] or "active"
    item["languages"] = item["languages"] or []
    return item


def partnership_item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in _PARTNERSHIP_FIELDS}
