"""Multi-step client pathways (OPS → CIS → job, PUP → KIS → CIS…): funnels, drop-off, time, outcomes.

A pathway is a sequence of steps.  The first step is met by any contact of the
client with an institution of the step's types (registration, a referral sent
or received); each further institutional step by a referral *received* by such
an institution no earlier than the previous step; an outcome step (e.g. "job")
by a referral with that outcome, closed no earlier than the previous step.
Steps are matched greedily in time order (the earliest qualifying event), which
gives each client at most one pass per pathway.

Published numbers are client data: the funnel is suppressed against
differencing (:func:`~queries.analysis.privacy.suppress_nested`), outcome cells
with secondary suppression, medians only over at least *k* clients.

Complexity: O(R log R) to sort R referrals per client, then O(S·R_c) per client
and pathway of S steps.  Reference: funnel analysis of referral pathways as in
closed-loop referral reporting (Open Referral / Gravity Project, HL7 FHIR SDOH
Clinical Care IG, "referral outcomes").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from graph.enums import InstitutionType as T
from graph.enums import ReferralOutcome
from queries.analysis import privacy
from queries.analysis.projection import Projection, ReferralInfo

__all__ = [
    "Step",
    "PathwaySpec",
    "StepResult",
    "PathwayResult",
    "DEFAULT_PATHWAYS",
    "client_timelines",
    "funnel",
    "analyse_pathways",
    "NO_OUTCOME",
]

NO_OUTCOME = "none"


@dataclass(frozen=True)
class Step:
    """An institutional step (``types``) or an outcome step (``outcome``)."""

    label: str
    types: frozenset[T] = frozenset()
    outcome: str | None = None


@dataclass(frozen=True)
class PathwaySpec:
    id: str
    label: str
    steps: tuple[Step, ...]


_OPS = Step("OPS/CUS", frozenset({T.OPS, T.CUS}))
_PUP = Step("PUP", frozenset({T.PUP}))
_CIS = Step("CIS", frozenset({T.CIS}))
_KIS = Step("KIS", frozenset({T.KIS}))
_JOB = Step("praca", outcome=ReferralOutcome.EMPLOYED.value)

DEFAULT_PATHWAYS: tuple[PathwaySpec, ...] = (
    PathwaySpec("ops-cis-praca", "OPS/CUS → CIS → praca", (_OPS, _CIS, _JOB)),
    PathwaySpec("ops-kis-cis-praca", "OPS/CUS → KIS → CIS → praca", (_OPS, _KIS, _CIS, _JOB)),
    PathwaySpec("pup-cis-praca", "PUP → CIS → praca", (_PUP, _CIS, _JOB)),
    PathwaySpec("pup-kis-cis", "PUP → KIS → CIS", (_PUP, _KIS, _CIS)),
)


@dataclass(frozen=True)
class _Contact:
    at: dt.datetime
    institution: str
    referral: ReferralInfo | None  # set when the client was received by the institution


@dataclass(frozen=True)
class StepResult:
    label: str
    clients: int | None  # suppressed
    share_of_start: float | None
    drop_off: float | None  # share lost since the previous step
    median_days: float | None  # from the previous step (≥ k clients)


@dataclass(frozen=True)
class PathwayResult:
    id: str
    label: str
    steps: tuple[StepResult, ...]
    outcomes: dict[str, int | None]  # outcome of the last institutional step's referral (suppressed)
    outcome_rates: dict[str, float | None]


def client_timelines(p: Projection) -> dict[str, list[_Contact]]:
    """Client → contacts in time order (registrations, referrals sent and received in the period)."""
    out: dict[str, list[_Contact]] = defaultdict(list)
    for reg in p.registrations:
        if reg.registered_at is not None and reg.registered_at.date() <= p.period.end:
            out[reg.client].append(_Contact(reg.registered_at, reg.institution, None))
    for r in p.referrals_in_period:
        if r.client:
            out[r.client].append(_Contact(r.created_at, r.sender, None))
            out[r.client].append(_Contact(r.created_at, r.receiver, r))
    for contacts in out.values():
        contacts.sort(key=lambda c: (c.at, c.referral is not None, c.institution))
    return dict(sorted(out.items()))


def _walk(p: Projection, contacts: Sequence[_Contact], spec: PathwaySpec) -> list[tuple[dt.datetime, ReferralInfo | None]]:
    """The (time, referral) at which the client met each step, as far as they got."""
    reached: list[tuple[dt.datetime, ReferralInfo | None]] = []
    since: dt.datetime | None = None
    for k, step in enumerate(spec.steps):
        hit: tuple[dt.datetime, ReferralInfo | None] | None = None
        if step.outcome is not None:
            for c in contacts:
                r = c.referral
                if r is None or r.outcome != step.outcome or since is None or c.at < since:
                    continue
                hit = (r.closed_at or r.created_at, r)
                break
        else:
            for c in contacts:
                inst = p.institutions.get(c.institution) or p.candidates.get(c.institution)
                if inst is None or inst.type not in step.types or (since is not None and c.at < since):
                    continue
                if k > 0 and c.referral is None:
                    continue  # further steps need a referral received by the institution
                hit = (c.at, c.referral)
                break
        if hit is None:
            break
        reached.append(hit)
        if step.outcome is None:
            since = hit[0]
    return reached


def funnel(p: Projection, spec: PathwaySpec, timelines: dict[str, list[_Contact]] | None = None) -> PathwayResult:
    """The funnel of one pathway over the projection's clients.

    ``timelines`` (from :func:`client_timelines`) can be passed to share them between pathways.

    Examples
    --------
    Six clients start at an OPS; five reach the CIS, and all five get a job:

    >>> import datetime as dt
    >>> from graph.enums import InstitutionType as T
    >>> from queries.analysis.projection import InstitutionInfo, Period, Registration, ReferralInfo, Unit
    >>> day = lambda d: dt.datetime(2025, 1, 1) + dt.timedelta(days=d)
    >>> insts = {"ops": InstitutionInfo("ops", "OPS", T.OPS), "cis": InstitutionInfo("cis", "CIS", T.CIS)}
    >>> regs = [Registration(f"c{i}", "ops", day(0)) for i in range(6)]
    >>> refs = [ReferralInfo(f"r{i}", "ops", "cis", f"c{i}", day(10), "completed",
    ...                      outcome="employed", closed_at=day(100)) for i in range(5)]
    >>> p = Projection(root=Unit("04", "voivodeship", "x"), period=Period.parse("2025"),
    ...                institutions=insts, registrations=regs, referrals=refs)
    >>> r = funnel(p, DEFAULT_PATHWAYS[0])
    >>> [(s.label, s.clients, s.median_days) for s in r.steps]
    [('OPS/CUS', 6, None), ('CIS', None, 10.0), ('praca', None, 90.0)]
    """
    timelines = client_timelines(p) if timelines is None else timelines
    reached_counts = [0] * len(spec.steps)
    gaps: list[list[float]] = [[] for _ in spec.steps]
    last_inst = max(i for i, s in enumerate(spec.steps) if s.outcome is None)
    outcomes: Counter[str] = Counter()
    for contacts in timelines.values():
        path = _walk(p, contacts, spec)
        for i, (at, _) in enumerate(path):
            reached_counts[i] += 1
            if i > 0:
                gaps[i].append((at - path[i - 1][0]).total_seconds() / 86400)
        if len(path) > last_inst:
            ref = path[last_inst][1]
            outcomes[(ref.outcome if ref and ref.outcome else NO_OUTCOME)] += 1
    published = privacy.suppress_nested(reached_counts)
    steps = []
    for i, step in enumerate(spec.steps):
        n = published[i]
        prev = published[i - 1] if i else None
        steps.append(
            StepResult(
                step.label,
                n,
                privacy.share(n, published[0]) if i else (1.0 if n else None),
                round(1 - n / prev, 3) if i and n is not None and prev else None,
                privacy.median_days(gaps[i]) if i else None,
            )
        )
    cells = {o.value: outcomes.get(o.value, 0) for o in ReferralOutcome}
    cells[NO_OUTCOME] = outcomes.get(NO_OUTCOME, 0)
    shown = privacy.suppress_group(cells)
    base = published[last_inst]
    rates = {k: privacy.share(v, base) for k, v in shown.items()}
    return PathwayResult(spec.id, spec.label, tuple(steps), shown, rates)


def analyse_pathways(p: Projection, specs: Sequence[PathwaySpec] = DEFAULT_PATHWAYS) -> list[PathwayResult]:
    """Funnels of every pathway (see :func:`funnel`); client timelines are built once."""
    timelines = client_timelines(p)
    return [funnel(p, s, timelines) for s in specs]
