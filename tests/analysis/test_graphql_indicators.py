"""`gapReport { indicators }` over GraphQL: three yearly points equal to the library's, audited, guarded, bad years named."""

from __future__ import annotations

from graph.store.protocol import Store
from queries.analysis.indicators import NOT_CAUSATION, build_series, periods
from tests.analysis.test_graphql_gaps import ANALYST, CASEWORKER, COORDINATOR, _codes, _run, _runtime

QUERY = """
query($t: String!, $y: String!) {
  gapReport(territory: $t, period: "2025") {
    indicators(years: $y) {
      periods warning
      indicators { name label unit direction trend attained series { period value suppressed } target { value } }
    }
  }
}
"""


def test_three_years_match_the_library_and_are_audited(demo_store: Store) -> None:
    audit = _runtime().audit
    before = len(audit.events())
    result = _run(demo_store, COORDINATOR, {"t": "0415", "y": "2023:2025"}, QUERY)
    assert result.errors is None, result.errors
    got = result.data["gapReport"]["indicators"]
    expected = build_series(demo_store, "0415", periods(2023, 2025))
    assert got["periods"] == list(expected.periods) and len(got["periods"]) == 3
    assert got["warning"] == NOT_CAUSATION
    rows = {r["name"]: r for r in got["indicators"]}
    for row in expected.rows:
        mine = rows[row.indicator]
        assert [p["value"] for p in mine["series"]] == list(row.values)
        assert [p["suppressed"] for p in mine["series"]] == [v is None for v in row.values]
        assert mine["trend"] == row.trend and mine["target"] is None and mine["attained"] is None
    assert rows["statutory_gaps"]["unit"] == "liczba" and rows["density_all"]["unit"] == "udział"
    assert any(p["value"] is not None for p in rows["density_all"]["series"])
    actions = [(e.action, e.outcome) for e in audit.events()[before:]]
    assert actions == [("gaps.report", "allowed"), ("gaps.indicators", "allowed")]


def test_indicators_are_guarded_like_the_report(demo_store: Store) -> None:
    assert _codes(_run(demo_store, COORDINATOR, {"t": "0463", "y": "2024:2025"}, QUERY)) == ["FORBIDDEN"]
    assert _codes(_run(demo_store, CASEWORKER, {"t": "0415", "y": "2024:2025"}, QUERY)) == ["FORBIDDEN"]
    for bad in ("2025:2023", "20x5", "2000:2025"):
        result = _run(demo_store, ANALYST, {"t": "0415", "y": bad}, QUERY)
        assert _codes(result) == ["BAD_USER_INPUT"] and "years" in result.errors[0].message, (bad, result.errors)
