"""The operator at the command line, on the audit record (issue 16).

A CLI command that reads client data – a named query over clients,
referrals, plans or consents, a gap report built from client pathways, the
client statistics, an erasure, a data-subject export – writes an audit event
whose actor is the operating-system user (``os:<login>``, role
``operator``) *before* it reads.  When the audit log cannot be written, the
command refuses: no unrecorded path to client data.
"""

from __future__ import annotations

import getpass
import os
import re
from functools import lru_cache
from pathlib import Path

from api.audit.log import AuditEvent, AuditLog, Outcome
from api.auth.settings import state_dir

__all__ = ["operator_id", "reads_client_data", "record_cli_access", "CLIENT_LABELS", "OPERATOR_ROLE"]

OPERATOR_ROLE = "operator"
#: Node labels holding client data (graph.model: Client, Consent, Referral, Plan).
CLIENT_LABELS = ("Client", "Consent", "Referral", "Plan")
_CLIENT_PATTERN = re.compile(r":\s*(?:" + "|".join(CLIENT_LABELS) + r")\b")


def operator_id() -> str:
    """``os:<login>`` of the person at the terminal (the uid when there is no login name)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = f"uid{os.getuid()}"
    return f"os:{name}"


@lru_cache(maxsize=256)
def reads_client_data(name: str) -> bool:
    """Whether the named query touches a client-data label in any backend's text."""
    from graph.catalog import catalog

    entry = catalog().entry(name)
    return any(_CLIENT_PATTERN.search(text) for text in entry.texts.values())


def record_cli_access(action: str, purpose: str, folder: Path | None = None, *, outcome: str = Outcome.ALLOWED) -> None:
    """Append the operator's access to the audit log of the state directory (raises when it cannot)."""
    log = AuditLog((folder or state_dir()) / "audit.sqlite3")
    try:
        log.append(AuditEvent(action=action, outcome=outcome, actor=operator_id(), role=OPERATOR_ROLE, purpose=purpose))
    finally:
        log.close()
