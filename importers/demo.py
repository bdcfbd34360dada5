"""The demo network: Toruń and powiat toruński (woj. kujawsko-pomorskie).

Territories, centroids and TERYT codes are real (TERC 2025, PRG 2020).  The
institutions are modelled on the real local system (MOPR, GOPS in each gmina,
PCPR, PUP, CIS, KIS, ŚDS, NGOs…) but names of NGOs and employers, all
contacts, services, ties and every client are invented; no contact data names
a person.  Clients, referrals and plans are generated from a fixed seed, so
loading the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from graph import model as m
from graph.enums import (
    CooperationKind,
    GminaKind,
    LegalBasis,
    PartnershipType,
    PlanStatus,
    PlanType,
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
    Sex,
    TerritoryLevel,
)
from graph.enums import (
    InstitutionType as IT,
)
from graph.writer import Batch

__all__ = ["demo_batch", "reference_batch", "DEMO_SEED"]

DEMO_SEED = 20261122

# teryt, name, rodz, kind, lon, lat
_TERRITORIES: list[tuple[str, str, str | None, str, float, float]] = [
    ("04", "kujawsko-pomorskie", None, "województwo", 18.49, 53.07),
    ("0415", "toruński", None, "powiat", 18.6548, 53.0436),
    ("0463", "Toruń", None, "miasto na prawach powiatu", 18.6169, 53.0219),
    ("041501", "Chełmża", "1", "gmina miejska", 18.6066, 53.1856),
    ("041502", "Chełmża", "2", "gmina wiejska", 18.6491, 53.1912),
    ("041503", "Czernikowo", "2", "gmina wiejska", 18.9658, 52.9111),
    ("041504", "Lubicz", "2", "gmina wiejska", 18.7633, 53.0473),
    ("041505", "Łubianka", "2", "gmina wiejska", 18.4872, 53.1390),
    ("041506", "Łysomice", "2", "gmina wiejska", 18.6308, 53.0979),
    ("041507", "Obrowo", "2", "gmina wiejska", 18.8382, 52.9716),
    ("041508", "Wielka Nieszawka", "2", "gmina wiejska", 18.5465, 52.9533),
    ("041509", "Zławieś Wielka", "2", "gmina wiejska", 18.3675, 53.0978),
    ("046301", "Toruń", "1", "gmina miejska", 18.6183, 53.0225),
]

# id, name, type, gmina, city, serves (teryt list), declared?
_INSTITUTIONS: list[tuple[str, str, IT, str, str, list[str]]] = [
    (
        "mopr-torun",
        "Miejski Ośrodek Pomocy Rodzinie w Toruniu",
        IT.OPS,
        "046301",
        "Toruń",
        ["046301", "0463"],
    ),
    (
        "mops-chelmza",
        "Miejski Ośrodek Pomocy Społecznej w Chełmży",
        IT.OPS,
        "041501",
        "Chełmża",
        ["041501"],
    ),
    (
        "gops-chelmza",
        "Gminny Ośrodek Pomocy Społecznej w Chełmży",
        IT.OPS,
        "041502",
        "Chełmża",
        ["041502"],
    ),
    (
        "gops-czernikowo",
        "Gminny Ośrodek Pomocy Społecznej w Czernikowie",
        IT.OPS,
        "041503",
        "Czernikowo",
        ["041503"],
    ),
    (
        "cus-lubicz",
        "Centrum Usług Społecznych w Lubiczu",
        IT.CUS,
        "041504",
        "Lubicz Górny",
        ["041504"],
    ),
    (
        "gops-lubianka",
        "Gminny Ośrodek Pomocy Społecznej w Łubiance",
        IT.OPS,
        "041505",
        "Łubianka",
        ["041505"],
    ),
    (
        "gops-lysomice",
        "Gminny Ośrodek Pomocy Społecznej w Łysomicach",
        IT.OPS,
        "041506",
        "Łysomice",
        ["041506"],
    ),
    (
        "gops-obrowo",
        "Gminny Ośrodek Pomocy Społecznej w Obrowie",
        IT.OPS,
        "041507",
        "Obrowo",
        ["041507"],
    ),
    (
        "gops-wielka-nieszawka",
        "Gminny Ośrodek Pomocy Społecznej w Wielkiej Nieszawce",
        IT.OPS,
        "041508",
        "Wielka Nieszawka",
        ["041508"],
    ),
    (
        "gops-zlawies",
        "Gminny Ośrodek Pomocy Społecznej w Zławsi Wielkiej",
        IT.OPS,
        "041509",
        "Zławieś Mała",
        ["041509"],
    ),
    (
        "pcpr-torun",
        "Powiatowe Centrum Pomocy Rodzinie w Toruniu",
        IT.PCPR,
        "046301",
        "Toruń",
        ["0415"],
    ),
    (
        "pup-torun",
        "Powiatowy Urząd Pracy dla Miasta Torunia",
        IT.PUP,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    ("wup-torun", "Wojewódzki Urząd Pracy w Toruniu", IT.WUP, "046301", "Toruń", ["04"]),
    (
        "rops-torun",
        "Regionalny Ośrodek Polityki Społecznej w Toruniu",
        IT.ROPS,
        "046301",
        "Toruń",
        ["04"],
    ),
    (
        "cis-torun",
        "Centrum Integracji Społecznej w Toruniu",
        IT.CIS,
        "046301",
        "Toruń",
        ["046301", "041504", "041506"],
    ),
    (
        "cis-chelmza",
        "Centrum Integracji Społecznej w Chełmży",
        IT.CIS,
        "041501",
        "Chełmża",
        ["041501", "041502"],
    ),
    (
        "kis-torun",
        "Klub Integracji Społecznej przy MOPR w Toruniu",
        IT.KIS,
        "046301",
        "Toruń",
        ["046301"],
    ),
    (
        "kis-lubicz",
        "Klub Integracji Społecznej w Lubiczu",
        IT.KIS,
        "041504",
        "Lubicz Górny",
        ["041504", "041507"],
    ),
    (
        "ss-kopernik",
        "Spółdzielnia Socjalna „Piernikowa”",
        IT.SOCIAL_COOPERATIVE,
        "046301",
        "Toruń",
        ["046301"],
    ),
    (
        "owes-torun",
        "Ośrodek Wsparcia Ekonomii Społecznej w Toruniu",
        IT.OWES,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    ("sds-torun", "Środowiskowy Dom Samopomocy w Toruniu", IT.SDS, "046301", "Toruń", ["0463"]),
    ("dps-torun", "Dom Pomocy Społecznej w Toruniu", IT.DPS, "046301", "Toruń", ["0463"]),
    (
        "oik-torun",
        "Ośrodek Interwencji Kryzysowej w Toruniu",
        IT.OIK,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    (
        "ngo-bezdomni",
        "Stowarzyszenie „Wspólny Dach” na rzecz osób bezdomnych",
        IT.NGO,
        "046301",
        "Toruń",
        ["046301"],
    ),
    (
        "ngo-trzezwosc",
        "Fundacja „Nowy Start” pomocy osobom uzależnionym",
        IT.NGO,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    (
        "ngo-seniorzy",
        "Stowarzyszenie Aktywnych Seniorów „Srebrna Wisła”",
        IT.NGO,
        "041504",
        "Lubicz Dolny",
        ["041504"],
    ),
    ("sp-torun", "Szkoła Podstawowa nr 7 w Toruniu", IT.SCHOOL, "046301", "Toruń", ["046301"]),
    (
        "ppp-torun",
        "Poradnia Psychologiczno-Pedagogiczna w Toruniu",
        IT.PPP,
        "046301",
        "Toruń",
        ["0463"],
    ),
    (
        "kmp-torun",
        "Komenda Miejska Policji w Toruniu",
        IT.POLICE,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    (
        "kuratorzy-torun",
        "Sąd Rejonowy w Toruniu – Zespół Kuratorskiej Służby Sądowej",
        IT.COURT,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    (
        "pzp-torun",
        "Poradnia Zdrowia Psychicznego w Toruniu",
        IT.HEALTH,
        "046301",
        "Toruń",
        ["0463"],
    ),
    (
        "plu-torun",
        "Poradnia Leczenia Uzależnień w Toruniu",
        IT.HEALTH,
        "046301",
        "Toruń",
        ["0463", "0415"],
    ),
    (
        "gkrpa-lubicz",
        "Gminna Komisja Rozwiązywania Problemów Alkoholowych w Lubiczu",
        IT.GKRPA,
        "041504",
        "Lubicz Górny",
        ["041504"],
    ),
    (
        "pracodawca-puk",
        "Przedsiębiorstwo Usług Komunalnych „Wisła” sp. z o.o.",
        IT.EMPLOYER,
        "046301",
        "Toruń",
        [],
    ),
]

_DECLARED = {
    "cis-torun",
    "cis-chelmza",
    "kis-torun",
    "kis-lubicz",
    "ngo-bezdomni",
    "ngo-trzezwosc",
    "ngo-seniorzy",
}
#: Entries in the wojewoda's register of KIS (art. 18a uzs); fictional numbers of the demo.
_REGISTER_ENTRIES = {"kis-torun": "KIS/04/0007", "kis-lubicz": "KIS/04/0012"}
_PART_OF = [("kis-torun", "mopr-torun"), ("kis-lubicz", "cus-lubicz"), ("oik-torun", "mopr-torun")]

# service id suffix, name, description, categories, target groups, capacity, free places
_SERVICES: dict[str, list[tuple[str, str, str, list[str], list[str], int | None, int | None]]] = {
    "mopr-torun": [
        (
            "praca-socjalna",
            "Praca socjalna i kontrakt socjalny",
            "Pomoc w przezwyciężaniu trudnej sytuacji życiowej, kontrakt socjalny.",
            ["praca-socjalna"],
            ["dlugotrwale-bezrobotni", "bezdomni", "rodziny-z-dziecmi"],
            None,
            None,
        ),
        (
            "zasilki",
            "Zasiłki i pomoc rzeczowa",
            "Zasiłki stałe, okresowe i celowe dla osób i rodzin.",
            ["swiadczenia"],
            ["rodziny-z-dziecmi", "seniorzy", "niepelnosprawni"],
            None,
            None,
        ),
        (
            "asystent",
            "Asystent rodziny",
            "Wsparcie rodzin przeżywających trudności opiekuńczo-wychowawcze.",
            ["wsparcie-rodziny"],
            ["rodziny-z-dziecmi"],
            60,
            4,
        ),
        (
            "uslugi-opiekuncze",
            "Usługi opiekuńcze w miejscu zamieszkania",
            "Pomoc w codziennych czynnościach dla seniorów.",
            ["uslugi-opiekuncze"],
            ["seniorzy", "niepelnosprawni"],
            120,
            6,
        ),
    ],
    "mops-chelmza": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna dla mieszkańców Chełmży.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni", "rodziny-z-dziecmi"],
            None,
            None,
        )
    ],
    "gops-chelmza": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie wiejskiej Chełmża.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni", "seniorzy"],
            None,
            None,
        )
    ],
    "gops-czernikowo": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie Czernikowo.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni", "seniorzy"],
            None,
            None,
        )
    ],
    "cus-lubicz": [
        (
            "ipus",
            "Indywidualny plan usług społecznych",
            "Usługi społeczne w ramach CUS, plan IPUS.",
            ["praca-socjalna", "uslugi-opiekuncze"],
            ["seniorzy", "rodziny-z-dziecmi", "niepelnosprawni"],
            None,
            None,
        ),
        (
            "klub-seniora",
            "Klub seniora",
            "Zajęcia aktywizujące dla seniorów.",
            ["aktywizacja-seniorow"],
            ["seniorzy"],
            30,
            3,
        ),
    ],
    "gops-lubianka": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie Łubianka.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni"],
            None,
            None,
        )
    ],
    "gops-lysomice": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie Łysomice.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni", "rodziny-z-dziecmi"],
            None,
            None,
        )
    ],
    "gops-obrowo": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie Obrowo.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni"],
            None,
            None,
        )
    ],
    "gops-wielka-nieszawka": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie Wielka Nieszawka.",
            ["praca-socjalna"],
            ["seniorzy"],
            None,
            None,
        )
    ],
    "gops-zlawies": [
        (
            "praca-socjalna",
            "Praca socjalna",
            "Pomoc społeczna w gminie Zławieś Wielka.",
            ["praca-socjalna", "swiadczenia"],
            ["dlugotrwale-bezrobotni"],
            None,
            None,
        )
    ],
    "pcpr-torun": [
        (
            "piecza",
            "Piecza zastępcza i usamodzielnienie",
            "Wsparcie rodzin zastępczych i wychowanków opuszczających pieczę.",
            ["piecza-zastepcza"],
            ["usamodzielniani", "rodziny-z-dziecmi"],
            None,
            None,
        ),
        (
            "pfron",
            "Dofinansowania PFRON dla osób z niepełnosprawnościami",
            "Rehabilitacja społeczna, turnusy, likwidacja barier.",
            ["rehabilitacja"],
            ["niepelnosprawni"],
            None,
            None,
        ),
        (
            "poradnictwo",
            "Specjalistyczne poradnictwo rodzinne",
            "Poradnictwo psychologiczne, prawne i rodzinne.",
            ["poradnictwo-rodzinne", "poradnictwo-prawne"],
            ["rodziny-z-dziecmi", "ofiary-przemocy"],
            40,
            5,
        ),
    ],
    "pup-torun": [
        (
            "posrednictwo",
            "Pośrednictwo pracy",
            "Oferty pracy i pomoc w znalezieniu zatrudnienia dla bezrobotnych.",
            ["posrednictwo-pracy"],
            ["dlugotrwale-bezrobotni", "niepelnosprawni", "uchodzcy"],
            None,
            None,
        ),
        (
            "doradztwo",
            "Poradnictwo zawodowe",
            "Doradztwo zawodowe i planowanie kariery dla osób bezrobotnych.",
            ["doradztwo-zawodowe"],
            ["dlugotrwale-bezrobotni"],
            None,
            None,
        ),
        (
            "szkolenia",
            "Szkolenia dla bezrobotnych",
            "Szkolenia zawodowe finansowane z Funduszu Pracy.",
            ["szkolenia"],
            ["dlugotrwale-bezrobotni"],
            200,
            35,
        ),
        (
            "psu",
            "Prace społecznie użyteczne",
            "Prace społecznie użyteczne organizowane z gminą dla bezrobotnych bez prawa do zasiłku.",
            ["prace-spolecznie-uzyteczne"],
            ["dlugotrwale-bezrobotni"],
            50,
            0,
        ),
    ],
    "wup-torun": [
        (
            "eures",
            "Doradztwo zawodowe i EURES",
            "Centrum Informacji i Planowania Kariery Zawodowej.",
            ["doradztwo-zawodowe"],
            ["dlugotrwale-bezrobotni", "uchodzcy"],
            None,
            None,
        )
    ],
    "rops-torun": [
        (
            "obserwatorium",
            "Regionalne obserwatorium polityki społecznej",
            "Diagnozy i szkolenia dla kadr pomocy społecznej.",
            ["edukacja"],
            [],
            None,
            None,
        )
    ],
    "cis-torun": [
        (
            "reintegracja",
            "Reintegracja społeczna i zawodowa w CIS",
            "Warsztaty zawodowe, IPZS, świadczenie integracyjne dla osób zagrożonych wykluczeniem.",
            ["reintegracja-zawodowa"],
            [
                "dlugotrwale-bezrobotni",
                "bezdomni",
                "uzaleznieni-alkohol",
                "zwalniani-z-zakladow-karnych",
            ],
            40,
            3,
        )
    ],
    "cis-chelmza": [
        (
            "reintegracja",
            "Reintegracja zawodowa w CIS Chełmża",
            "Warsztaty i staże dla osób długotrwale bezrobotnych.",
            ["reintegracja-zawodowa"],
            ["dlugotrwale-bezrobotni", "uzaleznieni-alkohol"],
            25,
            0,
        )
    ],
    "kis-torun": [
        (
            "kis",
            "Klub Integracji Społecznej",
            "Grupy wsparcia, warsztaty aktywizacyjne, prace społecznie użyteczne.",
            ["reintegracja-spoleczna"],
            ["dlugotrwale-bezrobotni", "bezdomni", "uzaleznieni-alkohol"],
            30,
            8,
        )
    ],
    "kis-lubicz": [
        (
            "kis",
            "Klub Integracji Społecznej w Lubiczu",
            "Aktywizacja społeczna i zawodowa mieszkańców.",
            ["reintegracja-spoleczna"],
            ["dlugotrwale-bezrobotni"],
            20,
            5,
        )
    ],
    "ss-kopernik": [
        (
            "zatrudnienie",
            "Zatrudnienie w spółdzielni socjalnej",
            "Miejsca pracy dla absolwentów CIS: catering i usługi porządkowe.",
            ["zatrudnienie-wspierane"],
            ["dlugotrwale-bezrobotni", "niepelnosprawni"],
            12,
            2,
        )
    ],
    "owes-torun": [
        (
            "wsparcie-es",
            "Wsparcie podmiotów ekonomii społecznej",
            "Doradztwo przy zakładaniu spółdzielni socjalnych.",
            ["zatrudnienie-wspierane"],
            [],
            None,
            None,
        )
    ],
    "sds-torun": [
        (
            "sds",
            "Środowiskowy dom samopomocy",
            "Wsparcie dzienne dla osób z zaburzeniami psychicznymi.",
            ["wsparcie-dzienne", "zdrowie-psychiczne"],
            ["chorzy-psychicznie", "niepelnosprawni"],
            45,
            2,
        )
    ],
    "dps-torun": [
        (
            "dps",
            "Całodobowa opieka w DPS",
            "Dom pomocy społecznej dla osób w podeszłym wieku.",
            ["opieka-calodobowa"],
            ["seniorzy"],
            110,
            0,
        )
    ],
    "oik-torun": [
        (
            "interwencja",
            "Interwencja kryzysowa i hostel",
            "Całodobowa pomoc w kryzysie, schronienie dla ofiar przemocy.",
            ["interwencja-kryzysowa", "przeciwdzialanie-przemocy"],
            ["ofiary-przemocy", "rodziny-z-dziecmi"],
            14,
            3,
        )
    ],
    "ngo-bezdomni": [
        (
            "schronisko",
            "Schronisko dla osób bezdomnych",
            "Schronienie, posiłek i praca socjalna dla osób w kryzysie bezdomności.",
            ["schronienie", "posilek"],
            ["bezdomni"],
            60,
            7,
        ),
        (
            "streetworking",
            "Streetworking",
            "Pomoc osobom bezdomnym na ulicy.",
            ["praca-socjalna"],
            ["bezdomni"],
            None,
            None,
        ),
    ],
    "ngo-trzezwosc": [
        (
            "grupa-wsparcia",
            "Grupa wsparcia dla osób po terapii uzależnień",
            "Wsparcie w utrzymaniu abstynencji i powrocie na rynek pracy.",
            ["terapia-uzaleznien"],
            ["uzaleznieni-alkohol", "uzaleznieni-narkotyki"],
            25,
            10,
        )
    ],
    "ngo-seniorzy": [
        (
            "aktywni-seniorzy",
            "Zajęcia dla seniorów",
            "Warsztaty, wolontariat i wsparcie sąsiedzkie dla osób starszych.",
            ["aktywizacja-seniorow"],
            ["seniorzy"],
            40,
            12,
        )
    ],
    "sp-torun": [
        (
            "swietlica",
            "Świetlica szkolna i pedagog",
            "Opieka świetlicowa i wsparcie pedagoga szkolnego.",
            ["edukacja"],
            ["rodziny-z-dziecmi"],
            80,
            10,
        )
    ],
    "ppp-torun": [
        (
            "diagnoza",
            "Diagnoza i terapia psychologiczno-pedagogiczna",
            "Poradnictwo psychologiczne dla dzieci, młodzieży i rodziców.",
            ["poradnictwo-psychologiczne"],
            ["rodziny-z-dziecmi"],
            None,
            None,
        )
    ],
    "kmp-torun": [
        (
            "niebieska-karta",
            "Procedura Niebieskiej Karty",
            "Interwencja w przypadku przemocy domowej.",
            ["przeciwdzialanie-przemocy"],
            ["ofiary-przemocy"],
            None,
            None,
        )
    ],
    "kuratorzy-torun": [
        (
            "dozor",
            "Dozór kuratorski i pomoc postpenitencjarna",
            "Wsparcie osób opuszczających zakłady karne.",
            ["reintegracja-spoleczna"],
            ["zwalniani-z-zakladow-karnych"],
            None,
            None,
        )
    ],
    "pzp-torun": [
        (
            "pzp",
            "Poradnia zdrowia psychicznego",
            "Leczenie ambulatoryjne zaburzeń psychicznych.",
            ["zdrowie-psychiczne"],
            ["chorzy-psychicznie"],
            None,
            None,
        )
    ],
    "plu-torun": [
        (
            "terapia",
            "Terapia uzależnień",
            "Terapia uzależnienia od alkoholu i narkotyków, terapia współuzależnienia.",
            ["terapia-uzaleznien"],
            ["uzaleznieni-alkohol", "uzaleznieni-narkotyki"],
            50,
            6,
        )
    ],
    "gkrpa-lubicz": [
        (
            "motywacja",
            "Motywowanie do leczenia odwykowego",
            "Rozmowy motywujące i kierowanie na leczenie.",
            ["terapia-uzaleznien"],
            ["uzaleznieni-alkohol"],
            None,
            None,
        )
    ],
    "pracodawca-puk": [
        (
            "praca",
            "Zatrudnienie przejściowe",
            "Miejsca pracy dla absolwentów CIS i KIS.",
            ["zatrudnienie-wspierane"],
            ["dlugotrwale-bezrobotni"],
            8,
            2,
        )
    ],
}

_COMPETENCES: list[tuple[str, str, int]] = [
    ("mopr-torun", "praca-socjalna", 120),
    ("mopr-torun", "asystentura-rodziny", 18),
    ("mopr-torun", "psychologia", 4),
    ("mopr-torun", "poradnictwo-prawne", 2),
    ("mops-chelmza", "praca-socjalna", 9),
    ("gops-chelmza", "praca-socjalna", 5),
    ("gops-czernikowo", "praca-socjalna", 4),
    ("cus-lubicz", "praca-socjalna", 9),
    ("cus-lubicz", "animacja-lokalna", 2),
    ("gops-lubianka", "praca-socjalna", 3),
    ("gops-lysomice", "praca-socjalna", 5),
    ("gops-obrowo", "praca-socjalna", 5),
    ("gops-wielka-nieszawka", "praca-socjalna", 3),
    ("gops-zlawies", "praca-socjalna", 5),
    ("pcpr-torun", "psychologia", 3),
    ("pcpr-torun", "poradnictwo-prawne", 1),
    ("pcpr-torun", "pedagogika", 2),
    ("pup-torun", "doradztwo-zawodowe", 12),
    ("pup-torun", "posrednictwo-pracy", 25),
    ("cis-torun", "coaching-zatrudnienia", 4),
    ("cis-torun", "psychologia", 1),
    ("cis-chelmza", "coaching-zatrudnienia", 2),
    ("kis-torun", "praca-socjalna", 3),
    ("oik-torun", "interwencja-kryzysowa", 8),
    ("oik-torun", "psychologia", 3),
    ("oik-torun", "mediacje", 2),
    ("ngo-trzezwosc", "terapia-uzaleznien", 3),
    ("plu-torun", "terapia-uzaleznien", 7),
    ("pzp-torun", "psychologia", 5),
    ("ppp-torun", "psychologia", 9),
    ("ppp-torun", "pedagogika", 11),
    ("owes-torun", "animacja-lokalna", 4),
    ("kuratorzy-torun", "mediacje", 2),
]

# src, dst, kind, since, rating
_TIES: list[tuple[str, str, str, str, int | None]] = [
    ("mopr-torun", "pup-torun", "agreement", "2019-03-01", 3),
    ("mopr-torun", "cis-torun", "referrals", "2016-01-15", 4),
    ("mopr-torun", "kis-torun", "referrals", "2015-06-01", 4),
    ("mopr-torun", "ngo-bezdomni", "contracting", "2018-01-01", 3),
    ("mopr-torun", "plu-torun", "referrals", "2017-09-01", 2),
    ("mopr-torun", "sds-torun", "referrals", "2014-01-01", 3),
    ("mopr-torun", "dps-torun", "referrals", "2012-01-01", 3),
    ("mopr-torun", "kmp-torun", "information", "2012-01-01", 2),
    ("mopr-torun", "sp-torun", "information", "2020-09-01", 2),
    ("mopr-torun", "pcpr-torun", "information", "2012-01-01", 3),
    ("pup-torun", "cis-torun", "referrals", "2016-01-15", 3),
    ("pup-torun", "kis-lubicz", "referrals", "2021-02-01", 2),
    ("pup-torun", "cus-lubicz", "agreement", "2021-01-01", 3),
    ("pup-torun", "wup-torun", "information", "2012-01-01", 3),
    ("cis-torun", "ss-kopernik", "joint_project", "2020-05-01", 4),
    ("cis-torun", "pracodawca-puk", "joint_project", "2022-01-01", 3),
    ("cis-torun", "owes-torun", "information", "2019-01-01", 3),
    ("cus-lubicz", "kis-lubicz", "referrals", "2021-01-01", 4),
    ("cus-lubicz", "gkrpa-lubicz", "information", "2021-01-01", 3),
    ("cus-lubicz", "ngo-seniorzy", "contracting", "2022-03-01", 4),
    ("mops-chelmza", "cis-chelmza", "referrals", "2018-01-01", 4),
    ("gops-chelmza", "cis-chelmza", "referrals", "2018-01-01", 3),
    ("mops-chelmza", "pup-torun", "agreement", "2019-01-01", 2),
    ("gops-obrowo", "kis-lubicz", "referrals", "2022-01-01", 2),
    ("gops-lysomice", "pup-torun", "agreement", "2020-01-01", 2),
    ("pcpr-torun", "oik-torun", "referrals", "2016-01-01", 4),
    ("pcpr-torun", "ppp-torun", "information", "2015-01-01", 3),
    ("ngo-trzezwosc", "plu-torun", "referrals", "2019-01-01", 4),
    ("kuratorzy-torun", "ngo-trzezwosc", "referrals", "2020-01-01", 3),
    ("rops-torun", "owes-torun", "joint_project", "2019-01-01", 3),
    ("rops-torun", "wup-torun", "information", "2015-01-01", 3),
    ("mopr-torun", "ngo-trzezwosc", "information", "2023-01-01", None),
]

# id, name, type, legal basis, signed, covers, members (inst, role)
_PARTNERSHIPS: list[tuple[str, str, str, str, str, list[str], list[tuple[str, str]]]] = [
    (
        "zi-torun",
        "Zespół Interdyscyplinarny w Toruniu",
        "ZESPOL_INTERDYSCYPLINARNY",
        "art. 9a ustawy o przeciwdziałaniu przemocy domowej",
        "2023-12-01",
        ["046301"],
        [
            ("mopr-torun", "przewodniczący"),
            ("kmp-torun", "członek"),
            ("kuratorzy-torun", "członek"),
            ("sp-torun", "członek"),
            ("pzp-torun", "członek"),
            ("oik-torun", "członek"),
            ("ngo-trzezwosc", "członek"),
            ("pcpr-torun", "członek"),
        ],
    ),
    (
        "zi-lubicz",
        "Zespół Interdyscyplinarny w Lubiczu",
        "ZESPOL_INTERDYSCYPLINARNY",
        "art. 9a ustawy o przeciwdziałaniu przemocy domowej",
        "2024-01-15",
        ["041504"],
        [("cus-lubicz", "przewodniczący"), ("kmp-torun", "członek"), ("gkrpa-lubicz", "członek")],
    ),
    (
        "pzk-torun",
        "Partnerski Zespół Kooperacji Toruń",
        "PARTNERSKI_ZESPOL_KOOPERACJI",
        "model kooperacji (projekt „Kooperacje 3D”)",
        "2021-10-01",
        ["0463", "0415"],
        [
            ("mopr-torun", "koordynator"),
            ("pup-torun", "partner"),
            ("cis-torun", "partner"),
            ("pcpr-torun", "partner"),
            ("owes-torun", "partner"),
            ("ngo-bezdomni", "partner"),
        ],
    ),
]


def reference_batch() -> Batch:
    """Default vocabularies: service categories, target groups, competences."""
    from graph.reference import COMPETENCES, SERVICE_CATEGORIES, TARGET_GROUPS

    b = Batch()
    b.add(
        m.ServiceCategory,
        [m.ServiceCategory(id=c, name=n, parent=p) for c, n, p in SERVICE_CATEGORIES],
    )
    b.add(m.TargetGroup, [m.TargetGroup(id=c, name=n) for c, n in TARGET_GROUPS])
    b.add(m.Competence, [m.Competence(id=c, name=n) for c, n in COMPETENCES])
    return b


def _territories(b: Batch) -> None:
    items, within = [], []
    for teryt, name, rodz, kind, lon, lat in _TERRITORIES:
        level = {2: TerritoryLevel.VOIVODESHIP, 4: TerritoryLevel.POWIAT, 6: TerritoryLevel.GMINA}[len(teryt)]
        items.append(
            m.Territory(
                teryt=teryt,
                level=level,
                name=name,
                rodz=GminaKind(rodz) if rodz else None,
                kind=kind,
                lat=lat,
                lon=lon,
                stan_na=dt.date(2025, 1, 1),
            )
        )
        if len(teryt) > 2:
            within.append(m.Within(src=teryt, dst=teryt[: len(teryt) - 2]))
    b.add(m.Territory, items)
    b.add(m.Within, within)


def _coords(gmina: str, rng: random.Random) -> tuple[float, float]:
    _, _, _, _, lon, lat = next(t for t in _TERRITORIES if t[0] == gmina)
    return round(lat + rng.uniform(-0.01, 0.01), 5), round(lon + rng.uniform(-0.01, 0.01), 5)


def demo_batch(seed: int = DEMO_SEED, clients: int = 48) -> Batch:
    """The whole demo network as one batch (write it after :func:`reference_batch`)."""
    rng = random.Random(seed)
    b = Batch()
    _territories(b)
    stamp = dt.datetime(2026, 1, 15, 9, 0)
    insts, located, serves = [], [], []
    for iid, name, itype, gmina, city, served in _INSTITUTIONS:
        lat, lon = _coords(gmina, rng)
        insts.append(
            m.Institution(
                id=iid,
                name=name,
                type=itype,
                gmina=gmina,
                city=city,
                lat=lat,
                lon=lon,
                phone=f"56 6{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"sekretariat@{iid}.example.pl",
                www=f"https://{iid}.example.pl",
                source="demo",
                updated_at=stamp,
                register_id=_REGISTER_ENTRIES.get(iid),
            )
        )
        located.append(m.LocatedIn(src=iid, dst=gmina))
        serves += [m.Serves(src=iid, dst=t, declared=iid in _DECLARED) for t in served]
    b.add(m.Institution, insts).add(m.LocatedIn, located).add(m.Serves, serves)
    b.add(m.PartOf, [m.PartOf(src=s, dst=d) for s, d in _PART_OF])

    services, offers, cats, groups, avail = [], [], [], [], []
    served_by = {i[0]: i[5] for i in _INSTITUTIONS}
    for iid, rows in _SERVICES.items():
        for suffix, name, desc, categories, targets, capacity, free in rows:
            sid = f"{iid}.{suffix}"
            services.append(
                m.Service(
                    id=sid,
                    name=name,
                    description=desc,
                    capacity=capacity,
                    free_places=free,
                    languages=["pl"],
                    cost="bezpłatnie",
                    updated_at=stamp,
                )
            )
            offers.append(m.Offers(src=iid, dst=sid))
            cats += [m.InCategory(src=sid, dst=c) for c in categories]
            groups += [m.ForGroup(src=sid, dst=g) for g in targets]
            avail += [m.AvailableIn(src=sid, dst=t) for t in served_by[iid]]
    b.add(m.Service, services).add(m.Offers, offers).add(m.InCategory, cats).add(m.ForGroup, groups)
    b.add(m.AvailableIn, avail)
    b.add(m.HasCompetence, [m.HasCompetence(src=i, dst=c, staff=n) for i, c, n in _COMPETENCES])
    b.add(
        m.CooperatesWith,
        [
            m.CooperatesWith(src=s, dst=d, kind=CooperationKind(k), since=dt.date.fromisoformat(since), rating=r)
            for s, d, k, since, r in _TIES
        ],
    )
    parts, members, covers = [], [], []
    for pid, name, ptype, basis, signed, covered, mem in _PARTNERSHIPS:
        parts.append(
            m.Partnership(
                id=pid,
                name=name,
                type=PartnershipType(ptype),
                legal_basis=basis,
                signed=dt.date.fromisoformat(signed),
            )
        )
        members += [m.MemberOf(src=i, dst=pid, role=role) for i, role in mem]
        covers += [m.Covers(src=pid, dst=t) for t in covered]
    b.add(m.Partnership, parts).add(m.MemberOf, members).add(m.Covers, covers)
    _clients(b, rng, clients)
    return b


def _cid(rng: random.Random, prefix: str) -> str:
    return f"{prefix}-{rng.getrandbits(128):032x}"


def _clients(b: Batch, rng: random.Random, n: int) -> None:
    """Pseudonymous clients following the documented procedures."""
    ops = [
        "mopr-torun",
        "mopr-torun",
        "mopr-torun",
        "mops-chelmza",
        "gops-chelmza",
        "cus-lubicz",
        "gops-obrowo",
        "gops-lysomice",
    ]
    cis_of = {
        "mopr-torun": "cis-torun",
        "mops-chelmza": "cis-chelmza",
        "gops-chelmza": "cis-chelmza",
        "cus-lubicz": "cis-torun",
        "gops-obrowo": "cis-torun",
        "gops-lysomice": "cis-torun",
    }
    kis_of = {"mopr-torun": "kis-torun", "cus-lubicz": "kis-lubicz", "gops-obrowo": "kis-lubicz"}
    # residence = the home OPS/CUS's gmina; a CIS takes residents of the gminas it serves (art. 12 ust. 5 uzs)
    seat = {i[0]: i[3] for i in _INSTITUTIONS}
    serves = {i[0]: tuple(i[5]) for i in _INSTITUTIONS}
    clients: list[Any] = []
    reg, refs, consents = [], [], []
    rel: dict[type, list[Any]] = {
        k: []
        for k in (
            m.ForClient,
            m.SentBy,
            m.SentTo,
            m.ForService,
            m.PlanFor,
            m.ResponsibleFor,
            m.ParticipatesIn,
            m.ConsentOf,
            m.ConsentFor,
        )
    }
    plans = []
    groups = [
        "dlugotrwale-bezrobotni",
        "bezdomni",
        "uzaleznieni-alkohol",
        "zwalniani-z-zakladow-karnych",
        "chorzy-psychicznie",
        "niepelnosprawni",
    ]
    for k in range(n):
        cid = _cid(rng, "cl")
        home = ops[k % len(ops)]
        decade = rng.choice([1960, 1970, 1980, 1990, 2000])
        tg = sorted({groups[0] if rng.random() < 0.7 else rng.choice(groups), rng.choice(groups)})
        registered = dt.datetime(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300), hours=9)
        clients.append(
            m.Client(
                id=cid,
                birth_year_band=f"{decade}-{decade + 9}",
                sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                target_groups=tg,
                registered_at=registered,
                residence_gmina=seat[home],
            )
        )
        reg.append(m.RegisteredAt(src=cid, dst=home))
        # kontrakt socjalny with the home OPS/CUS for most clients
        start = registered.date() + dt.timedelta(days=rng.randint(5, 20))
        has_contract = rng.random() < 0.75
        if has_contract:
            pid = _cid(rng, "pl")
            ptype = PlanType.IPUS if home == "cus-lubicz" else PlanType.SOCIAL_CONTRACT
            # IPUS (ustawa o CUS): applied for 2 weeks before, ≥ 3 months of coordination, approved
            ipus: dict[str, Any] = (
                {
                    "applied_on": start - dt.timedelta(days=14),
                    "coordination_months": 6,
                    "approved_by": "organizator usług społecznych",
                }
                if ptype is PlanType.IPUS
                else {}
            )
            plans.append(
                m.Plan(
                    id=pid,
                    type=ptype,
                    status=PlanStatus.ACTIVE,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=180),
                    goals=["aktywizacja zawodowa"],
                    **ipus,
                )
            )
            rel[m.PlanFor].append(m.PlanFor(src=pid, dst=cid))
            rel[m.ResponsibleFor].append(m.ResponsibleFor(src=pid, dst=home))
        pathway: list[tuple[str, str, str]] = []  # (from, to, service)
        if home in kis_of and has_contract and rng.random() < 0.5:
            pathway.append((home, kis_of[home], f"{kis_of[home]}.kis"))
            if plans[-1].type != PlanType.SOCIAL_CONTRACT:
                # KIS participation rests on a kontrakt socjalny (art. 18 ustawy o
                # zatrudnieniu socjalnym): a CUS concludes one instead of an IPUS here.
                plans[-1] = plans[-1].model_copy(
                    update={
                        "type": PlanType.SOCIAL_CONTRACT,
                        "applied_on": None,
                        "coordination_months": None,
                        "approved_by": None,
                    }
                )
        if home in cis_of and rng.random() < 0.7 and seat[home] in serves[cis_of[home]]:
            sender = "pup-torun" if "dlugotrwale-bezrobotni" in tg and rng.random() < 0.3 else home
            if set(tg) == {"dlugotrwale-bezrobotni"}:
                sender = "pup-torun"  # art. 12 ust. 1 uzs: only long-term unemployed → the PUP refers
            pathway.append((sender, cis_of[home], f"{cis_of[home]}.reintegracja"))
        when = dt.datetime.combine(start, dt.time(10, 0))
        for step, (src, dst, svc) in enumerate(pathway):
            rid = _cid(rng, "rf")
            when += dt.timedelta(days=rng.randint(7, 40))
            final = step == len(pathway) - 1
            roll = rng.random()
            if not final:
                status, outcome = ReferralStatus.COMPLETED, ReferralOutcome.CONTINUES
            elif roll < 0.35:
                status, outcome = ReferralStatus.COMPLETED, ReferralOutcome.EMPLOYED
            elif roll < 0.5:
                status, outcome = ReferralStatus.COMPLETED, ReferralOutcome.RESIGNED
            elif roll < 0.8:
                status, outcome = ReferralStatus.IN_PROGRESS, None
            else:
                status, outcome = ReferralStatus.REQUESTED, None
            is_cis = dst.startswith("cis")
            basis = LegalBasis.CIS_REFERRAL if is_cis else LegalBasis.KIS
            closed = when + dt.timedelta(days=rng.randint(60, 180)) if status == ReferralStatus.COMPLETED else None
            refs.append(
                m.Referral(
                    id=rid,
                    status=status,
                    step=ReferralStep.IPZS if is_cis and status != ReferralStatus.REQUESTED else ReferralStep.REFERRAL,
                    basis=basis,
                    created_at=when,
                    updated_at=closed or when,
                    closed_at=closed,
                    outcome=outcome,
                    # art. 12 uzs: the person applies, the OPS/CUS of residence opines; a PUP notifies it
                    applicant="OSOBA" if is_cis else None,
                    opinion_by=home if is_cis else None,
                    notified_id=home if is_cis and src != home else None,
                )
            )
            rel[m.ForClient].append(m.ForClient(src=rid, dst=cid))
            rel[m.SentBy].append(m.SentBy(src=rid, dst=src))
            rel[m.SentTo].append(m.SentTo(src=rid, dst=dst))
            rel[m.ForService].append(m.ForService(src=rid, dst=svc))
            con = _cid(rng, "cs")
            consents.append(
                m.Consent(
                    id=con,
                    basis=basis,
                    purpose="realizacja skierowania",
                    scope=["target_groups", "referral"],
                    granted_at=when,
                )
            )
            rel[m.ConsentOf].append(m.ConsentOf(src=con, dst=cid))
            rel[m.ConsentFor].append(m.ConsentFor(src=con, dst=dst))
            if src != home:
                # A PUP refers a long-term unemployed person on its own statutory basis;
                # its id derives from the consent's so the random sequence stays as it was.
                labour = f"{con}-pup"
                consents.append(
                    m.Consent(
                        id=labour,
                        basis=LegalBasis.LABOUR_MARKET,
                        purpose="skierowanie bezrobotnego do CIS",
                        scope=["target_groups", "referral"],
                        granted_at=when,
                    )
                )
                rel[m.ConsentOf].append(m.ConsentOf(src=labour, dst=cid))
                rel[m.ConsentFor].append(m.ConsentFor(src=labour, dst=src))
            if is_cis and status in (ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED):
                pid = _cid(rng, "pl")
                plans.append(
                    m.Plan(
                        id=pid,
                        type=PlanType.IPZS,
                        status=PlanStatus.COMPLETED if closed else PlanStatus.ACTIVE,
                        starts_on=when.date(),
                        ends_on=(closed or when + dt.timedelta(days=180)).date(),
                        goals=["reintegracja zawodowa"],
                    )
                )
                rel[m.PlanFor].append(m.PlanFor(src=pid, dst=cid))
                rel[m.ResponsibleFor].append(m.ResponsibleFor(src=pid, dst=dst))
                rel[m.ParticipatesIn].append(m.ParticipatesIn(src=home, dst=pid, role="uzgadniający IPZS"))
    b.add(m.Client, clients).add(m.Referral, refs).add(m.Plan, plans).add(m.Consent, consents)
    b.add(m.RegisteredAt, reg)
    for model, items in rel.items():
        b.add(model, items)
