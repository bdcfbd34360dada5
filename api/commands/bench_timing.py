"""``kooperacja bench timing``: does response time tell what a caller may not know?

Two side channels, measured (never asserted in tests – timings on a shared
machine are noise, so the figures belong here):

* a caseworker asks for a client by id: a client of another institution and an
  id that exists nowhere must answer alike (the tests check the bytes are
  identical; this bench checks the time is too);
* a login with an unknown user name must cost the same argon2 work as one with
  a wrong password (the tests check the dummy hash has the real parameters).

The API runs in this process over the configured store, with a temporary
state directory (its users and audit log are thrown away afterwards).
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from graph.config import Settings
from graph.errors import KooperacjaError
from graph.store import open_store
from graph.store.protocol import Store

console = Console()

#: joined into ``kooperacja bench`` by :mod:`api.commands.bench`
app = typer.Typer()

CLIENT = "query($id: ID!) { client(id: $id) { id targetGroups } }"
MISSING_ID = "client-00000000000000000000000000000000"
#: a difference of medians below this share is reported as indistinguishable
TOLERANCE = 0.10


@dataclasses.dataclass
class Pair:
    name: str
    left: str
    right: str
    left_s: list[float]
    right_s: list[float]

    @property
    def medians(self) -> tuple[float, float]:
        return statistics.median(self.left_s), statistics.median(self.right_s)

    @property
    def difference(self) -> float:
        a, b = self.medians
        return abs(a - b) / b if b else 0.0


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _interleaved(name: str, left: tuple[str, Callable[[], Any]], right: tuple[str, Callable[[], Any]], n: int) -> Pair:
    # Alternating the two calls spreads the machine's drift evenly over both.
    pair = Pair(name, left[0], right[0], [], [])
    for _ in range(n):
        pair.left_s.append(_timed(left[1]))
        pair.right_s.append(_timed(right[1]))
    return pair


@contextmanager
def _temporary_state() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("KOOPERACJA_STATE_DIR", "KOOPERACJA_JWT_SECRET")}
    with tempfile.TemporaryDirectory(prefix="kooperacja-bench-state-") as folder:
        os.environ["KOOPERACJA_STATE_DIR"] = folder
        os.environ["KOOPERACJA_JWT_SECRET"] = secrets.token_urlsafe(48)
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _client_pair(store: Store, cfg: Settings, requests: int) -> Pair:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.security import Role

    registrations = store.query("gaps_registrations", {"prefix": ""})
    homes: dict[str, list[str]] = {}
    for r in registrations:
        homes.setdefault(r["institution"], []).append(r["client"])
    if len(homes) < 2:
        raise KooperacjaError("graf nie zawiera klientów co najmniej dwóch instytucji – załaduj dane (kooperacja demo)")
    mine, other = sorted(homes)[:2]
    foreign = homes[other][0]
    app = create_app(dataclasses.replace(cfg, env="test"), store=store)
    with TestClient(app) as client:
        auth = app.state.auth
        user = auth.users.add(
            "bench-timing", "haslo-pomiaru-" + secrets.token_hex(4), Role.CASEWORKER, institution_id=mine
        )
        headers = {"Authorization": f"Bearer {auth.issue(user).access_token}"}

        def ask(oid: str) -> Callable[[], Any]:
            return lambda: client.post("/graphql", json={"query": CLIENT, "variables": {"id": oid}}, headers=headers)

        for _ in range(20):  # warm-up: caches, the query plans
            ask(foreign)()
            ask(MISSING_ID)()
        return _interleaved(
            f"klient innej instytucji / nieistniejący ({mine})",
            ("cudzy", ask(foreign)),
            ("nieistniejący", ask(MISSING_ID)),
            requests,
        )


def _login_pair(logins: int) -> Pair:
    from api.auth.passwords import warm_up
    from api.auth.users import UserStore
    from api.security import Role

    with tempfile.TemporaryDirectory(prefix="kooperacja-bench-users-") as folder:
        users = UserStore(Path(folder) / "users.sqlite3")
        users.add("anna", "dlugie-haslo-123", Role.CASEWORKER, institution_id="bench")
        warm_up()
        pair = _interleaved(
            "logowanie: złe hasło / nieznany użytkownik",
            ("złe hasło", lambda: users.authenticate("anna", "zle-haslo-0000")),
            ("nieznany", lambda: users.authenticate("nikt-taki", "zle-haslo-0000")),
            logins,
        )
        users.close()
        return pair


@app.command("timing")
def bench_timing(
    ctx: typer.Context,
    requests: Annotated[int, typer.Option(min=10, max=10_000, help="Par zapytań o klienta")] = 200,
    logins: Annotated[int, typer.Option(min=3, max=1_000, help="Par logowań (argon2, ok. 0,1 s każde)")] = 15,
) -> None:
    """Czy czas odpowiedzi zdradza, że klient lub użytkownik istnieje (mediany, różnica w %)."""
    cfg: Settings = ctx.obj
    try:
        with _temporary_state(), open_store(cfg) as store:
            pairs = [_client_pair(store, cfg, requests), _login_pair(logins)]
    except KooperacjaError as exc:
        console.print(f"[red]Błąd:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"Kanały czasowe ({store.backend}): mediany czasu odpowiedzi")
    for p in pairs:
        a, b = p.medians
        verdict = "nierozróżnialne" if p.difference < TOLERANCE else "[yellow]różnica widoczna[/yellow]"
        console.print(
            f"{p.name}: {p.left} {a * 1000:.2f} ms, {p.right} {b * 1000:.2f} ms, "
            f"różnica {p.difference:.1%} – {verdict}",
            soft_wrap=True,
        )
    console.print(f"Próg: {TOLERANCE:.0%} różnicy median. Na współdzielonej maszynie powtórz pomiar przed wnioskami.")
