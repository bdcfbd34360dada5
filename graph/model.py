"""The domain model: the one source of truth for every store's schema.

Each :class:`Node` subclass names its label and natural key; each :class:`Rel`
subclass names its type and the labels it connects.  Store schemas (LadybugDB
tables, Neo4j constraints) and the generic write statements are derived from
these classes in :mod:`graph.schema` – never written by hand.

Conventions: ids are strings; datetimes are naive UTC; lists hold strings.
Clients are pseudonymous by construction: the model has no field for a name,
PESEL (only its keyed hash) or address.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph import text
from graph.enums import (
    CooperationKind,
    GminaKind,
    InstitutionType,
    LegalBasis,
    MembershipStatus,
    PartnershipType,
    PlanStatus,
    PlanType,
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
    ServiceStatus,
    Sex,
    TaskStatus,
    TerritoryLevel,
)

__all__ = [
    "Meeting",
    "PlanTask",
    "SurveyRound",
    "PartnerRating",
    "PESEL_LIKE",
    "Node",
    "Rel",
    "Territory",
    "Institution",
    "Service",
    "ServiceCategory",
    "TargetGroup",
    "Competence",
    "Partnership",
    "Client",
    "Consent",
    "Referral",
    "Plan",
    "Within",
    "LocatedIn",
    "Serves",
    "PartOf",
    "Offers",
    "InCategory",
    "ForGroup",
    "AvailableIn",
    "HasCompetence",
    "MemberOf",
    "Covers",
    "CooperatesWith",
    "RegisteredAt",
    "ConsentOf",
    "ConsentFor",
    "ForClient",
    "SentBy",
    "SentTo",
    "ForService",
    "PlanFor",
    "ResponsibleFor",
    "ParticipatesIn",
    "NODE_MODELS",
    "REL_MODELS",
    "node_model",
    "rel_model",
    "new_id",
    "utcnow",
]

Id = str


def new_id(prefix: str) -> str:
    """A random, unguessable id (128 bits), e.g. ``cl-3f9a…``."""
    return f"{prefix}-{secrets.token_hex(16)}"


def utcnow() -> dt.datetime:
    """Current time, naive UTC, microseconds dropped (both stores keep them)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Node(BaseModel):
    """Base of node models."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)

    __label__: ClassVar[str]
    __key__: ClassVar[str] = "id"
    #: Properties a Neo4j range index is created on (beyond the key).
    __indexes__: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        return str(getattr(self, self.__key__))

    @field_validator("*", mode="before")
    @classmethod
    def _naive_utc(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.astimezone(dt.UTC).replace(tzinfo=None)
        return value


class Rel(BaseModel):
    """Base of relationship models; ``src``/``dst`` are the endpoints' natural keys."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    __type__: ClassVar[str]
    __src__: ClassVar[type[Node]]
    __dst__: ClassVar[type[Node]]

    src: str = Field(min_length=1)
    dst: str = Field(min_length=1)


# ---------------------------------------------------------------- territory


class Territory(Node):
    """A TERYT unit: voivodeship (2 digits), powiat (4) or gmina (6 = WOJ+POW+GMI)."""

    __label__ = "Territory"
    __key__ = "teryt"
    __indexes__ = ("level",)

    teryt: str = Field(pattern=r"^\d{2}(\d{2}(\d{2})?)?$")
    level: TerritoryLevel
    name: str = Field(min_length=1, max_length=200)
    rodz: GminaKind | None = None
    kind: str | None = None  # NAZWA_DOD, e.g. "gmina wiejska", "miasto na prawach powiatu"
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    stan_na: dt.date | None = None

    @model_validator(mode="after")
    def _level_matches_code(self) -> Territory:
        expected = {2: TerritoryLevel.VOIVODESHIP, 4: TerritoryLevel.POWIAT, 6: TerritoryLevel.GMINA}
        if expected[len(self.teryt)] != self.level:
            raise ValueError("poziom jednostki nie zgadza się z długością kodu TERYT")
        if self.rodz is not None and self.level != TerritoryLevel.GMINA:
            raise ValueError("rodzaj (RODZ) dotyczy tylko gmin")
        return self

    @property
    def teryt7(self) -> str | None:
        return f"{self.teryt}{self.rodz.value}" if self.rodz else None


# --------------------------------------------------------------- directory


