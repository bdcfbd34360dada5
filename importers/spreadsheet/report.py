"""The report of a spreadsheet import: rows read and written per sheet, every problem."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.writer import Counts, WriteReport
from importers.spreadsheet.issues import SheetIssue

__all__ = ["SpreadsheetReport"]


@dataclass
class SpreadsheetReport:
    source: str
    skip_invalid: bool
    rows_read: dict[str, int] = field(default_factory=dict)  # sheet title → data rows
    rows_loaded: dict[str, int] = field(default_factory=dict)
    issues: list[SheetIssue] = field(default_factory=list)
    write: WriteReport = field(default_factory=WriteReport)
    written: bool = False
    seconds: float = 0.0
    removed_seats: int = 0  # stale LOCATED_IN edges replaced by a new seat

    @property
    def errors(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def skipped(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity == "skipped"]

    @property
    def warnings(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def total_read(self) -> int:
        return sum(self.rows_read.values())

    @property
    def rejected(self) -> int:
        """Data rows not written (rows with errors and rows skipped because of them)."""
        return self.total_read - sum(self.rows_loaded.values())

    @property
    def totals(self) -> Counts:
        return self.write.totals

    def lines(self, limit: int = 0) -> list[str]:
        out = [f"Arkusz Kooperacja: {self.source}"]
        for title, n in self.rows_read.items():
            out.append(f"  {title}: wierszy {n}, zapisanych {self.rows_loaded.get(title, 0)}")
        kinds = Counter(i.severity for i in self.issues)
        if self.errors and not self.written:
            out.append(
                f"Znaleziono błędy: {kinds['error']}. Nic nie zostało zapisane (popraw plik albo użyj --skip-invalid)."
            )
        elif self.errors:
            out.append(f"Pominięto wiersze z błędami: błędów {kinds['error']}, wierszy zależnych {kinds['skipped']}.")
        if self.removed_seats:
            out.append(f"Zmieniona siedziba: usunięto {self.removed_seats} nieaktualnych powiązań LOCATED_IN.")
        chosen = sorted(
            self.issues, key=lambda i: ({"error": 0, "skipped": 1, "warning": 2}[i.severity], i.sheet, i.row or 0)
        )
        shown = chosen if limit <= 0 else chosen[:limit]
        out.extend("  " + str(i) for i in shown)
        if 0 < limit < len(chosen):
            out.append(f"  … i {len(chosen) - limit} więcej (wszystkie: --limit 0 albo --report PLIK)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "skip_invalid": self.skip_invalid,
            "written": self.written,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rejected": self.rejected,
            "removed_seats": self.removed_seats,
            "seconds": round(self.seconds, 3),
            "tables": {
                k: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
                for k, c in sorted(self.write.per_table.items())
            },
            "issues": [
                {"sheet": i.sheet, "row": i.row, "column": i.column, "severity": i.severity, "message": i.message}
                for i in self.issues
            ],
        }

    def write_file(self, path: str | Path) -> Path:
        """The report as JSON (``.json``) or CSV (one issue per line)."""
        p = Path(path)
        if p.suffix.lower() == ".json":
            p.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
            return p
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["arkusz", "wiersz", "kolumna", "rodzaj", "opis"])
        labels = {"error": "błąd", "skipped": "pominięto", "warning": "uwaga"}
        for i in self.issues:
            w.writerow([i.sheet, i.row or "", i.column or "", labels[i.severity], i.message])
        p.write_text(buf.getvalue(), encoding="utf-8-sig")
        return p
