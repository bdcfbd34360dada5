"""Exports of a gap report: CSV tables, the network for Kumu (elements and connections) and GraphML.

CSV files are written for a Polish Excel: UTF-8 with a byte-order mark (so
that Excel shows Polish letters), semicolon-separated (the list separator of
the Polish locale), decimal commas, Polish headers and values, and text cells
that begin with = + - @ (or a tab / carriage return) prefixed with an
apostrophe so that no spreadsheet runs them as formulas (OWASP "CSV
injection").  Suppressed counts are written
as "<k".  The Kumu workbook follows Kumu's import format: an *Elements* sheet
whose first column is ``Label`` and a *Connections* sheet starting with
``From``/``To`` (https://docs.kumu.io/guides/import.html); multiple values are
pipe-separated.  GraphML carries the same attributes for Gephi, yEd or
NetworkX.

Client-derived weights (referral counts, shared clients) are exported only
after suppression.  Complexity: O(rows).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.enums import InstitutionType, Sector
from queries.analysis import privacy
from queries.analysis.labels import (
    HOW_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
    kind_labels,
    unique_labels,
)
from queries.analysis.projection import LAYER_LABELS
from queries.analysis.report import GapReport

__all__ = [
    "write_indicator_csv",
    "write_csv",
    "write_report_csvs",
    "kumu_sheets",
    "write_kumu",
    "export_graph",
    "write_graphml",
]

_METHODS = {"exact": "dokładnie", "sampled": "z próby"}
_LAYER_TYPES = {"declared": "deklaracja", "partnership": "partnerstwo", "referrals": "skierowania"}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any, decimal: str = ",") -> Any:
    """One CSV cell: Polish yes/no, lists joined with "|", decimal commas, formulas neutralised.

    >>> _cell(0.25), _cell(-1.5), _cell(3), _cell(True), _cell("=HYPERLINK(1)"), _cell(["a", "-b"])
    ('0,25', '-1,5', 3, 'tak', "'=HYPERLINK(1)", 'a|-b')
    >>> _cell(0.25, decimal=".")
    '0.25'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float):
        text = repr(round(value, 6))
        return text.replace(".", decimal) if decimal != "." else text
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        value = "|".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _count(value: int | None) -> str:
    return privacy.display(value)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *, excel: bool = True) -> Path:
    """Write one CSV for a Polish Excel (see the module docstring).

    ``excel=False`` writes what Kumu's importer expects instead: UTF-8 without
    a BOM, commas and decimal points (formulas are still neutralised).
    """
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";" if excel else ",")
        writer.writerow([_cell(h) for h in header])
        for row in rows:
            writer.writerow([_cell(v, "," if excel else ".") for v in row])
    return path


