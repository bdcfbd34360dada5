"""The diagnosis as a new user reads it (`kooperacja gaps 0415`): one test per defect reported in issue 14."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from gapkit import day, inst, projection

from graph.enums import CooperationKind
from graph.enums import InstitutionType as T
from graph.store.protocol import Store
from queries.analysis import charts, privacy
from queries.analysis.export import export_graph, write_csv, write_report_csvs
from queries.analysis.html import render_html
from queries.analysis.pathways import DEFAULT_PATHWAYS, funnel
from queries.analysis.projection import Period, Projection, ReferralInfo, Registration
from queries.analysis.report import GapReport, analyse, build_report
from queries.analysis.structure import KEY_BROKERS

YEAR = Period.parse("2025")


@pytest.fixture
def report(demo_store: Store) -> GapReport:
    return build_report(demo_store, "0415", YEAR)


@pytest.fixture
def page(report: GapReport) -> str:
    return render_html(report, images={})


class _Tables(HTMLParser):
    """Every table of a page as (preceding heading, rows of cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._heading = ""
        self._in_heading = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self._in_heading, self._heading = True, ""
        elif tag == "table":
            self.tables.append((self._heading, []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self._in_heading = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self._heading += data
        if self._cell is not None:
            self._cell.append(data)


def _tables(page: str) -> list[tuple[str, list[list[str]]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def test_cooperation_kinds_are_polish_in_tables_and_csv(report: GapReport, page: str, tmp_path: Path) -> None:
    codes = {k.value for k in CooperationKind}
    cells = {c for _, rows in _tables(page) for row in rows for c in row}
    words = {w for c in cells for w in re.split(r"[,\s]+", c)}
    assert not codes & words, codes & words
    assert any("zlecanie usług" in c or "porozumienie" in c for c in cells)
    write_report_csvs(report, tmp_path)
    text = (tmp_path / "deklaracje_niewykorzystane.csv").read_text(encoding="utf-8-sig")
    assert not codes & set(re.split(r"[;,\s|\r\n]+", text))
    assert "wymiana informacji" in text


def test_territory_is_named_in_correct_polish(report: GapReport, page: str, demo_store: Store) -> None:
    assert "<title>Diagnoza sieci współpracy: powiat toruński</title>" in page
    assert "<h1>Diagnoza sieci współpracy: powiat toruński</h1>" in page
    assert "z siedzibą w powiecie toruńskim" in page
    assert "powiat 0415" not in page and "w powiat " not in page
    voivodeship = build_report(demo_store, "04", YEAR)
    assert voivodeship.territory_title == "województwo kujawsko-pomorskie"
    assert voivodeship.territory_locative == "województwie kujawsko-pomorskim"
    gmina = build_report(demo_store, "041504", YEAR)
    assert gmina.territory_title == "gmina Lubicz" and gmina.territory_locative == "gminie Lubicz"


def test_same_sector_pairs_are_not_listed_as_cross_sector(page: str) -> None:
    cross = [rows for heading, rows in _tables(page) if heading == "Powiązania międzysektorowe"]
    assert cross, "the cross-sector table is missing"
    body = cross[0][1:]
    assert body and all(row[0] != row[1] for row in body)
    within = [rows for heading, rows in _tables(page) if heading == "Powiązania w obrębie jednego sektora"]
    assert within and any(row[0] == "pomoc społeczna" for row in within[0][1:])


def test_findings_and_map_name_the_same_brokers(report: GapReport, page: str) -> None:
    findings = re.search(r"Główni pośrednicy \(brokerzy\): ([^<]*)</li>", page)
    assert findings is not None
    named = findings.group(1).split(", ")
    assert len(named) == KEY_BROKERS == 3
    assert named == [report.name_of(b.id) for b in report.structure["all"].brokers.top[:3]]
    fig = charts.network_map(report.projection, report.structure["all"])  # type: ignore[arg-type]
    ringed = [c for c in fig.axes[0].collections if hasattr(c, "get_linewidths")]
    widths = [w for coll in ringed for w in coll.get_linewidths() if w >= 3.0]
    plt.close(fig)
    assert len(widths) == 3


def test_network_labels_do_not_overlap(report: GapReport) -> None:
    fig = charts.network_map(report.projection, report.structure["all"])  # type: ignore[arg-type]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [
        a.get_window_extent(renderer) for a in fig.axes[0].texts if a.get_text() and a.get_bbox_patch() is not None
    ]
    plt.close(fig)
    assert len(boxes) >= 20
    clashes = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert not clashes


def test_csv_opens_in_a_polish_excel(report: GapReport, tmp_path: Path) -> None:
    write_report_csvs(report, tmp_path)
    raw = (tmp_path / "struktura.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["warstwa", "instytucje", "powiązania"]
    density = rows[1][3]
    assert re.fullmatch(r"0,\d+", density), density
    # formula injection: a name that starts with "=" (or + - @) is neutralised
    path = write_csv(
        tmp_path / "x.csv", ["nazwa", "wartość"], [['=HYPERLINK("http://x")', 0.5], ["+48 123", -1.25], ["@SUM(A1)", 3]]
    )
    got = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert got[1] == ['\'=HYPERLINK("http://x")', "0,5"]
    assert got[2] == ["'+48 123", "-1,25"]  # the number stays a number
    assert got[3] == ["'@SUM(A1)", "3"]


@pytest.mark.skipif(shutil.which("chromium") is None and not __import__("os").environ.get("CI"), reason="no chromium")
def test_report_fits_a_1400_px_window(report: GapReport, tmp_path: Path) -> None:
    """Headless Chromium lays the page out at 1,400 px; no table may make the page scroll sideways."""
    probe = (
        "<script>window.addEventListener('load',()=>{const w=document.documentElement.scrollWidth;"
        "const wide=[...document.querySelectorAll('table')].filter(t=>t.getBoundingClientRect().right>window.innerWidth).length;"
        "document.body.setAttribute('data-probe', w+':'+wide);});</script></body>"
    )
    path = tmp_path / "raport.html"
    path.write_text(render_html(report, images={}).replace("</body>", probe), encoding="utf-8")
    chromium = shutil.which("chromium") or "chromium"
    out = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1400,900",
            "--virtual-time-budget=3000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    probe_value = re.search(r'data-probe="(\d+):(\d+)"', out)
    assert probe_value is not None, out[:500]
    width, wide_tables = int(probe_value.group(1)), int(probe_value.group(2))
    assert width <= 1400 and wide_tables == 0


# ---------------------------------------------------------------- funnel and suppression (hand-built projections)


def _cis_cohort(employed: int, in_progress: int, resigned: int, interrupted: int = 0, start: int = 40) -> Projection:
    """``start`` clients at the OPS; the CIS cohort's referrals end as given (open ones are still in the programme)."""
    regs = [Registration(f"c{k:03d}", "ops", day(0)) for k in range(start)]
    refs = []
    plan = ["employed"] * employed + [None] * in_progress + ["resigned"] * resigned + ["interrupted"] * interrupted
    for k, outcome in enumerate(plan):
        refs.append(
            ReferralInfo(
                f"r{k}",
                "ops",
                "cis",
                f"c{k:03d}",
                day(10),
                "completed" if outcome else "in-progress",
                outcome=outcome,
                closed_at=day(100) if outcome else None,
            )
        )
    return projection([inst("ops", T.OPS, "041501"), inst("cis", T.CIS, "041502")], registrations=regs, referrals=refs)


def test_funnel_does_not_count_clients_in_progress_as_drop_out() -> None:
    # the reported case: 33 at the CIS, 11 found a job, 16 still in the programme, 6 resigned
    r = funnel(_cis_cohort(employed=11, in_progress=16, resigned=6), DEFAULT_PATHWAYS[0])
    job = r.steps[2]
    assert (r.steps[1].clients, job.clients, job.in_progress, job.ended) == (33, 11, 16, 6)
    assert job.drop_off == round(6 / 33, 3)  # 18.2 %, not 66.7 %
    assert r.steps[1].drop_off is None  # the first transition cannot tell "not yet referred" from "left"


def _published_identities(report: GapReport) -> list[tuple[list[int | None], int | None]]:
    """What a reader of the report can add up: (parts, total) per pathway identity, with None for hidden cells."""
    out = []
    for pw in report.pathways:
        steps = pw.steps
        last_inst = 1  # OPS → CIS → praca: the outcomes belong to the CIS referral
        out.append((list(pw.outcomes.values()), steps[last_inst].clients))
        for i in range(2, len(steps)):
            s = steps[i]
            ended = (
                None if s.drop_off is None or steps[i - 1].clients is None else round(s.drop_off * steps[i - 1].clients)
            )
            out.append(([s.clients, s.in_progress, ended], steps[i - 1].clients))
    return out


def _solutions(identities: list[tuple[list[int | None], int | None]], bound: int) -> dict[tuple[int, int], set[int]]:
    """Brute force: every value each hidden cell can take, consistent with all identities (cells in 0..bound)."""
    import itertools

    cells = [(i, j) for i, (parts, total) in enumerate(identities) for j, v in enumerate([*parts, total]) if v is None]
    # hidden cells shared between identities: the step counts (a total in one identity, a part in another)
    values: dict[tuple[int, int], set[int]] = {c: set() for c in cells}
    for combo in itertools.product(range(bound + 1), repeat=len(cells)):
        assign = dict(zip(cells, combo, strict=True))
        ok = True
        for i, (parts, total) in enumerate(identities):
            vals = [assign.get((i, j), v) for j, v in enumerate([*parts, total])]
            if sum(vals[:-1]) != vals[-1]:
                ok = False
                break
        if ok:
            for c, v in assign.items():
                values[c].add(v)
    return values


def test_no_pathway_cell_can_be_recovered_by_subtraction() -> None:
    # the reported case: CIS step 29 published with outcomes 11, 15 and zeros – the one small cell was 29 − 26 = 3
    p = _cis_cohort(employed=11, in_progress=15, resigned=3, start=29)
    report = analyse(p)
    pw = report.pathways[0]
    assert pw.steps[1].clients == 29 and pw.outcomes["resigned"] is None
    hidden_outcomes = [o for o, v in pw.outcomes.items() if v is None]
    assert len(hidden_outcomes) >= 2, pw.outcomes
    identities = _published_identities(report)[:2]  # the OPS → CIS → praca pathway
    hidden = sum(1 for parts, total in identities for v in [*parts, total] if v is None)
    assert hidden <= 6
    for cell, possible in _solutions(identities, 30).items():
        assert len(possible) > 1, f"hidden cell {cell} is determined: {possible}"


def test_referral_flows_are_suppressed_once_for_every_table(demo_store: Store) -> None:
    report = build_report(demo_store, "0415", YEAR)
    flows = report.cooperation.flow_counts
    for f in report.cooperation.undeclared:
        assert f.referrals == flows[(f.sender, f.receiver)]
    graph = export_graph(report)
    for a, b, d in graph.edges(data=True):
        if d["layer"] == "referrals":
            assert d["weight"] == privacy.display(flows[(a, b)])
    total = report.cooperation.referrals_total
    hidden = [w for w in flows.values() if w is None]
    if total is not None and hidden:
        raw = {(a, b): w for a, b, w in report.projection.referral_flows.edges(data="weight")}  # type: ignore[union-attr]
        assert sum(raw[k] for k, w in flows.items() if w is None) >= privacy.threshold()


# ---------------------------------------------------------------- coverage and expectations on the demo network


def test_nearest_providers_reach_across_the_territory_border(report: GapReport) -> None:
    fillers = [f for f in report.need_fillers if f.gap == "group:chorzy-psychicznie"]
    assert fillers, "no provider found for osoby z zaburzeniami psychicznymi"
    by_gmina: dict[str, set[str]] = {}
    for f in fillers:
        by_gmina.setdefault(f.unit_name, set()).add(f.institution_name)
        assert 8 <= f.km <= 20, (f.unit_name, f.institution_name, f.km)
    assert by_gmina["Lubicz"] == {"Środowiskowy Dom Samopomocy w Toruniu", "Poradnia Zdrowia Psychicznego w Toruniu"}


def test_benefits_are_not_missing_where_the_ops_pays_them_by_law(report: GapReport, page: str) -> None:
    benefits = report.coverage.row("category", "swiadczenia")
    assert all(n > 0 for n in benefits.supply), benefits.supply  # Lubicz (CUS) and Wielka Nieszawka did not list them
    assert not [c for c in report.coverage.empty_cells if c.need == "swiadczenia"]
    missing = next(rows for heading, rows in _tables(page) if heading == "Kategorie usług niedostępne w gminach")
    assert not any(row[0] == "Świadczenia pieniężne i rzeczowe" for row in missing[1:])


def test_statutory_duties_and_good_practice_are_reported_apart(report: GapReport, page: str) -> None:
    basis = {c.expectation: c.basis for c in report.checks}
    assert {e for e, b in basis.items() if b == "statutory"} >= {
        "ops-gmina",
        "zi-gmina",
        "gkrpa-gmina",
        "oik-powiat",
        "pcpr-powiat",
    }
    assert {e for e, b in basis.items() if b == "good_practice"} >= {"kis-gmina", "cis-gmina", "sds-powiat"}
    gmina_count = len(report.coverage.gminas)
    for exp in ("zi-gmina", "gkrpa-gmina"):
        assert len([c for c in report.checks if c.expectation == exp and c.in_territory]) == gmina_count
    # the demo has two ZI (Lubicz, Obrowo… whichever have a member OPS/CUS sitting there), one GKRPA (Lubicz) and OIK Toruń
    zi = {c.unit_name for c in report.checks if c.expectation == "zi-gmina" and c.met}
    assert "Lubicz" in zi and len(zi) < gmina_count
    assert {c.unit_name for c in report.checks if c.expectation == "gkrpa-gmina" and c.met} == {"Lubicz"}
    assert all(c.met for c in report.checks if c.expectation == "oik-powiat" and c.in_territory)
    headings = [h for h, _ in _tables(page)]
    assert "Wymogi ustawowe" in headings and "Dobre praktyki" in headings
    assert "art. 9a ust. 1 ustawy z 29 lipca 2005 r. o przeciwdziałaniu przemocy domowej" in page
    assert re.search(r"Niespełnione wymogi ustawowe \(\d+\)", page) and re.search(
        r"Niespełnione oczekiwania dobrej praktyki \(\d+\)", page
    )


def test_a_statutory_expectation_must_cite_its_article() -> None:
    from pydantic import ValidationError

    from queries.analysis.expectations import Expectation

    with pytest.raises(ValidationError):
        Expectation(id="x", label="x", level="gmina", types=["OPS"], basis="statutory", source="bo tak")
    with pytest.raises(ValidationError):
        Expectation(id="x", label="x", level="gmina")


def test_gaps_group_providers_conformance(demo_store: Store) -> None:
    """The named query behind the border-crossing providers, against the demo batch (not the query)."""
    from graph import model as m
    from importers.demo import demo_batch

    batch = demo_batch()
    gmina = {i.id: i.gmina for i in batch.nodes[m.Institution]}
    offers = {r.dst: r.src for r in batch.rels[m.Offers]}
    groups: dict[str, set[str]] = {}
    for r in batch.rels[m.ForGroup]:
        groups.setdefault(r.src, set()).add(r.dst)
    expected = {
        (offers[s], s, frozenset(g))
        for s, g in groups.items()
        if (gmina[offers[s]] or "").startswith("04") and not (gmina[offers[s]] or "").startswith("0415")
    }
    rows = demo_store.query("gaps_group_providers", {"prefix": "0415", "region": "04"})
    assert {(r["id"], r["service"], frozenset(r["groups"])) for r in rows} == expected
    assert ("sds-torun", "sds-torun.sds", frozenset({"chorzy-psychicznie", "niepelnosprawni"})) in expected
    assert all(r["gmina_lat"] is not None for r in rows)
    assert demo_store.query("gaps_group_providers", {"prefix": "04", "region": "-"}) == []


# ---------------------------------------------------------------- time: a past period shows that period's network


def test_a_past_period_shows_the_network_that_existed_then(store: Store) -> None:
    """Validity dates on institutions, services, ties and memberships (issue 14 with the registers' retirements)."""
    from gapkit import load_demo_into

    from graph import model as m
    from graph.writer import Batch, write_batch
    from importers.demo import demo_batch

    load_demo_into(store)  # a store of its own: this test changes the network
    demo = demo_batch()
    assert any((r.src, r.dst) == ("pup-torun", "cus-lubicz") for r in demo.rels[m.CooperatesWith])
    batch = Batch()
    # the KIS closed at the end of 2024; the CUS–PUP tie ended in mid-2024; an NGO joined ZI Lubicz in March 2025
    kis = next(i for i in demo.nodes[m.Institution] if i.id == "kis-lubicz")
    batch.add(m.Institution, [kis.model_copy(update={"valid_to": dt.date(2024, 12, 31)})])
    tie = next(r for r in demo.rels[m.CooperatesWith] if (r.src, r.dst) == ("pup-torun", "cus-lubicz"))
    batch.add(m.CooperatesWith, [tie.model_copy(update={"since": None, "until": dt.date(2024, 6, 30)})])
    batch.add(m.MemberOf, [m.MemberOf(src="ngo-seniorzy", dst="zi-lubicz", since=dt.date(2025, 3, 1))])
    write_batch(store, batch)
    now = build_report(store, "0415", YEAR)
    then = build_report(store, "0415", Period.parse("2024"))
    assert "kis-lubicz" not in {i.id for i in now.institutions} and "kis-lubicz" in {i.id for i in then.institutions}
    assert not now.projection.declared.has_edge("cus-lubicz", "pup-torun")  # type: ignore[union-attr]
    assert then.projection.declared.has_edge("cus-lubicz", "pup-torun")  # type: ignore[union-attr]
    assert now.projection.partnership.has_edge("ngo-seniorzy", "cus-lubicz")  # type: ignore[union-attr]
    assert not then.projection.partnership.has_edge("ngo-seniorzy", "cus-lubicz")  # type: ignore[union-attr]
