"""Closed vocabularies of the domain, each value with its Polish display name.

Values are stable English-ish codes stored in the graph; ``label`` is what a Polish
user reads.  Adding a value is a schema change: tests pin the lists.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "PolishEnum",
    "TerritoryLevel",
    "GminaKind",
    "InstitutionType",
    "Sector",
    "ServiceStatus",
    "PartnershipType",
    "CooperationKind",
    "ReferralStatus",
    "ReferralStep",
    "ReferralOutcome",
    "PlanType",
    "PlanStatus",
    "LegalBasis",
    "MembershipStatus",
    "TaskStatus",
    "Sex",
]


class PolishEnum(StrEnum):
    """A string enum whose members carry a Polish display name."""

    label: str

    def __new__(cls, value: str, label: str = "") -> PolishEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class TerritoryLevel(PolishEnum):
    VOIVODESHIP = "voivodeship", "województwo"
    POWIAT = "powiat", "powiat"
    GMINA = "gmina", "gmina"


class GminaKind(PolishEnum):
    """TERYT RODZ of a gmina (the 7th digit)."""

    URBAN = "1", "gmina miejska"
    RURAL = "2", "gmina wiejska"
    URBAN_RURAL = "3", "gmina miejsko-wiejska"


class Sector(PolishEnum):
    SOCIAL_ASSISTANCE = "social_assistance", "pomoc społeczna"
    LABOUR = "labour", "rynek pracy"
    SOCIAL_ECONOMY = "social_economy", "ekonomia społeczna i reintegracja"
    NGO = "ngo", "organizacje pozarządowe"
    EDUCATION = "education", "edukacja"
    HEALTH = "health", "ochrona zdrowia"
    JUSTICE = "justice", "wymiar sprawiedliwości i porządek publiczny"
    CULTURE = "culture", "kultura"
    BUSINESS = "business", "pracodawcy"
    OTHER = "other", "inne"


class InstitutionType(PolishEnum):
    OPS = "OPS", "ośrodek pomocy społecznej (GOPS/MOPS/MOPR)"
    CUS = "CUS", "centrum usług społecznych"
    PCPR = "PCPR", "powiatowe centrum pomocy rodzinie"
    PUP = "PUP", "powiatowy urząd pracy"
    WUP = "WUP", "wojewódzki urząd pracy"
    ROPS = "ROPS", "regionalny ośrodek polityki społecznej"
    CIS = "CIS", "centrum integracji społecznej"
    KIS = "KIS", "klub integracji społecznej"
    SOCIAL_COOPERATIVE = "SPOLDZIELNIA_SOCJALNA", "spółdzielnia socjalna"
    OWES = "OWES", "ośrodek wsparcia ekonomii społecznej"
    ZAZ = "ZAZ", "zakład aktywności zawodowej"
    WTZ = "WTZ", "warsztat terapii zajęciowej"
    SDS = "SDS", "środowiskowy dom samopomocy"
    DPS = "DPS", "dom pomocy społecznej"
    OIK = "OIK", "ośrodek interwencji kryzysowej"
    NGO = "NGO", "organizacja pozarządowa (stowarzyszenie/fundacja)"
    SCHOOL = "SZKOLA", "szkoła"
    PPP = "PPP", "poradnia psychologiczno-pedagogiczna"
    POLICE = "POLICJA", "policja"
    COURT = "SAD", "sąd / kuratorzy sądowi"
    HEALTH = "ZDROWIE", "ochrona zdrowia"
    GKRPA = "GKRPA", "gminna komisja rozwiązywania problemów alkoholowych"
    CULTURE = "KULTURA", "instytucja kultury"
    EMPLOYER = "PRACODAWCA", "pracodawca"
    OTHER = "INNA", "inna"

    @property
    def sector(self) -> Sector:
        return _SECTOR[self]


_SECTOR: dict[InstitutionType, Sector] = {
    InstitutionType.OPS: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.CUS: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.PCPR: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.ROPS: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.SDS: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.DPS: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.OIK: Sector.SOCIAL_ASSISTANCE,
    InstitutionType.PUP: Sector.LABOUR,
    InstitutionType.WUP: Sector.LABOUR,
    InstitutionType.CIS: Sector.SOCIAL_ECONOMY,
    InstitutionType.KIS: Sector.SOCIAL_ECONOMY,
    InstitutionType.SOCIAL_COOPERATIVE: Sector.SOCIAL_ECONOMY,
    InstitutionType.OWES: Sector.SOCIAL_ECONOMY,
    InstitutionType.ZAZ: Sector.SOCIAL_ECONOMY,
    InstitutionType.WTZ: Sector.SOCIAL_ECONOMY,
    InstitutionType.NGO: Sector.NGO,
    InstitutionType.SCHOOL: Sector.EDUCATION,
    InstitutionType.PPP: Sector.EDUCATION,
    InstitutionType.POLICE: Sector.JUSTICE,
    InstitutionType.COURT: Sector.JUSTICE,
    InstitutionType.HEALTH: Sector.HEALTH,
    InstitutionType.GKRPA: Sector.HEALTH,
    InstitutionType.CULTURE: Sector.CULTURE,
    InstitutionType.EMPLOYER: Sector.BUSINESS,
    InstitutionType.OTHER: Sector.OTHER,
}


class ServiceStatus(PolishEnum):
    """HSDS 3.0 service.status."""

    ACTIVE = "active", "aktywna"
    INACTIVE = "inactive", "nieaktywna"
    DEFUNCT = "defunct", "zlikwidowana"
    TEMPORARILY_CLOSED = "temporarily closed", "czasowo zawieszona"


class PartnershipType(PolishEnum):
    INTERDISCIPLINARY_TEAM = "ZESPOL_INTERDYSCYPLINARNY", "zespół interdyscyplinarny"
    COOPERATION_TEAM = "PARTNERSKI_ZESPOL_KOOPERACJI", "Partnerski Zespół Kooperacji"
    AGREEMENT = "POROZUMIENIE", "porozumienie o współpracy"
    PARTNERSHIP = "PARTNERSTWO", "partnerstwo lokalne"
    TASK_TEAM = "ZADANIOWY_ZESPOL_KOOPERACYJNY", "zadaniowy zespół kooperacyjny"


class MembershipStatus(PolishEnum):
    """Where a membership stands: the member institution's admin accepts an invitation, the coordinator a request."""

    INVITED = "invited", "zaproszona"
    REQUESTED = "requested", "zgłoszona"
    ACTIVE = "active", "członek"
    LEFT = "left", "wystąpiła"