def write_report_csvs(report: GapReport, out: Path) -> list[Path]:
    """All report tables as CSV files in ``out``; returns the paths written."""
    name = report.name_of
    files: list[Path] = []
    m = report.coverage
    files.append(
        write_csv(
            out / "pokrycie.csv",
            ["rodzaj", "potrzeba", "nazwa", *[f"{n} ({g})" for g, n in zip(m.gminas, m.gmina_names, strict=True)]],
            [["kategoria" if r.kind == "category" else "grupa docelowa", r.id, r.name, *r.supply] for r in m.rows],
        )
    )
    files.append(
        write_csv(
            out / "puste_komorki.csv",
            ["rodzaj", "potrzeba", "nazwa", "gmina TERYT", "gmina", "klienci z tej grupy w gminie"],
            [
                [
                    "kategoria" if c.kind == "category" else "grupa docelowa",
                    c.need,
                    c.need_name,
                    c.gmina,
                    c.gmina_name,
                    _count(c.demand) if c.kind == "group" else "",
                ]
                for c in m.empty_cells
            ],
        )
    )
    files.append(
        write_csv(
            out / "oczekiwania.csv",
            [
                "oczekiwanie",
                "opis",
                "rodzaj",
                "TERYT",
                "jednostka",
                "poziom",
                "spełnione",
                "sposób",
                "instytucje",
                "najbliższa [km]",
                "w terytorium",
                "podstawa",
            ],
            [
                [
                    c.expectation,
                    c.label,
                    "wymóg ustawowy" if c.basis == "statutory" else "dobra praktyka",
                    c.teryt,
                    c.unit_name,
                    LEVEL_LABELS.get(c.level, c.level),
                    c.met,
                    HOW_LABELS[c.how],
                    [name(i) for i in c.via],
                    c.nearest_km,
                    c.in_territory,
                    report.parameters.get("expectation_sources", {}).get(c.expectation, ""),
                ]
                for c in report.checks
            ],
        )
    )
    files.append(
        write_csv(
            out / "osiagalnosc.csv",
            ["kategoria", "nazwa", *[f"{n} kroki" for n in m.gmina_names], *[f"{n} km" for n in m.gmina_names]],
            [[r.category, r.name, *[("" if h is None else h) for h in r.hops], *r.km] for r in report.reach],
        )
    )
    files.append(
        write_csv(
            out / "instytucje.csv",
            ["id", "nazwa", "typ", "sektor", "gmina", "w terytorium", "powiązania", "pośrednictwo", "społeczność"],
            [
                [i.id, i.name, i.type_label, i.sector_label, i.gmina, i.located, i.degree, i.betweenness, i.community]
                for i in report.institutions
            ],
        )
    )
    struct_rows = []
    for layer, s in report.structure.items():
        c = s.cohesion
        struct_rows.append(
            [
                LAYER_LABELS.get(layer, layer),
                c.nodes,
                c.edges,
                c.density,
                c.centralization,
                c.components,
                c.largest_component,
                len(c.isolates),
                len(c.bridges),
                len(c.articulation_points),
                len(s.communities.groups),
                s.communities.modularity,
                s.sectors.cross_share,
                s.coordinator.missing,
                s.coordinator.reason,
                _METHODS.get(s.brokers.method, s.brokers.method),
                s.brokers.epsilon,
            ]
        )
    files.append(
        write_csv(
            out / "struktura.csv",
            [
                "warstwa",
                "instytucje",
                "powiązania",
                "gęstość",
                "centralizacja",
                "składowe",
                "największa składowa",
                "izolowane",
                "mosty",
                "punkty artykulacji",
                "społeczności",
                "modularność",
                "udział międzysektorowych",
                "brak koordynatora",
                "uzasadnienie",
                "pośrednictwo: metoda",
                "pośrednictwo: błąd ε",
            ],
            struct_rows,
        )
    )
    files.append(
        write_csv(
            out / "brokerzy.csv",
            ["warstwa", "id", "nazwa", "pośrednictwo", "powiązania", "sektory w otoczeniu", "luki międzysektorowe"],
            [
                [
                    LAYER_LABELS.get(layer, layer),
                    b.id,
                    name(b.id),
                    b.betweenness,
                    b.degree,
                    b.sectors_reached,
                    b.cross_sector_pairs,
                ]
                for layer, s in report.structure.items()
                for b in s.brokers.top
            ],
        )
    )
    coop = report.cooperation
    files.append(
        write_csv(
            out / "deklaracje_niewykorzystane.csv",
            ["instytucja A", "instytucja B", "rodzaj", "obiecuje skierowania"],
            [[name(u.a), name(u.b), kind_labels(u.kinds), u.expects_referrals] for u in coop.unused],
        )
    )
    files.append(
        write_csv(
            out / "przeplywy_bez_deklaracji.csv",
            ["kierujący", "przyjmujący", "skierowania", "także w drugą stronę"],
            [[name(f.sender), name(f.receiver), _count(f.referrals), f.reverse_flow] for f in coop.undeclared],
        )
    )
    files.append(
        write_csv(
            out / "sciezki.csv",
            [
                "ścieżka",
                "krok",
                "klienci",
                "udział startu",
                "w toku (nadal w poprzednim kroku)",
                "odpływ",
                "mediana dni od poprzedniego",
            ],
            [
                [
                    pw.label,
                    s.label,
                    _count(s.clients),
                    s.share_of_start,
                    "" if s.ended is None and s.in_progress is None else _count(s.in_progress),
                    s.drop_off,
                    s.median_days,
                ]
                for pw in report.pathways
                for s in pw.steps
            ],
        )
    )
    files.append(
        write_csv(
            out / "sciezki_wyniki.csv",
            ["ścieżka", "wynik", "klienci", "odsetek"],
            [
                [pw.label, OUTCOME_LABELS.get(o, o), _count(n), pw.outcome_rates.get(o)]
                for pw in report.pathways
                for o, n in pw.outcomes.items()
            ],
        )
    )
    files.append(
        write_csv(
            out / "rekomendacje_partnerzy.csv",
            ["instytucja", "proponowany partner", "Adamic–Adar", "Jaccard", "uzasadnienie"],
            [[name(s.institution), name(s.partner), s.adamic_adar, s.jaccard, s.reason] for s in report.partners],
        )
    )
    files.append(
        write_csv(
            out / "rekomendacje_luki.csv",
            ["luka", "TERYT", "jednostka", "instytucja", "odległość [km]"],
            [
                [f.gap, f.teryt, f.unit_name, f.institution_name, f.km]
                for f in [*report.gap_fillers, *report.need_fillers]
            ],
        )
    )
    if report.comparison is not None:
        files.append(
            write_csv(
                out / "porownanie_okresow.csv",
                [
                    "miara",
                    "opis",
                    report.compare_period.label if report.compare_period else "okres A",
                    report.period.label,
                    "zmiana",
                ],
                [[r.metric, r.label, _cell(r.a), _cell(r.b), _cell(r.delta)] for r in report.comparison],
            )
        )
    return files


