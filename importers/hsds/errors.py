"""Problems found in HSDS input, located by file, row or JSON path, and field.

Messages are Polish (they are read by the people who prepared the data) and
never carry a value that could be personal data: contact names, e-mails and
phone numbers are named by their field, not quoted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph.errors import KooperacjaError
from graph.plural import count

__all__ = ["Issue", "HsdsInputError", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: ``where`` is ``plik.csv, wiersz 3`` or ``plik.json, obiekt $.services[0]``."""

    where: str
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        place = f"{self.where}, pole '{self.field}'" if self.field else self.where
        return f"{place}: {self.message}"


class HsdsInputError(KooperacjaError):
    """The input cannot be imported; nothing was written.  ``issues`` lists every error found."""

    MAX_SHOWN = 20

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        shown = "\n".join(f"  - {i}" for i in issues[: self.MAX_SHOWN])
        more = len(issues) - self.MAX_SHOWN
        tail = f"\n  … i {count(more, 'kolejny błąd', 'kolejne błędy', 'kolejnych błędów')}" if more > 0 else ""
        super().__init__(f"Dane HSDS zawierają błędy ({len(issues)}); nic nie zapisano:\n{shown}{tail}")