class TaskStatus(PolishEnum):
    PLANNED = "planned", "zaplanowane"
    IN_PROGRESS = "in_progress", "w realizacji"
    DONE = "done", "wykonane"
    CANCELLED = "cancelled", "anulowane"


class CooperationKind(PolishEnum):
    REFERRALS = "referrals", "kierowanie klientów"
    INFORMATION = "information", "wymiana informacji"
    JOINT_PROJECT = "joint_project", "wspólny projekt"
    AGREEMENT = "agreement", "porozumienie"
    CONTRACTING = "contracting", "zlecanie usług"
    OTHER = "other", "inna"


class ReferralStatus(PolishEnum):
    """Aligned with the HL7 FHIR Task status used by SDOH referrals."""

    DRAFT = "draft", "szkic"
    REQUESTED = "requested", "wysłane"
    RECEIVED = "received", "odebrane"
    ACCEPTED = "accepted", "przyjęte"
    REJECTED = "rejected", "odrzucone"
    IN_PROGRESS = "in-progress", "w realizacji"
    ON_HOLD = "on-hold", "wstrzymane"
    COMPLETED = "completed", "zakończone"
    CANCELLED = "cancelled", "anulowane"
    FAILED = "failed", "nieudane"


class ReferralStep(PolishEnum):
    """Steps of the Polish referral procedure (e.g. into a CIS)."""

    APPLICATION = "application", "wniosek"
    OPINION = "opinion", "opinia pracownika socjalnego"
    REFERRAL = "referral", "skierowanie"
    IPZS = "ipzs", "IPZS"


class ReferralOutcome(PolishEnum):
    EMPLOYED = "employed", "podjął pracę"
    INDEPENDENT = "independent", "usamodzielnił się"
    CONTINUES = "continues", "kontynuuje wsparcie"
    RESIGNED = "resigned", "rezygnacja"
    INTERRUPTED = "interrupted", "przerwane"
    OTHER = "other", "inne"


class PlanType(PolishEnum):
    SOCIAL_CONTRACT = "KONTRAKT_SOCJALNY", "kontrakt socjalny"
    IPZS = "IPZS", "indywidualny program zatrudnienia socjalnego"
    IPUS = "IPUS", "indywidualny plan usług społecznych"


class PlanStatus(PolishEnum):
    DRAFT = "draft", "projekt"
    ACTIVE = "active", "aktywny"
    COMPLETED = "completed", "zrealizowany"
    TERMINATED = "terminated", "rozwiązany"


class LegalBasis(PolishEnum):
    CONSENT = "consent", "zgoda osoby"
    CIS_REFERRAL = "uzs_art12", "skierowanie do CIS (art. 12 ustawy o zatrudnieniu socjalnym)"
    KIS = "uzs_art18", "uczestnictwo w KIS (art. 18 ustawy o zatrudnieniu socjalnym)"
    INTERDISCIPLINARY_TEAM = (
        "upd_art9c",
        "zespół interdyscyplinarny (art. 9c ustawy o przeciwdziałaniu przemocy domowej)",
    )
    SOCIAL_ASSISTANCE = "ups_art100", "współpraca w pomocy społecznej (ustawa o pomocy społecznej)"
    LABOUR_MARKET = "upr_art50", "działania PUP wobec bezrobotnych (ustawa o rynku pracy)"
    CUS_PLAN = "ucus_ipus", "indywidualny plan usług społecznych (ustawa o CUS)"


class Sex(PolishEnum):
    FEMALE = "F", "kobieta"
    MALE = "M", "mężczyzna"
