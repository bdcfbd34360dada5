"""Ocena zasobów pomocy społecznej (art. 16a ustawy o pomocy społecznej): what the graph knows, in its structure.

Each gmina, powiat and voivodeship prepares the assessment every year (by
30 April for the council, art. 16a ust. 4) in the CAS application.  Kooperacja
fills the parts it holds – the institutions and their places, the staff by
competence, the NGOs – and marks every other part as missing, so nobody takes
an empty cell for a zero:

1. infrastruktura: jednostki organizacyjne i inne instytucje, miejsca i wolne miejsca;
2. kadra: pracownicy według kompetencji;
3. organizacje pozarządowe realizujące zadania;
4. beneficjenci, świadczenia i wydatki – not in Kooperacja (client data stay pseudonymous
   and suppressed; finances are not collected): "brak danych".

Complexity: two named queries (``ozps_institutions``, ``ozps_staff``), O(rows).
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.enums import InstitutionType
from graph.store.protocol import Store
from queries.analysis.names import unit_locative, unit_title
from queries.analysis.projection import AnalysisInputError, normalise_teryt

__all__ = ["OzpsReport", "build_ozps", "write_ozps", "PLACE_TYPES", "MISSING"]

#: Institution types whose places the assessment counts (residential and day support, reintegration).
PLACE_TYPES = frozenset(
    {
        InstitutionType.DPS,
        InstitutionType.SDS,
        InstitutionType.OIK,
        InstitutionType.CIS,
        InstitutionType.KIS,
        InstitutionType.WTZ,
        InstitutionType.ZAZ,
    }
)
MISSING = "brak danych w Kooperacji – uzupełnij w CAS"


@dataclass(frozen=True)
class TypeRow:
    type: str
    label: str
    institutions: int
    places: int | None  # None: no service of these institutions reports places
    free_places: int | None
    staff: int | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class OzpsReport:
    teryt: str
    title: str
    locative: str
    infrastructure: tuple[TypeRow, ...]
    staff: tuple[tuple[str, str, int, int], ...]  # type label, competence, staff, institutions
    ngos: tuple[tuple[str, int], ...]  # name, services
    missing_places: tuple[str, ...]  # institutions of PLACE_TYPES that report no places
    missing_sections: tuple[str, ...]


def _int(v: Any) -> int:
    return int(v or 0)


def build_ozps(store: Store, teryt: str) -> OzpsReport:
    prefix = normalise_teryt(teryt)
    units = store.query("gaps_territories", {"prefix": prefix})
    unit = next((u for u in units if u["teryt"] == prefix), None)
    if unit is None:
        raise AnalysisInputError(f"w bazie nie ma jednostki terytorialnej o kodzie TERYT {teryt}")
    rows = [r for r in store.query("ozps_institutions", {"prefix": prefix}) if r.get("valid_to") is None]
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
    infra = []
    missing_places = []
    for code in sorted(
        by_type, key=lambda c: InstitutionType(c).label if c in InstitutionType._value2member_map_ else c
    ):
        items = by_type[code]
        try:
            itype = InstitutionType(code)
        except ValueError:
            itype = InstitutionType.OTHER
        reported = [r for r in items if _int(r["services_with_places"]) > 0]
        if itype in PLACE_TYPES:
            missing_places += [r["name"] for r in items if _int(r["services_with_places"]) == 0]
        with_staff = [r for r in items if _int(r["competence_entries"]) > 0]
        infra.append(
            TypeRow(
                code,
                itype.label,
                len(items),
                sum(_int(r["places"]) for r in reported) if reported else None,
                sum(_int(r["free_places"]) for r in reported) if reported else None,
                sum(_int(r["staff"]) for r in with_staff) if with_staff else None,
                tuple(sorted(r["name"] for r in items)),
            )
        )
    staff = tuple(
        (
            InstitutionType(r["type"]).label if r["type"] in InstitutionType._value2member_map_ else r["type"],
            r["name"],
            _int(r["staff"]),
            _int(r["institutions"]),
        )
        for r in store.query("ozps_staff", {"prefix": prefix})
    )
    ngos = tuple(sorted((r["name"], _int(r["services"])) for r in rows if r["type"] == InstitutionType.NGO.value))
    return OzpsReport(
        prefix,
        unit_title(unit["level"], unit["name"], prefix, unit.get("kind")),
        unit_locative(unit["level"], unit["name"], prefix, unit.get("kind")),
        tuple(infra),
        staff,
        ngos,
        tuple(sorted(missing_places)),
        (
            "osoby i rodziny korzystające z pomocy (powody przyznania pomocy)",
            "świadczenia i wydatki na pomoc społeczną",
            "dane demograficzne i prognoza potrzeb",
        ),
    )


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def _cell(v: int | None) -> str:
    return MISSING if v is None else str(v)


def write_ozps(report: OzpsReport, out: Path) -> list[Path]:
    """``ozps.html`` and ``ozps_infrastruktura.csv``, ``ozps_kadra.csv``, ``ozps_ngo.csv`` (Polish Excel CSV)."""
    from queries.analysis.export import write_csv

    out.mkdir(parents=True, exist_ok=True)
    files = [
        write_csv(
            out / "ozps_infrastruktura.csv",
            ["rodzaj instytucji", "liczba", "miejsca", "wolne miejsca", "kadra (osoby)", "instytucje"],
            [
                [r.label, r.institutions, _cell(r.places), _cell(r.free_places), _cell(r.staff), list(r.names)]
                for r in report.infrastructure
            ],
        ),
        write_csv(
            out / "ozps_kadra.csv",
            ["rodzaj instytucji", "kompetencja", "osoby", "instytucje"],
            [list(x) for x in report.staff],
        ),
        write_csv(out / "ozps_ngo.csv", ["organizacja", "usługi"], [list(x) for x in report.ngos]),
    ]

    def table(header: list[str], rows: list[list[Any]]) -> str:
        head = "".join(f"<th>{_e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if rows else "<p>Brak pozycji.</p>"

    page = [
        '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">',
        f"<title>Ocena zasobów pomocy społecznej: {_e(report.title)}</title>",
        (
            "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:auto;padding:20px}"
            "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left}"
            ".miss{color:#b2182b}</style></head><body>"
        ),
        f"<h1>Ocena zasobów pomocy społecznej: {_e(report.title)}</h1>",
        (
            "<p>Zestawienie według struktury oceny z art. 16a ustawy o pomocy społecznej, z danych Kooperacji "
            f"o instytucjach z siedzibą w {_e(report.locative)} oraz właściwych dla tej jednostki. "
            "Części, których Kooperacja nie gromadzi, są oznaczone jako brak danych.</p>"
        ),
        "<h2>1. Infrastruktura: instytucje, miejsca, wolne miejsca</h2>",
        table(
            ["rodzaj instytucji", "liczba", "miejsca", "wolne miejsca", "kadra (osoby)"],
            [
                [r.label, r.institutions, _cell(r.places), _cell(r.free_places), _cell(r.staff)]
                for r in report.infrastructure
            ],
        ),
    ]
    if report.missing_places:
        page.append('<p class="miss">Nie podały liczby miejsc: ' + _e(", ".join(report.missing_places)) + ".</p>")
    page += [
        "<h2>2. Kadra według kompetencji</h2>",
        table(["rodzaj instytucji", "kompetencja", "osoby", "instytucje"], [list(x) for x in report.staff]),
        "<h2>3. Organizacje pozarządowe</h2>",
        table(["organizacja", "usługi w katalogu"], [list(x) for x in report.ngos]),
        "<h2>4. Części oceny spoza Kooperacji</h2><ul>",
        *[f'<li class="miss">{_e(s)}: {_e(MISSING)}</li>' for s in report.missing_sections],
        "</ul></body></html>",
    ]
    path = out / "ozps.html"
    path.write_text("\n".join(page), encoding="utf-8")
    return [path, *files]
