"""Reads of client data, each through a scoped named query and audited per object."""

from __future__ import annotations

from collections.abc import Sequence

from graph.clients.audit import Outcome
from graph.clients.base import MAX_PAGE, ServiceBase, plausible_id
from graph.clients.errors import NotVisible, RuleViolation
from graph.clients.models import (
    ClientView,
    ConsentView,
    ParticipantView,
    PlanView,
    ReferralView,
)
from graph.clients.pesel import PeselError, pesel_hash
from graph.clients.rules import (
    Capacity,
    capacity_answer,
)
from graph.enums import (
    ReferralStatus,
)

__all__ = ["ClientReads"]

_ALL_STATUSES = [s.value for s in ReferralStatus]


class ClientReads(ServiceBase):
    # ------------------------------------------------------------ reads
    def clients(self, ids: Sequence[str], *, audit_missing: bool = True) -> dict[str, ClientView]:
        """Visible clients by id; the others are simply absent (and audited as denied)."""
        wanted = list(dict.fromkeys(ids))
        asked = [i for i in wanted if plausible_id(i)]
        rows = (
            self.store.query("clients_by_ids", {"ids": asked, **self._scope()}) if asked and self.institution_id else []
        )
        found = {r["id"]: ClientView.from_row(r) for r in rows}
        missing = [i for i in wanted if i not in found] if audit_missing else []
        self._log_reads("client", ((c, c) for c in found), missing)
        return found

    def list_clients(self, skip: int = 0, limit: int = 50) -> list[ClientView]:
        if self.institution_id is None:
            self._log("client.list", Outcome.DENIED)
            return []
        params = {"skip": max(0, skip), "limit": min(max(1, limit), MAX_PAGE), **self._scope()}
        found = [ClientView.from_row(r) for r in self.store.query("clients_list", params)]
        self._log_reads("client", ((c.id, c.id) for c in found))
        return found

    def find_by_pesel(self, pesel: str) -> list[ClientView]:
        """Visible clients with this PESEL (de-duplication); never reveals others' clients."""
        self._require_scope("client.find_pesel")
        try:
            digest = pesel_hash(pesel, self._key())
        except PeselError:
            self._log("client.find_pesel", Outcome.FAILED)
            raise RuleViolation("Niepoprawny numer PESEL.") from None
        rows = self.store.query("clients_by_pesel_hash", {"pesel_hash": digest, **self._scope()})
        found = [ClientView.from_row(r) for r in rows]
        if found:
            self._log_reads("client", ((c.id, c.id) for c in found))
        else:
            self._log("client.find_pesel", Outcome.ALLOWED)
        return found

    def referrals(self, ids: Sequence[str], *, audit_missing: bool = True) -> dict[str, ReferralView]:
        wanted = list(dict.fromkeys(ids))
        asked = [i for i in wanted if plausible_id(i)]
        rows = (
            self.store.query("clients_referrals_by_ids", {"ids": asked, **self._scope()})
            if asked and self.institution_id
            else []
        )
        found = {r["id"]: ReferralView.from_row(r) for r in rows}
        missing = [i for i in wanted if i not in found] if audit_missing else []
        self._log_reads("referral", ((r.id, r.client_id) for r in found.values()), missing)
        return found

    def referrals_of(self, client_ids: Sequence[str]) -> dict[str, list[ReferralView]]:
        out: dict[str, list[ReferralView]] = {c: [] for c in client_ids}
        if not client_ids or self.institution_id is None:
            return out
        rows = self.store.query("clients_referrals_of_clients", {"client_ids": list(out), **self._scope()})
        for r in rows:
            out[r["client_id"]].append(ReferralView.from_row(r))
        self._log_reads("referral", ((r["id"], r["client_id"]) for r in rows))
        return out

    def inbox(
        self, direction: str, statuses: Sequence[ReferralStatus] = (), skip: int = 0, limit: int = 50
    ) -> list[ReferralView]:
        """Referrals received by (``incoming``) or sent from (``outgoing``) the caller's institution."""
        if self.institution_id is None:
            self._log("referral.inbox", Outcome.DENIED)
            return []
        name = "clients_inbox_incoming" if direction == "incoming" else "clients_inbox_outgoing"
        params = {
            "statuses": [s.value for s in statuses] or _ALL_STATUSES,
            "skip": max(0, skip),
            "limit": min(max(1, limit), MAX_PAGE),
            **self._scope(),
        }
        found = [ReferralView.from_row(r) for r in self.store.query(name, params)]
        self._log_reads("referral", ((r.id, r.client_id) for r in found))
        return found

    def plans(self, ids: Sequence[str], *, audit_missing: bool = True) -> dict[str, PlanView]:
        wanted = list(dict.fromkeys(ids))
        asked = [i for i in wanted if plausible_id(i)]
        rows = (
            self.store.query("clients_plans_by_ids", {"ids": asked, **self._scope()})
            if asked and self.institution_id
            else []
        )
        found = {r["id"]: PlanView.from_row(r) for r in rows}
        missing = [i for i in wanted if i not in found] if audit_missing else []
        self._log_reads("plan", ((p.id, p.client_id) for p in found.values()), missing)
        return found

    def plans_of(self, client_ids: Sequence[str]) -> dict[str, list[PlanView]]:
        out: dict[str, list[PlanView]] = {c: [] for c in client_ids}
        if not client_ids or self.institution_id is None:
            return out
        rows = self.store.query("clients_plans_of_clients", {"client_ids": list(out), **self._scope()})
        for r in rows:
            out[r["client_id"]].append(PlanView.from_row(r))
        self._log_reads("plan", ((r["id"], r["client_id"]) for r in rows))
        return out

    def participants_of(self, plan_ids: Sequence[str]) -> dict[str, list[ParticipantView]]:
        out: dict[str, list[ParticipantView]] = {p: [] for p in plan_ids}
        if not plan_ids or self.institution_id is None:
            return out
        for r in self.store.query("clients_plan_participants", {"plan_ids": list(out), **self._scope()}):
            out[r["plan_id"]].append(ParticipantView(r["plan_id"], r["institution_id"], r["role"]))
        return out

    def consents_of(self, client_ids: Sequence[str]) -> dict[str, list[ConsentView]]:
        out: dict[str, list[ConsentView]] = {c: [] for c in client_ids}
        if not client_ids or self.institution_id is None:
            return out
        rows = self.store.query("clients_consents_of_clients", {"client_ids": list(out), **self._scope()})
        for r in rows:
            out[r["client_id"]].append(ConsentView.from_row(r))
        self._log_reads("consent", ((r["id"], r["client_id"]) for r in rows))
        return out

    def capacity(self, service_id: str) -> Capacity | None:
        """The capacity answer for a service (directory data; ``None`` for an unknown service)."""
        rows = (
            self.store.query("clients_service_for_referral", {"service_id": service_id})
            if plausible_id(service_id)
            else []
        )
        return capacity_answer(rows[0]["status"], rows[0]["free_places"]) if rows else None

    def _visible_client(self, action: str, client_id: str) -> ClientView:
        found = self.clients([client_id], audit_missing=False).get(client_id) if plausible_id(client_id) else None
        if found is None:
            self._log(action, Outcome.DENIED, "client", client_id)
            raise NotVisible()
        return found

    def _visible_referral(self, action: str, referral_id: str) -> ReferralView:
        found = (
            self.referrals([referral_id], audit_missing=False).get(referral_id) if plausible_id(referral_id) else None
        )
        if found is None:
            self._log(action, Outcome.DENIED, "referral", referral_id)
            raise NotVisible()
        return found

    def _visible_plan(self, action: str, plan_id: str) -> PlanView:
        found = self.plans([plan_id], audit_missing=False).get(plan_id) if plausible_id(plan_id) else None
        if found is None:
            self._log(action, Outcome.DENIED, "plan", plan_id)
            raise NotVisible()
        return found
