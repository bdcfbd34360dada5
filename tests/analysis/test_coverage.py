"""Coverage, expectations and reachability on hand-built projections with planted gaps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gapkit import inst, powiat_units, projection

from graph.enums import InstitutionType as T
from queries.analysis.coverage import check_expectations, coverage_matrix, reachability
from queries.analysis.expectations import (
    DEFAULT_EXPECTATIONS,
    Expectation,
    expectation_types,
    load_expectations,
)
from queries.analysis.projection import AnalysisInputError, Registration, ServiceInfo, Tie, Unit

EXP = {e.id: e for e in DEFAULT_EXPECTATIONS}


def _checks(p, *ids):  # type: ignore[no-untyped-def]
    return {(c.expectation, c.teryt): c for c in check_expectations(p, [EXP[i] for i in ids])}


def test_planted_gmina_without_ops_is_a_gap() -> None:
    p = projection([inst("ops1", T.OPS, "041501"), inst("cus2", T.CUS, "041502")])
    checks = _checks(p, "ops-gmina")
    assert checks[("ops-gmina", "041501")].met and checks[("ops-gmina", "041501")].via == ("ops1",)
    assert checks[("ops-gmina", "041502")].met and checks[("ops-gmina", "041502")].via == ("cus2",)
    gap = checks[("ops-gmina", "041503")]
    assert gap.met is False and gap.how is None and gap.via == ()


def test_powiat_institution_serving_the_powiat_is_competent_and_voivodeship_ancestor_is_checked() -> None:
    p = projection([inst("pcpr", T.PCPR, "041501", serves=("0415",)), inst("rops", T.ROPS, "041501", serves=("04",))])
    checks = _checks(p, "pcpr-powiat", "pup-powiat", "rops-voivodeship")
    assert checks[("pcpr-powiat", "0415")].met
    assert not checks[("pup-powiat", "0415")].met
    rops = checks[("rops-voivodeship", "04")]
    assert rops.met and rops.in_territory is False


def test_city_with_powiat_rights_counts_its_mops_as_pcpr() -> None:
    units = {
        "04": Unit("04", "voivodeship", "w", lat=53.0, lon=18.6, in_territory=False),
        "0463": Unit("0463", "powiat", "Toruń", "miasto na prawach powiatu", 53.0, 18.6, "04"),
        "046301": Unit("046301", "gmina", "Toruń", "gmina miejska", 53.0, 18.6, "0463"),
    }
    p = projection([inst("mopr", T.OPS, "046301", serves=("046301", "0463"))], units=units)
    pcpr = _checks(p, "pcpr-powiat")[("pcpr-powiat", "0463")]
    assert pcpr.met and pcpr.via == ("mopr",)


def test_kis_reachable_through_one_cooperation_step_but_not_two() -> None:
    insts = [
        inst("ops1", T.OPS, "041501"),
        inst("ops2", T.OPS, "041502"),
        inst("ngo", T.NGO, "041502"),
        inst("kis", T.KIS, "041503"),
        inst("ops3", T.OPS, "041503"),
    ]
    p = projection(
        insts,
        ties=[Tie("ops1", "kis", "referrals"), Tie("ops2", "ngo", "information"), Tie("ngo", "kis", "information")],
    )
    checks = _checks(p, "kis-gmina")
    assert checks[("kis-gmina", "041501")].how == "hops" and checks[("kis-gmina", "041501")].via == ("kis",)
    assert checks[("kis-gmina", "041502")].met is False  # two steps away, default hops = 1
    assert checks[("kis-gmina", "041503")].how == "competent"
    two = EXP["kis-gmina"].model_copy(update={"hops": 2})
    assert {c.teryt: c.met for c in check_expectations(p, [two])}["041502"] is True


def test_cis_within_distance_and_beyond_it() -> None:
    # gminas are 0.15° of longitude apart (~10 km at 53°N); the CIS sits in gmina 1
    cis = inst("cis", T.CIS, "041501", lat=53.0, lon=18.6)
    p = projection([cis, inst("ops", T.OPS, "041501")], candidates=[cis])
    near = Expectation(id="cis-15", label="CIS 15 km", level="gmina", types=(T.CIS,), mode="distance", distance_km=15)
    got = {c.teryt: c for c in check_expectations(p, [near])}
    assert got["041501"].how == "competent"
    assert got["041502"].how == "distance" and got["041502"].nearest_km == pytest.approx(10.0, abs=0.1)
    assert got["041503"].met is False and got["041503"].nearest_km == pytest.approx(20.1, abs=0.1)


def test_coverage_matrix_counts_services_per_gmina_with_parents_and_groups() -> None:
    cats = {"pomoc": ("Pomoc", None), "ps": ("Praca socjalna", "pomoc"), "posilek": ("Posiłek", "pomoc")}
    groups = {"seniorzy": "seniorzy", "bezdomni": "bezdomni"}
    services = [
        ServiceInfo("s1", "ops1", categories=("ps",), groups=("seniorzy",), areas=("041501",)),
        ServiceInfo("s2", "pcpr", categories=("posilek",), groups=("bezdomni",), areas=("0415",)),
        ServiceInfo("s3", "ops1", status="defunct", categories=("ps",), areas=("041502",)),
    ]
    p = projection(
        [inst("ops1", T.OPS, "041501"), inst("pcpr", T.PCPR, "041501", serves=("0415",))],
        services=services,
        categories=cats,
        groups=groups,
    )
    m = coverage_matrix(p)
    assert m.gminas == ("041501", "041502", "041503")
    assert m.cell("category", "pomoc", "041501") == 2
    assert m.cell("category", "ps", "041502") == 0  # the defunct service does not count
    assert m.row("category", "posilek").supply == (1, 1, 1)
    assert m.row("group", "seniorzy").supply == (1, 0, 0)
    empty = {(c.need, c.gmina) for c in m.empty_cells}
    assert ("ps", "041502") in empty and ("seniorzy", "041503") in empty and ("posilek", "041501") not in empty


def test_demand_is_suppressed_and_flags_unmet_need() -> None:
    groups = {"seniorzy": "seniorzy"}
    regs = [Registration(f"c{k}", "ops2", None, ("seniorzy",)) for k in range(7)]
    regs += [Registration("x1", "ops3", None, ("seniorzy",))]
    p = projection(
        [inst("ops1", T.OPS, "041501"), inst("ops2", T.OPS, "041502"), inst("ops3", T.OPS, "041503")],
        services=[ServiceInfo("s", "ops1", groups=("seniorzy",))],
        groups=groups,
        registrations=regs,
    )
    row = coverage_matrix(p).row("group", "seniorzy")
    # 0, 7, 1 → the 1 is suppressed, and the 7 too (secondary suppression of a single hidden cell)
    assert row.demand == (0, None, None)
    cells = {c.gmina: c for c in coverage_matrix(p).empty_cells}
    assert cells["041502"].demand_known and cells["041503"].demand_known


def test_reachability_hops_and_km() -> None:
    cats = {"reint": ("Reintegracja", None)}
    insts = [
        inst("ops1", T.OPS, "041501"),
        inst("ops2", T.OPS, "041502"),
        inst("ops3", T.OPS, "041503"),
        inst("cis", T.CIS, "041501", lat=53.0, lon=18.6),
    ]
    p = projection(
        insts,
        services=[ServiceInfo("s", "cis", categories=("reint",), areas=("041501",))],
        categories=cats,
        ties=[Tie("ops2", "cis", "referrals")],
    )
    (row,) = reachability(p, max_hops=2)
    assert row.hops == (0, 1, None)
    assert row.km[0] == 0.0 and row.km[1] == pytest.approx(10.0, abs=0.1)


def test_expectations_load_from_json_with_clear_errors(tmp_path: Path) -> None:
    good = tmp_path / "ok.json"
    good.write_text(
        json.dumps([{"id": "wtz", "label": "WTZ w powiecie", "level": "powiat", "types": ["WTZ"]}]), encoding="utf-8"
    )
    (e,) = load_expectations(good)
    assert e.types == (T.WTZ,) and e.mode == "competent"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "x", "label": "x", "level": "gmina", "types": ["NIEZNANY"]}]), encoding="utf-8")
    with pytest.raises(AnalysisInputError, match=r"bad\.json: błąd w pozycji 0\.types\.0"):
        load_expectations(bad)
    dup = tmp_path / "dup.json"
    dup.write_text(json.dumps([{"id": "a", "label": "a", "level": "gmina", "types": ["OPS"]}] * 2), encoding="utf-8")
    with pytest.raises(AnalysisInputError, match="powtarzają"):
        load_expectations(dup)


def test_candidate_types_cover_every_expectation() -> None:
    assert set(expectation_types(DEFAULT_EXPECTATIONS)) == {
        "OPS",
        "CUS",
        "PCPR",
        "PUP",
        "ROPS",
        "KIS",
        "CIS",
        "SDS",
        "OIK",
        "GKRPA",
    }


def test_units_with_duplicate_names_are_told_apart() -> None:
    units = powiat_units(2)
    units["041502"] = Unit("041502", "gmina", "Gmina 1", "gmina miejska", 53.0, 18.75, "0415")
    p = projection([inst("o", T.OPS, "041501")], units=units)
    assert p.unit_name("041501") == "Gmina 1 (gmina wiejska)"
    assert p.unit_name("041502") == "Gmina 1 (gmina miejska)"
