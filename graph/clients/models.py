"""What the clients domain returns (views, built only from scoped query rows) and accepts.

Views carry exactly the fields the scoped queries return for the caller: a
partner's view of a client has ``target_groups``/``birth_year_band`` set to
``None`` unless its basis covers them.  There is no "whole node" view.
Inputs forbid unknown fields, so an ``institutionId`` smuggled into an input
is refused rather than ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.clients.rules import CONSENT_SCOPES
from graph.clients.statute import BENEFIT_RIGHTS, CIS_APPLICANTS
from graph.enums import LegalBasis, PlanType, ReferralStep, Sex

__all__ = [
    "ClientView",
    "ReferralView",
    "PlanView",
    "ConsentView",
    "ParticipantView",
    "RegisterClientInput",
    "ConsentInput",
    "ReferralInput",
    "ParticipantInput",
    "PlanInput",
]


@dataclass(frozen=True)
class ClientView:
    id: str
    home_institution_id: str
    is_home: bool
    target_groups: list[str] | None
    birth_year_band: str | None
    sex: str | None
    registered_at: dt.datetime | None
    residence_gmina: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ClientView:
        return cls(
            id=row["id"],
            home_institution_id=row["home_institution_id"],
            is_home=bool(row["is_home"]),
            target_groups=None if row["target_groups"] is None else list(row["target_groups"]),
            birth_year_band=row["birth_year_band"],
            sex=row["sex"],
            registered_at=row["registered_at"],
            residence_gmina=row.get("residence_gmina"),
        )


@dataclass(frozen=True)
class ReferralView:
    id: str
    status: str
    step: str | None
    basis: str | None
    created_at: dt.datetime
    updated_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str | None
    client_id: str
    sender_id: str
    receiver_id: str
    service_id: str | None
    is_sender: bool
    is_receiver: bool
    applicant: str | None = None
    opinion_by: str | None = None
    notified_id: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ReferralView:
        data: dict[str, Any] = {k: row.get(k) for k in cls.__dataclass_fields__}
        return cls(**data)


@dataclass(frozen=True)
class PlanView:
    id: str
    type: str
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    goals: list[str]
    client_id: str
    responsible_id: str
    is_responsible: bool
    applied_on: dt.date | None = None
    coordination_months: int | None = None
    approved_by: str | None = None
    extension_months: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PlanView:
        data: dict[str, Any] = {k: row.get(k) for k in cls.__dataclass_fields__}
        data["goals"] = list(data["goals"] or [])
        return cls(**data)


@dataclass(frozen=True)
class ConsentView:
    id: str
    basis: str
    purpose: str
    scope: list[str]
    granted_at: dt.datetime
    valid_until: dt.date | None
    withdrawn_at: dt.datetime | None
    client_id: str
    institution_id: str
    active: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ConsentView:
        data = {k: row[k] for k in cls.__dataclass_fields__}
        data["scope"] = list(data["scope"] or [])
        data["active"] = bool(data["active"])
        return cls(**data)


@dataclass(frozen=True)
class ParticipantView:
    plan_id: str
    institution_id: str
    role: str | None


# ------------------------------------------------------------------ inputs

_BAND = r"^\d{4}-\d{4}$"
_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RegisterClientInput(BaseModel):
    model_config = _STRICT

    birth_year_band: str | None = Field(default=None, pattern=_BAND)
    sex: Sex | None = None
    target_groups: list[str] = Field(default_factory=list, max_length=20)
    pesel: str | None = Field(default=None, max_length=11, repr=False)
    residence_gmina: str | None = Field(default=None, pattern=r"^\d{6}$")
    benefit_rights: list[str] = Field(default_factory=list, max_length=len(BENEFIT_RIGHTS))

    @field_validator("benefit_rights")
    @classmethod
    def _rights(cls, value: list[str]) -> list[str]:
        if any(r not in BENEFIT_RIGHTS for r in value):
            raise ValueError("prawo do świadczenia spoza listy art. 1 ust. 3 ustawy o zatrudnieniu socjalnym")
        return sorted(set(value))

    @field_validator("target_groups")
    @classmethod
    def _groups(cls, value: list[str]) -> list[str]:
        if any(not g or len(g) > 120 for g in value):
            raise ValueError("niepoprawny identyfikator grupy docelowej")
        return sorted(set(value))

    @field_validator("birth_year_band")
    @classmethod
    def _band(cls, value: str | None) -> str | None:
        if value is None:
            return None
        start, end = (int(x) for x in value.split("-"))
        if end < start or end - start > 19 or not 1900 <= start <= 2100:
            raise ValueError("przedział lat urodzenia: RRRR-RRRR, najwyżej 20 lat")
        return value


class ConsentInput(BaseModel):
    model_config = _STRICT

    client_id: str = Field(min_length=1, max_length=80)
    institution_id: str = Field(min_length=1, max_length=120)
    basis: LegalBasis
    purpose: str = Field(min_length=1, max_length=400)
    scope: list[str] = Field(default_factory=lambda: ["target_groups"], max_length=len(CONSENT_SCOPES))
    valid_until: dt.date | None = None

    @field_validator("scope")
    @classmethod
    def _scope(cls, value: list[str]) -> list[str]:
        bad = [s for s in value if s not in CONSENT_SCOPES]
        if bad:
            raise ValueError(f"zakres spoza listy: dozwolone {', '.join(CONSENT_SCOPES)}")
        return sorted(set(value))


class ReferralInput(BaseModel):
    model_config = _STRICT

    client_id: str = Field(min_length=1, max_length=80)
    to_institution_id: str = Field(min_length=1, max_length=120)
    service_id: str = Field(min_length=1, max_length=120)
    basis: LegalBasis
    step: ReferralStep | None = None
    #: CIS only: who applied – "OSOBA" (the person) or the applying institution's type (art. 12 ust. 1 uzs).
    applicant: str | None = Field(default=None, max_length=40)
    #: CIS, created at the opinion step or later: the OPS/CUS that opined (default: the caller).
    opinion_by: str | None = Field(default=None, max_length=120)

    @field_validator("applicant")
    @classmethod
    def _applicant(cls, value: str | None) -> str | None:
        if value is not None and value not in CIS_APPLICANTS:
            raise ValueError("wnioskodawca spoza art. 12 ust. 1 ustawy o zatrudnieniu socjalnym")
        return value


class ParticipantInput(BaseModel):
    model_config = _STRICT

    institution_id: str = Field(min_length=1, max_length=120)
    role: str = Field(min_length=1, max_length=200)
    basis: LegalBasis


class PlanInput(BaseModel):
    model_config = _STRICT

    client_id: str = Field(min_length=1, max_length=80)
    type: PlanType
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    goals: list[str] = Field(default_factory=list, max_length=30)
    participants: list[ParticipantInput] = Field(default_factory=list, max_length=20)
    #: IPZS only: the accepted referral into the CIS it implements.
    referral_id: str | None = Field(default=None, max_length=80)
    #: IPUS: date of the application and months of coordination needed; who approved it.
    applied_on: dt.date | None = None
    coordination_months: int | None = Field(default=None, ge=0, le=120)
    approved_by: str | None = Field(default=None, min_length=1, max_length=200)
    #: IPZS: months of extension (art. 13 uzs).
    extension_months: int | None = Field(default=None, ge=0, le=24)

    @field_validator("goals")
    @classmethod
    def _goals(cls, value: list[str]) -> list[str]:
        if any(not g.strip() or len(g) > 400 for g in value):
            raise ValueError("cel planu: 1–400 znaków")
        return [g.strip() for g in value]

    @model_validator(mode="after")
    def _period(self) -> PlanInput:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("data końca planu jest wcześniejsza niż data początku")
        if self.type is PlanType.IPZS and not self.referral_id:
            raise ValueError("IPZS wymaga skierowania do CIS (referral_id)")
        return self
