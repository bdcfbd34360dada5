"""Which gmina: a locality named in an address, found in the SIMC register (GUS TERYT).

SIMC (2023 codes) lists every locality with its gmina; its WOJ+POW+GMI key joins
the 2025 TERC gminas of the store on the 6-digit key (only the RODZ digit changed).
Evidence is tried from the most specific to the least: a decision taken by a
person (the decisions file), a locality written with a house number ("Moczary
41"), the locality in the name in the locative ("w Zakrzewie"), the post town,
a gmina column, and a city with powiat rights.  A name that fits localities of
several gminas in the powiat is ambiguous: it is listed for a person, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from importers.parsers.archive import check_archive, read_member
from importers.parsers.errors import ImportValidationError
from importers.parsers.text import fold

__all__ = ["Locality", "SimcIndex", "load_simc"]


@dataclass(frozen=True, slots=True)
class Locality:
    name: str
    folded: str
    gmina: str  # 6 digits, SIMC 2023
    sym: str
    independent: bool  # not a part of another locality (SYM == SYMPOD)
    town: bool  # RM 96 miasto


class SimcIndex:
    def __init__(self, localities: list[Locality]) -> None:
        self.by_powiat: dict[str, list[Locality]] = defaultdict(list)
        self.by_woj_name: dict[tuple[str, str], list[Locality]] = defaultdict(list)
        for loc in localities:
            self.by_powiat[loc.gmina[:4]].append(loc)
            self.by_woj_name[(loc.gmina[:2], loc.folded)].append(loc)

    def exact(self, name: str, *, powiat: str | None, woj: str) -> list[Locality]:
        """Localities named exactly so (up to case and diacritics) in the powiat, else the voivodeship."""
        text = re.sub(r"\bn/\s*", "nad ", name)  # "Gródek n/ Dunajcem"
        found: list[Locality] = []
        for key in dict.fromkeys((fold(text), fold(text.replace(" ", "-")))):  # "Rabka Zdrój" is Rabka-Zdrój
            found = found or self.by_woj_name.get((woj, key), [])
        if powiat:
            found = [loc for loc in found if loc.gmina[:4] == powiat]
        return _prefer_independent(found)

    def locative(self, phrase: str, *, powiat: str | None, woj: str) -> list[Locality]:
        """Localities whose name, declined, gives ``phrase`` ("Zakrzewie" → Zakrzewo); best stems only.

        When no name fits word for word, names that begin with the phrase count
        ("w Kurowie" → Kurowo-Kolonia, Kurowo-Parcele: SIMC lists only the parts).
        """
        words = _tokens(phrase)
        pool = (
            self.by_powiat.get(powiat, [])
            if powiat
            else [loc for (w, _), locs in self.by_woj_name.items() if w == woj for loc in locs]
        )
        for whole in (True, False):
            scored: list[tuple[int, Locality]] = []
            for loc in pool:
                names = _tokens(loc.name)
                if (len(names) != len(words)) if whole else (len(names) <= len(words)):
                    continue
                total = 0
                for n, w in zip(names, words, strict=False):
                    score = _declined(n, w)
                    if score < 0:
                        break
                    total += score
                else:
                    scored.append((total, loc))
            if scored:
                best = max(sc for sc, _ in scored)
                return _prefer_independent([loc for sc, loc in scored if sc == best])
        return []


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s-]+", fold(text)) if t]


_IRREGULAR = {"wies": ("wsi",), "kamien": ("kamieniu", "kamienia")}


def _declined(nominative: str, form: str) -> int:
    """Length of the shared stem when ``form`` can be a case of ``nominative``, else -1."""
    if nominative == form:
        return len(form) + 2
    if form in _IRREGULAR.get(nominative, ()):
        return len(nominative)
    stem = nominative[:-2] if len(nominative) > 5 else nominative[:-1]
    if len(stem) < 3 or not form.startswith(stem) or len(form) - len(stem) > 4:
        return -1
    common = 0
    for a, b in zip(nominative, form, strict=False):
        if a != b:
            break
        common += 1
    return common


def _prefer_independent(locs: list[Locality]) -> list[Locality]:
    main = [loc for loc in locs if loc.independent]
    return main or locs


def load_simc(path: str | Path, wojs: set[str] | None = None) -> SimcIndex:
    """Read the SIMC ZIP (or CSV) of GUS; only the given voivodeships when set."""
    p = Path(path)
    if p.is_dir():
        raise ImportValidationError(p.name, None, None, "Podano katalog, a nie plik SIMC (.zip albo .csv).")
    if not p.is_file():
        raise ImportValidationError(p.name, None, None, "Plik SIMC nie istnieje.")
    if p.suffix.lower() == ".zip":
        with check_archive(p) as zf:
            members = [i for i in zf.infolist() if i.filename.lower().endswith(".csv")]
            if not members:
                raise ImportValidationError(p.name, None, None, "W archiwum nie ma pliku SIMC .csv.")
            data = read_member(zf, members[0], p.name)
    else:
        data = p.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    needed = {"WOJ", "POW", "GMI", "RM", "NAZWA", "SYM", "SYMPOD"}
    if not needed <= set(reader.fieldnames or []):
        raise ImportValidationError(
            p.name,
            1,
            None,
            f"To nie jest plik SIMC: brak kolumn {', '.join(sorted(needed - set(reader.fieldnames or [])))}.",
        )
    locs = [
        Locality(
            r["NAZWA"],
            fold(r["NAZWA"]),
            r["WOJ"] + r["POW"] + r["GMI"],
            r["SYM"],
            r["SYM"] == r["SYMPOD"],
            r["RM"] == "96",
        )
        for r in reader
        if wojs is None or r["WOJ"] in wojs
    ]
    return SimcIndex(locs)
