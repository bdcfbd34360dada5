"""The example Kooperacja spreadsheet: a small fictional network in a real gmina.

Gmina Dobczyce (TERYT 120901, urban-rural) in powiat myślenicki (1209), woj.
małopolskie.  The institutions, names, contacts and numbers are invented (every
name ends with "(przykład)", e-mails use example.pl); the TERYT codes are real.
Values are written the way a person fills the sheet in: codes or Polish names,
7-digit or 6-digit TERYT codes, dates in either accepted form.  The shipped
files in ``importers/template/`` are generated from :data:`EXAMPLE` by
:func:`write_shipped_files`.
"""

from __future__ import annotations

from pathlib import Path

from importers.spreadsheet.template import Rows, readme_markdown, write_template

__all__ = ["EXAMPLE", "TEMPLATE_DIR", "write_shipped_files"]

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "template"

EXAMPLE: Rows = {
    "instytucje": [
        {
            "id": "przyklad-mgops",
            "name": "Miejsko-Gminny Ośrodek Pomocy Społecznej w Dobczycach (przykład)",
            "type": "OPS",
            "gmina": "1209013",
            "street": "ul. Przykładowa 1",
            "postal_code": "32-410",
            "city": "Dobczyce",
            "lat": 49.8812,
            "lon": 20.0886,
            "phone": "12 000 00 01",
            "email": "sekretariat@mgops.example.pl",
            "www": "https://mgops.example.pl",
            "description": "Pomoc społeczna, praca socjalna, asystentura rodziny, usługi opiekuńcze.",
        },
        {
            "id": "przyklad-pcpr",
            "name": "Powiatowe Centrum Pomocy Rodzinie w Myślenicach (przykład)",
            "type": "powiatowe centrum pomocy rodzinie",
            "gmina": "120903",
            "street": "ul. Przykładowa 2",
            "postal_code": "32-400",
            "city": "Myślenice",
            "email": "pcpr@example.pl",
        },
        {
            "id": "przyklad-pup",
            "name": "Powiatowy Urząd Pracy w Myślenicach (przykład)",
            "type": "PUP",
            "gmina": "120903",
            "street": "ul. Przykładowa 3",
            "postal_code": "32-400",
            "city": "Myślenice",
        },
        {
            "id": "przyklad-kis",
            "name": "Klub Integracji Społecznej w Dobczycach (przykład)",
            "type": "KIS",
            "gmina": "120901",
            "area": "120901",
            "city": "Dobczyce",
            "parent": "przyklad-mgops",
            "description": "Klub prowadzony przez MGOPS: zajęcia reintegracji społecznej i zawodowej.",
        },
        {
            "id": "przyklad-sds",
            "name": "Środowiskowy Dom Samopomocy w Dobczycach (przykład)",
            "type": "SDS",
            "gmina": "120901",
            "area": "120901",
            "city": "Dobczyce",
        },
        {
            "id": "przyklad-stowarzyszenie",
            "name": "Stowarzyszenie Razem dla Dobczyc (przykład)",
            "type": "organizacja pozarządowa (stowarzyszenie/fundacja)",
            "gmina": "120901",
            "area": "120901; 120906",
            "city": "Dobczyce",
            "description": "Poradnictwo prawne i obywatelskie, wolontariat seniorów.",
        },
        {
            "id": "przyklad-szkola",
            "name": "Szkoła Podstawowa nr 1 w Dobczycach (przykład)",
            "type": "SZKOLA",
            "gmina": "120901",
            "city": "Dobczyce",
        },
        {
            "id": "przyklad-policja",
            "name": "Posterunek Policji w Dobczycach (przykład)",
            "type": "policja",
            "gmina": "120901",
            "area": "120901",
            "city": "Dobczyce",
        },
        {
            "id": "przyklad-gkrpa",
            "name": "Gminna Komisja Rozwiązywania Problemów Alkoholowych w Dobczycach (przykład)",
            "type": "GKRPA",
            "gmina": "120901",
            "city": "Dobczyce",
        },
    ],
    "uslugi": [
        {
            "id": "przyklad-mgops.praca-socjalna",
            "institution": "przyklad-mgops",
            "name": "Praca socjalna",
            "description": "Diagnoza sytuacji, plan pomocy, kontrakt socjalny.",
            "categories": "praca-socjalna",
            "groups": "rodziny-z-dziecmi; seniorzy; osoby długotrwale bezrobotne",
            "cost": "bezpłatnie",
            "schedule": "pon.–pt. 7:30–15:30",
            "legal_basis": "ustawa o pomocy społecznej",
        },
        {
            "id": "przyklad-mgops.asystent-rodziny",
            "institution": "przyklad-mgops",
            "name": "Asystent rodziny",
            "categories": "Wsparcie rodziny i asystent rodziny",
            "groups": "rodziny-z-dziecmi",
            "capacity": 15,
            "free_places": 2,
            "cost": "bezpłatnie",
            "legal_basis": "ustawa o wspieraniu rodziny i systemie pieczy zastępczej",
        },
        {
            "id": "przyklad-mgops.uslugi-opiekuncze",
            "institution": "przyklad-mgops",
            "name": "Usługi opiekuńcze w miejscu zamieszkania",
            "categories": "uslugi-opiekuncze",
            "groups": "seniorzy; niepelnosprawni",
            "min_age": 18,
            "capacity": 25,
            "free_places": 3,
            "cost": "odpłatność według kryterium dochodowego",
        },
        {
            "id": "przyklad-sds.wsparcie-dzienne",
            "institution": "przyklad-sds",
            "name": "Wsparcie dzienne w środowiskowym domu samopomocy",
            "categories": "Wsparcie dzienne (ŚDS, kluby)",
            "groups": "chorzy-psychicznie",
            "eligibility": "Osoby z zaburzeniami psychicznymi, na podstawie decyzji MGOPS.",
            "min_age": 18,
            "capacity": 30,
            "free_places": 1,
            "schedule": "pon.–pt. 8:00–16:00",
        },
        {
            "id": "przyklad-kis.reintegracja",
            "institution": "przyklad-kis",
            "name": "Reintegracja społeczna i zawodowa w KIS",
            "categories": "reintegracja-spoleczna",
            "groups": "dlugotrwale-bezrobotni; uzaleznieni-alkohol",
            "status": "aktywna",
            "capacity": 12,
            "free_places": 4,
        },
        {
            "id": "przyklad-pup.posrednictwo",
            "institution": "przyklad-pup",
            "name": "Pośrednictwo pracy i poradnictwo zawodowe",
            "categories": "posrednictwo-pracy; doradztwo-zawodowe",
            "groups": "dlugotrwale-bezrobotni",
            "languages": "pl; uk",
        },
        {
            "id": "przyklad-stowarzyszenie.porady",
            "institution": "przyklad-stowarzyszenie",
            "name": "Bezpłatne porady prawne",
            "categories": "Poradnictwo prawne",
            "groups": "seniorzy",
            "schedule": "środy 16:00–18:00",
            "area": "120901",
        },
    ],
    "kompetencje": [
        {"institution": "przyklad-mgops", "competence": "praca-socjalna", "staff": 6},
        {"institution": "przyklad-mgops", "competence": "asystentura rodziny", "staff": 2},
        {"institution": "przyklad-pcpr", "competence": "psychologia", "staff": 1},
        {"institution": "przyklad-pup", "competence": "doradztwo-zawodowe", "staff": 3},
        {"institution": "przyklad-stowarzyszenie", "competence": "Poradnictwo prawne"},
        {"institution": "przyklad-kis", "competence": "animacja-lokalna", "staff": 1},
    ],
    "wspolpraca": [
        {
            "institution": "przyklad-mgops",
            "partner": "przyklad-pup",
            "kind": "kierowanie klientów",
            "since": "2024-03-01",
            "rating": 4,
        },
        {
            "institution": "przyklad-mgops",
            "partner": "przyklad-sds",
            "kind": "referrals",
            "since": "15.09.2023",
            "rating": 3,
        },
        {"institution": "przyklad-mgops", "partner": "przyklad-kis", "kind": "porozumienie", "since": "2025-01-02"},
        {"institution": "przyklad-mgops", "partner": "przyklad-stowarzyszenie", "kind": "zlecanie usług", "rating": 3},
        {"institution": "przyklad-pcpr", "partner": "przyklad-mgops", "kind": "wymiana informacji"},
        {"institution": "przyklad-policja", "partner": "przyklad-mgops", "kind": "information", "rating": 4},
    ],
    "partnerstwa": [
        {
            "id": "przyklad-zi",
            "name": "Zespół Interdyscyplinarny w Dobczycach (przykład)",
            "type": "zespół interdyscyplinarny",
            "legal_basis": "art. 9a ustawy o przeciwdziałaniu przemocy domowej",
            "signed": "2024-01-15",
            "area": "120901",
        },
        {
            "id": "przyklad-pzk",
            "name": "Partnerski Zespół Kooperacji gminy Dobczyce (przykład)",
            "type": "PARTNERSKI_ZESPOL_KOOPERACJI",
            "signed": "2025-06-30",
            "area": "120901",
        },
    ],
    "czlonkowie": [
        {"partnership": "przyklad-zi", "institution": "przyklad-mgops", "role": "przewodniczący"},
        {"partnership": "przyklad-zi", "institution": "przyklad-policja", "role": "członek"},
        {"partnership": "przyklad-zi", "institution": "przyklad-szkola", "role": "członek"},
        {"partnership": "przyklad-zi", "institution": "przyklad-gkrpa", "role": "członek"},
        {"partnership": "przyklad-zi", "institution": "przyklad-pcpr", "role": "członek"},
        {"partnership": "przyklad-pzk", "institution": "przyklad-mgops", "role": "lider"},
        {"partnership": "przyklad-pzk", "institution": "przyklad-pup", "role": "członek"},
        {"partnership": "przyklad-pzk", "institution": "przyklad-kis", "role": "członek"},
        {"partnership": "przyklad-pzk", "institution": "przyklad-stowarzyszenie", "role": "członek"},
    ],
}


def write_shipped_files(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """(Re)generate the files shipped in ``importers/template/``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [
        write_template(directory / "szablon.xlsx", "xlsx"),
        write_template(directory / "przyklad.xlsx", "xlsx", EXAMPLE),
        write_template(directory / "przyklad", "csv", EXAMPLE),
    ]
    (directory / "przyklad" / "README.md").unlink()  # one README, next to the files
    readme = directory / "README.md"
    readme.write_text(readme_markdown(), encoding="utf-8")
    return [*written, readme]


if __name__ == "__main__":  # python -m importers.spreadsheet.example
    for path in write_shipped_files():
        print(path)
