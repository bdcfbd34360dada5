"""Writes the client visibility rule into the ``clients_*`` named queries from one template.

The scoped queries filter a client ``c`` by the same rule (registered at the
caller's institution, or an active basis for it plus a link to it).  The rule –
its comment, its predicate and the list of referral statuses in which a
receiver sees a referral – is written here once; the list comes from
:data:`graph.clients.rules.RECEIVER_VISIBLE` (derived from the enum).  The rest
of each file is hand-written.  ``tests/clients/test_clients_gen.py`` fails
when a committed file differs from :func:`render` of it.  Regenerate with
``python -m queries.clients_gen``.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.clients.rules import RECEIVER_VISIBLE

__all__ = ["SCOPED", "DIR", "render", "write", "visibility", "status_list"]

DIR = Path(__file__).with_name("cypher")

#: The queries carrying the rule (every other ``clients_*`` query is home-only, statistics or directory data).
SCOPED = (
    "clients_active_contracts",
    "clients_by_ids",
    "clients_by_pesel_hash",
    "clients_consents_of_clients",
    "clients_inbox_incoming",
    "clients_inbox_outgoing",
    "clients_list",
    "clients_plan_participants",
    "clients_plan_set_status",
    "clients_plans_by_ids",
    "clients_plans_of_clients",
    "clients_referral_mark_ipzs",
    "clients_referral_set_step",
    "clients_referral_transition",
    "clients_referrals_by_ids",
    "clients_referrals_of_clients",
    "clients_rule_facts",
)

_DOC = """// SCOPE: $institution_id, $today. The client is visible only when registered at the institution, or
// when an active basis (a Consent CONSENT_FOR the institution, not withdrawn, not expired on $today)
// covers it AND the institution has a link to it: a referral it sent, a referral it received (not
// draft/cancelled/rejected), a CIS referral by a PUP it was notified of (art. 12 ust. 1 uzs), a plan
// it is responsible for or takes part in.
// GENERATED: this comment, the visibility predicate on c and every receiver status list come from
// queries/clients_gen.py (python -m queries.clients_gen); edit the template there, not here.
"""

_PREDICATE = """(EXISTS {{ MATCH (c)-[:REGISTERED_AT]->(:Institution {{id: $institution_id}}) }}
       OR (EXISTS {{ MATCH (c)<-[:CONSENT_OF]-(kv:Consent)-[:CONSENT_FOR]->(:Institution {{id: $institution_id}})
                    WHERE kv.withdrawn_at IS NULL AND (kv.valid_until IS NULL OR kv.valid_until >= $today) }}
           AND (EXISTS {{ MATCH (c)<-[:FOR_CLIENT]-(:Referral)-[:SENT_BY]->(:Institution {{id: $institution_id}}) }}
                OR EXISTS {{ MATCH (c)<-[:FOR_CLIENT]-(rv:Referral)-[:SENT_TO]->(:Institution {{id: $institution_id}})
                            WHERE rv.status IN {statuses} }}
                OR EXISTS {{ MATCH (c)<-[:FOR_CLIENT]-(rn:Referral) WHERE rn.notified_id = $institution_id }}
                OR EXISTS {{ MATCH (c)<-[:PLAN_FOR]-(:Plan)-[:RESPONSIBLE]->(:Institution {{id: $institution_id}}) }}
                OR EXISTS {{ MATCH (c)<-[:PLAN_FOR]-(:Plan)<-[:PARTICIPATES_IN]-(:Institution {{id: $institution_id}}) }})))"""

_DOC_RE = re.compile(r"// SCOPE: \$institution_id.*?takes part in\.\n(?:// GENERATED:.*?\n// .*?\n)?", re.DOTALL)
_PREDICATE_RE = re.compile(
    r"\(EXISTS \{ MATCH \(c\)-\[:REGISTERED_AT\]->\(:Institution \{id: \$institution_id\}\) \}\n"
    r"       OR \(EXISTS \{ MATCH \(c\)<-\[:CONSENT_OF\].*?PARTICIPATES_IN\]-\(:Institution \{id: \$institution_id\}\) \}\)\)\)",
    re.DOTALL,
)
# a receiver status list literal: it starts with the first visible status
_STATUS_RE = re.compile(r"\['requested'(?:, '[a-z-]+')*\]")


def status_list() -> str:
    return "[" + ", ".join(f"'{s.value}'" for s in RECEIVER_VISIBLE) + "]"


def visibility() -> str:
    return _PREDICATE.format(statuses=status_list())


def render(text: str) -> str:
    """``text`` with its visibility comment, predicate and status lists rewritten from the template."""
    if len(_DOC_RE.findall(text)) != 1 or len(_PREDICATE_RE.findall(text)) != 1:
        raise ValueError("expected exactly one visibility comment and one predicate")
    text = _DOC_RE.sub(lambda _m: _DOC, text)
    text = _PREDICATE_RE.sub(lambda _m: visibility(), text)
    return _STATUS_RE.sub(lambda _m: status_list(), text)


def write(directory: Path = DIR) -> list[Path]:
    changed = []
    for name in SCOPED:
        path = directory / f"{name}.cypher"
        old = path.read_text(encoding="utf-8")
        new = render(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for p in write():
        print(p)
