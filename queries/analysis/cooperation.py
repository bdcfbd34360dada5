"""Declared versus realised cooperation.

Two mismatches between what institutions declare and what their referrals show:

* **unused ties** – a declared tie (``COOPERATES_WITH``) with no referral in
  either direction in the period; ties whose kind promises referrals
  (referrals, agreement, contracting) are flagged ``expects_referrals``;
* **undeclared flows** – referrals from A to B in the period while A and B have
  neither a declared tie (either direction) nor a shared partnership.

Referral counts are client data: they are published only after small-count
suppression with secondary suppression across the listed flows.

Complexity: O(T + F) for T declared ties and F referral flows (edge look-ups
are O(1)).  Reference: the "declared vs enacted network" contrast follows
Provan & Kenis, "Modes of network governance", JPART 18 (2008), and PARTNER's
comparison of reported versus observed ties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.enums import CooperationKind
from queries.analysis import privacy
from queries.analysis.projection import Projection

__all__ = [
    "register_flows",
    "UnusedTie",
    "UndeclaredFlow",
    "CooperationResult",
    "REFERRAL_KINDS",
    "compare_declared_realised",
]

#: Kinds of declared tie that are expected to carry referrals.
REFERRAL_KINDS = frozenset(
    {CooperationKind.REFERRALS.value, CooperationKind.AGREEMENT.value, CooperationKind.CONTRACTING.value}
)


@dataclass(frozen=True)
class UnusedTie:
    a: str
    b: str
    kinds: tuple[str, ...]
    expects_referrals: bool


@dataclass(frozen=True)
class UndeclaredFlow:
    sender: str
    receiver: str
    referrals: int | None  # suppressed
    reverse_flow: bool  # referrals also go back from receiver to sender


@dataclass(frozen=True)
class CooperationResult:
    declared_ties: int
    declared_expecting_referrals: int
    used_ties: int
    used_share: float | None  # of ties expecting referrals
    unused: tuple[UnusedTie, ...]
    flows: int  # institution pairs (directed) with referrals in the period
    flows_declared: int  # … covered by a declared tie
    flows_partnership_only: int  # … covered only by a shared partnership
    undeclared: tuple[UndeclaredFlow, ...]
    referrals_total: int | None  # suppressed
    referrals_external: int | None  # suppressed; referrals to or from outside the territory
    #: Every directed flow (sender, receiver) → published count; the GraphML and Kumu exports use these.
    flow_counts: dict[tuple[str, str], int | None] = field(default_factory=dict, compare=False)


def register_flows(p: Projection, led: privacy.Ledger) -> None:
    """The referral flows and their total as cells of the report's ledger (all referrals = sum of the flows)."""
    keys = []
    for a, b, w in sorted(p.referral_flows.edges(data="weight")):
        led.cell(("flow", a, b), w)
        keys.append(("flow", a, b))
    led.cell(("referrals_total",), sum(led.values[k] for k in keys))
    led.relation(("referrals_total",), keys)


def compare_declared_realised(p: Projection, shown: Mapping[object, int | None] | None = None) -> CooperationResult:
    """Find declared ties never used and referral flows nobody declared.

    Parameters
    ----------
    p : Projection

    Returns
    -------
    CooperationResult

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import InstitutionInfo, Period, ReferralInfo, Tie, Unit
    >>> insts = [InstitutionInfo(i, i, t, "041501") for i, t in [("ops", T.OPS), ("cis", T.CIS), ("pup", T.PUP)]]
    >>> refs = [ReferralInfo(f"r{k}", "pup", "cis", f"c{k}", dt.datetime(2025, 3, 1)) for k in range(6)]
    >>> p = Projection(root=Unit("0415", "powiat", "t"), period=Period.parse("2025"),
    ...     institutions={i.id: i for i in insts}, ties=[Tie("ops", "cis", "referrals")], referrals=refs)
    >>> r = compare_declared_realised(p)
    >>> [(u.a, u.b) for u in r.unused], [(f.sender, f.receiver, f.referrals) for f in r.undeclared]
    ([('cis', 'ops')], [('pup', 'cis', 6)])

    ``shown`` is the solved report ledger (see :func:`register_flows`); without
    it the flows are suppressed on their own.
    """
    if shown is None:
        led = privacy.Ledger()
        register_flows(p, led)
        shown = led.solve()
    declared = p.declared
    partners = p.partnership
    flows = p.referral_flows
    unused: list[UnusedTie] = []
    expecting = used = 0
    for a, b, data in sorted(declared.edges(data=True), key=lambda e: (str(min(e[0], e[1])), str(max(e[0], e[1])))):
        a, b = sorted((a, b))
        kinds = tuple(data.get("kinds", ()))
        expects = bool(REFERRAL_KINDS.intersection(kinds))
        carried = flows.has_edge(a, b) or flows.has_edge(b, a)
        expecting += expects
        used += expects and carried
        if not carried:
            unused.append(UnusedTie(a, b, kinds, expects))
    raw: dict[tuple[str, str], int] = {}
    n_declared = n_partner = 0
    for a, b, w in sorted(flows.edges(data="weight")):
        if declared.has_edge(a, b):
            n_declared += 1
        elif partners.has_edge(a, b):
            n_partner += 1
        else:
            raw[(a, b)] = w
    published = {key: shown[("flow", *key)] for key in raw}
    undeclared = tuple(
        UndeclaredFlow(a, b, published[(a, b)], flows.has_edge(b, a))
        # order by the published count only, so the order reveals nothing about suppressed cells
        for (a, b) in sorted(raw, key=lambda k: (-(published[k] or 0), k))
    )
    inside = sum(w for _, _, w in flows.edges(data="weight"))
    external = sum(1 for r in p.referrals_in_period if (r.sender in p.institutions) != (r.receiver in p.institutions))
    return CooperationResult(
        declared_ties=declared.number_of_edges(),
        declared_expecting_referrals=expecting,
        used_ties=used,
        used_share=round(used / expecting, 3) if expecting else None,
        unused=tuple(sorted(unused, key=lambda u: (not u.expects_referrals, u.a, u.b))),
        flows=flows.number_of_edges(),
        flows_declared=n_declared,
        flows_partnership_only=n_partner,
        undeclared=undeclared,
        referrals_total=shown[("referrals_total",)] if inside else 0,
        referrals_external=privacy.suppress(external),
        flow_counts={(a, b): shown[("flow", a, b)] for a, b in sorted(flows.edges())},
    )
