"""Short Polish labels and sector colours shared by charts, the HTML report and exports.

Complexity: O(1) per label.
"""

from __future__ import annotations

from graph.enums import CooperationKind, ReferralOutcome, Sector
from graph.enums import InstitutionType as T
from queries.analysis.projection import InstitutionInfo, Projection

__all__ = [
    "kind_labels",
    "SECTOR_COLOURS",
    "short_label",
    "unique_labels",
    "OUTCOME_LABELS",
    "HOW_LABELS",
    "LEVEL_LABELS",
]

#: Colour-blind-friendly palette (Okabe–Ito plus greys), one colour per sector.
SECTOR_COLOURS: dict[str, str] = {
    Sector.SOCIAL_ASSISTANCE.value: "#0072B2",
    Sector.LABOUR.value: "#E69F00",
    Sector.SOCIAL_ECONOMY.value: "#009E73",
    Sector.NGO.value: "#CC79A7",
    Sector.EDUCATION.value: "#56B4E9",
    Sector.HEALTH.value: "#D55E00",
    Sector.JUSTICE.value: "#5E4FA2",
    Sector.CULTURE.value: "#F0E442",
    Sector.BUSINESS.value: "#8C6D31",
    Sector.OTHER.value: "#999999",
}

_ACRONYM = {
    T.OPS: "OPS",
    T.CUS: "CUS",
    T.PCPR: "PCPR",
    T.PUP: "PUP",
    T.WUP: "WUP",
    T.ROPS: "ROPS",
    T.CIS: "CIS",
    T.KIS: "KIS",
    T.OWES: "OWES",
    T.ZAZ: "ZAZ",
    T.WTZ: "WTZ",
    T.SDS: "ŚDS",
    T.DPS: "DPS",
    T.OIK: "OIK",
    T.PPP: "PPP",
    T.GKRPA: "GKRPA",
}

OUTCOME_LABELS: dict[str, str] = {o.value: o.label for o in ReferralOutcome} | {"none": "bez wyniku (w toku)"}
HOW_LABELS: dict[str | None, str] = {
    "competent": "właściwa instytucja",
    "hops": "przez współpracę",
    "distance": "w zasięgu odległości",
    None: "brak",
}
LEVEL_LABELS = {"gmina": "gmina", "powiat": "powiat", "voivodeship": "województwo", "country": "kraj"}


def short_label(inst: InstitutionInfo, p: Projection | None = None, width: int = 26) -> str:
    """A short name for charts: acronym and gmina for public units, else the truncated name.

    >>> from graph.enums import InstitutionType as T
    >>> short_label(InstitutionInfo("x", "Gminny Ośrodek Pomocy Społecznej w Obrowie", T.OPS))
    'OPS'
    >>> short_label(InstitutionInfo("y", "Stowarzyszenie Pomocy Osobom Bezdomnym „Przystań”", T.NGO))
    'Stowarzyszenie Pomocy Oso…'
    """
    acronym = _ACRONYM.get(inst.type)
    if acronym:
        if p is not None and inst.gmina in p.units:
            place = p.unit_name(inst.gmina)
        else:
            place = inst.place or ""
        return f"{acronym} {place}".strip()
    return inst.name if len(inst.name) <= width else inst.name[: width - 1].rstrip() + "…"


def unique_labels(p: Projection) -> dict[str, str]:
    """Institution id → a short label unique within the projection (numbered when repeated)."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for iid, inst in p.institutions.items():
        label = short_label(inst, p)
        seen[label] = seen.get(label, 0) + 1
        out[iid] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return out


def kind_labels(kinds: tuple[str, ...] | list[str]) -> str:
    """Cooperation kinds in Polish, comma-separated (unknown codes as "inna").

    >>> kind_labels(("contracting", "agreement")), kind_labels(["x"])
    ('zlecanie usług, porozumienie', 'inna')
    """
    out = []
    for k in kinds:
        try:
            out.append(CooperationKind(k).label)
        except ValueError:
            out.append(CooperationKind.OTHER.label)
    return ", ".join(out)
