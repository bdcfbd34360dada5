"""The client visibility rule is written once (queries/clients_gen.py); the committed files match it."""

from __future__ import annotations

import pytest

from graph.enums import ReferralStatus
from queries import clients_gen


@pytest.mark.parametrize("name", clients_gen.SCOPED)
def test_committed_query_matches_the_template(name: str) -> None:
    text = (clients_gen.DIR / f"{name}.cypher").read_text(encoding="utf-8")
    assert clients_gen.render(text) == text, f"{name}: run python -m queries.clients_gen"
    assert "GENERATED:" in text.split("MATCH", 1)[0]


def test_every_query_with_the_rule_is_generated() -> None:
    carrying = sorted(p.stem for p in clients_gen.DIR.glob("*.cypher") if "kv:Consent)-[:CONSENT_FOR]" in p.read_text())
    assert carrying == sorted(clients_gen.SCOPED)


def test_status_list_derives_from_the_enum() -> None:
    hidden = {ReferralStatus.DRAFT, ReferralStatus.CANCELLED, ReferralStatus.REJECTED}
    expected = [s.value for s in ReferralStatus if s not in hidden]
    assert clients_gen.status_list() == "[" + ", ".join(f"'{s}'" for s in expected) + "]"


def test_a_hand_edit_is_detected() -> None:
    text = (clients_gen.DIR / "clients_by_ids.cypher").read_text(encoding="utf-8")
    tampered = text.replace("'on-hold', ", "", 1)
    assert tampered != text and clients_gen.render(tampered) == text
    with pytest.raises(ValueError, match="exactly one"):
        clients_gen.render(
            text.replace("kv.withdrawn_at IS NULL", "true", 1).replace("OR (EXISTS { MATCH (c)<-[:CONSENT_OF]", "", 1)
        )