class Institution(Node):
    __label__ = "Institution"
    __indexes__ = ("type", "regon", "krs", "gmina")

    id: Id = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=400)
    type: InstitutionType
    regon: str | None = Field(default=None, pattern=r"^(\d{9}|\d{14})$")
    krs: str | None = Field(default=None, pattern=r"^\d{10}$")
    nip: str | None = Field(default=None, pattern=r"^\d{10}$")
    register_id: str | None = Field(default=None, max_length=120)
    gmina: str | None = Field(default=None, pattern=r"^\d{6}$")  # denormalised LOCATED_IN key
    street: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, pattern=r"^\d{2}-\d{3}$")
    city: str | None = Field(default=None, max_length=120)
    country: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$"
    )  # ISO 3166-1 alpha-2 of a foreign address; None = Poland
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    phone: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=200)
    www: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    source: str | None = Field(default=None, max_length=120)
    keywords: list[str] = Field(default_factory=list)
    updated_at: dt.datetime | None = None
    # Validity (shared design of issues 14/15): first/last day the source lists it;
    # valid_to set = retired (hidden from search by default, kept for history).
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _fill_keywords(self) -> Institution:
        if not self.keywords:
            object.__setattr__(self, "keywords", text.keywords(self.name, self.description, self.type.label))
        return self


class Service(Node):
    """Shaped after Open Referral HSDS 3.0 ``service``."""

    __label__ = "Service"
    __indexes__ = ("status",)

    id: Id = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=400)
    description: str | None = Field(default=None, max_length=10000)
    status: ServiceStatus = ServiceStatus.ACTIVE
    eligibility: str | None = Field(default=None, max_length=4000)
    min_age: int | None = Field(default=None, ge=0, le=130)
    max_age: int | None = Field(default=None, ge=0, le=130)
    languages: list[str] = Field(default_factory=list)
    cost: str | None = Field(default=None, max_length=400)
    schedule: str | None = Field(default=None, max_length=2000)
    capacity: int | None = Field(default=None, ge=0, le=1_000_000)
    free_places: int | None = Field(default=None, ge=0, le=1_000_000)
    legal_basis: str | None = Field(default=None, max_length=400)
    url: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=120)  # HSDS service phones/contacts
    keywords: list[str] = Field(default_factory=list)
    updated_at: dt.datetime | None = None
    valid_from: dt.date | None = None  # as on Institution
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _check(self) -> Service:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("wiek minimalny jest większy niż maksymalny")
        if self.capacity is not None and self.free_places is not None and self.free_places > self.capacity:
            raise ValueError("liczba wolnych miejsc przekracza liczbę miejsc")
        if not self.keywords:
            object.__setattr__(self, "keywords", text.keywords(self.name, self.description, self.eligibility))
        return self


class SearchKey(Node):
    """One analysed search key: a folded lemma, surface form or thesaurus phrase (``=przemoc_domowy``).

    Written only by :mod:`graph.search.index`, which keeps the ``INDEXES`` links in
    step with every write of a service, its institution, groups and categories; a
    search looks keys up by this node key (an index seek on both stores), never
    scanning the services.
    """

    __label__ = "SearchKey"
    __key__ = "term"

    term: str = Field(min_length=1, max_length=200)


class Occupancy(Node):
    """One register edition's numbers for one service: a point of its time series.

    Kept per edition (id = service id + ``@`` + date), so the portal and the gap
    diagnosis can show free places over time; ``None`` = not published.
    """

    __label__ = "Occupancy"
    __indexes__ = ("service", "institution", "register_name")

    id: Id = Field(min_length=1, max_length=140)
    service: Id = Field(min_length=1, max_length=120)
    institution: Id = Field(min_length=1, max_length=120)
    register_name: str = Field(min_length=1, max_length=80)  # the register whose editions these are
    as_of: dt.date
    published: dt.date | None = None  # a corrected re-issue of the same as_of date wins
    places: int | None = Field(default=None, ge=0, le=1_000_000)
    residents: int | None = Field(default=None, ge=0, le=1_000_000)
    free_places: int | None = Field(default=None, ge=0, le=1_000_000)
    waiting: int | None = Field(default=None, ge=0, le=1_000_000)


class ServiceCategory(Node):
    __label__ = "ServiceCategory"

    id: Id = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=200)
    parent: str | None = None
    taxonomy: str = "kooperacja"


