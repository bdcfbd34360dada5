"""The Polish HSDS profile of Kooperacja: identifiers, taxonomies, TERYT codes.

Everything a reader of ``PROFILE.md`` finds there as a rule is a constant or a
small function here, used by both the importer and the exporter (and the REST
API), so the two directions cannot disagree.

Identity
    HSDS ids must be UUIDs.  A Kooperacja node whose id already is a UUID (for
    example one imported from HSDS) keeps it; any other node id ``X`` of a kind
    ``K`` is published as ``uuid5(NAMESPACE, "K:X")`` and its own id travels in
    an attribute of the ``kooperacja-identyfikatory`` taxonomy (organizations,
    services) or in ``taxonomy_term.code`` (terms), so a re-import recovers it.
    Objects the graph does not hold as nodes (locations, addresses, phones,
    schedules, service areas…) get ids derived the same way from their owner,
    which makes an export byte-for-byte repeatable.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from functools import lru_cache

from graph.enums import TerritoryLevel

__all__ = [
    "HSDS_VERSION",
    "NAMESPACE",
    "is_uuid",
    "hsds_id",
    "derived_id",
    "node_id_from",
    "TAXONOMY_CATEGORIES",
    "TAXONOMY_TYPES",
    "TAXONOMY_GROUPS",
    "TAXONOMY_IDS",
    "PROFILE_TAXONOMIES",
    "ID_TERM_CODE",
    "taxonomy_id",
    "LINK_CATEGORY",
    "LINK_GROUP",
    "LINK_TYPE",
    "LINK_ID",
    "TERYT_TYPE",
    "teryt_urn",
    "parse_teryt",
    "IDENTIFIER_SCHEMES",
    "IDENTIFIER_LABELS",
    "LANGUAGE_NAMES",
    "DEFAULT_LANGUAGE",
]

HSDS_VERSION = "3.0"

#: Fixed namespace of every UUID Kooperacja derives (never change it: ids would change).
NAMESPACE = uuid.UUID("b17f4fda-f0c2-5ffb-b901-179547ce672c")

# ------------------------------------------------------------------ identity


_CANONICAL = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_NS = NAMESPACE.bytes


def is_uuid(value: str) -> bool:
    """True for a UUID in canonical (lower-case, hyphenated) form."""
    return isinstance(value, str) and _CANONICAL.match(value) is not None


def _uuid5(name: str) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))`` without building UUID objects (exports derive ~10 per row)."""
    digest = bytearray(hashlib.sha1(_NS + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@lru_cache(maxsize=1 << 18)
def hsds_id(kind: str, node_id: str) -> str:
    """The HSDS id of a node: its own id when that is a UUID, else ``uuid5(NAMESPACE, "kind:id")``."""
    return node_id if is_uuid(node_id) else _uuid5(f"{kind}:{node_id}")


def derived_id(kind: str, *parts: str) -> str:
    """A deterministic UUID for an HSDS object that is not a node (a location, a phone…)."""
    return _uuid5(f"{kind}:" + "/".join(parts))


def node_id_from(kind: str, hsds: str, carried: str | None) -> str | None:
    """The node id for an HSDS object; ``None`` when ``carried`` does not match ``hsds``.

    ``carried`` is the Kooperacja id found in the object (id attribute or term
    code).  It is used only when the HSDS id is exactly the one Kooperacja
    derives from it, so a third party's ``code`` never renames a node.
    """
    if carried is None:
        return hsds
    if hsds_id(kind, carried) == hsds:
        return carried
    return None


# ---------------------------------------------------------------- taxonomies

#: ``ServiceCategory.taxonomy`` of Kooperacja's own service categories.
TAXONOMY_CATEGORIES = "kooperacja"
#: Institution types (``InstitutionType`` codes) as attributes of organizations.
TAXONOMY_TYPES = "kooperacja-typy-instytucji"
#: Target groups (``TargetGroup`` ids) as attributes of services.
TAXONOMY_GROUPS = "kooperacja-grupy-docelowe"
#: One term whose attribute ``value`` carries a Kooperacja node id.
TAXONOMY_IDS = "kooperacja-identyfikatory"
ID_TERM_CODE = "kooperacja-id"

#: name -> (Polish description) of the taxonomies the profile defines.
PROFILE_TAXONOMIES: dict[str, str] = {
    TAXONOMY_CATEGORIES: "Kategorie usług Kooperacji (pomoc społeczna, rynek pracy, reintegracja…)",
    TAXONOMY_TYPES: "Typy instytucji Kooperacji (OPS, CUS, PCPR, PUP, CIS, KIS, NGO…)",
    TAXONOMY_GROUPS: "Grupy docelowe Kooperacji (m.in. grupy z art. 1 ustawy o zatrudnieniu socjalnym)",
    TAXONOMY_IDS: "Identyfikatory węzłów w Kooperacji (profil polski HSDS)",
}

LINK_CATEGORY = "service_category"
LINK_GROUP = "target_group"
LINK_TYPE = "institution_type"
LINK_ID = "kooperacja_id"


def taxonomy_id(name: str) -> str:
    """HSDS id of a taxonomy: Kooperacja keeps only taxonomy names, so ids derive from them."""
    return derived_id("taxonomy", name)


# ------------------------------------------------------------------- TERYT

#: ``location.external_identifier_type`` of a TERYT (TERC) code.
TERYT_TYPE = "TERYT"

_LEVEL_WORD = {
    TerritoryLevel.VOIVODESHIP: "wojewodztwo",
    TerritoryLevel.POWIAT: "powiat",
    TerritoryLevel.GMINA: "gmina",
}
_WORD_LEVEL = {w: lvl for lvl, w in _LEVEL_WORD.items()}
_LEN_LEVEL = {2: TerritoryLevel.VOIVODESHIP, 4: TerritoryLevel.POWIAT, 6: TerritoryLevel.GMINA}
_URN = re.compile(r"^urn:teryt:([a-z]+):(\d+)$")


def teryt_urn(code: str) -> str:
    """``urn:teryt:gmina:046301`` – the ``service_area.uri`` of a territory."""
    return f"urn:teryt:{_LEVEL_WORD[_LEN_LEVEL[len(code)]]}:{code}"


def parse_teryt(value: str, *, urn: bool) -> str:
    """A TERYT code (2, 4 or 6 digits) from a URN or a bare code; ``ValueError`` in Polish.

    A 7-digit gmina code (with the RODZ digit) is accepted and shortened to the
    6-digit key Kooperacja uses.
    """
    text = value.strip()
    level = None
    if urn:
        match = _URN.match(text)
        if not match:
            raise ValueError("niepoprawny identyfikator TERYT (oczekiwano urn:teryt:<poziom>:<kod>)")
        word, text = match.groups()
        if word not in _WORD_LEVEL:
            raise ValueError("nieznany poziom TERYT (dozwolone: wojewodztwo, powiat, gmina)")
        level = _WORD_LEVEL[word]
    if not text.isdigit() or len(text) not in (2, 4, 6, 7):
        raise ValueError("kod TERYT musi mieć 2, 4, 6 lub 7 cyfr")
    code = text[:6]
    if level is not None and _LEN_LEVEL[len(code)] != level:
        raise ValueError("poziom TERYT nie zgadza się z długością kodu")
    return code


# ------------------------------------------------------------- identifiers

#: ``organization_identifier.identifier_scheme`` -> Institution field.
IDENTIFIER_SCHEMES: dict[str, str] = {"PL-KRS": "krs", "PL-REGON": "regon", "PL-NIP": "nip"}
#: Institution field -> ``identifier_type`` (human readable, Polish).
IDENTIFIER_LABELS: dict[str, str] = {"krs": "numer KRS", "regon": "REGON", "nip": "NIP"}

# ---------------------------------------------------------------- languages

DEFAULT_LANGUAGE = "pl"
#: ISO 639-1 (or 639-3 where there is no 639-1 code) -> Polish name.
LANGUAGE_NAMES: dict[str, str] = {
    "pl": "polski",
    "en": "angielski",
    "uk": "ukraiński",
    "ru": "rosyjski",
    "be": "białoruski",
    "de": "niemiecki",
    "cs": "czeski",
    "sk": "słowacki",
    "lt": "litewski",
    "fr": "francuski",
    "es": "hiszpański",
    "it": "włoski",
    "ka": "gruziński",
    "vi": "wietnamski",
    "ar": "arabski",
    "ur": "urdu",
    "csb": "kaszubski",
    "szl": "śląski",
    "rom": "romski",
    "pso": "polski język migowy",
}
