"""The OpenAPI schema says what the API really answers (issue 11): the project's error shape for
every 4xx, and the 401/403/404/409/413/429 responses where they occur.

Added to FastAPI's generated schema in one place, so routes stay thin: rules that follow from a
route's shape (signed in → 401, a path parameter or a job_id filter → 404, a body → 413) and from its
declared policy (403 when some role, a read-only API key or an unassigned reviewer is refused) apply
to all of them; the status codes that follow from what a service does (409, 429, a few 403s) are
listed per operation below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field
from starlette.routing import BaseRoute

from app.api.deps import declared_policy
from app.links import API_PREFIX
from app.permissions import JOB_PARAMS, ROLE_PERMISSIONS, Permission


class ErrorOut(BaseModel):
    """Every error of the API: a sentence for people, and per-field messages for a form."""

    detail: str = Field(description='What went wrong, in a sentence a user can act on')
    fields: dict[str, str] | None = Field(None, description='Invalid input: a message per field')
    errors: list[dict[str, Any]] | None = Field(None, description="Invalid input: the validator's details")
    expected_seq: int | None = Field(None, description='Video chunk out of order: the chunk expected next')


_DESCRIPTIONS = {
    '401': 'Not signed in, or the token expired or was revoked',
    '403': 'Signed in, but not allowed to do this',
    '404': 'No such resource in your organization',
    '409': 'The resource is not in a state that allows this',
    '413': 'The request body is too large (refused before it is read)',
    '422': 'Invalid input',
    '429': "Too many requests; retry after the Retry-After header's seconds",
}

# Status codes that depend on what the service does, by (method, path below /api/v1).
_EXTRA: dict[tuple[str, str], tuple[str, ...]] = {
    ('post', '/auth/signup'): ('403', '409', '429'),
    ('post', '/auth/token'): ('401', '429'),
    ('post', '/auth/team'): ('403', '409'),
    ('post', '/apply/{job_code}'): ('409', '429'),
    ('post', '/interview/{token}/start'): ('409',),
    ('post', '/interview/{token}/answers/{index}'): ('409',),
    ('post', '/interview/{token}/video'): ('409',),
    ('post', '/interview/{token}/video/{segment}'): ('409',),
    ('post', '/interview/{token}/events'): ('429',),
    ('get', '/interview/{token}/code/{index}'): ('409',),  # the question is not a coding exercise
    ('post', '/interview/{token}/code/{index}/run'): ('409',),
    ('post', '/interview/{token}/code/{index}/submit'): ('409',),
    ('post', '/interview/{token}/code/{index}/answer'): ('409',),
    ('put', '/interview/{token}/self-identification'): ('409',),
    ('post', '/candidates/{candidate_id}/overrides'): ('409',),
    ('put', '/answers/{answer_id}/transcript'): ('409',),
    ('post', '/answers/{answer_id}/rescore'): ('409',),
    ('post', '/answers/{answer_id}/retry'): ('409',),
    ('get', '/fairness/bias-report'): ('403',),
    ('get', '/fairness/bias-report.csv'): ('403',),
    ('get', '/fairness/bias-report.html'): ('403',),
}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            document_errors(schema, declared_policies(app.routes))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def declared_policies(routes: Sequence[BaseRoute]) -> dict[tuple[str, str], tuple[Permission, bool]]:
    """(method, full path) → the (permission, teammate_only) its route declares."""
    found: dict[tuple[str, str], tuple[Permission, bool]] = {}
    for context in iter_route_contexts(routes):
        policy = declared_policy(context.route.dependant) if isinstance(context.route, APIRoute) else None
        if policy is not None and context.path is not None:
            found.update({(method.lower(), context.path): policy for method in context.methods or ()})
    return found


def can_forbid(permission: Permission, teammate_only: bool, method: str, params: set[str]) -> bool:
    """Mirrors app.api.deps' checks: a role without the permission, a read-only API key on a write (API keys
    never reach teammate-only routes: 401), a reviewer naming a job not assigned to them."""
    if permission == Permission.public:
        return False
    if any(permission not in granted for granted in ROLE_PERMISSIONS.values()):
        return True
    if not teammate_only and method.upper() not in ('GET', 'HEAD', 'OPTIONS'):
        return True
    return bool(params & set(JOB_PARAMS))


def document_errors(schema: dict[str, Any], policies: dict[tuple[str, str], tuple[Permission, bool]]) -> None:
    components = schema.setdefault('components', {}).setdefault('schemas', {})
    components['ErrorOut'] = ErrorOut.model_json_schema(ref_template='#/components/schemas/{model}')
    components.pop('HTTPValidationError', None)
    components.pop('ValidationError', None)
    error = {'application/json': {'schema': {'$ref': '#/components/schemas/ErrorOut'}}}
    for path, operations in schema.get('paths', {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in operations.items():
            codes = set(_EXTRA.get((method, path[len(API_PREFIX):]), ()))
            if operation.get('security'):
                codes.add('401')
            names = {p['name']: p['in'] for p in operation.get('parameters', [])}
            policy = policies.get((method, path))
            if policy is not None and can_forbid(*policy, method, set(names)):
                codes.add('403')
            if '{' in path or names.get('job_id') == 'query':
                codes.add('404')  # a missing row, or another organization's: a job_id filter names one too
            if 'requestBody' in operation or method in ('post', 'put', 'patch'):
                codes.add('413')
            if operation.get('parameters') or 'requestBody' in operation:
                codes.add('422')
            responses = operation.setdefault('responses', {})
            for code in sorted(codes | {c for c in responses if c.startswith('4')}):
                described = responses.get(code, {})
                responses[code] = {'description': described.get('description') or _DESCRIPTIONS.get(code, 'Error'),
                                   'content': error}
