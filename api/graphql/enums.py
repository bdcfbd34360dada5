"""GraphQL enums shared by every domain, made from the closed vocabularies of :mod:`graph.enums`.

Register each vocabulary here once and import it from here: strawberry must see
one definition per enum name.  GraphQL values are the member names (``OPS``,
``TEMPORARILY_CLOSED``); the Polish display name is available as ``…Label``
fields on the types that use them.
"""

from __future__ import annotations

import strawberry

from graph.enums import (
    CooperationKind,
    InstitutionType,
    MembershipStatus,
    PartnershipType,
    ServiceStatus,
    TaskStatus,
    TerritoryLevel,
)

__all__ = [
    "InstitutionType",
    "ServiceStatus",
    "TerritoryLevel",
    "CooperationKind",
    "PartnershipType",
    "MembershipStatus",
    "TaskStatus",
]

strawberry.enum(InstitutionType, name="InstitutionType", description="Rodzaj instytucji.")
strawberry.enum(ServiceStatus, name="ServiceStatus", description="Status usługi (HSDS 3.0).")
strawberry.enum(TerritoryLevel, name="TerritoryLevel", description="Poziom jednostki TERYT.")
strawberry.enum(CooperationKind, name="CooperationKind", description="Rodzaj zadeklarowanej współpracy.")
strawberry.enum(PartnershipType, name="PartnershipType", description="Rodzaj partnerstwa.")
strawberry.enum(MembershipStatus, name="MembershipStatus", description="Stan członkostwa w partnerstwie.")
strawberry.enum(TaskStatus, name="TaskStatus", description="Stan zadania planu działania.")
