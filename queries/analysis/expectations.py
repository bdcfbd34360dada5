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

Each expectation says on what it rests (``basis``): ``statutory`` – a statute
requires it, and ``source`` cites the article – or ``good_practice`` – the
field expects it, no statute does.  The report keeps the two apart: a gap in
a statutory duty is a breach, a gap in good practice a recommendation.

The defaults (:data:`DEFAULT_EXPECTATIONS`) encode the statutory minimum (an
OPS or CUS, a zespół interdyscyplinarny and a GKRPA in every gmina, a PCPR, a
PUP and an OIK competent for every powiat, a ROPS per voivodeship) and good
practice (a KIS reachable from every gmina, a CIS within 30 km, an ŚDS per
powiat).  An expectation can be met by institutions of some ``types`` or by a
partnership of some ``partnership_types`` that an institution competent for
the unit belongs to (the zespół interdyscyplinarny is a team, not an
institution).  Load others from JSON with :func:`load_expectations`.

Complexity: validation is O(n) in the number of expectations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from graph.enums import InstitutionType as T
from graph.enums import PartnershipType
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
    types: tuple[T, ...] = ()
    #: Met also by a partnership of these types with a member competent for the unit.
    partnership_types: tuple[PartnershipType, ...] = ()
    #: "statutory" (a statute requires it; ``source`` cites the article) or "good_practice".
    basis: Literal["statutory", "good_practice"] = "good_practice"
    #: Types that also satisfy the expectation in a city with powiat rights (MOPS doing PCPR tasks).
    city_powiat_types: tuple[T, ...] = ()
    mode: Literal["competent", "reachable", "distance"] = "competent"
    hops: int = Field(default=1, ge=0, le=6)
    anchor_types: tuple[T, ...] = (T.OPS, T.CUS)
    distance_km: float | None = Field(default=None, gt=0, le=500)
    source: str = Field(default="", max_length=400)

    @model_validator(mode="after")
    def _something_to_look_for(self) -> Expectation:
        if not self.types and not self.partnership_types:
            raise ValueError("podaj types albo partnership_types")
        if self.basis == "statutory" and "art." not in self.source:
            raise ValueError("wymóg ustawowy musi wskazywać artykuł w polu source")
        return self

    def satisfied_by(self, itype: T, city_powiat: bool) -> bool:
        return itype in self.types or (city_powiat and itype in self.city_powiat_types)


DEFAULT_EXPECTATIONS: tuple[Expectation, ...] = (
    Expectation(
        id="ops-gmina",
        label="OPS lub CUS w każdej gminie",
        level="gmina",
        types=(T.OPS, T.CUS),
        basis="statutory",
        source="art. 110 ust. 1 ustawy o pomocy społecznej (zadania gminy wykonuje ośrodek pomocy społecznej, tworzony w każdej gminie); ustawa z 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (CUS przejmuje zadania OPS)",
    ),
    Expectation(
        id="zi-gmina",
        label="zespół interdyscyplinarny w każdej gminie",
        level="gmina",
        partnership_types=(PartnershipType.INTERDISCIPLINARY_TEAM,),
        basis="statutory",
        source="art. 9a ust. 1 ustawy z 29 lipca 2005 r. o przeciwdziałaniu przemocy domowej (wójt, burmistrz albo prezydent miasta powołuje zespół)",
    ),
    Expectation(
        id="gkrpa-gmina",
        label="GKRPA w każdej gminie",
        level="gmina",
        types=(T.GKRPA,),
        basis="statutory",
        source="art. 4¹ ust. 3 ustawy z 26 października 1982 r. o wychowaniu w trzeźwości i przeciwdziałaniu alkoholizmowi",
    ),
    Expectation(
        id="pcpr-powiat",
        label="PCPR właściwe dla każdego powiatu",
        level="powiat",
        types=(T.PCPR,),
        city_powiat_types=(T.OPS, T.CUS),
        basis="statutory",
        source="art. 112 ust. 1 ustawy o pomocy społecznej (w mieście na prawach powiatu zadania PCPR wykonuje MOPS/MOPR, art. 112 ust. 2)",
    ),
    Expectation(
        id="oik-powiat",
        label="OIK właściwy dla każdego powiatu",
        level="powiat",
        types=(T.OIK,),
        basis="statutory",
        source="art. 19 ustawy o pomocy społecznej (zadania własne powiatu, w tym prowadzenie ośrodków interwencji kryzysowej)",
    ),
    Expectation(
        id="pup-powiat",
        label="PUP właściwy dla każdego powiatu",
        level="powiat",
        types=(T.PUP,),
        basis="statutory",
        source="ustawa z 20 marca 2025 r. o rynku pracy i służbach zatrudnienia (Dz.U. 2025 poz. 620), art. 55 ust. 2 pkt 2: bezrobotny rejestruje się w PUP powiatu, w którym mieszka",
    ),
    Expectation(
        id="rops-voivodeship",
        label="ROPS w każdym województwie",
        level="voivodeship",
        types=(T.ROPS,),
        basis="statutory",
        source="art. 21 ustawy o pomocy społecznej (zadania samorządu województwa, wykonywane przez regionalny ośrodek polityki społecznej)",
    ),
    Expectation(
        id="kis-gmina",
        label="KIS osiągalny z każdej gminy",
        level="gmina",
        types=(T.KIS,),
        mode="reachable",
        hops=1,
        source="praktyka: KIS prowadzony przez OPS lub z nim współpracujący (art. 18 ustawy o zatrudnieniu socjalnym pozwala, nie nakazuje)",
    ),
    Expectation(
        id="cis-gmina",
        label="CIS w zasięgu 30 km od każdej gminy",
        level="gmina",
        types=(T.CIS,),
        mode="distance",
        distance_km=30,
        source="praktyka: dojazd do CIS (art. 3 ustawy o zatrudnieniu socjalnym pozwala tworzyć CIS, nie nakazuje)",
    ),
    Expectation(
        id="sds-powiat",
        label="ŚDS w każdym powiecie",
        level="powiat",
        types=(T.SDS,),
        source="praktyka: ośrodek wsparcia dla osób z zaburzeniami psychicznymi blisko mieszkańców (art. 18 ust. 1 pkt 5 ustawy o pomocy społecznej – zadanie zlecone, bez wymogu w każdym powiecie)",
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
        raise AnalysisInputError(
            f"{path.name}: nie można odczytać pliku oczekiwań JSON ({type(exc).__name__})"
        ) from None
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
    ['CIS', 'CUS', 'GKRPA', 'KIS', 'OIK', 'OPS', 'PCPR', 'PUP', 'ROPS', 'SDS']
    """
    return sorted({t.value for e in expectations for t in (*e.types, *e.city_powiat_types)})
