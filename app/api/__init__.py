"""The JSON API under /api/v1 (OpenAPI at /docs) and GET /health."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from app.api import apply, audit, auth, candidates, dashboard, health, interview, jobs, public, review
from app.api.body_limit import BodyLimit
from app.api.errors import install_error_handlers
from app.links import API_PREFIX


def build_api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for module in (auth, jobs, dashboard, candidates, review, audit, apply, public, interview):
        router.include_router(module.router)
    return router


def install_api(app: FastAPI) -> None:
    install_error_handlers(app, API_PREFIX)
    app.add_middleware(BodyLimit)
    app.include_router(build_api_router())
    app.include_router(health.router)
