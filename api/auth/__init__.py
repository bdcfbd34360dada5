"""Accounts and authentication: users apart from the graph, argon2 passwords, short-lived JWTs.

:func:`install` wires it into an app: it reads :class:`~api.auth.settings.AuthSettings`
(refusing a weak JWT secret outside development/test), opens the user store and
the clients runtime (audit log, PESEL key) in the state directory, and closes
them on shutdown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["install"]


def install(app: Any, settings: Any = None) -> None:
    """Attach the authenticator and the clients runtime to ``app.state`` (called by ``create_app``)."""
    from api.auth.passwords import warm_up
    from api.auth.settings import RELAXED_ENVS, AuthSettings, InsecureConfiguration
    from api.auth.throttle import LoginGuard
    from api.auth.tokens import Authenticator
    from api.auth.users import UserStore
    from api.clients.runtime import install as install_clients

    mode = getattr(getattr(app.state, "settings", None), "env", None)
    cfg = settings if isinstance(settings, AuthSettings) else AuthSettings.from_env(mode=mode)
    security = getattr(app.state, "security", None)
    if getattr(security, "admin_token", None) and cfg.env not in RELAXED_ENVS:
        raise InsecureConfiguration(
            "KOOPERACJA_ADMIN_TOKEN działa tylko w środowisku development/test; "
            "administratora utwórz poleceniem `kooperacja users add --role admin`"
        )
    app.state.auth = Authenticator(cfg, UserStore(cfg.users_db))
    app.state.login_guard = LoginGuard(app.state.auth)  # throttles and a bounded hashing pool (issue 16)
    install_clients(app, cfg.state_dir)
    warm_up()
