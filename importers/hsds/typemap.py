"""Institution type of an HSDS organization that does not state it.

The Polish profile states the type as an attribute (taxonomy
``kooperacja-typy-instytucji``).  Other publishers do not, so the type is
guessed from the name and ``legal_status`` (Polish names of the public units
are regular: "Gminny Ośrodek Pomocy Społecznej w …", "Powiatowy Urząd Pracy
…"); when nothing matches the type is ``INNA``.  Every guess is reported.

Order matters: a "Klub Integracji Społecznej przy MOPS" is a KIS, a
"Środowiskowy Dom Samopomocy" is not a DPS, so the specific units come first.
"""

from __future__ import annotations

import re

from graph.enums import InstitutionType as IT
from graph.text import fold

__all__ = ["guess_type", "TYPE_PATTERNS", "NGO_PATTERN"]

TYPE_PATTERNS: list[tuple[re.Pattern[str], IT]] = [
    (re.compile(p), t)
    for p, t in [
        (r"klub(u)? integracji spolecznej|\bkis\b", IT.KIS),
        (r"centrum integracji spolecznej|\bcis\b", IT.CIS),
        (r"srodowiskowy dom samopomocy|\bsds\b", IT.SDS),
        (r"dom(u)? pomocy spolecznej|\bdps\b", IT.DPS),
        (r"osrodek interwencji kryzysowej|\boik\b", IT.OIK),
        (r"warsztat\w* terapii zajeciowej|\bwtz\b", IT.WTZ),
        (r"zaklad\w* aktywnosci zawodowej|\bzaz\b", IT.ZAZ),
        (r"osrodek wsparcia ekonomii spolecznej|\bowes\b", IT.OWES),
        (r"spoldzielnia socjalna", IT.SOCIAL_COOPERATIVE),
        (r"poradnia psychologiczno", IT.PPP),
        (r"komisj\w* rozwiazywania problemow alkoholowych|\bgkrpa\b", IT.GKRPA),
        (r"powiatowe centrum pomocy rodzinie|\bpcpr\b", IT.PCPR),
        (r"regionalny osrodek polityki spolecznej|\brops\b", IT.ROPS),
        (r"wojewodzki urzad pracy|\bwup\b", IT.WUP),
        (r"urzad pracy|\bpup\b", IT.PUP),
        (r"centrum uslug spolecznych|\bcus\b", IT.CUS),
        (r"osrodek pomocy spolecznej|osrodek pomocy rodzinie|\b(m|g|mg)ops\b|\bmopr\b", IT.OPS),
        (r"\bszkola\b|\bprzedszkole\b|\bzespol szkol\b", IT.SCHOOL),
        (r"\bpolicj|\bkomend\w* (miejska|powiatowa|wojewodzka)", IT.POLICE),
        (r"\bsad (rejonowy|okregowy)|kurator\w* sadow", IT.COURT),
        (r"\bszpital|poradnia (zdrowia psychicznego|leczenia uzaleznien)|\bzoz\b", IT.HEALTH),
    ]
]

#: Associations and foundations, in Polish and in the English of HSDS publishers.
NGO_PATTERN = re.compile(
    r"\bstowarzyszeni|\bfundacj|\bzwiazek stowarzyszen|organizacja pozarzadowa|\bngo\b|"
    r"non-?profit|\bcharity\b|\bassociation\b|\bfoundation\b"
)


def guess_type(name: str, legal_status: str | None) -> tuple[IT, str]:
    """The guessed type and the Polish reason for the report."""
    folded = fold(name)
    for pattern, itype in TYPE_PATTERNS:
        if pattern.search(folded):
            return itype, "typ rozpoznany z nazwy"
    status = fold(legal_status or "")
    if NGO_PATTERN.search(status):
        return IT.NGO, "typ NGO rozpoznany ze statusu prawnego (legal_status)"
    if NGO_PATTERN.search(folded):
        return IT.NGO, "typ NGO rozpoznany z nazwy"
    return IT.OTHER, "nie rozpoznano typu, przyjęto typ domyślny"
