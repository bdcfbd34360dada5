"""Store schemas and generic statements derived from the domain model.

Everything here is computed from :mod:`graph.model`; labels, types and property
names come only from the model classes (an allow-list), never from user input.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import ModelValidationError
from graph.model import NODE_MODELS, REL_MODELS, Node, Rel

__all__ = [
    "PropType",
    "node_props",
    "rel_props",
    "to_row",
    "from_row",
    "validate",
    "ladybug_ddl",
    "neo4j_ddl",
    "polish_errors",
]


class PropType(enum.StrEnum):
    STRING = "STRING"
    INT = "INT64"
    FLOAT = "DOUBLE"
    BOOL = "BOOLEAN"
    DATE = "DATE"
    TIMESTAMP = "TIMESTAMP"
    STRING_LIST = "STRING[]"


@dataclass(frozen=True)
class Prop:
    name: str
    type: PropType
    required: bool


def _prop_type(annotation: Any) -> PropType:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _prop_type(args[0])
    if origin is list:
        return PropType.STRING_LIST
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum) or issubclass(annotation, str):
            return PropType.STRING
        if issubclass(annotation, bool):
            return PropType.BOOL
        if issubclass(annotation, int):
            return PropType.INT
        if issubclass(annotation, float):
            return PropType.FLOAT
        if issubclass(annotation, dt.datetime):
            return PropType.TIMESTAMP
        if issubclass(annotation, dt.date):
            return PropType.DATE
    raise TypeError(f"unsupported model annotation {annotation!r}")


def _props(model: type[BaseModel], skip: tuple[str, ...] = ()) -> tuple[Prop, ...]:
    return tuple(
        Prop(name, _prop_type(f.annotation), f.is_required())
        for name, f in model.model_fields.items()
        if name not in skip
    )


_NODE_PROPS = {m: _props(m) for m in NODE_MODELS}
_REL_PROPS = {m: _props(m, skip=("src", "dst")) for m in REL_MODELS}


def node_props(model: type[Node]) -> tuple[Prop, ...]:
    return _NODE_PROPS[model]


def rel_props(model: type[Rel]) -> tuple[Prop, ...]:
    return _REL_PROPS[model]


def to_row(obj: BaseModel) -> dict[str, Any]:
    """Storage form: enums as their values; lists copied; everything else as is."""
    row: dict[str, Any] = {}
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, list):
            value = [v.value if isinstance(v, enum.Enum) else v for v in value]
        row[name] = value
    return row


def from_row(model: type[BaseModel], row: dict[str, Any]) -> Any:
    """Rebuild a model from a stored row (unknown keys ignored)."""
    data = {k: row.get(k) for k in model.model_fields if k in row}
    data = {k: v for k, v in data.items() if v is not None}
    return model.model_validate(data)


_MESSAGES = {
    "missing": "pole wymagane",
    "string_type": "oczekiwano tekstu",
    "int_type": "oczekiwano liczby całkowitej",
    "int_parsing": "oczekiwano liczby całkowitej",
    "float_type": "oczekiwano liczby",
    "float_parsing": "oczekiwano liczby",
    "bool_type": "oczekiwano wartości tak/nie",
    "bool_parsing": "oczekiwano wartości tak/nie",
    "date_type": "oczekiwano daty (RRRR-MM-DD)",
    "date_from_datetime_parsing": "oczekiwano daty (RRRR-MM-DD)",
    "date_parsing": "oczekiwano daty (RRRR-MM-DD)",
    "datetime_type": "oczekiwano daty i godziny",
    "datetime_parsing": "oczekiwano daty i godziny",
    "datetime_from_date_parsing": "oczekiwano daty i godziny",
    "enum": "wartość spoza dozwolonej listy",
    "string_pattern_mismatch": "niepoprawny format",
    "string_too_short": "wartość za krótka",
    "string_too_long": "wartość za długa",
    "greater_than_equal": "wartość za mała",
    "less_than_equal": "wartość za duża",
    "extra_forbidden": "nieznane pole",
    "list_type": "oczekiwano listy",
    "value_error": "niepoprawna wartość",
}


def polish_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """Pydantic errors as ``(field, Polish message)``, without the offending input."""
    out = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(rekord)"
        kind = err["type"]
        msg = _MESSAGES.get(kind, "niepoprawna wartość")
        if kind == "value_error":
            # our own validators raise ValueError with a Polish message
            msg = str(err.get("ctx", {}).get("error", msg))
        elif kind == "enum":
            expected = err.get("ctx", {}).get("expected")
            if expected:
                msg = f"{msg}: dozwolone {expected}"
        out.append((loc, msg))
    return out


def validate(model: type[BaseModel], data: Any) -> Any:
    """Validate ``data`` (a dict or a model instance) into ``model``."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        name = getattr(model, "__label__", None) or getattr(model, "__type__", model.__name__)
        raise ModelValidationError(str(name), polish_errors(exc)) from None


# ------------------------------------------------------------------ DDL


def ladybug_ddl() -> list[str]:
    """``CREATE … TABLE IF NOT EXISTS`` statements for LadybugDB, in dependency order."""
    stmts = []
    for node in NODE_MODELS:
        cols = ", ".join(
            f"{p.name} {p.type.value}" + (" PRIMARY KEY" if p.name == node.__key__ else "") for p in node_props(node)
        )
        stmts.append(f"CREATE NODE TABLE IF NOT EXISTS {node.__label__}({cols})")
    for rel in REL_MODELS:
        cols = "".join(f", {p.name} {p.type.value}" for p in rel_props(rel))
        stmts.append(
            f"CREATE REL TABLE IF NOT EXISTS {rel.__type__}"
            f"(FROM {rel.__src__.__label__} TO {rel.__dst__.__label__}{cols})"
        )
    return stmts


def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on every natural key and range indexes, all idempotent."""
    stmts = []
    for node in NODE_MODELS:
        label = node.__label__
        stmts.append(
            f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.{node.__key__} IS UNIQUE"
        )
        for prop in node.__indexes__:
            stmts.append(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
    return stmts
