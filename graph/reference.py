"""Reference vocabularies stored as nodes: service categories, target groups, competences.

These are data, not enums, because institutions and importers may add terms
(e.g. HSDS taxonomy terms keep their own ids).  The defaults below are loaded by
``kooperacja init``.
"""

from __future__ import annotations

__all__ = ["SERVICE_CATEGORIES", "TARGET_GROUPS", "COMPETENCES"]

# (code, Polish name, parent code or None)
SERVICE_CATEGORIES: list[tuple[str, str, str | None]] = [
    ("pomoc-spoleczna", "Pomoc społeczna", None),
    ("praca-socjalna", "Praca socjalna", "pomoc-spoleczna"),
    ("swiadczenia", "Świadczenia pieniężne i rzeczowe", "pomoc-spoleczna"),
    ("uslugi-opiekuncze", "Usługi opiekuńcze", "pomoc-spoleczna"),
    ("schronienie", "Schronienie i mieszkalnictwo", "pomoc-spoleczna"),
    ("posilek", "Posiłek i pomoc żywnościowa", "pomoc-spoleczna"),
    ("opieka-calodobowa", "Opieka całodobowa (DPS)", "pomoc-spoleczna"),
    ("wsparcie-dzienne", "Wsparcie dzienne (ŚDS, kluby)", "pomoc-spoleczna"),
    ("interwencja-kryzysowa", "Interwencja kryzysowa", "pomoc-spoleczna"),
    ("wsparcie-rodziny", "Wsparcie rodziny i asystent rodziny", "pomoc-spoleczna"),
    ("piecza-zastepcza", "Piecza zastępcza i usamodzielnienie", "pomoc-spoleczna"),
    ("rynek-pracy", "Rynek pracy", None),
    ("posrednictwo-pracy", "Pośrednictwo pracy", "rynek-pracy"),
    ("doradztwo-zawodowe", "Doradztwo zawodowe", "rynek-pracy"),
    ("szkolenia", "Szkolenia i kursy zawodowe", "rynek-pracy"),
    ("prace-spolecznie-uzyteczne", "Prace społecznie użyteczne", "rynek-pracy"),
    ("reintegracja", "Reintegracja społeczna i zawodowa", None),
    ("reintegracja-zawodowa", "Reintegracja zawodowa (CIS)", "reintegracja"),
    ("reintegracja-spoleczna", "Reintegracja społeczna (KIS)", "reintegracja"),
    ("zatrudnienie-wspierane", "Zatrudnienie wspierane i ekonomia społeczna", "reintegracja"),
    ("poradnictwo", "Poradnictwo specjalistyczne", None),
    ("poradnictwo-prawne", "Poradnictwo prawne", "poradnictwo"),
    ("poradnictwo-psychologiczne", "Poradnictwo psychologiczne", "poradnictwo"),
    ("poradnictwo-rodzinne", "Poradnictwo rodzinne", "poradnictwo"),
    ("mediacje", "Mediacje", "poradnictwo"),
    ("zdrowie", "Zdrowie i uzależnienia", None),
    ("terapia-uzaleznien", "Terapia uzależnień", "zdrowie"),
    ("zdrowie-psychiczne", "Wsparcie w zdrowiu psychicznym", "zdrowie"),
    ("rehabilitacja", "Rehabilitacja", "zdrowie"),
    ("przeciwdzialanie-przemocy", "Przeciwdziałanie przemocy domowej", None),
    ("edukacja", "Edukacja i rozwój", None),
    ("aktywizacja-seniorow", "Aktywizacja seniorów", "edukacja"),
    ("integracja-cudzoziemcow", "Integracja cudzoziemców", "edukacja"),
]

# The eight groups of art. 1 ust. 2 of the social-employment act, plus field groups.
TARGET_GROUPS: list[tuple[str, str]] = [
    ("bezdomni", "osoby bezdomne realizujące indywidualny program wychodzenia z bezdomności"),
    ("uzaleznieni-alkohol", "osoby uzależnione od alkoholu po terapii"),
    ("uzaleznieni-narkotyki", "osoby uzależnione od narkotyków po terapii"),
    ("chorzy-psychicznie", "osoby z zaburzeniami psychicznymi"),
    ("dlugotrwale-bezrobotni", "osoby długotrwale bezrobotne"),
    ("zwalniani-z-zakladow-karnych", "osoby zwalniane z zakładów karnych"),
    ("uchodzcy", "uchodźcy i cudzoziemcy objęci ochroną"),
    ("niepelnosprawni", "osoby z niepełnosprawnościami"),
    ("seniorzy", "seniorzy"),
    ("rodziny-z-dziecmi", "rodziny z dziećmi"),
    ("ofiary-przemocy", "osoby doznające przemocy domowej"),
    ("usamodzielniani", "młodzież opuszczająca pieczę zastępczą"),
]

COMPETENCES: list[tuple[str, str]] = [
    ("praca-socjalna", "praca socjalna"),
    ("doradztwo-zawodowe", "doradztwo zawodowe"),
    ("posrednictwo-pracy", "pośrednictwo pracy"),
    ("poradnictwo-prawne", "poradnictwo prawne"),
    ("psychologia", "psychologia"),
    ("terapia-uzaleznien", "terapia uzależnień"),
    ("mediacje", "mediacje"),
    ("asystentura-rodziny", "asystentura rodziny"),
    ("pedagogika", "pedagogika"),
    ("interwencja-kryzysowa", "interwencja kryzysowa"),
    ("rehabilitacja", "rehabilitacja"),
    ("coaching-zatrudnienia", "trener pracy / zatrudnienie wspierane"),
    ("animacja-lokalna", "animacja lokalna / organizowanie społeczności"),
]
