"""HTTP guards: a cap on request bodies and the standard security headers.

:class:`BodySizeLimit` answers 413 before the application reads a body
larger than its cap – from ``Content-Length`` when sent, else by reading a
chunked body here up to the cap – so a large document cannot cost parsing time or memory
(issue 16).  :class:`SecurityHeaders` adds ``X-Content-Type-Options``,
``Referrer-Policy``, ``X-Frame-Options`` and ``Content-Security-Policy:
frame-ancestors 'none'`` to every response (keeping a page's own policy and
adding ``frame-ancestors`` to it), and ``Strict-Transport-Security`` when the
request came over TLS (``https`` – behind a proxy run uvicorn with
``--proxy-headers`` so the scheme is the client's).
"""

from __future__ import annotations

import json

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodySizeLimit", "SecurityHeaders", "GRAPHQL_MAX_BODY", "DEFAULT_MAX_BODY", "TOO_LARGE"]

#: A GraphQL request is a document of at most MAX_TOKENS tokens and its variables.
GRAPHQL_MAX_BODY = 64 * 1024
#: Any other request (forms, HSDS queries): generous, still bounded.
DEFAULT_MAX_BODY = 1024 * 1024
TOO_LARGE = "Treść żądania jest zbyt duża."


class BodySizeLimit:
    """ASGI middleware: 413 for bodies over the cap of their path (``limits``: longest prefix wins)."""

    def __init__(self, app: ASGIApp, limits: dict[str, int] | None = None, default: int = DEFAULT_MAX_BODY):
        self.app = app
        self.limits = sorted((limits or {}).items(), key=lambda item: -len(item[0]))
        self.default = default

    def _limit(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await _reject(send)
                    return
        if not any(name == b"content-length" for name, _ in scope.get("headers", [])):
            # chunked: read the body here (at most ``limit`` bytes) and replay it to the app
            chunks: list[bytes] = []
            size = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > limit:
                    await _reject(send)
                    return
                if not message.get("more_body", False):
                    break
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)


async def _reject(send: Send) -> None:
    body = json.dumps({"detail": TOO_LARGE}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware adding the standard security headers to every HTTP response."""

    HSTS = "max-age=31536000; includeSubDomains"

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                policy = headers.get("Content-Security-Policy")
                if policy is None:
                    headers["Content-Security-Policy"] = "frame-ancestors 'none'"
                elif "frame-ancestors" not in policy:
                    headers["Content-Security-Policy"] = policy.rstrip("; ") + "; frame-ancestors 'none'"
                if tls:
                    headers.setdefault("Strict-Transport-Security", self.HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)
