"""Shared pieces of the register importers: the gazetteer, ids, validation, the write.

The gazetteer resolves gmina and powiat codes and names against the territories
IN THE STORE (loaded by ``kooperacja import teryt``), so an institution is only
ever linked to a unit that exists.  Ids are derived from the source (register
numbers, or a slug of the name and address), so importing the same file again
finds the same institutions and changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph import model as m
from graph.errors import ModelValidationError
from graph.reference import SERVICE_CATEGORIES, TARGET_GROUPS
from graph.schema import validate
from graph.store.protocol import Store
from graph.writer import Batch, get_nodes, write_batch
from importers.parsers.errors import ImportValidationError
from importers.parsers.gmina_match import GminaMatcher, GminaRef, KindHint, MatchResult
from importers.parsers.text import fold, normalize_powiat_name
from importers.registers.report import ImportReport

__all__ = [
    "Progress",
    "Gazetteer",
    "stable_id",
    "slug",
    "short_slug",
    "build",
    "add_reference_terms",
    "IdRegistry",
    "finish",
    "no_progress",
    "valid_postal",
    "authority_hint",
    "valid_email",
]

#: Called with (stage description, stages done, stages in total).
Progress = Callable[[str, int, int], None]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_POSTAL = re.compile(r"^\d{2}-\d{3}$")


def valid_postal(code: str | None) -> str | None:
    """The postal code if it has the NN-NNN form (the parsers already warned about others)."""
    return code if code and _POSTAL.match(code) else None


def valid_email(email: str | None) -> str | None:
    """The address if it looks like one (never echoed: some name employees)."""
    return email if email and "@" in email and " " not in email else None


def slug(*parts: str | None) -> str:
    """Lower-case ASCII words joined by hyphens: ``"ŚDS w Bieczu"`` → ``"sds-w-bieczu"``."""
    text = " ".join(p for p in parts if p)
    return _SLUG_DROP.sub("-", fold(text)).strip("-")


def short_slug(text: str, max_len: int = 40) -> str:
    """A slug without filler words, cut to ``max_len`` with a hash when longer (id suffixes)."""
    words = [w for w in slug(text).split("-") if w not in _FILLER]
    full = "-".join(words)
    if len(full) <= max_len:
        return full
    digest = hashlib.sha1(full.encode()).hexdigest()[:6]
    return f"{full[:max_len].rstrip('-')}-{digest}"


_FILLER = frozenset({"dla", "osob", "i", "w", "od", "z", "na"})


def stable_id(prefix: str, *parts: str | None, max_slug: int = 50) -> str:
    """A deterministic id: ``prefix:slug`` – long slugs are cut and get a short hash.

    The hash is taken over the folded full text, so two long names that share
    their beginning still get different ids.
    """
    full = slug(*parts)
    if len(full) <= max_slug:
        return f"{prefix}:{full}"
    digest = hashlib.sha1(full.encode()).hexdigest()[:8]
    return f"{prefix}:{full[:max_slug].rstrip('-')}-{digest}"


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
            info = GminaInfo(str(r["teryt"]), str(r["name"]), str(r.get("rodz") or ""), str(r["powiat"]), str(r["powiat_name"]), str(r["woj"]))
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
            return MatchResult(None, "unresolved", f"Miejscowość '{text}' nie jest nazwą gminy powiatu.", None, res.candidates)
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


# ---------------------------------------------------------------- validation


def build(model: type[Any], data: Mapping[str, Any], *, file: str, row: int | None, columns: Mapping[str, str]) -> Any:
    """Validate ``data`` into ``model``; errors name the source column (``columns``: field → column)."""
    try:
        return validate(model, dict(data))
    except ModelValidationError as exc:
        loc, msg = exc.errors[0]
        field = loc.split(".")[0]
        raise ImportValidationError(file, row, columns.get(field, field), f"{msg}.") from None


def add_reference_terms(store: Store, batch: Batch, categories: Iterable[str], groups: Iterable[str]) -> None:
    """Add the default categories/target groups the services use, when the store lacks them.

    Terms already present are left alone (a user may have renamed them), so a
    re-import adds nothing.
    """
    wanted_c = sorted(set(categories))
    wanted_g = sorted(set(groups))
    cat_defaults = {c: (n, p) for c, n, p in SERVICE_CATEGORIES}
    grp_defaults = dict(TARGET_GROUPS)
    have_c = {n.id for n in get_nodes(store, m.ServiceCategory, wanted_c)} if wanted_c else set()
    have_g = {n.id for n in get_nodes(store, m.TargetGroup, wanted_g)} if wanted_g else set()
    new_c = [m.ServiceCategory(id=c, name=cat_defaults[c][0], parent=cat_defaults[c][1]) for c in wanted_c if c not in have_c]
    # a parent category referenced only as a property must exist too (a tree without holes)
    parents = {c.parent for c in new_c if c.parent} - have_c - {c.id for c in new_c}
    if parents:
        have_p = {n.id for n in get_nodes(store, m.ServiceCategory, sorted(parents))}
        new_c += [m.ServiceCategory(id=p, name=cat_defaults[p][0], parent=cat_defaults[p][1]) for p in sorted(parents - have_p)]
    if new_c:
        batch.add(m.ServiceCategory, new_c)
    new_g = [m.TargetGroup(id=g, name=grp_defaults[g]) for g in wanted_g if g not in have_g]
    if new_g:
        batch.add(m.TargetGroup, new_g)


class IdRegistry:
    """Ids seen so far in one file: two rows mapping to one id are an error, not a silent merge."""

    def __init__(self, file: str, what: str) -> None:
        self.file = file
        self.what = what
        self.rows: dict[str, int | None] = {}

    def add(self, iid: str, row: int | None) -> str:
        if iid in self.rows:
            raise ImportValidationError(
                self.file,
                row,
                None,
                f"{self.what} o identyfikatorze {iid} występuje dwa razy (pierwszy raz w wierszu {self.rows[iid]}).",
            )
        self.rows[iid] = row
        return iid


def finish(store: Store, batch: Batch, report: ImportReport, started: float, progress: Progress) -> ImportReport:
    """Write everything in ONE atomic batch and close the report."""
    progress("zapis do bazy (jedna transakcja)", 2, 3)
    institutions = batch.nodes.get(m.Institution, [])
    report.institutions = len(institutions)
    report.institution_ids = [i.id for i in institutions]
    report.write = write_batch(store, batch)
    report.seconds = time.perf_counter() - started
    progress("gotowe", 3, 3)
    return report
