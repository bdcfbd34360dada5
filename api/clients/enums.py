"""GraphQL enums of the clients workflow, made from :mod:`graph.enums` (registered once, here).

GraphQL values are the member names (``IN_PROGRESS``); the Polish display
name is exposed as ``…Label`` fields on the types that use them.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.clients.rules import Capacity
from graph.enums import (
    LegalBasis,
    PlanStatus,
    PlanType,
    ReferralOutcome,
    ReferralStatus,
    ReferralStep,
    Sex,
)

__all__ = [
    "ReferralStatus",
    "ReferralStep",
    "ReferralOutcome",
    "PlanType",
    "PlanStatus",
    "LegalBasis",
    "Sex",
    "Capacity",
    "InboxDirection",
]

strawberry.enum(ReferralStatus, name="ReferralStatus", description="Status skierowania (HL7 FHIR Task).")
strawberry.enum(ReferralStep, name="ReferralStep", description="Etap procedury skierowania (np. do CIS).")
strawberry.enum(ReferralOutcome, name="ReferralOutcome", description="Rezultat skierowania.")
strawberry.enum(PlanType, name="PlanType", description="Rodzaj planu: kontrakt socjalny, IPZS, IPUS.")
strawberry.enum(PlanStatus, name="PlanStatus", description="Status planu.")
strawberry.enum(LegalBasis, name="LegalBasis", description="Podstawa udostępnienia danych klienta.")
strawberry.enum(Sex, name="Sex", description="Płeć.")
strawberry.enum(Capacity, name="Capacity", description="Czy usługa ma wolne miejsca: tak / nie / lista oczekujących.")


@strawberry.enum(description="Skrzynka skierowań: przychodzące albo wychodzące.")
class InboxDirection(Enum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
