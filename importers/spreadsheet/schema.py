"""The Kooperacja spreadsheet: its sheets and columns, the single source of its documentation.

Sheets (XLSX sheet names; CSV file names are the same folded to ASCII):
``instytucje``, ``usługi``, ``kompetencje``, ``współpraca``, ``partnerstwa``,
``członkowie``.  Row 1 holds the Polish column headers (a trailing ``*`` marks a
required column and is optional when reading); data start in row 2.  The
template, its README and the validator are all generated from :data:`SHEETS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graph.enums import CooperationKind, InstitutionType, PartnershipType, PolishEnum, ServiceStatus
from importers.parsers.text import fold

__all__ = [
    "Kind",
    "Column",
    "Sheet",
    "SHEETS",
    "SHEET_BY_KEY",
    "LIST_SEPARATOR",
    "sheet_for_name",
    "ENUMS",
    "STATUTORY_AREA",
    "INFO_SHEETS",
]

Kind = Literal[
    "id",
    "text",
    "int",
    "float",
    "date",
    "enum",
    "teryt",
    "teryt_list",
    "list",
    "ref",
    "email",
    "postal",
    "regon",
    "nip",
    "krs",
    "url",
]

#: Multi-value cells: values separated by semicolons (or line breaks).
LIST_SEPARATOR = ";"

#: Enum columns: (enum class) – both the code and the Polish name are accepted.
ENUMS: dict[str, type[PolishEnum]] = {
    "institution_type": InstitutionType,
    "service_status": ServiceStatus,
    "cooperation_kind": CooperationKind,
    "partnership_type": PartnershipType,
}

#: Territorial competence by law, used when "Obszar działania" is left empty:
#: level of the unit the institution serves (relative to its seat gmina).
STATUTORY_AREA: dict[InstitutionType, Literal["gmina", "powiat", "voivodeship"]] = {
    InstitutionType.OPS: "gmina",
    InstitutionType.CUS: "gmina",
    InstitutionType.GKRPA: "gmina",
    InstitutionType.PCPR: "powiat",
    InstitutionType.PUP: "powiat",
    InstitutionType.ROPS: "voivodeship",
    InstitutionType.WUP: "voivodeship",
}


@dataclass(frozen=True)
class Column:
    key: str  # internal name
    header: str  # Polish header as printed in row 1 (without the "*")
    kind: Kind
    doc: str  # Polish description for the README and the header comment
    required: bool = False
    enum: str | None = None  # key of ENUMS for kind "enum"
    vocab: str | None = None  # "categories" | "groups" | "competences" for kind "list"/"text" vocabularies
    ref: str | None = None  # sheet key referenced by kind "ref"
    width: int = 18

    @property
    def title(self) -> str:
        return f"{self.header} *" if self.required else self.header


@dataclass(frozen=True)
class Sheet:
    key: str  # "instytucje"
    title: str  # XLSX sheet name (Polish, with diacritics)
    doc: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def csv_name(self) -> str:
        return f"{fold(self.title)}.csv"

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


_ID_DOC = "Krótki, niezmienny identyfikator (litery bez polskich znaków, cyfry, kropka, myślnik, dwukropek), np. mgops-dobczyce. Ponowny import z tym samym identyfikatorem aktualizuje rekord zamiast tworzyć nowy."

INSTITUTIONS = Sheet(
    "instytucje",
    "instytucje",
    "Instytucje sieci: jedna instytucja w wierszu. Wiersz zastępuje wszystkie dane instytucji o tym identyfikatorze (także te wczytane wcześniej z rejestrów).",
    (
        Column("id", "Identyfikator", "id", _ID_DOC, required=True, width=24),
        Column("name", "Nazwa", "text", "Pełna nazwa instytucji.", required=True, width=48),
        Column(
            "type",
            "Typ instytucji",
            "enum",
            "Rodzaj instytucji: kod (np. OPS) albo nazwa z listy.",
            required=True,
            enum="institution_type",
            width=28,
        ),
        Column(
            "gmina",
            "Gmina siedziby (TERYT)",
            "teryt",
            "Kod TERYT gminy siedziby: 6 cyfr (WOJ+POW+GMI) albo 7 cyfr z rodzajem gminy, np. 120901 lub 1209013. Wpisuj jako tekst (z zerem na początku).",
            required=True,
            width=16,
        ),
        Column(
            "area",
            "Obszar działania (TERYT)",
            "teryt_list",
            "Kody TERYT gmin (6–7 cyfr), powiatów (4) lub województw (2), na które instytucja działa, rozdzielone średnikami. Puste: dla OPS, CUS i GKRPA – gmina siedziby, dla PCPR i PUP – jej powiat, dla ROPS i WUP – województwo; dla innych brak obszaru.",
            width=22,
        ),
        Column("regon", "REGON", "regon", "9 lub 14 cyfr (sprawdzana suma kontrolna).", width=16),
        Column("krs", "Numer KRS", "krs", "10 cyfr (zera na początku można pominąć).", width=14),
        Column("nip", "NIP", "nip", "10 cyfr, z kreskami lub bez (sprawdzana suma kontrolna).", width=14),
        Column("street", "Ulica i numer", "text", "Adres: ulica i numer budynku (lub miejscowość i numer).", width=28),
        Column("postal_code", "Kod pocztowy", "postal", "W formacie NN-NNN.", width=12),
        Column("city", "Miejscowość", "text", "Miejscowość (poczta).", width=18),
        Column(
            "lat",
            "Szerokość geograficzna",
            "float",
            "Stopnie dziesiętne WGS84 (w Polsce 49–55), np. 49,8766. Podaj razem z długością.",
            width=14,
        ),
        Column(
            "lon",
            "Długość geograficzna",
            "float",
            "Stopnie dziesiętne WGS84 (w Polsce 14–24,2), np. 20,0887.",
            width=14,
        ),
        Column("phone", "Telefon", "text", "Telefon instytucji (nie prywatny numer pracownika).", width=16),
        Column(
            "email",
            "E-mail",
            "email",
            "Adres ogólny instytucji, np. sekretariat@… (nie imienny adres pracownika).",
            width=26,
        ),
        Column("www", "Strona www", "url", "Adres strony internetowej.", width=26),
        Column("description", "Opis", "text", "Krótki opis działalności.", width=40),
        Column(
            "parent",
            "Instytucja nadrzędna (identyfikator)",
            "ref",
            "Identyfikator instytucji, która prowadzi tę instytucję (np. OPS prowadzący KIS) – z tego arkusza albo już zapisanej w bazie.",
            ref="instytucje",
            width=24,
        ),
    ),
)

SERVICES = Sheet(
    "uslugi",
    "usługi",
    "Usługi instytucji: jedna usługa w wierszu.",
    (
        Column("id", "Identyfikator usługi", "id", _ID_DOC, required=True, width=30),
        Column(
            "institution",
            "Instytucja (identyfikator)",
            "ref",
            "Identyfikator instytucji świadczącej usługę (z arkusza instytucje albo z bazy).",
            required=True,
            ref="instytucje",
            width=24,
        ),
        Column("name", "Nazwa usługi", "text", "Nazwa usługi.", required=True, width=36),
        Column("description", "Opis", "text", "Na czym polega usługa.", width=40),
        Column(
            "categories",
            "Kategorie",
            "list",
            "Kategorie usług (kody lub nazwy z listy), rozdzielone średnikami.",
            vocab="categories",
            width=28,
        ),
        Column(
            "groups",
            "Grupy docelowe",
            "list",
            "Grupy docelowe (kody lub nazwy z listy), rozdzielone średnikami.",
            vocab="groups",
            width=28,
        ),
        Column("status", "Status", "enum", "Stan usługi; puste = aktywna.", enum="service_status", width=16),
        Column("eligibility", "Warunki skorzystania", "text", "Kto i na jakich warunkach może skorzystać.", width=32),
        Column("min_age", "Wiek od", "int", "Najniższy wiek uczestnika (lata).", width=9),
        Column("max_age", "Wiek do", "int", "Najwyższy wiek uczestnika (lata); nie mniejszy niż „Wiek od”.", width=9),
        Column("cost", "Odpłatność", "text", "Np. bezpłatnie, odpłatność wg kryterium dochodowego.", width=22),
        Column("schedule", "Godziny / harmonogram", "text", "Kiedy usługa jest dostępna.", width=24),
        Column("capacity", "Liczba miejsc", "int", "Liczba miejsc (jeśli usługa ma limit).", width=10),
        Column("free_places", "Wolne miejsca", "int", "Wolne miejsca teraz; nie więcej niż liczba miejsc.", width=10),
        Column(
            "legal_basis", "Podstawa prawna", "text", "Przepis, na podstawie którego usługa jest świadczona.", width=28
        ),
        Column("url", "Strona www", "url", "Strona z opisem usługi.", width=26),
        Column("email", "E-mail", "email", "Ogólny adres do zgłoszeń (nie imienny adres pracownika).", width=26),
        Column("languages", "Języki", "list", "Kody języków, rozdzielone średnikami, np. pl; uk; en.", width=12),
        Column(
            "area",
            "Obszar dostępności (TERYT)",
            "teryt_list",
            "Kody TERYT obszaru, na którym usługa jest dostępna, rozdzielone średnikami. Puste: obszar działania instytucji.",
            width=22,
        ),
    ),
)

COMPETENCES = Sheet(
    "kompetencje",
    "kompetencje",
    "Kompetencje kadry: jedna kompetencja instytucji w wierszu.",
    (
        Column(
            "institution",
            "Instytucja (identyfikator)",
            "ref",
            "Identyfikator instytucji.",
            required=True,
            ref="instytucje",
            width=24,
        ),
        Column(
            "competence",
            "Kompetencja",
            "text",
            "Kompetencja (kod lub nazwa z listy).",
            required=True,
            vocab="competences",
            width=32,
        ),
        Column("staff", "Liczba osób", "int", "Ile osób w instytucji ma tę kompetencję; puste = 1.", width=12),
    ),
)

TIES = Sheet(
    "wspolpraca",
    "współpraca",
    "Współpraca: jedna para instytucji w wierszu (od instytucji do partnera).",
    (
        Column(
            "institution",
            "Instytucja (identyfikator)",
            "ref",
            "Identyfikator instytucji, która współpracuje.",
            required=True,
            ref="instytucje",
            width=24,
        ),
        Column(
            "partner",
            "Partner (identyfikator)",
            "ref",
            "Identyfikator instytucji partnerskiej (inny niż instytucji).",
            required=True,
            ref="instytucje",
            width=24,
        ),
        Column(
            "kind",
            "Rodzaj współpracy",
            "enum",
            "Rodzaj współpracy (kod lub nazwa z listy); puste = inna.",
            enum="cooperation_kind",
            width=24,
        ),
        Column("since", "Od kiedy", "date", "Data rozpoczęcia współpracy: RRRR-MM-DD lub DD.MM.RRRR.", width=12),
        Column("rating", "Ocena (1–4)", "int", "Ocena współpracy od 1 (słaba) do 4 (bardzo dobra).", width=10),
    ),
)

PARTNERSHIPS = Sheet(
    "partnerstwa",
    "partnerstwa",
    "Partnerstwa i zespoły (zespół interdyscyplinarny, Partnerski Zespół Kooperacji, porozumienia): jedno w wierszu; członków wpisz w arkuszu członkowie.",
    (
        Column("id", "Identyfikator", "id", _ID_DOC, required=True, width=24),
        Column("name", "Nazwa", "text", "Nazwa partnerstwa lub zespołu.", required=True, width=44),
        Column(
            "type",
            "Typ partnerstwa",
            "enum",
            "Rodzaj partnerstwa (kod lub nazwa z listy).",
            required=True,
            enum="partnership_type",
            width=30,
        ),
        Column(
            "legal_basis", "Podstawa prawna", "text", "Przepis lub dokument (np. zarządzenie, porozumienie).", width=30
        ),
        Column(
            "signed", "Data zawarcia", "date", "Data utworzenia lub podpisania: RRRR-MM-DD lub DD.MM.RRRR.", width=12
        ),
        Column(
            "area", "Obszar (TERYT)", "teryt_list", "Kody TERYT obszaru działania, rozdzielone średnikami.", width=20
        ),
    ),
)

MEMBERS = Sheet(
    "czlonkowie",
    "członkowie",
    "Członkowie partnerstw: jedna instytucja w jednym partnerstwie w wierszu.",
    (
        Column(
            "partnership",
            "Partnerstwo (identyfikator)",
            "ref",
            "Identyfikator partnerstwa (z arkusza partnerstwa albo z bazy).",
            required=True,
            ref="partnerstwa",
            width=26,
        ),
        Column(
            "institution",
            "Instytucja (identyfikator)",
            "ref",
            "Identyfikator instytucji członkowskiej.",
            required=True,
            ref="instytucje",
            width=24,
        ),
        Column("role", "Rola", "text", "Rola w partnerstwie, np. przewodniczący, lider, członek.", width=20),
    ),
)

SHEETS: tuple[Sheet, ...] = (INSTITUTIONS, SERVICES, COMPETENCES, TIES, PARTNERSHIPS, MEMBERS)
SHEET_BY_KEY = {s.key: s for s in SHEETS}
#: Sheets of the template that are documentation, not data.
INFO_SHEETS = ("instrukcja", "słowniki")


def sheet_for_name(name: str) -> Sheet | None:
    """The data sheet called ``name`` (any case, with or without diacritics, ``.csv`` allowed)."""
    key = fold(name.removesuffix(".csv").removesuffix(".CSV"))
    return next((s for s in SHEETS if key in (s.key, fold(s.title))), None)
