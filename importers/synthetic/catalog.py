"""What each institution type offers: service templates, competences and names.

Categories, target groups and competences are the ids of :mod:`graph.reference`.
Template keys (``"cis.reintegracja"``) are what client pathways ask for when
they look for a provider near a client (see :mod:`importers.synthetic.clients`).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.enums import InstitutionType as IT

__all__ = [
    "ServiceTemplate",
    "SERVICES",
    "SERVICE_COUNT",
    "COMPETENCES",
    "DESCRIPTIONS",
    "NGO_NAMES",
    "COOP_NAMES",
    "EMPLOYER_NAMES",
]


@dataclass(frozen=True, slots=True)
class ServiceTemplate:
    key: str
    name: str
    description: str
    categories: tuple[str, ...]
    groups: tuple[str, ...]
    capacity: tuple[int, int] | None = None
    eligibility: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    legal_basis: str | None = None
    schedule: str | None = "pn–pt 8:00–16:00"
    cost: str | None = "bezpłatnie"


def _t(key: str, name: str, description: str, categories: str, groups: str = "", **kw: object) -> ServiceTemplate:
    return ServiceTemplate(key, name, description, tuple(categories.split()), tuple(groups.split()), **kw)  # type: ignore[arg-type]


UOPS = "ustawa z 12 marca 2004 r. o pomocy społecznej"
UZS = "ustawa z 13 czerwca 2003 r. o zatrudnieniu socjalnym"
URP = "ustawa z 20 marca 2025 r. o rynku pracy i służbach zatrudnienia"

#: Per institution type: the templates; the first ``mandatory`` are always offered.
SERVICES: dict[IT, list[ServiceTemplate]] = {
    IT.OPS: [
        _t("ops.praca-socjalna", "Praca socjalna i kontrakt socjalny", "Pomoc w przezwyciężaniu trudnej sytuacji życiowej, wywiad środowiskowy, kontrakt socjalny.", "praca-socjalna", "dlugotrwale-bezrobotni bezdomni rodziny-z-dziecmi uzaleznieni-alkohol", legal_basis=UOPS),
        _t("ops.zasilki", "Zasiłki i pomoc rzeczowa", "Zasiłki stałe, okresowe i celowe dla osób i rodzin w trudnej sytuacji.", "swiadczenia", "rodziny-z-dziecmi seniorzy niepelnosprawni dlugotrwale-bezrobotni", legal_basis=UOPS),
        _t("ops.uslugi-opiekuncze", "Usługi opiekuńcze w miejscu zamieszkania", "Pomoc w codziennych czynnościach i opieka higieniczna dla osób starszych i chorych.", "uslugi-opiekuncze", "seniorzy niepelnosprawni", capacity=(10, 150), legal_basis=UOPS),
        _t("ops.asystent-rodziny", "Asystent rodziny", "Wsparcie rodzin przeżywających trudności opiekuńczo-wychowawcze.", "wsparcie-rodziny", "rodziny-z-dziecmi", capacity=(5, 60)),
        _t("ops.posilek", "Posiłek dla potrzebujących", "Dożywianie dzieci i dorosłych, posiłek w szkole i w domu.", "posilek swiadczenia", "rodziny-z-dziecmi seniorzy bezdomni"),
        _t("ops.specjalistyczne-uslugi", "Specjalistyczne usługi opiekuńcze", "Usługi dla osób z zaburzeniami psychicznymi, w tym dzieci z autyzmem.", "uslugi-opiekuncze zdrowie-psychiczne", "chorzy-psychicznie niepelnosprawni", capacity=(3, 40)),
        _t("ops.mieszkanie-chronione", "Mieszkanie chronione treningowe", "Przygotowanie do samodzielnego życia pod opieką specjalistów.", "schronienie", "usamodzielniani chorzy-psychicznie bezdomni", capacity=(2, 12)),
        _t("ops.poradnictwo", "Poradnictwo rodzinne i prawne", "Konsultacje psychologa i prawnika dla mieszkańców.", "poradnictwo-rodzinne poradnictwo-prawne", "rodziny-z-dziecmi ofiary-przemocy seniorzy"),
        _t("ops.niebieska-karta", "Procedura Niebieskiej Karty", "Obsługa zespołu interdyscyplinarnego i grup diagnostyczno-pomocowych.", "przeciwdzialanie-przemocy", "ofiary-przemocy"),
        _t("ops.wolontariat-senioralny", "Klub seniora", "Zajęcia aktywizujące i integracyjne dla seniorów.", "aktywizacja-seniorow", "seniorzy", capacity=(15, 60)),
    ],
    IT.PCPR: [
        _t("pcpr.piecza", "Piecza zastępcza i usamodzielnienie", "Wsparcie rodzin zastępczych i wychowanków opuszczających pieczę.", "piecza-zastepcza", "usamodzielniani rodziny-z-dziecmi"),
        _t("pcpr.pfron", "Dofinansowania PFRON", "Rehabilitacja społeczna, turnusy rehabilitacyjne, likwidacja barier.", "rehabilitacja", "niepelnosprawni"),
        _t("pcpr.poradnictwo", "Specjalistyczne poradnictwo rodzinne", "Poradnictwo psychologiczne, pedagogiczne i prawne dla rodzin.", "poradnictwo-rodzinne poradnictwo-psychologiczne", "rodziny-z-dziecmi ofiary-przemocy", capacity=(20, 80)),
        _t("pcpr.program-korekcyjny", "Program korekcyjno-edukacyjny", "Program dla osób stosujących przemoc domową.", "przeciwdzialanie-przemocy", "", capacity=(8, 20)),
        _t("pcpr.integracja-cudzoziemcow", "Indywidualny program integracji", "Wsparcie cudzoziemców objętych ochroną międzynarodową.", "integracja-cudzoziemcow", "uchodzcy"),
    ],
    IT.PUP: [
        _t("pup.posrednictwo", "Pośrednictwo pracy", "Oferty pracy i pomoc w znalezieniu zatrudnienia.", "posrednictwo-pracy", "dlugotrwale-bezrobotni niepelnosprawni uchodzcy", legal_basis=URP),
        _t("pup.doradztwo", "Poradnictwo zawodowe", "Doradztwo zawodowe i planowanie kariery.", "doradztwo-zawodowe", "dlugotrwale-bezrobotni", legal_basis=URP),
        _t("pup.szkolenia", "Szkolenia dla bezrobotnych", "Szkolenia zawodowe finansowane z Funduszu Pracy.", "szkolenia", "dlugotrwale-bezrobotni", capacity=(40, 400), legal_basis=URP),
        _t("pup.staz", "Staż u pracodawcy", "Nabywanie umiejętności praktycznych bez nawiązania stosunku pracy.", "szkolenia posrednictwo-pracy", "dlugotrwale-bezrobotni", capacity=(20, 300), legal_basis=URP),
        _t("pup.psu", "Prace społecznie użyteczne", "Prace organizowane przez gminę dla bezrobotnych korzystających z pomocy społecznej.", "prace-spolecznie-uzyteczne", "dlugotrwale-bezrobotni", capacity=(10, 120), legal_basis=URP),
        _t("pup.dotacje", "Środki na podjęcie działalności", "Jednorazowe środki na założenie firmy lub spółdzielni socjalnej.", "posrednictwo-pracy zatrudnienie-wspierane", "dlugotrwale-bezrobotni", legal_basis=URP),
    ],
    IT.WUP: [
        _t("wup.cizs", "Centrum Informacji i Planowania Kariery Zawodowej", "Doradztwo zawodowe i informacja o rynku pracy, EURES.", "doradztwo-zawodowe", "dlugotrwale-bezrobotni uchodzcy"),
        _t("wup.fgsp", "Obserwatorium rynku pracy", "Badania i prognozy zapotrzebowania na zawody.", "edukacja", ""),
    ],
    IT.ROPS: [
        _t("rops.obserwatorium", "Regionalne obserwatorium polityki społecznej", "Diagnozy i oceny zasobów pomocy społecznej.", "edukacja", ""),
        _t("rops.szkolenia", "Szkolenia kadr pomocy społecznej", "Szkolenia i superwizja dla pracowników socjalnych.", "edukacja", ""),
        _t("rops.kooperacja", "Wsparcie modelu kooperacji", "Animacja partnerskich zespołów kooperacji w gminach.", "praca-socjalna", ""),
    ],
    IT.CIS: [
        _t("cis.reintegracja", "Reintegracja społeczna i zawodowa w CIS", "Warsztaty zawodowe, IPZS, świadczenie integracyjne.", "reintegracja-zawodowa reintegracja-spoleczna", "dlugotrwale-bezrobotni bezdomni uzaleznieni-alkohol uzaleznieni-narkotyki zwalniani-z-zakladow-karnych chorzy-psychicznie niepelnosprawni uchodzcy", capacity=(20, 80), legal_basis=UZS, min_age=18),
        _t("cis.zatrudnienie-wspierane", "Zatrudnienie wspierane po CIS", "Wsparcie absolwentów CIS u pracodawców.", "zatrudnienie-wspierane", "dlugotrwale-bezrobotni", capacity=(5, 30), legal_basis=UZS),
    ],
    IT.KIS: [
        _t("kis.reintegracja", "Klub Integracji Społecznej", "Grupy wsparcia, warsztaty aktywizacyjne, prace społecznie użyteczne.", "reintegracja-spoleczna", "dlugotrwale-bezrobotni bezdomni uzaleznieni-alkohol", capacity=(10, 50), legal_basis=UZS, eligibility="uczestnictwo pod warunkiem realizacji kontraktu socjalnego"),
    ],
    IT.SOCIAL_COOPERATIVE: [
        _t("ss.zatrudnienie", "Zatrudnienie w spółdzielni socjalnej", "Miejsca pracy dla osób zagrożonych wykluczeniem.", "zatrudnienie-wspierane", "dlugotrwale-bezrobotni niepelnosprawni", capacity=(5, 30)),
        _t("ss.uslugi", "Usługi spółdzielni socjalnej", "Catering, sprzątanie, zieleń i usługi opiekuńcze na zlecenie gminy.", "uslugi-opiekuncze zatrudnienie-wspierane", "seniorzy", cost="odpłatnie"),
    ],
    IT.OWES: [
        _t("owes.wsparcie", "Wsparcie podmiotów ekonomii społecznej", "Doradztwo przy zakładaniu spółdzielni socjalnych i przedsiębiorstw społecznych.", "zatrudnienie-wspierane", ""),
        _t("owes.animacja", "Animacja lokalna", "Animacja społeczności lokalnych i partnerstw.", "edukacja", ""),
    ],
    IT.ZAZ: [
        _t("zaz.zatrudnienie", "Zatrudnienie w zakładzie aktywności zawodowej", "Praca i rehabilitacja dla osób ze znacznym stopniem niepełnosprawności.", "zatrudnienie-wspierane rehabilitacja", "niepelnosprawni chorzy-psychicznie", capacity=(20, 70)),
    ],
    IT.WTZ: [
        _t("wtz.terapia", "Warsztat terapii zajęciowej", "Rehabilitacja społeczna i zawodowa w pracowniach terapii.", "rehabilitacja wsparcie-dzienne", "niepelnosprawni chorzy-psychicznie", capacity=(20, 60)),
    ],
    IT.SDS: [
        _t("sds.wsparcie", "Środowiskowy dom samopomocy", "Wsparcie dzienne dla osób z zaburzeniami psychicznymi.", "wsparcie-dzienne zdrowie-psychiczne", "chorzy-psychicznie niepelnosprawni", capacity=(15, 70), legal_basis=UOPS),
        _t("sds.klub", "Klub samopomocy", "Spotkania i zajęcia dla osób po kryzysie psychicznym.", "wsparcie-dzienne zdrowie-psychiczne", "chorzy-psychicznie", capacity=(10, 30)),
    ],
    IT.DPS: [
        _t("dps.opieka", "Całodobowa opieka w DPS", "Dom pomocy społecznej: opieka, pielęgnacja i aktywizacja.", "opieka-calodobowa", "seniorzy niepelnosprawni chorzy-psychicznie", capacity=(30, 250), legal_basis=UOPS, cost="odpłatnie wg dochodu"),
        _t("dps.dzienny", "Pobyt dzienny", "Dzienny pobyt z wyżywieniem i zajęciami.", "wsparcie-dzienne", "seniorzy", capacity=(5, 30)),
    ],
    IT.OIK: [
        _t("oik.interwencja", "Interwencja kryzysowa i hostel", "Całodobowa pomoc w kryzysie, schronienie dla osób doznających przemocy.", "interwencja-kryzysowa przeciwdzialanie-przemocy", "ofiary-przemocy rodziny-z-dziecmi", capacity=(6, 30), schedule="całodobowo"),
        _t("oik.telefon", "Telefon zaufania", "Wsparcie psychologiczne przez telefon.", "interwencja-kryzysowa poradnictwo-psychologiczne", "ofiary-przemocy", schedule="całodobowo"),
    ],
    IT.NGO: [
        _t("ngo.schronisko", "Schronisko dla osób bezdomnych", "Schronienie, posiłek i praca socjalna dla osób w kryzysie bezdomności.", "schronienie posilek", "bezdomni", capacity=(15, 120), schedule="całodobowo"),
        _t("ngo.bank-zywnosci", "Pomoc żywnościowa", "Paczki żywnościowe i posiłki dla osób w trudnej sytuacji.", "posilek", "rodziny-z-dziecmi seniorzy bezdomni"),
        _t("ngo.grupa-wsparcia", "Grupa wsparcia dla osób po terapii uzależnień", "Wsparcie w utrzymaniu abstynencji i powrocie do pracy.", "terapia-uzaleznien", "uzaleznieni-alkohol uzaleznieni-narkotyki", capacity=(8, 30)),
        _t("ngo.seniorzy", "Zajęcia dla seniorów", "Warsztaty, wolontariat i wsparcie sąsiedzkie dla osób starszych.", "aktywizacja-seniorow", "seniorzy", capacity=(10, 80)),
        _t("ngo.swietlica", "Świetlica środowiskowa", "Opieka i zajęcia dla dzieci po lekcjach.", "wsparcie-rodziny edukacja", "rodziny-z-dziecmi", capacity=(15, 60), min_age=6, max_age=18),
        _t("ngo.porady-prawne", "Nieodpłatna pomoc prawna", "Porady prawne i obywatelskie.", "poradnictwo-prawne", "seniorzy dlugotrwale-bezrobotni uchodzcy"),
        _t("ngo.niepelnosprawni", "Rehabilitacja i wsparcie osób z niepełnosprawnościami", "Zajęcia rehabilitacyjne i wsparcie rodzin.", "rehabilitacja", "niepelnosprawni", capacity=(10, 60)),
        _t("ngo.przemoc", "Pomoc osobom doznającym przemocy", "Konsultacje, grupy wsparcia, towarzyszenie w procedurach.", "przeciwdzialanie-przemocy poradnictwo-psychologiczne", "ofiary-przemocy", capacity=(10, 40)),
        _t("ngo.cudzoziemcy", "Integracja cudzoziemców", "Kursy języka polskiego i pomoc w sprawach urzędowych.", "integracja-cudzoziemcow", "uchodzcy", capacity=(10, 60)),
        _t("ngo.aktywizacja", "Aktywizacja zawodowa", "Kluby pracy, treningi kompetencji i pośrednictwo.", "doradztwo-zawodowe", "dlugotrwale-bezrobotni niepelnosprawni", capacity=(10, 50)),
        _t("ngo.wolontariat", "Centrum wolontariatu", "Wolontariusze do pomocy sąsiedzkiej i w instytucjach.", "aktywizacja-seniorow edukacja", "seniorzy"),
        _t("ngo.asystencja", "Asystencja osobista", "Asystent osobisty osoby z niepełnosprawnością.", "uslugi-opiekuncze rehabilitacja", "niepelnosprawni", capacity=(5, 40)),
        _t("ngo.mieszkania-wspierane", "Mieszkania wspierane", "Mieszkania z asystą dla osób wychodzących z kryzysu.", "schronienie", "bezdomni usamodzielniani chorzy-psychicznie", capacity=(3, 20)),
        _t("ngo.wypoczynek", "Wypoczynek dla dzieci", "Kolonie i półkolonie dla dzieci z rodzin w trudnej sytuacji.", "wsparcie-rodziny", "rodziny-z-dziecmi", capacity=(20, 120), min_age=7, max_age=16),
        _t("ngo.edukacja-finansowa", "Doradztwo finansowe i zadłużenie", "Pomoc w wychodzeniu z długów i planowaniu budżetu.", "poradnictwo-prawne", "dlugotrwale-bezrobotni rodziny-z-dziecmi"),
    ],
    IT.SCHOOL: [
        _t("szkola.swietlica", "Świetlica szkolna", "Opieka świetlicowa przed i po lekcjach.", "edukacja", "rodziny-z-dziecmi", capacity=(25, 200), min_age=6, max_age=15),
        _t("szkola.pedagog", "Pedagog i psycholog szkolny", "Wsparcie psychologiczno-pedagogiczne uczniów i rodziców.", "poradnictwo-psychologiczne", "rodziny-z-dziecmi", min_age=6, max_age=19),
        _t("szkola.dozywianie", "Dożywianie w szkole", "Posiłki dla uczniów finansowane przez gminę.", "posilek", "rodziny-z-dziecmi", min_age=6, max_age=19),
        _t("szkola.wyrownawcze", "Zajęcia wyrównawcze", "Zajęcia dla uczniów z trudnościami w nauce.", "edukacja", "rodziny-z-dziecmi", capacity=(10, 60), min_age=6, max_age=19),
        _t("szkola.integracja", "Oddział przygotowawczy dla dzieci cudzoziemców", "Nauka języka polskiego i adaptacja w szkole.", "integracja-cudzoziemcow edukacja", "uchodzcy", capacity=(5, 25), min_age=6, max_age=19),
        _t("szkola.doradztwo", "Doradztwo zawodowe w szkole", "Zajęcia z planowania kariery dla uczniów.", "doradztwo-zawodowe edukacja", "rodziny-z-dziecmi", min_age=12, max_age=19),
        _t("szkola.pozalekcyjne", "Zajęcia pozalekcyjne", "Koła zainteresowań i zajęcia sportowe po lekcjach.", "edukacja", "rodziny-z-dziecmi", capacity=(15, 150), min_age=6, max_age=19),
        _t("szkola.rewalidacja", "Zajęcia rewalidacyjne", "Zajęcia dla uczniów z orzeczeniem o potrzebie kształcenia specjalnego.", "edukacja rehabilitacja", "niepelnosprawni", min_age=6, max_age=24),
    ],
    IT.PPP: [
        _t("ppp.diagnoza", "Diagnoza i terapia psychologiczno-pedagogiczna", "Diagnoza, opinie i orzeczenia, terapia dzieci i młodzieży.", "poradnictwo-psychologiczne", "rodziny-z-dziecmi niepelnosprawni", min_age=0, max_age=24),
        _t("ppp.wczesne-wspomaganie", "Wczesne wspomaganie rozwoju dziecka", "Zajęcia dla dzieci od wykrycia niepełnosprawności do rozpoczęcia nauki.", "rehabilitacja edukacja", "niepelnosprawni rodziny-z-dziecmi", capacity=(10, 60), min_age=0, max_age=8),
        _t("ppp.mediacje", "Mediacje rodzinne", "Mediacje w konfliktach rodzinnych i szkolnych.", "mediacje", "rodziny-z-dziecmi"),
    ],
    IT.POLICE: [
        _t("policja.niebieska-karta", "Procedura Niebieskiej Karty", "Interwencja w przypadku przemocy domowej.", "przeciwdzialanie-przemocy", "ofiary-przemocy", schedule="całodobowo"),
        _t("policja.dzielnicowy", "Dzielnicowy", "Kontakt z dzielnicowym, profilaktyka i bezpieczeństwo.", "przeciwdzialanie-przemocy", "seniorzy ofiary-przemocy"),
        _t("policja.profilaktyka", "Profilaktyka w szkołach", "Spotkania profilaktyczne z uczniami i rodzicami.", "edukacja", "rodziny-z-dziecmi"),
    ],
    IT.COURT: [
        _t("sad.dozor", "Dozór kuratorski i pomoc postpenitencjarna", "Wsparcie osób opuszczających zakłady karne.", "reintegracja-spoleczna", "zwalniani-z-zakladow-karnych"),
        _t("sad.kurator-rodzinny", "Kurator rodzinny", "Nadzór kuratora nad rodziną i małoletnimi.", "wsparcie-rodziny", "rodziny-z-dziecmi"),
    ],
    IT.HEALTH: [
        _t("zdrowie.pzp", "Poradnia zdrowia psychicznego", "Leczenie ambulatoryjne zaburzeń psychicznych.", "zdrowie-psychiczne", "chorzy-psychicznie"),
        _t("zdrowie.terapia", "Terapia uzależnień", "Terapia uzależnienia od alkoholu i narkotyków, terapia współuzależnienia.", "terapia-uzaleznien", "uzaleznieni-alkohol uzaleznieni-narkotyki", capacity=(20, 80)),
        _t("zdrowie.centrum-zp", "Centrum zdrowia psychicznego", "Punkt zgłoszeniowo-koordynacyjny, zespół środowiskowy.", "zdrowie-psychiczne interwencja-kryzysowa", "chorzy-psychicznie", schedule="pn–pt 8:00–18:00"),
        _t("zdrowie.rehabilitacja", "Rehabilitacja ambulatoryjna", "Fizjoterapia i rehabilitacja w ramach NFZ.", "rehabilitacja", "niepelnosprawni seniorzy"),
        _t("zdrowie.opieka-dlugoterminowa", "Opieka długoterminowa", "Pielęgniarska opieka długoterminowa domowa.", "uslugi-opiekuncze", "seniorzy niepelnosprawni", capacity=(10, 60)),
    ],
    IT.GKRPA: [
        _t("gkrpa.motywacja", "Motywowanie do leczenia odwykowego", "Rozmowy motywujące i wnioski o zobowiązanie do leczenia.", "terapia-uzaleznien", "uzaleznieni-alkohol"),
        _t("gkrpa.punkt-konsultacyjny", "Punkt konsultacyjny", "Konsultacje dla osób uzależnionych i współuzależnionych.", "terapia-uzaleznien poradnictwo-psychologiczne", "uzaleznieni-alkohol uzaleznieni-narkotyki ofiary-przemocy"),
    ],
    IT.CULTURE: [
        _t("kultura.biblioteka", "Biblioteka publiczna", "Wypożyczalnia, czytelnia i zajęcia dla dzieci i seniorów.", "edukacja", "seniorzy rodziny-z-dziecmi", schedule="pn–sob 9:00–19:00"),
        _t("kultura.zajecia", "Zajęcia w domu kultury", "Koła zainteresowań i warsztaty artystyczne.", "edukacja aktywizacja-seniorow", "rodziny-z-dziecmi seniorzy", capacity=(10, 120)),
        _t("kultura.uniwersytet", "Uniwersytet trzeciego wieku", "Wykłady i zajęcia dla seniorów.", "aktywizacja-seniorow", "seniorzy", capacity=(20, 200), cost="składka członkowska"),
    ],
    IT.EMPLOYER: [
        _t("pracodawca.praca", "Zatrudnienie przejściowe", "Miejsca pracy dla absolwentów CIS i KIS.", "zatrudnienie-wspierane", "dlugotrwale-bezrobotni", capacity=(2, 20)),
    ],
    IT.CUS: [],  # a CUS offers what an OPS offers plus the IPUS (filled in below)
}
SERVICES[IT.CUS] = [
    _t("cus.ipus", "Indywidualny plan usług społecznych", "Kwalifikacja do usług i koordynacja indywidualnego planu.", "praca-socjalna uslugi-opiekuncze", "seniorzy rodziny-z-dziecmi niepelnosprawni", legal_basis="ustawa z 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych"),
    *SERVICES[IT.OPS],
]

#: (mandatory first templates, lowest, highest number of services) per type.
SERVICE_COUNT: dict[IT, tuple[int, int, int]] = {
    IT.OPS: (2, 6, 10),
    IT.CUS: (3, 7, 11),
    IT.PCPR: (2, 3, 5),
    IT.PUP: (3, 5, 6),
    IT.WUP: (1, 2, 2),
    IT.ROPS: (1, 2, 3),
    IT.CIS: (1, 1, 2),
    IT.KIS: (1, 1, 1),
    IT.SOCIAL_COOPERATIVE: (1, 1, 2),
    IT.OWES: (1, 2, 2),
    IT.ZAZ: (1, 1, 1),
    IT.WTZ: (1, 1, 1),
    IT.SDS: (1, 1, 2),
    IT.DPS: (1, 1, 2),
    IT.OIK: (1, 1, 2),
    IT.NGO: (0, 4, 9),
    IT.SCHOOL: (2, 5, 8),
    IT.PPP: (1, 2, 3),
    IT.POLICE: (1, 2, 3),
    IT.COURT: (1, 1, 2),
    IT.HEALTH: (0, 2, 5),
    IT.GKRPA: (1, 2, 2),
    IT.CULTURE: (1, 2, 3),
    IT.EMPLOYER: (1, 1, 1),
}

#: Staff competences per type: (competence id, lowest, highest staff).
COMPETENCES: dict[IT, list[tuple[str, int, int]]] = {
    IT.OPS: [("praca-socjalna", 2, 40), ("asystentura-rodziny", 1, 8), ("poradnictwo-prawne", 1, 2), ("psychologia", 1, 3)],
    IT.CUS: [("praca-socjalna", 3, 40), ("animacja-lokalna", 1, 4), ("asystentura-rodziny", 1, 8)],
    IT.PCPR: [("psychologia", 1, 4), ("pedagogika", 1, 3), ("poradnictwo-prawne", 1, 2), ("praca-socjalna", 2, 10)],
    IT.PUP: [("doradztwo-zawodowe", 2, 20), ("posrednictwo-pracy", 3, 40)],
    IT.WUP: [("doradztwo-zawodowe", 3, 15)],
    IT.ROPS: [("animacja-lokalna", 1, 6), ("praca-socjalna", 1, 4)],
    IT.CIS: [("coaching-zatrudnienia", 1, 4), ("psychologia", 1, 2), ("praca-socjalna", 1, 2)],
    IT.KIS: [("praca-socjalna", 1, 3), ("doradztwo-zawodowe", 1, 1)],
    IT.SOCIAL_COOPERATIVE: [("coaching-zatrudnienia", 1, 1)],
    IT.OWES: [("animacja-lokalna", 2, 8), ("coaching-zatrudnienia", 1, 4)],
    IT.ZAZ: [("rehabilitacja", 1, 4), ("coaching-zatrudnienia", 1, 3)],
    IT.WTZ: [("rehabilitacja", 2, 6), ("psychologia", 1, 1)],
    IT.SDS: [("psychologia", 1, 2), ("rehabilitacja", 1, 3), ("praca-socjalna", 1, 2)],
    IT.DPS: [("rehabilitacja", 1, 6), ("psychologia", 1, 2), ("praca-socjalna", 1, 3)],
    IT.OIK: [("interwencja-kryzysowa", 2, 10), ("psychologia", 1, 4), ("mediacje", 1, 2)],
    IT.NGO: [("praca-socjalna", 1, 3), ("psychologia", 1, 2), ("terapia-uzaleznien", 1, 2), ("poradnictwo-prawne", 1, 2), ("animacja-lokalna", 1, 3)],
    IT.SCHOOL: [("pedagogika", 1, 4), ("psychologia", 1, 2)],
    IT.PPP: [("psychologia", 2, 12), ("pedagogika", 2, 14), ("mediacje", 1, 2)],
    IT.POLICE: [("interwencja-kryzysowa", 1, 6)],
    IT.COURT: [("mediacje", 1, 4), ("pedagogika", 1, 3)],
    IT.HEALTH: [("psychologia", 1, 6), ("terapia-uzaleznien", 1, 8), ("rehabilitacja", 1, 6)],
    IT.GKRPA: [("terapia-uzaleznien", 1, 2)],
    IT.CULTURE: [("animacja-lokalna", 1, 3)],
    IT.EMPLOYER: [("coaching-zatrudnienia", 1, 1)],
}

DESCRIPTIONS: dict[IT, str] = {
    IT.OPS: "Ośrodek pomocy społecznej gminy: świadczenia, praca socjalna, usługi opiekuńcze.",
    IT.CUS: "Centrum usług społecznych: organizuje i koordynuje usługi społeczne w gminie.",
    IT.PCPR: "Powiatowe zadania pomocy społecznej, piecza zastępcza, rehabilitacja społeczna.",
    IT.PUP: "Urząd pracy: rejestracja bezrobotnych, pośrednictwo, szkolenia, staże.",
    IT.WUP: "Wojewódzki urząd pracy: polityka rynku pracy w regionie.",
    IT.ROPS: "Regionalny ośrodek polityki społecznej samorządu województwa.",
    IT.CIS: "Centrum integracji społecznej: reintegracja społeczna i zawodowa.",
    IT.KIS: "Klub integracji społecznej: aktywizacja osób realizujących kontrakt socjalny.",
    IT.SOCIAL_COOPERATIVE: "Spółdzielnia socjalna zatrudniająca osoby zagrożone wykluczeniem.",
    IT.OWES: "Ośrodek wsparcia ekonomii społecznej z akredytacją ministra.",
    IT.ZAZ: "Zakład aktywności zawodowej dla osób z niepełnosprawnościami.",
    IT.WTZ: "Warsztat terapii zajęciowej: rehabilitacja społeczna i zawodowa.",
    IT.SDS: "Ośrodek wsparcia dla osób z zaburzeniami psychicznymi.",
    IT.DPS: "Dom pomocy społecznej: całodobowa opieka.",
    IT.OIK: "Ośrodek interwencji kryzysowej.",
    IT.NGO: "Organizacja pozarządowa działająca na rzecz mieszkańców.",
    IT.SCHOOL: "Szkoła publiczna.",
    IT.PPP: "Poradnia psychologiczno-pedagogiczna.",
    IT.POLICE: "Jednostka Policji.",
    IT.COURT: "Zespół kuratorskiej służby sądowej sądu rejonowego.",
    IT.HEALTH: "Podmiot leczniczy.",
    IT.GKRPA: "Gminna komisja rozwiązywania problemów alkoholowych.",
    IT.CULTURE: "Samorządowa instytucja kultury.",
    IT.EMPLOYER: "Pracodawca współpracujący z instytucjami reintegracji.",
}

NGO_NAMES = (
    "Stowarzyszenie „Wspólny Dom”", "Fundacja „Nowy Start”", "Stowarzyszenie „Razem Łatwiej”",
    "Fundacja „Dobry Krok”", "Stowarzyszenie Aktywnych Seniorów", "Fundacja Pomocy Rodzinie „Przystań”",
    "Stowarzyszenie na rzecz Osób z Niepełnosprawnościami „Promyk”", "Fundacja „Zielone Światło”",
    "Stowarzyszenie Trzeźwościowe „Odnowa”", "Fundacja „Otwarte Drzwi”", "Stowarzyszenie „Bank Żywności”",
    "Fundacja „Bezpieczny Dom”", "Stowarzyszenie Rozwoju Wsi", "Koło Gospodyń Wiejskich",
    "Fundacja „Dzieciom”", "Stowarzyszenie „Tęcza”", "Polski Czerwony Krzyż – oddział rejonowy",
    "Caritas – parafialny zespół", "Stowarzyszenie „Most”", "Fundacja „Sąsiedzi”",
)
COOP_NAMES = ("„Pracowita”", "„Smaczna Kuchnia”", "„Zielony Zakątek”", "„Czysty Dom”", "„Nasza Praca”", "„Opiekunka”", "„Rękodzieło”", "„Nowe Perspektywy”")
EMPLOYER_NAMES = ("Przedsiębiorstwo Usług Komunalnych", "Zakład Gospodarki Komunalnej", "Spółdzielnia Mleczarska", "Przedsiębiorstwo Budowlane", "Zakład Zieleni Miejskiej", "Piekarnia", "Hotel i Restauracja", "Firma Sprzątająca")
