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
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from graph.enums import InstitutionType as T
from graph.enums import ReferralOutcome
from queries.analysis import privacy
from queries.analysis.projection import AnalysisInputError, Projection, ReferralInfo

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
    "RawFunnel",
    "PathwayDefinition",
    "load_pathways",
    "count_funnel",
    "count_pathways",
    "publish_pathways",
    "still_in_progress",
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
_OWES = Step("OWES", frozenset({T.OWES}))
_COOP = Step("spółdzielnia socjalna", frozenset({T.SOCIAL_COOPERATIVE}))
_ZAZ = Step("ZAZ (zatrudnienie wspierane)", frozenset({T.ZAZ}))
_WTZ = Step("WTZ", frozenset({T.WTZ}))

DEFAULT_PATHWAYS: tuple[PathwaySpec, ...] = (
    PathwaySpec("ops-cis-praca", "OPS/CUS → CIS → praca", (_OPS, _CIS, _JOB)),
    PathwaySpec("ops-kis-cis-praca", "OPS/CUS → KIS → CIS → praca", (_OPS, _KIS, _CIS, _JOB)),
    PathwaySpec("pup-cis-praca", "PUP → CIS → praca", (_PUP, _CIS, _JOB)),
    PathwaySpec("pup-kis-cis", "PUP → KIS → CIS", (_PUP, _KIS, _CIS)),
    # social economy (ustawa z 5 sierpnia 2022 r. o ekonomii społecznej): OWES support into a spółdzielnia socjalna
    PathwaySpec("cis-owes-spoldzielnia", "CIS → OWES → spółdzielnia socjalna", (_CIS, _OWES, _COOP)),
    # supported employment of people with disabilities: WTZ → ZAZ (art. 28–29 ustawy o rehabilitacji zawodowej) → work
    PathwaySpec("wtz-zaz-praca", "WTZ → ZAZ → praca (zatrudnienie wspierane)", (_WTZ, _ZAZ, _JOB)),
)


class StepDefinition(BaseModel):
    """One step of a coordinator-defined pathway: institution types, or an outcome."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1, max_length=80)
    types: tuple[T, ...] = ()
    outcome: ReferralOutcome | None = None


class PathwayDefinition(BaseModel):
    """A pathway as data (JSON): ``{"id", "label", "steps": [{"label", "types": [...]} | {"label", "outcome"}]}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,60}$")
    label: str = Field(min_length=1, max_length=200)
    steps: tuple[StepDefinition, ...] = Field(min_length=2, max_length=8)

    def spec(self) -> PathwaySpec:
        steps = []
        for k, st in enumerate(self.steps):
            if st.outcome is None and not st.types:
                raise ValueError(f"krok {k}: podaj types albo outcome")
            if st.outcome is not None and st.types:
                raise ValueError(f"krok {k}: krok to albo instytucje (types), albo wynik (outcome)")
            steps.append(Step(st.label, frozenset(st.types), st.outcome.value if st.outcome else None))
        if steps[0].outcome is not None:
            raise ValueError("pierwszy krok musi być instytucją")
        return PathwaySpec(self.id, self.label, tuple(steps))


_PATHWAY_LIST = TypeAdapter(list[PathwayDefinition])


