"""The signed-in HR user of a browser session, and the `hr_page` decorator that requires one.

The session keeps only the user id and token version in `app.storage.user`; every page load checks
them against the database, so logout elsewhere, a password change or a disabled account ends the
session at once.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from nicegui import app, ui

from app.db import run_read
from app.errors import Forbidden
from app.models import User
from app.permissions import Permission, authorize, needs_job_check, require
from app.services import accounts
from components.frame import hr_frame
from components.theme import apply_theme

_KEY = 'auth'

PageBuilder = Callable[..., Awaitable[None] | None]

# Every page's declared policy, by path (the route-policy test checks that no page is missing).
PAGE_POLICIES: dict[str, Permission] = {}


def sign_in(user: User) -> None:
    app.storage.user[_KEY] = {'user_id': user.id, 'version': user.token_version}


def sign_out_locally() -> None:
    app.storage.user.pop(_KEY, None)


async def session_user() -> User | None:
    data = app.storage.user.get(_KEY)
    if not isinstance(data, dict):
        return None
    try:
        user_id, version = int(data['user_id']), int(data['version'])
    except (KeyError, TypeError, ValueError):
        return None
    user = await run_read(accounts.session_user, user_id, version)
    if user is None:
        sign_out_locally()
    return user


def request_base_url() -> str | None:
    """The address this page was requested on (links in emails use PUBLIC_URL first)."""
    request = ui.context.client.request
    return str(request.base_url) if request is not None else None


def client_ip() -> str | None:
    request = ui.context.client.request
    return request.client.host if request is not None and request.client else None


def public_page(path: str) -> Callable[[Callable[..., Any]], Any]:
    """Register a page anyone may open (sign-in, apply, the candidate's room): declared, not forgotten."""
    PAGE_POLICIES[path] = Permission.public
    return ui.page(path)


async def check_access(user: User, permission: Permission, request: Request) -> None:
    """app.permissions.authorize for a UI request: the role, then (reviewers only) the assignment of the job
    the request's ids name — read in the pool, never on the event loop. Raises Forbidden."""
    params = {**request.query_params, **request.path_params}
    require(user, permission)
    if needs_job_check(user, params):
        await run_read(authorize, user, permission, params)


def forbidden_response(message: str) -> HTMLResponse:
    """What a page answers when the role may not open it: a 403 with the reason, never the content."""
    body = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed · Panelist</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="margin:0;background:#f8fafc;color:#1e293b;font-family:Roboto,system-ui,sans-serif">'
            '<main style="max-width:36rem;margin:5rem auto;padding:2rem;background:#fff;border-radius:8px;'
            'box-shadow:0 1px 3px rgba(0,0,0,.12)"><h1 style="font-size:1.5rem;margin:0 0 .75rem">Not allowed</h1>'
            f'<p style="color:#475569;line-height:1.5">{escape(message)}</p>'
            '<p><a href="/jobs" style="color:#4338ca">Back to jobs</a></p></main></body></html>')
    return HTMLResponse(body, status_code=403)


def hr_page(path: str, title: str, permission: Permission) -> Callable[[PageBuilder], Any]:
    """Register an HR page: signed-in users whose role has `permission` (and, for reviewers, who are
    assigned to the job the path names — app.permissions.authorize), wrapped in the shared frame.

    The builder receives the User as its first argument; its other parameters (path parameters,
    `request`) are passed through to NiceGUI unchanged.
    """
    PAGE_POLICIES[path] = permission

    def decorator(builder: PageBuilder) -> Any:
        signature = inspect.signature(builder)
        params = [p for name, p in signature.parameters.items() if name != 'user']
        wants_request = 'request' in signature.parameters
        if not wants_request:
            params.append(inspect.Parameter('request', inspect.Parameter.KEYWORD_ONLY, annotation=Request))

        async def page(**kwargs: Any) -> RedirectResponse | HTMLResponse | None:
            request: Request = kwargs['request'] if wants_request else kwargs.pop('request')
            user = await session_user()
            if user is None:
                return RedirectResponse(f'/login?next={quote(request.url.path)}', status_code=303)
            try:
                await check_access(user, permission, request)
            except Forbidden as exc:
                return forbidden_response(exc.message)
            apply_theme()
            ui.page_title(f'{title} · Panelist')
            with hr_frame(user, request.url.path):
                result = builder(user, **kwargs)
                if inspect.isawaitable(result):
                    await result
            return None

        page.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        page.__name__ = builder.__name__
        page.__qualname__ = builder.__qualname__
        page.__module__ = builder.__module__
        page.__doc__ = builder.__doc__
        return ui.page(path)(page)
    return decorator
