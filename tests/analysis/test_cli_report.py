"""`kooperacja gaps` end to end: the HTML opens, its charts render, the exports load; bad input writes nothing."""

from __future__ import annotations

import base64
import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image as mpimg
import networkx as nx
import pytest
from gapkit import load_demo_into
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from graph.store.ladybug_store import LadybugStore

runner = CliRunner()


@pytest.fixture
def graph_args(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """Global CLI options pointing at a store holding the demo network (closed, so the CLI can open it)."""
    if backend == "ladybug":
        store = LadybugStore(tmp_path / "demo-db")
        store.init_schema()
        load_demo_into(store)
        store.close()
        return ["--graph", str(tmp_path / "demo-db")]
    request.getfixturevalue("demo_store")  # loads the demo into the test server
    uri, password = request.getfixturevalue("neo4j_bolt")
    return ["--graph", uri, "--neo4j-password", password]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.headings: list[str] = []
        self.lang = None
        self._in_h = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "img":
            self.images.append(a.get("src") or "")
        self._in_h = tag in ("h1", "h2")

    def handle_data(self, data: str) -> None:
        if self._in_h and data.strip():
            self.headings.append(data.strip())
            self._in_h = False


def test_gaps_command_writes_a_complete_report(graph_args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "raport"
    result = runner.invoke(
        app, [*graph_args, "gaps", "0415", "--period", "2025-01-01:2025-12-31", "--compare", "2024", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Diagnoza: powiat toruński (0415)" in result.output and "luki (niespełnione oczekiwania)" in result.output

    page = _Page()
    page.feed((out / "raport.html").read_text(encoding="utf-8"))
    assert page.lang == "pl"
    assert page.headings[0] == "Diagnoza sieci współpracy: powiat toruński"
    for heading in (
        "Najważniejsze wnioski",
        "Luki: oczekiwania wobec terytorium",
        "Struktura sieci współpracy",
        "Porównanie okresów",
    ):
        assert heading in page.headings
    assert len(page.images) == 3
    for src in page.images:
        assert src.startswith("data:image/png;base64,")
        img = mpimg.imread(io.BytesIO(base64.b64decode(src.split(",", 1)[1])), format="png")
        assert img.shape[0] > 300 and img.shape[1] > 500  # rendered, not an empty figure
        assert img[..., :3].std() > 0.05  # not a blank canvas
    for name in ("mapa_pokrycia.png", "siec_wspolpracy.png", "sciezki_klientow.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    cov = (out / "pokrycie.csv").read_bytes()
    assert cov.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(cov.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["rodzaj", "potrzeba", "nazwa"] and len(rows[0]) == 3 + 9

    elements = (out / "kumu_elements.csv").read_text(encoding="utf-8")
    assert elements.startswith("Label,Type,Description")
    assert (out / "kumu_connections.csv").read_text(encoding="utf-8").startswith("From,To,Type")
    wb = load_workbook(out / "kumu.xlsx")
    assert wb.sheetnames == ["Elements", "Connections"]
    assert [c.value for c in wb["Elements"][1]][:2] == ["Label", "Type"]
    assert [c.value for c in wb["Connections"][1]][:2] == ["From", "To"]
    assert wb["Elements"].max_row == 25  # header + 24 institutions

    g = nx.read_graphml(out / "siec.graphml")
    assert g.number_of_nodes() == 24
    assert {d["layer"] for _, _, d in g.edges(data=True)} == {"declared", "partnership", "referrals"}

    data = json.loads((out / "raport.json").read_text(encoding="utf-8"))
    assert data["teryt"] == "0415" and data["comparison"]
    assert not list(tmp_path.glob(".raport-*")), "temporary directory left behind"


def test_bad_territory_writes_nothing(graph_args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "nic"
    result = runner.invoke(app, [*graph_args, "gaps", "9999", "--period", "2025", "--out", str(out)])
    assert result.exit_code == 2
    assert "nie ma jednostki terytorialnej o kodzie TERYT 9999" in result.output
    assert not out.exists()


def test_bad_expectations_file_names_file_and_field(graph_args: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "oczekiwania.json"
    bad.write_text(json.dumps([{"id": "x", "label": "x", "level": "kraj", "types": ["OPS"]}]), encoding="utf-8")
    out = tmp_path / "nic"
    result = runner.invoke(
        app, [*graph_args, "gaps", "0415", "--period", "2025", "--expectations", str(bad), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "oczekiwania.json: błąd w pozycji 0.level" in result.output
    assert not out.exists()


def test_bench_gaps_prints_the_split_and_the_ratio(graph_args: list[str]) -> None:
    result = runner.invoke(app, [*graph_args, "bench", "gaps", "--period", "2025"])
    assert result.exit_code == 0, result.output
    for label in ("projekcja, s", "analiza, s", "razem / projekcja", "zapytania do bazy"):
        assert label in result.output
    assert "to nie jest syntetyczne województwo" in result.output