class TargetGroup(Node):
    __label__ = "TargetGroup"

    id: Id = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=300)


class Competence(Node):
    __label__ = "Competence"

    id: Id = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=200)


class Partnership(Node):
    __label__ = "Partnership"

    id: Id = Field(min_length=1, max_length=120)
    name: str = Field(min_length=1, max_length=400)
    type: PartnershipType
    legal_basis: str | None = Field(default=None, max_length=400)
    signed: dt.date | None = None
    # issue 14: who coordinates it, the document that founded it, and when it ended
    coordinator: Id | None = Field(default=None, max_length=120)
    founding_document: str | None = Field(default=None, max_length=400)
    description: str | None = Field(default=None, max_length=2000)
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _no_client_data(self) -> Partnership:
        _refuse_pesel(self, ("name", "founding_document", "description"))
        return self


#: 11 digits, optionally split by single spaces or hyphens: a PESEL (client data) in a free-text field.
PESEL_LIKE = re.compile(r"(?<!\d)(?:\d[ -]?){10}\d(?!\d)")


def _refuse_pesel(obj: BaseModel, fields: tuple[str, ...]) -> None:
    """Coordination records are about institutions: refuse text that looks like a PESEL (naming the field only)."""
    for name in fields:
        value = getattr(obj, name, None)
        if isinstance(value, str) and PESEL_LIKE.search(value):
            raise ValueError(f"pole {name} zawiera ciąg 11 cyfr (jak PESEL) – nie wpisuj danych klientów")


class Meeting(Node):
    """A meeting of a partnership: who attended, the agenda and the decisions – never client data."""

    __label__ = "Meeting"
    __indexes__ = ("partnership",)

    id: Id = Field(min_length=1, max_length=120)
    partnership: Id = Field(min_length=1, max_length=120)
    held_on: dt.date
    attendees: list[Id] = Field(default_factory=list)
    agenda: str = Field(default="", max_length=2000)
    decisions: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _no_client_data(self) -> Meeting:
        _refuse_pesel(self, ("agenda", "decisions"))
        return self


class PlanTask(Node):
    """One task of a partnership's action plan, under a goal, with the member institution responsible."""

    __label__ = "PlanTask"
    __indexes__ = ("partnership",)

    id: Id = Field(min_length=1, max_length=120)
    partnership: Id = Field(min_length=1, max_length=120)
    goal: str = Field(min_length=1, max_length=300)
    title: str = Field(min_length=1, max_length=300)
    responsible: Id = Field(min_length=1, max_length=120)
    due: dt.date | None = None
    status: TaskStatus = TaskStatus.PLANNED
    done_on: dt.date | None = None

    @model_validator(mode="after")
    def _no_client_data(self) -> PlanTask:
        _refuse_pesel(self, ("goal", "title"))
        return self


class SurveyRound(Node):
    """A dated round of the partners' survey (PARTNER "capture"); ratings belong to one round."""

    __label__ = "SurveyRound"
    __indexes__ = ("partnership",)

    id: Id = Field(min_length=1, max_length=140)
    partnership: Id = Field(min_length=1, max_length=120)
    opened_on: dt.date
    closes_on: dt.date | None = None


class PartnerRating(Node):
    """One member's rating of one partner in a round: PARTNER trust (3 items) and value (3 items), 1–4 each."""

    __label__ = "PartnerRating"
    __indexes__ = ("partnership", "round")

    id: Id = Field(min_length=1, max_length=400)
    partnership: Id = Field(min_length=1, max_length=120)
    round: Id = Field(min_length=1, max_length=140)
    rater: Id = Field(min_length=1, max_length=120)
    ratee: Id = Field(min_length=1, max_length=120)
    reliability: int = Field(ge=1, le=4)
    mission: int = Field(ge=1, le=4)
    openness: int = Field(ge=1, le=4)
    influence: int = Field(ge=1, le=4)
    involvement: int = Field(ge=1, le=4)
    resources: int = Field(ge=1, le=4)

    @model_validator(mode="after")
    def _not_self(self) -> PartnerRating:
        if self.rater == self.ratee:
            raise ValueError("instytucja nie ocenia samej siebie")
        return self


# ------------------------------------------------------------ client data


