"""Directory search logic, independent of GraphQL: territorial scope, query parameters, explanations.

A service (or institution) counts for a territory when its institution SERVES
that territory, a unit above it (its powiat, its voivodeship) or – for a
powiat or voivodeship – a unit inside it; with ``within_km`` also when the
institution's seat lies within that great-circle distance of the territory's
centroid (a latitude/longitude box prefilter in Cypher, the exact haversine in
Python).  Text is matched in Polish against stored ``keywords`` lists
(:mod:`graph.text`): a query word matches by lemma (weight 3), folded surface
form (2) or prefix stem (1), doubled when the service itself rather than its
institution holds the key.  Every function here makes a bounded number of
store calls, independent of the number of rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from graph.enums import TerritoryLevel
from graph.errors import InvalidInput, NotFound
from graph.store.protocol import Row, Store
from graph.text import query_terms
from queries.directory.text import MAX_TEXT_LENGTH, ServiceText, Unit

__all__ = [
    "Rule",
    "TerritoryInfo",
    "Competent",
    "Scope",
    "IdFilter",
    "TextQuery",
    "ServiceSearch",
    "InstitutionSearch",
    "Hit",
    "WordMatch",
    "resolve_scope",
    "search_services",
    "count_services",
    "search_institutions",
    "count_institutions",
    "word_matches",
    "unit_matches",
    "ServiceText",
    "haversine_km",
    "MAX_WITHIN_KM",
    "MAX_TERMS",
    "MAX_ALL_OF",
]

#: Largest distance radius accepted (bounds the box prefilter).
MAX_WITHIN_KM = 200.0
#: Most words a text query may have (bounds the keyword UNWIND).
MAX_TERMS = 10
#: ``allOf`` lists are checked by a fixed number of EXISTS slots in the queries.
MAX_ALL_OF = 3
EARTH_RADIUS_KM = 6371.0
_KEY_WEIGHTS = (3, 2, 1)  # lemma, surface, prefix
_UNUSED = [""]  # stands in for an empty list parameter (LadybugDB cannot type [])
_FAR = 100000.0  # the queries' distance for institutions without coordinates

SERVICE_SORTS = frozenset({"relevance", "name", "free_places", "distance"})
INSTITUTION_SORTS = frozenset({"relevance", "name", "type", "city", "distance"})


class Rule(StrEnum):
    """Why an institution counts for a territory."""

    SERVES_TERRITORY = "serves_territory"
    SERVES_PARENT = "serves_parent"
    SERVES_PART = "serves_part"
    WITHIN_DISTANCE = "within_distance"


@dataclass(frozen=True)
class TerritoryInfo:
    teryt: str
    name: str
    level: str
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def label(self) -> str:
        """Polish name with its level, e.g. ``powiat toruński (0415)``."""
        return f"{TerritoryLevel(self.level).label} {self.name} ({self.teryt})"


@dataclass(frozen=True)
class Competent:
    """One institution's best reason to count for the scope's territory."""

    institution_id: str
    rule: Rule
    tier: int
    via: TerritoryInfo | None = None
    declared: bool = False
    distance_km: float | None = None


@dataclass
class Scope:
    """A territory and the institutions that count for it."""

    territory: TerritoryInfo
    within_km: float | None
    units: dict[str, TerritoryInfo]
    relation: dict[str, str]  # teryt -> 'self' | 'up' | 'down'
    competent: dict[str, Competent] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return sorted(self.competent)

    def tier(self, n: int) -> list[str]:
        return sorted(i for i, c in self.competent.items() if c.tier == n) or list(_UNUSED)

    @property
    def centre(self) -> tuple[float, float]:
        t = self.territory
        return (t.lat, t.lon) if t.lat is not None and t.lon is not None else (0.0, 0.0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the same formula as the queries use)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _territory(row: Row) -> TerritoryInfo:
    return TerritoryInfo(row["teryt"], row["name"], row["level"], row.get("kind"), row.get("lat"), row.get("lon"))


def _tier(relation: str, level: str) -> int:
    if relation == "self":
        return 0
    if relation == "down" or level == TerritoryLevel.POWIAT.value:
        return 1
    return 2


def check_within_km(within_km: float | None) -> None:
    if within_km is not None and not (0 < within_km <= MAX_WITHIN_KM):
        raise InvalidInput("withinKm", f"odległość musi być większa od 0 i nie większa niż {MAX_WITHIN_KM:g} km")


def resolve_scope(store: Store, teryt: str, within_km: float | None = None) -> Scope:
    """The institutions competent for ``teryt`` (and near it): 2–3 store calls."""
    check_within_km(within_km)
    rows = store.query("directory_territory_scope", {"teryt": teryt})
    if not rows:
        raise NotFound(f"Nie ma jednostki terytorialnej o kodzie TERYT {teryt}.", field="territory")
    units = {r["teryt"]: _territory(r) for r in rows}
    relation = {r["teryt"]: r["relation"] for r in rows}
    own = next(units[t] for t, rel in relation.items() if rel == "self")
    scope = Scope(territory=own, within_km=within_km, units=units, relation=relation)
    for row in store.query("directory_serving_institutions", {"teryts": sorted(units)}):
        unit = units[row["via"]]
        rel = relation[row["via"]]
        rule = {"self": Rule.SERVES_TERRITORY, "up": Rule.SERVES_PARENT}.get(rel, Rule.SERVES_PART)
        candidate = Competent(row["id"], rule, _tier(rel, unit.level), unit, bool(row["declared"]))
        best = scope.competent.get(row["id"])
        if best is None or candidate.tier < best.tier:
            scope.competent[row["id"]] = candidate
    if within_km is not None:
        _add_near(store, scope, within_km)
    return scope


def _add_near(store: Store, scope: Scope, km: float) -> None:
    t = scope.territory
    if t.lat is None or t.lon is None:
        raise InvalidInput("withinKm", f"brak współrzędnych środka jednostki {t.teryt}: nie można szukać w promieniu")
    dlat = km / 111.0
    dlon = km / (111.0 * max(math.cos(math.radians(t.lat)), 0.01))
    box = {"minLat": t.lat - dlat, "maxLat": t.lat + dlat, "minLon": t.lon - dlon, "maxLon": t.lon + dlon}
    for row in store.query("directory_institutions_in_box", box):
        if row["id"] in scope.competent:
            continue
        distance = haversine_km(t.lat, t.lon, row["lat"], row["lon"])
        if distance <= km:
            scope.competent[row["id"]] = Competent(row["id"], Rule.WITHIN_DISTANCE, 3, distance_km=distance)


# ------------------------------------------------------------------ text


@dataclass(frozen=True)
class TextQuery:
    """A Polish text query as per-word (lemma, surface, prefix) keys."""

    text: str | None
    terms: tuple[tuple[str, str, str], ...]
    match_all: bool = True

    @classmethod
    def parse(cls, text: str | None, match_all: bool = True) -> TextQuery:
        if text is not None and len(text) > MAX_TEXT_LENGTH:
            raise InvalidInput("text", f"tekst zapytania jest za długi (najwyżej {MAX_TEXT_LENGTH} znaków)")
        terms = tuple(query_terms(text))
        if len(terms) > MAX_TERMS:
            raise InvalidInput("text", f"za dużo słów w zapytaniu (najwyżej {MAX_TERMS})")
        return cls(text, terms, match_all)

    def params(self) -> dict[str, Any]:
        if not self.terms:
            return {"keys": [{"term": 0, "key": "", "w": 0}], "anyText": True, "minTerms": 1}
        keys = [
            {"term": n, "key": key, "w": w}
            for n, words in enumerate(self.terms)
            for key, w in zip(words, _KEY_WEIGHTS, strict=True)
        ]
        return {"keys": keys, "anyText": False, "minTerms": len(self.terms) if self.match_all else 1}


@dataclass(frozen=True)
class WordMatch:
    """How one query word matched: by ``lemma``, ``surface`` or ``prefix``, in ``service``/``institution``."""

    word: str
    key: str
    kind: str
    where: str


def word_matches(query: TextQuery, keywords: Sequence[str], institution_keywords: Sequence[str]) -> list[WordMatch]:
    """Which query words matched which stored keys (the best key per word)."""
    own, inst = set(keywords or ()), set(institution_keywords or ())
    out = []
    for lemma, surface, prefix in query.terms:
        for where, keys in (("service", own), ("institution", inst)):
            hit = next(
                ((k, kind) for k, kind in ((lemma, "lemma"), (surface, "surface"), (prefix, "prefix")) if k in keys),
                None,
            )
            if hit:
                out.append(WordMatch(surface, hit[0].removeprefix("p:"), hit[1], where))
                break
    return out


@dataclass(frozen=True)
class UnitMatch:
    """How one query unit matched a service: the key found, how (``lemma``, ``synonym``, ``typo``…) and where."""

    unit: Unit
    key: str
    label: str
    kind: str
    field: str

    @property
    def where(self) -> str:
        return "institution" if self.field in _INSTITUTION_FIELDS else "service"


_INSTITUTION_FIELDS = frozenset({"type", "institution", "institution_description", "competence"})


def unit_matches(text: ServiceText, hit: Hit) -> tuple[list[UnitMatch], list[Unit]]:
    """The units a hit matched (best key of each) and those it did not (relaxed away)."""
    found: dict[str, str] = {}
    for keys, fields in zip(hit.hits, hit.fields or [()] * len(hit.hits), strict=False):
        for n, key in enumerate(keys):
            found.setdefault(key, fields[n] if n < len(fields) else "")
    matched, missing = [], []
    for unit in text.units:
        best = next((k for k in unit.keys if k.key in found), None)
        if best is None:
            missing.append(unit)
        else:
            matched.append(UnitMatch(unit, best.key, best.label, best.kind, found[best.key]))
    return matched, missing


# --------------------------------------------------------------- filters


@dataclass(frozen=True)
class IdFilter:
    """A list filter: any of / all of / none of the ids."""

    any_of: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()

    def params(self, prefix: str, argument: str) -> dict[str, Any]:
        if len(self.all_of) > MAX_ALL_OF:
            raise InvalidInput(f"{argument}.allOf", f"najwyżej {MAX_ALL_OF} pozycje")
        all_of = list(dict.fromkeys(self.all_of)) + [""] * MAX_ALL_OF
        return {
            f"{prefix}AnyOff": not self.any_of,
            f"{prefix}Any": list(self.any_of) or list(_UNUSED),
            f"{prefix}All1": all_of[0],
            f"{prefix}All2": all_of[1],
            f"{prefix}All3": all_of[2],
            f"{prefix}NoneOff": not self.none_of,
            f"{prefix}None": list(self.none_of) or list(_UNUSED),
        }

    @property
    def wanted(self) -> frozenset[str]:
        return frozenset(self.any_of) | frozenset(self.all_of)

    def __bool__(self) -> bool:
        return bool(self.any_of or self.all_of or self.none_of)


def _list_params(categories: IdFilter, groups: IdFilter, competences: Sequence[str]) -> dict[str, Any]:
    return {
        "anyCompetence": not competences,
        "competences": list(competences) or list(_UNUSED),
        **categories.params("cat", "categories"),
        **groups.params("grp", "targetGroups"),
    }


_BROWSE = {
    "search_services": "browse_services",
    "count_services": "count_browse_services",
    "institutions": "browse_institutions",
    "count_institutions": "count_browse_institutions",
}


def _query(kind: str, filtered: bool, scope: Scope | None, browse: bool) -> str:
    """Name of the generated query variant (see :mod:`queries.directory_gen`)."""
    if browse:  # no text, no territory
        kind = _BROWSE[kind]
    return f"directory_{kind}" + ("_filtered" if filtered else "") + ("_in" if scope is not None else "")


def _browse(text: TextQuery, scope: Scope | None, params: dict[str, Any]) -> bool:
    if scope is not None or text.terms:
        return False
    for key in ("keys", "anyText", "minTerms"):
        params.pop(key)
    return True


def _sort_params(sort: str, reverse: bool, allowed: frozenset[str], scope: Scope | None) -> dict[str, Any]:
    if sort not in allowed:
        raise InvalidInput("sort", "niedozwolone pole sortowania")
    if sort == "distance" and scope is None:
        raise InvalidInput("sort", "sortowanie według odległości wymaga podania jednostki terytorialnej")
    return {"sort": sort, "reverse": reverse}


def _scope_params(scope: Scope) -> dict[str, Any]:
    lat, lon = scope.centre
    return {
        "ids": scope.ids,
        "tier0": scope.tier(0),
        "tier1": scope.tier(1),
        "tier2": scope.tier(2),
        "lat": lat,
        "lon": lon,
    }


_NO_TEXT = ServiceText(None, ())


@dataclass(frozen=True)
class ServiceSearch:
    """Arguments of a service search (validated by the query functions)."""

    text: ServiceText = _NO_TEXT
    categories: IdFilter = IdFilter()
    target_groups: IdFilter = IdFilter()
    competences: tuple[str, ...] = ()
    open_only: bool = False
    sort: str = "relevance"
    reverse: bool = False

    @property
    def filtered(self) -> bool:
        """List filters in use: the ``_filtered`` query variants (their EXISTS subqueries cost)."""
        return bool(self.categories or self.target_groups or self.competences)

    def filter_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"openOnly": self.open_only}
        if self.text:
            params["keys"] = self.text.key_rows()
            params["terms"] = sorted({k["key"] for k in params["keys"]})
            params["coordinate"] = self.text.match_all
        if self.filtered:
            params.update(_list_params(self.categories, self.target_groups, self.competences))
        return params

    def query_name(self, count: bool, scope: Scope | None) -> str:
        """Name of the generated variant (see :mod:`queries.directory_gen`)."""
        kind = ("count_" if count else "") + ("services" if self.text else "browse_services")
        if not count and self.text:
            kind = "search_services"
        return f"directory_{kind}" + ("_filtered" if self.filtered else "") + ("_in" if scope is not None else "")


@dataclass(frozen=True)
class InstitutionSearch:
    text: TextQuery = TextQuery(None, ())
    types: tuple[str, ...] = ()
    categories: IdFilter = IdFilter()
    target_groups: IdFilter = IdFilter()
    competences: tuple[str, ...] = ()
    sort: str = "name"
    reverse: bool = False

    @property
    def filtered(self) -> bool:
        return bool(self.categories or self.target_groups or self.competences)

    def filter_params(self) -> dict[str, Any]:
        params = {**self.text.params(), "anyType": not self.types, "types": list(self.types) or list(_UNUSED)}
        if self.filtered:
            params.update(_list_params(self.categories, self.target_groups, self.competences))
        return params


@dataclass(frozen=True)
class Hit:
    """One ranked row: a service (or an institution) with its score and territorial reason."""

    id: str
    institution_id: str
    score: float
    matched_terms: int
    keywords: tuple[str, ...]
    institution_keywords: tuple[str, ...]
    competent: Competent | None = None
    distance_km: float | None = None
    hits: tuple[tuple[str, ...], ...] = ()  # matched keys, per matched unit
    fields: tuple[tuple[str, ...], ...] = ()  # the INDEXES field of each of those keys


def _hit(row: Row, scope: Scope | None, institution_key: str) -> Hit:
    inst = row[institution_key]
    km = row.get("km")
    distance = float(km) if km is not None and float(km) < _FAR else None
    return Hit(
        id=row["id"],
        institution_id=inst,
        score=float(row["score"]),
        matched_terms=int(row["matched"]),
        keywords=tuple(row.get("keywords") or ()),
        institution_keywords=tuple(row.get("institution_keywords") or ()),
        competent=scope.competent.get(inst) if scope else None,
        distance_km=distance,
        hits=tuple(tuple(h) for h in row.get("hits") or ()),
        fields=tuple(tuple(f) for f in row.get("fields") or ()),
    )


def search_services(store: Store, query: ServiceSearch, skip: int, limit: int, scope: Scope | None) -> list[Hit]:
    """One page of ranked services (one store call; none when the scope is empty)."""
    params = {**query.filter_params(), **_sort_params(query.sort, query.reverse, SERVICE_SORTS, scope)}
    params.update(skip=skip, limit=limit)
    params.setdefault("coordinate", True)  # the browse variants share the page's ranking
    if scope is not None:
        if not scope.competent:
            return []
        params.update(_scope_params(scope))
    rows = store.query(query.query_name(False, scope), params)
    hits = [_hit(r, scope, "institution") for r in rows]
    return _with_keys(store, query, hits) if query.text and hits else hits


def _with_keys(store: Store, query: ServiceSearch, hits: list[Hit]) -> list[Hit]:
    """The keys each hit matched (one more store call for the page, not carried through the sort)."""
    found: dict[str, dict[str, str]] = {h.id: {} for h in hits}
    params = {"terms": sorted({k.key for u in query.text.units for k in u.keys}), "ids": sorted(found)}
    for row in store.query("directory_search_hits", params):
        found[row["id"]][row["key"]] = row["field"]
    out = []
    for h in hits:
        keys = sorted(found[h.id])
        out.append(replace(h, hits=(tuple(keys),), fields=(tuple(found[h.id][k] for k in keys),)))
    return out


def count_services(store: Store, query: ServiceSearch, scope: Scope | None) -> int:
    params = query.filter_params()
    params.pop("coordinate", None)  # ranking only
    if scope is not None:
        if not scope.competent:
            return 0
        params["ids"] = scope.ids
    return int(store.query(query.query_name(True, scope), params)[0]["n"])


def search_institutions(
    store: Store, query: InstitutionSearch, skip: int, limit: int, scope: Scope | None
) -> list[Hit]:
    """One page of institutions (one store call; none when the scope is empty)."""
    params = {**query.filter_params(), **_sort_params(query.sort, query.reverse, INSTITUTION_SORTS, scope)}
    params.update(skip=skip, limit=limit)
    if scope is not None:
        if not scope.competent:
            return []
        params.update(_scope_params(scope))
    browse = _browse(query.text, scope, params)
    rows = store.query(_query("institutions", query.filtered, scope, browse), params)
    return [
        _hit({**r, "institution": r["id"], "keywords": (), "institution_keywords": r["keywords"]}, scope, "institution")
        for r in rows
    ]


def count_institutions(store: Store, query: InstitutionSearch, scope: Scope | None) -> int:
    params = query.filter_params()
    if scope is not None:
        if not scope.competent:
            return 0
        params["ids"] = scope.ids
    browse = _browse(query.text, scope, params)
    return int(store.query(_query("count_institutions", query.filtered, scope, browse), params)[0]["n"])
