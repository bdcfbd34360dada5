"""A self-contained HTML gap report in Polish: key findings, tables and the embedded PNG charts.

The page has no external resources (CSS inline, charts as ``data:`` URIs), so
it opens offline and can be e-mailed as one file.  Every value is escaped;
client-derived counts appear only as published by suppression ("<k").

Complexity: O(size of the report).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.enums import Sector
from queries.analysis import charts, privacy
from queries.analysis.labels import HOW_LABELS, LEVEL_LABELS, OUTCOME_LABELS, kind_labels
from queries.analysis.projection import LAYER_LABELS
from queries.analysis.report import GapReport
from queries.analysis.structure import KEY_BROKERS

__all__ = ["CHART_FILES", "render_charts", "render_html", "html_table"]

#: Chart name → file name written next to the report.
CHART_FILES = {
    "coverage": "mapa_pokrycia.png",
    "network": "siec_wspolpracy.png",
    "funnel": "sciezki_klientow.png",
}

#: Above this many checks the page lists only the unmet ones (all are in the CSV).
MAX_LISTED_CHECKS = 300
#: Long tables (recommendations, unused ties…) are cut here in the page; the CSV files are complete.
MAX_TABLE_ROWS = 300

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:#1b1b1b;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:2em}
h3{margin-top:1.4em}.meta{color:#555}table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em;width:100%}
th,td{border:1px solid #d0d0d0;padding:4px 7px;text-align:left;vertical-align:top}th{background:#f0f4f8}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b2182b;font-weight:600}.ok{color:#1a9641}
.box{background:#f7f9fb;border-left:4px solid #0072B2;padding:10px 16px;margin:1em 0}
.warn{border-left-color:#d7301f}img{max-width:100%;height:auto;border:1px solid #eee}
.small{font-size:.85em;color:#555}nav a{margin-right:12px}
.tw{max-width:100%;overflow-x:auto}td,th{overflow-wrap:anywhere}
"""


