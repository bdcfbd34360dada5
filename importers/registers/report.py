"""The report of one register import: counts, match decisions and warnings.

Every importer in :mod:`importers.registers` returns an :class:`ImportReport`.
It prints in Polish (:meth:`ImportReport.lines`) and is written to a file as
JSON or CSV (:meth:`ImportReport.write`).  It holds only institution names,
territorial names and codes and field names – never contact data (some e-mail
addresses in the registers name employees).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.cells import neutralise
from graph.writer import Counts, WriteReport
from importers.parsers.errors import ImportIssue, format_location
from importers.parsers.gmina_match import MatchResult

__all__ = ["CATEGORIES", "MatchDecision", "ImportReport", "category_of"]

#: Match categories shown in reports, from best to worst.
CATEGORIES = ("exact", "prefix", "name", "fuzzy", "unresolved")
CATEGORY_LABELS = {
    "exact": "dokładnie (kod TERYT)",
    "prefix": "po 6 cyfrach kodu / kodzie powiatu",
    "name": "po nazwie",
    "fuzzy": "po nazwie w przybliżeniu",
    "unresolved": "nierozstrzygnięte",
}
_TARGET_LABELS = {"gmina": "gmina", "powiat": "powiat"}


def category_of(method: str) -> str:
    """Collapse matcher methods to the report categories ("name+powiat" is a name match)."""
    return "name" if method.startswith("name") else method


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """How one institution's territorial unit was found (or not)."""

    row: int | None  # row of the source (header = 1) or None for files without rows
    file: str
    institution: str  # institution name (public register data)
    target: str  # "gmina" | "powiat"
    field: str  # source field(s) used, e.g. "teryt_gminy + gmina"
    value: str  # the raw code/name that was matched
    method: str  # matcher method: exact | prefix | name | name+powiat | fuzzy | unresolved
    teryt: str | None  # resolved TERYT key (6 digits gmina, 4 digits powiat)
    note: str
    code: str | None = None  # the TERYT code the source gave, if any

    @property
    def category(self) -> str:
        return category_of(self.method)

    @property
    def repaired(self) -> bool:
        """A code was given but the unit was found another way (wrong RODZ, wrong gmina)."""
        return bool(self.code) and self.teryt is not None and self.method != "exact"

    def line(self) -> str:
        where = format_location(self.file, self.row, None)
        result = self.teryt or "–"
        label = CATEGORY_LABELS[self.category]
        note = f" – {self.note}" if self.note else ""
        return f"{where}: {self.institution} [{_TARGET_LABELS.get(self.target, self.target)}] '{self.value}' → {result} ({label}){note}"


