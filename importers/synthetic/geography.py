"""The real territory the synthetic network is built on, and the part of it in scope.

Territories come from the store after the TERC (and, when available, the
centroid) import.  TERC has no population, so each gmina gets a plausible
population from its type (city with powiat rights, urban, urban-rural, rural;
the largest cities have their real order of magnitude).  It depends on the
gmina code only, so every seed sees the same country.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Gmina", "Powiat", "Voivodeship", "Geography", "Scope", "Scale", "DEFAULT_TERRITORY", "stable_rng"]

Scale = Literal["gmina", "powiat", "voivodeship", "poland"]

#: Default territory of each scale: Lubicz, powiat toruński, kujawsko-pomorskie.
DEFAULT_TERRITORY: dict[str, str | None] = {"gmina": "041504", "powiat": "0415", "voivodeship": "04", "poland": None}

# Populations (thousands, rounded) of the largest cities, by gmina key (GUS 2024 order of magnitude).
_CITY_POPULATION = {
    "146501": 1860,
    "126101": 800,
    "026401": 674,
    "106101": 655,
    "306401": 540,
    "226101": 486,
    "326201": 391,
    "066301": 333,
    "046101": 330,
    "206101": 294,
    "246901": 285,
    "226201": 243,
    "246401": 206,
    "146301": 200,
    "186301": 197,
    "046301": 196,
    "247501": 190,
    "266101": 183,
    "246601": 174,
    "286201": 170,
    "247801": 155,
    "246201": 160,
}


def stable_rng(*parts: object) -> random.Random:
    """A generator seeded by the given parts; the same parts give the same stream."""
    return random.Random(":".join(str(p) for p in parts))


@dataclass(slots=True)
class Gmina:
    key: str
    name: str
    rodz: str
    kind: str
    powiat: str
    woj: str
    lat: float | None
    lon: float | None
    population: int
    city_powiat: bool  # the only gmina of a city with powiat rights

    @property
    def size_class(self) -> str:
        if self.city_powiat:
            return "city"
        return {"1": "urban", "2": "rural", "3": "urban_rural"}[self.rodz]


@dataclass(slots=True)
class Powiat:
    code: str
    name: str
    kind: str
    woj: str
    lat: float | None
    lon: float | None
    gminas: list[str] = field(default_factory=list)

    @property
    def is_city(self) -> bool:
        return "na prawach powiatu" in self.kind

    @property
    def label(self) -> str:
        return self.name if self.is_city else f"powiat {self.name}"


@dataclass(slots=True)
class Voivodeship:
    code: str
    name: str
    powiats: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Scope:
    """Gminas that get clients, and every territory an in-scope institution may serve."""

    gminas: list[str]
    powiats: list[str]
    voivodeships: list[str]

    @property
    def territories(self) -> set[str]:
        return {*self.gminas, *self.powiats, *self.voivodeships}


@dataclass
class Geography:
    voivodeships: dict[str, Voivodeship]
    powiats: dict[str, Powiat]
    gminas: dict[str, Gmina]

    @classmethod
    def from_rows(cls, rows: Mapping[str, Mapping[str, Any]]) -> Geography:
        """Build from stored Territory rows (see :func:`importers.teryt.stored_territories`)."""
        voivodeships: dict[str, Voivodeship] = {}
        powiats: dict[str, Powiat] = {}
        gminas: dict[str, Gmina] = {}
        for code in sorted(rows):
            r = rows[code]
            if r["level"] == "voivodeship":
                voivodeships[code] = Voivodeship(code, r["name"])
            elif r["level"] == "powiat":
                powiats[code] = Powiat(code, r["name"], r.get("kind") or "powiat", code[:2], r.get("lat"), r.get("lon"))
        for code in sorted(rows):
            r = rows[code]
            if r["level"] != "gmina" or code[:4] not in powiats:
                continue
            powiat = powiats[code[:4]]
            gminas[code] = Gmina(
                key=code,
                name=r["name"],
                rodz=r.get("rodz") or "2",
                kind=r.get("kind") or "",
                powiat=powiat.code,
                woj=code[:2],
                lat=r.get("lat") if r.get("lat") is not None else powiat.lat,
                lon=r.get("lon") if r.get("lon") is not None else powiat.lon,
                population=0,
                city_powiat=powiat.is_city,
            )
            powiat.gminas.append(code)
        for p in powiats.values():
            if p.woj in voivodeships:
                voivodeships[p.woj].powiats.append(p.code)
        for g in gminas.values():
            g.population = _population(g)
        return cls(voivodeships, powiats, gminas)

    def scope(self, scale: Scale, territory: str | None = None) -> Scope:
        """The gminas, powiats and voivodeships covered by ``scale`` around ``territory``."""
        code = territory if territory is not None else DEFAULT_TERRITORY[scale]
        if scale == "poland":
            gminas = list(self.gminas)
        else:
            digits = {"gmina": 6, "powiat": 4, "voivodeship": 2}[scale]
            if code is None or len(code) != digits or not code.isdigit():
                raise ValueError(f"skala {scale!r} wymaga kodu TERYT o {digits} cyfrach")
            known = (
                self.gminas.keys() if digits == 6 else self.powiats.keys() if digits == 4 else self.voivodeships.keys()
            )
            if code not in known:
                raise ValueError(f"nie ma jednostki {code} w wczytanym rejestrze TERYT")
            gminas = [g for g in self.gminas if g.startswith(code)]
        powiats = sorted({self.gminas[g].powiat for g in gminas})
        voivodeships = sorted({p[:2] for p in powiats})
        return Scope(gminas, powiats, voivodeships)

    def population(self, codes: list[str]) -> int:
        return sum(self.gminas[g].population for g in codes)

    def powiat_population(self, code: str) -> int:
        return self.population(self.powiats[code].gminas)


def _population(g: Gmina) -> int:
    rng = stable_rng("population", g.key)
    if g.key in _CITY_POPULATION:
        return _CITY_POPULATION[g.key] * 1000
    # log-uniform ranges per type; medians near the real ones (GUS)
    low, high = {
        "city": (33_000, 130_000),
        "urban": (3_400, 60_000),
        "urban_rural": (5_100, 30_000),
        "rural": (2_400, 19_000),
    }[g.size_class]
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def distance2(a_lat: float | None, a_lon: float | None, b_lat: float | None, b_lon: float | None) -> float:
    """Squared distance in degrees, longitude scaled for Poland's latitude (enough to rank)."""
    if a_lat is None or a_lon is None or b_lat is None or b_lon is None:
        return math.inf
    return (a_lat - b_lat) ** 2 + ((a_lon - b_lon) * 0.62) ** 2