def render_charts(report: GapReport, seed: int | None = None) -> dict[str, bytes]:
    """PNG bytes of the three charts, keyed as :data:`CHART_FILES`."""
    p = report.projection
    if p is None:
        raise ValueError("the report has no projection attached")
    seed = report.seed if seed is None else seed
    return {
        "coverage": charts.png_bytes(charts.coverage_heatmap(report.coverage, p)),
        "network": charts.png_bytes(charts.network_map(p, report.structure["all"], seed=seed)),
        "funnel": charts.png_bytes(charts.pathway_funnel(report.pathways)),
    }


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _num(value: Any, digits: int = 3) -> str:
    """A number as Polish readers write it (decimal comma).

    >>> _num(0.125), _num(3.0), _num(None), _num(True)
    ('0,125', '3', '–', 'tak')
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float):
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",")
    return _e(value)


def _pct(value: float | None) -> str:
    """A share as a Polish percentage.

    >>> _pct(0.825), _pct(None), _pct(1.0)
    ('82,5 %', '–', '100 %')
    """
    if value is None:
        return "–"
    return _num(round(value * 100, 1), 1) + " %"


def _table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[int] = (), csv_name: str | None = None
) -> str:
    """An escaped table; with ``csv_name``, at most :data:`MAX_TABLE_ROWS` rows and a pointer to the CSV."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    all_rows = list(rows)
    shown = all_rows[:MAX_TABLE_ROWS] if csv_name else all_rows
    for row in shown:
        cells = []
        for j, v in enumerate(row):
            cls = ' class="n"' if j in numeric else ""
            cells.append(f"<td{cls}>{v if isinstance(v, _Raw) else _e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        return '<p class="small">Brak pozycji.</p>'
    note = ""
    if len(shown) < len(all_rows):
        note = (
            f'<p class="small">Pokazano {len(shown)} z {len(all_rows)} pozycji; pełna lista w pliku {_e(csv_name)}.</p>'
        )
    return f'<div class="tw"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>{note}'


class _Raw(str):
    """Already-escaped HTML for a table cell."""


def html_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """An escaped HTML table (for notebooks: ``display(HTML(html_table(...)))``).

    >>> html_table(["a"], [["<b>"]])
    '<div class="tw"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table></div>'
    """
    return _table(
        header, [[_num(v) if isinstance(v, (int, float, bool)) or v is None else v for v in row] for row in rows]
    )


def _count(value: int | None) -> str:
    return privacy.display(value)


def _img(name: str, images: Mapping[str, bytes], files: bool) -> str:
    if name not in images:
        return ""
    if files:
        src = CHART_FILES[name]
    else:
        src = "data:image/png;base64," + base64.b64encode(images[name]).decode("ascii")
    alt = {"coverage": "Mapa pokrycia potrzeb", "network": "Mapa sieci współpracy", "funnel": "Lejki ścieżek klientów"}[
        name
    ]
    return f'<figure><img src="{src}" alt="{_e(alt)}"></figure>'


def _findings(r: GapReport) -> str:
    items = []
    for basis, what in (("statutory", "wymogi ustawowe"), ("good_practice", "oczekiwania dobrej praktyki")):
        gaps = [g for g in r.gaps if g.basis == basis]
        if gaps:
            by_exp: dict[str, list[str]] = defaultdict(list)
            for g in gaps:
                by_exp[g.label].append(g.unit_name)
            listed = "; ".join(f"<b>{_e(k)}</b>: {_e(', '.join(v))}" for k, v in by_exp.items())
            items.append(f'<li class="bad">Niespełnione {what} ({len(gaps)}): {listed}</li>')
        else:
            items.append(f'<li class="ok">Spełnione wszystkie {what}.</li>')
    coord = r.structure["all"].coordinator
    cls = "bad" if coord.missing else "ok"
    items.append(f'<li class="{cls}">Koordynator sieci: {"BRAK – " if coord.missing else ""}{_e(coord.reason)}.</li>')
    c = r.cooperation
    items.append(
        f"<li>Zadeklarowane powiązania obiecujące skierowania: {c.declared_expecting_referrals}, "
        f"wykorzystane w okresie: {c.used_ties}"
        + (f" ({_pct(c.used_share)})" if c.used_share is not None else "")
        + f". Przepływy skierowań bez deklaracji ani partnerstwa: {len(c.undeclared)}.</li>"
    )
    coh = r.structure["all"].cohesion
    if coh.isolates:
        names = ", ".join(r.name_of(i) for i in coh.isolates[:8]) + (" …" if len(coh.isolates) > 8 else "")
        items.append(f'<li class="bad">Instytucje bez żadnego powiązania ({len(coh.isolates)}): {_e(names)}</li>')
    top = r.structure["all"].brokers.top[:KEY_BROKERS]
    if top:
        items.append("<li>Główni pośrednicy (brokerzy): " + _e(", ".join(r.name_of(b.id) for b in top)) + "</li>")
    if coh.bridges:
        items.append(f"<li>Powiązania krytyczne (mosty – ich utrata rozspaja sieć): {len(coh.bridges)}.</li>")
    demand_gaps = [x for x in r.coverage.empty_cells if x.kind == "group" and x.demand_known]
    if demand_gaps:
        items.append(
            f'<li class="bad">Grupy docelowe z klientami w gminie, ale bez żadnej usługi dla nich: {len(demand_gaps)} par grupa × gmina.</li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


def render_html(
    report: GapReport,
    images: Mapping[str, bytes] | None = None,
    *,
    image_files: bool = False,
    generated_at: dt.datetime | None = None,
    indicators: Any = None,
) -> str:
    """The report as one HTML page.

    Parameters
    ----------
    report : GapReport
    images : mapping, optional
        Chart PNGs from :func:`render_charts`; default: rendered now.
    image_files : bool
        Link the PNGs by file name (written next to the page) instead of embedding them.
    generated_at : datetime, optional
        Shown in the header (the page is otherwise a pure function of the report).
    indicators : IndicatorSeries, optional
        Indicators over time (:mod:`~queries.analysis.indicators`): adds their section.
    """
    images = render_charts(report) if images is None else images
    r = report
    k = privacy.threshold()
    name = r.name_of
    when = (generated_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="pl"><head><meta charset="utf-8">',
        f"<title>Diagnoza sieci współpracy: {_e(r.territory_title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Diagnoza sieci współpracy: {_e(r.territory_title)}</h1>",
        f'<p class="meta">TERYT {_e(r.teryt or "PL")} · okres {_e(r.period.label)}'
        + (f" · porównanie z okresem {_e(r.compare_period.label)}" if r.compare_period else "")
        + f" · wygenerowano {_e(when)}</p>",
        '<nav><a href="#wnioski">Wnioski</a><a href="#luki">Luki</a><a href="#pokrycie">Pokrycie</a>'
        '<a href="#siec">Sieć</a><a href="#wspolpraca">Współpraca</a><a href="#sciezki">Ścieżki</a>'
        '<a href="#rekomendacje">Rekomendacje</a>'
        + ('<a href="#porownanie">Porównanie</a>' if r.comparison else "")
        + ('<a href="#wskazniki">Wskaźniki w czasie</a>' if indicators is not None else "")
        + '<a href="#metoda">Metoda</a></nav>',
        '<h2 id="wnioski">Najważniejsze wnioski</h2>',
        f'<div class="box">{_findings(r)}</div>',
    ]
    # -- gaps: statutory duties apart from good practice (a breach is not a recommendation)
    parts.append('<h2 id="luki">Luki: oczekiwania wobec terytorium</h2>')
    parts.append(
        '<p class="small">Wymogi ustawowe wynikają z przepisów (podstawa prawna przy każdym wymogu); dobre praktyki '
        "to oczekiwania środowiska, których żadna ustawa nie nakłada. Oba zestawy można zmienić plikiem JSON.</p>"
    )
    fillers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in r.gap_fillers:
        fillers[(f.gap, f.teryt)].append(f"{f.institution_name} ({_num(f.km)} km)")
    sources: dict[str, str] = r.parameters.get("expectation_sources", {})
    for basis, heading in (("statutory", "Wymogi ustawowe"), ("good_practice", "Dobre praktyki")):
        checks = [c for c in r.checks if c.basis == basis]
        parts.append(f"<h3>{heading}</h3>")
        parts.append(
            _table(
                ["oczekiwanie", "jednostka", "poziom", "stan", "najbliżej [km]", "kto mógłby wypełnić lukę"],
                [
                    [
                        c.label,
                        f"{c.unit_name} ({c.teryt})",
                        LEVEL_LABELS.get(c.level, c.level),
                        _Raw('<span class="bad">luka</span>')
                        if not c.met
                        else _Raw(f'<span class="ok">{_e(HOW_LABELS[c.how])}</span>'),
                        _num(c.nearest_km),
                        "; ".join(fillers.get((c.expectation, c.teryt), []))
                        if not c.met
                        else ", ".join(name(i) for i in c.via[:3]),
                    ]
                    for c in sorted(checks, key=lambda c: (c.met, c.expectation, c.teryt))
                    if not c.met or len(r.checks) <= MAX_LISTED_CHECKS
                ],
                numeric=(4,),
                csv_name="oczekiwania.csv",
            )
        )
        summary: dict[str, list[Any]] = {}
        for chk in checks:
            row = summary.setdefault(chk.label, [0, 0, sources.get(chk.expectation, "")])
            row[0 if chk.met else 1] += 1
        parts.append(
            _table(
                ["oczekiwanie", "spełnione", "luki", "podstawa" if basis == "statutory" else "uzasadnienie"],
                [[k2, v[0], v[1], v[2]] for k2, v in summary.items()],
                numeric=(1, 2),
            )
        )
    if len(r.checks) > MAX_LISTED_CHECKS:
        parts.append('<p class="small">Pełna lista sprawdzeń (także spełnionych) jest w pliku oczekiwania.csv.</p>')
    # -- coverage
    m = r.coverage
    parts.append('<h2 id="pokrycie">Pokrycie potrzeb: kategoria usług / grupa docelowa × gmina</h2>')
    parts.append(
        '<p class="small">Świadczenia pieniężne i rzeczowe oraz pracę socjalną ośrodek pomocy społecznej (lub CUS) '
        "zapewnia z mocy ustawy każdemu mieszkańcowi gminy (art. 17 ust. 1 i art. 110 ust. 1 ustawy o pomocy społecznej), "
        "więc liczą się w gminach, dla których jest właściwy, także gdy nie wpisał ich jako usługi.</p>"
    )
    parts.append(_img("coverage", images, image_files))
    demand = [c for c in m.empty_cells if c.kind == "group" and c.demand_known]
    parts.append("<h3>Grupy docelowe z klientami, lecz bez usługi w gminie</h3>")
    need_fill: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in r.need_fillers:
        need_fill[(f.gap, f.teryt)].append(f"{f.institution_name} ({_num(f.km)} km)")
    parts.append(
        _table(
            ["grupa docelowa", "gmina", "klienci z grupy", "najbliżsi dostawcy"],
            [
                [
                    c.need_name,
                    c.gmina_name,
                    _count(c.demand),
                    "; ".join(need_fill.get((f"group:{c.need}", c.gmina), [])),
                ]
                for c in demand
            ],
            numeric=(2,),
            csv_name="puste_komorki.csv",
        )
    )
    cat_empty = defaultdict(list)
    for c in m.empty_cells:
        if c.kind == "category":
            cat_empty[c.need_name].append(c.gmina_name)
    parts.append("<h3>Kategorie usług niedostępne w gminach</h3>")
    parts.append(
        _table(
            ["kategoria", "liczba gmin bez usługi", "gminy"],
            [[k2, len(v), ", ".join(v[:12]) + (" …" if len(v) > 12 else "")] for k2, v in cat_empty.items()],
            numeric=(1,),
            csv_name="puste_komorki.csv",
        )
    )
    unreachable = [row for row in r.reach if any(h is None for h in row.hops)]
    parts.append(
        f"<h3>Osiągalność kategorii (kroki współpracy od OPS/CUS gminy, maks. {r.parameters['max_hops']})</h3>"
    )
    parts.append(
        _table(
            ["kategoria", "gminy poza zasięgiem współpracy", "najdalszy najbliższy dostawca [km]"],
            [
                [
                    row.name,
                    ", ".join(m.gmina_names[j] for j, h in enumerate(row.hops) if h is None),
                    _num(max((x for x in row.km if x is not None), default=None)),
                ]
                for row in unreachable
            ],
            numeric=(2,),
        )
    )
    # -- network
    parts.append('<h2 id="siec">Struktura sieci współpracy</h2>')
    parts.append(_img("network", images, image_files))
    # measures as rows and layers as columns: five columns fit a phone, thirteen overflowed a desktop
    layers = list(r.structure.items())
    measures: list[tuple[str, Any]] = [
        ("instytucje", lambda s: s.cohesion.nodes),
        ("powiązania", lambda s: s.cohesion.edges),
        ("gęstość", lambda s: _num(s.cohesion.density)),
        ("centralizacja", lambda s: _num(s.cohesion.centralization)),
        ("składowe", lambda s: s.cohesion.components),
        ("izolowane", lambda s: len(s.cohesion.isolates)),
        ("mosty", lambda s: len(s.cohesion.bridges)),
        ("punkty artykulacji", lambda s: len(s.cohesion.articulation_points)),
        ("społeczności", lambda s: len(s.communities.groups)),
        ("modularność", lambda s: _num(s.communities.modularity)),
        ("udział powiązań międzysektorowych", lambda s: _pct(s.sectors.cross_share)),
        ("brak koordynatora", lambda s: _num(s.coordinator.missing)),
    ]
    parts.append(
        _table(
            ["miara", *[LAYER_LABELS.get(layer, layer) for layer, _ in layers]],
            [[label, *[get(s) for _, s in layers]] for label, get in measures],
            numeric=tuple(range(1, len(layers) + 1)),
        )
    )
    allg = r.structure["all"]
    parts.append("<h3>Brokerzy (pośrednictwo – betweenness, wszystkie warstwy)</h3>")
    parts.append(
        _table(
            ["instytucja", "pośrednictwo", "powiązania", "sektory w otoczeniu", "luki międzysektorowe, które spina"],
            [
                [name(b.id), _num(b.betweenness), b.degree, b.sectors_reached, b.cross_sector_pairs]
                for b in allg.brokers.top
            ],
            numeric=(1, 2, 3, 4),
        )
    )
    parts.append("<h3>Powiązania krytyczne i punkty artykulacji</h3>")
    parts.append(
        _table(
            ["most (powiązanie, którego utrata rozspaja sieć)"],
            [[f"{name(a)} – {name(b)}"] for a, b in allg.cohesion.bridges],
        )
    )
    parts.append(
        "<p>Punkty artykulacji (instytucje, bez których sieć się rozpada): "
        + _e(", ".join(name(v) for v in allg.cohesion.articulation_points) or "brak")
        + "</p>"
    )
    parts.append("<h3>Społeczności (Louvain)</h3>")
    parts.append(
        _table(
            ["nr", "instytucje"],
            [[i + 1, ", ".join(name(v) for v in grp)] for i, grp in enumerate(allg.communities.groups)],
        )
    )
    parts.append("<h3>Powiązania międzysektorowe</h3>")
    parts.append(
        _table(
            ["sektor A", "sektor B", "powiązania"],
            [[Sector(a).label, Sector(b).label, n] for (a, b), n in allg.sectors.matrix.items() if a != b],
            numeric=(2,),
        )
    )
    parts.append("<h3>Powiązania w obrębie jednego sektora</h3>")
    parts.append(
        _table(
            ["sektor", "powiązania"],
            [[Sector(a).label, n] for (a, b), n in allg.sectors.matrix.items() if a == b],
            numeric=(1,),
        )
    )
    parts.append("<h3>Kluczowe pary instytucji</h3>")
    parts.append(
        _table(
            ["para", "powiązania", "instytucje bez takiego powiązania"],
            [
                [pair, n, ", ".join(name(v) for v in allg.sectors.missing_pairs.get(pair, ()))]
                for pair, n in allg.sectors.named_pairs.items()
            ],
            numeric=(1,),
        )
    )
    # -- cooperation
    coop = r.cooperation
    parts.append('<h2 id="wspolpraca">Współpraca zadeklarowana a realizowana</h2>')
    parts.append(
        f"<p>Skierowania w okresie (między instytucjami terytorium): {_e(_count(coop.referrals_total))}; "
        f"do lub spoza terytorium: {_e(_count(coop.referrals_external))}. Par instytucji ze skierowaniami: {coop.flows}, "
        f"w tym objętych deklaracją: {coop.flows_declared}, tylko wspólnym partnerstwem: {coop.flows_partnership_only}.</p>"
    )
    parts.append("<h3>Deklaracje bez skierowań w okresie</h3>")
    parts.append(
        _table(
            ["instytucja A", "instytucja B", "rodzaj współpracy", "obiecuje skierowania"],
            [[name(u.a), name(u.b), kind_labels(u.kinds), _num(u.expects_referrals)] for u in coop.unused],
            csv_name="deklaracje_niewykorzystane.csv",
        )
    )
    parts.append("<h3>Skierowania bez deklaracji i bez wspólnego partnerstwa</h3>")
    parts.append(
        _table(
            ["kierujący", "przyjmujący", "skierowania", "także w drugą stronę"],
            [[name(f.sender), name(f.receiver), _count(f.referrals), _num(f.reverse_flow)] for f in coop.undeclared],
            numeric=(2,),
            csv_name="przeplywy_bez_deklaracji.csv",
        )
    )
    # -- pathways
    parts.append('<h2 id="sciezki">Ścieżki klientów i ich wyniki</h2>')
    parts.append(
        '<p class="small">Odpływ to odsetek klientów poprzedniego kroku, którzy zakończyli go bez przejścia dalej '
        "(rezygnacja, przerwanie, odmowa, zakończenie bez wyniku). Klienci, których skierowanie jest nadal otwarte "
        "albo którzy kontynuują wsparcie, są „w toku” i nie liczą się do odpływu. Dla pierwszego przejścia "
        "(od kontaktu z instytucją do skierowania) nie da się tego rozróżnić, więc odpływu nie podajemy.</p>"
    )
    parts.append(_img("funnel", images, image_files))
    for pw in r.pathways:
        parts.append(f"<h3>{_e(pw.label)}</h3>")
        parts.append(
            _table(
                [
                    "krok",
                    "klienci",
                    "udział startu",
                    "nadal w poprzednim kroku (w toku)",
                    "odpływ",
                    "mediana dni od poprzedniego kroku",
                ],
                [
                    [
                        s.label,
                        _count(s.clients),
                        _pct(s.share_of_start),
                        "–" if s.ended is None and s.in_progress is None else _count(s.in_progress),
                        _pct(s.drop_off),
                        _num(s.median_days),
                    ]
                    for s in pw.steps
                ],
                numeric=(1, 2, 3, 4, 5),
            )
        )
        parts.append(
            _table(
                ["wynik ostatniego kroku", "klienci", "odsetek"],
                [[OUTCOME_LABELS.get(o, o), _count(n), _pct(pw.outcome_rates.get(o))] for o, n in pw.outcomes.items()],
                numeric=(1, 2),
            )
        )
    # -- recommendations
    parts.append('<h2 id="rekomendacje">Rekomendacje: z kim warto współpracować</h2>')
    parts.append(
        '<p class="small">Przewidywanie powiązań (indeks Adamica–Adara) na grafie wspólnych gmin i wspólnych klientów; '
        "pokazano pary bez zadeklarowanej współpracy i bez wspólnego partnerstwa.</p>"
    )
    parts.append(
        _table(
            ["instytucja", "proponowany partner", "wynik", "uzasadnienie"],
            [
                [name(s.institution), name(s.partner), _num(s.adamic_adar), s.reason]
                for s in sorted(r.partners, key=lambda s: (-s.adamic_adar, s.institution, s.partner))
            ],
            numeric=(2,),
            csv_name="rekomendacje_partnerzy.csv",
        )
    )
    # -- comparison
    if r.comparison:
        parts.append('<h2 id="porownanie">Porównanie okresów</h2>')
        parts.append(
            _table(
                ["miara", r.compare_period.label if r.compare_period else "okres A", r.period.label, "zmiana"],
                [[row.label, _num(row.a), _num(row.b), _num(row.delta)] for row in r.comparison],
                numeric=(1, 2, 3),
            )
        )
    if indicators is not None:
        parts.append(_indicators_section(indicators))
    # -- method
    b = allg.brokers
    method = (
        "dokładnie (algorytm Brandesa)"
        if b.method == "exact"
        else f"z próby {b.sources} źródeł (Brandes–Pich), błąd bezwzględny ≤ {b.epsilon} z prawdopodobieństwem {1 - (b.delta or 0):.0%}"
    )
    parts.append('<h2 id="metoda">Metoda i ochrona danych</h2>')
    parts.append(
        "<ul>"
        f"<li>Terytorium: instytucje z siedzibą w {_e(r.territory_locative)} oraz instytucje właściwe dla tego obszaru "
        "(obsługujące go na mocy przepisów lub porozumień). "
        f"Warstwy sieci: zadeklarowana współpraca, wspólne partnerstwa, skierowania w okresie.</li>"
        f"<li>Liczby dotyczące klientów poniżej {k} są ukryte („{_e(privacy.display(None))}”), z ukrywaniem wtórnym, "
        "aby nie dało się ich odtworzyć przez odejmowanie; mediany tylko dla co najmniej "
        f"{k} osób. Raport nie zawiera identyfikatorów klientów.</li>"
        f"<li>Pośrednictwo (betweenness) liczone {method}; społeczności metodą Louvain z ziarnem {r.seed}.</li>"
        "<li>Centralizacja stopni według Freemana (gwiazda = 1), mosty i punkty artykulacji algorytmem Tarjana.</li>"
        "</ul>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def _indicators_section(series: Any) -> str:
    """Indicators over time: one row per indicator, its trend, target and attainment; then gminas, with the warning."""
    arrows = {"up": "↑ im więcej, tym lepiej", "down": "↓ im mniej, tym lepiej", None: "–"}
    parts = ['<h2 id="wskazniki">Wskaźniki w czasie</h2>']
    rows = []
    for row in series.rows:
        target = row.target
        attained = "–" if row.attained is None else ("osiągnięty" if row.attained else "nieosiągnięty")
        rows.append(
            [
                row.label,
                arrows.get(row.direction, "–"),
                *[_num(v) for v in row.values],
                _num(row.trend),
                "–" if target is None else f"{'≥' if target.direction == 'up' else '≤'} {_num(target.value)}",
                attained,
            ]
        )
    parts.append(
        _table(
            ["wskaźnik", "kierunek", *series.periods, "trend na okres", "cel", "stan celu"],
            rows,
            numeric=tuple(range(2, 3 + len(series.periods))),
        )
    )
    parts.append("<h3>Miary sieci obok wyników klientów w gminach (ostatni okres)</h3>")
    parts.append(f'<div class="box warn"><p>{_e(series.warning)}</p></div>')
    parts.append(
        _table(
            ["gmina", "powiązania OPS/CUS", "sektory partnerów", "klienci OPS/CUS", "z nich podjęli pracę"],
            [[g.name, g.degree, g.partners_sectors, _count(g.clients), _count(g.employed)] for g in series.gminas],
            numeric=(1, 2, 3, 4),
        )
    )
    return "\n".join(parts)