class Client(Node):
    """A pseudonymous person: no name, no PESEL (only its keyed hash), no address."""

    __label__ = "Client"
    __indexes__ = ("pesel_hash",)

    id: Id = Field(min_length=8, max_length=80)
    birth_year_band: str | None = Field(default=None, pattern=r"^\d{4}-\d{4}$")
    sex: Sex | None = None
    target_groups: list[str] = Field(default_factory=list)
    pesel_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    registered_at: dt.datetime | None = None
    #: TERYT gmina of residence (or stay): decides the competent OPS/CUS (art. 12 ust. 1–2 uzs).
    residence_gmina: str | None = Field(default=None, pattern=r"^\d{6}$")
    #: Rights excluding CIS participation (art. 1 ust. 3 uzs), ids of ``graph.clients.statute.BENEFIT_RIGHTS``.
    benefit_rights: list[str] = Field(default_factory=list)


class Consent(Node):
    """The basis of sharing a client with an institution: consent or a statute."""

    __label__ = "Consent"

    id: Id = Field(min_length=1, max_length=80)
    basis: LegalBasis
    purpose: str = Field(min_length=1, max_length=400)
    scope: list[str] = Field(default_factory=list)  # e.g. ["target_groups", "referrals"]
    granted_at: dt.datetime
    valid_until: dt.date | None = None
    withdrawn_at: dt.datetime | None = None


class Referral(Node):
    __label__ = "Referral"
    __indexes__ = ("status",)

    id: Id = Field(min_length=1, max_length=80)
    status: ReferralStatus = ReferralStatus.DRAFT
    step: ReferralStep | None = None
    basis: LegalBasis | None = None
    created_at: dt.datetime
    updated_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    outcome: ReferralOutcome | None = None
    #: CIS procedure (art. 12 uzs): who applied ("OSOBA" or an institution type), who opined
    #: (the OPS/CUS of residence, an institution id) and whom a PUP referral was notified to.
    applicant: str | None = Field(default=None, max_length=40)
    opinion_by: str | None = Field(default=None, max_length=120)
    notified_id: str | None = Field(default=None, max_length=120)


class Plan(Node):
    __label__ = "Plan"

    id: Id = Field(min_length=1, max_length=80)
    type: PlanType
    status: PlanStatus = PlanStatus.DRAFT
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    goals: list[str] = Field(default_factory=list)
    #: IPUS (ustawa o CUS): date of the application, months of coordination needed, who approved.
    applied_on: dt.date | None = None
    coordination_months: int | None = Field(default=None, ge=0, le=120)
    approved_by: str | None = Field(default=None, max_length=200)
    #: IPZS/CIS (art. 13, 16 uzs): months of extension granted, certificate date.
    extension_months: int | None = Field(default=None, ge=0, le=24)
    certificate_on: dt.date | None = None

    @model_validator(mode="after")
    def _period(self) -> Plan:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("data końca planu jest wcześniejsza niż data początku")
        return self


# ----------------------------------------------------------- relationships


class Within(Rel):
    """Territorial hierarchy: gmina → powiat → voivodeship."""

    __type__ = "WITHIN"
    __src__ = Territory
    __dst__ = Territory


class LocatedIn(Rel):
    __type__ = "LOCATED_IN"
    __src__ = Institution
    __dst__ = Territory


class Serves(Rel):
    """Territorial competence of an institution (OPS its gmina, PCPR its powiat…)."""

    __type__ = "SERVES"
    __src__ = Institution
    __dst__ = Territory

    declared: bool = False  # True when the institution declared it (CIS/KIS), not by law


class PartOf(Rel):
    """An institution run by another (e.g. a KIS run by an OPS)."""

    __type__ = "PART_OF"
    __src__ = Institution
    __dst__ = Institution


class Offers(Rel):
    __type__ = "OFFERS"
    __src__ = Institution
    __dst__ = Service


class InCategory(Rel):
    __type__ = "IN_CATEGORY"
    __src__ = Service
    __dst__ = ServiceCategory


class ForGroup(Rel):
    __type__ = "FOR_GROUP"
    __src__ = Service
    __dst__ = TargetGroup


class Indexes(Rel):
    """A search key describes a service: ``w`` is the weight of the best field holding it."""

    __type__ = "INDEXES"
    __src__ = SearchKey
    __dst__ = Service

    w: int = Field(default=1, ge=0, le=100)
    field: str = Field(default="description", max_length=40)