# ---------------------------------------------------------------- network


def export_graph(report: GapReport) -> nx.MultiDiGraph:
    """The territory's network with every layer as edges and the analysis results as attributes.

    Node attributes: label, name, type, sector (codes and Polish labels), gmina,
    in_territory, degree, betweenness, community.  Edge attributes: layer,
    kinds/partnerships, weight (suppressed for client-derived layers, "" when hidden).
    """
    p = report.projection
    if p is None:
        raise ValueError("the report has no projection attached")
    labels = unique_labels(p)
    rows = {i.id: i for i in report.institutions}
    g = nx.MultiDiGraph(territory=report.territory_name, teryt=report.teryt, period=report.period.label)
    for iid, inst in p.institutions.items():
        row = rows[iid]
        g.add_node(
            iid,
            label=labels[iid],
            name=inst.name,
            type=inst.type.value,
            type_label=inst.type.label,
            sector=inst.sector.value,
            sector_label=inst.sector.label,
            gmina=inst.gmina or "",
            in_territory=inst.located,
            degree=row.degree,
            betweenness=row.betweenness,
            community=-1 if row.community is None else row.community,
        )
    for a, b, data in sorted(p.declared.edges(data=True)):
        kinds = tuple(data.get("kinds", ()))
        g.add_edge(
            a, b, key="declared", layer="declared", kinds="|".join(kinds), kinds_label=kind_labels(kinds), weight="1"
        )
    for a, b, data in sorted(p.partnership.edges(data=True)):
        g.add_edge(
            a,
            b,
            key="partnership",
            layer="partnership",
            partnerships="|".join(data.get("partnerships", ())),
            weight=str(data["weight"]),
        )
    published = report.cooperation.flow_counts  # suppressed together with every other table of the report
    for (a, b), w in sorted(published.items()):
        g.add_edge(a, b, key="referrals", layer="referrals", weight=_count(w))
    return g


def write_graphml(report: GapReport, path: Path) -> Path:
    nx.write_graphml(export_graph(report), path, encoding="utf-8")
    return path


