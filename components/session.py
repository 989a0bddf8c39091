"""The signed-in HR user of a browser session, and the `hr_page` decorator that requires one.

The session keeps only the user id and token version in `app.storage.user`; every page load checks
them against the database, so logout elsewhere, a password change or a disabled account ends the
session at once.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from app.db import run_read
from app.models import User
from app.services import accounts
from components.frame import hr_frame
from components.theme import apply_theme

_KEY = 'auth'

PageBuilder = Callable[..., Awaitable[None] | None]


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


def hr_page(path: str, title: str) -> Callable[[PageBuilder], Any]:
    """Register an HR page: signed-in users only, wrapped in the shared frame.

    The builder receives the User as its first argument; its other parameters (path parameters,
    `request`) are passed through to NiceGUI unchanged.
    """
    def decorator(builder: PageBuilder) -> Any:
        signature = inspect.signature(builder)
        params = [p for name, p in signature.parameters.items() if name != 'user']
        wants_request = 'request' in signature.parameters
        if not wants_request:
            params.append(inspect.Parameter('request', inspect.Parameter.KEYWORD_ONLY, annotation=Request))

        async def page(**kwargs: Any) -> RedirectResponse | None:
            request: Request = kwargs['request'] if wants_request else kwargs.pop('request')
            user = await session_user()
            if user is None:
                return RedirectResponse(f'/login?next={quote(request.url.path)}', status_code=303)
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
