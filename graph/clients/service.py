"""The cross-institution client workflow, for one caller (see :mod:`graph.clients.base`)."""

from __future__ import annotations

from graph.clients.base import MAX_PAGE, plausible_id
from graph.clients.plans import Plans
from graph.clients.referrals import Referrals
from graph.clients.registration import Registration

__all__ = ["ClientsService", "MAX_PAGE", "plausible_id"]


class ClientsService(Registration, Referrals, Plans):
    """Client, referral and plan operations on behalf of one caller."""
