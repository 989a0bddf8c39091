"""GET /metrics: Prometheus exposition, behind the METRICS_TOKEN bearer token (off while it is empty)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from app.api.deps import PUBLIC
from app.api.openapi import ErrorOut
from app.config import get_settings

router = APIRouter(tags=['health'], dependencies=PUBLIC)


@router.get('/metrics', response_class=Response, responses={
    200: {'content': {'text/plain': {}}, 'description': 'Prometheus text format'},
    401: {'model': ErrorOut, 'description': 'Missing or wrong METRICS_TOKEN'},
    404: {'model': ErrorOut, 'description': 'Metrics are off (METRICS_TOKEN is not set)'}})
def metrics(request: Request) -> Response:
    """Send `Authorization: Bearer <METRICS_TOKEN>`. 404 while METRICS_TOKEN is not set."""
    token = get_settings().metrics_token
    if not token:
        return JSONResponse({'detail': 'Metrics are off: set METRICS_TOKEN to enable /metrics.'}, status_code=404)
    scheme, _, given = request.headers.get('authorization', '').partition(' ')
    if scheme.lower() != 'bearer' or not secrets.compare_digest(given.strip().encode(), token.encode()):
        return JSONResponse({'detail': 'Send Authorization: Bearer <METRICS_TOKEN>.'}, status_code=401,
                            headers={'WWW-Authenticate': 'Bearer'})
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
