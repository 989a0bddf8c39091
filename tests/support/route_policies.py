"""What the role × route tests share: the policy a route declared, and the ids to put in its path."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute, Mount

from app.api import deps
from app.permissions import Permission

UNUSED_ID = 999_999  # any id the seed did not make: a missing row (404), never another tenant's


@dataclass(frozen=True)
class Policy:
    permission: Permission
    teammate_only: bool


def declared_policy(dependant: Dependant) -> Policy | None:
    """The Permission a route's dependency tree carries (app.api.deps.policy or public_route)."""
    found = deps.declared_policy(dependant)
    return Policy(*found) if found is not None else None


@dataclass(frozen=True)
class AppRoute:
    method: str
    path: str  # the full path, prefixes included
    route: BaseRoute  # the effective route (an APIRoute's dependant includes its routers' dependencies)


def all_routes(routes: Sequence[BaseRoute]) -> list[AppRoute]:
    """Every (method, path) of an app, its included routers flattened (FastAPI includes them lazily)."""
    found = []
    for context in iter_route_contexts(routes):
        methods = sorted(context.methods or {'*'})
        found += [AppRoute(method, context.path, context.route) for method in methods if method != 'HEAD']
    return found


def api_routes(routes: Sequence[BaseRoute]) -> list[AppRoute]:
    return [r for r in all_routes(routes) if isinstance(r.route, APIRoute) and r.path.startswith('/api/')]


def policy_of(route: AppRoute) -> Policy | None:
    return declared_policy(route.route.dependant) if isinstance(route.route, APIRoute) else None


def is_framework_route(route: AppRoute) -> bool:
    """NiceGUI's own endpoints, static files and the API docs: not the app's routes."""
    return isinstance(route.route, Mount) or route.path.startswith('/_nicegui') or route.path in {
        '/docs', '/docs/oauth2-redirect', '/redoc', '/openapi.json', '/favicon.ico'}


def fill(path: str, ids: dict[str, int | str]) -> str:
    """The path with each {param} replaced: the seeded id where the test has one, else UNUSED_ID."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(':')[0]
        if name in ('token', 'job_code'):
            return str(ids.get(name, 'no-such-token'))
        if name in ('index', 'segment'):
            return '0'
        return str(ids.get(name, UNUSED_ID))
    return re.sub(r'\{([^}]+)\}', value, path)


def names_a_job(path: str) -> bool:
    """Does the path carry an id app.permissions uses to find the job (so assignment matters)?"""
    return any(f'{{{name}}}' in path for name in ('job_id', 'candidate_id', 'answer_id'))