class AvailableIn(Rel):
    __type__ = "AVAILABLE_IN"
    __src__ = Service
    __dst__ = Territory


class HasCompetence(Rel):
    __type__ = "HAVE_COMPETENCE"
    __src__ = Institution
    __dst__ = Competence

    staff: int = Field(default=1, ge=0, le=100_000)


class MemberOf(Rel):
    __type__ = "MEMBER_OF"
    __src__ = Institution
    __dst__ = Partnership

    role: str | None = Field(default=None, max_length=200)
    # issue 14: membership over time and its approval
    status: MembershipStatus = MembershipStatus.ACTIVE
    since: dt.date | None = None
    until: dt.date | None = None


class Covers(Rel):
    """The territory a partnership works for (e.g. the gmina of a zespół interdyscyplinarny)."""

    __type__ = "COVERS"
    __src__ = Partnership
    __dst__ = Territory


class CooperatesWith(Rel):
    __type__ = "COOPERATES_WITH"
    __src__ = Institution
    __dst__ = Institution

    kind: CooperationKind = CooperationKind.OTHER
    since: dt.date | None = None
    until: dt.date | None = None  # issue 14: a tie that ended is absent from later periods
    rating: int | None = Field(default=None, ge=1, le=4)

    @model_validator(mode="after")
    def _no_self_tie(self) -> CooperatesWith:
        if self.src == self.dst:
            raise ValueError("instytucja nie może współpracować sama ze sobą")
        return self


class RegisteredAt(Rel):
    __type__ = "REGISTERED_AT"
    __src__ = Client
    __dst__ = Institution


class ConsentOf(Rel):
    __type__ = "CONSENT_OF"
    __src__ = Consent
    __dst__ = Client


class ConsentFor(Rel):
    """The institution a consent or statutory basis lets see the client."""

    __type__ = "CONSENT_FOR"
    __src__ = Consent
    __dst__ = Institution


class ForClient(Rel):
    __type__ = "FOR_CLIENT"
    __src__ = Referral
    __dst__ = Client


class SentBy(Rel):
    __type__ = "SENT_BY"
    __src__ = Referral
    __dst__ = Institution


class SentTo(Rel):
    __type__ = "SENT_TO"
    __src__ = Referral
    __dst__ = Institution


class ForService(Rel):
    __type__ = "FOR_SERVICE"
    __src__ = Referral
    __dst__ = Service


class PlanFor(Rel):
    __type__ = "PLAN_FOR"
    __src__ = Plan
    __dst__ = Client


class ResponsibleFor(Rel):
    """The institution responsible for a plan (OPS/CUS for a kontrakt, CIS for an IPZS)."""

    __type__ = "RESPONSIBLE"
    __src__ = Plan
    __dst__ = Institution


class ParticipatesIn(Rel):
    __type__ = "PARTICIPATES_IN"
    __src__ = Institution
    __dst__ = Plan

    role: str | None = Field(default=None, max_length=200)


NODE_MODELS: tuple[type[Node], ...] = (
    Territory,
    Institution,
    Service,
    ServiceCategory,
    TargetGroup,
    Competence,
    Partnership,
    Client,
    Consent,
    Referral,
    Plan,
    Occupancy,
    SearchKey,
    Meeting,
    PlanTask,
    SurveyRound,
    PartnerRating,
)

REL_MODELS: tuple[type[Rel], ...] = (
    Within,
    LocatedIn,
    Serves,
    PartOf,
    Offers,
    InCategory,
    ForGroup,
    AvailableIn,
    HasCompetence,
    MemberOf,
    Covers,
    CooperatesWith,
    RegisteredAt,
    ConsentOf,
    ConsentFor,
    ForClient,
    SentBy,
    SentTo,
    ForService,
    PlanFor,
    ResponsibleFor,
    ParticipatesIn,
    Indexes,
)

_NODES = {m.__label__: m for m in NODE_MODELS}
_RELS = {m.__type__: m for m in REL_MODELS}


def node_model(label: str) -> type[Node]:
    """The node model of an allow-listed label; ``KeyError`` for anything else."""
    return _NODES[label]


def rel_model(rel_type: str) -> type[Rel]:
    """The relationship model of an allow-listed type; ``KeyError`` for anything else."""
    return _RELS[rel_type]