def kumu_sheets(report: GapReport) -> tuple[list[list[Any]], list[list[Any]]]:
    """The Kumu *Elements* and *Connections* sheets (header row first)."""
    g = export_graph(report)
    elements: list[list[Any]] = [
        [
            "Label",
            "Type",
            "Description",
            "Tags",
            "Sektor",
            "Gmina",
            "Pośrednictwo",
            "Powiązania",
            "Społeczność",
            "Identyfikator",
        ]
    ]
    for v, d in g.nodes(data=True):
        tags = [Sector(d["sector"]).label, "w terytorium" if d["in_territory"] else "spoza terytorium"]
        elements.append(
            [
                d["label"],
                d["type"],
                f"{d['name']} – {InstitutionType(d['type']).label}",
                "|".join(tags),
                d["sector_label"],
                d["gmina"],
                d["betweenness"],
                d["degree"],
                "" if d["community"] < 0 else d["community"] + 1,
                v,
            ]
        )
    connections: list[list[Any]] = [["From", "To", "Type", "Direction", "Strength", "Tags", "Description"]]
    for a, b, d in g.edges(data=True):
        layer = d["layer"]
        strength = d["weight"] if d["weight"].isdigit() else ""
        edge_tags = (d.get("kinds_label") or "").replace(", ", "|") or d.get("partnerships") or ""
        connections.append(
            [
                g.nodes[a]["label"],
                g.nodes[b]["label"],
                _LAYER_TYPES[layer],
                "directed" if layer == "referrals" else "undirected",
                strength,
                edge_tags,
                LAYER_LABELS[layer] + (f": {d['weight']} skierowań" if layer == "referrals" else ""),
            ]
        )
    return elements, connections


def write_kumu(report: GapReport, out: Path, stem: str = "kumu") -> list[Path]:
    """``kumu.xlsx`` (sheets Elements, Connections) and the two sheets as CSV (UTF-8 without BOM)."""
    from openpyxl import Workbook

    from graph.cells import append_text_safe

    elements, connections = kumu_sheets(report)
    wb = Workbook()
    ws = wb.active
    ws.title = "Elements"
    for row in elements:
        append_text_safe(ws, row)  # institution names come from registers: no live formulas
    ws2 = wb.create_sheet("Connections")
    for row in connections:
        append_text_safe(ws2, row)
    xlsx = out / f"{stem}.xlsx"
    wb.save(xlsx)
    return [
        xlsx,
        # no BOM: Kumu looks for "Label" / "From" in the very first cell
        write_csv(out / f"{stem}_elements.csv", elements[0], elements[1:], excel=False),
        write_csv(out / f"{stem}_connections.csv", connections[0], connections[1:], excel=False),
    ]


_DIRECTIONS = {"up": "co najmniej", "down": "co najwyżej"}


def write_indicator_csv(series: Any, out: Path) -> list[Path]:
    """``wskazniki.csv`` (one row per indicator and period) and ``wskazniki_gminy.csv``."""
    rows = []
    for r in series.rows:
        for period, value in zip(series.periods, r.values, strict=True):
            target = r.target
            rows.append(
                [
                    r.indicator,
                    r.label,
                    period,
                    value,
                    r.trend,
                    target.value if target else None,
                    _DIRECTIONS.get(target.direction) if target else None,
                    r.attained,
                ]
            )
    return [
        write_csv(
            out / "wskazniki.csv",
            ["wskaźnik", "opis", "okres", "wartość", "trend", "cel", "kierunek celu", "cel osiągnięty"],
            rows,
        ),
        write_csv(
            out / "wskazniki_gminy.csv",
            ["TERYT", "gmina", "powiązania OPS/CUS", "sektory partnerów", "klienci", "podjęli pracę"],
            [
                [g.gmina, g.name, g.degree, g.partners_sectors, _count(g.clients), _count(g.employed)]
                for g in series.gminas
            ],
        ),
    ]
