"""The JSON API under /api/v1 (OpenAPI at /docs), GET /health and GET /metrics."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from app.api import (
    api_keys,
    apply,
    audit,
    auth,
    candidates,
    coding,
    dashboard,
    health,
    insights,
    interview,
    invitations,
    job_reviewers,
    jobs,
    live,
    metrics,
    public,
    review,
    scoring,
    self_identification,
    webhooks,
)
from app.api.body_limit import BodyLimit
from app.api.errors import install_error_handlers
from app.api.openapi import install_openapi
from app.api.security_headers import SecurityHeaders
from app.client_address import ClientAddress
from app.links import API_PREFIX
from app.monitoring.db_collector import register_database_collector
from app.monitoring.http_middleware import ObserveRequests


def build_api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for module in (auth, jobs, dashboard, candidates, review, audit, apply, public, interview, coding,
                   self_identification, insights, scoring, live, invitations, webhooks, api_keys, job_reviewers):
        router.include_router(module.router)
    return router


def install_api(app: FastAPI) -> None:
    install_error_handlers(app, API_PREFIX)
    install_openapi(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(ClientAddress)  # the address audit rows of this request record
    app.add_middleware(SecurityHeaders)  # on every response: pages, API, a 413 from BodyLimit too
    app.add_middleware(ObserveRequests)  # outermost: sees every response, a 413 from BodyLimit too
    # include_router wraps the app's lifespan in the router's (ours have none) on every call; NiceGUI's test
    # reset removes the routes but keeps the lifespan, so a suite that installs the API once per page test
    # nested it past Python's recursion limit. Keep the app's own lifespan as it was.
    lifespan = app.router.lifespan_context
    app.include_router(build_api_router())
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.router.lifespan_context = lifespan
    register_database_collector()
