"""Problems found in a Kooperacja spreadsheet, located by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["SheetIssue", "Severity"]

#: ``error`` – the row is wrong; ``skipped`` – the row is fine but depends on a wrong
#: row (only with --skip-invalid); ``warning`` – imported, but worth a look.
Severity = Literal["error", "skipped", "warning"]
_LABELS = {"error": "błąd", "skipped": "pominięto", "warning": "uwaga"}


@dataclass(frozen=True, slots=True)
class SheetIssue:
    sheet: str  # the sheet as the user sees it ("usługi"; for CSV: "uslugi.csv")
    row: int | None  # spreadsheet row (header = 1); None for the whole sheet/file
    column: str | None  # column header as printed in the template
    message: str  # Polish; never quotes e-mails or phone numbers
    severity: Severity = "error"

    def location(self) -> str:
        parts = [f"arkusz '{self.sheet}'"]
        if self.row is not None:
            parts.append(f"wiersz {self.row}")
        if self.column:
            parts.append(f"kolumna '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {_LABELS[self.severity]}: {self.message}"
