"""Indicators over time: three yearly points on the demo network, targets, trend, the non-causation warning."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from graph.store.protocol import Store
from queries.analysis import privacy
from queries.analysis.export import write_indicator_csv
from queries.analysis.html import render_html
from queries.analysis.indicators import NOT_CAUSATION, Target, build_series, load_targets, periods, trend
from queries.analysis.projection import AnalysisInputError, Period
from queries.analysis.report import build_report


def test_three_years_with_targets(demo_store: Store, tmp_path: Path) -> None:
    targets = [
        Target(indicator="density_all", value=0.12, direction="up"),
        Target(indicator="statutory_gaps", value=10, direction="down"),
    ]
    series = build_series(demo_store, "0415", periods(2023, 2025), targets)
    assert series.periods == tuple(Period.parse(str(y)).label for y in (2023, 2024, 2025))
    rows = {r.indicator: r for r in series.rows}
    # every point is that year's own report
    for year, value in zip((2023, 2024, 2025), rows["density_all"].values, strict=True):
        assert value == build_report(demo_store, "0415", Period.parse(str(year))).metrics["density_all"]
    density = rows["density_all"]
    assert density.trend == trend(list(density.values))
    assert density.attained is (density.values[-1] >= 0.12)
    assert rows["statutory_gaps"].attained is (rows["statutory_gaps"].values[-1] <= 10)
    assert rows["centralization_all"].target is None and rows["centralization_all"].attained is None
    # client-derived gmina outcomes are published only after suppression
    k = privacy.threshold()
    for g in series.gminas:
        assert g.clients is None or g.clients == 0 or g.clients >= k
        assert g.employed is None or g.employed == 0 or g.employed >= k
    page = render_html(build_report(demo_store, "0415", Period.parse("2025")), images={}, indicators=series)
    assert 'id="wskazniki"' in page and "Wskaźniki w czasie" in page
    assert "pokazuje współwystępowanie, a nie przyczynę" in page and NOT_CAUSATION.split(":")[0] in page
    files = write_indicator_csv(series, tmp_path)
    got = list(csv.reader(io.StringIO(files[0].read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(got) == 1 + 3 * len(series.rows)
    assert any(row[0] == "density_all" and row[6] == "co najmniej" for row in got)


def test_quarters_and_bad_targets(tmp_path: Path) -> None:
    assert [p.label for p in periods(2025, 2025, quarterly=True)][-1] == "2025-10-01 – 2025-12-31"
    with pytest.raises(AnalysisInputError):
        periods(2025, 2024)
    bad = tmp_path / "cele.json"
    bad.write_text('[{"indicator": "gestosc", "value": 1, "direction": "up"}]', encoding="utf-8")
    with pytest.raises(AnalysisInputError, match=r"cele.json: błąd w pozycji 0.indicator"):
        load_targets(bad)
    bad.write_text('[{"indicator": "density_all", "value": 1, "direction": "w górę"}]', encoding="utf-8")
    with pytest.raises(AnalysisInputError, match=r"cele.json: błąd w pozycji 0.direction"):
        load_targets(bad)


def test_pathways_are_data_a_coordinator_can_define(demo_store: Store, tmp_path: Path) -> None:
    import json

    from queries.analysis.pathways import DEFAULT_PATHWAYS, load_pathways

    ids = {p.id for p in DEFAULT_PATHWAYS}
    assert {"cis-owes-spoldzielnia", "wtz-zaz-praca"} <= ids  # social economy and supported employment
    own = tmp_path / "sciezki.json"
    own.write_text(
        json.dumps(
            [
                {
                    "id": "ops-owes-sp",
                    "label": "OPS/CUS → OWES → spółdzielnia socjalna",
                    "steps": [
                        {"label": "OPS/CUS", "types": ["OPS", "CUS"]},
                        {"label": "OWES", "types": ["OWES"]},
                        {"label": "spółdzielnia socjalna", "types": ["SPOLDZIELNIA_SOCJALNA"]},
                    ],
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    specs = load_pathways(own)
    report = build_report(demo_store, "0415", Period.parse("2025"), pathways=specs)
    assert [p.id for p in report.pathways] == ["ops-owes-sp"]
    assert [s.label for s in report.pathways[0].steps] == ["OPS/CUS", "OWES", "spółdzielnia socjalna"]
    own.write_text(
        json.dumps(
            [
                {
                    "id": "x",
                    "label": "x",
                    "steps": [{"label": "a", "outcome": "employed"}, {"label": "b", "types": ["CIS"]}],
                }
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        AnalysisInputError, match=re.escape("sciezki.json: błąd w pozycji 0.steps: pierwszy krok musi być instytucją")
    ):
        load_pathways(own)
    own.write_text(
        json.dumps(
            [
                {
                    "id": "x",
                    "label": "x",
                    "steps": [{"label": "a", "types": ["NIE_MA"]}, {"label": "b", "types": ["CIS"]}],
                }
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(AnalysisInputError, match=r"sciezki.json: błąd w pozycji 0.steps.0.types.0"):
        load_pathways(own)
