"""Issue 16, item 3: every CLI path to client data is on the audit record with the OS user – or refused."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.audit.log import AuditLog
from api.cli import app
from api.commands.operator import reads_client_data


def test_client_queries_are_recognised_by_their_labels() -> None:
    assert reads_client_data("clients_list") and reads_client_data("clients_by_pesel_hash")
    assert reads_client_data("gaps_referrals")  # pathways are client data too
    assert not reads_client_data("directory_institutions_by_id")


def test_query_over_clients_is_audited_with_the_os_user(
    graph_args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(state))
    runner = CliRunner()
    assert runner.invoke(app, [*graph_args, "init"]).exit_code == 0
    result = runner.invoke(
        app,
        [
            *graph_args,
            "query",
            "clients_list",
            "-p",
            "institution_id=ops-x",
            "-p",
            "today=2025-01-01",
            "-p",
            "skip=0",
            "-p",
            "limit=10",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    events = AuditLog(state / "audit.sqlite3").events()
    assert [(e.action, e.actor, e.role, e.purpose) for e in events] == [
        ("cli.query", f"os:{getpass.getuser()}", "operator", "query clients_list")
    ]
    directory = runner.invoke(app, [*graph_args, "query", "directory_institutions_by_id", "-p", "ids=[]", "--json"])
    assert directory.exit_code == 0 and len(AuditLog(state / "audit.sqlite3").events()) == 1


def test_unwritable_audit_log_refuses_the_query(
    graph_args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")  # the state directory path is a file: the audit log cannot be opened, even as root
    monkeypatch.setenv("KOOPERACJA_STATE_DIR", str(blocker))
    # every parameter given: the query could run, only the audit log stops it
    params = ["-p", "institution_id=ops-x", "-p", "limit=10", "-p", "skip=0", "-p", "today=2026-01-01"]
    result = CliRunner().invoke(app, [*graph_args, "query", "clients_list", *params])
    assert result.exit_code != 0 and "dzienniku audytu" in result.output and "odmowa" in result.output
