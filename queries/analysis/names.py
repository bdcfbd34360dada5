"""Polish names of a territorial unit as a sentence needs them: in a title and after "w" (locative).

TERYT stores a powiat's name as a bare adjective ("toruński") and a
voivodeship's as a neuter adjective ("kujawsko-pomorskie"); a reader expects
"powiat toruński", "z siedzibą w powiecie toruńskim", "w województwie
kujawsko-pomorskim".  Gmina names are nouns that Polish leaves undeclined after
"gmina"/"miasto" ("w gminie Lubicz"), which avoids guessing the declension of
every place name.

Complexity: O(1).
"""

from __future__ import annotations

__all__ = ["unit_title", "unit_locative", "adjective_locative"]


def adjective_locative(adjective: str) -> str:
    """The locative singular of a masculine or neuter adjective (only the last word of a compound declines).

    >>> adjective_locative("toruński"), adjective_locative("kujawsko-pomorskie"), adjective_locative("bieruńsko-lędziński")
    ('toruńskim', 'kujawsko-pomorskim', 'bieruńsko-lędzińskim')
    >>> adjective_locative("nowy"), adjective_locative("łódzkie")
    ('nowym', 'łódzkim')
    """
    word = adjective.strip()
    if word.endswith("ie"):  # neuter -skie/-ckie/-dzkie → -skim
        return word[:-1] + "m"
    if word.endswith("i"):  # -ski → -skim
        return word + "m"
    if word.endswith(("y", "e")):  # -ny → -nym, -ne → -nym
        return word[:-1] + "ym"
    return word


def _is_city_powiat(teryt: str, kind: str | None) -> bool:
    # TERC: powiat codes 61–99 are cities with powiat rights
    return (kind or "").startswith("miasto") or (len(teryt) == 4 and teryt[2:4].isdigit() and int(teryt[2:4]) >= 61)


def _is_urban_gmina(teryt: str, kind: str | None) -> bool:
    return (kind or "") in {"gmina miejska", "miasto"} or (len(teryt) >= 7 and teryt[6] == "1")


def unit_title(level: str, name: str, teryt: str = "", kind: str | None = None) -> str:
    """The unit's name with its kind, as in a heading.

    >>> unit_title("powiat", "toruński", "0415"), unit_title("powiat", "Toruń", "0463")
    ('powiat toruński', 'Toruń (miasto na prawach powiatu)')
    >>> unit_title("voivodeship", "kujawsko-pomorskie", "04"), unit_title("gmina", "Lubicz", "041504")
    ('województwo kujawsko-pomorskie', 'gmina Lubicz')
    >>> unit_title("country", "Polska")
    'Polska'
    """
    if level == "powiat":
        return f"{name} (miasto na prawach powiatu)" if _is_city_powiat(teryt, kind) else f"powiat {name}"
    if level == "voivodeship":
        return f"województwo {name}"
    if level == "gmina":
        return f"gmina {name}"
    return name


def unit_locative(level: str, name: str, teryt: str = "", kind: str | None = None) -> str:
    """The phrase after "z siedzibą w …" / "działające w …".

    >>> unit_locative("powiat", "toruński", "0415"), unit_locative("powiat", "Toruń", "0463")
    ('powiecie toruńskim', 'mieście na prawach powiatu Toruń')
    >>> unit_locative("voivodeship", "kujawsko-pomorskie", "04"), unit_locative("gmina", "Lubicz", "041504")
    ('województwie kujawsko-pomorskim', 'gminie Lubicz')
    >>> unit_locative("gmina", "Chełmża", "0415011", "gmina miejska"), unit_locative("country", "Polska")
    ('mieście Chełmża', 'Polsce')
    """
    if level == "powiat":
        if _is_city_powiat(teryt, kind):
            return f"mieście na prawach powiatu {name}"
        return f"powiecie {adjective_locative(name)}"
    if level == "voivodeship":
        return f"województwie {adjective_locative(name)}"
    if level == "gmina":
        return f"mieście {name}" if _is_urban_gmina(teryt, kind) else f"gminie {name}"
    return "Polsce" if name == "Polska" else name
