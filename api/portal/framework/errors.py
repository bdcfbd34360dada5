"""Errors a portal page shows as a Polish HTML page (never a traceback)."""

from __future__ import annotations

__all__ = ["PortalError", "LoginRequired", "MESSAGES"]

#: Title and hint of each status the portal answers with.
MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Niepoprawne zapytanie", "Sprawdź adres albo wartości w formularzu."),
    401: ("Wymagane zalogowanie", "Zaloguj się, aby zobaczyć tę stronę."),
    403: ("Brak dostępu", "Twoje konto nie ma uprawnień do tej strony."),
    404: ("Nie znaleziono", "Strona nie istnieje albo nie masz do niej dostępu."),
    405: ("Niedozwolona metoda", "Tej strony nie można otworzyć w ten sposób."),
    413: ("Za duże zapytanie", "Formularz jest za duży."),
    422: ("Niepoprawne dane", "Sprawdź wartości w formularzu."),
    500: ("Błąd serwera", "Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę."),
    503: ("Usługa chwilowo niedostępna", "Baza danych nie odpowiada. Spróbuj ponownie za chwilę."),
}


class PortalError(Exception):
    """Rendered as ``templates/error.html`` with the status, a title and a hint."""

    def __init__(self, status: int, title: str | None = None, hint: str | None = None):
        default_title, default_hint = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
        super().__init__(title or default_title)
        self.status = status
        self.title = title or default_title
        self.hint = hint or default_hint


class LoginRequired(Exception):
    """The page needs a logged-in user (or the session expired): go to the login page."""

    def __init__(self, expired: bool = False):
        super().__init__("login required")
        self.expired = expired
