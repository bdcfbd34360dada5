"""Builders for the gap-analysis tests: hand-built projections and a small planted network in a store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from graph import model as m
from graph.enums import InstitutionType as T
from graph.writer import Batch
from queries.analysis.projection import (
    InstitutionInfo,
    Membership,
    Period,
    PlanInfo,
    Projection,
    ReferralInfo,
    Registration,
    ServiceInfo,
    Tie,
    Unit,
)

YEAR = Period.parse("2025")


def day(n: int) -> dt.datetime:
    return dt.datetime(2025, 1, 1, 10, 0) + dt.timedelta(days=n)


def powiat_units(gminas: int = 3, powiat: str = "0415") -> dict[str, Unit]:
    """A powiat with ``gminas`` gminas 10 km apart along a parallel, plus its voivodeship."""
    units = {
        powiat[:2]: Unit(powiat[:2], "voivodeship", "województwo testowe", lat=53.0, lon=18.6, in_territory=False),
        powiat: Unit(powiat, "powiat", "powiat testowy", "powiat", 53.0, 18.6, powiat[:2]),
    }
    for k in range(gminas):
        code = f"{powiat}{k + 1:02d}"
        units[code] = Unit(code, "gmina", f"Gmina {k + 1}", "gmina wiejska", 53.0, 18.6 + 0.15 * k, powiat)
    return units


def projection(
    institutions: Iterable[InstitutionInfo],
    *,
    units: dict[str, Unit] | None = None,
    services: Iterable[ServiceInfo] = (),
    ties: Iterable[Tie] = (),
    memberships: Iterable[Membership] = (),
    referrals: Iterable[ReferralInfo] = (),
    registrations: Iterable[Registration] = (),
    plans: Iterable[PlanInfo] = (),
    candidates: Iterable[InstitutionInfo] = (),
    categories: dict[str, tuple[str, str | None]] | None = None,
    groups: dict[str, str] | None = None,
) -> Projection:
    units = units if units is not None else powiat_units()
    root = next(u for u in units.values() if u.level == "powiat")
    return Projection(
        root=root,
        period=YEAR,
        units=units,
        institutions={i.id: i for i in institutions},
        services=list(services),
        ties=list(ties),
        memberships=list(memberships),
        referrals=list(referrals),
        registrations=list(registrations),
        plans=list(plans),
        candidates={c.id: c for c in candidates},
        categories=categories or {},
        groups=groups or {},
    )


def inst(
    iid: str, itype: T, gmina: str, serves: tuple[str, ...] = (), lat: float | None = None, lon: float | None = None
) -> InstitutionInfo:
    return InstitutionInfo(iid, f"{itype.value} {iid}", itype, gmina, lat, lon, serves or (gmina,), True)


# ---------------------------------------------------------------- a planted network in a real store


PLANTED_CLIENTS = 6


def planted_batch() -> Batch:
    """Powiat 9901 with three gminas: gmina 990103 has no OPS (planted gap);
    the OPS of 990101 refers six clients to a CIS it has no declared tie with (planted undeclared flow);
    the OPS and the PUP declared an agreement that carries no referral (planted unused tie)."""
    b = Batch()
    b.add(
        m.Territory,
        [
            m.Territory(teryt="99", level="voivodeship", name="testowe", lat=53.0, lon=18.6),
            m.Territory(teryt="9901", level="powiat", name="testowy", lat=53.0, lon=18.6),
            m.Territory(teryt="990101", level="gmina", name="Alfa", rodz="2", kind="gmina wiejska", lat=53.0, lon=18.6),
            m.Territory(
                teryt="990102", level="gmina", name="Beta", rodz="2", kind="gmina wiejska", lat=53.0, lon=18.75
            ),
            m.Territory(
                teryt="990103", level="gmina", name="Gamma", rodz="2", kind="gmina wiejska", lat=53.0, lon=18.9
            ),
        ],
    )
    b.add(m.Within, [m.Within(src="9901", dst="99"), *[m.Within(src=f"99010{k}", dst="9901") for k in (1, 2, 3)]])
    insts = [
        ("t-ops-a", T.OPS, "990101", ["990101"]),
        ("t-ops-b", T.OPS, "990102", ["990102"]),
        ("t-pup", T.PUP, "990101", ["9901"]),
        ("t-cis", T.CIS, "990102", ["990102"]),
        ("t-ngo", T.NGO, "990103", ["990103"]),
    ]
    b.add(m.Institution, [m.Institution(id=i, name=f"Instytucja {i}", type=t, gmina=g) for i, t, g, _ in insts])
    b.add(m.LocatedIn, [m.LocatedIn(src=i, dst=g) for i, _, g, _ in insts])
    b.add(m.Serves, [m.Serves(src=i, dst=s) for i, _, _, ss in insts for s in ss])
    b.add(
        m.Service, [m.Service(id="t-cis.reint", name="Reintegracja"), m.Service(id="t-ops-a.ps", name="Praca socjalna")]
    )
    b.add(m.Offers, [m.Offers(src="t-cis", dst="t-cis.reint"), m.Offers(src="t-ops-a", dst="t-ops-a.ps")])
    b.add(
        m.ServiceCategory,
        [m.ServiceCategory(id="t-reint", name="Reintegracja"), m.ServiceCategory(id="t-ps", name="Praca socjalna")],
    )
    b.add(m.InCategory, [m.InCategory(src="t-cis.reint", dst="t-reint"), m.InCategory(src="t-ops-a.ps", dst="t-ps")])
    b.add(
        m.AvailableIn, [m.AvailableIn(src="t-cis.reint", dst="990102"), m.AvailableIn(src="t-ops-a.ps", dst="990101")]
    )
    b.add(m.CooperatesWith, [m.CooperatesWith(src="t-ops-a", dst="t-pup", kind="agreement", since=dt.date(2020, 1, 1))])
    clients = [m.Client(id=f"cl-planted-{k:04d}", registered_at=day(k)) for k in range(PLANTED_CLIENTS)]
    b.add(m.Client, clients)
    b.add(m.RegisteredAt, [m.RegisteredAt(src=c.id, dst="t-ops-a") for c in clients])
    refs = [
        m.Referral(
            id=f"rf-planted-{k}", status="completed", outcome="employed", created_at=day(30 + k), closed_at=day(120 + k)
        )
        for k in range(PLANTED_CLIENTS)
    ]
    b.add(m.Referral, refs)
    b.add(m.SentBy, [m.SentBy(src=r.id, dst="t-ops-a") for r in refs])
    b.add(m.SentTo, [m.SentTo(src=r.id, dst="t-cis") for r in refs])
    b.add(m.ForClient, [m.ForClient(src=r.id, dst=c.id) for r, c in zip(refs, clients, strict=True)])
    return b


def load_demo_into(store: object) -> None:
    """Reference vocabularies and the demo network, as `kooperacja demo` loads them."""
    from graph.writer import write_batch
    from importers.demo import demo_batch, reference_batch

    write_batch(store, reference_batch())  # type: ignore[arg-type]
    write_batch(store, demo_batch())  # type: ignore[arg-type]
