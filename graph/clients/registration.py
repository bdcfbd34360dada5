"""Registering clients and recording or withdrawing the bases for sharing them."""

from __future__ import annotations

from typing import Any

from graph import model as m
from graph.clients import writes
from graph.clients.audit import Outcome
from graph.clients.errors import Conflict, Forbidden, NotVisible, RuleViolation
from graph.clients.models import (
    ClientView,
    ConsentInput,
    ConsentView,
    RegisterClientInput,
)
from graph.clients.pesel import PeselError, pesel_hash
from graph.clients.reads import ClientReads
from graph.enums import InstitutionType as IT
from graph.enums import (
    LegalBasis,
)
from graph.errors import ModelValidationError
from graph.model import new_id
from graph.schema import validate
from graph.writer import get_nodes

__all__ = ["Registration"]


class Registration(ClientReads):
    # ------------------------------------------------------------ clients
    def register_client(self, data: RegisterClientInput | dict[str, Any]) -> tuple[ClientView, bool]:
        """Register a client at the caller's institution; ``(view, duplicate)``.

        With a PESEL already registered among the clients the caller sees, the
        existing client is returned (``duplicate=True``) and nothing is written.
        """
        inst = self._require_scope("client.register", "client")
        inp = validate(RegisterClientInput, data)
        digest = None
        if inp.pesel:
            try:
                digest = pesel_hash(inp.pesel, self._key())
            except PeselError:
                self._log("client.register", Outcome.FAILED, "client")
                raise RuleViolation("Niepoprawny numer PESEL (11 cyfr z poprawną cyfrą kontrolną).") from None
            same = self.store.query("clients_by_pesel_hash", {"pesel_hash": digest, **self._scope()})
            if same:
                existing = ClientView.from_row(same[0])
                self._log("client.register", Outcome.ALLOWED, "client", existing.id, purpose="deduplication")
                return existing, True
        known = {g.id for g in get_nodes(self.store, m.TargetGroup, inp.target_groups)} if inp.target_groups else set()
        unknown = [g for g in inp.target_groups if g not in known]
        if unknown:
            raise ModelValidationError("Client", [("target_groups", "nieznana grupa docelowa")])
        client = m.Client(
            id=new_id("cl"),
            birth_year_band=inp.birth_year_band,
            sex=inp.sex,
            target_groups=inp.target_groups,
            pesel_hash=digest,
            registered_at=self._clock(),
            residence_gmina=inp.residence_gmina or self._default_residence(inst),
            benefit_rights=inp.benefit_rights,
        )
        # one small transaction (the batch writer's COPY path costs ~100 ms for a single row on LadybugDB)
        backend = self.store.backend
        self.store.write(lambda tx: writes.insert(tx, backend, [client], [m.RegisteredAt(src=client.id, dst=inst)]))
        self._log("client.register", Outcome.ALLOWED, "client", client.id)
        view = self.clients([client.id], audit_missing=False)[client.id]
        return view, False

    def _default_residence(self, inst: str) -> str | None:
        """An OPS/CUS serves the persons living or staying in its gmina (art. 101 ust. 1–2 ups): without a
        stated residence, a client it registers lives in its gmina.  Other institutions get no default."""
        own = self._inst(inst)
        if own.type not in (IT.OPS, IT.CUS):
            return None
        gminas = [t for t in own.serves if len(t) == 6] or ([own.gmina] if own.gmina else [])
        return gminas[0] if len(gminas) == 1 else None

    def record_consent(self, data: ConsentInput | dict[str, Any]) -> ConsentView:
        """Record a basis for sharing the client with another institution (home institution only)."""
        self._require_scope("consent.record", "client")
        inp = validate(ConsentInput, data)
        client = self._visible_client("consent.record", inp.client_id)
        if not client.is_home:
            self._refuse(
                Forbidden("Podstawę udostępnienia rejestruje instytucja, w której klient jest zarejestrowany."),
                "consent.record",
                "client",
                client.id,
                client.id,
            )
        if inp.institution_id == client.home_institution_id or self._institution_type(inp.institution_id) is None:
            raise ModelValidationError("Consent", [("institution_id", "nieznana instytucja albo instytucja klienta")])
        consent = m.Consent(
            id=new_id("cs"),
            basis=inp.basis,
            purpose=inp.purpose,
            scope=inp.scope,
            granted_at=self._clock(),
            valid_until=inp.valid_until,
        )
        self._write_guarded(
            "consent.record",
            client.id,
            [consent],
            [m.ConsentOf(src=consent.id, dst=client.id), m.ConsentFor(src=consent.id, dst=inp.institution_id)],
        )
        self._log("consent.record", Outcome.ALLOWED, "consent", consent.id, client.id)
        return self._consent(client.id, consent.id)

    def _consent(self, client_id: str, consent_id: str) -> ConsentView:
        for c in self.consents_of([client_id])[client_id]:
            if c.id == consent_id:
                return c
        raise NotVisible()

    def withdraw_consent(self, client_id: str, consent_id: str) -> ConsentView:
        """Withdraw a consent-based sharing (statutory bases cannot be withdrawn)."""
        self._require_scope("consent.withdraw", "consent", consent_id)
        client = self._visible_client("consent.withdraw", client_id)
        current = next((c for c in self.consents_of([client.id])[client.id] if c.id == consent_id), None)
        if current is None:
            self._refuse(NotVisible(), "consent.withdraw", "consent", consent_id, client.id)
        if not client.is_home:
            self._refuse(
                Forbidden("Zgodę wycofuje instytucja, w której klient jest zarejestrowany."),
                "consent.withdraw",
                "consent",
                consent_id,
                client.id,
            )
        if current.basis != LegalBasis.CONSENT.value:
            self._refuse(
                RuleViolation("Podstawy ustawowej nie można wycofać jak zgody."),
                "consent.withdraw",
                "consent",
                consent_id,
                client.id,
            )
        if current.withdrawn_at is not None:
            raise Conflict("Zgoda została już wycofana.")
        done = self.store.execute(
            "clients_consent_withdraw",
            {"consent_id": consent_id, "institution_id": self.institution_id, "now": self._clock()},
        )
        if not done:
            raise Conflict("Zgoda zmieniła się w międzyczasie.")
        self._log("consent.withdraw", Outcome.ALLOWED, "consent", consent_id, client.id)
        return self._consent(client.id, consent_id)
