"""``/static/...``: the portal's own CSS/JS and the pinned vendor libraries, from the package.

Served by a plain route (not a mount) so the portal stays one ``APIRouter``.
Files are addressed with a content hash (``static_url``), so they may be cached
for a long time.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from api.portal.framework.errors import PortalError
from api.portal.framework.render import STATIC_DIR
from api.portal.framework.routing import portal_router

__all__ = ["router"]

router = portal_router()

_TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".svg": "image/svg+xml"}
_ROOT = STATIC_DIR.resolve()


@router.get("/static/{path:path}")
async def static(request: Request, path: str) -> Response:
    target = (_ROOT / path).resolve()
    if not target.is_relative_to(_ROOT) or not target.is_file() or target.name == "manifest.json":
        raise PortalError(404)
    media = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    cache = "public, max-age=31536000, immutable" if request.query_params.get("v") else "public, max-age=3600"
    return FileResponse(
        Path(target), media_type=media, headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    )
