"""Resolving gminas from dirty TERYT codes and names.

Sources name gminas in many ways ("Żarki Miejsko", "Gmina Tarnów", "Kraków-Podgórze") and
carry TERYT codes that are often wrong (RODZ 1/2 instead of 3, codes of the neighbouring
gmina, pseudo-codes of powiat units).  :class:`GminaMatcher` resolves them to the stable
6-digit gmina key and says how (``method``) and why (``note``, Polish).

Rules: a code is checked against the name when both are given, and the name wins when they
disagree; a name that fits several gminas (e.g. the town and the rural gmina "Bochnia") is
settled by the powiat or a type hint (miejska / wiejska), otherwise it is reported as
ambiguous – never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from importers.parsers.teryt import TercUnits
from importers.parsers.text import fold, normalize_gmina_name, normalize_powiat_name

__all__ = [
    "GminaMatcher",
    "GminaRef",
    "KindHint",
    "MatchMethod",
    "MatchResult",
    "kind_hint",
]

MatchMethod = Literal["exact", "prefix", "name", "name+powiat", "fuzzy", "unresolved"]
KindHint = Literal["miejska", "wiejska", "miejsko-wiejska"]

_FUZZY_CUTOFF = 0.85
_FUZZY_MARGIN = 0.05
_DIGITS7 = re.compile(r"^\d{7}$")
_DIGITS6 = re.compile(r"^\d{6}$")
_RODZ_LABEL = {"1": "miejska", "2": "wiejska", "3": "miejsko-wiejska"}


@dataclass(frozen=True, slots=True)
class GminaRef:
    key: str  # 6 digits WOJ+POW+GMI
    name: str
    rodz: str  # "1" | "2" | "3"
    powiat_code: str  # 4 digits
    powiat_name: str
    woj: str  # 2 digits

    @property
    def teryt7(self) -> str:
        return self.key + self.rodz

    def describe(self) -> str:
        return f"{self.teryt7} {self.name} (gm. {_RODZ_LABEL.get(self.rodz, self.rodz)}, pow. {self.powiat_name})"


@dataclass(frozen=True, slots=True)
class MatchResult:
    key: str | None  # 6-digit gmina key, None when unresolved or powiat-level
    method: MatchMethod
    note: str  # Polish explanation, empty for a clean exact match
    powiat_code: str | None = None  # set with key, and for powiat-level units (PCPR)
    candidates: tuple[str, ...] = ()  # gmina keys when ambiguous

    @property
    def resolved(self) -> bool:
        return self.key is not None or (self.method != "unresolved" and self.powiat_code is not None)

    @property
    def ambiguous(self) -> bool:
        return self.key is None and len(self.candidates) > 1


_UNRESOLVED_EMPTY = MatchResult(None, "unresolved", "Brak kodu i nazwy gminy.")


def kind_hint(*texts: str | None) -> KindHint | None:
    """Guess the gmina type from words like "Miejski", "MOPS", "M.", "Gminny", "Miejsko-Gminny".

    Used only to choose between gminas of the same name, never to reject a single match.
    """
    joined = " ".join(fold(t) for t in texts if t)
    if not joined:
        return None
    if re.search(r"miejsko[- ]?gminn|miejsko[- ]?wiejsk|\bm-?g-?ops\b|\bm\.-g\.", joined):
        return "miejsko-wiejska"
    if re.search(r"\bmiejsk|\bmops\b|\bmopr\b|\bmiasto\b|\bm\.|\bm$|^m\b|\bgmina miejska\b", joined):
        return "miejska"
    if re.search(r"\bgminn|\bgops\b|\bwiejsk|\bgmin[ay]\b|\bgm\.", joined):
        return "wiejska"
    return None


def _apply_hint(cands: list[GminaRef], hint: KindHint | None) -> list[GminaRef]:
    if hint is None or len(cands) < 2:
        return cands
    if hint == "miejska":
        chosen = [g for g in cands if g.rodz == "1"]
    elif hint == "miejsko-wiejska":
        chosen = [g for g in cands if g.rodz == "3"]
    else:  # "Gminny ośrodek": the rural gmina, or an urban-rural one
        chosen = [g for g in cands if g.rodz != "1"]
    return chosen or cands


class GminaMatcher:
    """Resolve gmina codes/names against a gmina list (e.g. from the 2025 Urzędowy TERC)."""

    def __init__(
        self,
        gminas: Iterable[GminaRef],
        powiats: Mapping[str, str] | None = None,
        districts: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        """``powiats``: 4-digit code → name; ``districts``: name → (7-digit code, gmina key)
        for dzielnice/delegatury (names like "Kraków-Podgórze")."""
        self.gminas: dict[str, GminaRef] = {g.key: g for g in gminas}
        self.powiats: dict[str, str] = dict(powiats or {})
        for g in self.gminas.values():
            self.powiats.setdefault(g.powiat_code, g.powiat_name)
        self._by_name: dict[tuple[str, str], list[GminaRef]] = defaultdict(list)
        for g in self.gminas.values():
            self._by_name[(g.woj, normalize_gmina_name(g.name))].append(g)
        self._names_by_woj: dict[str, list[str]] = defaultdict(list)
        for woj, name in self._by_name:
            self._names_by_woj[woj].append(name)
        self._districts: dict[tuple[str, str], tuple[str, str]] = {}
        for dname, (code, key) in (districts or {}).items():
            self._districts[(code[:2], normalize_gmina_name(dname))] = (code, key)
        self._powiat_by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, pname in self.powiats.items():
            self._powiat_by_name[(code[:2], normalize_powiat_name(pname))].append(code)

    @classmethod
    def from_units(cls, units: TercUnits) -> GminaMatcher:
        refs = [GminaRef(g.key, g.name, g.rodz, g.powiat_code, g.powiat_name, g.woj) for g in units.gminas.values()]
        powiats = {code: p.name for code, p in units.powiats.items()}
        districts = {d.name: (d.code, d.gmina_key) for d in units.districts.values()}
        return cls(refs, powiats, districts)

    # ---------------------------------------------------------------------------------
    def _ok(self, key: str, method: MatchMethod, note: str = "") -> MatchResult:
        return MatchResult(key, method, note, self.gminas[key].powiat_code)

    def powiat_codes(self, name: str, woj: str) -> list[str]:
        """4-digit codes of powiats called ``name`` in ``woj`` ("bocheński", "m. Kraków")."""
        return list(self._powiat_by_name.get((woj, normalize_powiat_name(name)), []))

    def resolve_code(self, raw: str, *, powiat_level: bool = False) -> MatchResult:
        """Resolve a (possibly wrong) TERYT code.

        * 7 digits present in TERC → ``exact``;
        * otherwise its 6-digit prefix is a gmina → ``prefix`` (typically RODZ 1/2 given for
          a miejsko-wiejska gmina) – also a dzielnica/delegatura code gives its city;
        * ``powiat_level=True`` (PCPR, powiat units with pseudo-codes ``PPPP011``): only
          the 4-digit powiat is resolved (``key`` None, ``powiat_code`` set, ``prefix``).
        """
        code = raw.strip()
        if powiat_level:
            pcode = code[:4]
            if len(code) >= 4 and code[:4].isdigit() and pcode in self.powiats:
                return MatchResult(
                    None,
                    "prefix",
                    f"Jednostka powiatowa: kod {code} wskazuje powiat {pcode} {self.powiats[pcode]}.",
                    pcode,
                )
            return MatchResult(None, "unresolved", f"Kod {code!r} nie wskazuje żadnego powiatu.")
        if _DIGITS6.match(code):
            if code in self.gminas:
                return self._ok(code, "exact", "Podano 6-cyfrowy klucz gminy.")
            return MatchResult(None, "unresolved", f"Klucz {code} nie istnieje w TERC.")
        if not _DIGITS7.match(code):
            return MatchResult(None, "unresolved", "Kod TERYT gminy musi mieć 7 cyfr.")
        key = code[:6]
        g = self.gminas.get(key)
        if g is not None and g.teryt7 == code:
            return self._ok(key, "exact")
        if g is not None:
            return self._ok(
                key,
                "prefix",
                f"Kod {code} nie istnieje w TERC; według 6 pierwszych cyfr to {g.describe()}.",
            )
        for dcode, dkey in self._districts.values():
            if dcode == code or dcode[:6] == key:
                city = self.gminas[dkey]
                return self._ok(dkey, "prefix", f"Kod {code} to dzielnica/delegatura miasta {city.describe()}.")
        return MatchResult(None, "unresolved", f"Kod {code}: brak gminy o kluczu {key} w TERC.")

    def resolve_name(
        self,
        name: str,
        *,
        woj: str,
        powiat: str | None = None,
        hint: KindHint | None = None,
    ) -> MatchResult:
        """Resolve a gmina name within a voivodeship, optionally helped by a powiat name
        and a type hint (by default the hint is read from the name: "Miasto X", "X m.")."""
        norm = normalize_gmina_name(name)
        if not norm:
            return MatchResult(None, "unresolved", "Pusta nazwa gminy.")
        hint = hint or kind_hint(name)
        powiat_codes = set(self.powiat_codes(powiat, woj)) if powiat else set()
        cands = list(self._by_name.get((woj, norm), []))
        method: MatchMethod = "name"
        note_prefix = ""
        if not cands:
            district = self._districts.get((woj, norm))
            if district is not None:
                city = self.gminas[district[1]]
                return self._ok(
                    city.key,
                    "name",
                    f"'{name.strip()}' to dzielnica/delegatura; przypisano gminę {city.describe()}.",
                )
            cands, score = self._fuzzy(norm, woj, powiat_codes)
            if not cands:
                return MatchResult(None, "unresolved", f"Nie znaleziono gminy o nazwie '{name.strip()}'.")
            method = "fuzzy"
            note_prefix = f"Nazwa '{name.strip()}' dopasowana w przybliżeniu (podobieństwo {score:.2f}). "
        if powiat_codes:
            in_powiat = [g for g in cands if g.powiat_code in powiat_codes]
            if in_powiat:
                if method == "name":
                    method = "name+powiat"
                cands = in_powiat
            elif len(cands) == 1:
                return self._ok(
                    cands[0].key,
                    method,
                    note_prefix + f"Uwaga: podany powiat '{powiat}' nie zgadza się z powiatem gminy "
                    f"{cands[0].describe()}.",
                )
        if len(cands) > 1:
            hinted = _apply_hint(cands, hint)
            if len(hinted) == 1:
                return self._ok(
                    hinted[0].key,
                    method,
                    note_prefix + f"Nazwa niejednoznaczna; rozstrzygnięto typem gminy ({hint}).",
                )
            listed = "; ".join(g.describe() for g in cands)
            return MatchResult(
                None,
                "unresolved",
                note_prefix + f"Nazwa '{name.strip()}' niejednoznaczna: {listed}.",
                None,
                tuple(g.key for g in cands),
            )
        return self._ok(cands[0].key, method, note_prefix.strip())

    def _fuzzy(self, norm: str, woj: str, powiat_codes: set[str]) -> tuple[list[GminaRef], float]:
        names = self._names_by_woj.get(woj, [])
        scored = sorted(((difflib.SequenceMatcher(None, norm, n).ratio(), n) for n in names), reverse=True)
        if not scored or scored[0][0] < _FUZZY_CUTOFF:
            return [], 0.0
        best, best_name = scored[0]
        if len(scored) > 1 and best - scored[1][0] < _FUZZY_MARGIN:
            # two names almost equally close – accept only if the powiat settles it
            close = [n for s, n in scored if best - s < _FUZZY_MARGIN]
            in_powiat = [
                g for n in close for g in self._by_name[(woj, n)] if powiat_codes and g.powiat_code in powiat_codes
            ]
            return (in_powiat, best) if len(in_powiat) == 1 else ([], 0.0)
        return list(self._by_name[(woj, best_name)]), best

    def resolve(
        self,
        *,
        code: str | None = None,
        name: str | None = None,
        woj: str | None = None,
        powiat: str | None = None,
        hint: KindHint | None = None,
        powiat_level: bool = False,
    ) -> MatchResult:
        """Resolve using everything known; the name is checked against the code.

        * code and name agree → the code's method (``exact``/``prefix``);
        * they disagree → the name's result, with the conflict in ``note``
          ("name-repaired") – unless the name matched only approximately (``fuzzy``):
          then nothing is guessed (``unresolved``, both keys in ``candidates``);
        * name ambiguous → the code settles it if it is one of the candidates.
        """
        if powiat_level:
            if code:
                res = self.resolve_code(code, powiat_level=True)
                if res.powiat_code and powiat and woj:
                    named = self.powiat_codes(powiat, woj)
                    if named and res.powiat_code not in named:
                        return MatchResult(
                            None,
                            "name",
                            f"Kod {code} wskazuje powiat {res.powiat_code}, a nazwa '{powiat}' – "
                            f"{named[0]}; przyjęto nazwę.",
                            named[0],
                        )
                return res
            if powiat and woj:
                named = self.powiat_codes(powiat, woj)
                if len(named) == 1:
                    return MatchResult(None, "name", "Powiat ustalony z nazwy.", named[0])
            return MatchResult(None, "unresolved", "Nie ustalono powiatu.")

        code_res = self.resolve_code(code) if code else None
        if not name:
            return code_res or _UNRESOLVED_EMPTY
        if woj is None:
            woj = code.strip()[:2] if code else None
        if woj is None:
            return MatchResult(None, "unresolved", "Brak województwa do wyszukania nazwy gminy.")
        name_res = self.resolve_name(name, woj=woj, powiat=powiat, hint=hint)
        if code_res is None or code_res.key is None:
            if code_res is not None and name_res.key is not None:
                return replace(name_res, note=_join(code_res.note, name_res.note, "przyjęto nazwę"))
            return name_res
        if name_res.key == code_res.key:
            return code_res
        if name_res.key is not None and name_res.method == "fuzzy":
            # a merely similar name is not enough to overrule a valid code
            return MatchResult(
                None,
                "unresolved",
                _join(
                    name_res.note,
                    f"kod wskazuje {self.gminas[code_res.key].describe()} – sprzeczne dane",
                ),
                None,
                (code_res.key, name_res.key),
            )
        if name_res.key is not None:
            code_g = self.gminas[code_res.key]
            return replace(
                name_res,
                note=_join(
                    f"Kod {code.strip() if code else ''} wskazuje inną gminę: {code_g.describe()}; przyjęto nazwę",
                    name_res.note,
                ),
            )
        if code_res.key in name_res.candidates:
            return replace(
                code_res,
                note=_join(code_res.note, "nazwa niejednoznaczna – rozstrzygnięto kodem"),
            )
        if name_res.candidates:
            return replace(
                name_res,
                note=_join(
                    name_res.note,
                    f"kod wskazuje jeszcze inną gminę ({self.gminas[code_res.key].describe()})",
                ),
            )
        # The name fits no gmina and the code's gmina has another name: do not guess.
        return MatchResult(
            None,
            "unresolved",
            _join(
                name_res.note,
                f"kod {code.strip() if code else ''} wskazuje {self.gminas[code_res.key].describe()}, "
                "ale nazwa się nie zgadza",
            ),
            None,
            (code_res.key,),
        )


def _join(*parts: str) -> str:
    return "; ".join(p.strip().rstrip(".") for p in parts if p and p.strip()) + "."
