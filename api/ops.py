"""Operational endpoints: ``/health`` (process up) and ``/ready`` (store reachable)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from graph.errors import StoreError

__all__ = ["router"]

router = APIRouter(tags=["operacyjne"])


@router.get("/health", summary="Proces działa")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Baza danych jest osiągalna", responses={503: {"description": "baza niedostępna"}})
async def ready(store: StoreDep) -> JSONResponse:
    try:
        await run_in_threadpool(store.ping)
    except StoreError:
        return JSONResponse(status_code=503, content={"status": "niedostępna", "backend": store.backend})
    return JSONResponse(content={"status": "gotowa", "backend": store.backend})
