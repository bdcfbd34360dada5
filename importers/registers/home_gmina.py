"""The gmina of a home in a register: decisions file, SIMC localities, TERC 2025.

See :mod:`importers.registers.simc` for the order of evidence.  Decisions a
person takes for ambiguous homes live in a CSV file (``;``-separated, columns
``rejestr;klucz;instytucja;gmina;kandydaci``) that the next edition reuses:
the importer appends every home it could not resolve with an empty ``gmina``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from graph.cells import neutralise
from importers.parsers.errors import ImportValidationError
from importers.parsers.register_table import Home
from importers.registers.gazetteer import Gazetteer
from importers.registers.simc import Locality, SimcIndex

__all__ = ["Decisions", "GminaFinding", "resolve_home_gmina", "resolve_powiat"]

_DECISION_COLUMNS = ("rejestr", "klucz", "instytucja", "gmina", "kandydaci")
_POWIAT_NOISE = re.compile(
    r"^(?:gmina\s*-\s*miasto|miasto na prawach powiatu|m\.\s*st\.|m\.|miasto|powiat)\s+", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class GminaFinding:
    key: str | None  # 6-digit TERC 2025 gmina key
    how: str  # "decyzja" | "miejscowość" | "nazwa (w …)" | "poczta" | "kolumna gmina" | "miasto na prawach powiatu" | "niejednoznaczne" | "brak"
    value: str  # the text that decided (a locality, a gmina name)
    candidates: tuple[str, ...] = ()
    powiat: str | None = None


class Decisions:
    """Gminas chosen by a person for homes the importer could not resolve."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.rows: dict[tuple[str, str], dict[str, str]] = {}
        if path is not None and path.exists():
            if path.is_dir():
                raise ImportValidationError(path.name, None, None, "Podano katalog, a nie plik decyzji (.csv).")
            text = path.read_text(encoding="utf-8-sig")
            reader = csv.DictReader(io.StringIO(text), delimiter=";")
            if not set(_DECISION_COLUMNS) <= set(reader.fieldnames or []):
                raise ImportValidationError(
                    path.name, 1, None, f"Plik decyzji musi mieć kolumny: {';'.join(_DECISION_COLUMNS)}."
                )
            for n, row in enumerate(reader, 2):
                gmina = (row.get("gmina") or "").strip()
                if gmina and not re.fullmatch(r"\d{6,7}", gmina):
                    raise ImportValidationError(path.name, n, "gmina", "Kod gminy to 6 albo 7 cyfr TERYT.")
                self.rows[(row["rejestr"], row["klucz"])] = dict(row)

    def gmina(self, register: str, key: str) -> str | None:
        row = self.rows.get((register, key))
        code = (row or {}).get("gmina", "").strip()
        return code[:6] or None

    def ask(self, register: str, key: str, name: str, candidates: tuple[str, ...]) -> None:
        """Record a home for a person to decide (kept if already listed)."""
        self.rows.setdefault(
            (register, key),
            {"rejestr": register, "klucz": key, "instytucja": name, "gmina": "", "kandydaci": " ".join(candidates)},
        )

    def save(self) -> None:
        if self.path is None:
            return
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=_DECISION_COLUMNS, delimiter=";", extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for k in sorted(self.rows):
            writer.writerow({c: neutralise(v) for c, v in self.rows[k].items()})
        self.path.write_text(out.getvalue(), encoding="utf-8")


def resolve_powiat(gaz: Gazetteer, text: str | None, woj: str) -> str | None:
    """A powiat code from "bocheński", "m. Kraków", "gmina - miasto Rzeszów", "BYDGOSZCZ"."""
    if not text:
        return None
    for candidate in (text, _POWIAT_NOISE.sub("", text.strip())):
        res = gaz.resolve_powiat(candidate.strip().title() if candidate.isupper() else candidate.strip(), woj)
        if res.powiat_code:
            return res.powiat_code
    return None


def _to_terc(gaz: Gazetteer, locs: list[Locality]) -> set[str]:
    keys: set[str] = set()
    for loc in locs:
        if loc.gmina in gaz.gminas:
            keys.add(loc.gmina)
        elif int(loc.gmina[2:4]) >= 61 and (city := gaz.powiat_gmina(loc.gmina[:4])):
            keys.add(city)  # a delegatura/dzielnica of a city with powiat rights
    return keys


def resolve_home_gmina(
    home: Home, *, register: str, woj: str, gaz: Gazetteer, simc: SimcIndex, decisions: Decisions
) -> GminaFinding:
    powiat = resolve_powiat(gaz, home.powiat, woj)
    decided = decisions.gmina(register, home.key)
    if decided and decided in gaz.gminas:
        return GminaFinding(decided, "decyzja", decided, powiat=decided[:4])
    evidence: list[tuple[str, str, list[Locality] | set[str]]] = []
    # a gmina the register names is a statement, not a guess: first (SIMC only narrows a town/rural pair)
    if home.gmina:
        res = gaz.resolve_gmina(name=home.gmina, woj=woj, powiat=gaz.powiats.get(powiat or ""))
        keys = {res.key} if res.key else set(res.candidates)
        evidence.append(("kolumna gmina", home.gmina, keys))
    if home.place:
        evidence.append(("miejscowość", home.place, simc.exact(home.place, powiat=powiat, woj=woj)))
    if home.name_locality:
        evidence.append(("nazwa (w …)", home.name_locality, simc.locative(home.name_locality, powiat=powiat, woj=woj)))
    if home.post_town:
        locs = simc.exact(home.post_town, powiat=powiat, woj=woj)
        towns = [loc for loc in locs if loc.town]
        evidence.append(("poczta", home.post_town, towns or locs))
    if powiat and int(powiat[2:4]) >= 61 and (city := gaz.powiat_gmina(powiat)):
        evidence.append(("miasto na prawach powiatu", gaz.powiats.get(powiat, powiat), {city}))
    ambiguous: tuple[str, ...] = ()
    narrowed: set[str] | None = None
    for how, value, found in evidence:
        keys = found if isinstance(found, set) else _to_terc(gaz, found)
        if len(keys) > 1 and not isinstance(found, set):
            # several villages of one name: the one that is its gmina's seat (named like the gmina)
            seats = {
                k
                for k in keys
                if any(gaz.gminas[k].name.casefold() == loc.name.casefold() and loc.gmina[:6] == k for loc in found)
            }
            keys = seats if len(seats) == 1 else keys
        if narrowed is not None and keys & narrowed:
            keys = keys & narrowed
        if len(keys) == 1:
            key = next(iter(keys))
            return GminaFinding(key, how, value, powiat=powiat or key[:4])
        if len(keys) > 1 and narrowed is None:
            narrowed = keys
            ambiguous = tuple(sorted(keys))
    if ambiguous:
        decisions.ask(register, home.key, home.name, ambiguous)
        return GminaFinding(
            None, "niejednoznaczne", home.name_locality or home.place or home.post_town or "", ambiguous, powiat
        )
    decisions.ask(register, home.key, home.name, ())
    return GminaFinding(None, "brak", home.name_locality or home.place or home.post_town or "", (), powiat)