@dataclass
class ImportReport:
    """What one run of a register importer read, wrote and decided."""

    kind: str  # CLI kind, e.g. "ops-malopolska"
    title: str  # Polish title
    source: str  # file or directory name
    rows_read: int = 0
    institutions: int = 0  # institutions built from the rows (several rows may be one home)
    institution_ids: list[str] = field(default_factory=list)
    write: WriteReport = field(default_factory=WriteReport)
    decisions: list[MatchDecision] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    rejected: list[ImportIssue] = field(default_factory=list)
    seconds: float = 0.0
    as_of: str | None = None  # date of the source ("stan na"), ISO
    removed_seats: int = 0  # stale LOCATED_IN edges replaced by a new seat

    # ------------------------------------------------------------ building

    def decide(
        self,
        result: MatchResult,
        *,
        row: int | None,
        file: str,
        institution: str,
        target: str,
        field: str,
        value: str,
        code: str | None = None,
        teryt: str | None = None,
    ) -> MatchDecision:
        """Record a matcher result (``teryt`` overrides the result's key, e.g. for powiats)."""
        key = teryt if teryt is not None else (result.key if target == "gmina" else result.powiat_code)
        decision = MatchDecision(row, file, institution, target, field, value, result.method, key, result.note, code)
        self.decisions.append(decision)
        return decision

    def warn(self, file: str, row: int | None, field: str | None, message: str) -> None:
        self.warnings.append(ImportIssue(file, row, field, message))

    # ------------------------------------------------------------ figures

    @property
    def institution_counts(self) -> Counts:
        return self.write.per_table.get("Institution", Counts())

    @property
    def created(self) -> int:
        return self.institution_counts.created

    @property
    def updated(self) -> int:
        return self.institution_counts.updated

    @property
    def unchanged(self) -> int:
        return self.institution_counts.unchanged

    def method_counts(self, target: str | None = None) -> dict[str, int]:
        counts = Counter(d.category for d in self.decisions if target is None or d.target == target)
        return {c: counts.get(c, 0) for c in CATEGORIES}

    @property
    def repaired(self) -> list[MatchDecision]:
        """Gmina codes of the source that were wrong and were repaired."""
        return [d for d in self.decisions if d.repaired and d.target == "gmina"]

    @property
    def unresolved(self) -> list[MatchDecision]:
        return [d for d in self.decisions if d.teryt is None]

    def non_exact(self) -> list[MatchDecision]:
        """Decisions that are not a clean exact match, worst first."""
        order = {c: i for i, c in enumerate(reversed(CATEGORIES))}
        chosen = [d for d in self.decisions if d.category != "exact" or d.note]
        return sorted(chosen, key=lambda d: (order[d.category], 0 if d.note else 1, d.row or 0))

    # ------------------------------------------------------------ output

    def lines(self, limit: int = 20) -> list[str]:
        """The report in Polish; ``limit`` bounds each listing (0 = everything)."""
        out = [f"{self.title}: plik {self.source}" + (f", stan na {self.as_of}" if self.as_of else "")]
        c = self.institution_counts
        out.append(
            f"Wczytane wiersze: {self.rows_read}; instytucje: {self.institutions} "
            f"(nowe {c.created}, zmienione {c.updated}, bez zmian {c.unchanged}); odrzucone: {len(self.rejected)}."
        )
        if self.removed_seats:
            out.append(f"Zmieniona siedziba: usunięto {self.removed_seats} nieaktualnych powiązań LOCATED_IN.")
        for target in ("gmina", "powiat"):
            counts = self.method_counts(target)
            if sum(counts.values()):
                parts = ", ".join(f"{CATEGORY_LABELS[k]} {v}" for k, v in counts.items() if v)
                out.append(f"Dopasowanie jednostek ({target}): {parts}.")
        coded = [d for d in self.decisions if d.code and d.target == "gmina"]
        if coded:
            out.append(
                f"Kody TERYT ze źródła: {len(coded)}; poprawne {sum(1 for d in coded if d.method == 'exact')}, "
                f"naprawione {sum(1 for d in coded if d.repaired)}, nierozstrzygnięte {sum(1 for d in coded if d.teryt is None)}."
            )

        def listing(title: str, items: list[str]) -> None:
            if not items:
                return
            out.append(f"{title}: {len(items)}")
            shown = items if limit <= 0 else items[:limit]
            out.extend("  " + i for i in shown)
            if 0 < limit < len(items):
                out.append(f"  … i {len(items) - limit} więcej (wszystkie w pliku raportu: --report PLIK)")

        listing(
            "Decyzje dopasowania do sprawdzenia (inne niż dokładne lub z uwagą)", [d.line() for d in self.non_exact()]
        )
        listing("Ostrzeżenia", [str(w) for w in self.warnings])
        listing("Odrzucone", [str(r) for r in self.rejected])
        return out

    def to_dict(self) -> dict[str, Any]:
        c = self.institution_counts
        return {
            "kind": self.kind,
            "title": self.title,
            "source": self.source,
            "as_of": self.as_of,
            "rows_read": self.rows_read,
            "institutions": self.institutions,
            "created": c.created,
            "updated": c.updated,
            "unchanged": c.unchanged,
            "rejected": len(self.rejected),
            "removed_seats": self.removed_seats,
            "seconds": round(self.seconds, 3),
            "tables": {
                name: {"created": t.created, "updated": t.updated, "unchanged": t.unchanged}
                for name, t in sorted(self.write.per_table.items())
            },
            "match_methods": {t: self.method_counts(t) for t in ("gmina", "powiat")},
            "codes_repaired": len(self.repaired),
            "unresolved": len(self.unresolved),
            "decisions": [
                {
                    "row": d.row,
                    "file": d.file,
                    "institution": d.institution,
                    "target": d.target,
                    "field": d.field,
                    "value": d.value,
                    "code": d.code,
                    "method": d.method,
                    "category": d.category,
                    "teryt": d.teryt,
                    "note": d.note,
                }
                for d in self.decisions
            ],
            "warnings": [_issue(w) for w in self.warnings],
            "rejected_rows": [_issue(r) for r in self.rejected],
        }

    def to_csv(self) -> str:
        """One CSV: summary figures, then decisions, warnings and rejected rows (column ``rodzaj``)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            ["rodzaj", "plik", "wiersz", "instytucja", "jednostka", "pole", "wartość", "metoda", "teryt", "opis"]
        )
        data = self.to_dict()
        for key in (
            "rows_read",
            "institutions",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "codes_repaired",
            "unresolved",
        ):
            w.writerow(["podsumowanie", self.source, "", "", "", key, data[key], "", "", ""])
        for name, t in data["tables"].items():
            for k, v in t.items():
                w.writerow(["tabela", self.source, "", "", "", f"{name}.{k}", v, "", "", ""])
        for d in self.decisions:
            w.writerow(
                [
                    neutralise(v)
                    for v in (
                        "dopasowanie",
                        d.file,
                        d.row or "",
                        d.institution,
                        d.target,
                        d.field,
                        d.value,
                        d.method,
                        d.teryt or "",
                        d.note,
                    )
                ]
            )
        for kind, issues in (("ostrzeżenie", self.warnings), ("odrzucenie", self.rejected)):
            for i in issues:
                w.writerow([kind, i.file, i.row or "", "", "", i.field or "", "", "", "", i.message])
        return buf.getvalue()

    def write_file(self, path: str | Path) -> Path:
        """Write the report as JSON (``.json``) or CSV (anything else), UTF-8."""
        p = Path(path)
        if p.suffix.lower() == ".json":
            p.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            p.write_text(self.to_csv(), encoding="utf-8-sig")  # BOM: Excel opens it as UTF-8
        return p


def _issue(i: ImportIssue) -> dict[str, Any]:
    return {"file": i.file, "row": i.row, "field": i.field, "message": i.message, "severity": i.severity}
