"""The diagnosis as a new user reads it (`kooperacja gaps 0415`): one test per defect reported in issue 14."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from graph.enums import CooperationKind
from graph.store.protocol import Store
from queries.analysis import charts
from queries.analysis.export import write_csv, write_report_csvs
from queries.analysis.html import render_html
from queries.analysis.projection import Period
from queries.analysis.report import GapReport, build_report
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
    boxes = [a.get_window_extent(renderer) for a in fig.axes[0].texts if a.get_text() and a.get_bbox_patch() is not None]
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
    path = write_csv(tmp_path / "x.csv", ["nazwa", "wartość"], [["=HYPERLINK(\"http://x\")", 0.5], ["+48 123", -1.25], ["@SUM(A1)", 3]])
    got = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert got[1] == ["'=HYPERLINK(\"http://x\")", "0,5"]
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
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900", "--virtual-time-budget=3000",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    probe_value = re.search(r'data-probe="(\d+):(\d+)"', out)
    assert probe_value is not None, out[:500]
    width, wide_tables = int(probe_value.group(1)), int(probe_value.group(2))
    assert width <= 1400 and wide_tables == 0
