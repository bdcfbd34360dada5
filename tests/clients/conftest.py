"""Fixtures of the clients tests (shared with tests/authz through tests/clients/fixtures.py)."""

from tests.clients.fixtures import app_client, audit, make_service, net, state_dir  # noqa: F401
