"""The statutory rules of the client procedures, each with its article and Polish message.

Every rule is a :class:`Rule` here and a pure check over plain facts, so the
service (refusing an operation) and the whole-graph checker (``kooperacja check
rules``) apply the same code.  ``RULES.md`` beside this file lists each rule
with its article, where it is enforced and its tests, and records where the
statute had to be interpreted.

Abbreviations in articles: uzs – ustawa z 13 czerwca 2003 r. o zatrudnieniu
socjalnym (t.j. Dz.U. 2025 poz. 83); ups – ustawa o pomocy społecznej; ucus –
ustawa z 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług
społecznych; uppd – ustawa o przeciwdziałaniu przemocy domowej.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from graph.enums import InstitutionType as IT
from graph.enums import LegalBasis, PlanType

__all__ = [
    "Rule",
    "RULES",
    "CIS_GROUPS",
    "LONG_TERM_UNEMPLOYED",
    "BENEFIT_RIGHTS",
    "KIS_ALLOWED_RIGHTS",
    "PERSON",
    "CIS_APPLICANTS",
    "BASIS_TABLE",
    "months_between",
    "cis_eligibility",
    "kis_eligibility",
    "cis_applicant",
    "cis_issuer",
    "cis_opinion",
    "cis_served",
    "plan_period",
    "ipus_rules",
    "basis_covers",
    "ZI_REQUIRED",
    "zi_missing",
]

UZS = "ustawy o zatrudnieniu socjalnym"
UCUS = "ustawy o realizowaniu usług społecznych przez centrum usług społecznych"


@dataclass(frozen=True)
class Rule:
    """One statutory rule: ``message`` is what a Polish user reads (it starts with the article)."""

    id: str
    article: str
    text: str

    @property
    def message(self) -> str:
        return f"{self.article}: {self.text}"


def _r(rule_id: str, article: str, text: str) -> Rule:
    return Rule(rule_id, article, text)


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _r(
            "cis.group",
            f"Art. 1 ust. 2 {UZS}",
            "do CIS kieruje się tylko osobę z grup wymienionych w ustawie (osoby bezdomne realizujące program "
            "wychodzenia z bezdomności, uzależnione od alkoholu, od narkotyków, z zaburzeniami psychicznymi, "
            "długotrwale bezrobotne, zwalniane z zakładów karnych, uchodźców realizujących program integracji, "
            "osoby niepełnosprawne).",
        ),
        _r(
            "cis.excluded",
            f"Art. 1 ust. 3 {UZS}",
            "przepisów ustawy nie stosuje się do osoby mającej prawo do zasiłku dla bezrobotnych, zasiłku lub "
            "świadczenia przedemerytalnego, renty strukturalnej, renty z tytułu niezdolności do pracy, emerytury "
            "albo nauczycielskiego świadczenia kompensacyjnego.",
        ),
        _r(
            "kis.excluded",
            f"Art. 1 ust. 3 i 3a {UZS}",
            "spośród osób wyłączonych z ustawy w zajęciach KIS może uczestniczyć tylko osoba mająca prawo do renty "
            "z tytułu niezdolności do pracy.",
        ),
        _r(
            "cis.applicant",
            f"Art. 12 ust. 1 {UZS}",
            "wniosek o skierowanie do CIS składa sama osoba (albo jej przedstawiciel ustawowy) lub – za jej zgodą – "
            "zakład lecznictwa odwykowego, PCPR, PUP, OPS/CUS, organizacja pozarządowa albo KIS.",
        ),
        _r(
            "cis.residence",
            f"Art. 12 ust. 1 {UZS}",
            "skierowanie wydaje ośrodek właściwy dla miejsca zamieszkania osoby – wpisz gminę zamieszkania klienta "
            "(kod TERYT).",
        ),
        _r(
            "cis.issuer",
            f"Art. 12 ust. 1 {UZS}",
            "skierowanie do CIS wydaje OPS albo CUS właściwy dla miejsca zamieszkania lub pobytu osoby, a osobie "
            "długotrwale bezrobotnej – powiatowy urząd pracy.",
        ),
        _r(
            "cis.pup_ltu",
            f"Art. 12 ust. 1 {UZS}",
            "powiatowy urząd pracy kieruje do CIS tylko osobę długotrwale bezrobotną (art. 1 ust. 2 pkt 5).",
        ),
        _r(
            "cis.ltu_by_pup",
            f"Art. 12 ust. 1 {UZS}",
            "osobę, która należy do grup z art. 1 ust. 2 tylko jako długotrwale bezrobotna, kieruje do CIS "
            "powiatowy urząd pracy (z powiadomieniem ośrodka pomocy społecznej).",
        ),
        _r(
            "cis.opinion",
            f"Art. 12 ust. 2 {UZS}",
            "wniosek opiniuje pracownik socjalny OPS albo CUS właściwego dla miejsca zamieszkania lub pobytu osoby, "
            "po przeprowadzeniu wywiadu środowiskowego.",
        ),
        _r(
            "cis.step",
            f"Art. 12 ust. 1 i 2 {UZS}",
            "do CIS trafia skierowanie wydane po wniosku i jego opinii – wyślij je na etapie „skierowanie”.",
        ),
        _r(
            "cis.notice",
            f"Art. 12 ust. 1 {UZS}",
            "powiatowy urząd pracy powiadamia o skierowaniu do CIS ośrodek pomocy społecznej właściwy dla miejsca "
            "zamieszkania osoby.",
        ),
        _r(
            "cis.served_gmina",
            f"Art. 12 ust. 5 {UZS}",
            "pierwszeństwo mają mieszkańcy gmin, które prowadzą lub finansują CIS; mieszkańca innej gminy kieruje się "
            "tylko na podstawie porozumienia między gminami (CIS nie obsługuje gminy zamieszkania tej osoby).",
        ),
        _r(
            "ipzs.agreed",
            f"Art. 12 ust. 4 {UZS}",
            "kierownik CIS przyjmuje osobę po podpisaniu z nią IPZS uzgodnionego z kierownikiem OPS albo CUS "
            "właściwego dla miejsca zamieszkania lub pobytu tej osoby.",
        ),
        _r(
            "ipzs.duration",
            f"Art. 13 {UZS}",
            "uczestnictwo w zajęciach CIS (IPZS) trwa do 12 miesięcy; w uzasadnionych przypadkach można je "
            "przedłużyć najwyżej o 6 miesięcy.",
        ),
        _r(
            "plan.period",
            "Art. 108 ustawy o pomocy społecznej, art. 13 " + UZS,
            "plan (kontrakt socjalny, IPZS, IPUS) zawiera się na oznaczony okres – podaj datę początku i końca.",
        ),
        _r(
            "contract.duration",
            "Art. 108 ustawy o pomocy społecznej",
            "kontrakt socjalny zawiera się na oznaczony okres, w Kooperacji najwyżej 24 miesiące (potem nowy "
            "kontrakt).",
        ),
        _r(
            "ipus.cus_only",
            f"Art. 23 {UCUS}",
            "indywidualny plan usług społecznych opracowuje tylko centrum usług społecznych.",
        ),
        _r(
            "ipus.need",
            f"Art. 23 {UCUS}",
            "IPUS opracowuje się, gdy potrzebna jest koordynacja usług przez co najmniej 3 miesiące.",
        ),
        _r(
            "ipus.within_30_days",
            f"Art. 23 {UCUS}",
            "IPUS opracowuje się w terminie 30 dni od dnia złożenia wniosku – podaj datę wniosku.",
        ),
        _r("ipus.duration", f"Art. 23 {UCUS}", "IPUS opracowuje się na okres nie dłuższy niż rok."),
        _r(
            "ipus.approved",
            f"Art. 23 {UCUS}",
            "IPUS zatwierdza dyrektor CUS albo upoważniony organizator usług społecznych – wpisz, kto zatwierdził.",
        ),
        _r(
            "kis.contract",
            f"Art. 18 ust. 4 {UZS}",
            "uczestnictwo w klubie integracji społecznej wymaga realizowanego kontraktu socjalnego.",
        ),
        _r(
            "basis.sender_receiver",
            "Art. 9c ustawy o przeciwdziałaniu przemocy domowej; art. 12 i 18 " + UZS,
            "ta podstawa prawna nie obejmuje przekazania danych klienta między instytucjami tych rodzajów.",
        ),
        _r(
            "basis.onward",
            "Art. 6 ust. 1 RODO w związku z podstawą ustawową",
            "instytucja, która otrzymała klienta, przekazuje go dalej tylko na podstawie obejmującej nowego odbiorcę.",
        ),
        _r(
            "kis.register",
            f"Art. 18a {UZS}",
            "klub integracji społecznej prowadzi zajęcia po wpisie do rejestru prowadzonego przez wojewodę – ten klub "
            "nie ma wpisu (numeru w rejestrze).",
        ),
        _r(
            "zi.composition",
            "Art. 9a ust. 3 ustawy o przeciwdziałaniu przemocy domowej",
            "w skład zespołu interdyscyplinarnego wchodzą przedstawiciele pomocy społecznej, gminnej komisji "
            "rozwiązywania problemów alkoholowych, Policji, oświaty, ochrony zdrowia, organizacji pozarządowych oraz "
            "kuratorzy sądowi (prokurator – może); w zespole brakuje przedstawiciela.",
        ),
        _r(
            "zi.exists",
            "Art. 9a ust. 1 ustawy o przeciwdziałaniu przemocy domowej",
            "wójt (burmistrz, prezydent miasta) powołuje zespół interdyscyplinarny – gmina nie ma zespołu w grafie.",
        ),
        _r("referral.self", "Art. 12 ust. 1 " + UZS, "skierowanie wysyła się do innej instytucji niż kierująca."),
    )
}

# ------------------------------------------------------------------ vocabularies

#: The eight groups of art. 1 ust. 2 uzs (ids of ``graph.reference.TARGET_GROUPS``).
CIS_GROUPS = frozenset(
    {
        "bezdomni",
        "uzaleznieni-alkohol",
        "uzaleznieni-narkotyki",
        "chorzy-psychicznie",
        "dlugotrwale-bezrobotni",
        "zwalniani-z-zakladow-karnych",
        "uchodzcy",
        "niepelnosprawni",
    }
)
LONG_TERM_UNEMPLOYED = "dlugotrwale-bezrobotni"

#: Rights that exclude a person from the act (art. 1 ust. 3 uzs; pkt 4 repealed).
BENEFIT_RIGHTS: dict[str, str] = {
    "zasilek-dla-bezrobotnych": "zasiłek dla bezrobotnych (pkt 1)",
    "zasilek-przedemerytalny": "zasiłek przedemerytalny (pkt 2)",
    "swiadczenie-przedemerytalne": "świadczenie przedemerytalne (pkt 3)",
    "renta-strukturalna": "renta strukturalna (pkt 5)",
    "renta-z-tytulu-niezdolnosci": "renta z tytułu niezdolności do pracy (pkt 6)",
    "emerytura": "emerytura (pkt 7)",
    "nauczycielskie-swiadczenie-kompensacyjne": "nauczycielskie świadczenie kompensacyjne (pkt 8)",
}
#: Art. 1 ust. 3a: persons of ust. 3 pkt 6 may still take part in a KIS.
KIS_ALLOWED_RIGHTS = frozenset({"renta-z-tytulu-niezdolnosci"})

#: The applicant "the person themself (or their legal representative)".
PERSON = "OSOBA"
#: Art. 12 ust. 1 pkt 1–2 uzs; a zakład lecznictwa odwykowego is an institution of type ZDROWIE.
CIS_APPLICANTS = frozenset(
    {PERSON, IT.HEALTH.value, IT.PCPR.value, IT.PUP.value, IT.OPS.value, IT.CUS.value, IT.NGO.value, IT.KIS.value}
)
WELFARE = frozenset({IT.OPS, IT.CUS})

#: Which sender and receiver kinds a basis covers: ``(one side, other side, both directions)``;
#: ``None`` = any kind.  From the statutes: art. 12 uzs (the CIS procedure: issuers → CIS, a CIS
#: back to the OPS/CUS), art. 18 uzs (KIS: who runs or refers to it), art. 9c uppd (only between the
#: kinds of ZI/GDP members), ups art. 100 with the cooperation duties of social assistance (a
#: social-assistance body and its partners, either way), the labour-market act (a PUP/WUP and its
#: partners, either way), ucus (the CUS and the participants of its IPUS).  See RULES.md.
_ZI_MEMBERS = frozenset(
    {IT.OPS, IT.CUS, IT.GKRPA, IT.POLICE, IT.SCHOOL, IT.HEALTH, IT.NGO, IT.COURT, IT.PPP, IT.PCPR, IT.OIK}
)
_WELFARE_BODIES = frozenset({IT.OPS, IT.CUS, IT.PCPR, IT.ROPS})
_WELFARE_PARTNERS = frozenset(
    {
        IT.OPS,
        IT.CUS,
        IT.PCPR,
        IT.ROPS,
        IT.DPS,
        IT.SDS,
        IT.OIK,
        IT.NGO,
        IT.KIS,
        IT.CIS,
        IT.WTZ,
        IT.ZAZ,
        IT.SOCIAL_COOPERATIVE,
        IT.PUP,
        IT.WUP,
        IT.SCHOOL,
        IT.PPP,
        IT.HEALTH,
    }
)
_LABOUR_PARTNERS = frozenset(
    {
        IT.OPS,
        IT.CUS,
        IT.PCPR,
        IT.NGO,
        IT.EMPLOYER,
        IT.CIS,
        IT.KIS,
        IT.OWES,
        IT.SOCIAL_COOPERATIVE,
        IT.ZAZ,
        IT.PUP,
        IT.WUP,
    }
)
BASIS_TABLE: dict[LegalBasis, tuple[frozenset[IT] | None, frozenset[IT] | None, bool]] = {
    LegalBasis.CONSENT: (None, None, True),
    LegalBasis.CIS_REFERRAL: (frozenset({IT.OPS, IT.CUS, IT.PUP}), frozenset({IT.CIS}), True),
    LegalBasis.KIS: (frozenset({IT.OPS, IT.CUS, IT.PUP, IT.NGO}), frozenset({IT.KIS}), True),
    LegalBasis.INTERDISCIPLINARY_TEAM: (_ZI_MEMBERS, _ZI_MEMBERS, True),
    LegalBasis.SOCIAL_ASSISTANCE: (_WELFARE_BODIES, _WELFARE_PARTNERS, True),
    LegalBasis.LABOUR_MARKET: (frozenset({IT.PUP, IT.WUP}), _LABOUR_PARTNERS, True),
    LegalBasis.CUS_PLAN: (frozenset({IT.CUS}), None, True),
}

#: Art. 9a ust. 3 uppd: the kinds a zespół interdyscyplinarny must include (label → institution types).
ZI_REQUIRED: dict[str, frozenset[IT]] = {
    "pomoc społeczna": frozenset({IT.OPS, IT.CUS}),
    "gminna komisja rozwiązywania problemów alkoholowych": frozenset({IT.GKRPA}),
    "Policja": frozenset({IT.POLICE}),
    "oświata": frozenset({IT.SCHOOL, IT.PPP}),
    "ochrona zdrowia": frozenset({IT.HEALTH}),
    "organizacje pozarządowe": frozenset({IT.NGO}),
    "kuratorzy sądowi": frozenset({IT.COURT}),
}

# ------------------------------------------------------------------ checks (None = the rule holds)


def zi_missing(member_types: Iterable[IT | None]) -> list[str]:
    """The member kinds of art. 9a ust. 3 uppd a ZI lacks (Polish labels, in the act's order)."""
    present = set(member_types)
    return [label for label, kinds in ZI_REQUIRED.items() if not present & kinds]


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` (a full month = same day next month)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months + (end.day - start.day) / 31


def cis_eligibility(groups: Iterable[str], rights: Iterable[str]) -> Rule | None:
    """Art. 1 ust. 2–3 uzs for a CIS."""
    if not CIS_GROUPS & set(groups):
        return RULES["cis.group"]
    if set(rights) & set(BENEFIT_RIGHTS):
        return RULES["cis.excluded"]
    return None


def kis_eligibility(rights: Iterable[str]) -> Rule | None:
    """Art. 1 ust. 3 with 3a uzs for a KIS (the kontrakt socjalny condition is :data:`RULES` ``kis.contract``)."""
    if (set(rights) & set(BENEFIT_RIGHTS)) - KIS_ALLOWED_RIGHTS:
        return RULES["kis.excluded"]
    return None


def cis_applicant(applicant: str | None) -> Rule | None:
    return None if applicant in CIS_APPLICANTS else RULES["cis.applicant"]


def cis_issuer(
    sender_type: IT | None,
    sender_gmina: str | None,
    sender_serves: Iterable[str],
    residence: str | None,
    groups: Iterable[str],
) -> Rule | None:
    """Art. 12 ust. 1 uzs: who issues the skierowanie, given the client's residence and groups.

    ``sender_serves`` are the TERYT codes the sender SERVES (a PUP: its powiat).
    """
    if residence is None:
        return RULES["cis.residence"]
    groups = set(groups)
    if sender_type is IT.PUP:
        if LONG_TERM_UNEMPLOYED not in groups:
            return RULES["cis.pup_ltu"]
        competent = residence.startswith(tuple(sender_serves) or (sender_gmina or "")[:4] or "-")
        return None if competent else RULES["cis.issuer"]
    if sender_type in WELFARE:
        if (groups & CIS_GROUPS) == {LONG_TERM_UNEMPLOYED}:
            return RULES["cis.ltu_by_pup"]
        competent = sender_gmina == residence or residence in set(sender_serves)
        return None if competent else RULES["cis.issuer"]
    return RULES["cis.issuer"]


def cis_opinion(
    opinion_type: IT | None, opinion_gmina: str | None, opinion_serves: Iterable[str], residence: str | None
) -> Rule | None:
    """Art. 12 ust. 2 uzs: the opinion comes from the OPS/CUS of the residence gmina."""
    if residence is None:
        return RULES["cis.residence"]
    if opinion_type in WELFARE and (opinion_gmina == residence or residence in set(opinion_serves)):
        return None
    return RULES["cis.opinion"]


def cis_served(cis_gmina: str | None, cis_serves: Iterable[str], residence: str | None) -> Rule | None:
    """Art. 12 ust. 5 uzs: the CIS serves (runs/funds or has an agreement with) the residence gmina."""
    if residence is None:
        return RULES["cis.residence"]
    served = {t for t in cis_serves if t} | ({cis_gmina} if cis_gmina else set())
    return None if any(residence.startswith(t) for t in served) else RULES["cis.served_gmina"]


def plan_period(
    plan_type: PlanType, starts_on: dt.date | None, ends_on: dt.date | None, extension_months: int | None = None
) -> Rule | None:
    """Dated plans with their statutory maximum length."""
    if starts_on is None or ends_on is None:
        return RULES["plan.period"]
    months = months_between(starts_on, ends_on)
    if plan_type is PlanType.IPZS and (months > 12 + min(extension_months or 0, 6) or (extension_months or 0) > 6):
        return RULES["ipzs.duration"]
    if plan_type is PlanType.IPUS and months > 12:
        return RULES["ipus.duration"]
    if plan_type is PlanType.SOCIAL_CONTRACT and months > 24:
        return RULES["contract.duration"]
    return None


def ipus_rules(
    applied_on: dt.date | None,
    starts_on: dt.date | None,
    coordination_months: int | None,
    approved_by: str | None,
    *,
    activating: bool,
) -> Rule | None:
    """The IPUS conditions of the CUS act (need ≥ 3 months, within 30 days, approval on activation)."""
    if coordination_months is None or coordination_months < 3:
        return RULES["ipus.need"]
    if applied_on is None or starts_on is None or (starts_on - applied_on).days > 30 or starts_on < applied_on:
        return RULES["ipus.within_30_days"]
    if activating and not approved_by:
        return RULES["ipus.approved"]
    return None


def basis_covers(basis: LegalBasis, sender: IT | None, receiver: IT | None) -> Rule | None:
    """The basis table: may ``basis`` carry a client from a ``sender`` to a ``receiver`` institution?"""
    one, other, both_ways = BASIS_TABLE[basis]

    def fits(a: IT | None, b: IT | None) -> bool:
        return (one is None or a in one) and (other is None or b in other)

    return None if fits(sender, receiver) or (both_ways and fits(receiver, sender)) else RULES["basis.sender_receiver"]
