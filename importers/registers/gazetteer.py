"""The gazetteer: gminas, powiats and voivodeships of the store, and how names resolve to them.

Register importers resolve gmina and powiat codes and names against the
territories IN THE STORE (loaded by ``kooperacja import teryt``), so an
institution is only ever linked to a unit that exists.  The matching itself is
:class:`importers.parsers.gmina_match.GminaMatcher`; this module adds what the
store needs (no dzielnice/delegatury), post-town heuristics and type hints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.store.protocol import Store
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import GminaMatcher, GminaRef, KindHint, MatchResult
from importers.parsers.text import fold, normalize_powiat_name

__all__ = ["GminaInfo", "Gazetteer", "authority_hint"]


@dataclass(frozen=True, slots=True)
class GminaInfo:
    key: str
    name: str
    rodz: str
    powiat: str
    powiat_name: str
    woj: str


class Gazetteer:
    """Gminas, powiats and voivodeships of the store, with a :class:`GminaMatcher` over them."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.gminas: dict[str, GminaInfo] = {}
        self.woj_names: dict[str, str] = {}
        for r in rows:
            info = GminaInfo(
                str(r["teryt"]),
                str(r["name"]),
                str(r.get("rodz") or ""),
                str(r["powiat"]),
                str(r["powiat_name"]),
                str(r["woj"]),
            )
            self.gminas[info.key] = info
            self.woj_names[info.woj] = str(r["woj_name"])
        self.powiats: dict[str, str] = {g.powiat: g.powiat_name for g in self.gminas.values()}
        self._woj_by_name = {fold(name): code for code, name in self.woj_names.items()}
        self.matcher = GminaMatcher(
            GminaRef(g.key, g.name, g.rodz, g.powiat, g.powiat_name, g.woj) for g in self.gminas.values()
        )

    @classmethod
    def from_store(cls, store: Store, file: str) -> Gazetteer:
        """Read the gminas of the store; a clear error when TERYT was not loaded yet."""
        rows = store.query("registers_gminas", {})
        if not rows:
            raise ImportValidationError(
                file,
                None,
                None,
                "W bazie nie ma gmin – najpierw wczytaj rejestr TERYT: kooperacja import teryt PLIK_TERC.",
            )
        return cls(rows)

    # ------------------------------------------------------------ units

    def woj_code(self, name: str) -> str | None:
        """Voivodeship code from a name in any case, with or without "województwo"."""
        text = fold(name)
        text = re.sub(r"^(?:wojewodztwo|woj\.?)\s+", "", text)
        return self._woj_by_name.get(text)

    def woj_in_text(self, text: str) -> str | None:
        """A voivodeship named in running text, e.g. "województwa małopolskiego"."""
        folded = fold(text)
        for name, code in self._woj_by_name.items():
            genitive = name[:-1] + "ego" if name.endswith("e") else name
            if re.search(rf"\b(?:{re.escape(name)}|{re.escape(genitive)})\b", folded):
                return code
        return None

    def powiat_codes(self, name: str, woj: str) -> list[str]:
        return self.matcher.powiat_codes(name, woj)

    def guess_woj(self, powiat_names: Iterable[str]) -> str | None:
        """The voivodeship whose powiats best explain a list of powiat names (None if no clear winner)."""
        names = {normalize_powiat_name(n) for n in powiat_names if n}
        by_woj: Counter[str] = Counter()
        for code, pname in self.powiats.items():
            if normalize_powiat_name(pname) in names:
                by_woj[code[:2]] += 1
        ranked = by_woj.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def powiat_gmina(self, powiat: str) -> str | None:
        """The only gmina of a powiat (cities with powiat rights), else None."""
        keys = [k for k, g in self.gminas.items() if g.powiat == powiat]
        return keys[0] if len(keys) == 1 else None

    def describe(self, key: str) -> str:
        if len(key) == 4:
            return f"{key} powiat {self.powiats.get(key, '?')}"
        g = self.gminas.get(key)
        return f"{key} {g.name}" if g else key

    # ------------------------------------------------------------ resolving

    def resolve_gmina(
        self,
        *,
        code: str | None = None,
        name: str | None = None,
        woj: str | None = None,
        powiat: str | None = None,
        hint: KindHint | None = None,
    ) -> MatchResult:
        """:meth:`GminaMatcher.resolve` plus one repair the store cannot support directly.

        The store holds gminas, not the dzielnice/delegatury of Kraków, Łódź, Poznań,
        Wrocław (and Warszawa's dzielnice), so a name like "Kraków-Podgórze" fits no
        gmina.  When the part before the hyphen is a city with powiat rights (and a
        given code agrees with it), the city's gmina is taken and the decision says so.
        """
        result = self.matcher.resolve(code=code, name=name, woj=woj, powiat=powiat, hint=hint)
        if result.key is not None or not name or "-" not in name:
            return result
        head = re.split(r"\s*-\s*", name.strip(), maxsplit=1)[0]
        region = woj or (code.strip()[:2] if code else None)
        if not head or region is None:
            return result
        city = self.matcher.resolve_name(head, woj=region, hint="miejska")
        if city.key is None or not self._city_with_powiat_rights(city.key):
            return result
        if code and code.strip()[:6] != city.key and self.matcher.resolve_code(code).key not in (None, city.key):
            return result
        g = self.gminas[city.key]
        return MatchResult(
            city.key,
            "name",
            f"'{name.strip()}' to dzielnica lub delegatura miasta; przypisano gminę {g.key} {g.name}.",
            g.powiat,
        )

    def _city_with_powiat_rights(self, key: str) -> bool:
        # powiat codes 61–99 in TERYT are cities with powiat rights
        return int(key[2:4]) >= 61

    def resolve_powiat(self, name: str, woj: str) -> MatchResult:
        """A powiat by name ("bocheński", "m. Kraków", "Miasto Tarnów") within a voivodeship."""
        codes = self.powiat_codes(name, woj)
        if len(codes) == 1:
            return MatchResult(None, "name", "", codes[0])
        if not codes:
            # "Kraków" for the city powiat: the powiat of the only gmina of that name
            g = self.matcher.resolve_name(name, woj=woj, hint="miejska")
            if g.key is not None and self._city_with_powiat_rights(g.key):
                return MatchResult(None, "name", f"Powiat miasta {self.gminas[g.key].name}.", g.key[:4])
            return MatchResult(None, "unresolved", f"Nie znaleziono powiatu '{name}'.")
        listed = ", ".join(self.describe(c) for c in codes)
        return MatchResult(None, "unresolved", f"Nazwa powiatu '{name}' niejednoznaczna: {listed}.")

    def resolve_locality(self, locality: str, *, woj: str, powiat: str | None) -> MatchResult:
        """The gmina of a post town or locality inside a powiat (heuristic, always noted).

        A locality named like a town settles a town/rural pair in favour of the town.
        """
        text = re.sub(r"\s+\d+\s*[a-zA-Z]?(?:/\d+)?$", "", locality.strip())  # "Pcim 638" → "Pcim"
        text = re.sub(r"\bn/\s*", "nad ", text)
        res = self.matcher.resolve(name=text, woj=woj, powiat=powiat)
        if res.key is None and res.ambiguous:
            res = self.matcher.resolve(name=text, woj=woj, powiat=powiat, hint="miejska")
        in_powiat = res.key is not None and (powiat is None or res.powiat_code in self.powiat_codes(powiat, woj))
        # a locality only approximately like a gmina name is usually another village: no guessing
        if res.key is None or res.method == "fuzzy" or not in_powiat:
            return MatchResult(
                None, "unresolved", f"Miejscowość '{text}' nie jest nazwą gminy powiatu.", None, res.candidates
            )
        note = f"Gmina ustalona z miejscowości adresu '{text}' (może to być tylko poczta)."
        return MatchResult(res.key, "name", " ".join(p for p in (note, res.note) if p), res.powiat_code)

    def same_name(self, raw: str, key: str) -> bool:
        """The raw name is the gmina's official name up to case, diacritics and spacing."""
        return fold(raw) == fold(self.gminas[key].name)


def authority_hint(text: str | None) -> KindHint | None:
    """The gmina type implied by its executive ("Wójt Gminy X", "Burmistrz Miasta X", "Prezydent Miasta X").

    A wójt heads a rural gmina, a burmistrz a town or an urban-rural gmina, a
    prezydent a city; used only to choose between gminas of the same name.
    """
    folded = fold(text or "")
    if re.match(r"^(?:burmistrz|starosta)\s+(?:miasta i gminy|gminy i miasta)\b", folded):
        return "miejsko-wiejska"
    if folded.startswith("wojt"):
        return "wiejska"
    if folded.startswith(("prezydent", "burmistrz")):
        return "miejska"
    return None