def load_pathways(path: str | Path) -> tuple[PathwaySpec, ...]:
    """Coordinator-defined pathways from a JSON list (they replace the defaults; copy those to keep them).

    Raises :class:`~queries.analysis.projection.AnalysisInputError` naming the file, the item and the field.

    Example (``kooperacja gaps 0415 --pathways sciezki.json``)::

        [{"id": "ops-owes-sp", "label": "OPS → OWES → spółdzielnia socjalna",
          "steps": [{"label": "OPS", "types": ["OPS", "CUS"]}, {"label": "OWES", "types": ["OWES"]},
                    {"label": "spółdzielnia", "types": ["SPOLDZIELNIA_SOCJALNA"]}]}]
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise AnalysisInputError(f"{path.name}: nie można odczytać pliku ścieżek JSON ({type(exc).__name__})") from None
    try:
        items = _PATHWAY_LIST.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise AnalysisInputError(
            f"{path.name}: błąd w pozycji {'.'.join(map(str, first['loc']))}: {first['msg']}"
        ) from None
    specs = []
    for k, item in enumerate(items):
        try:
            specs.append(item.spec())
        except ValueError as exc:
            raise AnalysisInputError(f"{path.name}: błąd w pozycji {k}.steps: {exc}") from None
    if len({s.id for s in specs}) != len(specs):
        raise AnalysisInputError(f"{path.name}: identyfikatory ścieżek powtarzają się")
    return tuple(specs)


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
    drop_off: float | None  # share of the previous step that ended without reaching this one (not those in progress)
    median_days: float | None  # from the previous step (≥ k clients)
    in_progress: int | None = None  # suppressed; still in the previous step (open referral or "continues")
    ended: int | None = None  # suppressed; left the previous step without reaching this one


@dataclass(frozen=True)
class PathwayResult:
    id: str
    label: str
    steps: tuple[StepResult, ...]
    outcomes: dict[str, int | None]  # outcome of the last institutional step's referral (suppressed)
    outcome_rates: dict[str, float | None]


#: Referral statuses of a client still being served (HL7 FHIR Task: not yet completed, cancelled, failed or rejected).
OPEN_STATUSES = frozenset({"draft", "requested", "received", "accepted", "in-progress", "on-hold"})


def still_in_progress(r: ReferralInfo | None) -> bool:
    """Whether the client is still served under this referral: no outcome and open, or "continues"."""
    if r is None:
        return False
    if r.outcome is not None:
        return r.outcome == ReferralOutcome.CONTINUES.value
    return r.status in OPEN_STATUSES and r.closed_at is None


@dataclass
class RawFunnel:
    """Unpublished counts of one pathway (never leaves the analysis: see :func:`publish`)."""

    spec: PathwaySpec
    reached: list[int]
    in_progress: list[int | None]  # per step; None where the previous step has no referral to be open
    ended: list[int | None]
    gaps: list[list[float]]
    outcomes: dict[str, int]

    def key(self, i: int) -> tuple[str, ...]:
        # pathways with the same first steps publish the same numbers: one key, one suppression decision
        return ("step", *(s.label for s in self.spec.steps[: i + 1]))

    @property
    def last_inst(self) -> int:
        return max(i for i, s in enumerate(self.spec.steps) if s.outcome is None)

    def outcome_key(self, o: str) -> tuple[str, ...]:
        return ("outcome", *self.key(self.last_inst)[1:], o)

    def register(self, led: privacy.Ledger) -> None:
        """Cells and identities for report-wide complementary suppression."""
        for i, n in enumerate(self.reached):
            led.cell(self.key(i), n)
        for i in range(1, len(self.reached)):
            prog, end = self.in_progress[i], self.ended[i]
            if prog is None or end is None:
                # not published, but a reader can subtract two published steps: those people are a cell too
                rest = ("not_continued", *self.key(i)[1:])
                led.cell(rest, self.reached[i - 1] - self.reached[i])
                led.relation(self.key(i - 1), [self.key(i), rest])
                continue
            led.cell(("in_progress", *self.key(i)[1:]), prog)
            led.cell(("ended", *self.key(i)[1:]), end)
            led.relation(self.key(i - 1), [self.key(i), ("in_progress", *self.key(i)[1:]), ("ended", *self.key(i)[1:])])
        for o, n in self.outcomes.items():
            led.cell(self.outcome_key(o), n)
        led.relation(self.key(self.last_inst), [self.outcome_key(o) for o in self.outcomes])
        for i, step in enumerate(self.spec.steps):
            # an outcome step counted by the same outcome as the outcome table: the same people, usually the same number
            if step.outcome in self.outcomes and self.reached[i] == self.outcomes[step.outcome] and i > self.last_inst:
                led.relation(self.key(i), [self.outcome_key(step.outcome)])

    def publish(self, shown: dict[object, int | None]) -> PathwayResult:
        steps = []
        start = shown[self.key(0)]
        for i, step in enumerate(self.spec.steps):
            n = shown[self.key(i)]
            prev = shown[self.key(i - 1)] if i else None
            prog = shown.get(("in_progress", *self.key(i)[1:])) if i and self.in_progress[i] is not None else None
            end = shown.get(("ended", *self.key(i)[1:])) if i and self.ended[i] is not None else None
            steps.append(
                StepResult(
                    step.label,
                    n,
                    privacy.share(n, start) if i else (1.0 if n else None),
                    privacy.share(end, prev) if i else None,
                    privacy.median_days(self.gaps[i]) if i else None,
                    prog,
                    end,
                )
            )
        outcomes = {o: shown[self.outcome_key(o)] for o in self.outcomes}
        base = shown[self.key(self.last_inst)]
        rates = {k: privacy.share(v, base) for k, v in outcomes.items()}
        return PathwayResult(self.spec.id, self.spec.label, tuple(steps), outcomes, rates)


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


def _walk(
    p: Projection, contacts: Sequence[_Contact], spec: PathwaySpec
) -> list[tuple[dt.datetime, ReferralInfo | None]]:
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
    raw = count_funnel(p, spec, timelines)
    led = privacy.Ledger()
    raw.register(led)
    return raw.publish(led.solve())


def _contact_types(p: Projection, timelines: dict[str, list[_Contact]]) -> dict[str, frozenset[T]]:
    """Client → the institution types it met (to skip, exactly, the clients a pathway cannot start with)."""
    out = {}
    for client, contacts in timelines.items():
        types = set()
        for c in contacts:
            inst = p.institutions.get(c.institution) or p.candidates.get(c.institution)
            if inst is not None:
                types.add(inst.type)
        out[client] = frozenset(types)
    return out


def count_funnel(
    p: Projection,
    spec: PathwaySpec,
    timelines: dict[str, list[_Contact]] | None = None,
    types_met: dict[str, frozenset[T]] | None = None,
) -> RawFunnel:
    """The unpublished counts of :func:`funnel`."""
    timelines = client_timelines(p) if timelines is None else timelines
    n = len(spec.steps)
    reached = [0] * n
    gaps: list[list[float]] = [[] for _ in spec.steps]
    # a step after an institutional step that is not the first (a contact) can be "still in progress"
    known = [i >= 2 and spec.steps[i - 1].outcome is None for i in range(n)]
    in_progress: list[int | None] = [0 if known[i] else None for i in range(n)]
    ended: list[int | None] = [0 if known[i] else None for i in range(n)]
    last_inst = max(i for i, s in enumerate(spec.steps) if s.outcome is None)
    outcomes: Counter[str] = Counter()
    first = spec.steps[0].types
    for client, contacts in timelines.items():
        if types_met is not None and not types_met[client] & first:
            continue  # never met the first step: reaches nothing, counts nowhere
        path = _walk(p, contacts, spec)
        for i, (at, _) in enumerate(path):
            reached[i] += 1
            if i > 0:
                gaps[i].append((at - path[i - 1][0]).total_seconds() / 86400)
        stop = len(path)  # the first step not reached
        if 0 < stop < n and known[stop]:
            if still_in_progress(path[stop - 1][1]):
                in_progress[stop] += 1  # type: ignore[operator]
            else:
                ended[stop] += 1  # type: ignore[operator]
        if len(path) > last_inst:
            ref = path[last_inst][1]
            outcomes[(ref.outcome if ref and ref.outcome else NO_OUTCOME)] += 1
    cells = {o.value: outcomes.get(o.value, 0) for o in ReferralOutcome}
    cells[NO_OUTCOME] = outcomes.get(NO_OUTCOME, 0)
    return RawFunnel(spec, reached, in_progress, ended, gaps, cells)


def analyse_pathways(p: Projection, specs: Sequence[PathwaySpec] = DEFAULT_PATHWAYS) -> list[PathwayResult]:
    """Funnels of every pathway (see :func:`funnel`); client timelines are built once."""
    return publish_pathways(count_pathways(p, specs))


def count_pathways(p: Projection, specs: Sequence[PathwaySpec] = DEFAULT_PATHWAYS) -> list[RawFunnel]:
    """Unpublished counts of every pathway; client timelines are built once."""
    timelines = client_timelines(p)
    types_met = _contact_types(p, timelines)
    return [count_funnel(p, s, timelines, types_met) for s in specs]


def publish_pathways(raws: Sequence[RawFunnel], led: privacy.Ledger | None = None) -> list[PathwayResult]:
    """Suppress the funnels together (one :class:`~queries.analysis.privacy.Ledger`, shared cells decided once).

    Pass the report's ledger to protect the funnels jointly with its other tables;
    it must already hold the other tables' cells, and it is solved here.
    """
    led = privacy.Ledger() if led is None else led
    for raw in raws:
        raw.register(led)
    shown = led.solve()
    return [raw.publish(shown) for raw in raws]
