"""Fixtures of the authorization tests (from tests/clients/fixtures.py)."""

from tests.clients.fixtures import app_client, audit, make_service, net, state_dir  # noqa: F401
