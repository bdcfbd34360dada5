"""What every territory should have: configurable expectations with defaults from the law and the field.

An :class:`Expectation` says that every unit of a level (gmina, powiat,
voivodeship) should have an institution of some types, in one of three ways:

``competent``
    an institution located in the unit or serving it (or a unit above it);
``reachable``
    competent, or within ``hops`` steps of cooperation (declared ties,
    partnerships, referrals) from an institution of ``anchor_types``
    competent for the unit, or – when ``distance_km`` is set – that close;
``distance``
    competent, or located within ``distance_km`` of the unit's centroid.

The defaults (:data:`DEFAULT_EXPECTATIONS`) encode the statutory minimum
(an OPS or CUS in every gmina, a PCPR and a PUP competent for every powiat, a
ROPS per voivodeship, an ŚDS per powiat) and field practice (a KIS reachable
from every gmina, a CIS within 30 km).  Load others from JSON with
:func:`load_expectations`.

Complexity: validation is O(n) in the number of expectations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from graph.enums import InstitutionType as T
from queries.analysis.projection import AnalysisInputError

__all__ = ["Expectation", "DEFAULT_EXPECTATIONS", "load_expectations", "expectation_types"]


class Expectation(BaseModel):
    """One expectation about every unit of a level.

    Examples
    --------
    >>> e = Expectation(id="cis", label="CIS w zasięgu 30 km", level="gmina",
    ...                 types=["CIS"], mode="distance", distance_km=30)
    >>> e.types[0].label
    'centrum integracji społecznej'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,60}$")
    label: str = Field(min_length=1, max_length=200)
    level: Literal["gmina", "powiat", "voivodeship"]
    types: tuple[T, ...] = Field(min_length=1)
    #: Types that also satisfy the expectation in a city with powiat rights (MOPS doing PCPR tasks).
    city_powiat_types: tuple[T, ...] = ()
    mode: Literal["competent", "reachable", "distance"] = "competent"
    hops: int = Field(default=1, ge=0, le=6)
    anchor_types: tuple[T, ...] = (T.OPS, T.CUS)
    distance_km: float | None = Field(default=None, gt=0, le=500)
    source: str = Field(default="", max_length=400)

    def satisfied_by(self, itype: T, city_powiat: bool) -> bool:
        return itype in self.types or (city_powiat and itype in self.city_powiat_types)


DEFAULT_EXPECTATIONS: tuple[Expectation, ...] = (
    Expectation(
        id="ops-gmina",
        label="OPS lub CUS w każdej gminie",
        level="gmina",
        types=(T.OPS, T.CUS),
        source="art. 110 ust. 1 ustawy o pomocy społecznej; ustawa o realizowaniu usług społecznych przez CUS",
    ),
    Expectation(
        id="pcpr-powiat",
        label="PCPR właściwe dla każdego powiatu",
        level="powiat",
        types=(T.PCPR,),
        city_powiat_types=(T.OPS, T.CUS),
        source="art. 112 ustawy o pomocy społecznej (w mieście na prawach powiatu zadania PCPR wykonuje MOPS/MOPR)",
    ),
    Expectation(
        id="pup-powiat",
        label="PUP właściwy dla każdego powiatu",
        level="powiat",
        types=(T.PUP,),
        source="ustawa z 20 marca 2025 r. o rynku pracy i służbach zatrudnienia",
    ),
    Expectation(
        id="rops-voivodeship",
        label="ROPS w każdym województwie",
        level="voivodeship",
        types=(T.ROPS,),
        source="ustawa o pomocy społecznej (zadania samorządu województwa)",
    ),
    Expectation(
        id="kis-gmina",
        label="KIS osiągalny z każdej gminy",
        level="gmina",
        types=(T.KIS,),
        mode="reachable",
        hops=1,
        source="art. 18 ustawy o zatrudnieniu socjalnym; praktyka: KIS prowadzony lub współpracujący z OPS",
    ),
    Expectation(
        id="cis-gmina",
        label="CIS w zasięgu 30 km od każdej gminy",
        level="gmina",
        types=(T.CIS,),
        mode="distance",
        distance_km=30,
        source="art. 3 i 12 ustawy o zatrudnieniu socjalnym; praktyka: dojazd do CIS",
    ),
    Expectation(
        id="sds-powiat",
        label="ŚDS w każdym powiecie",
        level="powiat",
        types=(T.SDS,),
        source="ustawa o pomocy społecznej (zadanie zlecone: ośrodki wsparcia dla osób z zaburzeniami psychicznymi)",
    ),
)

_LIST = TypeAdapter(list[Expectation])


def load_expectations(path: str | Path) -> tuple[Expectation, ...]:
    """Read expectations from a JSON list (same fields as :class:`Expectation`).

    The file replaces the defaults; copy them from :data:`DEFAULT_EXPECTATIONS`
    to keep them.  Example (``kooperacja gaps 0415 --expectations oczekiwania.json``)::

        [
          {"id": "ops-gmina", "label": "OPS lub CUS w każdej gminie", "level": "gmina", "types": ["OPS", "CUS"]},
          {"id": "cis-20", "label": "CIS w zasięgu 20 km", "level": "gmina", "types": ["CIS"],
           "mode": "distance", "distance_km": 20},
          {"id": "kis-2", "label": "KIS w 2 krokach współpracy", "level": "gmina", "types": ["KIS"],
           "mode": "reachable", "hops": 2},
          {"id": "wtz-powiat", "label": "WTZ w każdym powiecie", "level": "powiat", "types": ["WTZ"]}
        ]

    Raises
    ------
    AnalysisInputError
        Naming the file, the item index and the field, never the value.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise AnalysisInputError(f"{path.name}: nie można odczytać pliku oczekiwań JSON ({type(exc).__name__})") from None
    try:
        items = _LIST.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise AnalysisInputError(f"{path.name}: błąd w pozycji {loc}: {first['msg']}") from None
    ids = [e.id for e in items]
    if len(set(ids)) != len(ids):
        raise AnalysisInputError(f"{path.name}: identyfikatory oczekiwań powtarzają się")
    return tuple(items)


def expectation_types(expectations: tuple[Expectation, ...]) -> list[str]:
    """Institution types a set of expectations can be met by (for the candidates query).

    >>> expectation_types(DEFAULT_EXPECTATIONS)
    ['CIS', 'CUS', 'KIS', 'OPS', 'PCPR', 'PUP', 'ROPS', 'SDS']
    """
    return sorted({t.value for e in expectations for t in (*e.types, *e.city_powiat_types)})
